"""
Programmes in and out of files: JSON documents, folders of CSV files, and the JSON Schema.

A programme file is the one place where people type records by hand or export them
from a case-management system, so the readers are strict and precise: every fault is a
`LoadError` that names the file, the record (``"jobs[3] (id 'J004')"``) and the field,
and nothing is guessed or silently dropped (unknown keys and naive datetimes are
refused). The writers are deterministic, so files diff well under version control, and
atomic, so a crash never leaves half a file behind.

The formats are described in ``docs/data-format.md``; the JSON document also by the JSON
Schema that `schema` returns (``ipsrules/data/programme.schema.json``). This module reads
and writes JSON documents; `load_csv` and `dump_csv`, the CSV folders, are exported here
too. Both read every value through one converter, so they accept and refuse alike.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from importlib import resources
from typing import Any, Final, Generic, TypeVar

import attrs
from cattrs.errors import ClassValidationError

from ._atomic import write_atomically
from ._columns import Columns, GiveUpError
from ._convert import (
    CONVERTER,
    DAY,
    MOMENT,
    RECORD_FIELD_ORDER,
    RECORD_LISTS,
    TEXT,
    FieldPlan,
    Problems,
    SharedValues,
    assembled_programme,
    field_plans,
    programme_faults,
    record_problems,
)
from ._csvio import dump_csv, load_csv
from ._excel import dump_excel, excel_template, load_excel
from ._model import Contact, Programme, record_faults
from ._reading import (
    MAX_JSON_INTEGER,
    NotStreamableError,
    json_object,
    parse_json,
    read_text_file,
    stream_json_object,
)
from .exceptions import LoadError, Problem, ValidationError

__all__ = [
    "FORMAT",
    "VERSION",
    "dump",
    "dump_csv",
    "dump_excel",
    "dumps",
    "excel_template",
    "load",
    "load_csv",
    "load_excel",
    "loads",
    "schema",
]

FORMAT: Final = "ipsrules.programme"
"""The value of a programme document's ``format`` key."""

VERSION: Final = 1
"""The newest version of the document format that this release reads and the one it writes."""

_T = TypeVar("_T")

_TOP_LEVEL: Final = ("format", "version", "id", "name", "timezone", *RECORD_LISTS)
_REQUIRED: Final = ("format", "version", "id", "name")


# --- reading ------------------------------------------------------------------


def _where(list_name: str, index: int, raw: object) -> str:
    """Name a record by its place in the file, and by its id when the raw record has one."""
    record_id = raw.get("id") if isinstance(raw, Mapping) else None
    if isinstance(record_id, str):
        return f"{list_name}[{index}] (id {record_id!r})"
    return f"{list_name}[{index}]"


def _check_header(document: Mapping[str, object], path: str, problems: Problems) -> None:
    """
    Check ``format`` and ``version`` before reading anything (a fault there ends the load:
    the rest would not be read as the writer meant it), then the top-level keys.
    """
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
    for place, key in enumerate(document):
        if key not in _TOP_LEVEL:
            reason = f"unknown key {key!r}; the keys of a programme are: {', '.join(_TOP_LEVEL)}"
            problems.add((place,), Problem(path, reason, field=key))
    for key in _REQUIRED:
        if key not in document:
            problems.add((len(document),), Problem(path, "is required but missing", field=key))


def _top_level(
    document: Mapping[str, object], path: str, problems: Problems, place: Mapping[str, int]
) -> dict[str, str]:
    """The programme's own fields (``id``, ``name``, ``timezone``), each checked alone."""
    values: dict[str, str] = {}
    for key in ("id", "name", "timezone"):
        if key not in document or (key == "timezone" and document[key] is None):
            continue  # a timezone left out or null is the default
        value = document[key]
        if not isinstance(value, str):
            problems.add(
                (place[key],), Problem(path, f"expected a string, got {value!r}", field=key)
            )
            continue
        values[key] = value
    for exc in programme_faults(values):
        problems.add((place[exc.field],), Problem(path, exc.reason, field=exc.field, cause=exc))
    return values


