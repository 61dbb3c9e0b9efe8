"""
Hypothesis strategies that generate valid IPS programmes.

They are public so that applications built on ``ipsrules`` can property-test
their own code on programmes that obey every rule of the model. They need the
``hypothesis`` package (``pip install 'ipsrules[strategies]'``)::

    from hypothesis import given
    from ipsrules import check
    from ipsrules.strategies import days, programmes

    @given(programmes(), days())
    def test_every_follow_up_has_a_status(programme, today):
        assert len(check(programme, today=today)) >= 0
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ._model import (
    NO_INCOME_SUPPORT,
    Contact,
    ContactMode,
    ExitReason,
    Handover,
    Internship,
    Job,
    Participant,
    Party,
    Programme,
    Referral,
    ReferralState,
    Setting,
    Specialist,
    Study,
    WorkAbilityAssessment,
)

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    msg = "ipsrules.strategies needs the hypothesis package: pip install 'ipsrules[strategies]'"
    raise ImportError(msg) from exc


__all__ = [
    "ZONES",
    "codes",
    "contact_moments",
    "contacts",
    "days",
    "generic_contacts",
    "handovers",
    "income_supports",
    "internships",
    "jobs",
    "participants",
    "programmes",
    "referrals",
    "specialists",
    "studies",
    "work_ability_assessments",
    "zones",
]

ZONES = (
    "Europe/Stockholm",
    "UTC",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Kiritimati",
    "Asia/Kolkata",
)
"""
Time zones the strategies draw from: the default zone, UTC, and zones whose
daylight-saving changes fall at midnight, by half an hour, or whose offsets are
far from UTC, where a wrong conversion of a contact's day shows first.
"""

_EARLIEST = date(2020, 1, 1)
_LATEST = date(2029, 12, 31)


def zones() -> st.SearchStrategy[str]:
    """IANA time zone names from `ZONES`."""
    return st.sampled_from(ZONES)


def days(min_value: date = _EARLIEST, max_value: date = _LATEST) -> st.SearchStrategy[date]:
    """Plain dates; by default within 2020..2029, where the records of a live service lie."""
    return st.dates(min_value=min_value, max_value=max_value)


def codes(prefix: str = "") -> st.SearchStrategy[str]:
    """
    Record ids: short codes that may hold ``:``, ``%``, spaces and non-ASCII letters.

    Such characters must never confuse the follow-up ids built from them.
    """
    return (
        st.text(alphabet="abcXYZ019:%-_ åÖ", min_size=1, max_size=6)
        .map(lambda text: prefix + text)
        .filter(lambda code: code.strip() != "")
    )


def contact_moments(
    on: st.SearchStrategy[date] | None = None,
    *,
    timezones: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[date | datetime]:
    """
    When a contact happened: a plain date, or an aware datetime in some zone.

    Datetimes favour the hours around midnight, where the day in the programme's
    zone may differ from the day in the zone the contact was logged in.
    """
    on = on if on is not None else days()
    named = (timezones if timezones is not None else zones()).map(ZoneInfo)
    fixed = st.integers(min_value=-14 * 4, max_value=14 * 4).map(
        lambda quarters: timezone(timedelta(minutes=15 * quarters))
    )
    clock = st.one_of(
        st.times(min_value=time(22, 0), max_value=time(23, 59, 59)),
        st.times(min_value=time(0, 0), max_value=time(2, 0)),
        st.times(),
    )
    aware = st.builds(
        lambda day, at, zone, fold: datetime.combine(day, at, tzinfo=zone).replace(fold=fold),
        on,
        clock,
        st.one_of(named, fixed),
        st.integers(min_value=0, max_value=1),
    )
    return st.one_of(on, aware)


@st.composite
def specialists(draw: st.DrawFn, ids: st.SearchStrategy[str] | None = None) -> Specialist:
    """
    Employment specialists with a full or part-time FTE, perhaps an employment share, and
    perhaps a first day in post and a last one.
    """
    started_on = draw(st.none() | days(date(2020, 1, 1), date(2026, 12, 31)))
    left_from = started_on if started_on is not None else _EARLIEST
    return Specialist(
        id=draw(ids if ids is not None else codes("S")),
        name=draw(st.none() | st.text(min_size=1, max_size=12).filter(str.strip)),
        fte=draw(st.sampled_from([1.0, 0.8, 0.5, 0.2])),
        employment_share=draw(st.none() | st.floats(min_value=0, max_value=1)),
        started_on=started_on,
        left_on=draw(st.none() | days(left_from, _LATEST)),
    )


def income_supports() -> st.SearchStrategy[str]:
    """
    Income support categories: the Swedish ones the sample uses, `NO_INCOME_SUPPORT`, and
    now and then any other text, since the category is open.
    """
    return st.sampled_from(
        (
            NO_INCOME_SUPPORT,
            "activity_compensation",
            "sickness_compensation",
            "sickness_benefit",
            "financial_assistance",
            "activity_support",
        )
    ) | st.text(min_size=1, max_size=12).filter(str.strip)


@st.composite
def participants(
    draw: st.DrawFn,
    *,
    participant_id: str | None = None,
    specialist_ids: tuple[str, ...] = (),
    enrolled: st.SearchStrategy[date] | None = None,
) -> Participant:
    """
    A participant, perhaps discharged, perhaps assigned one of *specialist_ids*.

    The income support at entry may be known; a discharged participant may have an exit
    reason and an income support at exit.
    """
    enrolled_on = draw(enrolled if enrolled is not None else days(date(2021, 1, 1), _LATEST))
    discharged_on = draw(
        st.none()
        | st.integers(min_value=0, max_value=900).map(lambda n: enrolled_on + timedelta(n))
    )
    exit_reason = income_support_at_exit = None
    if discharged_on is not None:
        exit_reason = draw(st.none() | st.sampled_from(ExitReason))
        income_support_at_exit = draw(st.none() | income_supports())
    return Participant(
        id=participant_id if participant_id is not None else draw(codes("P")),
        enrolled_on=enrolled_on,
        specialist_id=draw(st.none() | st.sampled_from(specialist_ids)) if specialist_ids else None,
        discharged_on=discharged_on,
        exit_reason=exit_reason,
        income_support_at_entry=draw(st.none() | income_supports()),
        income_support_at_exit=income_support_at_exit,
    )


def _offset(day: date, low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(min_value=low, max_value=high).map(lambda n: day + timedelta(days=n))


@st.composite
def jobs(
    draw: st.DrawFn,
    participant: Participant,
    *,
    job_id: str | None = None,
    complications: bool = True,
) -> Job:
    """
    A job of *participant*, starting around or after their enrolment.

    With *complications*, the job may have ended, its end may have become known
    late, it may have been reported late, and follow-along may have been declined.
    """
    start = draw(_offset(participant.enrolled_on, -90, 600))
    end = end_known_on = reported_on = declined_on = None
    if complications:
        end = draw(st.none() | _offset(start, 0, 500))
        if end is not None:
            earliest = max(-10, (start - end).days)  # never before the start
            end_known_on = draw(st.none() | _offset(end, earliest, 20))
        reported_on = draw(st.none() | _offset(start, -14, 120))
        declined_on = draw(st.none() | _offset(start, -10, 450))
    return Job(
        id=job_id if job_id is not None else draw(codes("J")),
        participant_id=participant.id,
        start=start,
        end=end,
        end_known_on=end_known_on,
        reported_on=reported_on,
        employer=draw(st.none() | st.text(min_size=1, max_size=20).filter(str.strip)),
        job_type=draw(st.none() | st.sampled_from(["retail", "care", "warehouse", "café"])),
        competitive=draw(st.booleans()),
        hours_per_week=draw(
            st.none() | st.floats(min_value=0, max_value=40, allow_nan=False, allow_infinity=False)
        ),
        follow_along_declined_on=declined_on,
    )


@st.composite
def contacts(
    draw: st.DrawFn,
    participant: Participant,
    *,
    specialist_ids: tuple[str, ...] = (),
    on: st.SearchStrategy[date] | None = None,
) -> Contact:
    """A logged contact about *participant*, of any mode, party and setting."""
    day_strategy = on if on is not None else _offset(participant.enrolled_on, -30, 900)
    return Contact(
        participant_id=participant.id,
        at=draw(contact_moments(day_strategy)),
        mode=draw(st.sampled_from(ContactMode)),
        party=draw(st.sampled_from(Party)),
        setting=draw(st.none() | st.sampled_from(Setting)),
        specialist_id=draw(st.none() | st.sampled_from(specialist_ids)) if specialist_ids else None,
        minutes=draw(st.none() | st.integers(min_value=0, max_value=240)),
    )


@st.composite
def generic_contacts(
    draw: st.DrawFn, specialist_ids: tuple[str, ...], *, on: st.SearchStrategy[date] | None = None
) -> Contact:
    """
    A generic employer contact: job development by one of *specialist_ids* (at least one)
    with no participant, of any mode and setting.
    """
    return Contact(
        participant_id=None,
        at=draw(contact_moments(on if on is not None else days())),
        mode=draw(st.sampled_from(ContactMode)),
        party=Party.EMPLOYER,
        setting=draw(st.none() | st.sampled_from(Setting)),
        specialist_id=draw(st.sampled_from(specialist_ids)),
        minutes=draw(st.none() | st.integers(min_value=0, max_value=240)),
    )


def _in_service(participant: Participant) -> st.SearchStrategy[date]:
    """A day of *participant*'s time in the service (up to 900 days when not discharged)."""
    last = participant.discharged_on or participant.enrolled_on + timedelta(days=900)
    return days(participant.enrolled_on, last)


