"""
Reading and writing programmes as JSON documents.

A programme file is the one place where people type records by hand or export them
from a case-management system, so the reader is strict and precise: every fault is a
`LoadError` that names the file, the record (``"jobs[3] (id 'J004')"``) and the field,
and nothing is guessed or silently dropped (unknown keys and naive datetimes are
refused). The writer is deterministic, so files diff well under version control, and
atomic, so a crash never leaves half a file behind.

The format is described in ``docs/data-format.md`` and by the JSON Schema that
`schema` returns (``ipsrules/data/programme.schema.json``).
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from importlib import resources
from typing import Any, Final, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_unstructure_fn, override

from ._atomic import write_atomically
from ._model import (
    Contact,
    Internship,
    Job,
    Participant,
    Programme,
    Referral,
    Specialist,
    Study,
)
from ._validators import describe
from .exceptions import LoadError, ValidationError

__all__ = ["FORMAT", "VERSION", "dump", "dumps", "load", "loads", "schema"]

FORMAT: Final = "ipsrules.programme"
"""The value of a programme document's ``format`` key."""

VERSION: Final = 1
"""The newest version of the document format that this release reads and the one it writes."""

_T = TypeVar("_T")

# The record lists of a document, in the order they are written, and their record classes.
_LISTS: Final[dict[str, type[Any]]] = {
    "specialists": Specialist,
    "participants": Participant,
    "jobs": Job,
    "contacts": Contact,
    "studies": Study,
    "internships": Internship,
    "referrals": Referral,
}
_TOP_LEVEL: Final = ("format", "version", "id", "name", "timezone", *_LISTS)
_REQUIRED: Final = ("format", "version", "id", "name")

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The offset is optional here so that a naive datetime reaches the model, which refuses
# it with its own message; the schema requires the offset.
_DATETIME: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)


class _BadValueError(ValueError):
    """A JSON value of the wrong type or shape; the message is meant for the user."""


