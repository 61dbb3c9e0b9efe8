"""Continuity: handovers, participants without a specialist, who waits for a new one."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import Handover, Participant, Programme, Specialist, ValidationError
from ipsrules.outcomes import (
    Responsibility,
    board_report,
    capacity,
    continuity,
    responsibilities,
    status_counts,
)
from outcome_programmes import days, outcome_programmes

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
Q3 = (date(2025, 7, 1), date(2025, 9, 30))


def staffed() -> Programme:
    """
    Three specialists: A leaves on 30 June 2025, B starts on 1 February, C is part time.

    P1: A, handed to B on 1 March.  P2: A, who leaves; no new one.  P3: B before B starts.
    P4: C, released to nobody for February, back to C.  P5: C, released, then B nine days
    later.  P6: nobody until C on 20 January.
    """
    return Programme(
        id="staffed",
        name="Staffed",
        specialists=[
            Specialist("A", left_on=date(2025, 6, 30)),
            Specialist("B", started_on=date(2025, 2, 1)),
            Specialist("C", fte=0.5),
        ],
        participants=[
            Participant("P1", date(2025, 1, 1), specialist_id="A"),
            Participant("P2", date(2025, 1, 1), specialist_id="A"),
            Participant("P3", date(2025, 1, 15), specialist_id="B"),
            Participant("P4", date(2025, 1, 1), specialist_id="C"),
            Participant("P5", date(2025, 1, 1), specialist_id="C"),
            Participant("P6", date(2025, 1, 1)),
        ],
        handovers=[
            Handover("P1", date(2025, 3, 1), "B"),
            Handover("P4", date(2025, 2, 1), None),
            Handover("P4", date(2025, 3, 1), "C"),
            Handover("P5", date(2025, 2, 1), None),
            Handover("P5", date(2025, 2, 10), "B"),
            Handover("P6", date(2025, 1, 20), "C"),
        ],
    )


class TestTheFirstQuarter:
    def test_handovers_count_changes_of_named_specialist(self) -> None:
        """P1 A to B and P5 C to B (by way of nobody); P4 back to C and P6's first are not."""
        kept = continuity(staffed(), *Q1)
        assert dict(zip(kept.handovers.evidence, kept.handovers.values, strict=True)) == {
            "P1": 1,
            "P2": 0,
            "P3": 0,
            "P4": 0,
            "P5": 1,
            "P6": 0,
        }
        assert kept.handed_over.evidence == ("P1", "P5")
        assert kept.handovers.mean == pytest.approx(2 / 6)

    def test_days_without_a_responsible_specialist(self) -> None:
        """P3 15-31 January (B not started): 17; P4 February: 28; P5 1-9 February; P6 19."""
        kept = continuity(staffed(), *Q1)
        without = kept.without_specialist
        assert dict(zip(without.evidence, without.values, strict=True)) == {
            "P3": 17,
            "P4": 28,
            "P5": 9,
            "P6": 19,
        }

    def test_everyone_has_a_specialist_at_the_end_of_march(self) -> None:
        """Caseloads on 31 March: A has P2; B has P1, P3 and P5; C has P4 and P6."""
        kept = continuity(staffed(), *Q1)
        assert kept.without_specialist_on_day.value == 0
        assert kept.waiting_for_specialist.count == 0
        assert kept.caseloads == (("A", 1), ("B", 3), ("C", 2))

    def test_before_b_starts_p3_is_without_but_not_waiting(self) -> None:
        """On 31 January P3 has never had a specialist: without one, not waiting for a new one."""
        kept = continuity(staffed(), date(2025, 1, 1), date(2025, 1, 31))
        assert kept.without_specialist_on_day.evidence == ("P3",)
        assert kept.waiting_for_specialist.evidence == ()
        assert kept.caseloads == (("A", 2), ("C", 3))


