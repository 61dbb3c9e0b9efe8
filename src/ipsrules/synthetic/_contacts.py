"""
The contact log of a synthetic programme: job development, meetings and follow-along.

Each participant's contacts are planned from their jobs and follow-up windows: employers
met from the first weeks, meetings while they search, a meeting in most follow-along windows
(not all, so that some are missed) and a call soon after a job ends. Besides them each
specialist meets employers with no participant in mind (generic job development) while in
post. The log is numbered once every contact is planned, in the order of time.
"""

from __future__ import annotations

import random
from bisect import bisect_left, insort
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from ipsrules._model import Contact, ContactMode, Job, Participant, Party, Specialist
from ipsrules._windows import FollowUp, add_months
from ipsrules.rules import IPS25, Rule

from ._dates import weekday
from ._draws import Draws
from ._values import (
    CALL_EMPLOYER,
    FACE_TO_FACE_MINUTES,
    MEET_AT_OFFICE,
    MEET_EMPLOYER,
    MEET_IN_COMMUNITY,
    MESSAGE,
    PHONE,
    VIDEO,
    ZONE_NAME,
    Kind,
)

# The rules met by a face-to-face meeting with the participant, which follow-along plans for.
_FOLLOW_ALONG = (Rule.PRE_START, Rule.START, Rule.WEEK, Rule.MONTH)


@attrs.define
class _PlannedContact:
    """A contact before it gets its id: sorted by moment, then participant, then creation."""

    key: tuple[int, int, int, int]
    participant_id: str | None  # None for generic job development
    at: date | datetime
    kind: Kind
    specialist_id: str
    minutes: int


