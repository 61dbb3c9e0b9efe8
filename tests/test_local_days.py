"""`LocalDays`: the day of a contact's time in the programme's zone, converted once per instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ipsrules._local_days import LocalDays

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Etc/GMT+1 (an hour behind UTC) puts the two instants of Stockholm's repeated hour on
# two days.
zones = st.sampled_from(
    [STOCKHOLM, ZoneInfo("America/St_Johns"), ZoneInfo("UTC"), ZoneInfo("Etc/GMT+1")]
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.one_of(
    st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    st.datetimes(datetime(2000, 1, 1), datetime(2040, 12, 31), timezones=offsets | zones),
    # The hours that clocks repeat in the autumn, the time zone's own and as `fold` says.
    st.builds(
        lambda year, minute, fold: datetime(year, 10, 1, 2, tzinfo=STOCKHOLM).replace(
            day=31 - (datetime(year, 10, 31).weekday() + 1) % 7, minute=minute, fold=fold
        ),
        st.integers(2000, 2040),
        st.integers(0, 59),
        st.integers(0, 1),
    ),
)


def day_in(zone: ZoneInfo, at: date | datetime) -> date:
    """The reference: each time converted on its own."""
    return at.astimezone(zone).date() if isinstance(at, datetime) else at


@given(zones, st.lists(moments, max_size=30))
def test_each_day_is_the_day_of_its_own_conversion(zone: ZoneInfo, log: list[date]) -> None:
    local_day = LocalDays(zone)
    # Twice over: the second time every instant is known.
    for at in log + log:
        assert local_day(at) == day_in(zone, at)


@given(st.lists(moments, min_size=1, max_size=30))
def test_a_day_is_one_object(log: list[date]) -> None:
    local_day = LocalDays(STOCKHOLM)
    days = [local_day(at) for at in log if isinstance(at, datetime)]
    for day in days:
        assert all(other is day for other in days if other == day)


def test_the_same_instant_in_two_offsets_and_the_repeated_hour() -> None:
    local_day = LocalDays(STOCKHOLM)
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March in Stockholm
    assert local_day(late) == date(2026, 3, 2)
    assert local_day(late.astimezone(timezone(timedelta(hours=-5)))) == date(2026, 3, 2)
    first = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM)  # the hour clocks repeat
    second = first.replace(fold=1)
    assert local_day(first) == local_day(second) == date(2026, 10, 25)
    # 00:30 UTC is 02:30 the first time round (summer time), 01:30 the second.
    utc = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert local_day(utc) == date(2026, 10, 25)


@given(zones, st.lists(moments, max_size=30))
def test_the_days_of_a_column_are_the_days_of_its_times(zone: ZoneInfo, log: list[date]) -> None:
    """`of_each`: the same days, each object converted once, equal times told apart."""
    column = log + log[::-1]
    assert LocalDays(zone).of_each(column) == [day_in(zone, at) for at in column]


def test_the_two_instants_of_a_repeated_hour_can_fall_on_two_days() -> None:
    """Equal as times (one zone, one wall time), yet an hour apart: each gets its own day."""
    first = datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM)  # 00:30 UTC
    second = first.replace(fold=1)  # 01:30 UTC
    assert first == second
    behind = ZoneInfo("Etc/GMT+1")  # an hour behind UTC
    days = LocalDays(behind).of_each([first, second, first, date(2026, 10, 24)])
    assert days == [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 24), date(2026, 10, 24)]
    # Among times with fixed offsets (as a loader makes them), too.
    fixed = datetime(2026, 10, 25, 1, tzinfo=timezone(timedelta(hours=2)))  # 23:00 UTC
    days = LocalDays(behind).of_each([fixed, first, second, fixed])
    assert days == [date(2026, 10, 24), date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 24)]
    # Without a repeated hour, equal times in two offsets are one instant: one day.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    column = [late, late.astimezone(timezone(timedelta(hours=-5))), date(2026, 3, 2)]
    assert LocalDays(STOCKHOLM).of_each(column) == [date(2026, 3, 2)] * 3