class TestWhenASpecialistLeaves:
    def test_the_participants_wait_for_a_new_one(self) -> None:
        """A's last day was 30 June: on 30 September P2 has waited 92 days."""
        kept = continuity(staffed(), *Q3)
        assert kept.without_specialist_on_day.evidence == ("P2",)
        assert kept.waiting_for_specialist.evidence == ("P2",)
        assert kept.waiting_for_specialist.values == (92,)
        assert kept.without_specialist.values == (92,)
        assert kept.caseloads == (("B", 3), ("C", 2))

    def test_the_day_after_the_last_day_is_the_first_day_waited(self) -> None:
        kept = continuity(staffed(), date(2025, 7, 1), date(2025, 7, 1))
        assert kept.waiting_for_specialist.values == (1,)
        on_last_day = continuity(staffed(), date(2025, 6, 30), date(2025, 6, 30))
        assert on_last_day.waiting_for_specialist.count == 0

    def test_a_handover_ends_the_wait(self) -> None:
        """P2 handed to C on 15 August: counted as a handover, no longer waiting."""
        programme = staffed()
        later = attrs.evolve(
            programme, handovers=(*programme.handovers, Handover("P2", date(2025, 8, 15), "C"))
        )
        kept = continuity(later, *Q3)
        assert kept.handed_over.evidence == ("P2",)
        assert kept.waiting_for_specialist.count == 0
        assert dict(
            zip(kept.without_specialist.evidence, kept.without_specialist.values, strict=False)
        ) == {"P2": 45}

    def test_capacity_counts_the_specialists_in_post(self) -> None:
        """A left, B started: two in post on 30 September, 1.5 FTE; before B started, 1.5 too."""
        programme = staffed()
        assert (capacity(programme, Q3[1]).specialists, capacity(programme, Q3[1]).fte) == (2, 1.5)
        assert capacity(programme, date(2025, 1, 31)).specialists == 2
        assert capacity(programme, Q1[1]).fte == 2.5

    def test_a_handover_on_the_day_of_enrolment_replaces_the_first_assignment(self) -> None:
        """A on paper, B from the first day: B holds the case, and no handover is counted."""
        programme = Programme(
            id="day-one",
            name="Day one",
            specialists=[Specialist("A"), Specialist("B")],
            participants=[Participant("P", date(2025, 1, 1), specialist_id="A")],
            handovers=[Handover("P", date(2025, 1, 1), "B")],
        )
        kept = continuity(programme, *Q1)
        assert kept.handovers.values == (0,)
        assert kept.caseloads == (("A", 0), ("B", 1))
        assert programme.responsible_specialist("P", date(2025, 1, 1)) == "B"

    def test_the_spans_of_responsibility(self) -> None:
        assert responsibilities(staffed(), staffed().participant("P2")) == (
            Responsibility("P2", "A", date(2025, 1, 1), date(2025, 6, 30)),
        )
        assert responsibilities(staffed(), staffed().participant("P4")) == (
            Responsibility("P4", "C", date(2025, 1, 1), date(2025, 1, 31)),
            Responsibility("P4", "C", date(2025, 3, 1), None),
        )


class TestInTheReports:
    def test_the_board_page_in_both_languages(self) -> None:
        report = board_report(staffed(), *Q3)
        text = report.to_markdown()
        assert "## Continuity from 1 July 2025 to 30 September 2025" in text
        assert "| Handovers to a new employment specialist | 0 | 0 of 6 participants" in text
        assert "| Waiting for a new specialist on 30 September 2025 | 1 | mean 92.0 days" in text
        swedish = report.to_markdown("sv")
        assert "## Kontinuitet från 1 juli 2025 till 30 september 2025" in swedish
        assert "| Väntar på en ny arbetsspecialist den 30 september 2025 | 1 |" in swedish
        assert "| Utan ansvarig arbetsspecialist den 30 september 2025 | 1 |" in swedish

    def test_json_csv_and_table_carry_the_codes_and_caseloads(self) -> None:
        report = board_report(staffed(), *Q3)
        data = report.to_dict()["continuity"]
        assert isinstance(data, dict)
        assert data["caseloads"] == {"B": 3, "C": 2}
        assert data["waiting_for_specialist"]["evidence"] == ["P2"]  # type: ignore[index]
        names = {(row["section"], row["name"]): row["value"] for row in report.to_records()}
        assert names["continuity", "waiting_for_specialist_days_longest"] == 92
        assert names["caseload", "B"] == 3
        assert "waiting_for_specialist: P2 (92 days)" in report.to_text()

    def test_the_quarterly_row(self) -> None:
        from ipsrules.outcomes import quarter_outcomes

        row = quarter_outcomes(staffed(), 2025, 1)
        assert (row.handovers, row.handed_over, row.without_specialist) == (2, 2, 4)
        third = quarter_outcomes(staffed(), 2025, 3)
        assert (third.without_specialist_at_end, third.waiting_for_specialist_at_end) == (1, 1)

    def test_a_period_that_ends_before_it_starts_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            continuity(staffed(), date(2025, 3, 1), date(2025, 2, 1))


