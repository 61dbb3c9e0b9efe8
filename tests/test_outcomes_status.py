"""Status on a day: precedence, edge days, counts and the waiting list."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import Internship, Job, Programme, Study
from ipsrules.outcomes import (
    PRECEDENCE,
    ParticipantStatus,
    status_counts,
    status_on,
    waiting_list,
)
from outcome_programmes import days, outcome_programmes, small_programme

COMPETITIVE = ParticipantStatus.COMPETITIVE_JOB
OTHER_PAID = ParticipantStatus.OTHER_PAID_JOB
STUDYING = ParticipantStatus.STUDYING
INTERNSHIP = ParticipantStatus.INTERNSHIP
JOB_SEARCH = ParticipantStatus.JOB_SEARCH


def rank(status: ParticipantStatus) -> int:
    """0 for the highest status."""
    return PRECEDENCE.index(status)


class TestStatusOn:
    def test_precedence_is_the_documented_order(self) -> None:
        """Competitive job > other paid job > studies > internship > job search."""
        assert PRECEDENCE == (COMPETITIVE, OTHER_PAID, STUDYING, INTERNSHIP, JOB_SEARCH)

    def test_statuses_of_the_small_programme_mid_february(self) -> None:
        """A's job has ended, C works (other paid) and studies, D has left, E has not come."""
        assert dict(status_on(small_programme(), date(2025, 2, 15))) == {
            "A": JOB_SEARCH,
            "B": COMPETITIVE,
            "C": OTHER_PAID,
            "F": COMPETITIVE,
        }

    def test_statuses_of_the_small_programme_in_march(self) -> None:
        """C left on 28 February; E is in an internship."""
        assert dict(status_on(small_programme(), date(2025, 3, 10))) == {
            "A": JOB_SEARCH,
            "B": COMPETITIVE,
            "E": INTERNSHIP,
            "F": COMPETITIVE,
        }

    def test_a_job_is_held_on_its_last_day_and_not_after(self) -> None:
        """J1 ends on 15 January: A works that day and searches the next."""
        programme = small_programme()
        assert status_on(programme, date(2025, 1, 15))["A"] is COMPETITIVE
        assert status_on(programme, date(2025, 1, 16))["A"] is JOB_SEARCH

    def test_a_job_is_held_on_its_first_day_and_not_before(self) -> None:
        """J2 starts on 9 February."""
        programme = small_programme()
        assert status_on(programme, date(2025, 2, 8))["B"] is JOB_SEARCH
        assert status_on(programme, date(2025, 2, 9))["B"] is COMPETITIVE

    def test_a_job_whose_end_lies_ahead_is_held(self) -> None:
        """An end recorded in advance (a fixed-term job) does not stop it counting before then."""
        programme = small_programme()
        assert status_on(programme, date(2025, 3, 12))["B"] is COMPETITIVE  # J6 ends 20 March

    def test_participants_count_on_enrolment_and_discharge_days_only_between(self) -> None:
        """C is active on the day of discharge, not after; G from the day of enrolment."""
        programme = small_programme()
        assert status_on(programme, date(2025, 2, 28))["C"] is OTHER_PAID
        assert "C" not in status_on(programme, date(2025, 3, 1))
        assert "G" not in status_on(programme, date(2025, 3, 31))
        assert status_on(programme, date(2025, 4, 1))["G"] is JOB_SEARCH

    def test_a_job_after_discharge_gives_no_status(self) -> None:
        """D's job starts after D left: D is not counted at all."""
        assert "D" not in status_on(small_programme(), date(2025, 1, 5))

    def test_studies_rank_above_internships(self) -> None:
        """Someone who studies and does an internship the same day is studying."""
        programme = small_programme()
        programme = attrs.evolve(
            programme,
            studies=(*programme.studies, Study("S-E", "E", start=date(2025, 3, 1))),
        )
        assert status_on(programme, date(2025, 3, 10))["E"] is STUDYING


class TestStatusCounts:
    def test_counts_of_the_small_programme(self) -> None:
        """Every status is present, zeros included; the board categories add up."""
        counts = status_counts(small_programme(), date(2025, 2, 15))
        assert dict(counts.counts) == {
            COMPETITIVE: 2,
            OTHER_PAID: 1,
            STUDYING: 0,
            INTERNSHIP: 0,
            JOB_SEARCH: 1,
        }
        assert (counts.active, counts.employment, counts.studying) == (4, 3, 0)
        assert (counts.internship, counts.job_search, counts.waiting) == (0, 1, 1)

    def test_an_empty_programme_counts_zero_everywhere(self) -> None:
        """No participants: five zeros, nobody waiting."""
        counts = status_counts(Programme(id="x", name="x"), date(2025, 1, 1))
        assert list(counts.counts.values()) == [0, 0, 0, 0, 0]
        assert counts.active == counts.waiting == 0


