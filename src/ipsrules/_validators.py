"""
Field validators that name the record and field at fault, for the records and values of
every module: a bad row in a spreadsheet export can then be found and mended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs

from .exceptions import ValidationError

__all__ = ["Validator", "describe", "fail", "not_before", "plain_date"]

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


def plain_date(record: object, field: attrs.Attribute[Any], value: object) -> None:
    """The field is a date without a time (a `datetime` is a date too, and is refused)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise fail(record, field, f"expected a date (without a time), got {value!r}")


def not_before(other: str) -> Validator:
    """The field, when set, is on or after the field named *other* of the same record."""

    def check(record: object, field: attrs.Attribute[Any], value: date | None) -> None:
        earlier = getattr(record, other)
        if value is not None and earlier is not None and value < earlier:
            raise fail(record, field, f"{value} is before {other} {earlier}")

    return check
