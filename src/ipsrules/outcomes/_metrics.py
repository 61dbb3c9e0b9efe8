"""
Outcome metrics for a period: how many were served, how many worked, how soon, how long.

Every metric carries its definition and the ids of the records it counted, so that a
figure in a board report can be traced back to the people and jobs behind it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date

import attrs

from ipsrules._grouping import by_participant
from ipsrules._model import (
    NO_INCOME_SUPPORT,
    ExitReason,
    Job,
    Participant,
    Programme,
    WorkAbilityAssessment,
)
from ipsrules._period import Period

EXITS_TO_WORK_OR_STUDIES = frozenset({ExitReason.EMPLOYED, ExitReason.STUDYING})
"""
The exit reasons of the combined figure `OutcomeMetrics.exits_to_work_or_studies`: the sum
of the exits to work and the exits to studies, which are also reported apart.
"""


@attrs.frozen
class Count:
    """
    A number of records.

    Attributes:
        name: The metric's name, such as ``"served"``.
        definition: What is counted.
        evidence: The ids of the records counted.
    """

    name: str
    definition: str
    evidence: tuple[str, ...]

    @property
    def value(self) -> int:
        """How many records were counted."""
        return len(self.evidence)


@attrs.frozen
class Share:
    """
    A share of a population: *numerator* of *denominator*, ``None`` when nobody is in it.

    Attributes:
        name: The metric's name, such as ``"employment_rate"``.
        definition: What the numerator and the denominator count.
        evidence: The ids of the records in the numerator.
        population: The ids of the records in the denominator.
        unknown: The ids of records left out of the denominator because the fact the share
            asks about is not recorded for them.
    """

    name: str
    definition: str
    evidence: tuple[str, ...]
    population: tuple[str, ...]
    unknown: tuple[str, ...] = ()

    @property
    def numerator(self) -> int:
        """How many records are in the numerator."""
        return len(self.evidence)

    @property
    def denominator(self) -> int:
        """How many records are in the denominator."""
        return len(self.population)

    @property
    def value(self) -> float | None:
        """The share from 0 to 1; ``None`` (not 0) when the denominator is 0."""
        if not self.population:
            return None
        return len(self.evidence) / len(self.population)


@attrs.frozen
class Summary:
    """
    Values measured on some records (days, hours), with their mean and median.

    Attributes:
        name: The metric's name, such as ``"hours_per_week"``.
        definition: What is measured, on which records, and in which unit.
        values: The measurements, one per record.
        evidence: The ids of the records measured, in the order of *values*.
        unknown: The ids of records that qualified but lack the measurement.
    """

    name: str
    definition: str
    values: tuple[float, ...]
    evidence: tuple[str, ...]
    unknown: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """How many records were measured."""
        return len(self.values)

    @property
    def mean(self) -> float | None:
        """The mean, or ``None`` when nothing was measured."""
        return statistics.fmean(self.values) if self.values else None

    @property
    def median(self) -> float | None:
        """The median, or ``None`` when nothing was measured."""
        return statistics.median(self.values) if self.values else None

    @property
    def value(self) -> float | None:
        """The mean: the standard outcome measures report averages."""
        return self.mean


@attrs.frozen
class Disagreements:
    """
    Records that contradict each other, listed by kind so that someone can check them.

    A disagreement is reported, not settled: the figures built on either record stay as
    the records say, and this metric says where they part.

    Attributes:
        name: The metric's name, such as ``"exit_job_disagreements"``.
        definition: What was checked against what, and what each kind means.
        population: The ids of the records checked.
        kinds: Each kind of disagreement with the ids of the records that show it, in the
            order of *population*; every kind is present, with no ids when none shows it.
    """

    name: str
    definition: str
    population: tuple[str, ...]
    kinds: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def evidence(self) -> tuple[str, ...]:
        """The ids of the records that show any kind of disagreement, in population order."""
        found = {record for _, records in self.kinds for record in records}
        return tuple(record for record in self.population if record in found)

    @property
    def value(self) -> int:
        """How many records disagree (each counted once, whatever its kinds)."""
        return len(self.evidence)

    @property
    def checked(self) -> int:
        """How many records were checked."""
        return len(self.population)


Metric = Count | Share | Summary | Disagreements
"""Any one outcome metric."""


@attrs.frozen
class OutcomeMetrics:
    """
    The outcome metrics of a programme over a period; `docs/outcomes.md` defines each.

    Attributes:
        period: The days covered.
        served: Participants active on at least one day of the period.
        employment_rate: Share of those served who held a competitive job in the period.
        job_starts: Competitive jobs that started in the period.
        other_paid_job_starts: Other paid (not competitive) jobs that started in the period.
        days_to_first_job: Days from entry to the first competitive job, for first jobs that
            started in the period.
        job_tenure: Days each competitive job held in the period had lasted by its end or by
            the end of the period.
        hours_per_week: Contracted hours of the competitive jobs held in the period.
        studying: Participants served who studied in the period.
        internships: Participants served who were in an internship in the period.
        enrolled: Participants who entered in the period.
        exits: Participants who left in the period.
        exits_to_work: Share of exits with a known reason that were to work.
        exits_to_studies: Share of exits with a known reason that were to studies.
        exits_to_work_or_studies: The two above together: share of exits with a known
            reason that were to work or to studies.
        exits_with_job: Share of exits who held a paid job on the day they left.
        exit_job_disagreements: Exits whose reason and jobs on the day they left disagree.
        exits_without_income_support: Share of exits with a known income support at exit
            that had none.
        judged_able_started_work: Of the exits judged able to work, the share who started
            a paid job while in the service.
    """

    period: Period
    served: Count
    employment_rate: Share
    job_starts: Count
    other_paid_job_starts: Count
    days_to_first_job: Summary
    job_tenure: Summary
    hours_per_week: Summary
    studying: Count
    internships: Count
    enrolled: Count
    exits: Count
    exits_to_work: Share
    exits_to_studies: Share
    exits_to_work_or_studies: Share
    exits_with_job: Share
    exit_job_disagreements: Disagreements
    exits_without_income_support: Share
    judged_able_started_work: Share

    def all(self) -> tuple[Metric, ...]:
        """Every metric, in the order of the attributes."""
        return tuple(
            getattr(self, field.name)
            for field in attrs.fields(OutcomeMetrics)
            if field.name != "period"
        )


def _active_span(participant: Participant, period: Period) -> tuple[date, date] | None:
    """The days of *period* on which *participant* is active, or ``None`` when there are none."""
    first = max(participant.enrolled_on, period.start)
    last = period.end
    if participant.discharged_on is not None:
        last = min(last, participant.discharged_on)
    return (first, last) if first <= last else None


def _overlaps(start: date, end: date | None, span: tuple[date, date]) -> bool:
    return start <= span[1] and (end is None or end >= span[0])


def _ids(records: Iterable[Participant | Job]) -> tuple[str, ...]:
    return tuple(record.id for record in records)


def _judged_able(
    participant: Participant, judgements: Iterable[WorkAbilityAssessment]
) -> bool | None:
    """
    What the latest judgement of work ability made on or before the discharge day says, or
    ``None`` when there is none.
    """
    left = participant.discharged_on
    made = [judgement for judgement in judgements if left is None or judgement.on <= left]
    if not made:
        return None
    return max(made, key=lambda judgement: judgement.on).able_to_work


def _started_work(participant: Participant, jobs: Iterable[Job]) -> bool:
    """Whether *participant* started one of *jobs* between enrolment and discharge."""
    left = participant.discharged_on
    return any(
        participant.enrolled_on <= job.start and (left is None or job.start <= left) for job in jobs
    )


def _job_on_exit(participant: Participant, jobs: Iterable[Job]) -> bool:
    """Whether *participant*, who has left, held one of *jobs* on the day they left."""
    left = participant.discharged_on
    return left is not None and any(job.held_on(left) for job in jobs)


def outcome_metrics(programme: Programme, start: date, end: date) -> OutcomeMetrics:
    """
    The outcome metrics of *programme* from *start* to *end*, both days included.

    Raises:
        ValidationError: *end* is before *start*.
    """
    period = Period(start, end)
    jobs = by_participant(programme.jobs)
    studies = by_participant(programme.studies)
    internships = by_participant(programme.internships)

    served: list[Participant] = []
    working: list[Participant] = []
    studying: list[Participant] = []
    interning: list[Participant] = []
    held: list[Job] = []
    first_jobs: list[tuple[Participant, Job]] = []
    for participant in programme.participants:
        span = _active_span(participant, period)
        if span is None:
            continue
        served.append(participant)
        own = jobs.get(participant.id, [])
        competitive = [job for job in own if job.competitive]
        held_here = [job for job in competitive if _overlaps(job.start, job.end, span)]
        held.extend(held_here)
        if held_here:
            working.append(participant)
        if any(_overlaps(s.start, s.end, span) for s in studies.get(participant.id, ())):
            studying.append(participant)
        if any(_overlaps(i.start, i.end, span) for i in internships.get(participant.id, ())):
            interning.append(participant)
        after_entry = [job for job in competitive if job.start >= participant.enrolled_on]
        if after_entry:
            first = min(after_entry, key=lambda job: (job.start, job.id))
            if span[0] <= first.start <= span[1]:
                first_jobs.append((participant, first))

    def starts(competitive: bool) -> tuple[str, ...]:
        return tuple(
            job.id
            for job in programme.jobs
            if job.competitive is competitive
            and job.start in period
            and programme.participant(job.participant_id).active_on(job.start)
        )

    exits = [
        p
        for p in programme.participants
        if p.discharged_on is not None and p.discharged_on in period
    ]
    with_reason = [p for p in exits if p.exit_reason is not None]
    without_reason = _ids(p for p in exits if p.exit_reason is None)
    with_support = [p for p in exits if p.income_support_at_exit is not None]
    with_job = [p for p in exits if _job_on_exit(p, jobs.get(p.id, ()))]
    had_job = {p.id for p in with_job}
    employed_without_job = _ids(
        p for p in with_reason if p.exit_reason is ExitReason.EMPLOYED and p.id not in had_job
    )
    job_with_other_reason = _ids(
        p for p in with_reason if p.exit_reason is not ExitReason.EMPLOYED and p.id in had_job
    )

    judgements = by_participant(programme.work_ability_assessments)
    judged_able: list[Participant] = []
    started_work: list[Participant] = []
    not_judged: list[Participant] = []
    for participant in exits:
        able = _judged_able(participant, judgements.get(participant.id, ()))
        if able is None:
            not_judged.append(participant)
        elif able:
            judged_able.append(participant)
            if _started_work(participant, jobs.get(participant.id, ())):
                started_work.append(participant)

    def exits_to(name: str, reasons: frozenset[ExitReason], what: str) -> Share:
        return Share(
            name,
            f"Numerator: exits (discharge day in the period) whose reason is {what}. "
            "Denominator: exits whose reason is recorded; exits without a reason are listed "
            "as unknown.",
            _ids(p for p in with_reason if p.exit_reason in reasons),
            _ids(with_reason),
            without_reason,
        )

    return OutcomeMetrics(
        period=period,
        served=Count(
            "served",
            "Participants active (enrolled and not yet discharged) on at least one day of the "
            "period.",
            _ids(served),
        ),
        employment_rate=Share(
            "employment_rate",
            "Numerator: participants served who held a competitive job on at least one day of "
            "the period on which they were active. Denominator: participants served.",
            _ids(working),
            _ids(served),
        ),
        job_starts=Count(
            "job_starts",
            "Competitive jobs whose first day is in the period, of participants active on that "
            "day; second and later jobs count too.",
            starts(competitive=True),
        ),
        other_paid_job_starts=Count(
            "other_paid_job_starts",
            "Paid jobs that are not competitive whose first day is in the period, of "
            "participants active on that day.",
            starts(competitive=False),
        ),
        days_to_first_job=Summary(
            "days_to_first_job",
            "Days from enrolment to the start of the participant's first competitive job that "
            "started on or after enrolment, for participants whose first such job started in "
            "the period while they were active. Evidence: participant ids.",
            tuple(float((job.start - p.enrolled_on).days) for p, job in first_jobs),
            tuple(p.id for p, _ in first_jobs),
        ),
        job_tenure=Summary(
            "job_tenure",
            "Days from the start of each competitive job held in the period (as for the "
            "employment rate) to its last day, or to the end of the period when it was still "
            "held then; both days included. Evidence: job ids.",
            tuple(float((min(job.end or end, end) - job.start).days + 1) for job in held),
            _ids(held),
        ),
        hours_per_week=Summary(
            "hours_per_week",
            "Contracted hours a week of each competitive job held in the period (as for the "
            "employment rate); jobs without hours are listed as unknown. Evidence: job ids.",
            tuple(job.hours_per_week for job in held if job.hours_per_week is not None),
            tuple(job.id for job in held if job.hours_per_week is not None),
            tuple(job.id for job in held if job.hours_per_week is None),
        ),
        studying=Count(
            "studying",
            "Participants served who studied on at least one day of the period on which they "
            "were active.",
            _ids(studying),
        ),
        internships=Count(
            "internships",
            "Participants served who were in an internship or work trial on at least one day "
            "of the period on which they were active.",
            _ids(interning),
        ),
        enrolled=Count(
            "enrolled",
            "Participants whose enrolment day is in the period.",
            _ids(p for p in programme.participants if p.enrolled_on in period),
        ),
        exits=Count("exits", "Participants whose discharge day is in the period.", _ids(exits)),
        exits_to_work=exits_to("exits_to_work", frozenset({ExitReason.EMPLOYED}), "employed"),
        exits_to_studies=exits_to("exits_to_studies", frozenset({ExitReason.STUDYING}), "studying"),
        exits_to_work_or_studies=exits_to(
            "exits_to_work_or_studies",
            EXITS_TO_WORK_OR_STUDIES,
            "employed or studying (the sum of exits_to_work and exits_to_studies)",
        ),
        exits_with_job=Share(
            "exits_with_job",
            "Numerator: exits (discharge day in the period) who held a paid job, competitive "
            "or other, on the day they left, as the job records say. Denominator: exits.",
            _ids(with_job),
            _ids(exits),
        ),
        exit_job_disagreements=Disagreements(
            "exit_job_disagreements",
            "Exits (discharge day in the period) with a recorded reason, checked against the "
            "paid jobs (competitive or other) held on the day they left. "
            "employed_without_job: the reason is employed but no job was held that day. "
            "job_with_other_reason: a job was held that day but the reason is not employed. "
            "Exits without a reason are not checked.",
            _ids(with_reason),
            (
                ("employed_without_job", employed_without_job),
                ("job_with_other_reason", job_with_other_reason),
            ),
        ),
        exits_without_income_support=Share(
            "exits_without_income_support",
            "Numerator: exits (discharge day in the period) with no public income support at "
            f"exit ({NO_INCOME_SUPPORT!r}). Denominator: exits whose income support at exit is "
            "recorded; the others are listed as unknown.",
            _ids(p for p in with_support if p.income_support_at_exit == NO_INCOME_SUPPORT),
            _ids(with_support),
            _ids(p for p in exits if p.income_support_at_exit is None),
        ),
        judged_able_started_work=Share(
            "judged_able_started_work",
            "Numerator: of the denominator, those who started a paid job (competitive or "
            "other) on a day from their enrolment to their discharge, both included, whenever "
            "the judgement was made. Denominator: exits (discharge day in the period) whose "
            "latest judgement of work ability made on or before the discharge day says able "
            "to work. Exits without such a judgement are listed as unknown; exits judged not "
            "able to work are in neither.",
            _ids(started_work),
            _ids(judged_able),
            _ids(not_judged),
        ),
    )
