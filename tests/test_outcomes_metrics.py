"""Outcome metrics over a period, worked out by hand on the small programme, and their laws."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    ExitReason,
    Job,
    Participant,
    Programme,
    ValidationError,
    WorkAbilityAssessment,
)
from ipsrules.outcomes import (
    Count,
    Disagreements,
    OutcomeMetrics,
    ParticipantStatus,
    Share,
    Summary,
    outcome_metrics,
    status_counts,
)
from outcome_programmes import Q1_2025, days, outcome_programmes, small_programme

NBSP = "\u00a0"


@pytest.fixture(name="q1")
def _q1() -> OutcomeMetrics:
    return outcome_metrics(small_programme(), *Q1_2025)


class TestSmallProgrammeFirstQuarter:
    """The figures of the small programme for Q1 2025, each worked out from the records."""

    def test_served(self, q1: OutcomeMetrics) -> None:
        """A, B, C, E and F were active in the quarter; D left before it, G came after."""
        assert q1.served.evidence == ("A", "B", "C", "E", "F")
        assert q1.served.value == 5

    def test_employment_rate(self, q1: OutcomeMetrics) -> None:
        """A (J1 until 15 January), B (J2, J6) and F (J5) held competitive jobs: 3 of 5.

        C held only an other paid job; D's job began after D left.
        """
        rate = q1.employment_rate
        assert rate.evidence == ("A", "B", "F")
        assert (rate.numerator, rate.denominator) == (3, 5)
        assert rate.value == pytest.approx(0.6)

    def test_job_starts(self, q1: OutcomeMetrics) -> None:
        """J2 and B's second job J6 started in the quarter; J4 started after D's discharge."""
        assert q1.job_starts.evidence == ("J2", "J6")
        assert q1.other_paid_job_starts.evidence == ("J3",)

    def test_days_to_first_job(self, q1: OutcomeMetrics) -> None:
        """B entered on 10 January and started J2 on 9 February: 30 days.

        A's first job started before the quarter; F's only job started before F entered.
        """
        days_to_first = q1.days_to_first_job
        assert days_to_first.evidence == ("B",)
        assert days_to_first.values == (30.0,)
        assert (days_to_first.mean, days_to_first.median) == (30.0, 30.0)

    def test_job_tenure(self, q1: OutcomeMetrics) -> None:
        """Days from start to the last day, or to 31 March when still held, both included.

        J1 1 Sep 2024 to 15 Jan 2025: 137; J2 9 Feb to 31 Mar: 51; J6 10 to 20 Mar: 11;
        J5 1 Dec 2024 to 31 Mar 2025: 121. Mean 320 / 4 = 80, median (51 + 121) / 2 = 86.
        """
        tenure = q1.job_tenure
        assert dict(zip(tenure.evidence, tenure.values, strict=True)) == {
            "J1": 137,
            "J2": 51,
            "J6": 11,
            "J5": 121,
        }
        assert (tenure.mean, tenure.median) == (80.0, 86.0)

    def test_hours_per_week(self, q1: OutcomeMetrics) -> None:
        """J1 20, J2 10, J6 15; J5 has no hours and is listed as unknown."""
        hours = q1.hours_per_week
        assert dict(zip(hours.evidence, hours.values, strict=True)) == {
            "J1": 20,
            "J2": 10,
            "J6": 15,
        }
        assert hours.unknown == ("J5",)
        assert (hours.mean, hours.median, hours.value) == (15.0, 15.0, 15.0)

    def test_studies_and_internships(self, q1: OutcomeMetrics) -> None:
        """C studied until leaving on 28 February; E did an internship in March."""
        assert q1.studying.evidence == ("C",)
        assert q1.internships.evidence == ("E",)

    def test_enrolments_and_exits(self, q1: OutcomeMetrics) -> None:
        """B, E and F entered; C, E and F left (D's discharge on 31 December is outside)."""
        assert q1.enrolled.evidence == ("B", "E", "F")
        assert q1.exits.evidence == ("C", "E", "F")

    def test_exits_to_work_or_studies(self, q1: OutcomeMetrics) -> None:
        """C left employed, E dropped out, F's reason is unknown: 1 of 2, one unknown."""
        share = q1.exits_to_work_or_studies
        assert (share.evidence, share.population, share.unknown) == (("C",), ("C", "E"), ("F",))
        assert share.value == 0.5

    def test_exits_to_work_and_to_studies_apart(self, q1: OutcomeMetrics) -> None:
        """C left for work; nobody left for studies; the combined share is their sum."""
        work, studies = q1.exits_to_work, q1.exits_to_studies
        assert (work.evidence, work.population, work.unknown) == (("C",), ("C", "E"), ("F",))
        assert (studies.evidence, studies.population, studies.unknown) == ((), ("C", "E"), ("F",))
        assert (work.value, studies.value) == (0.5, 0.0)

    def test_exits_with_a_job_on_the_day_they_left(self, q1: OutcomeMetrics) -> None:
        """C held J3 (other paid) on 28 February and F J5 on 31 March; E had no job: 2 of 3."""
        share = q1.exits_with_job
        assert (share.evidence, share.population) == (("C", "F"), ("C", "E", "F"))
        assert share.unknown == ()

    def test_no_disagreement_in_the_small_programme(self, q1: OutcomeMetrics) -> None:
        """C left for work holding J3; E dropped out without a job; F has no reason to check."""
        check = q1.exit_job_disagreements
        assert check.population == ("C", "E")
        assert check.kinds == (("employed_without_job", ()), ("job_with_other_reason", ()))
        assert (check.value, check.evidence, check.checked) == (0, (), 2)

    def test_exits_without_income_support(self, q1: OutcomeMetrics) -> None:
        """C left with none, E on financial assistance, F unknown: 1 of 2, one unknown."""
        share = q1.exits_without_income_support
        assert (share.evidence, share.population, share.unknown) == (("C",), ("C", "E"), ("F",))
        assert share.value == 0.5

    def test_every_metric_has_a_definition_and_a_name(self, q1: OutcomeMetrics) -> None:
        """Definitions say what is counted; shares say both numerator and denominator."""
        names = [metric.name for metric in q1.all()]
        assert len(names) == len(set(names)) == 18
        for metric in q1.all():
            assert metric.definition
            if isinstance(metric, Share):
                assert "Numerator" in metric.definition
                assert "Denominator" in metric.definition


class TestEdges:
    def test_shares_are_none_not_zero_without_a_denominator(self) -> None:
        """A quarter with nobody served has no employment rate, not a rate of 0."""
        metrics = outcome_metrics(small_programme(), date(2023, 1, 1), date(2023, 3, 31))
        assert metrics.served.value == 0
        assert metrics.employment_rate.value is None
        assert metrics.exits_to_work_or_studies.value is None
        assert metrics.days_to_first_job.mean is None
        assert metrics.job_tenure.median is None

    def test_a_period_that_ends_before_it_starts_is_refused(self) -> None:
        """The error names the period's end."""
        with pytest.raises(ValidationError) as error:
            outcome_metrics(small_programme(), date(2025, 3, 31), date(2025, 1, 1))
        assert error.value.field == "end"

    def test_one_day_counts_the_job_on_its_first_day(self) -> None:
        """A period of the single day J2 starts: B is served, working and has a job start."""
        metrics = outcome_metrics(small_programme(), date(2025, 2, 9), date(2025, 2, 9))
        assert "B" in metrics.employment_rate.evidence
        assert metrics.job_starts.evidence == ("J2",)
        assert metrics.job_tenure.values[metrics.job_tenure.evidence.index("J2")] == 1

    def test_a_job_held_only_before_entry_does_not_count(self) -> None:
        """In January F had not entered: F's job, held since December, is not counted."""
        metrics = outcome_metrics(small_programme(), date(2025, 1, 1), date(2025, 1, 31))
        assert "F" not in metrics.served.evidence
        assert "J5" not in metrics.job_tenure.evidence


class TestExitChecks:
    """The exit reason against the jobs held on the discharge day, at each boundary."""

    @staticmethod
    def _left(reason: ExitReason | None, *jobs: tuple[date, date | None]) -> Disagreements:
        programme = Programme(
            id="p",
            name="One exit",
            participants=[
                Participant(
                    "P", date(2025, 1, 1), discharged_on=date(2025, 6, 30), exit_reason=reason
                )
            ],
            jobs=[Job(f"J{n}", "P", start, end) for n, (start, end) in enumerate(jobs)],
        )
        metrics = outcome_metrics(programme, date(2025, 6, 1), date(2025, 6, 30))
        return metrics.exit_job_disagreements

    def test_left_for_work_without_a_job_that_day(self) -> None:
        """The job ended the day before the discharge: reported, by code."""
        check = self._left(ExitReason.EMPLOYED, (date(2025, 3, 1), date(2025, 6, 29)))
        assert dict(check.kinds) == {"employed_without_job": ("P",), "job_with_other_reason": ()}
        assert (check.value, check.evidence) == (1, ("P",))

    def test_a_job_ending_on_the_discharge_day_is_held(self) -> None:
        """Both days of a job count: a job whose last day is the discharge day agrees."""
        assert self._left(ExitReason.EMPLOYED, (date(2025, 3, 1), date(2025, 6, 30))).value == 0

    def test_a_job_starting_the_day_after_is_not_held(self) -> None:
        """A job that begins after the discharge day does not make the exit one with a job."""
        check = self._left(ExitReason.EMPLOYED, (date(2025, 7, 1), None))
        assert dict(check.kinds)["employed_without_job"] == ("P",)

    def test_a_job_held_but_another_reason(self) -> None:
        """Left for studies while holding a job that day: reported as the other kind."""
        check = self._left(ExitReason.STUDYING, (date(2025, 6, 30), None))
        assert dict(check.kinds) == {"employed_without_job": (), "job_with_other_reason": ("P",)}

    def test_no_reason_is_not_checked(self) -> None:
        """Without a reason there is nothing to disagree with; the job still counts as held."""
        check = self._left(None, (date(2025, 6, 1), None))
        assert (check.population, check.value) == ((), 0)


def _judged() -> Programme:
    """
    Nine participants who all leave on 30 June 2025, each with a judgement of work ability.

    W1 able, starts a job in April.  W2 able at referral (before enrolment), no job.  W3 not
    able, then able; starts a job on the discharge day.  W4 able, then not able.  W5 judged
    only after leaving.  W6 never judged.  W7 able, in work since before enrolment.  W8 able,
    starts the day after leaving.  W9 able on the discharge day, started in May.
    """
    left = date(2025, 6, 30)
    ids = [f"W{n}" for n in range(1, 10)]
    judgements = [
        ("W1", date(2025, 2, 1), True),
        ("W2", date(2024, 12, 1), True),
        ("W3", date(2025, 1, 10), False),
        ("W3", date(2025, 3, 1), True),
        ("W4", date(2025, 1, 10), True),
        ("W4", date(2025, 5, 1), False),
        ("W5", date(2025, 7, 1), True),
        ("W7", date(2025, 2, 1), True),
        ("W8", date(2025, 2, 1), True),
        ("W9", left, True),
    ]
    jobs = [
        ("W1", date(2025, 4, 1)),
        ("W3", left),
        ("W4", date(2025, 4, 1)),
        ("W7", date(2024, 10, 1)),
        ("W8", date(2025, 7, 1)),
        ("W9", date(2025, 5, 1)),
    ]
    return Programme(
        id="judged",
        name="Judged",
        participants=[Participant(pid, date(2025, 1, 1), discharged_on=left) for pid in ids],
        jobs=[Job(f"J-{pid}", pid, start, competitive=False) for pid, start in jobs],
        work_ability_assessments=[
            WorkAbilityAssessment(pid, on, able) for pid, on, able in judgements
        ],
    )


class TestJudgedAbleToWork:
    """Of those judged able to work, how many started work: at every boundary."""

    def test_numerator_denominator_and_unknown(self) -> None:
        """Able at exit: W1, W2, W3, W7, W8, W9; started in the service: W1, W3, W9."""
        share = outcome_metrics(
            _judged(), date(2025, 6, 1), date(2025, 6, 30)
        ).judged_able_started_work
        assert share.population == ("W1", "W2", "W3", "W7", "W8", "W9")
        assert share.evidence == ("W1", "W3", "W9")
        assert share.unknown == ("W5", "W6")
        assert (share.numerator, share.denominator, share.value) == (3, 6, 0.5)

    def test_only_exits_of_the_period_count(self) -> None:
        """Nobody left in May: no denominator, and the share is None, not 0."""
        share = outcome_metrics(
            _judged(), date(2025, 5, 1), date(2025, 5, 31)
        ).judged_able_started_work
        assert (share.population, share.value) == ((), None)

    def test_the_board_page_shows_it(self) -> None:
        from ipsrules.outcomes import board_report

        report = board_report(_judged(), date(2025, 6, 1), date(2025, 6, 30))
        text = report.to_markdown()
        assert (
            "| Of those who left judged able to work, started work while in the service "
            "| 50.0% | 3 of 6; 2 unknown |"
        ) in text
        assert f"| 50,0{NBSP}% | 3 av 6; 2 okända |" in report.to_markdown("sv")
        assert "Av dem som avslutades och bedömts ha arbetsförmåga" in report.to_markdown("sv")


def _all_ids(programme: Programme) -> set[str]:
    return {p.id for p in programme.participants}


def _periods() -> st.SearchStrategy[tuple[date, date]]:
    return st.tuples(days(), st.integers(min_value=0, max_value=400)).map(
        lambda pair: (pair[0], pair[0] + timedelta(days=pair[1]))
    )


@given(outcome_programmes(), _periods())
def test_shares_stay_within_zero_and_one(programme: Programme, period: tuple[date, date]) -> None:
    """Every share is in [0, 1], None exactly when its denominator is 0; numerator within it."""
    metrics = outcome_metrics(programme, *period)
    for metric in metrics.all():
        if isinstance(metric, Share):
            assert set(metric.evidence) <= set(metric.population)
            assert not set(metric.unknown) & set(metric.population)
            if metric.denominator == 0:
                assert metric.value is None
            else:
                assert metric.value is not None
                assert 0 <= metric.value <= 1


@given(outcome_programmes(), _periods())
def test_exit_figures_agree_with_the_records(
    programme: Programme, period: tuple[date, date]
) -> None:
    """Work and studies add up to the combined share; a disagreement is exactly a mismatch."""
    metrics = outcome_metrics(programme, *period)
    work, studies = metrics.exits_to_work, metrics.exits_to_studies
    both = metrics.exits_to_work_or_studies
    assert work.population == studies.population == both.population
    assert work.numerator + studies.numerator == both.numerator
    assert set(work.evidence) | set(studies.evidence) == set(both.evidence)
    assert set(metrics.exits_with_job.population) == set(metrics.exits.evidence)
    kinds = dict(metrics.exit_job_disagreements.kinds)
    with_job = set(metrics.exits_with_job.evidence)
    for participant_id in metrics.exit_job_disagreements.population:
        participant = programme.participant(participant_id)
        assert participant.discharged_on is not None
        held = any(
            job.held_on(participant.discharged_on)
            for job in programme.jobs
            if job.participant_id == participant_id
        )
        assert held is (participant_id in with_job)
        employed = participant.exit_reason is ExitReason.EMPLOYED
        assert (participant_id in kinds["employed_without_job"]) is (employed and not held)
        assert (participant_id in kinds["job_with_other_reason"]) is (held and not employed)


@given(outcome_programmes(), _periods())
def test_judged_able_follows_the_latest_judgement(
    programme: Programme, period: tuple[date, date]
) -> None:
    """The denominator is the exits whose latest judgement by exit says able; no one twice."""
    metrics = outcome_metrics(programme, *period)
    share = metrics.judged_able_started_work
    assert set(share.evidence) <= set(share.population)
    assert not set(share.population) & set(share.unknown)
    assert set(share.population) | set(share.unknown) <= set(metrics.exits.evidence)
    for participant_id in metrics.exits.evidence:
        participant = programme.participant(participant_id)
        assert participant.discharged_on is not None
        made = [
            j
            for j in programme.work_ability_assessments
            if j.participant_id == participant_id and j.on <= participant.discharged_on
        ]
        if not made:
            assert participant_id in share.unknown
            continue
        latest = max(made, key=lambda j: j.on)
        assert (participant_id in share.population) is latest.able_to_work
        started = any(
            participant.enrolled_on <= job.start <= participant.discharged_on
            for job in programme.jobs
            if job.participant_id == participant_id
        )
        assert (participant_id in share.evidence) is (latest.able_to_work and started)


@given(outcome_programmes(), _periods())
def test_metrics_count_only_what_they_say(programme: Programme, period: tuple[date, date]) -> None:
    """Evidence is of the right records: served are active in the period, starts in it."""
    start, end = period
    metrics = outcome_metrics(programme, start, end)
    served = set(metrics.served.evidence)
    for participant_id in served:
        participant = programme.participant(participant_id)
        assert participant.enrolled_on <= end
        assert participant.discharged_on is None or participant.discharged_on >= start
    assert set(metrics.employment_rate.population) == served
    for metric in (metrics.studying, metrics.internships):
        assert set(metric.evidence) <= served
    for job_id in metrics.job_starts.evidence:
        job = programme.job(job_id)
        assert job.competitive
        assert start <= job.start <= end
    for job_id in metrics.other_paid_job_starts.evidence:
        assert not programme.job(job_id).competitive
    assert metrics.days_to_first_job.count <= metrics.job_starts.value
    for summary in (metrics.days_to_first_job, metrics.job_tenure, metrics.hours_per_week):
        assert all(value >= 0 for value in summary.values)
        if summary.values:
            assert summary.mean is not None
            assert summary.median is not None
            assert min(summary.values) <= summary.median <= max(summary.values)
            assert min(summary.values) - 1e-9 <= summary.mean <= max(summary.values) + 1e-9
    for job_id, tenure in zip(metrics.job_tenure.evidence, metrics.job_tenure.values, strict=True):
        job = programme.job(job_id)
        assert job.competitive
        assert job.start <= end
        assert job.end is None or job.end >= start
        assert 1 <= tenure <= (end - job.start).days + 1


@given(outcome_programmes(), days())
def test_a_one_day_period_agrees_with_the_status_counts(programme: Programme, day: date) -> None:
    """On one day, those served are those active, and those working competitively the same."""
    metrics = outcome_metrics(programme, day, day)
    counts = status_counts(programme, day)
    assert metrics.served.value == counts.active
    assert metrics.employment_rate.numerator == counts.counts[ParticipantStatus.COMPETITIVE_JOB]


@given(outcome_programmes(), _periods(), st.integers(min_value=1, max_value=200))
def test_a_longer_period_serves_no_fewer(
    programme: Programme, period: tuple[date, date], extra: int
) -> None:
    """Stretching the period never loses a participant served or a job start."""
    start, end = period
    short = outcome_metrics(programme, start, end)
    long = outcome_metrics(programme, start, end + timedelta(days=extra))
    assert set(short.served.evidence) <= set(long.served.evidence)
    assert set(short.job_starts.evidence) <= set(long.job_starts.evidence)
    assert set(short.employment_rate.evidence) <= set(long.employment_rate.evidence)


def test_value_objects_compute_from_their_evidence() -> None:
    """value, numerator and denominator follow from the ids; a Summary's value is its mean."""
    assert Count("n", "d", ("a", "b")).value == 2
    share = Share("s", "d", ("a",), ("a", "b", "c", "d"), ("e",))
    assert (share.numerator, share.denominator, share.value) == (1, 4, 0.25)
    summary = Summary("m", "d", (1.0, 2.0, 9.0), ("x", "y", "z"))
    assert (summary.count, summary.mean, summary.median, summary.value) == (3, 4.0, 2.0, 4.0)
