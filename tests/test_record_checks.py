"""
The records' checks, made cheaper for issue 15, accept and refuse exactly what they did.

`old_records` is a frozen copy of the records and their checks as they were. For values
good and bad (wrong types, ``None``, blank or too long strings, refused characters, naive
datetimes, days out of range, bools for numbers, wrong enums, generic contacts without a
specialist), a record of `ipsrules` must be built where the old one was, or refused with
the same error: its type, record, field and reason, so the first fault in field order.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipsrules
import old_records
from ipsrules import (
    Contact,
    ContactMode,
    ExitReason,
    Party,
    ReferralState,
    Setting,
    ValidationError,
)
from ipsrules._validators import EARLIEST, FIRST_YEAR, LAST_YEAR, LATEST

KINDS = (
    "Specialist",
    "Participant",
    "Job",
    "Study",
    "Internship",
    "Referral",
    "Contact",
    "Handover",
    "WorkAbilityAssessment",
)


class Text(str):
    """A subclass of str: accepted as text, but never by the fast path of an exact str."""

    __slots__ = ()


class Day(date):
    """A subclass of date, which must take the full path of the checks."""

    __slots__ = ()


class NoOffset(tzinfo):
    """A time zone that gives no offset: a datetime with it is naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


class Offset(tzinfo):
    """A time zone of one's own that gives a fixed offset: a datetime with it is aware."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return timedelta(hours=-5)


ZONES = (ZoneInfo("Europe/Stockholm"), ZoneInfo("UTC"), UTC, timezone(timedelta(hours=14)))

# Characters that outputs cannot carry, and some that they can.
REFUSED = "\x00\x1b\x7f\x85\u2028\u2029\u202e\u2066\ufdd0\ufffe\uffff\U0001fffe\ud800"
ALLOWED = "aZ09-_ .åäöÅÄÖéü€中\u00a0\u3000\t"

ENUM_MEMBERS = (*ContactMode, *Party, *Setting, *ExitReason, *ReferralState)


def strings(max_length: int) -> st.SearchStrategy[Any]:
    """Strings around the limits: good, blank, too long, with refused characters, subclassed."""
    short = st.text(st.sampled_from(ALLOWED), min_size=1, max_size=8)
    return st.one_of(
        short,
        st.text(st.sampled_from(ALLOWED + REFUSED), max_size=8),
        st.text(st.sampled_from(" \t\n\r\u00a0\u3000"), max_size=3),
        st.integers(max_length - 2, max_length + 2).map(lambda n: "x" * n),
        st.integers(max_length - 1, max_length + 1).map(lambda n: " " * (n - 1) + "\x1b"),
        short.map(Text),
    )


def days() -> st.SearchStrategy[date]:
    """Days in a short span, so that orders between them vary, and days near the limits."""
    return st.one_of(
        st.dates(date(2020, 1, 1), date(2020, 3, 31)),
        st.sampled_from(
            (date.min, date(1899, 12, 31), EARLIEST, LATEST, date(3000, 1, 1), date.max)
        ),
    )


def moments() -> st.SearchStrategy[Any]:
    """Dates and datetimes: aware (zones of all sorts), naive, near the limits, subclassed."""
    times = st.datetimes(datetime(1899, 12, 30), datetime(3000, 1, 2))
    return st.one_of(
        days(),
        days().map(lambda day: Day(day.year, day.month, day.day)),
        st.builds(lambda moment, zone: moment.replace(tzinfo=zone), times, st.sampled_from(ZONES)),
        times,
        times.map(lambda moment: moment.replace(tzinfo=NoOffset())),
        times.map(lambda moment: moment.replace(tzinfo=Offset())),
        st.datetimes(datetime(2020, 1, 1), datetime(2020, 12, 31), timezones=st.timezones()),
    )


def numbers() -> st.SearchStrategy[Any]:
    """Numbers of every kind near the limits, and bools, which are not numbers here."""
    return st.one_of(
        st.integers(-3, 1500),
        st.floats(-2, 200),
        st.sampled_from(
            (0, 0.0, -0.0, 0.005, 0.01, 1, 1.0, 1.5, 168, 168.0, 168.5, 1440, 1441, 10**400)
        ),
        st.sampled_from((math.inf, -math.inf, math.nan, 1e308, 1.7976931348623157e308)),
        st.booleans(),
    )


def anything() -> st.SearchStrategy[Any]:
    """A value of any type a field may be given by mistake."""
    return st.one_of(
        st.none(),
        numbers(),
        strings(64),
        moments(),
        st.sampled_from(ENUM_MEMBERS),
        st.sampled_from([member.value for member in ENUM_MEMBERS]),
        st.binary(max_size=3),
    )


CODES = ("id", "participant_id", "specialist_id")
TEXTS = ("name", "income_support_at_entry", "income_support_at_exit", "employer", "job_type")
TEXTS += ("kind", "source")
NUMBERS = ("fte", "employment_share", "hours_per_week", "minutes")
ENUMS = {
    "exit_reason": ExitReason,
    "state": ReferralState,
    "mode": ContactMode,
    "party": Party,
    "setting": Setting,
}


def good(name: str) -> st.SearchStrategy[Any]:
    """
    Values a field of this name is likely to take, good ones mostly and a few bad: the
    checks between fields (an order of days, a generic contact) then come into play.
    """
    if name in CODES:
        return st.one_of(st.none(), strings(64))
    if name in TEXTS:
        return st.one_of(st.none(), strings(200))
    if name in NUMBERS:
        return st.one_of(st.none(), numbers())
    if name in ENUMS:
        return st.one_of(st.none(), st.sampled_from(list(ENUMS[name])))
    if name in ("competitive", "able_to_work"):
        return st.one_of(st.booleans(), st.sampled_from((0, 1, None)))
    if name == "at":
        return moments()
    return st.one_of(st.none(), days())


def outcome(kind: type[Any], values: dict[str, Any]) -> tuple[Any, ...]:
    """What building *kind* from *values* gives: its fields, or the error it is refused with."""
    try:
        record = kind(**values)
    except ValidationError as error:
        return ("ValidationError", error.record, error.field, error.reason)
    except Exception as error:  # the same unexpected failure, if any, is the same behaviour
        return (type(error).__name__, str(error))
    return ("built", attrs.astuple(record, recurse=False))


@pytest.mark.parametrize("name", KINDS)
@given(data=st.data())
def test_records_accept_and_refuse_as_before(name: str, data: st.DataObject) -> None:
    new, old = getattr(ipsrules, name), getattr(old_records, name)
    names = [field.name for field in attrs.fields(new)]
    assert names == [field.name for field in attrs.fields(old)]
    faulty = data.draw(st.sets(st.sampled_from(names), max_size=3), label="faulty")
    values: dict[str, Any] = {}
    for field in attrs.fields(new):
        optional = field.default is not attrs.NOTHING
        if optional and field.name not in faulty and data.draw(st.booleans()):
            continue  # left to its default
        strategy = anything() if field.name in faulty else good(field.name)
        values[field.name] = data.draw(strategy, label=field.name)
    assert outcome(new, values) == outcome(old, values)


# The boundaries of the fast paths, one by one, with the old checks as the judge.
AT_BOUNDARIES = [
    datetime(1900, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))),  # 1899 in UTC
    datetime(1899, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2))),  # 1900 in UTC
    datetime(2999, 12, 31, 23, 59, tzinfo=ZoneInfo("Europe/Stockholm")),
    datetime(3000, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC")),
    datetime(2025, 3, 30, 2, 30, tzinfo=ZoneInfo("Europe/Stockholm")),  # a missing hour
    datetime(2025, 3, 30, 2, 30),
    datetime(2025, 3, 30, 2, 30, tzinfo=NoOffset()),
    datetime(2025, 3, 30, 2, 30, tzinfo=Offset()),
    Day(2025, 3, 30),
    date(1899, 12, 31),
    date(3000, 1, 1),
]


@pytest.mark.parametrize("at", AT_BOUNDARIES, ids=repr)
def test_contact_times_at_the_boundaries(at: date) -> None:
    values = {"participant_id": "P1", "at": at, "mode": ContactMode.PHONE}
    assert outcome(Contact, values) == outcome(old_records.Contact, values)


@pytest.mark.parametrize(
    "value",
    ["x" * 64, "x" * 65, " " * 63 + "x", "x\x1b", Text("P1"), Text(" "), "P\u00a0"],
    ids=repr,
)
@pytest.mark.parametrize("field", ["participant_id", "specialist_id", "id"])
def test_contact_codes_at_the_boundaries(field: str, value: str) -> None:
    values = {"participant_id": "P1", "at": date(2025, 1, 2), "mode": ContactMode.PHONE}
    values[field] = value
    assert outcome(Contact, values) == outcome(old_records.Contact, values)


@pytest.mark.parametrize("minutes", [0, 1440, 1441, -1, True, 1.0, None, 10**400], ids=repr)
def test_contact_minutes_at_the_boundaries(minutes: object) -> None:
    values = {"participant_id": "P1", "at": date(2025, 1, 2), "mode": "phone", "minutes": minutes}
    assert outcome(Contact, values) == outcome(old_records.Contact, values)


@pytest.mark.parametrize(
    "hours", [0, 168, 168.0, 168.0001, math.inf, math.nan, -0.0, False, 10**400], ids=repr
)
def test_hours_at_the_boundaries(hours: object) -> None:
    values = {"id": "J1", "participant_id": "P1", "start": date(2025, 1, 2)}
    values["hours_per_week"] = hours
    assert outcome(ipsrules.Job, values) == outcome(old_records.Job, values)


def test_generic_contacts_are_judged_as_before() -> None:
    """A contact without participant: an employer's needs a specialist, another is refused."""
    for party in (*Party, "employer"):
        for specialist_id in (None, "ES1"):
            values = {
                "participant_id": None,
                "at": date(2025, 1, 2),
                "mode": ContactMode.FACE_TO_FACE,
                "party": party,
                "specialist_id": specialist_id,
            }
            assert outcome(Contact, values) == outcome(old_records.Contact, values)
    built = Contact(None, date(2025, 1, 2), ContactMode.PHONE, Party.EMPLOYER, specialist_id="E")
    assert built.generic


def test_the_limits_of_days_are_whole_years() -> None:
    """The time of a contact is tested by its year: that holds only for whole years."""
    assert date(FIRST_YEAR, 1, 1) == EARLIEST
    assert date(LAST_YEAR, 12, 31) == LATEST


SHARES = [0, 0.0, -0.0, 0.0099, 0.01, 1, 1.0, 1.01, 1e308, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("value", [*SHARES, True, 10**400, None, "1"], ids=repr)
@pytest.mark.parametrize("field", ["fte", "employment_share"])
def test_specialist_shares_at_the_boundaries(field: str, value: object) -> None:
    values = {"id": "ES1", field: value}
    assert outcome(ipsrules.Specialist, values) == outcome(old_records.Specialist, values)