class TestWaitingList:
    def test_a_referral_leaves_the_list_on_the_day_it_is_decided(self) -> None:
        """R3 is declined on 15 February: waiting on the 14th, gone on the 15th."""
        programme = small_programme()
        assert [r.id for r in waiting_list(programme, date(2025, 2, 14))] == ["R1", "R3"]
        assert [r.id for r in waiting_list(programme, date(2025, 2, 15))] == ["R1"]

    def test_longest_waiting_first(self) -> None:
        """R1 (December) before R4 (March)."""
        assert [r.id for r in waiting_list(small_programme(), date(2025, 3, 31))] == ["R1", "R4"]

    def test_nobody_waits_before_being_referred(self) -> None:
        """R1 arrives on 1 December 2024."""
        assert waiting_list(small_programme(), date(2024, 11, 30)) == ()


# --- properties ----------------------------------------------------------------------


@given(outcome_programmes(), days())
def test_each_active_participant_has_exactly_one_status(programme: Programme, day: date) -> None:
    """The statuses are keyed by exactly the participants active on the day."""
    active = {p.id for p in programme.participants if p.active_on(day)}
    assert set(status_on(programme, day)) == active


@given(outcome_programmes(), days())
def test_status_counts_add_up_to_the_active_participants(programme: Programme, day: date) -> None:
    """The five counts sum to the active participants; the board's four categories too."""
    counts = status_counts(programme, day)
    active = sum(1 for p in programme.participants if p.active_on(day))
    assert set(counts.counts) == set(ParticipantStatus)
    assert sum(counts.counts.values()) == counts.active == active
    assert counts.employment + counts.studying + counts.internship + counts.job_search == active


@given(outcome_programmes(), days())
def test_the_status_is_the_highest_that_applies(programme: Programme, day: date) -> None:
    """A participant has a status only if a record of that kind is held, and none higher is."""
    held = {
        COMPETITIVE: {j.participant_id for j in programme.jobs if j.competitive and j.held_on(day)},
        OTHER_PAID: {
            j.participant_id for j in programme.jobs if not j.competitive and j.held_on(day)
        },
        STUDYING: {s.participant_id for s in programme.studies if s.held_on(day)},
        INTERNSHIP: {i.participant_id for i in programme.internships if i.held_on(day)},
    }
    for participant_id, status in status_on(programme, day).items():
        if status is not JOB_SEARCH:
            assert participant_id in held[status]
        for higher in PRECEDENCE[: rank(status)]:
            assert participant_id not in held[higher]


@given(outcome_programmes(), days(), st.data())
def test_adding_a_competitive_job_never_lowers_a_status(
    programme: Programme, day: date, data: st.DataObject
) -> None:
    """A new competitive job held on the day makes its holder competitive; nobody else moves."""
    active = [p for p in programme.participants if p.active_on(day)]
    if not active:
        return
    person = data.draw(st.sampled_from(active))
    before = status_on(programme, day)
    start = data.draw(st.dates(min_value=date(1900, 1, 1), max_value=day))
    end = data.draw(st.none() | st.dates(min_value=day, max_value=date(2030, 1, 1)))
    job = Job("NEW", person.id, start=start, end=end)
    after = status_on(attrs.evolve(programme, jobs=(*programme.jobs, job)), day)
    assert after[person.id] is COMPETITIVE
    assert {k: v for k, v in after.items() if k != person.id} == {
        k: v for k, v in before.items() if k != person.id
    }


@given(outcome_programmes(), days(), st.data())
def test_adding_any_record_never_moves_anyone_down(
    programme: Programme, day: date, data: st.DataObject
) -> None:
    """Statuses are monotonic: more jobs, studies or internships only raise them."""
    if not programme.participants:
        return
    person = data.draw(st.sampled_from(programme.participants))
    start = data.draw(days())
    end = data.draw(st.none() | st.dates(min_value=start, max_value=date(2030, 1, 1)))
    kind = data.draw(st.sampled_from(["competitive", "other", "study", "internship"]))
    if kind in ("competitive", "other"):
        record = Job("NEW", person.id, start, end, competitive=kind == "competitive")
        changed = attrs.evolve(programme, jobs=(*programme.jobs, record))
    elif kind == "study":
        changed = attrs.evolve(
            programme, studies=(*programme.studies, Study("NEW", person.id, start, end))
        )
    else:
        changed = attrs.evolve(
            programme,
            internships=(*programme.internships, Internship("NEW", person.id, start, end)),
        )
    before, after = status_on(programme, day), status_on(changed, day)
    assert set(before) == set(after)
    for participant_id, status in before.items():
        assert rank(after[participant_id]) <= rank(status)


@given(outcome_programmes(), days())
def test_the_waiting_list_is_the_referrals_waiting_on_the_day(
    programme: Programme, day: date
) -> None:
    """Referred on or before the day and not decided by then; each once; oldest first."""
    listed = waiting_list(programme, day)
    expected = {
        r.id
        for r in programme.referrals
        if r.referred_on <= day and (r.decided_on is None or r.decided_on > day)
    }
    assert sorted(r.id for r in listed) == sorted(expected)
    assert [(r.referred_on, r.id) for r in listed] == sorted((r.referred_on, r.id) for r in listed)
    assert status_counts(programme, day).waiting == len(expected)