@st.composite
def handovers(
    draw: st.DrawFn,
    participant: Participant,
    *,
    specialist_ids: tuple[str, ...] = (),
    on: st.SearchStrategy[date] | None = None,
) -> Handover:
    """
    A handover of *participant*'s case, on a day of their time in the service, to one of
    *specialist_ids* or now and then to nobody.
    """
    to = st.none() | st.sampled_from(specialist_ids) if specialist_ids else st.none()
    return Handover(
        participant_id=participant.id,
        on=draw(on if on is not None else _in_service(participant)),
        specialist_id=draw(to),
    )


@st.composite
def work_ability_assessments(
    draw: st.DrawFn, participant: Participant, *, on: st.SearchStrategy[date] | None = None
) -> WorkAbilityAssessment:
    """A judgement of *participant*'s ability to work, around or after their enrolment."""
    return WorkAbilityAssessment(
        participant_id=participant.id,
        on=draw(on if on is not None else _offset(participant.enrolled_on, -60, 700)),
        able_to_work=draw(st.booleans()),
    )


def _hours() -> st.SearchStrategy[float | None]:
    return st.none() | st.floats(min_value=0, max_value=40, allow_nan=False, allow_infinity=False)


def _ending(start: date, longest: int) -> st.SearchStrategy[date | None]:
    return st.none() | _offset(start, 0, longest)