@attrs.define
class ContactLog:
    """The contacts planned so far, for every participant, until they are numbered."""

    draws: Draws
    zone: ZoneInfo = attrs.field(factory=lambda: ZoneInfo(ZONE_NAME))
    planned: list[_PlannedContact] = attrs.field(factory=list)

    def plan(
        self,
        participant: Participant,
        index: int,
        jobs: list[Job],
        windows: list[FollowUp],
        colleagues: list[str],
    ) -> None:
        """Plan the contact log of one participant (number *index* in the programme)."""
        rng = self.draws.rng
        stop = self.draws.contacts_until
        if participant.discharged_on is not None:
            stop = min(stop, participant.discharged_on)
        meetings: list[date] = []  # days of face-to-face meetings with the participant
        own = participant.specialist_id or colleagues[0]

        def log(day: date, kind: Kind) -> None:
            if day > stop:
                return
            specialist = rng.choice(colleagues) if rng.random() < 0.04 else own
            if kind[0] is ContactMode.FACE_TO_FACE:
                minutes = rng.choice(FACE_TO_FACE_MINUTES)
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
                if kind is MESSAGE and rng.random() < 0.3:
                    at = at.astimezone(UTC)  # sent from a system that logs in UTC
            key = (day.toordinal(), clock, index, len(self.planned))
            self.planned.append(_PlannedContact(key, participant.id, at, kind, specialist, minutes))

        def meeting_kind() -> Kind:
            roll = rng.random()
            if roll < 0.58:
                return MEET_IN_COMMUNITY
            if roll < 0.8:
                return MEET_AT_OFFICE
            if roll < 0.9:
                return PHONE
            return VIDEO if roll < 0.94 else MESSAGE

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
            first_visit = weekday(participant.enrolled_on + timedelta(days=delay))
            log(first_visit, MEET_EMPLOYER)
        for begins, ends in searches:
            after = first_visit if first_visit is not None and begins < first_visit else begins
            day = weekday(after + timedelta(days=rng.randint(7, 21)))
            while day <= ends:
                log(day, MEET_EMPLOYER if rng.random() < 0.8 else CALL_EMPLOYER)
                day = weekday(day + timedelta(days=rng.randint(10, 28)))
            day = weekday(begins + timedelta(days=rng.randint(0, 6)))
            while day <= ends:
                log(day, meeting_kind())
                day = weekday(day + timedelta(days=rng.randint(6, 18)))

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
                log(self.draws.day_within(window.opens, closes), _face_to_face_kind(rng))
        for job in jobs:
            supported_until = min(job.end or stop, job.follow_along_declined_on or stop, stop)
            # A call or a message now and then between meetings, in the first half year.
            day = weekday(job.start + timedelta(days=rng.randint(10, 25)))
            until = min(supported_until, add_months(job.start, 6))
            while day <= until:
                log(day, PHONE if rng.random() < 0.7 else MESSAGE)
                day = weekday(day + timedelta(days=rng.randint(14, 35)))
            if rng.random() < 0.4:
                log(weekday(job.start + timedelta(days=rng.randint(10, 45))), MEET_EMPLOYER)
            # After the year of follow-along: a meeting about monthly, when it goes on.
            review = add_months(job.start, IPS25.follow_along_months)
            if supported_until > review and rng.random() < 0.6:
                day = weekday(review + timedelta(days=rng.randint(0, 20)))
                while day <= supported_until:
                    log(day, _face_to_face_kind(rng))
                    day = weekday(day + timedelta(days=rng.randint(25, 45)))
            # A call soon after the job ended, mostly within the three days the rules allow.
            learnt = job.end_learnt_on
            if learnt is not None and rng.random() < 0.88:
                late = rng.random() < 0.1
                log(
                    learnt + timedelta(days=rng.randint(4, 8) if late else rng.randint(0, 3)),
                    PHONE,
                )

    def plan_job_development(
        self, specialists: list[Specialist], rng: random.Random, first: date, after: int
    ) -> None:
        """
        Plan each specialist's generic employer meetings, about every two to four weeks while
        in post from *first* to the end of the log: face to face, out in the community, with
        no participant. Drawn from *rng*, a source of their own, so that the participants'
        contacts stay as they are; *after* orders them after every participant's contacts of
        the same moment (the participants' count).
        """
        for number, specialist in enumerate(specialists):
            begins = max(first, specialist.started_on or first)
            ends = min(self.draws.contacts_until, specialist.left_on or self.draws.contacts_until)
            day = weekday(begins + timedelta(days=rng.randint(3, 14)))
            while day <= ends:
                clock = rng.randint(8 * 4, 15 * 4) * 15
                hour, minute = divmod(clock, 60)
                at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone)
                key = (day.toordinal(), clock, after + number, len(self.planned))
                minutes = rng.choice((30, 45, 45, 60, 60, 90))
                self.planned.append(
                    _PlannedContact(key, None, at, MEET_EMPLOYER, specialist.id, minutes)
                )
                day = weekday(day + timedelta(days=rng.randint(12, 28)))

    def finish(self) -> list[Contact]:
        """The planned contacts in the order of time, with ids."""
        planned_contacts = self.planned
        self.planned = []
        planned_contacts.sort(key=lambda planned: planned.key)
        width = max(6, len(str(len(planned_contacts))))
        contacts: list[Contact] = []
        for index, planned in enumerate(planned_contacts):
            contacts.append(
                Contact(
                    participant_id=planned.participant_id,
                    at=planned.at,
                    mode=planned.kind[0],
                    party=planned.kind[1],
                    setting=planned.kind[2],
                    specialist_id=planned.specialist_id,
                    minutes=planned.minutes,
                    id=f"C{index + 1:0{width}d}",
                )
            )
            # Let each plan go as its contact is made: on 100,000 participants, plans and
            # contacts held side by side would take gigabytes.
            planned_contacts[index] = None  # type: ignore[call-overload]
        return contacts


def _face_to_face_kind(rng: random.Random) -> Kind:
    """A face-to-face meeting with the participant: mostly out in the community."""
    return MEET_IN_COMMUNITY if rng.random() < 0.75 else MEET_AT_OFFICE
