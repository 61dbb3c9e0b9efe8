"""Budgets per year or per period, prorated day by day: worked examples and laws."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import ValidationError
from ipsrules.outcomes import (
    Budget,
    BudgetLine,
    Period,
    board_report,
    cost,
    outcome_metrics,
    prorate,
)
from outcome_programmes import days, small_programme

NBSP = "\u00a0"
# December 2025 and January 2026: a period across the turn of a budget year.
ACROSS = Period(date(2025, 12, 1), date(2026, 1, 31))
TWO_YEARS = Budget.per_year({2025: 3_650_000, 2026: 7_300_000})


class TestAcrossABudgetYear:
    def test_each_day_costs_its_own_years_budget(self) -> None:
        """31 days of 2025 at 10,000 a day and 31 of 2026 at 20,000: 930,000 in all."""
        assert TWO_YEARS.amount_for(ACROSS) == 31 * 10_000 + 31 * 20_000

    def test_a_leap_year_budget_is_spread_over_366_days(self) -> None:
        """366,000 for 2024 is 1,000 a day; 365,000 for 2025 is 1,000 a day too."""
        budget = Budget.per_year({2024: 366_000, 2025: 365_000})
        assert budget.amount_for(Period(date(2024, 12, 31), date(2025, 1, 1))) == 2_000
        assert budget.amount_for(Period(date(2024, 1, 1), date(2024, 12, 31))) == 366_000

    def test_a_budget_year_from_july_to_june(self) -> None:
        """A budget per period: 1 July to 30 June, 365 days each, two different sums."""
        first = Period(date(2025, 7, 1), date(2026, 6, 30))
        second = Period(date(2026, 7, 1), date(2027, 6, 30))
        budget = Budget.per_period([(second, 730_000), (first, 365_000)])
        assert [line.period for line in budget.lines] == [first, second]
        quarter = Period(date(2026, 6, 1), date(2026, 7, 31))
        assert budget.amount_for(quarter) == 30 * 1_000 + 31 * 2_000

    def test_the_single_yearly_sum_still_works(self) -> None:
        """A number is the same sum every calendar year, as before."""
        every = Budget.every_year(365_000)
        assert every.amount_for(ACROSS) == Fraction(31 * 365_000, 365) + Fraction(31 * 365_000, 365)
        assert prorate(365_000, ACROSS) == 62_000.0
        money = cost(outcome_metrics(small_programme(), ACROSS.start, ACROSS.end), 365_000)
        assert money.yearly == 365_000
        assert money.period_cost == 62_000

    def test_a_cost_of_the_period_and_per_person(self) -> None:
        """5,000 a day in both years; A, B, C and D were served: 77,500 each."""
        metrics = outcome_metrics(small_programme(), *ACROSS_DAYS)
        money = cost(metrics, Budget.per_year({2024: 366_000 * 5, 2025: 365_000 * 5}))
        assert metrics.served.evidence == ("A", "B", "C", "D")
        assert money.amount == 31 * 5_000 + 31 * 5_000
        assert money.yearly is None
        assert money.per_participant_served == 77_500
        assert money.per_job_start is None

    def test_amounts_may_be_decimals(self) -> None:
        """A Decimal from a spreadsheet is kept exactly."""
        budget = Budget.per_year({2025: Decimal("365000.50")})
        assert budget.amount_for(Period(date(2025, 1, 1), date(2025, 12, 31))) == Fraction(
            "365000.50"
        )


ACROSS_DAYS = (date(2024, 12, 1), date(2025, 1, 31))


class TestRefusals:
    def test_a_day_without_a_budget_is_refused(self) -> None:
        """No guess for 2027: the error names the first day without a budget."""
        with pytest.raises(ValidationError, match="no budget covers 2027-01-01") as error:
            TWO_YEARS.amount_for(Period(date(2026, 12, 1), date(2027, 1, 31)))
        assert error.value.field == "lines"

    def test_a_gap_between_budgets_is_refused(self) -> None:
        budget = Budget.per_period(
            [
                (Period(date(2025, 1, 1), date(2025, 6, 29)), 1),
                (Period(date(2025, 7, 1), date(2025, 12, 31)), 1),
            ]
        )
        with pytest.raises(ValidationError, match="2025-06-30"):
            budget.amount_for(Period(date(2025, 1, 1), date(2025, 12, 31)))
        assert budget.year_amount(2025) is None

    def test_overlapping_budgets_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="overlap on 2025-07-01"):
            Budget.per_period(
                [
                    (Period(date(2025, 1, 1), date(2025, 12, 31)), 1),
                    (Period(date(2025, 7, 1), date(2026, 6, 30)), 1),
                ]
            )

    @pytest.mark.parametrize("amount", [-1, float("nan"), float("inf"), "1000", True, None])
    def test_a_budget_must_be_a_number_not_below_zero(self, amount: object) -> None:
        with pytest.raises(ValidationError) as error:
            Budget.per_year({2025: amount})  # type: ignore[dict-item]
        assert "2025-01-01..2025-12-31" in error.value.field

    @pytest.mark.parametrize("year", [0, 10_000, "2025", True])
    def test_a_year_must_be_a_year(self, year: object) -> None:
        with pytest.raises(ValidationError) as error:
            Budget.per_year({year: 1})  # type: ignore[dict-item]
        assert error.value.field == "year"

    @pytest.mark.parametrize("amount", [10**12 + 1, 1e13, Decimal("1e15")])
    def test_an_amount_over_a_trillion_is_refused(self, amount: object) -> None:
        """Bounded as a yearly cost is (docs/limits.md), so every sum stays exact and finite."""
        with pytest.raises(ValidationError, match="at most 1 000 000 000 000"):
            Budget.per_year({2026: amount})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="at most"):
            Budget.every_year(amount)  # type: ignore[arg-type]
        assert Budget.every_year(10**12)

    def test_no_budget_at_all_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at least one"):
            Budget.per_year({})

    def test_a_budget_built_directly_is_checked_too(self) -> None:
        """No negative sum, no overlap, no lines out of order, one kind or the other."""
        year = Period(date(2025, 1, 1), date(2025, 12, 31))
        line = BudgetLine(year, Fraction(1))
        with pytest.raises(ValidationError, match="0 or more"):
            Budget(Fraction(-1))
        with pytest.raises(ValidationError, match="0 or more"):
            BudgetLine(year, -1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="not both"):
            Budget(Fraction(1), (line,))
        with pytest.raises(ValidationError, match="at least one"):
            Budget(None)
        with pytest.raises(ValidationError, match="overlap"):
            Budget(None, (line, line))
        later = BudgetLine(Period(date(2026, 1, 1), date(2026, 12, 31)), Fraction(1))
        with pytest.raises(ValidationError, match="in order"):
            Budget(None, (later, line))

    def test_the_board_report_takes_one_or_the_other(self) -> None:
        with pytest.raises(ValidationError) as error:
            board_report(small_programme(), *ACROSS_DAYS, yearly_cost=1, budget=TWO_YEARS)
        assert error.value.field == "budget"

    def test_the_board_report_refuses_a_period_without_a_budget(self) -> None:
        """The small programme's period is in 2024-2025; a budget for 2025-2026 misses December."""
        with pytest.raises(ValidationError, match="2024-12-01"):
            board_report(small_programme(), *ACROSS_DAYS, budget=TWO_YEARS)


