"""Tests of `ipsrules.Period`: the one value for the days a report or a review covers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import ipsrules
import ipsrules.outcomes
from ipsrules import Period, ValidationError


def test_one_class_exported_twice() -> None:
    """The package and `ipsrules.outcomes` export the same class."""
    assert ipsrules.outcomes.Period is ipsrules.Period
    assert "Period" in ipsrules.__all__
    assert "Period" in ipsrules.outcomes.__all__


def test_both_days_are_in_the_period() -> None:
    period = Period(date(2026, 7, 1), date(2026, 9, 30))
    assert period.days == 92
    assert date(2026, 7, 1) in period
    assert date(2026, 9, 30) in period
    assert date(2026, 10, 1) not in period
    assert str(period) == "2026-07-01..2026-09-30"


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Period(date(2026, 9, 30), date(2026, 7, 1))
    assert (caught.value.record, caught.value.field) == ("Period", "end")


def test_a_datetime_is_not_a_day() -> None:
    with pytest.raises(ValidationError) as caught:
        Period(datetime(2026, 7, 1, tzinfo=UTC), date(2026, 9, 30))  # type: ignore[arg-type]
    assert (caught.value.record, caught.value.field) == ("Period", "start")
