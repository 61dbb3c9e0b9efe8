"""
Programmes for the outcome tests: a small hand-made one whose figures are worked out by
hand in the tests, and a hypothesis strategy with studies, internships, referrals, exits,
income support, specialists who start and leave, handovers and judgements of work ability
(until ``ipsrules.strategies`` generates them itself).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from ipsrules import (
    NO_INCOME_SUPPORT,
    ExitReason,
    Handover,
    Internship,
    Job,
    Participant,
    Programme,
    Referral,
    ReferralState,
    Specialist,
    Study,
    WorkAbilityAssessment,
)

Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))


def small_programme() -> Programme:
    """
    Seven participants around the first quarter of 2025; see the tests for what each shows.

    A: job J1 ended in the period.  B: entered in the period, first job after 30 days, then a
    second.  C: other paid job and studies, left for work without income support.  D: left
    before the period; a job that starts after discharge.  E: internship, dropped out, on
    financial assistance.  F: a job from before entry, left with no reason or support known.
    G: enters after the period.
    """
    return Programme(
        id="small",
        name="Small <IPS> & Co",
        specialists=[Specialist("S1", fte=1.0), Specialist("S2", fte=0.5)],
        participants=[
            Participant("A", enrolled_on=date(2024, 6, 1)),
            Participant("B", enrolled_on=date(2025, 1, 10)),
            Participant(
                "C",
                enrolled_on=date(2024, 1, 1),
                discharged_on=date(2025, 2, 28),
                exit_reason=ExitReason.EMPLOYED,
                income_support_at_entry="activity_compensation",
                income_support_at_exit=NO_INCOME_SUPPORT,
            ),
            Participant("D", enrolled_on=date(2024, 3, 1), discharged_on=date(2024, 12, 31)),
            Participant(
                "E",
                enrolled_on=date(2025, 3, 1),
                discharged_on=date(2025, 3, 20),
                exit_reason=ExitReason.DROPPED_OUT,
                income_support_at_exit="financial_assistance",
            ),
            Participant("F", enrolled_on=date(2025, 2, 1), discharged_on=date(2025, 3, 31)),
            Participant("G", enrolled_on=date(2025, 4, 1)),
        ],
        jobs=[
            Job("J1", "A", start=date(2024, 9, 1), end=date(2025, 1, 15), hours_per_week=20),
            Job("J2", "B", start=date(2025, 2, 9), hours_per_week=10),
            Job("J3", "C", start=date(2025, 2, 1), competitive=False, hours_per_week=8),
            Job("J4", "D", start=date(2025, 1, 5), hours_per_week=30),
            Job("J5", "F", start=date(2024, 12, 1)),
            Job("J6", "B", start=date(2025, 3, 10), end=date(2025, 3, 20), hours_per_week=15),
        ],
        studies=[Study("S-C", "C", start=date(2024, 9, 1))],
        internships=[
            Internship("I-E", "E", start=date(2025, 3, 5), end=date(2025, 3, 15)),
        ],
        referrals=[
            Referral("R1", referred_on=date(2024, 12, 1)),
            Referral(
                "R2",
                referred_on=date(2025, 1, 1),
                state=ReferralState.ENROLLED,
                decided_on=date(2025, 1, 10),
                participant_id="B",
            ),
            Referral(
                "R3",
                referred_on=date(2025, 2, 1),
                state=ReferralState.DECLINED,
                decided_on=date(2025, 2, 15),
            ),
            Referral("R4", referred_on=date(2025, 3, 15)),
        ],
    )


# --- generated programmes ------------------------------------------------------------

EARLIEST = date(2024, 1, 1)
LATEST = date(2026, 12, 31)
SUPPORTS = (NO_INCOME_SUPPORT, "activity_compensation", "financial_assistance")


def days() -> st.SearchStrategy[date]:
    """Days in the span the generated records cover."""
    return st.dates(min_value=EARLIEST, max_value=LATEST)


def _after(day: date, high: int) -> st.SearchStrategy[date]:
    return st.integers(min_value=0, max_value=high).map(lambda n: day + timedelta(days=n))


def _span(draw: st.DrawFn, around: date) -> tuple[date, date | None]:
    start = around + timedelta(days=draw(st.integers(min_value=-60, max_value=400)))
    return start, draw(st.none() | _after(start, 300))


def _staff(draw: st.DrawFn) -> list[Specialist]:
    """Specialists, some of whom start or leave within the span of the records."""
    staff: list[Specialist] = []
    for n in range(draw(st.integers(min_value=0, max_value=4))):
        started_on = draw(st.none() | days())
        left_on = draw(st.none() | _after(started_on or EARLIEST, 700))
        fte = draw(st.sampled_from([1.0, 0.8, 0.7, 0.5, 0.25, 0.2, 0.1]))
        staff.append(Specialist(f"S{n}", fte=fte, started_on=started_on, left_on=left_on))
    return staff


def _handovers(draw: st.DrawFn, person: Participant, staff: list[Specialist]) -> list[Handover]:
    """Up to three handovers on distinct days of *person*'s time in the service."""
    last = person.discharged_on or person.enrolled_on + timedelta(days=600)
    span = (last - person.enrolled_on).days
    offsets = draw(st.sets(st.integers(min_value=0, max_value=span), max_size=3))
    names = st.none() | st.sampled_from([s.id for s in staff]) if staff else st.none()
    return [
        Handover(person.id, person.enrolled_on + timedelta(days=offset), draw(names))
        for offset in sorted(offsets)
    ]