class TestInTheBoardReport:
    BUDGET = Budget.per_year({2024: 3_660_000, 2025: 4_380_000})

    def test_the_sentence_quotes_the_budget_of_the_report_days_year(self) -> None:
        report = board_report(small_programme(), *ACROSS_DAYS, budget=self.BUDGET)
        assert report.summary().endswith("two employment specialists; 4.4 million SEK in 2025.")
        assert report.summary("sv").endswith("4,4 miljoner kronor år 2025.")

    def test_without_a_whole_year_the_sentence_gives_the_period(self) -> None:
        budget = Budget.per_period([(Period(*ACROSS_DAYS), 500_000)])
        report = board_report(small_programme(), *ACROSS_DAYS, budget=budget)
        assert report.summary().endswith("; 500,000 SEK for the period.")
        assert report.summary("sv").endswith(f"; 500{NBSP}000 kronor för perioden.")

    def test_the_page_lists_each_budget_and_the_cost_of_the_period(self) -> None:
        """10,000 a day in December 2024 and 12,000 a day in January 2025."""
        report = board_report(small_programme(), *ACROSS_DAYS, budget=self.BUDGET)
        text = report.to_markdown()
        assert "| Budget from 1 January 2024 to 31 December 2024 | 3.7 million SEK |" in text
        assert "| Budget from 1 January 2025 to 31 December 2025 | 4.4 million SEK |" in text
        assert "| Cost of the period | 682,000 SEK |" in text
        assert "Cost a year" not in text
        swedish = report.to_markdown("sv")
        assert (
            "| Budget från 1 januari 2025 till 31 december 2025 | 4,4 miljoner kronor |" in swedish
        )
        assert f"| Kostnad för perioden | 682{NBSP}000 kronor |" in swedish

    def test_json_and_csv_carry_each_budget(self) -> None:
        report = board_report(small_programme(), *ACROSS_DAYS, budget=self.BUDGET)
        money = report.to_dict()["cost"]
        assert isinstance(money, dict)
        assert money["yearly"] is None
        assert money["period"] == 682_000
        assert money["budgets"] == [
            {"start": "2024-01-01", "end": "2024-12-31", "amount": 3_660_000, "in_period": 310_000},
            {"start": "2025-01-01", "end": "2025-12-31", "amount": 4_380_000, "in_period": 372_000},
        ]
        rows = {r["name"]: r for r in csv.DictReader(io.StringIO(report.to_csv()))}
        assert rows["budget 2025-01-01..2025-12-31"]["value"] == "4380000.0"
        assert rows["period"]["value"] == "682000.0"
        assert "yearly" not in rows


