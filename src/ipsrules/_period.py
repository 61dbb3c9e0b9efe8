"""
The span of days a report or a review covers, both ends included: a quarter, a year, any
range. One value for every period of the library, from the command line to the reports.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from ._validators import EARLIEST, LATEST, not_before, plain_date
from .exceptions import ValidationError

__all__ = ["Period"]


@attrs.frozen
class Period:
    """
    The days from *start* to *end*, both included, each from 1900-01-01 to 2999-12-31.

    Attributes:
        start: The first day.
        end: The last day; not before *start*.
    """

    start: date = attrs.field(validator=plain_date)
    end: date = attrs.field(validator=[plain_date, not_before("start")])

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Calendar quarter *quarter* (1 to 4) of *year*: Q3 2026 is 1 July to 30 September."""
        if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
            raise ValidationError("Period", "quarter", f"expected 1, 2, 3 or 4, got {quarter!r}")
        first_year, last_year = EARLIEST.year, LATEST.year
        if (
            isinstance(year, bool)
            or not isinstance(year, int)
            or not first_year <= year <= last_year
        ):
            raise ValidationError(
                "Period", "year", f"expected a year from {first_year} to {last_year}, got {year!r}"
            )
        first = date(year, 3 * quarter - 2, 1)
        after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(first, after - timedelta(days=1))

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days + 1

    def overlaps(self, first: date, last: date | None) -> bool:
        """Whether the span *first* to *last* (open-ended when ``None``) has a day in the period."""
        return first <= self.end and (last is None or last >= self.start)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"
