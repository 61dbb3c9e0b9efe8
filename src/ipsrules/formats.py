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
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final, TypeVar

import attrs
from cattrs.errors import ClassValidationError

from ._atomic import write_atomically
from ._convert import CONVERTER, RECORD_LISTS, find_record, record_error
from ._csvio import dump_csv, load_csv
from ._excel import dump_excel, excel_template, load_excel
from ._model import Programme
from ._reading import parse_json, read_text_file
from .exceptions import LoadError, ValidationError

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
            records.append(CONVERTER.structure(_unset_nulls(raw, cls), cls))
        except ClassValidationError as exc:
            raise record_error(path, where, exc) from exc
        except ValidationError as exc:  # pragma: no cover - cattrs groups these
            raise LoadError(path, exc.reason, record=where, field=exc.field) from exc
    return raw_list, records


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


def _locate(
    exc: ValidationError,
    raw: Mapping[str, list[object]],
    built: Mapping[str, Sequence[object]],
) -> str | None:
    """Name the record that `Programme` named in *exc* by its place in the file."""
    found = find_record(exc, built)
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
        if document.get("timezone") is not None  # null, as leaving it out, is the default
        else str(attrs.fields(Programme).timezone.default)
    )
    raw: dict[str, list[object]] = {}
    built: dict[str, list[Any]] = {}
    for list_name, cls in RECORD_LISTS.items():
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
            document; the error names the file, the record and the field at fault (a
            `WorkbookError` for a workbook).
        MissingPackageError: A workbook, and openpyxl is not installed.
    """
    if os.fspath(path).lower().endswith(".xlsx"):
        return load_excel(path)
    name, text = read_text_file(path)
    return loads(text, source=name)


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