def _records(
    document: Mapping[str, object],
    list_name: str,
    cls: type[_T],
    path: str,
    problems: Problems,
    place: int,
    shared: SharedValues,
) -> _Read[_T]:
    """Structure one record list, index by index, so that a problem knows where it is."""
    read: _Read[_T] = _Read([], [], array("L"), set())
    raw_list = document.get(list_name, [])
    if not isinstance(raw_list, list):
        reason = f"expected a list of records, got {type(raw_list).__name__}"
        problems.add((place,), Problem(path, reason, field=list_name))
        read.whole = False
        return read
    read.raw.extend(raw_list)
    order = RECORD_FIELD_ORDER[list_name]
    build = _record_builder(cls, shared)
    add_record, add_position = read.built.append, read.positions.append
    for index, raw in enumerate(raw_list):
        try:
            add_record(build(raw))
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # the converter reads it again, to build it or to say what is wrong
        else:
            add_position(index)
            continue
        if not isinstance(raw, dict):
            reason = f"expected an object, got {type(raw).__name__} {raw!r}"
            problems.add(
                (place, index), Problem(path, reason, record=_where(list_name, index, raw))
            )
            continue
        try:
            read.built.append(CONVERTER.structure(_unset_nulls(raw, cls), cls))
        except ClassValidationError as exc:
            where = _where(list_name, index, raw)
            for field, reason, cause in record_problems(exc):
                key = (place, index, order.get(field or "", len(order)))
                problems.add(key, Problem(path, reason, where, field, cause=cause))
            if isinstance(raw.get("id"), str):
                read.unreadable.add(raw["id"])
        else:
            read.positions.append(index)
    return read


def _unset_nulls(raw: dict[str, object], cls: type[Any]) -> dict[str, object]:
    """
    *raw* without the optional fields given as ``null``: ``null`` means "not set", as
    leaving the key out does, so a field with a default (``fte``, ``competitive``,
    ``party``, ``state``) takes it. A required field given as ``null`` stays, to be refused.
    """
    if None not in raw.values():
        return raw
    optional = _OPTIONAL.get(cls)
    if optional is None:
        optional = _OPTIONAL[cls] = frozenset(
            field.name for field in attrs.fields(cls) if field.default is not attrs.NOTHING
        )
    return {key: value for key, value in raw.items() if value is not None or key not in optional}


_OPTIONAL: dict[type[Any], frozenset[str]] = {}


_ABSENT: Final = object()


def _record_builder(cls: type[Any], shared: SharedValues) -> Callable[[Any], Any]:
    """
    The fast path for the records of one list (see `_convert`): a JSON object to a record
    of *cls*, built by its own constructor; any exception means that the converter must
    read the object.
    """
    plans = field_plans(cls)
    if plans is None:
        return _no_fast_path
    names = frozenset(plan.name for plan in plans)
    steps = [(plan.name, _json_converter(plan, shared)) for plan in plans]

    def build(raw: dict[str, object]) -> Any:
        if not names.issuperset(raw):
            raise KeyError  # an unknown key (or not an object at all)
        return cls(*[convert(raw.get(name, _ABSENT)) for name, convert in steps])

    return build


def _json_converter(plan: FieldPlan, shared: SharedValues) -> Callable[[object], object]:
    """
    How the fast path reads the value of one field (`_ABSENT` when the key is left out):
    one call that raises when in doubt.
    """
    read = _json_reader(plan.kind, shared)
    name, default, optional = plan.name, plan.default, plan.optional

    def convert(value: object) -> object:
        if value is _ABSENT:
            if default is attrs.NOTHING:
                raise KeyError(name)
            return default
        if value is None:  # null is "not set": a field's default, if it has one
            if default is not attrs.NOTHING:
                return default
            if optional:
                return None
            raise TypeError(name)
        return read(value)

    return convert


def _json_types(kind: object) -> frozenset[type] | None:
    """
    The types of JSON value that the fast path reads as *kind*, null and absent too; ``None``
    for text, days, times and members, which are read from strings only.
    """
    also = {type(None), type(_ABSENT)}
    if kind is bool:
        return frozenset({bool, *also})
    if kind is int:
        return frozenset({int, *also})
    if kind is float:
        return frozenset({int, float, *also})
    return None