# --- properties ----------------------------------------------------------------------


@given(outcome_programmes(), days())
def test_responsibility_agrees_with_the_model(programme: Programme, day: date) -> None:
    """The spans say what `Programme.responsible_specialist` says, on any day."""
    for participant in programme.participants:
        spans = responsibilities(programme, participant)
        here = [span.specialist_id for span in spans if span.days_in(day, day)]
        assert len(here) <= 1
        assert (here[0] if here else None) == programme.responsible_specialist(participant.id, day)


@given(outcome_programmes(), days(), st.integers(min_value=0, max_value=200))
def test_every_active_participant_is_in_one_caseload_or_without(
    programme: Programme, start: date, length: int
) -> None:
    """On the last day the caseloads and those without a specialist add up to the active."""
    end = start + timedelta(days=length)
    kept = continuity(programme, start, end)
    active = status_counts(programme, end).active
    assert sum(n for _, n in kept.caseloads) + kept.without_specialist_on_day.value == active
    assert set(kept.waiting_for_specialist.evidence) <= set(kept.without_specialist_on_day.evidence)
    assert all(days >= 1 for days in kept.waiting_for_specialist.values)
    assert sum(kept.handovers.values) >= kept.handed_over.value
    for participant_id, days_without in zip(
        kept.without_specialist.evidence, kept.without_specialist.values, strict=True
    ):
        assert 1 <= days_without <= length + 1
        assert participant_id in kept.handovers.evidence


@st.composite
def with_a_handover(draw: st.DrawFn) -> tuple[Programme, Programme, date, date]:
    """A programme, the same with one more handover, and a period."""
    programme = draw(outcome_programmes())
    start = draw(days())
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=300)))
    if not programme.participants:
        return programme, programme, start, end
    person = draw(st.sampled_from(programme.participants))
    last = person.discharged_on or person.enrolled_on + timedelta(days=600)
    taken = {h.on for h in programme.handovers_of(person.id)}
    free = [
        person.enrolled_on + timedelta(days=n)
        for n in range((last - person.enrolled_on).days + 1)
        if person.enrolled_on + timedelta(days=n) not in taken
    ]
    if not free:
        return programme, programme, start, end
    names = [None, *(s.id for s in programme.specialists)]
    handover = Handover(person.id, draw(st.sampled_from(free)), draw(st.sampled_from(names)))
    more = attrs.evolve(programme, handovers=(*programme.handovers, handover))
    return programme, more, start, end


@given(with_a_handover())
def test_a_handover_never_changes_the_programme_totals(
    case: tuple[Programme, Programme, date, date],
) -> None:
    """Status, outcomes, capacity and cost stay; only who is responsible may change."""
    before, after, start, end = case
    one = board_report(before, start, end, yearly_cost=1_000_000).to_dict()
    other = board_report(after, start, end, yearly_cost=1_000_000).to_dict()
    for section in ("status", "outcomes", "capacity", "cost"):
        assert one[section] == other[section]
    kept_before, kept_after = continuity(before, start, end), continuity(after, start, end)
    total = sum(n for _, n in kept_before.caseloads) + kept_before.without_specialist_on_day.value
    assert total == sum(n for _, n in kept_after.caseloads) + (
        kept_after.without_specialist_on_day.value
    )


def test_a_handover_moves_a_participant_between_caseloads() -> None:
    """P3 from B to C on 1 September: B has one fewer on 30 September, C one more."""
    programme = staffed()
    moved = attrs.evolve(
        programme, handovers=(*programme.handovers, Handover("P3", date(2025, 9, 1), "C"))
    )
    before, after = continuity(programme, *Q3), continuity(moved, *Q3)
    assert before.caseloads == (("B", 3), ("C", 2))
    assert after.caseloads == (("B", 2), ("C", 3))
    assert board_report(programme, *Q3).counts == board_report(moved, *Q3).counts
    assert board_report(programme, *Q3).capacity == board_report(moved, *Q3).capacity
