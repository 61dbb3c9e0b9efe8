"""
The jobs, studies and internships of a synthetic programme, drawn around each plan.

What a participant does on the report date is drawn first, so that it holds on that day;
then perhaps something done alongside, something earlier, or a job still to come.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import attrs

from ipsrules._model import ExitReason, Internship, Job, Participant, Study

from ._dates import study_terms, weekday, weekday_within
from ._draws import Draws
from ._mix import ALONGSIDE, Doing
from ._people import Plan
from ._values import (
    EMPLOYER_STEMS,
    INTERNSHIP_HOURS,
    PART_TIME_HOURS,
    STUDY_HOURS,
    STUDY_KIND_WEIGHTS,
    STUDY_KINDS,
    TRADE_WEIGHTS,
    TRADES,
)


@attrs.define
class Activities:
    """The jobs, studies and internships drawn so far, numbered in the order drawn."""

    draws: Draws
    jobs: list[Job] = attrs.field(factory=list)
    studies: list[Study] = attrs.field(factory=list)
    internships: list[Internship] = attrs.field(factory=list)

    def draw(self, participant: Participant, plan: Plan) -> None:
        """Draw one participant's jobs, studies and internships around their plan."""
        rng = self.draws.rng
        report = self.draws.report_date
        if plan.doing is not None:
            until = max(report, plan.discharged_on or report)
            begins = self._current(participant, plan.doing, until)
            self._earlier(participant, before=begins)
            # Some do two things at once; the status on the report date counts the first.
            if plan.doing is Doing.COMPETITIVE_JOB and rng.random() < 0.12:
                self._study(participant, starts_by=report, runs_until=report, part_time=True)
            elif rng.random() < ALONGSIDE.get(plan.doing, 0.0):
                self._internship(participant, starts_by=report, runs_until=report)
            if (
                plan.discharged_on is None
                and plan.doing in (Doing.STUDIES, Doing.INTERNSHIP, Doing.SEARCHING)
                and rng.random() < 0.2
            ):
                # A job that starts after the report date, perhaps known ahead of its start.
                starts = self.draws.day_within(
                    report + timedelta(days=1), self.draws.known_on + timedelta(days=14)
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

    def _current(self, participant: Participant, doing: Doing, until: date) -> date:
        """Draw what *participant* does on the report date (and until *until*); its start."""
        rng = self.draws.rng
        enrolled, report = participant.enrolled_on, self.draws.report_date
        if doing in (Doing.COMPETITIVE_JOB, Doing.OTHER_PAID_JOB):
            reported: date | None = None
            if (report - enrolled).days < 33 or rng.random() < 0.06:
                # Holds a job at enrolment: reported on entry, so its earlier windows are waived.
                starts = weekday(enrolled - timedelta(days=rng.randint(20, 400)))
                reported = enrolled
            else:
                starts = self._start_after(enrolled, report)
            competitive = doing is Doing.COMPETITIVE_JOB
            return self._job(
                participant, starts, competitive=competitive, reported=reported, runs_until=until
            ).start
        if doing is Doing.STUDIES:
            return self._study(participant, starts_by=report, runs_until=until).start
        if doing is Doing.INTERNSHIP:
            return self._internship(participant, starts_by=report, runs_until=until).start
        return report

    def _earlier(self, participant: Participant, before: date) -> None:
        """Perhaps one internship, job or study that ended a week or more before *before*."""
        rng = self.draws.rng
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
        delay = min(room, max(12, round(self.draws.rng.lognormvariate(math.log(75), 0.6))))
        return weekday_within(enrolled + timedelta(days=delay), enrolled, latest)

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
        rng = self.draws.rng
        known_on = self.draws.known_on
        trade, endings = rng.choices(TRADES, weights=TRADE_WEIGHTS)[0]
        if competitive:
            employer = f"{rng.choice(EMPLOYER_STEMS)} {rng.choice(endings)}"
        else:
            employer = f"Arbetscenter {rng.choice(EMPLOYER_STEMS)}"
        roll = rng.random()
        hours: float | None = (
            40.0 if roll < 0.45 else None if roll < 0.5 else rng.choice(PART_TIME_HOURS)
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
        rng = self.draws.rng
        kind = rng.choices(STUDY_KINDS, weights=STUDY_KIND_WEIGHTS)[0]
        end: date | None
        if kind == "course":
            start = self.draws.day_within(starts_by - timedelta(days=90), starts_by)
            end = max(runs_until, start + timedelta(days=rng.randint(30, 120)))
        else:  # a school: one or more terms, the last perhaps not yet known
            terms = study_terms(runs_until)
            begun = [first for first, _ in terms if first <= starts_by]
            start = begun[-1 - rng.choice((0, 0, 0, 1, 2))]
            ends = [last for _, last in terms if last >= runs_until and last > start]
            end = ends[rng.choice((0, 0, 1, 2))] if rng.random() >= 0.1 else None
        hours = rng.choice((5.0, 8.0, 10.0)) if part_time else self._study_hours()
        return self._add_study(participant, start, end, kind, hours)

    def _ended_study(self, participant: Participant, *, earliest: date, ends_by: date) -> Study:
        """A short course from *earliest* that ended by *ends_by*."""
        rng = self.draws.rng
        kind = rng.choice(("course", "course", "adult_education"))
        start = self.draws.day_within(earliest, ends_by - timedelta(days=30))
        end = min(ends_by, start + timedelta(days=rng.randint(28, 120)))
        return self._add_study(participant, start, end, kind, self._study_hours())

    def _study_hours(self) -> float | None:
        rng = self.draws.rng
        return None if rng.random() < 0.2 else rng.choice(STUDY_HOURS)

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
        rng = self.draws.rng
        opens = min(max(participant.enrolled_on, starts_by - timedelta(days=150)), starts_by)
        start = self.draws.day_within(opens, starts_by)
        end = None
        if rng.random() >= 0.15:
            end = max(runs_until, start + timedelta(days=rng.randint(56, 182)))
        return self._add_internship(participant, start, end)

    def _ended_internship(
        self, participant: Participant, *, earliest: date, ends_by: date
    ) -> Internship:
        """An internship of four weeks to four months from *earliest* that ended by *ends_by*."""
        start = self.draws.day_within(earliest, ends_by - timedelta(days=28))
        end = min(ends_by, start + timedelta(days=self.draws.rng.randint(28, 120)))
        return self._add_internship(participant, start, end)

    def _add_internship(
        self, participant: Participant, start: date, end: date | None
    ) -> Internship:
        rng = self.draws.rng
        _, endings = rng.choices(TRADES, weights=TRADE_WEIGHTS)[0]
        internship = Internship(
            id=f"IN{len(self.internships) + 1:04d}",
            participant_id=participant.id,
            start=start,
            end=end,
            employer=f"{rng.choice(EMPLOYER_STEMS)} {rng.choice(endings)}",
            hours_per_week=rng.choice(INTERNSHIP_HOURS),
        )
        self.internships.append(internship)
        return internship
