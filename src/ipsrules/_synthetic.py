"""
A synthetic IPS programme: records shaped like a Swedish IPS service, with no real person in them.

The library needs data that looks like a working service, for the bundled sample programme
(the CLI's default input and the docs' examples) and for the benchmarks, without holding
anyone's health or employment records. Everything here is drawn from one seeded
`random.Random`: every name, code and employer is made up, and the same arguments give the
same programme on every run and every machine.
"""

from __future__ import annotations

import heapq
import math
import random
from bisect import bisect_left, insort
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from ._model import Contact, ContactMode, Job, Participant, Party, Programme, Setting, Specialist
from ._windows import FollowUp, add_months, follow_ups
from .rules import IPS25, Rule

_ZONE_NAME = "Europe/Stockholm"

# Synthetic names: common Swedish first names and surnames, combined at random.
_FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Johanna", "Linnea", "Elin",
    "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Fredrik", "Oskar", "Jonas",
    "Amira", "Nils", "Ida", "Hanna", "Ali", "Sofia", "Mattias", "Maja", "Henrik", "Leila",
)  # fmt: skip
_SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindberg", "Lindqvist", "Berg", "Holm", "Ek",
    "Sandberg", "Nyström", "Lund", "Forsberg", "Åberg", "Hedlund", "Sjögren", "Wallin",
)  # fmt: skip
# Stems of made-up employer names: invented place-like words, not real firms.
_EMPLOYER_STEMS = (
    "Norrvik", "Ekdala", "Sjöhaga", "Lindö", "Björkås", "Granby", "Älvkant", "Solhöjd",
    "Tallmo", "Ängsvik", "Stenbacka", "Hagalund", "Mossby", "Viksjö", "Råbrink", "Fjällsta",
)  # fmt: skip
# Job types (as `Job.job_type`) with the endings of employer names of that trade.
_TRADES = (
    ("retail", ("Livs", "Handel AB", "Butik")),
    ("warehouse", ("Logistik AB", "Lager & Distribution")),
    ("cleaning", ("Städservice AB", "Lokalvård")),
    ("care", ("Omsorg AB", "Hemtjänst", "Äldreboende")),
    ("café/restaurant", ("Café", "Kök & Bar", "Bageri")),
    ("office", ("Kontorsservice AB", "Administration AB")),
    ("IT", ("IT-support AB", "Data AB")),
    ("gardening", ("Trädgård AB", "Grönyteskötsel")),
    ("transport", ("Transport AB", "Åkeri", "Bud & Flytt")),
    ("construction", ("Bygg AB", "Fastighetsservice")),
)
_TRADE_WEIGHTS = (18, 12, 11, 10, 14, 7, 5, 6, 8, 9)
_PART_TIME_HOURS = (8.0, 10.0, 12.0, 15.0, 16.0, 20.0, 20.0, 25.0, 30.0, 32.0)
_FACE_TO_FACE_MINUTES = (30, 45, 45, 60, 60, 60, 75, 90)

# Kinds of contact, as the (mode, party, setting) they are logged with.
_MEET_IN_COMMUNITY = (ContactMode.FACE_TO_FACE, Party.PARTICIPANT, Setting.COMMUNITY)
_MEET_AT_OFFICE = (ContactMode.FACE_TO_FACE, Party.PARTICIPANT, Setting.OFFICE)
_PHONE = (ContactMode.PHONE, Party.PARTICIPANT, Setting.REMOTE)
_VIDEO = (ContactMode.VIDEO, Party.PARTICIPANT, Setting.REMOTE)
_MESSAGE = (ContactMode.MESSAGE, Party.PARTICIPANT, Setting.REMOTE)
_MEET_EMPLOYER = (ContactMode.FACE_TO_FACE, Party.EMPLOYER, Setting.COMMUNITY)
_CALL_EMPLOYER = (ContactMode.PHONE, Party.EMPLOYER, Setting.REMOTE)
_Kind = tuple[ContactMode, Party, Setting]