@st.composite
def studies(draw: st.DrawFn, participant: Participant, *, study_id: str | None = None) -> Study:
    """A study of *participant*, begun before or after their enrolment, perhaps ended."""
    start = draw(_offset(participant.enrolled_on, -120, 700))
    return Study(
        id=study_id if study_id is not None else draw(codes("ST")),
        participant_id=participant.id,
        start=start,
        end=draw(_ending(start, 700)),
        kind=draw(st.none() | st.sampled_from(["adult_education", "university", "course"])),
        hours_per_week=draw(_hours()),
    )


@st.composite
def internships(
    draw: st.DrawFn, participant: Participant, *, internship_id: str | None = None
) -> Internship:
    """An internship of *participant* from their enrolment on, perhaps ended."""
    start = draw(_offset(participant.enrolled_on, 0, 700))
    return Internship(
        id=internship_id if internship_id is not None else draw(codes("I")),
        participant_id=participant.id,
        start=start,
        end=draw(_ending(start, 240)),
        employer=draw(st.none() | st.text(min_size=1, max_size=20).filter(str.strip)),
        hours_per_week=draw(_hours()),
    )


@st.composite
def referrals(
    draw: st.DrawFn,
    *,
    referral_id: str | None = None,
    participant: Participant | None = None,
    states: st.SearchStrategy[ReferralState] | None = None,
) -> Referral:
    """
    A referral: enrolled as *participant* on their enrolment day when one is given, else in
    a state drawn from *states* (by default referred, declined or withdrawn), decided on a
    day on or after its referral.
    """
    if participant is not None:
        state = ReferralState.ENROLLED
        decided_on: date | None = participant.enrolled_on
        referred_on = draw(_offset(participant.enrolled_on, -300, 0))
    else:
        others = [member for member in ReferralState if member is not ReferralState.ENROLLED]
        state = draw(states if states is not None else st.sampled_from(others))
        referred_on = draw(days())
        decided_on = None
        if state is not ReferralState.REFERRED:
            decided_on = draw(_offset(referred_on, 0, 300))
    return Referral(
        id=referral_id if referral_id is not None else draw(codes("R")),
        referred_on=referred_on,
        state=state,
        decided_on=decided_on,
        participant_id=participant.id if participant is not None else None,
        source=draw(st.none() | st.sampled_from(["psychiatry", "social_services", "self"])),
    )


