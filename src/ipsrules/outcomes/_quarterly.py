"""
The quarterly outcome report that IPS learning communities collect from each programme.

Every three months a programme reports the participants it served and how many of them
held a competitive job; the rate is the second over the first, judged against the
learning collaborative's benchmarks (31 % minimum, 41 % average, 50 % excellent).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from ipsrules._document import JSON, records_to_csv
from ipsrules._model import Programme
from ipsrules._period import Period
from ipsrules.exceptions import MissingPackageError, ValidationError

from ._capacity import capacity
from ._continuity import continuity
from ._metrics import outcome_metrics

if TYPE_CHECKING:  # pragma: no cover - pandas is an optional extra
    import pandas

BENCHMARKS: tuple[tuple[float, str], ...] = (
    (0.50, "excellent"),
    (0.41, "average"),
    (0.31, "minimum"),
)
"""
Quarterly employment rates and what they mean, from the IPS learning collaborative (13 US
states, 8 years): 31 % the minimum standard, 41 % average, 50 % excellent performance.
"""

COLUMNS: tuple[str, ...] = (
    "programme",
    "year",
    "quarter",
    "start",
    "end",
    "served",
    "working",
    "employment_rate",
    "benchmark",
    "job_starts",
    "first_job_starts",
    "other_paid_job_starts",
    "studying",
    "internships",
    "enrolled",
    "exits",
    "exits_to_work",
    "exits_to_studies",
    "exits_with_job",
    "exit_job_disagreements",
    "judged_able_to_work",
    "judged_able_started_work",
    "handovers",
    "handed_over",
    "without_specialist",
    "active_at_end",
    "waiting_at_end",
    "without_specialist_at_end",
    "waiting_for_specialist_at_end",
    "fte",
    "caseload_per_fte",
)
"""The columns of the quarterly report, in order; `docs/outcomes.md` defines each."""


def benchmark(rate: float | None) -> str | None:
    """
    The benchmark band a quarterly employment rate reaches.

    ``"excellent"`` from 50 %, ``"average"`` from 41 %, ``"minimum"`` from 31 %,
    ``"below minimum"`` under that, and ``None`` when there is no rate.
    """
    if rate is None:
        return None
    for threshold, band in BENCHMARKS:
        if rate >= threshold:
            return band
    return "below minimum"


@attrs.frozen
class QuarterOutcomes:
    """
    One programme's figures for one calendar quarter; the fields are `COLUMNS`.

    Counts of people and jobs are those of `outcome_metrics` and `continuity` for the
    quarter; the ``*_at_end`` figures and the caseload are taken on the quarter's last day.
    """

    programme: str
    year: int
    quarter: int
    start: date
    end: date
    served: int
    working: int
    employment_rate: float | None
    benchmark: str | None
    job_starts: int
    first_job_starts: int
    other_paid_job_starts: int
    studying: int
    internships: int
    enrolled: int
    exits: int
    exits_to_work: int
    exits_to_studies: int
    exits_with_job: int
    exit_job_disagreements: int
    judged_able_to_work: int
    judged_able_started_work: int
    handovers: int
    handed_over: int
    without_specialist: int
    active_at_end: int
    waiting_at_end: int
    without_specialist_at_end: int
    waiting_for_specialist_at_end: int
    fte: float
    caseload_per_fte: float | None

    def to_record(self) -> dict[str, str | int | float | None]:
        """The row as a dict of `COLUMNS`, with ISO dates."""
        record = attrs.asdict(self)
        record["start"] = self.start.isoformat()
        record["end"] = self.end.isoformat()
        return record


def quarter_outcomes(programme: Programme, year: int, quarter: int) -> QuarterOutcomes:
    """The figures of *programme* for quarter *quarter* (1 to 4) of *year*."""
    period = Period.quarter(year, quarter)
    metrics = outcome_metrics(programme, period.start, period.end)
    at_end = capacity(programme, period.end)
    kept = continuity(programme, period.start, period.end)
    rate = metrics.employment_rate.value
    return QuarterOutcomes(
        programme=programme.id,
        year=year,
        quarter=quarter,
        start=period.start,
        end=period.end,
        served=metrics.served.value,
        working=metrics.employment_rate.numerator,
        employment_rate=rate,
        benchmark=benchmark(rate),
        job_starts=metrics.job_starts.value,
        first_job_starts=metrics.days_to_first_job.count,
        other_paid_job_starts=metrics.other_paid_job_starts.value,
        studying=metrics.studying.value,
        internships=metrics.internships.value,
        enrolled=metrics.enrolled.value,
        exits=metrics.exits.value,
        exits_to_work=metrics.exits_to_work.numerator,
        exits_to_studies=metrics.exits_to_studies.numerator,
        exits_with_job=metrics.exits_with_job.numerator,
        exit_job_disagreements=metrics.exit_job_disagreements.value,
        judged_able_to_work=metrics.judged_able_started_work.denominator,
        judged_able_started_work=metrics.judged_able_started_work.numerator,
        handovers=int(sum(kept.handovers.values)),
        handed_over=kept.handed_over.value,
        without_specialist=kept.without_specialist.count,
        active_at_end=at_end.active,
        without_specialist_at_end=kept.without_specialist_on_day.value,
        waiting_for_specialist_at_end=kept.waiting_for_specialist.count,
        waiting_at_end=at_end.waiting,
        fte=float(at_end.fte),
        caseload_per_fte=at_end.caseload_per_fte,
    )


@attrs.frozen
class QuarterlyReport:
    """
    Consecutive quarters of one programme, as records, CSV or a pandas DataFrame.

    Attributes:
        quarters: One `QuarterOutcomes` per quarter, oldest first.
    """

    quarters: tuple[QuarterOutcomes, ...]

    def to_records(self) -> list[dict[str, str | int | float | None]]:
        """One dict per quarter, keys in the order of `COLUMNS`."""
        return [quarter.to_record() for quarter in self.quarters]

    def to_csv(self) -> str:
        """The report as CSV with a header row (Python's ``csv`` module; empty for ``None``)."""
        return records_to_csv(COLUMNS, self.to_records())

    def to_dict(self) -> dict[str, JSON]:
        """
        The report as JSON-ready data: ``{"quarters": [...]}``, one `to_records` dict each.

        Each quarter's keys are in the order of `COLUMNS`, with ISO dates.
        """
        return {"quarters": self.to_records()}

    def to_dataframe(self) -> pandas.DataFrame:
        """
        The report as a pandas DataFrame, one row per quarter.

        Needs pandas (``pip install 'ipsrules[reports]'``); ``start`` and ``end`` are dates.
        """
        try:
            import pandas  # optional: imported only when asked for
        except ImportError as exc:
            raise MissingPackageError(
                "pandas", "QuarterlyReport.to_dataframe()", "reports"
            ) from exc
        rows = [attrs.asdict(quarter) for quarter in self.quarters]
        return pandas.DataFrame.from_records(rows, columns=list(COLUMNS))


def quarterly_report(
    programme: Programme, year: int, quarter: int, *, quarters: int = 1
) -> QuarterlyReport:
    """
    The quarterly outcome report of *programme* from quarter *quarter* of *year* on.

    Args:
        programme: The programme.
        year: The first quarter's year.
        quarter: The first quarter, 1 to 4.
        quarters: How many consecutive quarters (default 1; 4 for a year).

    Raises:
        ValidationError: *quarter* is not 1 to 4, or *quarters* is below 1.
    """
    Period.quarter(year, quarter)  # refuses a bad quarter before anything is computed
    if isinstance(quarters, bool) or not isinstance(quarters, int) or quarters < 1:
        raise ValidationError(
            "quarterly_report", "quarters", f"expected 1 or more, got {quarters!r}"
        )
    rows: list[QuarterOutcomes] = []
    index = year * 4 + quarter - 1
    for step in range(quarters):
        this_year, this_quarter = divmod(index + step, 4)
        rows.append(quarter_outcomes(programme, this_year, this_quarter + 1))
    return QuarterlyReport(tuple(rows))


def quarters_between(start: date, end: date) -> Sequence[tuple[int, int]]:
    """The (year, quarter) pairs of the calendar quarters that *start* to *end* touches."""
    Period(start, end)
    first = start.year * 4 + (start.month - 1) // 3
    last = end.year * 4 + (end.month - 1) // 3
    return [(index // 4, index % 4 + 1) for index in range(first, last + 1)]
