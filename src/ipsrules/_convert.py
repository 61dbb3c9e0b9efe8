"""
The converter core that the JSON and CSV formats share: records to plain values and back.

One cattrs converter does all records, strict where cattrs' defaults would coerce
(``str(5)``, ``bool("no")``, ``float("1")``), and its faults become `LoadError` values
that name the record and the field. The CSV reader reads its cells with the same parsers
of days and times, so both formats accept and refuse the same values with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, get_args

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_unstructure_fn, override

from ._model import (
    Contact,
    Handover,
    Internship,
    Job,
    Participant,
    Referral,
    Specialist,
    Study,
    WorkAbilityAssessment,
)
from ._validators import describe
from .exceptions import LoadError, ValidationError

__all__ = [
    "CONVERTER",
    "DATE",
    "RECORD_LISTS",
    "BadValueError",
    "find_record",
    "parse_date",
    "parse_moment",
    "record_error",
]

RECORD_LISTS: Final[dict[str, type[Any]]] = {
    "specialists": Specialist,
    "participants": Participant,
    "jobs": Job,
    "contacts": Contact,
    "studies": Study,
    "internships": Internship,
    "referrals": Referral,
    "handovers": Handover,
    "work_ability_assessments": WorkAbilityAssessment,
}
"""The record lists of a programme, in the order they are written, and their record classes."""

_NULLABLE: Final = {Contact: "participant_id", Handover: "specialist_id"}
"""
Fields that Python asks for by name but that may be ``None``: in a file, left out (or an
empty cell) means ``None``, as for every other field that may be unset.
"""

DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A day as the formats write it: ``YYYY-MM-DD``."""

# The offset is optional here so that a naive datetime reaches the model, which refuses
# it with its own message; the schema requires the offset.
_DATETIME: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)


class BadValueError(ValueError):
    """A value of the wrong type or shape; the message is meant for the user."""


