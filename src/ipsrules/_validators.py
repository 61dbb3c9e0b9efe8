"""
Field validators that name the record and field at fault, for the records and values of
every module: a bad row in a spreadsheet export can then be found and mended.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from importlib import resources
from typing import Any, Final

import attrs

from .exceptions import ValidationError

__all__ = [
    "EARLIEST",
    "FIRST_YEAR",
    "LAST_YEAR",
    "LATEST",
    "MAX_CODE_LENGTH",
    "MAX_TEXT_LENGTH",
    "Validator",
    "date_problem",
    "describe",
    "fail",
    "in_range",
    "not_before",
    "optional_plain_date",
    "optional_text",
    "plain_date",
    "text",
    "text_problem",
    "zone_problem",
]

EARLIEST: Final = date(1900, 1, 1)
"""The first day a record or a period may name."""

LATEST: Final = date(2999, 12, 31)
"""
The last day a record or a period may name. Every window, month sum, feed end (a day
later) and period built from a day up to it stays far inside what Python's dates can hold
(year 9999), so no operation on a valid record can overflow.
"""

FIRST_YEAR: Final = EARLIEST.year
LAST_YEAR: Final = LATEST.year
"""
The years of `EARLIEST` and `LATEST`, which are their first and last days: a day is within
them exactly when its year is, a cheaper test for the time of every contact.
"""

MAX_CODE_LENGTH: Final = 64
"""The most characters an id (a record's code, or a reference to one) may have."""

MAX_TEXT_LENGTH: Final = 200
"""The most characters any other text field (a name, a category) may have."""

# Characters no field may hold: they cannot be written as UTF-8 (lone surrogates), or they
# would act on a terminal, a table or a calendar line instead of being shown (control
# characters, escape sequences, line and paragraph separators, and the bidirectional
# controls that reorder the rest of a line).
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cs", "Zl", "Zp"})
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _noncharacter(character: str) -> bool:
    """
    One of Unicode's 66 noncharacters (U+FDD0..U+FDEF, and the last two code points of
    every plane): never meant for interchange, and XML, so a workbook, cannot hold U+FFFE
    or U+FFFF.
    """
    point = ord(character)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""An attrs validator: called with the record, the field and the value."""


def describe(record: object) -> str:
    """
    Name a record for an error message, by its id where it has one.

    A record without an id that belongs to a participant at a moment (a contact) or on a
    day (a handover) is named by those, and a generic employer contact, which names no
    participant, by its specialist; any other by its kind.
    """
    kind = type(record).__name__
    record_id = getattr(record, "id", None)
    if record_id is not None:
        return f"{kind} {record_id!r}"
    if hasattr(record, "participant_id") and hasattr(record, "at"):
        participant_id = record.participant_id
        specialist_id = getattr(record, "specialist_id", None)
        if participant_id is None and specialist_id is not None:
            return f"{kind} of specialist {specialist_id!r} at {record.at!s}"
        return f"{kind} of participant {participant_id!r} at {record.at!s}"
    if hasattr(record, "participant_id") and hasattr(record, "on"):
        return f"{kind} of participant {record.participant_id!r} on {record.on!s}"
    return kind


def fail(record: object, field: attrs.Attribute[Any], reason: str) -> ValidationError:
    """The error for *field* of *record*, which the record is refused with."""
    return ValidationError(describe(record), field.name, reason)


def not_before(other: str) -> Validator:
    """The field, when set, is on or after the field named *other* of the same record."""

    def check(record: object, field: attrs.Attribute[Any], value: date | None) -> None:
        earlier = getattr(record, other)
        if value is not None and earlier is not None and value < earlier:
            raise fail(record, field, f"{value} is before {other} {earlier}")

    return check


def date_problem(value: date) -> str | None:
    """Why the day of *value* is outside `EARLIEST`..`LATEST`, or ``None`` when it is inside."""
    day = value.date() if isinstance(value, datetime) else value
    if day < EARLIEST:
        return f"{day} is before {EARLIEST}, the first day ipsrules accepts"
    if day > LATEST:
        return f"{day} is after {LATEST}, the last day ipsrules accepts"
    return None


def in_range(record: object, field: attrs.Attribute[Any], value: date) -> None:
    """The day of *value* is within `EARLIEST`..`LATEST`."""
    problem = date_problem(value)
    if problem is not None:
        if field.default is None and value > LATEST:  # an optional end, such as a job's
            problem += "; to say that it has not ended (yet), leave the field empty"
        raise fail(record, field, problem)


def plain_date(record: object, field: attrs.Attribute[Any], value: object) -> None:
    """
    The field is a date without a time (a `datetime` is a date too, and is refused), within
    `EARLIEST`..`LATEST`.
    """
    # A plain date in range, as nearly every one is, is accepted in one test; anything
    # else (a subclass too) takes the full path below, which says what is wrong.
    if type(value) is date and EARLIEST <= value <= LATEST:
        return
    if isinstance(value, datetime) or not isinstance(value, date):
        raise fail(record, field, f"expected a date (without a time), got {value!r}")
    in_range(record, field, value)


def optional_plain_date(record: object, field: attrs.Attribute[Any], value: object) -> None:
    """`plain_date` for a field that may be left empty (``None``), in one call."""
    if value is None or (type(value) is date and EARLIEST <= value <= LATEST):
        return
    plain_date(record, field, value)


def text_problem(value: str, max_length: int) -> str | None:
    """
    Why *value* is not text that every output can carry, or ``None`` when it is: at least
    one character that is not a space, at most *max_length* characters, and none that
    `_REFUSED_CATEGORIES` and `_BIDI_CONTROLS` name, nor a noncharacter.
    """
    if not value.strip():
        return f"expected a non-empty string, got {value!r}"
    if len(value) > max_length:
        return f"is {len(value)} characters long; the most allowed is {max_length}"
    if value.isprintable():  # the common case, without a loop: no refused character
        return None
    for position, character in enumerate(value):
        if (
            unicodedata.category(character) in _REFUSED_CATEGORIES
            or character in _BIDI_CONTROLS
            or _noncharacter(character)
        ):
            return (
                f"holds the character U+{ord(character):04X} at position {position + 1}, "
                "which outputs cannot carry (control characters, escape sequences, line "
                "separators, bidirectional controls, noncharacters and lone surrogates are "
                "refused)"
            )
    return None


def text(max_length: int) -> Validator:
    """The field is a string that `text_problem` finds nothing wrong with."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        # The common case in one test, without a call: a plain string that is short enough,
        # has no refused character (`isprintable` is stricter) and is not blank; anything
        # else (a subclass of str too) takes the full path, which says what is wrong.
        if (
            type(value) is str
            and len(value) <= max_length
            and value.isprintable()
            and value.strip()
        ):
            return
        if not isinstance(value, str):
            raise fail(record, field, f"expected a non-empty string, got {value!r}")
        problem = text_problem(value, max_length)
        if problem is not None:
            raise fail(record, field, problem)

    return check


def optional_text(max_length: int, *, if_empty: Validator | None = None) -> Validator:
    """
    `text` for a field that may be left empty (``None``), in one call; *if_empty*, when
    given, checks an empty field (whether the record may leave it empty).
    """
    required = text(max_length)

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            if if_empty is not None:
                if_empty(record, field, value)
            return
        if (
            type(value) is str
            and len(value) <= max_length
            and value.isprintable()
            and value.strip()
        ):
            return
        required(record, field, value)

    return check


@functools.cache
def _zone_names() -> frozenset[str]:
    """The zones of the IANA database as the tzdata package lists them, not the host."""
    listed = resources.files("tzdata").joinpath("zones").read_text("utf-8").split()
    # "Factory" is a placeholder zone for machines whose zone is not set, not a place.
    return frozenset(listed) - {"Factory"}


def zone_problem(name: str) -> str | None:
    """
    Why *name* is not the name of an IANA time zone, or ``None`` when it is.

    Only names of the IANA database count (``UTC`` and the ``Etc/`` zones among them): not a
    file, a folder of the database (``Europe``), nor the host's own ``localtime``, so that
    the same programme gives the same days on every machine.
    """
    if name in _zone_names():
        return None
    shown = name if len(name) <= 80 else name[:77] + "..."
    return f"unknown IANA time zone {shown!r}; give a name such as 'Europe/Stockholm' or 'UTC'"