def _contact_columns(shared: SharedValues) -> Columns:
    """Columns for the contacts of a JSON document, each field read as `_json_converter` does."""
    plans = field_plans(Contact)
    assert plans is not None  # a contact is built by position
    return Columns(
        [_json_converter(plan, shared) for plan in plans],
        [plan.kind is str for plan in plans],  # text kept as it is: read as given
        (None, _ABSENT),
        [plan.name for plan in plans],
        [_json_types(plan.kind) for plan in plans],
        absent=_ABSENT,
    )


def _no_fast_path(raw: object) -> Any:
    raise TypeError


def _json_reader(kind: object, shared: SharedValues) -> Callable[[Any], object]:
    """How the fast path reads a JSON value of *kind*: one call that raises when in doubt."""
    if kind is TEXT:
        return sys.intern  # one shared copy of each code; refuses what is not a string
    if kind is DAY:
        return shared.day
    if kind is MOMENT:
        return shared.moment
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return {member.value: member for member in kind}.__getitem__
    if kind is float:
        return _json_float
    if kind is int:
        return _json_int
    if isinstance(kind, type):
        return functools.partial(_exactly, kind)  # str, bool, int: as JSON gives them
    return _no_fast_path


def _exactly(kind: type[Any], value: object) -> object:
    if type(value) is kind:
        return value
    raise TypeError


# A streamed list's items hold whole numbers as Python reads them: bounded here, as
# `parse_json` bounds them (`stream_json_object`).


def _json_int(value: object) -> int:
    if type(value) is int and -MAX_JSON_INTEGER <= value <= MAX_JSON_INTEGER:
        return value
    raise TypeError


def _json_float(value: object) -> float:
    if type(value) is float:
        return value
    if type(value) is int and -MAX_JSON_INTEGER <= value <= MAX_JSON_INTEGER:
        return float(value)
    raise TypeError


@attrs.define
class _Read(Generic[_T]):
    """One record list of a document: as given, as built, where each built one was."""

    raw: list[object]
    built: list[_T]
    positions: array[int]
    unreadable: set[str]
    """The ids of the records that could not be built: others may refer to them."""
    whole: bool = True
    """Whether the list could be read at all (else no reference to its records is checked)."""


def _programme(document: object, path: str) -> Programme:
    if not isinstance(document, dict):
        raise LoadError(
            path, f"expected a JSON object at the top level, got {type(document).__name__}"
        )
    problems = Problems(path)
    _check_header(document, path, problems)
    place = {key: number for number, key in enumerate(document)}
    fields = _top_level(document, path, problems, place)
    shared = SharedValues()
    lists = {
        list_name: _records(
            document, list_name, cls, path, problems, place.get(list_name, len(place)), shared
        )
        for list_name, cls in RECORD_LISTS.items()
    }
    built = {list_name: read.built for list_name, read in lists.items()}
    refused: ValidationError | None = None
    if not problems:
        try:
            return assembled_programme(fields["id"], fields["name"], fields.get("timezone"), built)
        except ValidationError as exc:  # faults between records: found and placed below
            refused = exc
    unreadable = {list_name: read.unreadable for list_name, read in lists.items()}
    incomplete = {list_name for list_name, read in lists.items() if not read.whole}
    for list_name, index, error in record_faults(built, unreadable, incomplete):
        read = lists[list_name]
        at = read.positions[index]
        key = (
            place.get(list_name, len(place)),
            at,
            RECORD_FIELD_ORDER[list_name].get(error.field, 0),
        )
        where = _where(list_name, at, read.raw[at])
        problems.add(key, Problem(path, error.reason, where, error.field, cause=error))
    if refused is not None and not problems:
        # A rule of the programme that `record_faults` does not know: named as the model
        # names it.
        problem = Problem(path, refused.reason, refused.record, refused.field, cause=refused)
        problems.add((len(place),), problem)
    problems.check()
    raise AssertionError("a refused programme always has a problem")  # pragma: no cover