# --- the converter ------------------------------------------------------------
# The hooks below are per *type* (dates, enums, numbers), never per record class.


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"expected a string, got {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise BadValueError(f"expected true or false, got {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValueError(f"expected a number, got {value!r}")
    return float(value)


def parse_date(value: object) -> date:
    """The day that *value*, ``YYYY-MM-DD``, stands for."""
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadValueError(f"{value!r} is not a day of the calendar") from None
    raise BadValueError(f"expected a date in ISO format YYYY-MM-DD, got {value!r}")


def _structure_date(value: object, _: object) -> date:
    if type(value) is date:  # parsed already: the CSV reader shares each day it reads
        return value
    return parse_date(value)


def _structure_moment(value: object, _: object) -> date | datetime:
    if isinstance(value, date):  # parsed already, by the CSV reader (a naive one is refused
        return value  # by the model, as it would be from text)
    return parse_moment(value)


def parse_moment(value: object) -> date | datetime:
    """The day, or the date and time with its offset, that *value* stands for."""
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise BadValueError(f"{value!r} is not a valid date and time") from None
    if isinstance(value, str) and DATE.fullmatch(value):
        return parse_date(value)
    raise BadValueError(
        "expected a date (YYYY-MM-DD) or a date and time with an offset "
        f"(YYYY-MM-DDTHH:MM:SS+01:00), got {value!r}"
    )


def _is_moment(type_: object) -> bool:
    return set(get_args(type_)) == {date, datetime}


def _unstructure_moment(value: date) -> str:
    return value.isoformat()


def _structure_enum(value: object, enum: type[StrEnum]) -> StrEnum:
    allowed = [member.value for member in enum]
    if isinstance(value, str) and value in allowed:
        return enum(value)
    raise BadValueError(f"expected one of {', '.join(allowed)}, got {value!r}")


def _omitting_none(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Unstructure a record in field order, leaving out optional fields (default None) unset."""
    order = [field.name for field in attrs.fields(cls)]
    overrides: dict[str, Any] = {
        field.name: override(omit_if_default=True)
        for field in attrs.fields(cls)
        if field.default is None
    }
    unstructure = make_dict_unstructure_fn(cls, converter, **overrides)

    def in_order(record: Any) -> dict[str, Any]:
        # cattrs puts the omittable keys last; the model's order reads better.
        result = unstructure(record)
        return {key: result[key] for key in order if key in result}

    return in_order


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Class hooks go by the most specific base class: StrEnum before str.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(StrEnum, _structure_enum)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_func(_is_moment, _structure_moment)
    converter.register_unstructure_hook(date, _unstructure_moment)
    converter.register_unstructure_hook(datetime, _unstructure_moment)
    converter.register_unstructure_hook_func(_is_moment, _unstructure_moment)
    converter.register_unstructure_hook_factory(attrs.has, _omitting_none)
    for cls, name in _NULLABLE.items():
        converter.register_structure_hook(cls, _filling(converter.get_structure_hook(cls), name))
    return converter


def _filling(structure: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    """*structure*, with the field *name* set to ``None`` when a record leaves it out."""

    def fill(value: Any, cls: Any) -> Any:
        if isinstance(value, dict) and name not in value:
            value = {**value, name: None}
        return structure(value, cls)

    return fill


CONVERTER: Final = _make_converter()
"""The converter of every record, from and to JSON values."""


# --- errors -------------------------------------------------------------------


def record_error(path: str, record: str, exc: ClassValidationError) -> LoadError:
    """Translate cattrs' grouped errors for one record into a `LoadError` for its first fault."""
    with_notes, without_notes = exc.group_exceptions()
    # Faults found while structuring a field come in field order, before those of the
    # whole record (unknown keys, the model's own checks).
    if with_notes:
        error, note = with_notes[0]
        field = note.name if isinstance(note, AttributeValidationNote) else None
        return LoadError(path, _reason(error), record=record, field=field)
    for error in without_notes[:1]:
        if isinstance(error, ForbiddenExtraKeysError):
            extra = sorted(error.extra_fields)
            allowed = ", ".join(field.name for field in attrs.fields(error.cl))
            return LoadError(
                path,
                f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}; "
                f"the keys of a {error.cl.__name__.lower()} are: {allowed}",
                record=record,
                field=extra[0],
            )
        if isinstance(error, ValidationError):
            return LoadError(path, error.reason, record=record, field=error.field)
        return LoadError(path, _reason(error), record=record)
    return LoadError(path, str(exc), record=record)  # pragma: no cover - cattrs always has one


def _reason(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return "is required but missing"
    if isinstance(error, ValidationError):
        return error.reason
    return str(error)


def find_record(
    exc: ValidationError, built: Mapping[str, Sequence[object]]
) -> tuple[str, int] | None:
    """
    Find the record that `Programme` named in *exc* (``"Job 'J7'"``): its list and index.

    The model names records by id, or a contact without id by its participant and time;
    the user needs the position in the file, so match the built records against that name.
    ``None`` when the fault is in the programme itself (a top-level field).
    """
    kind = exc.record.split(" ", 1)[0]
    list_name = next((name for name, cls in RECORD_LISTS.items() if cls.__name__ == kind), None)
    if list_name is None:
        return None
    matches = [i for i, record in enumerate(built[list_name]) if describe(record) == exc.record]
    if not matches:  # pragma: no cover - the model names only records it was given
        return None
    if exc.field == "id" and len(matches) > 1:
        return list_name, matches[1]  # a duplicate id is reported at its second occurrence
    targets = {"participant_id": "participants", "specialist_id": "specialists"}
    # An unset reference (None) is never the faulty one.
    known = {None, *(getattr(r, "id", None) for r in built.get(targets.get(exc.field, ""), ()))}
    index = next(
        (i for i in matches if getattr(built[list_name][i], exc.field, None) not in known),
        matches[0],
    )
    return list_name, index
