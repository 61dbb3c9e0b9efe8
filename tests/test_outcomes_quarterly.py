"""The learning communities' quarterly report: figures, benchmarks, records, CSV, DataFrame."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import Programme, ValidationError, sample_programme
from ipsrules.outcomes import (
    COLUMNS,
    Period,
    benchmark,
    outcome_metrics,
    quarter_outcomes,
    quarterly_report,
    quarters_between,
)
from outcome_programmes import outcome_programmes, small_programme


def test_the_small_programme_in_the_first_quarter_of_2025() -> None:
    """Every column, worked out by hand (see test_outcomes_metrics and _capacity)."""
    (record,) = quarterly_report(small_programme(), 2025, 1).to_records()
    assert record == {
        "programme": "small",
        "year": 2025,
        "quarter": 1,
        "start": "2025-01-01",
        "end": "2025-03-31",
        "served": 5,
        "working": 3,
        "employment_rate": 0.6,
        "benchmark": "excellent",
        "job_starts": 2,
        "first_job_starts": 1,
        "other_paid_job_starts": 1,
        "studying": 1,
        "internships": 1,
        "enrolled": 3,
        "exits": 3,
        "exits_to_work": 1,
        "exits_to_studies": 0,
        "exits_with_job": 2,
        "exit_job_disagreements": 0,
        "judged_able_to_work": 0,
        "judged_able_started_work": 0,
        "handovers": 0,
        "handed_over": 0,
        "without_specialist": 5,
        "active_at_end": 3,
        "waiting_at_end": 2,
        "without_specialist_at_end": 3,
        "waiting_for_specialist_at_end": 0,
        "fte": 1.5,
        "caseload_per_fte": 2.0,
    }
    assert list(record) == list(COLUMNS)


def test_a_year_of_quarters_crosses_into_the_next_year() -> None:
    """Four quarters from Q3 2024: Q3, Q4 2024, Q1, Q2 2025."""
    report = quarterly_report(small_programme(), 2024, 3, quarters=4)
    assert [(q.year, q.quarter) for q in report.quarters] == [
        (2024, 3),
        (2024, 4),
        (2025, 1),
        (2025, 2),
    ]
    assert report.quarters[3].start == date(2025, 4, 1)
    assert report.quarters[3].end == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("rate", "band"),
    [
        (None, None),
        (0.0, "below minimum"),
        (0.3099, "below minimum"),
        (0.31, "minimum"),
        (0.4099, "minimum"),
        (0.41, "average"),
        (0.4999, "average"),
        (0.50, "excellent"),
        (1.0, "excellent"),
    ],
)
def test_benchmark_bands(rate: float | None, band: str | None) -> None:
    """31 % minimum, 41 % average, 50 % excellent, as the learning collaborative set them."""
    assert benchmark(rate) == band


@pytest.mark.parametrize(("quarter", "quarters"), [(0, 1), (5, 1), (1, 0), (True, 1)])
def test_bad_quarters_are_refused(quarter: int, quarters: int) -> None:
    """A quarter outside 1 to 4, or fewer than one quarter, names the argument at fault."""
    with pytest.raises(ValidationError) as error:
        quarterly_report(small_programme(), 2025, quarter, quarters=quarters)
    assert error.value.field in ("quarter", "quarters")


@pytest.mark.parametrize("year", [0, 10_000, 2025.0])
def test_bad_years_are_refused(year: object) -> None:
    """A year the calendar cannot hold is a ValidationError naming the year, not a ValueError."""
    with pytest.raises(ValidationError) as error:
        Period.quarter(year, 1)  # type: ignore[arg-type]
    assert error.value.field == "year"


def test_csv_has_a_header_and_empty_fields_for_none() -> None:
    """Read back with the csv module: the columns, and an empty rate where nobody was served."""
    report = quarterly_report(small_programme(), 2023, 1, quarters=2)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["served"] == "0"
    assert rows[0]["employment_rate"] == ""
    assert rows[0]["benchmark"] == ""
    assert rows[1]["start"] == "2023-04-01"


def test_dataframe_has_one_row_per_quarter() -> None:
    """pandas is an optional extra; the frame has the columns in order and the same values."""
    pandas = pytest.importorskip("pandas")
    report = quarterly_report(small_programme(), 2024, 4, quarters=2)
    frame = report.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["served"].tolist() == [q.served for q in report.quarters]
    assert frame.loc[1, "start"] == date(2025, 1, 1)


def test_sample_programme_third_quarter_of_2026_ends_with_the_board_counts() -> None:
    """On the sample's report date, the last day of Q3 2026, 92 are active and 51 wait."""
    (quarter,) = quarterly_report(sample_programme(), 2026, 3).quarters
    assert (quarter.active_at_end, quarter.waiting_at_end) == (92, 51)
    assert quarter.served >= 92


def test_quarters_between() -> None:
    """The quarters a period touches, first to last."""
    assert quarters_between(date(2025, 3, 31), date(2025, 10, 1)) == [
        (2025, 1),
        (2025, 2),
        (2025, 3),
        (2025, 4),
    ]


@given(outcome_programmes(), st.integers(min_value=2023, max_value=2027), st.integers(1, 4))
def test_a_quarter_row_repeats_the_metrics_of_its_quarter(
    programme: Programme, year: int, quarter: int
) -> None:
    """The row is the period's metrics; its rate is working over served, within [0, 1]."""
    row = quarter_outcomes(programme, year, quarter)
    period = Period.quarter(year, quarter)
    metrics = outcome_metrics(programme, period.start, period.end)
    assert (row.served, row.working) == (metrics.served.value, metrics.employment_rate.numerator)
    assert row.job_starts == metrics.job_starts.value
    assert (row.exits_to_work, row.exits_to_studies, row.exits_with_job) == (
        metrics.exits_to_work.numerator,
        metrics.exits_to_studies.numerator,
        metrics.exits_with_job.numerator,
    )
    assert row.exit_job_disagreements == metrics.exit_job_disagreements.value
    assert row.exits_to_work + row.exits_to_studies <= row.exits
    if row.served:
        assert row.employment_rate == row.working / row.served
        assert 0 <= row.employment_rate <= 1
    else:
        assert row.employment_rate is None
    assert row.active_at_end <= row.served


def test_to_dict_is_json_ready_and_holds_the_records() -> None:
    """``{"quarters": [...]}``, each quarter's values those of the report, keys in order."""
    report = quarterly_report(sample_programme(), 2025, 1, quarters=4)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    quarters = data["quarters"]
    assert isinstance(quarters, list)
    assert [list(quarter) for quarter in quarters] == [list(COLUMNS)] * 4
    for row, quarter in zip(quarters, report.quarters, strict=True):
        assert row["served"] == quarter.served
        assert row["employment_rate"] == quarter.employment_rate
        assert row["start"] == quarter.start.isoformat()


@pytest.mark.parametrize("code", ["=1+1", "+1", "-1", "@SUM(A1)", "\uff20x"])
def test_csv_programme_ids_that_start_a_formula_are_neutralised(code: str) -> None:
    """The quarterly CSV goes to spreadsheets: the programme's id must not run as a formula."""
    programme = attrs.evolve(small_programme(), id=code)
    rows = list(csv.DictReader(io.StringIO(quarterly_report(programme, 2023, 1).to_csv())))
    assert [row["programme"] for row in rows] == ["'" + code]
    assert rows[0]["served"].isdigit()
