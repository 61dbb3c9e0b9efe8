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

from ._model import Contact, ContactMode, Job, Participant, Party, Programme, Setting, Specialist

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
    "jobs",
    "participants",
    "programmes",
    "specialists",
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


def specialists(ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Specialist]:
    """Employment specialists with a full or part-time FTE, and perhaps an employment share."""
    return st.builds(
        Specialist,
        id=ids if ids is not None else codes("S"),
        name=st.none() | st.text(min_size=1, max_size=12).filter(str.strip),
        fte=st.sampled_from([1.0, 0.8, 0.5, 0.2]),
        employment_share=st.none() | st.floats(min_value=0, max_value=1),
    )


@st.composite
def participants(
    draw: st.DrawFn,
    *,
    participant_id: str | None = None,
    specialist_ids: tuple[str, ...] = (),
    enrolled: st.SearchStrategy[date] | None = None,
) -> Participant:
    """A participant, perhaps discharged, perhaps assigned one of *specialist_ids*."""
    enrolled_on = draw(enrolled if enrolled is not None else days(date(2021, 1, 1), _LATEST))
    discharged_on = draw(
        st.none()
        | st.integers(min_value=0, max_value=900).map(lambda n: enrolled_on + timedelta(n))
    )
    return Participant(
        id=participant_id if participant_id is not None else draw(codes("P")),
        enrolled_on=enrolled_on,
        specialist_id=draw(st.none() | st.sampled_from(specialist_ids)) if specialist_ids else None,
        discharged_on=discharged_on,
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
def programmes(
    draw: st.DrawFn,
    *,
    min_participants: int = 1,
    max_participants: int = 6,
    max_jobs: int = 3,
    max_contacts: int = 30,
    complications: bool = True,
    timezones: st.SearchStrategy[str] | None = None,
) -> Programme:
    """
    Valid programmes: unique ids, every reference resolved, dates in order.

    Args:
        min_participants: The fewest participants.
        max_participants: The most participants.
        max_jobs: The most jobs of one participant.
        max_contacts: The most contacts in the whole log; 0 for an empty log.
        complications: Whether jobs may end, be reported late or have follow-along declined.
        timezones: The programme's time zone; by default one of `ZONES`.
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
    log: list[Contact] = []
    if people and max_contacts:
        count = draw(st.integers(min_value=0, max_value=max_contacts))
        for _ in range(count):
            person = draw(st.sampled_from(people))
            log.append(draw(contacts(person, specialist_ids=staff_ids)))
    return Programme(
        id=draw(codes("prog")),
        name="Generated programme",
        timezone=zone,
        specialists=staff,
        participants=people,
        jobs=work,
        contacts=log,
    )
