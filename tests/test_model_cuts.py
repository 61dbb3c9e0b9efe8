"""Cutting a programme by participant (`Programme.for_participants`), first time and later."""

from hypothesis import given
from hypothesis import strategies as st

from ipsrules import Programme, sample_programme, strategies


@given(programme=strategies.programmes(max_participants=6), data=st.data())
def test_cuts_keep_the_records_of_the_chosen_in_the_programmes_order(
    programme: Programme, data: st.DataObject
) -> None:
    """The index behind `for_participants` changes nothing: first cut or later, any choice."""
    ids = [p.id for p in programme.participants]
    for _ in range(3):
        chosen = data.draw(st.lists(st.sampled_from([*ids, "nobody"]), max_size=8))
        cut = programme.for_participants(chosen)
        for list_name in ("participants", "jobs", "contacts", "studies", "internships"):
            owner = "id" if list_name == "participants" else "participant_id"
            kept = tuple(r for r in getattr(programme, list_name) if getattr(r, owner) in chosen)
            assert getattr(cut, list_name) == kept, list_name
        assert cut.referrals == tuple(r for r in programme.referrals if r.participant_id in chosen)
        assert cut.specialists == programme.specialists
        assert (cut.id, cut.name, cut.timezone) == (
            programme.id,
            programme.name,
            programme.timezone,
        )


def test_a_cut_of_a_cut() -> None:
    """A cut is a programme of its own, with an index of its own."""
    sample = sample_programme()
    first, second = sample.participants[0].id, sample.participants[1].id
    pair = sample.for_participants([second, first])
    assert [p.id for p in pair.participants] == [first, second]
    assert pair.for_participants([second]) == sample.for_participants([second])
