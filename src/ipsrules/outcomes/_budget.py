"""
What a service costs over time: one sum for every calendar year, or a budget per year or
per period, spread evenly over the days each covers.

Swedish services are funded year by year, often with a different sum each year, and a
report for a period across the turn of a year must take each day's cost from its own
budget. Amounts are kept as exact fractions, so a period cut in two costs exactly what it
costs whole.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from ipsrules._period import Period
from ipsrules.exceptions import ValidationError

Amount = int | float | Decimal | Fraction
"""An amount of money as a caller may give it; the budget keeps it as an exact fraction."""

MAX_YEARLY_COST = 10**12
"""The largest amount accepted: a trillion, in any currency, so every sum stays exact."""


def _amount(record: str, field: str, value: object) -> Fraction:
    """*value* as an exact fraction, or a `ValidationError` naming *record* and *field*."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise ValidationError(record, field, f"expected a number, got {value!r}")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValidationError(record, field, f"must be a finite number, got {value!r}")
    if value < 0:
        raise ValidationError(record, field, f"must not be negative, got {value!r}")
    if value > MAX_YEARLY_COST:
        limit = f"{MAX_YEARLY_COST:,}".replace(",", " ")
        raise ValidationError(record, field, f"must be at most {limit}, got {value!r}")
    return Fraction(value)


def _year(year: object) -> Period:
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:
        raise ValidationError("Budget", "year", f"expected a year from 1 to 9998, got {year!r}")
    return Period(date(year, 1, 1), date(year, 12, 31))


def _overlap(one: Period, other: Period) -> Period | None:
    """The days *one* and *other* share, or ``None``."""
    first, last = max(one.start, other.start), min(one.end, other.end)
    return Period(first, last) if first <= last else None


@attrs.frozen
class BudgetLine:
    """
    A sum for a span of days, spread evenly over them.

    Attributes:
        period: The days the sum pays for, both ends included.
        amount: The sum, an exact fraction (0 or more).
    """

    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    amount: Fraction = attrs.field()

    @amount.validator
    def _check_amount(self, field: attrs.Attribute[Fraction], value: object) -> None:
        if not isinstance(value, Fraction) or value < 0:
            raise ValidationError(
                "BudgetLine", field.name, f"expected a Fraction, 0 or more, got {value!r}"
            )

    def part(self, period: Period) -> Fraction:
        """The share of the sum that falls in *period*: amount * shared days / its days."""
        shared = _overlap(self.period, period)
        return Fraction(0) if shared is None else self.amount * shared.days / self.period.days


@attrs.frozen
class Budget:
    """
    What the service costs: the same sum every calendar year (`every_year`), or sums for
    given years (`per_year`) or spans of days (`per_period`).

    Build one with those class methods, which read the amounts as exact fractions; a budget
    built directly is checked the same way (lines in order of day, none sharing a day, and
    either a yearly sum or lines). A period is costed day by day: each day costs its
    budget's sum divided by the days that budget covers, so a whole calendar year costs
    exactly its sum, leap or not.

    Attributes:
        yearly: The sum for every calendar year, or ``None`` when the budget has lines.
        lines: The budgets for given spans, in order of day; empty for `every_year`.
    """

    yearly: Fraction | None = attrs.field()
    lines: tuple[BudgetLine, ...] = attrs.field(default=())

    @yearly.validator
    def _check_yearly(self, field: attrs.Attribute[Fraction | None], value: object) -> None:
        if value is not None and (not isinstance(value, Fraction) or value < 0):
            raise ValidationError(
                "Budget", field.name, f"expected a Fraction, 0 or more, got {value!r}"
            )

    @lines.validator
    def _check_lines(self, field: attrs.Attribute[tuple[BudgetLine, ...]], value: object) -> None:
        if not isinstance(value, tuple) or not all(isinstance(x, BudgetLine) for x in value):
            raise ValidationError("Budget", field.name, "expected a tuple of BudgetLine values")
        lines: tuple[BudgetLine, ...] = value
        if (self.yearly is None) == (not lines):
            raise ValidationError(
                "Budget",
                field.name,
                "expected at least one budget"
                if not lines
                else "give a yearly sum or budget lines, not both",
            )
        for before, after in itertools.pairwise(lines):
            if after.period.start < before.period.start:
                raise ValidationError("Budget", field.name, "expected the lines in order of day")
            if after.period.start <= before.period.end:
                raise ValidationError(
                    "Budget",
                    field.name,
                    f"the budgets for {before.period} and {after.period} overlap on "
                    f"{after.period.start}; which one pays for that day would be a guess",
                )

    @classmethod
    def every_year(cls, amount: Amount) -> Budget:
        """The same *amount* for every calendar year, as a single yearly cost.

        Raises:
            ValidationError: *amount* is not a number, not finite, or negative (field
                ``yearly``).
        """
        return cls(_amount("Cost", "yearly", amount))

    @classmethod
    def per_year(cls, amounts: Mapping[int, Amount]) -> Budget:
        """A sum per calendar year: ``{2025: 4_000_000, 2026: 4_300_000}``.

        Raises:
            ValidationError: a year or an amount is not valid, or no year is given.
        """
        return cls.per_period((_year(year), amount) for year, amount in amounts.items())

    @classmethod
    def per_period(cls, amounts: Iterable[tuple[Period, Amount]]) -> Budget:
        """A sum per span of days, such as a budget year from July to June.

        Raises:
            ValidationError: an amount is not valid, two spans share a day, or none is given.
        """
        lines = sorted(
            (
                BudgetLine(period, _amount("Budget", f"amount for {period}", amount))
                for period, amount in amounts
            ),
            key=lambda line: line.period.start,
        )
        return cls(None, tuple(lines))

    def amount_for(self, period: Period) -> Fraction:
        """
        The cost of *period*, exactly: the sum of each budget's share of its days in it.

        Raises:
            ValidationError: a day of *period* has no budget (only with budget lines).
        """
        if self.yearly is not None:
            return sum(
                (
                    BudgetLine(Period(date(year, 1, 1), date(year, 12, 31)), self.yearly).part(
                        period
                    )
                    for year in range(period.start.year, period.end.year + 1)
                ),
                Fraction(0),
            )
        gap = self._first_gap(period)
        if gap is not None:
            raise ValidationError(
                "Budget",
                "lines",
                f"no budget covers {gap}, a day of the period {period}; give a budget for "
                "every day of it",
            )
        return sum((line.part(period) for line in self.lines), Fraction(0))

    def lines_in(self, period: Period) -> tuple[BudgetLine, ...]:
        """The budget lines with a day in *period*, in order (empty for `every_year`)."""
        return tuple(line for line in self.lines if _overlap(line.period, period))

    def year_amount(self, year: int) -> Fraction | None:
        """The cost of calendar year *year*, or ``None`` when a day of it has no budget."""
        whole = _year(year)
        if self.yearly is None and self._first_gap(whole) is not None:
            return None
        return self.amount_for(whole)

    def _first_gap(self, period: Period) -> date | None:
        """The first day of *period* that no budget line covers, or ``None``."""
        day = period.start
        for line in self.lines:
            if line.period.end < day:
                continue
            if line.period.start > day:
                return day
            if line.period.end >= period.end:
                return None
            day = line.period.end + timedelta(days=1)
        return day
