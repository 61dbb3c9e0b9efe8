"""
A synthetic IPS programme: records shaped like a Swedish IPS service, with no real person in them.

The library needs data that looks like a working service, for the bundled sample programme
(the CLI's default input and the docs' examples) and for the benchmarks, without holding
anyone's health or employment records. Everything here is drawn from one seeded
`random.Random`: every name, code and employer is made up, and the same arguments give the
same programme on every run and every machine.

The programme is planned backwards from a *report date*: what each participant does on
that day (a competitive job, other paid work, studies, an internship, or planning and job
search) is dealt out first, in the proportions of a board report's example, and their jobs,
studies and internships are then drawn around it. So the status counts on the report date
are known exactly, while the records before and after it look like a service at work.
"""

from __future__ import annotations

import heapq
import math
import random
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import attrs

from ._model import (
    NO_INCOME_SUPPORT,
    Contact,
    ContactMode,
    ExitReason,
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
)
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


# --- what participants do on the report date ----------------------------------


class _Doing(StrEnum):
    """What an active participant does on the report date, in the order of precedence."""

    COMPETITIVE_JOB = "competitive_job"
    OTHER_PAID_JOB = "other_paid_job"
    STUDIES = "studies"
    INTERNSHIP = "internship"
    SEARCHING = "searching"


# The board report's example, per 92 active participants: 22 in employment (19 in competitive
# jobs, 3 in other paid work), 15 studying, 31 in an internship, 24 in planning or job search.
_REFERENCE_ACTIVE = 92
_DOING_MIX = {
    _Doing.COMPETITIVE_JOB: 19,
    _Doing.OTHER_PAID_JOB: 3,
    _Doing.STUDIES: 15,
    _Doing.INTERNSHIP: 31,
    _Doing.SEARCHING: 24,
}
# Per 92 active participants: those who left before the report date, by exit reason.
_EXIT_MIX = {
    ExitReason.EMPLOYED: 8,
    ExitReason.STUDYING: 3,
    ExitReason.MOVED_ON: 4,
    ExitReason.DROPPED_OUT: 6,
    ExitReason.OTHER: 3,
}
# The share of those in other paid work or studies who do an internship alongside.
_ALONGSIDE = {_Doing.OTHER_PAID_JOB: 0.3, _Doing.STUDIES: 0.2}
# Per 92 active participants: 51 referrals wait on the report date; of those, 6 are enrolled
# and 4 declined or withdrawn before the records end. 5 more arrive after the report date;
# 9 were declined and 7 withdrawn before it.
_WAITING = 51
_ENROLLED_LATER = 6
_DECIDED_LATER = 4
_REFERRED_LATER = 5
_DECLINED = 9
_WITHDRAWN = 7

# Main income support at entry, as open categories (Swedish benefits in English words):
# aktivitetsersättning, sjukersättning, sjukpenning, ekonomiskt bistånd, aktivitetsstöd.
_INCOME_SUPPORT = (
    "activity_compensation",
    "sickness_compensation",
    "sickness_benefit",
    "financial_assistance",
    "activity_support",
    NO_INCOME_SUPPORT,
)
_INCOME_SUPPORT_WEIGHTS = (18, 8, 14, 30, 12, 12)
# The share of leavers who leave their income support behind, by exit reason.
_OFF_SUPPORT = {ExitReason.EMPLOYED: 0.75, ExitReason.STUDYING: 0.45}
_REFERRAL_SOURCES = ("psychiatry", "social_services", "employment_service", "primary_care", "self")
_REFERRAL_SOURCE_WEIGHTS = (55, 15, 12, 8, 10)
_STUDY_KINDS = ("adult_education", "folk_high_school", "vocational_college", "university", "course")
_STUDY_KIND_WEIGHTS = (40, 15, 15, 10, 20)
_INTERNSHIP_HOURS = (10.0, 15.0, 20.0, 20.0, 25.0, 30.0)
_STUDY_HOURS = (10.0, 15.0, 20.0, 25.0, 30.0, 40.0)

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
    """The last day of the records by default: 16 days after the span of *years*."""
    return first_enrolment + timedelta(days=_span_days(years) + 16)