def _streamed_programme(path: str) -> Programme:
    """
    The programme in the JSON file *path*, read as the file goes: each record is built as
    soon as it is read and its JSON object is not kept, so that a programme of millions of
    contacts never holds the whole document (several times the size of its records).

    Raises:
        NotStreamableError: Anything at all is wrong with the file, or a record needs more than
            the fast path of `_record_builder`: `load` then reads the file whole, which
            says what is wrong or builds what this could not.
        LoadError: The file cannot be read as UTF-8 text.
    """
    shared = SharedValues()
    built: dict[str, Sequence[Any]] = {}

    def keeper(list_name: str, cls: type[Any]) -> Callable[[list[object]], object]:
        build = _record_builder(cls, shared)
        records: list[Any] = []
        built[list_name] = records
        add = records.append

        def keep(chunk: list[object]) -> None:
            for item in chunk:
                raw = json_object(item)
                try:
                    add(build(raw))
                except (ValueError, KeyError, TypeError, AttributeError):
                    raise NotStreamableError from None

        return keep

    # The contacts go into the columns of a log, a chunk at a time (`_columns`).
    contacts = _contact_columns(shared)

    def keep_contacts(chunk: list[object]) -> None:
        try:
            contacts.extend_pairs(chunk)
        except (ValueError, KeyError, TypeError, AttributeError, GiveUpError):
            raise NotStreamableError from None

    keepers = {
        list_name: keep_contacts if cls is Contact else keeper(list_name, cls)
        for list_name, cls in RECORD_LISTS.items()
    }
    members = stream_json_object(path, keepers)
    log = contacts.log()
    if log is None:
        raise NotStreamableError  # a contact that the whole reading builds, or refuses
    built["contacts"] = log
    problems = Problems(path)
    try:
        _check_header(members, path, problems)
    except LoadError:
        raise NotStreamableError from None
    fields = _top_level(members, path, problems, {key: n for n, key in enumerate(members)})
    if problems:
        raise NotStreamableError
    try:
        return assembled_programme(fields["id"], fields["name"], fields.get("timezone"), built)
    except ValidationError:  # faults between records, which the whole reading places
        raise NotStreamableError from None


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
            *source*, the record (``"jobs[3] (id 'J004')"``) and the field at fault. When
            the document has several problems, it is a `LoadProblemsError` that lists them
            all in the order of the document (up to 100) in `LoadError.problems`.
    """
    return _programme(parse_json(text, source), source)


def load(path: str | os.PathLike[str]) -> Programme:
    """
    Read a programme from a JSON file (UTF-8), or from a workbook when its name ends in
    ``.xlsx`` (`load_excel`).

    Args:
        path: The file to read.

    Returns:
        The programme, with every record checked.

    Raises:
        LoadError: The file cannot be read, is not JSON, or is not a valid programme
            document; the error names the file, the record and the field at fault, and
            lists every problem of the file when there are several (`loads`); a
            `WorkbookError` for a workbook.
        MissingPackageError: A workbook, and openpyxl is not installed.
    """
    if os.fspath(path).lower().endswith(".xlsx"):
        return load_excel(path)
    try:
        return _streamed_programme(os.fspath(path))
    except NotStreamableError:
        pass  # read whole, to say what is wrong (or to build what the fast path cannot)
    name, text = read_text_file(path)
    return loads(text, source=name)


def load_path(path: str | os.PathLike[str]) -> Programme:
    """
    The programme at *path* in any format the library writes: a folder of CSV files
    (`load_csv`), or a workbook or a JSON file (`load`). How the commands and the feed
    server read theirs, in one place.
    """
    return load_csv(path) if os.path.isdir(path) else load(path)


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
    document = {"format": FORMAT, "version": VERSION, **CONVERTER.unstructure(programme)}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def dump(programme: Programme, path: str | os.PathLike[str]) -> None:
    """
    Write a programme to a JSON file (UTF-8), replacing the file atomically.

    The document is written to a temporary file in the same folder, flushed to disk, and
    then moved over *path*, so that a failure (a full disk, a crash) leaves either the old
    file or the new one, never half of one. A symbolic link is followed; a device or a FIFO
    (``/dev/stdout``) is written through; a new file is readable by its owner only
    (``0600``), as it holds personal data, and a replaced one keeps its mode
    (``docs/limits.md``, "Writes").

    Args:
        programme: The programme to write.
        path: The file to write; its folder must exist.

    Raises:
        OSError: The file cannot be written, or *path* names a folder or a broken link;
            *path* is then unchanged.
    """
    write_atomically(path, dumps(programme).encode("utf-8"), private=True)


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