@st.composite
def programmes(
    draw: st.DrawFn,
    *,
    min_participants: int = 1,
    max_participants: int = 6,
    max_jobs: int = 3,
    max_contacts: int = 30,
    complications: bool = True,
    timezones: st.SearchStrategy[str] | None = None,
    max_studies: int = 2,
    max_internships: int = 2,
    max_referrals: int = 4,
    max_generic_contacts: int = 3,
    max_handovers: int = 4,
    max_assessments: int = 3,
) -> Programme:
    """
    Valid programmes: unique ids, every reference resolved, dates in order.

    Besides jobs and contacts they hold studies and internships, exits with reasons and
    income support, and referrals in every state: some participants came by an enrolled
    referral, and others wait, were declined or withdrew. Specialists may start and leave;
    cases may be handed over; participants may be judged able to work or not; and when
    there are specialists, the log may hold generic employer contacts (no participant).

    Args:
        min_participants: The fewest participants.
        max_participants: The most participants.
        max_jobs: The most jobs of one participant.
        max_contacts: The most contacts in the whole log; 0 for an empty log.
        complications: Whether jobs may end, be reported late or have follow-along declined.
        timezones: The programme's time zone; by default one of `ZONES`.
        max_studies: The most studies of one participant.
        max_internships: The most internships of one participant.
        max_referrals: The most referrals that did not lead to enrolment; besides them,
            each participant may have come by an enrolled referral.
        max_generic_contacts: The most generic employer contacts (job development with no
            participant), besides *max_contacts*.
        max_handovers: The most handovers in the programme (a participant has at most one
            a day).
        max_assessments: The most judgements of work ability in the programme (a
            participant has at most one a day).
    """
    zone = draw(timezones if timezones is not None else zones())
    staff = draw(st.lists(specialists(), max_size=3, unique_by=lambda s: s.id))
    staff_ids = tuple(specialist.id for specialist in staff)
    participant_ids = draw(
        st.lists(codes("P"), min_size=min_participants, max_size=max_participants, unique=True)
    )
    people = [
        draw(participants(participant_id=pid, specialist_ids=staff_ids)) for pid in participant_ids
    ]
    work: list[Job] = []
    for person in people:
        for _ in range(draw(st.integers(min_value=0, max_value=max_jobs))):
            work.append(draw(jobs(person, job_id=f"J{len(work)}", complications=complications)))
    learning: list[Study] = []
    placements: list[Internship] = []
    for person in people:
        for _ in range(draw(st.integers(min_value=0, max_value=max_studies))):
            learning.append(draw(studies(person, study_id=f"ST{len(learning)}")))
        for _ in range(draw(st.integers(min_value=0, max_value=max_internships))):
            placements.append(draw(internships(person, internship_id=f"I{len(placements)}")))
    referred: list[Referral] = []
    for person in people:
        if draw(st.booleans()):
            referred.append(draw(referrals(referral_id=f"R{len(referred)}", participant=person)))
    for _ in range(draw(st.integers(min_value=0, max_value=max_referrals))):
        referred.append(draw(referrals(referral_id=f"R{len(referred)}")))
    log: list[Contact] = []
    if people and max_contacts:
        count = draw(st.integers(min_value=0, max_value=max_contacts))
        for _ in range(count):
            person = draw(st.sampled_from(people))
            log.append(draw(contacts(person, specialist_ids=staff_ids)))
    if staff_ids and max_generic_contacts:
        for _ in range(draw(st.integers(min_value=0, max_value=max_generic_contacts))):
            log.insert(
                draw(st.integers(min_value=0, max_value=len(log))),
                draw(generic_contacts(staff_ids)),
            )
    passed_on: list[Handover] = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_handovers))):
        handover = draw(handovers(draw(st.sampled_from(people)), specialist_ids=staff_ids))
        if all(
            (h.participant_id, h.on) != (handover.participant_id, handover.on) for h in passed_on
        ):
            passed_on.append(handover)  # one a day for a participant
    judged: list[WorkAbilityAssessment] = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_assessments))):
        judgement = draw(work_ability_assessments(draw(st.sampled_from(people))))
        if all(
            (j.participant_id, j.on) != (judgement.participant_id, judgement.on) for j in judged
        ):
            judged.append(judgement)
    return Programme(
        id=draw(codes("prog")),
        name="Generated programme",
        timezone=zone,
        specialists=staff,
        participants=people,
        jobs=work,
        contacts=log,
        studies=learning,
        internships=placements,
        referrals=referred,
        handovers=passed_on,
        work_ability_assessments=judged,
    )