def default_report_date(first_enrolment: date, years: float) -> date:
    """
    The report date by default: the last quarter end at least two weeks before the records end.

    For the sample (enrolment from 4 November 2024 over two years) that is 30 September 2026.
    A span too short to hold a quarter end gives the day two weeks before the records end.
    """
    latest = default_contacts_until(first_enrolment, years) - timedelta(days=14)
    quarter_starts = date(latest.year, latest.month - (latest.month - 1) % 3, 1)
    quarter_end = add_months(quarter_starts, 3) - timedelta(days=1)
    if quarter_end > latest:
        quarter_end = quarter_starts - timedelta(days=1)
    return quarter_end if quarter_end >= first_enrolment else latest


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split *total* in proportion to *weights*, whole numbers by largest remainder."""
    whole = sum(weights)
    counts = [total * weight // whole for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _per_active(active: int, reference: int) -> int:
    """A count given per 92 active participants, scaled to *active*."""
    return _apportion(active, (reference, _REFERENCE_ACTIVE - reference))[0]


def _weekday_within(day: date, earliest: date, latest: date) -> date:
    """*day* moved to a weekday in ``[earliest, latest]``: the Monday after, else the Friday."""
    forward = _weekday(day)
    if forward <= latest:
        return forward
    friday = day - timedelta(days=day.weekday() - 4)
    return friday if friday >= earliest else day


def _terms(around: date) -> list[tuple[date, date]]:
    """Swedish study terms near *around*: spring from mid January, autumn from mid August."""
    found: list[tuple[date, date]] = []
    for year in range(around.year - 3, around.year + 3):
        found.append((_weekday(date(year, 1, 12)), date(year, 6, 5)))
        found.append((_weekday(date(year, 8, 17)), date(year + 1, 1, 15)))
    return found


@attrs.frozen
class _Plan:
    """One participant before their records are drawn: when they came, and what they do."""

    enrolled_on: date
    doing: _Doing | None = None  # on the report date; None when not active on it
    discharged_on: date | None = None
    exit_reason: ExitReason | None = None


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
    report_date: date
    contacts_until: date
    zone: ZoneInfo = attrs.field(factory=lambda: ZoneInfo(_ZONE_NAME))
    planned: list[_PlannedContact] = attrs.field(factory=list)
    jobs: list[Job] = attrs.field(factory=list)
    studies: list[Study] = attrs.field(factory=list)
    internships: list[Internship] = attrs.field(factory=list)

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

    def plans(self, active: int, first: date) -> list[_Plan]:
        """
        Who enrols when, what the active do on the report date, and who leaves why.

        *active* participants are in the service on the report date; besides them, some left
        before it and some enrol after it, from the waiting list.
        """
        rng = self.rng
        report, known_on = self.report_date, self.known_on
        span = (report - first).days
        offsets = sorted(rng.randrange(span + 1) for _ in range(active))
        if offsets:
            offsets[0] = 0
        enrolments = [_weekday_within(first + timedelta(days=n), first, report) for n in offsets]
        # The newest participants are the likeliest to be still planning or searching.
        doings = [
            doing
            for doing, count in zip(
                _DOING_MIX, _apportion(active, list(_DOING_MIX.values())), strict=True
            )
            for _ in range(count)
        ]
        searching = doings.count(_Doing.SEARCHING)
        ranked = sorted(
            range(active),
            key=lambda i: ((report - enrolments[i]).days + 1) * rng.lognormvariate(0, 0.8),
        )
        others = [doing for doing in doings if doing is not _Doing.SEARCHING]
        rng.shuffle(others)
        doing_of = dict.fromkeys(ranked[:searching], _Doing.SEARCHING)
        doing_of.update(zip(ranked[searching:], others, strict=True))
        found: list[_Plan] = []
        last_exit = known_on - timedelta(days=7)
        for index, enrolled in enumerate(enrolments):
            doing = doing_of[index]
            if (report - enrolled).days >= 90 and last_exit > report and rng.random() < 0.05:
                # Leaves in the weeks after the report date, for a reason that fits.
                leaves = self._day_within(report + timedelta(days=1), last_exit)
                if doing in (_Doing.COMPETITIVE_JOB, _Doing.OTHER_PAID_JOB):
                    reason = ExitReason.EMPLOYED
                elif doing is _Doing.STUDIES:
                    reason = ExitReason.STUDYING
                else:
                    reason = rng.choice(
                        (ExitReason.MOVED_ON, ExitReason.DROPPED_OUT, ExitReason.OTHER)
                    )
                found.append(_Plan(enrolled, doing, leaves, reason))
            else:
                found.append(_Plan(enrolled, doing))
        # Those who left before the report date: in the service for three months or more.
        if span >= 120:
            counts = _apportion(
                _per_active(active, sum(_EXIT_MIX.values())), list(_EXIT_MIX.values())
            )
            for reason, count in zip(_EXIT_MIX, counts, strict=True):
                for _ in range(count):
                    latest = report - timedelta(days=120)
                    enrolled = _weekday_within(
                        first + timedelta(days=rng.randrange((latest - first).days + 1)),
                        first,
                        latest,
                    )
                    stays = rng.randint(90, 600)
                    leaves = min(enrolled + timedelta(days=stays), report - timedelta(days=1))
                    leaves = _weekday_within(leaves, enrolled, report - timedelta(days=1))
                    found.append(_Plan(enrolled, None, leaves, reason))
        # Those who enrol after it, from the waiting list.
        if (known_on - report).days >= 13:
            for _ in range(_per_active(active, _ENROLLED_LATER)):
                found.append(
                    _Plan(
                        self._day_within(report + timedelta(days=3), known_on - timedelta(days=10))
                    )
                )
        return sorted(found, key=lambda plan: plan.enrolled_on)

    def participants(self, plans: list[_Plan], specialists: list[Specialist]) -> list[Participant]:
        rng = self.rng
        # Those active on the report date go to the specialist with the smallest caseload per
        # FTE, so caseloads are even on that day; the others to a specialist drawn by FTE.
        loads = [(0.0, rng.random(), index) for index in range(len(specialists))]
        heapq.heapify(loads)
        ftes = [specialist.fte for specialist in specialists]
        width = max(4, len(str(len(plans))))
        found: list[Participant] = []
        for number, plan in enumerate(plans, start=1):
            if plan.doing is not None:
                load, _, index = heapq.heappop(loads)
                heapq.heappush(loads, (load + 1 / ftes[index], rng.random(), index))
            else:
                index = rng.choices(range(len(specialists)), weights=ftes)[0]
            at_entry = None  # not recorded
            if rng.random() >= 0.06:
                at_entry = rng.choices(_INCOME_SUPPORT, weights=_INCOME_SUPPORT_WEIGHTS)[0]
            found.append(
                Participant(
                    id=f"IPS-{number:0{width}d}",
                    enrolled_on=plan.enrolled_on,
                    specialist_id=specialists[index].id,
                    discharged_on=plan.discharged_on,
                    exit_reason=plan.exit_reason,
                    income_support_at_entry=at_entry,
                    income_support_at_exit=self._support_at_exit(at_entry, plan.exit_reason),
                )
            )
        return found

    def _support_at_exit(self, at_entry: str | None, reason: ExitReason | None) -> str | None:
        if reason is None:
            return None
        rng = self.rng
        if rng.random() < 0.05:
            return None  # not recorded
        if at_entry == NO_INCOME_SUPPORT or rng.random() < _OFF_SUPPORT.get(reason, 0.08):
            return NO_INCOME_SUPPORT
        if at_entry is None:
            return rng.choices(_INCOME_SUPPORT[:-1], weights=_INCOME_SUPPORT_WEIGHTS[:-1])[0]
        return at_entry

    # --- jobs, studies and internships ----------------------------------------

    def activities(self, participant: Participant, plan: _Plan) -> None:
        """Draw one participant's jobs, studies and internships around their plan."""
        rng = self.rng
        report = self.report_date
        if plan.doing is not None:
            until = max(report, plan.discharged_on or report)
            begins = self._current(participant, plan.doing, until)
            self._earlier(participant, before=begins)
            # Some do two things at once; the status on the report date counts the first.
            if plan.doing is _Doing.COMPETITIVE_JOB and rng.random() < 0.12:
                self._study(participant, starts_by=report, runs_until=report, part_time=True)
            elif rng.random() < _ALONGSIDE.get(plan.doing, 0.0):
                self._internship(participant, starts_by=report, runs_until=report)
            if (
                plan.discharged_on is None
                and plan.doing in (_Doing.STUDIES, _Doing.INTERNSHIP, _Doing.SEARCHING)
                and rng.random() < 0.2
            ):
                # A job that starts after the report date, perhaps known ahead of its start.
                starts = self._day_within(
                    report + timedelta(days=1), self.known_on + timedelta(days=14)
                )
                self._job(participant, starts, competitive=rng.random() >= 0.06)
        elif plan.discharged_on is not None and plan.discharged_on < report:
            leaves = plan.discharged_on
            begins = leaves
            if plan.exit_reason is ExitReason.EMPLOYED:
                starts = self._start_after(participant.enrolled_on, leaves - timedelta(days=21))
                begins = self._job(
                    participant, starts, competitive=rng.random() >= 0.1, runs_until=leaves
                ).start
            elif plan.exit_reason is ExitReason.STUDYING:
                begins = self._study(
                    participant, starts_by=leaves - timedelta(days=14), runs_until=leaves
                ).start
            self._earlier(participant, before=min(begins, leaves))

    def _current(self, participant: Participant, doing: _Doing, until: date) -> date:
        """Draw what *participant* does on the report date (and until *until*); its start."""
        rng = self.rng
        enrolled, report = participant.enrolled_on, self.report_date
        if doing in (_Doing.COMPETITIVE_JOB, _Doing.OTHER_PAID_JOB):
            reported: date | None = None
            if (report - enrolled).days < 33 or rng.random() < 0.06:
                # Holds a job at enrolment: reported on entry, so its earlier windows are waived.
                starts = _weekday(enrolled - timedelta(days=rng.randint(20, 400)))
                reported = enrolled
            else:
                starts = self._start_after(enrolled, report)
            competitive = doing is _Doing.COMPETITIVE_JOB
            return self._job(
                participant, starts, competitive=competitive, reported=reported, runs_until=until
            ).start
        if doing is _Doing.STUDIES:
            return self._study(participant, starts_by=report, runs_until=until).start
        if doing is _Doing.INTERNSHIP:
            return self._internship(participant, starts_by=report, runs_until=until).start
        return report

    def _earlier(self, participant: Participant, before: date) -> None:
        """Perhaps one internship, job or study that ended a week or more before *before*."""
        rng = self.rng
        enrolled = participant.enrolled_on
        if (before - enrolled).days < 75 or rng.random() >= 0.45:
            return
        ends_by = before - timedelta(days=7)
        kind = rng.choices(("internship", "job", "study"), weights=(5, 3, 2))[0]
        if kind == "internship":
            self._ended_internship(participant, earliest=enrolled, ends_by=ends_by)
        elif kind == "job":
            starts = self._start_after(enrolled, before - timedelta(days=40))
            self._job(participant, starts, competitive=rng.random() >= 0.1, ends_by=ends_by)
        else:
            self._ended_study(participant, earliest=enrolled, ends_by=ends_by)

    def _start_after(self, enrolled: date, latest: date) -> date:
        """A job's first day: mostly one to four months after entry, never after *latest*."""
        room = (latest - enrolled).days
        delay = min(room, max(12, round(self.rng.lognormvariate(math.log(75), 0.6))))
        return _weekday_within(enrolled + timedelta(days=delay), enrolled, latest)

    def _job(
        self,
        participant: Participant,
        start: date,
        *,
        competitive: bool,
        reported: date | None = None,
        runs_until: date | None = None,
        ends_by: date | None = None,
    ) -> Job:
        """
        A job from *start*: it runs at least until *runs_until*, or it ends by *ends_by*,
        or (neither given) it starts after the report date and runs on.
        """
        rng = self.rng
        known_on = self.known_on
        trade, endings = rng.choices(_TRADES, weights=_TRADE_WEIGHTS)[0]
        if competitive:
            employer = f"{rng.choice(_EMPLOYER_STEMS)} {rng.choice(endings)}"
        else:
            employer = f"Arbetscenter {rng.choice(_EMPLOYER_STEMS)}"
        roll = rng.random()
        hours: float | None = (
            40.0 if roll < 0.45 else None if roll < 0.5 else rng.choice(_PART_TIME_HOURS)
        )
        end: date | None = None
        if ends_by is not None:
            length = min(600, max(10, round(rng.lognormvariate(math.log(130), 0.8))))
            end = min(ends_by, start + timedelta(days=length))
        elif runs_until is not None and rng.random() < 0.15:
            end = runs_until + timedelta(days=rng.randint(0, 120))
            if end > known_on:
                end = None
        end_known: date | None = None
        if end is not None and rng.random() < 0.3:
            end_known = end + timedelta(days=rng.randint(2, 9))
            if end_known > known_on:
                end_known = None
        if reported is None and rng.random() < 0.12:
            reported = start + timedelta(days=rng.randint(8, 20))
        if reported is not None and (reported <= start or reported > known_on):
            reported = None
        declined: date | None = None
        if rng.random() < 0.08:
            declined = start + timedelta(days=rng.randint(90, 200))
            if declined > known_on or (end is not None and declined > end):
                declined = None
        job = Job(
            id=f"J{len(self.jobs) + 1:04d}",
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
        self.jobs.append(job)
        return job

    def _study(
        self,
        participant: Participant,
        *,
        starts_by: date,
        runs_until: date,
        part_time: bool = False,
    ) -> Study:
        """A study that starts by *starts_by* and runs at least until *runs_until*."""
        rng = self.rng
        kind = rng.choices(_STUDY_KINDS, weights=_STUDY_KIND_WEIGHTS)[0]
        end: date | None
        if kind == "course":
            start = self._day_within(starts_by - timedelta(days=90), starts_by)
            end = max(runs_until, start + timedelta(days=rng.randint(30, 120)))
        else:  # a school: one or more terms, the last perhaps not yet known
            terms = _terms(runs_until)
            begun = [first for first, _ in terms if first <= starts_by]
            start = begun[-1 - rng.choice((0, 0, 0, 1, 2))]
            ends = [last for _, last in terms if last >= runs_until and last > start]
            end = ends[rng.choice((0, 0, 1, 2))] if rng.random() >= 0.1 else None
        hours = rng.choice((5.0, 8.0, 10.0)) if part_time else self._study_hours()
        return self._add_study(participant, start, end, kind, hours)

    def _ended_study(self, participant: Participant, *, earliest: date, ends_by: date) -> Study:
        """A short course from *earliest* that ended by *ends_by*."""
        rng = self.rng
        kind = rng.choice(("course", "course", "adult_education"))
        start = self._day_within(earliest, ends_by - timedelta(days=30))
        end = min(ends_by, start + timedelta(days=rng.randint(28, 120)))
        return self._add_study(participant, start, end, kind, self._study_hours())

    def _study_hours(self) -> float | None:
        return None if self.rng.random() < 0.2 else self.rng.choice(_STUDY_HOURS)

    def _add_study(
        self,
        participant: Participant,
        start: date,
        end: date | None,
        kind: str,
        hours: float | None,
    ) -> Study:
        study = Study(
            id=f"ST{len(self.studies) + 1:04d}",
            participant_id=participant.id,
            start=start,
            end=end,
            kind=kind,
            hours_per_week=hours,
        )
        self.studies.append(study)
        return study

    def _internship(
        self, participant: Participant, *, starts_by: date, runs_until: date
    ) -> Internship:
        """An internship since enrolment or later, that starts by *starts_by* and runs at least
        until *runs_until*: two to six months at a workplace, or not yet known."""
        rng = self.rng
        opens = min(max(participant.enrolled_on, starts_by - timedelta(days=150)), starts_by)
        start = self._day_within(opens, starts_by)
        end = None
        if rng.random() >= 0.15:
            end = max(runs_until, start + timedelta(days=rng.randint(56, 182)))
        return self._add_internship(participant, start, end)

    def _ended_internship(
        self, participant: Participant, *, earliest: date, ends_by: date
    ) -> Internship:
        """An internship of four weeks to four months from *earliest* that ended by *ends_by*."""
        start = self._day_within(earliest, ends_by - timedelta(days=28))
        end = min(ends_by, start + timedelta(days=self.rng.randint(28, 120)))
        return self._add_internship(participant, start, end)

    def _add_internship(
        self, participant: Participant, start: date, end: date | None
    ) -> Internship:
        rng = self.rng
        _, endings = rng.choices(_TRADES, weights=_TRADE_WEIGHTS)[0]
        internship = Internship(
            id=f"IN{len(self.internships) + 1:04d}",
            participant_id=participant.id,
            start=start,
            end=end,
            employer=f"{rng.choice(_EMPLOYER_STEMS)} {rng.choice(endings)}",
            hours_per_week=rng.choice(_INTERNSHIP_HOURS),
        )
        self.internships.append(internship)
        return internship

    # --- referrals ------------------------------------------------------------

    def referrals(self, people: list[Participant], active: int, first: date) -> list[Referral]:
        """
        One enrolled referral per participant, the waiting list, and the referrals declined
        or withdrawn; numbered in the order they arrived.
        """
        rng = self.rng
        report, known_on = self.report_date, self.known_on
        oldest = max(first - timedelta(days=30), report - timedelta(days=300))
        drafts: list[tuple[date, ReferralState, date | None, str | None]] = []
        for participant in people:
            enrolled = participant.enrolled_on
            if enrolled > report:  # came off the waiting list of the report date
                referred = self._day_within(oldest, report)
            else:
                # The wait grows as the service fills: about a month at the start, about
                # five months by the report date.
                progress = (enrolled - first).days / max(1, (report - first).days)
                typical = 30 + 120 * progress
                wait = min(300, max(3, round(rng.lognormvariate(math.log(typical), 0.5))))
                referred = enrolled - timedelta(days=wait)
            drafts.append((referred, ReferralState.ENROLLED, enrolled, participant.id))
        enrolled_later = sum(participant.enrolled_on > report for participant in people)
        waiting = _per_active(active, _WAITING)
        decided_later = 0
        if known_on > report:
            decided_later = min(_per_active(active, _DECIDED_LATER), waiting - enrolled_later)
        for _ in range(decided_later):
            state = rng.choice((ReferralState.DECLINED, ReferralState.WITHDRAWN))
            decided = self._day_within(report + timedelta(days=1), known_on)
            drafts.append((self._day_within(oldest, report), state, decided, None))
        for _ in range(waiting - enrolled_later - decided_later):
            drafts.append((self._day_within(oldest, report), ReferralState.REFERRED, None, None))
        if known_on > report:
            for _ in range(_per_active(active, _REFERRED_LATER)):
                referred = self._day_within(report + timedelta(days=1), known_on)
                drafts.append((referred, ReferralState.REFERRED, None, None))
        decided_before = [ReferralState.DECLINED] * _per_active(active, _DECLINED) + [
            ReferralState.WITHDRAWN
        ] * _per_active(active, _WITHDRAWN)
        for state in decided_before:
            referred = self._day_within(first - timedelta(days=30), report - timedelta(days=30))
            decided = min(report, referred + timedelta(days=rng.randint(7, 90)))
            drafts.append((referred, state, decided, None))
        order = sorted(range(len(drafts)), key=lambda i: (drafts[i][0], i))
        width = max(4, len(str(len(drafts))))
        return [
            Referral(
                id=f"R{number:0{width}d}",
                referred_on=drafts[index][0],
                state=drafts[index][1],
                decided_on=drafts[index][2],
                participant_id=drafts[index][3],
                source=rng.choices(_REFERRAL_SOURCES, weights=_REFERRAL_SOURCE_WEIGHTS)[0],
            )
            for number, index in enumerate(order, start=1)
        ]

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
    report_date: date | None = None,
    contacts_until: date | None = None,
    programme_id: str = "exempelstaden-ips",
    name: str = "Exempelstaden IPS (synthetic)",
) -> Programme:
    """
    A made-up IPS service with a realistic contact log; no real person is in it.

    It exists so that the bundled sample, the docs and the benchmarks can use data shaped like
    a Swedish IPS service (caseloads of 15 to 20, job development with employers from the first
    weeks, participants in jobs, studies and internships, a waiting list, follow-along that
    meets most but not all of the rules) without anyone's records. The result depends on the
    arguments only: the same arguments give an equal programme on every run and every machine.

    On *report_date*, *participants* participants are active, and what they do is split as in
    a board report's example (of 92: 19 in competitive jobs and 3 in other paid work, 15
    studying, 31 in an internship, 24 planning or searching; largest remainders for other
    counts), with 51 referrals per 92 waiting. Besides them the programme holds participants
    who left before the report date (about one per four active, with exit reasons and income
    support) and a few who enrolled after it from the waiting list.

    Args:
        participants: How many participants are active on *report_date*, enrolled between
            *first_enrolment* and that day.
        specialists: How many employment specialists share the caseload.
        seed: The seed of the random draws.
        first_enrolment: The day the first participant enrols.
        years: The length of the span that the records describe, from *first_enrolment*.
        report_date: The day whose status counts follow the board report's example; by
            default `default_report_date` (30 September 2026 for the sample).
        contacts_until: The last day of the contact log; by default 16 days after the end of
            the span, which is also the day the other records describe.
        programme_id: The programme's id.
        name: The programme's name.
    """
    if participants < 0 or specialists < 1:
        msg = (
            "need at least one specialist and no negative count of participants, got "
            f"participants={participants}, specialists={specialists}"
        )
        raise ValueError(msg)
    known_on = default_contacts_until(first_enrolment, years)
    report = default_report_date(first_enrolment, years) if report_date is None else report_date
    if not first_enrolment <= report <= known_on:
        msg = (
            f"report_date must be from first_enrolment ({first_enrolment}) to the end of the "
            f"records ({known_on}), got {report}"
        )
        raise ValueError(msg)
    builder = _Builder(
        rng=random.Random(seed),
        known_on=known_on,
        report_date=report,
        contacts_until=known_on if contacts_until is None else contacts_until,
    )
    staff = builder.specialists(specialists)
    plans = builder.plans(participants, first_enrolment)
    people = builder.participants(plans, staff)
    for participant, plan in zip(people, plans, strict=True):
        builder.activities(participant, plan)
    skeleton = Programme(
        id=programme_id,
        name=name,
        timezone=_ZONE_NAME,
        specialists=tuple(staff),
        participants=tuple(people),
        jobs=tuple(builder.jobs),
        studies=tuple(builder.studies),
        internships=tuple(builder.internships),
    )
    windows_of: defaultdict[str, list[FollowUp]] = defaultdict(list)
    for window in follow_ups(skeleton, until=builder.contacts_until):
        windows_of[window.participant_id].append(window)
    jobs_of: defaultdict[str, list[Job]] = defaultdict(list)
    for job in builder.jobs:
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
    del windows_of  # a million follow-ups on a county: not needed past this point
    contacts = builder.finish_contacts()
    # Drawn last, so that the waiting list can change without changing the contact log.
    referrals = builder.referrals(people, participants, first_enrolment)
    return attrs.evolve(skeleton, contacts=tuple(contacts), referrals=tuple(referrals))
