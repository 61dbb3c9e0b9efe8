"""Property tests of how typed cells (of workbooks and frames) become fields (`_tables`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ipsrules._convert import BadValueError
from ipsrules._tables import LAYOUT, Kind, cell_value, local_moment
from ipsrules.strategies import ZONES

MINUTES = next(c for c in LAYOUT["contacts"].columns if c.name == "minutes")
HOURS = next(c for c in LAYOUT["jobs"].columns if c.name == "hours_per_week")
START = next(c for c in LAYOUT["jobs"].columns if c.name == "start")
AT = next(c for c in LAYOUT["contacts"].columns if c.name == "at")
ID = next(c for c in LAYOUT["participants"].columns if c.name == "id")
UTC = ZoneInfo("UTC")


def test_the_layout_follows_the_model() -> None:
    assert (MINUTES.kind, HOURS.kind, START.kind, AT.kind, ID.kind) == (
        Kind.INT,
        Kind.FLOAT,
        Kind.DAY,
        Kind.MOMENT,
        Kind.TEXT,
    )
    mode = next(c for c in LAYOUT["contacts"].columns if c.name == "mode")
    assert mode.choices == ("face_to_face", "phone", "video", "message")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_whole_number_in_any_dress_is_itself(number: int) -> None:
    for cell in (number, float(number), str(number), f" {number} "):
        value = cell_value(cell, MINUTES, UTC)
        assert value == number
        assert type(value) is int


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()))
def test_a_fraction_is_not_a_whole_number(number: float) -> None:
    with pytest.raises(BadValueError, match="expected a whole number"):
        cell_value(number, MINUTES, UTC)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_as_text_is_the_number(number: float) -> None:
    assert cell_value(repr(number), HOURS, UTC) == number


@given(st.integers(min_value=0, max_value=10**12))
def test_a_code_typed_as_a_number_is_its_text(number: int) -> None:
    assert cell_value(number, ID, UTC) == str(number)
    assert cell_value(float(number), ID, UTC) == str(number)


@given(st.dates())
def test_a_day_as_a_date_a_midnight_or_text(day: date) -> None:
    for cell in (day, datetime.combine(day, time(0)), day.isoformat()):
        assert cell_value(cell, START, UTC) == day


@given(st.dates(), st.times().filter(lambda t: t != time(0)))
def test_a_time_of_day_in_a_column_of_days_is_refused(day: date, clock: time) -> None:
    with pytest.raises(BadValueError, match="a time of day"):
        cell_value(datetime.combine(day, clock), START, UTC)


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2037, 12, 31)),
    st.sampled_from(ZONES),
)
def test_a_time_without_offset_is_in_the_zone_or_refused(naive: datetime, name: str) -> None:
    zone = ZoneInfo(name)
    try:
        aware = local_moment(naive, zone)
    except BadValueError:
        # Only a time that the clocks skip: it is not the wall time of any instant.
        skipped = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
        assert skipped.replace(tzinfo=None) != naive
        return
    assert aware.replace(tzinfo=None) == naive
    assert aware.utcoffset() == naive.replace(tzinfo=zone, fold=0).utcoffset()
    assert cell_value(naive, AT, zone) == aware


@given(st.datetimes(timezones=st.just(timezone(timedelta(hours=5, minutes=30)))))
def test_a_time_with_an_offset_keeps_it(moment: datetime) -> None:
    assume(moment.year > 1)
    assert cell_value(moment, AT, ZoneInfo("Europe/Stockholm")) is moment