def _judgements(draw: st.DrawFn, person: Participant) -> list[WorkAbilityAssessment]:
    """Up to three judgements of work ability on distinct days around *person*'s stay."""
    offsets = draw(st.sets(st.integers(min_value=-90, max_value=600), max_size=3))
    return [
        WorkAbilityAssessment(
            person.id, person.enrolled_on + timedelta(days=offset), draw(st.booleans())
        )
        for offset in sorted(offsets)
    ]


@st.composite
def outcome_programmes(draw: st.DrawFn, *, max_participants: int = 8) -> Programme:
    """Valid programmes with every kind of record outcome reports read."""
    staff = _staff(draw)
    names = st.none() | st.sampled_from([s.id for s in staff]) if staff else st.none()
    people: list[Participant] = []
    for n in range(draw(st.integers(min_value=0, max_value=max_participants))):
        enrolled_on = draw(days())
        discharged_on = draw(st.none() | _after(enrolled_on, 500))
        left = discharged_on is not None
        people.append(
            Participant(
                f"P{n}",
                enrolled_on=enrolled_on,
                specialist_id=draw(names),
                discharged_on=discharged_on,
                exit_reason=draw(st.none() | st.sampled_from(ExitReason)) if left else None,
                income_support_at_entry=draw(st.none() | st.sampled_from(SUPPORTS)),
                income_support_at_exit=draw(st.none() | st.sampled_from(SUPPORTS))
                if left
                else None,
            )
        )
    jobs: list[Job] = []
    studies: list[Study] = []
    internships: list[Internship] = []
    for person in people:
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            start, end = _span(draw, person.enrolled_on)
            hours = draw(st.none() | st.floats(min_value=0, max_value=40))
            competitive = draw(st.booleans())
            jobs.append(Job(f"J{len(jobs)}", person.id, start, end, competitive=competitive,
                            hours_per_week=hours))  # fmt: skip
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            start, end = _span(draw, person.enrolled_on)
            studies.append(Study(f"ST{len(studies)}", person.id, start, end))
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            start, end = _span(draw, person.enrolled_on)
            internships.append(Internship(f"I{len(internships)}", person.id, start, end))
    referrals: list[Referral] = []
    states = list(ReferralState) if people else [s for s in ReferralState if s != "enrolled"]
    for n in range(draw(st.integers(min_value=0, max_value=6))):
        referred_on = draw(days())
        state = draw(st.sampled_from(states))
        waiting = state is ReferralState.REFERRED
        referrals.append(
            Referral(
                f"R{n}",
                referred_on=referred_on,
                state=state,
                decided_on=None if waiting else draw(_after(referred_on, 200)),
                participant_id=draw(st.sampled_from(people)).id
                if state is ReferralState.ENROLLED
                else None,
            )
        )
    handovers = [h for person in people for h in _handovers(draw, person, staff)]
    judgements = [j for person in people for j in _judgements(draw, person)]
    return Programme(
        id="generated",
        name="Generated",
        specialists=staff,
        participants=people,
        jobs=jobs,
        studies=studies,
        internships=internships,
        referrals=referrals,
        handovers=handovers,
        work_ability_assessments=judgements,
    )