# --- the converter ------------------------------------------------------------
# One cattrs converter does all records: the hooks below are per *type* (dates,
# enums, numbers), never per record class, and they are strict where cattrs'
# defaults would coerce (``str(5)``, ``bool("no")``, ``float("1")``).


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise _BadValueError(f"expected a string, got {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"expected true or false, got {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadValueError(f"expected a number, got {value!r}")
    return float(value)


def _parse_date(value: object) -> date:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _BadValueError(f"{value!r} is not a day of the calendar") from None
    raise _BadValueError(f"expected a date in ISO format YYYY-MM-DD, got {value!r}")


def _structure_date(value: object, _: object) -> date:
    if type(value) is date:  # parsed already: the CSV reader shares each day it reads
        return value
    return _parse_date(value)


def _structure_moment(value: object, _: object) -> date | datetime:
    if isinstance(value, date):  # parsed already, by the CSV reader (a naive one is refused
        return value  # by the model, as it would be from text)
    return _parse_moment(value)


def _parse_moment(value: object) -> date | datetime:
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise _BadValueError(f"{value!r} is not a valid date and time") from None
    if isinstance(value, str) and _DATE.fullmatch(value):
        return _parse_date(value)
    raise _BadValueError(
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
    raise _BadValueError(f"expected one of {', '.join(allowed)}, got {value!r}")


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
    return converter


_CONVERTER: Final = _make_converter()


# --- errors -------------------------------------------------------------------


def _where(list_name: str, index: int, raw: object) -> str:
    """Name a record by its place in the file, and by its id when the raw record has one."""
    record_id = raw.get("id") if isinstance(raw, Mapping) else None
    if isinstance(record_id, str):
        return f"{list_name}[{index}] (id {record_id!r})"
    return f"{list_name}[{index}]"


def _record_error(path: str, record: str, exc: ClassValidationError) -> LoadError:
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


# --- reading ------------------------------------------------------------------


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice (JSON would keep the last silently)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise _BadValueError(f"{name} is not a number in JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _BadValueError(f"the number {literal} is too large")
    return value


def _parse_json(text: str, path: str) -> object:
    try:
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise LoadError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except _BadValueError as exc:
        raise LoadError(path, f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise LoadError(path, "not valid JSON: nested too deeply") from exc


def _check_header(document: Mapping[str, object], path: str) -> None:
    """Check ``format``, ``version`` and the top-level keys before reading any record."""
    fmt = document.get("format")
    if fmt is None:
        raise LoadError(path, f"missing the key 'format' (expected {FORMAT!r})", field="format")
    if fmt != FORMAT:
        raise LoadError(
            path,
            f"not an ipsrules programme: format is {fmt!r}, expected {FORMAT!r}",
            field="format",
        )
    version = document.get("version")
    if version is None:
        raise LoadError(path, f"missing the key 'version' (expected {VERSION})", field="version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LoadError(path, f"expected a version number, got {version!r}", field="version")
    if version > VERSION:
        raise LoadError(
            path,
            f"version {version} is newer than this release of ipsrules reads ({VERSION}); "
            "upgrade ipsrules",
            field="version",
        )
    for key in document:
        if key not in _TOP_LEVEL:
            raise LoadError(
                path,
                f"unknown key {key!r}; the keys of a programme are: {', '.join(_TOP_LEVEL)}",
                field=key,
            )
    for key in _REQUIRED:
        if key not in document:
            raise LoadError(path, "is required but missing", field=key)


def _text_field(document: Mapping[str, object], key: str, path: str) -> str:
    value = document[key]
    if not isinstance(value, str):
        raise LoadError(path, f"expected a string, got {value!r}", field=key)
    return value


def _records(
    document: Mapping[str, object], list_name: str, cls: type[_T], path: str
) -> tuple[list[object], list[_T]]:
    """Structure one record list, index by index, so that an error knows where it is."""
    raw_list = document.get(list_name, [])
    if not isinstance(raw_list, list):
        raise LoadError(
            path, f"expected a list of records, got {type(raw_list).__name__}", field=list_name
        )
    records: list[_T] = []
    for index, raw in enumerate(raw_list):
        where = _where(list_name, index, raw)
        if not isinstance(raw, dict):
            raise LoadError(
                path, f"expected an object, got {type(raw).__name__} {raw!r}", record=where
            )
        try:
            records.append(_CONVERTER.structure(raw, cls))
        except ClassValidationError as exc:
            raise _record_error(path, where, exc) from exc
        except ValidationError as exc:  # pragma: no cover - cattrs groups these
            raise LoadError(path, exc.reason, record=where, field=exc.field) from exc
    return raw_list, records


def _find_record(
    exc: ValidationError, built: Mapping[str, Sequence[object]]
) -> tuple[str, int] | None:
    """
    Find the record that `Programme` named in *exc* (``"Job 'J7'"``): its list and index.

    The model names records by id, or a contact without id by its participant and time;
    the user needs the position in the file, so match the built records against that name.
    ``None`` when the fault is in the programme itself (a top-level field).
    """
    kind = exc.record.split(" ", 1)[0]
    list_name = next((name for name, cls in _LISTS.items() if cls.__name__ == kind), None)
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


def _locate(
    exc: ValidationError,
    raw: Mapping[str, list[object]],
    built: Mapping[str, Sequence[object]],
) -> str | None:
    """Name the record that `Programme` named in *exc* by its place in the file."""
    found = _find_record(exc, built)
    if found is None:
        kind = exc.record.split(" ", 1)[0]
        return None if kind == Programme.__name__ else exc.record
    list_name, index = found
    return _where(list_name, index, raw[list_name][index])


def _programme(document: object, path: str) -> Programme:
    if not isinstance(document, dict):
        raise LoadError(
            path, f"expected a JSON object at the top level, got {type(document).__name__}"
        )
    _check_header(document, path)
    programme_id = _text_field(document, "id", path)
    name = _text_field(document, "name", path)
    timezone: str = (
        _text_field(document, "timezone", path)
        if "timezone" in document
        else str(attrs.fields(Programme).timezone.default)
    )
    raw: dict[str, list[object]] = {}
    built: dict[str, list[Any]] = {}
    for list_name, cls in _LISTS.items():
        raw[list_name], built[list_name] = _records(document, list_name, cls, path)
    try:
        return Programme(
            id=programme_id,
            name=name,
            timezone=timezone,
            **{list_name: tuple(records) for list_name, records in built.items()},
        )
    except ValidationError as exc:
        raise LoadError(path, exc.reason, record=_locate(exc, raw, built), field=exc.field) from exc


def loads(text: str, *, source: str = "<string>") -> Programme:
    """
    Read a programme from a JSON document held in a string.

    Args:
        text: The JSON document.
        source: What to call the document in error messages, such as a file name or URL.

    Returns:
        The programme, with every record checked.

    Raises:
        LoadError: The text is not JSON or not a valid programme document; the error names
            *source*, the record (``"jobs[3] (id 'J004')"``) and the field at fault.
    """
    return _programme(_parse_json(text, source), source)


def load(path: str | os.PathLike[str]) -> Programme:
    """
    Read a programme from a JSON file (UTF-8).

    Args:
        path: The file to read.

    Returns:
        The programme, with every record checked.

    Raises:
        LoadError: The file cannot be read, is not JSON, or is not a valid programme
            document; the error names the file, the record and the field at fault.
    """
    name, text = _read_text_file(path)
    return loads(text, source=name)


def _read_text_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """
    The name and the UTF-8 text of the file *path*, for the readers of ``ipsrules`` files.

    Raises:
        LoadError: The file is missing, cannot be read or is not UTF-8 text.
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as file:
            return name, file.read()
    except FileNotFoundError as exc:
        raise LoadError(name, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(name, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise LoadError(name, f"cannot read the file: {exc.strerror or exc}") from exc


# --- writing ------------------------------------------------------------------


def dumps(programme: Programme) -> str:
    """
    Write a programme as a JSON document, the inverse of `loads`.

    Keys come in a fixed order (the document's header, then each record's fields in the
    order of the model), so that the same programme always gives the same text and files
    diff well; optional fields that are not set are left out to keep files small.

    Args:
        programme: The programme to write.

    Returns:
        The document: UTF-8-friendly text (no ``\\u`` escapes), indented by 2, ending in
        a newline.
    """
    document = {"format": FORMAT, "version": VERSION, **_CONVERTER.unstructure(programme)}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dump(programme: Programme, path: str | os.PathLike[str]) -> None:
    """
    Write a programme to a JSON file (UTF-8), replacing the file atomically.

    The document is written to a temporary file in the same folder, flushed to disk, and
    then moved over *path*, so that a failure (a full disk, a crash) leaves either the old
    file or the new one, never half of one.

    Args:
        programme: The programme to write.
        path: The file to write; its folder must exist.

    Raises:
        OSError: The file cannot be written; *path* is then unchanged.
    """
    write_atomically(path, dumps(programme).encode("utf-8"))


# --- the schema ---------------------------------------------------------------


@functools.cache
def _schema_text() -> str:
    return resources.files("ipsrules").joinpath("data/programme.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of a programme document.

    It lets other tools (editors, exporters, CI checks) validate a programme file without
    Python; `load` checks more than the schema can, such as references between records.

    Returns:
        A fresh copy of the schema, safe to change.
    """
    result: dict[str, Any] = json.loads(_schema_text())
    return result
