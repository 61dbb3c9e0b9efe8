"""
The days a synthetic programme is planned around, and the calendar rules of its records.

Records fall on weekdays, studies follow Swedish terms, and by default the report date is
the last quarter end before the records end, so a programme of any span has one.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ipsrules._windows import add_months


def weekday(day: date) -> date:
    """*day*, or the Monday after it when it falls on a weekend."""
    day_of_week = day.weekday()
    return day + timedelta(days=7 - day_of_week) if day_of_week >= 5 else day


def weekday_within(day: date, earliest: date, latest: date) -> date:
    """*day* moved to a weekday in ``[earliest, latest]``: the Monday after, else the Friday."""
    forward = weekday(day)
    if forward <= latest:
        return forward
    friday = day - timedelta(days=day.weekday() - 4)
    return friday if friday >= earliest else day


def study_terms(around: date) -> list[tuple[date, date]]:
    """Swedish study terms near *around*: spring from mid January, autumn from mid August."""
    found: list[tuple[date, date]] = []
    for year in range(around.year - 3, around.year + 3):
        found.append((weekday(date(year, 1, 12)), date(year, 6, 5)))
        found.append((weekday(date(year, 8, 17)), date(year + 1, 1, 15)))
    return found


def _span_days(years: float) -> int:
    if not math.isfinite(years) or years <= 0:
        msg = f"years must be a positive number, got {years!r}"
        raise ValueError(msg)
    return max(1, round(years * 365))


def default_contacts_until(first_enrolment: date, years: float) -> date:
    """
    The last day of the records by default: 16 days after the span of *years*.

    It is the last day a programme made by `synthetic_programme` describes, so the natural
    *today* for checking it; for the sample (two years from 4 November 2024), 20 November 2026.
    """
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