# --- properties ----------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**9) | st.floats(min_value=0, max_value=1e9)


@st.composite
def budgets(draw: st.DrawFn) -> Budget:
    """One yearly sum, or a sum per year for 2023 to 2032."""
    if draw(st.booleans()):
        return Budget.every_year(draw(amounts))
    return Budget.per_year({year: draw(amounts) for year in range(2023, 2033)})


@given(budgets(), days(), st.integers(min_value=0, max_value=700), st.integers(0, 700))
def test_splitting_a_period_never_changes_its_cost(
    budget: Budget, start: date, first: int, second: int
) -> None:
    """Cut anywhere, the two parts cost exactly what the whole costs."""
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second + 1)
    whole = budget.amount_for(Period(start, end))
    parts = budget.amount_for(Period(start, middle)) + budget.amount_for(
        Period(middle + timedelta(days=1), end)
    )
    assert whole == parts
    assert whole >= 0


@given(budgets(), st.integers(min_value=2023, max_value=2028))
def test_a_whole_year_costs_its_budget(budget: Budget, year: int) -> None:
    """Each year's sum is spread over its own days, leap year or not."""
    expected = budget.yearly if budget.yearly is not None else budget.lines[year - 2023].amount
    assert budget.amount_for(Period(date(year, 1, 1), date(year, 12, 31))) == expected
    assert budget.year_amount(year) == expected


@given(amounts, days(), st.integers(min_value=0, max_value=800))
def test_a_yearly_sum_is_a_budget_of_that_sum_every_year(
    amount: float, start: date, length: int
) -> None:
    """The single yearly cost and the same sum given per year agree exactly."""
    period = Period(start, start + timedelta(days=length))
    years = range(period.start.year, period.end.year + 1)
    per_year = Budget.per_year(dict.fromkeys(years, amount))
    assert Budget.every_year(amount).amount_for(period) == per_year.amount_for(period)