# The rules met by a face-to-face meeting with the participant, which follow-along plans for.
_FOLLOW_ALONG = (Rule.PRE_START, Rule.START, Rule.WEEK, Rule.MONTH)


def _weekday(day: date) -> date:
    """*day*, or the Monday after it when it falls on a weekend."""
    weekday = day.weekday()
    return day + timedelta(days=7 - weekday) if weekday >= 5 else day


def _span_days(years: float) -> int:
    if not math.isfinite(years) or years <= 0:
        msg = f"years must be a positive number, got {years!r}"
        raise ValueError(msg)
    return max(1, round(years * 365))


def default_contacts_until(first_enrolment: date, years: float) -> date:
    """The last day of the contact log by default: 16 days after the last possible enrolment."""
    return first_enrolment + timedelta(days=_span_days(years) + 16)


@attrs.define
class _PlannedContact:
    """A contact before it gets its id: sorted by moment, then participant, then creation."""

    key: tuple[int, int, int, int]
    participant_id: str
    at: date | datetime
    kind: _Kind
    specialist_id: str
    minutes: int


@attrs.define
class _Builder:
    """The random draws of one synthetic programme, in a fixed order."""

    rng: random.Random
    known_on: date
    contacts_until: date
    zone: ZoneInfo = attrs.field(factory=lambda: ZoneInfo(_ZONE_NAME))
    planned: list[_PlannedContact] = attrs.field(factory=list)

    # --- people -------------------------------------------------------------

    def specialists(self, count: int) -> list[Specialist]:
        rng = self.rng
        half_time = set(rng.sample(range(count), count // 6)) if count > 1 else set()
        return [
            Specialist(
                id=f"ES{number}",
                name=f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}",
                fte=0.5 if number - 1 in half_time else 1.0,
            )
            for number in range(1, count + 1)
        ]

    def participants(
        self, count: int, specialists: list[Specialist], first: date, span: int
    ) -> list[Participant]:
        rng = self.rng
        offsets = sorted(rng.randrange(span + 1) for _ in range(count))
        if offsets:
            offsets[0] = 0
        # Each new participant goes to the specialist with the smallest caseload per FTE.
        loads = [(0.0, rng.random(), index) for index in range(len(specialists))]
        heapq.heapify(loads)
        width = max(4, len(str(count)))
        found: list[Participant] = []
        for number, offset in enumerate(offsets, start=1):
            load, _, index = heapq.heappop(loads)
            specialist = specialists[index]
            heapq.heappush(loads, (load + 1 / specialist.fte, rng.random(), index))
            enrolled = _weekday(first + timedelta(days=offset))
            discharged: date | None = None
            if rng.random() < 0.12:
                discharged = _weekday(enrolled + timedelta(days=rng.randint(90, 540)))
                if discharged > self.known_on - timedelta(days=7):
                    discharged = None
            found.append(
                Participant(
                    id=f"IPS-{number:0{width}d}",
                    enrolled_on=enrolled,
                    specialist_id=specialist.id,
                    discharged_on=discharged,
                )
            )
        return found

    # --- jobs ---------------------------------------------------------------

    def jobs(self, participant: Participant, number: int) -> list[Job]:
        """The jobs of one participant; *number* is the number of the programme's next job."""
        rng = self.rng
        enrolled = participant.enrolled_on
        last_start = self.known_on + timedelta(days=14)  # a job known ahead of its start
        if participant.discharged_on is not None:
            last_start = min(last_start, participant.discharged_on - timedelta(days=21))
        found: list[Job] = []
        start: date | None
        if rng.random() < 0.06:
            # Holds a job at enrolment: reported on entry, so its earlier windows are waived.
            start = _weekday(enrolled - timedelta(days=rng.randint(20, 400)))
            reported: date | None = enrolled
        elif rng.random() < 0.46:
            delay = min(330, max(12, round(rng.lognormvariate(math.log(75), 0.6))))
            start = _weekday(enrolled + timedelta(days=delay))
            reported = None
        else:
            start = None
        while start is not None and start <= last_start and len(found) < 3:
            if reported is None and rng.random() < 0.12:
                reported = start + timedelta(days=rng.randint(8, 20))
            if reported is not None and reported > self.known_on:
                break  # reported after the day the records describe: not known yet
            job = self._job(participant, f"J{number + len(found):04d}", start, reported)
            found.append(job)
            start, reported = None, None
            if job.end is not None and rng.random() < 0.45:
                gap = min(300, max(14, round(rng.lognormvariate(math.log(60), 0.6))))
                start = _weekday(job.end + timedelta(days=gap))
        return found

    def _job(
        self, participant: Participant, job_id: str, start: date, reported: date | None
    ) -> Job:
        rng = self.rng
        trade, endings = rng.choices(_TRADES, weights=_TRADE_WEIGHTS)[0]
        competitive = rng.random() >= 0.06
        if competitive:
            employer = f"{rng.choice(_EMPLOYER_STEMS)} {rng.choice(endings)}"
        else:
            employer = f"Arbetscenter {rng.choice(_EMPLOYER_STEMS)}"
        roll = rng.random()
        hours: float | None = (
            40.0 if roll < 0.45 else None if roll < 0.5 else rng.choice(_PART_TIME_HOURS)
        )
        end: date | None = None
        end_known: date | None = None
        if rng.random() < 0.4:
            length = min(600, max(10, round(rng.lognormvariate(math.log(130), 0.8))))
            end = start + timedelta(days=length)
            if rng.random() < 0.3:
                end_known = end + timedelta(days=rng.randint(2, 9))
            if (end_known or end) > self.known_on:
                end, end_known = None, None  # still running as far as the records know
        if reported is not None and reported <= start:
            reported = None
        declined: date | None = None
        if rng.random() < 0.08:
            declined = start + timedelta(days=rng.randint(90, 200))
            if declined > self.known_on or (end is not None and declined > end):
                declined = None
        return Job(
            id=job_id,
            participant_id=participant.id,
            start=start,
            end=end,
            end_known_on=end_known,
            reported_on=reported,
            employer=employer,
            job_type=trade if competitive else "sheltered work",
            competitive=competitive,
            hours_per_week=hours,
            follow_along_declined_on=declined,
        )

    # --- contacts -----------------------------------------------------------

    def contacts(
        self,
        participant: Participant,
        index: int,
        jobs: list[Job],
        windows: list[FollowUp],
        colleagues: list[str],
    ) -> None:
        """Plan the contact log of one participant (number *index* in the programme)."""
        rng = self.rng
        stop = self.contacts_until
        if participant.discharged_on is not None:
            stop = min(stop, participant.discharged_on)
        meetings: list[date] = []  # days of face-to-face meetings with the participant
        own = participant.specialist_id or colleagues[0]

        def log(day: date, kind: _Kind) -> None:
            if day > stop:
                return
            specialist = rng.choice(colleagues) if rng.random() < 0.04 else own
            if kind[0] is ContactMode.FACE_TO_FACE:
                minutes = rng.choice(_FACE_TO_FACE_MINUTES)
                if kind[1] is Party.PARTICIPANT:
                    insort(meetings, day)
            else:
                minutes = rng.choice((15, 15, 20, 30))
            at: date | datetime = day
            clock = -1
            if rng.random() < 0.88:
                clock = rng.randint(8 * 4, 16 * 4 - 1) * 15  # minutes after midnight
                hour, minute = divmod(clock, 60)
                at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
                if kind is _MESSAGE and rng.random() < 0.3:
                    at = at.astimezone(UTC)  # sent from a system that logs in UTC
            key = (day.toordinal(), clock, index, len(self.planned))
            self.planned.append(_PlannedContact(key, participant.id, at, kind, specialist, minutes))

        def meeting_kind() -> _Kind:
            roll = rng.random()
            if roll < 0.58:
                return _MEET_IN_COMMUNITY
            if roll < 0.8:
                return _MEET_AT_OFFICE
            if roll < 0.9:
                return _PHONE
            return _VIDEO if roll < 0.94 else _MESSAGE

        # Job search: from entry to the first job, and between jobs.
        searches: list[tuple[date, date]] = []
        seeking_from: date | None = participant.enrolled_on
        for job in sorted(jobs, key=lambda job: job.start):
            if seeking_from is not None and seeking_from < job.start:
                searches.append((seeking_from, job.start - timedelta(days=1)))
            learnt = job.end_learnt_on
            seeking_from = None if learnt is None else learnt + timedelta(days=7)
        if seeking_from is not None:
            searches.append((seeking_from, stop))
        first_visit: date | None = None
        if not any(job.held_on(participant.enrolled_on) for job in jobs):
            # Job development starts within one to six weeks of entry: mostly within the
            # 31 days the rules allow, sometimes later.
            delay = rng.randint(5, 27) if rng.random() < 0.9 else rng.randint(31, 42)
            first_visit = _weekday(participant.enrolled_on + timedelta(days=delay))
            log(first_visit, _MEET_EMPLOYER)
        for begins, ends in searches:
            after = first_visit if first_visit is not None and begins < first_visit else begins
            day = _weekday(after + timedelta(days=rng.randint(7, 21)))
            while day <= ends:
                log(day, _MEET_EMPLOYER if rng.random() < 0.8 else _CALL_EMPLOYER)
                day = _weekday(day + timedelta(days=rng.randint(10, 28)))
            day = _weekday(begins + timedelta(days=rng.randint(0, 6)))
            while day <= ends:
                log(day, meeting_kind())
                day = _weekday(day + timedelta(days=rng.randint(6, 18)))

        # Follow-along: a meeting in most windows, skipping some so that some are missed.
        diligence = rng.uniform(0.78, 0.97)
        for window in windows:
            if window.waived or window.rule not in _FOLLOW_ALONG or window.opens > stop:
                continue
            closes = min(window.closes, stop)
            position = bisect_left(meetings, window.opens)
            if position < len(meetings) and meetings[position] <= closes:
                continue  # already met by another meeting
            if rng.random() < diligence:
                log(self._day_within(window.opens, closes), _face_to_face_kind(rng))
        for job in jobs:
            supported_until = min(job.end or stop, job.follow_along_declined_on or stop, stop)
            # A call or a message now and then between meetings, in the first half year.
            day = _weekday(job.start + timedelta(days=rng.randint(10, 25)))
            until = min(supported_until, add_months(job.start, 6))
            while day <= until:
                log(day, _PHONE if rng.random() < 0.7 else _MESSAGE)
                day = _weekday(day + timedelta(days=rng.randint(14, 35)))
            if rng.random() < 0.4:
                log(_weekday(job.start + timedelta(days=rng.randint(10, 45))), _MEET_EMPLOYER)
            # After the year of follow-along: a meeting about monthly, when it goes on.
            review = add_months(job.start, IPS25.follow_along_months)
            if supported_until > review and rng.random() < 0.6:
                day = _weekday(review + timedelta(days=rng.randint(0, 20)))
                while day <= supported_until:
                    log(day, _face_to_face_kind(rng))
                    day = _weekday(day + timedelta(days=rng.randint(25, 45)))
            # A call soon after the job ended, mostly within the three days the rules allow.
            learnt = job.end_learnt_on
            if learnt is not None and rng.random() < 0.88:
                late = rng.random() < 0.1
                log(
                    learnt + timedelta(days=rng.randint(4, 8) if late else rng.randint(0, 3)),
                    _PHONE,
                )

    def _day_within(self, opens: date, closes: date) -> date:
        """A day in ``[opens, closes]``, a weekday where the range has one."""
        span = (closes - opens).days
        first = self.rng.randint(0, span)
        for step in range(span + 1):
            day = opens + timedelta(days=(first + step) % (span + 1))
            if day.weekday() < 5:
                return day
        return opens + timedelta(days=first)

    def finish_contacts(self) -> list[Contact]:
        """The planned contacts in the order of time, with ids."""
        self.planned.sort(key=lambda planned: planned.key)
        width = max(6, len(str(len(self.planned))))
        return [
            Contact(
                participant_id=planned.participant_id,
                at=planned.at,
                mode=planned.kind[0],
                party=planned.kind[1],
                setting=planned.kind[2],
                specialist_id=planned.specialist_id,
                minutes=planned.minutes,
                id=f"C{number:0{width}d}",
            )
            for number, planned in enumerate(self.planned, start=1)
        ]


def _face_to_face_kind(rng: random.Random) -> _Kind:
    """A face-to-face meeting with the participant: mostly out in the community."""
    return _MEET_IN_COMMUNITY if rng.random() < 0.75 else _MEET_AT_OFFICE


def synthetic_programme(
    *,
    participants: int = 92,
    specialists: int = 6,
    seed: int = 2025,
    first_enrolment: date = date(2024, 11, 4),
    years: float = 2.0,
    contacts_until: date | None = None,
    programme_id: str = "exempelstaden-ips",
    name: str = "Exempelstaden IPS (synthetic)",
) -> Programme:
    """
    A made-up IPS service with a realistic contact log; no real person is in it.

    It exists so that the bundled sample, the docs and the benchmarks can use data shaped like
    a Swedish IPS service (caseloads of 15 to 20, job development with employers from the first
    weeks, about half of the participants in work, follow-along that meets most but not all of
    the rules) without anyone's records. The result depends on the arguments only: the same
    arguments give an equal programme on every run and every machine.

    Args:
        participants: How many participants, enrolled over *years* from *first_enrolment*.
        specialists: How many employment specialists share the caseload.
        seed: The seed of the random draws.
        first_enrolment: The day the first participant enrols.
        years: The length of the span in which participants enrol.
        contacts_until: The last day of the contact log; by default 16 days after the end of
            the enrolment span, which is also the day the other records describe.
        programme_id: The programme's id.
        name: The programme's name.
    """
    if participants < 0 or specialists < 1:
        msg = (
            "need at least one specialist and no negative count of participants, got "
            f"participants={participants}, specialists={specialists}"
        )
        raise ValueError(msg)
    span = _span_days(years)
    known_on = default_contacts_until(first_enrolment, years)
    builder = _Builder(
        rng=random.Random(seed),
        known_on=known_on,
        contacts_until=known_on if contacts_until is None else contacts_until,
    )
    staff = builder.specialists(specialists)
    people = builder.participants(participants, staff, first_enrolment, span)
    jobs: list[Job] = []
    for participant in people:
        jobs.extend(builder.jobs(participant, len(jobs) + 1))

    skeleton = Programme(
        id=programme_id,
        name=name,
        timezone=_ZONE_NAME,
        specialists=tuple(staff),
        participants=tuple(people),
        jobs=tuple(jobs),
    )
    windows_of: defaultdict[str, list[FollowUp]] = defaultdict(list)
    for window in follow_ups(skeleton, until=builder.contacts_until):
        windows_of[window.participant_id].append(window)
    jobs_of: defaultdict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        jobs_of[job.participant_id].append(job)
    colleagues = [specialist.id for specialist in staff]
    for index, participant in enumerate(people):
        builder.contacts(
            participant,
            index,
            jobs_of[participant.id],
            windows_of[participant.id],
            colleagues,
        )
    return attrs.evolve(skeleton, contacts=tuple(builder.finish_contacts()))
