"""
Reading and writing programmes as a folder of CSV files, one file per kind of record.

Services keep their records in spreadsheets and case-management exports, so a folder of
CSV files is the format they can produce. The columns are the fields of the JSON format,
and the reader is as strict as the JSON one, whose converter core (`_convert`) it shares
for every value: a fault is a `LoadError` that names the file, the line and the column, so
that the person who keeps the spreadsheet can find the cell. The format is described in
``docs/data-format.md``; `ipsrules.formats` exports the reader and the writer.
"""

from __future__ import annotations

import csv
import io
import os
import re
from array import array
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, Final, get_args

import attrs
from cattrs.errors import ClassValidationError

from ._atomic import replace_folder
from ._convert import (
    CONVERTER,
    DATE,
    RECORD_LISTS,
    BadValueError,
    find_record,
    parse_date,
    parse_moment,
    record_error,
)
from ._document import FORMULA_STARTS
from ._model import Contact, Programme
from ._reading import MAX_JSON_INTEGER, read_text_file
from .exceptions import LoadError, ValidationError

__all__ = ["TABLES", "dump_csv", "load_csv"]

PROGRAMME_FILE: Final = "programme.csv"
"""The file of a CSV folder that gives the programme's ``id``, ``name`` and ``timezone``."""

_PROGRAMME_COLUMNS: Final = ("id", "name", "timezone")
# Written only by `dump_csv(..., formula_safe=True)`: every cell then has its quote (`_escape`).
_FORMULA_SAFE: Final = "formula_safe"
# A cell that `_escape` gives a leading quote: one that a spreadsheet would run, or one that
# starts with a quote already, so that taking one quote off always gives the text back.
_ESCAPED_STARTS: Final = (*FORMULA_STARTS, "'")
# Every file of a folder, in the order they are read and written.
_FILES: Final = (PROGRAMME_FILE, *(f"{list_name}.csv" for list_name in RECORD_LISTS))

TABLES: Final[dict[str, tuple[str, ...]]] = {
    PROGRAMME_FILE.removesuffix(".csv"): _PROGRAMME_COLUMNS,
    **{
        name: tuple(field.name for field in attrs.fields(cls)) for name, cls in RECORD_LISTS.items()
    },
}
"""
The tables of the format: each file's name without ``.csv``, and its columns in order.
Workbooks (one sheet per file) and data frames (one frame per file) have the same layout.
"""

_INTEGER: Final = re.compile(r"-?[0-9]+")
_NUMBER: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DECIMAL_COMMA: Final = re.compile(r"-?[0-9]+,[0-9]+")


# --- cells --------------------------------------------------------------------
# A cell is text; the JSON converter wants JSON values. Booleans and numbers are parsed
# here, strictly; every other type (text, dates, date-times, enums) is text in JSON too,
# so the converter's own hooks check it.


for _cls in RECORD_LISTS.values():
    attrs.resolve_types(_cls)  # the model's annotations are strings until resolved


def _scalar_type(field: attrs.Attribute[Any]) -> object:
    """The type of a field without its ``None``: ``float`` for ``float | None``."""
    options = [option for option in get_args(field.type) if option is not type(None)]
    return options[0] if len(options) == 1 else field.type


# How a cell of text, date or date-and-time is read: once per distinct value (`_Shared`).
_TEXT: Final = "text"
_DAY: Final = "day"
_MOMENT: Final = "moment"
# A contact's own id is unique, and a log has millions: sharing would only keep them all.
_UNSHARED: Final = frozenset({(Contact, "id")})


def _cell_kinds(cls: type[Any]) -> tuple[tuple[str, object], ...]:
    """Each field of *cls* with how its cell is read: `_cell_value`'s *kind*."""
    kinds: list[tuple[str, object]] = []
    for field in attrs.fields(cls):
        kind = _scalar_type(field)
        if kind is str and (cls, field.name) not in _UNSHARED:
            kind = _TEXT
        elif kind is date:
            kind = _DAY
        elif kind == date | datetime:
            kind = _MOMENT
        kinds.append((field.name, kind))
    return tuple(kinds)


@attrs.define
class _Shared:
    """
    The values that many cells repeat, each made once per load and shared by every record
    that has it: participants' and specialists' codes, days, UTC offsets.

    A log of 7 million contacts names its participant and specialist 7 million times each,
    and each date and time would carry an offset object of its own: made afresh for every
    cell, these alone took about 1.4 GB for 100,000 participants.
    """

    texts: dict[str, str] = attrs.Factory(dict)
    days: dict[str, date] = attrs.Factory(dict)
    zones: dict[tzinfo, tzinfo] = attrs.Factory(dict)

    def text(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def day(self, text: str) -> date:
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = parse_date(text)
        return found

    def moment(self, text: str) -> date | datetime:
        if DATE.fullmatch(text):
            return self.day(text)
        value = parse_moment(text)
        if isinstance(value, datetime) and value.tzinfo is not None:
            zone = self.zones.setdefault(value.tzinfo, value.tzinfo)
            if zone is not value.tzinfo:
                return value.replace(tzinfo=zone)
        return value


def _cell_value(text: str, kind: object, shared: _Shared) -> object:
    """The value that the cell *text* stands for in a field of type *kind*."""
    if kind is _TEXT:
        return shared.text(text)
    if kind is _DAY:
        return shared.day(text)
    if kind is _MOMENT:
        return shared.moment(text)
    if kind is bool:
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise BadValueError(f"expected true or false, got {text!r}")
    if kind is int:
        # As in JSON, a whole number is at most 2^53 - 1 either way (and Python reads none
        # of over 4,300 digits).
        if _INTEGER.fullmatch(text):
            if len(text) <= 20 and abs(int(text)) <= MAX_JSON_INTEGER:
                return int(text)
            shown = text if len(text) <= 24 else f"{text[:20]}... ({len(text)} digits)"
            raise BadValueError(
                f"the whole number {shown} is too large (at most {MAX_JSON_INTEGER} either way)"
            )
        raise BadValueError(f"expected a whole number, got {text!r}")
    if kind is float:
        if _NUMBER.fullmatch(text):
            return float(text)
        if _DECIMAL_COMMA.fullmatch(text):
            raise BadValueError(f"expected a number with a decimal point, got {text!r}")
        raise BadValueError(f"expected a number, got {text!r}")
    return text


def _cell_text(value: object) -> str:
    """The cell for a JSON value written by the converter."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# --- reading ------------------------------------------------------------------


@attrs.frozen
class _Row:
    """One data row of a file: the line it starts on, and its cells by column."""

    line: int
    cells: dict[str, str]


def _read_text(path: str) -> str | None:
    """The text of a CSV file (UTF-8, with or without a byte order mark), ``None`` if absent."""
    try:
        return read_text_file(path)[1]
    except LoadError as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            return None
        raise


def _rows(
    path: str,
    text: str,
    columns: Sequence[str],
    required: Sequence[str],
    *,
    formula_safe: bool = False,
) -> Iterator[_Row]:
    """
    Check the header of a file against its *columns* (when the first row is asked for),
    then read its rows one at a time; *formula_safe* takes off the quotes of `_escape`.
    """
    lines = _numbered(path, text)
    try:
        header_line, header = next(lines)
    except StopIteration:
        raise LoadError(path, "the file is empty; it needs a header row", line=1) from None
    if len(header) == 1 and ";" in header[0] and "," not in header[0]:
        raise LoadError(
            path,
            "columns must be separated by commas, not semicolons (export as 'CSV UTF-8', "
            "comma-separated)",
            line=header_line,
        )
    seen: set[str] = set()
    for name in header:
        if name == "":
            raise LoadError(path, "a column has no name", line=header_line)
        if name not in columns:
            raise LoadError(
                path,
                f"unknown column; the columns of {os.path.basename(path)} are: "
                + ", ".join(columns),
                line=header_line,
                column=name,
            )
        if name in seen:
            raise LoadError(path, "the column appears twice", line=header_line, column=name)
        seen.add(name)
    for name in required:
        if name not in seen:
            raise LoadError(
                path, "is required but missing from the header", line=header_line, column=name
            )
    for line, cells in lines:
        if all(cell == "" for cell in cells):
            continue  # a blank line, or a row a spreadsheet left with empty cells only
        if len(cells) != len(header):
            raise LoadError(
                path,
                f"the row has {len(cells)} cells but the header has {len(header)} columns",
                line=line,
            )
        if formula_safe:
            cells = [_unescape(cell) for cell in cells]
        yield _Row(line, dict(zip(header, cells, strict=True)))


def _escape(text: str) -> str:
    """A cell of ``dump_csv(..., formula_safe=True)``: a quote before a formula's start."""
    return "'" + text if text.startswith(_ESCAPED_STARTS) else text


def _unescape(cell: str) -> str:
    """The text of a cell that `_escape` wrote."""
    return cell[1:] if cell.startswith("'") else cell


# A line and its end, as `io.StringIO(text, newline="")` splits them: "\r\n", "\r" or "\n".
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """
    The lines of *text* with their ends, one at a time.

    `io.StringIO` would copy the text into a buffer of four bytes a character: for a log
    of 7 million contacts that copy alone is some 2.4 GB.
    """
    for line in _LINE.finditer(text):
        yield line.group()


def _numbered(path: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV text with the line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(_lines(text), strict=True)
    ended = 0  # the last line of the row before
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise LoadError(path, f"not valid CSV: {exc}", line=ended + 1) from exc
        yield ended + 1, cells
        ended = reader.line_num


def _structure(
    path: str,
    row: _Row,
    cls: type[Any],
    kinds: Sequence[tuple[str, object]],
    shared: _Shared,
) -> object:
    """Build one record from a row (its fields read as *kinds* says), the empty cells unset."""
    raw: dict[str, object] = {}
    cells = row.cells
    for name, kind in kinds:
        text = cells.get(name, "")
        if text == "":
            continue
        try:
            raw[name] = _cell_value(text, kind, shared)
        except BadValueError as exc:
            if kind is _DAY or kind is _MOMENT:
                # The converter reads the text again and reports it as it reports a fault
                # in any other field: the record's first fault, in the order of its fields.
                raw[name] = text
                continue
            raise LoadError(path, str(exc), line=row.line, column=name) from exc
    try:
        return CONVERTER.structure(raw, cls)
    except ClassValidationError as exc:
        error = record_error(path, os.path.basename(path), exc)
        # A required column is in the header (checked before), so its cell is empty.
        reason = (
            "is required but empty" if error.reason == "is required but missing" else error.reason
        )
        raise LoadError(path, reason, field=error.field, line=row.line, column=error.field) from exc
    except ValidationError as exc:  # pragma: no cover - cattrs groups these
        raise LoadError(path, exc.reason, field=exc.field, line=row.line, column=exc.field) from exc


def _programme_fields(folder: str) -> tuple[str, _Row, bool]:
    """The row of ``programme.csv``, and whether the folder's cells are formula-safe."""
    path = os.path.join(folder, PROGRAMME_FILE)
    text = _read_text(path)
    if text is None:
        raise LoadError(path, "no such file; it gives the programme's id, name and timezone")
    rows = list(_rows(path, text, (*_PROGRAMME_COLUMNS, _FORMULA_SAFE), ("id", "name")))
    if len(rows) != 1:
        line = rows[1].line if len(rows) > 1 else None
        raise LoadError(path, f"expected one row for the programme, found {len(rows)}", line=line)
    row = rows[0]
    flag = row.cells.pop(_FORMULA_SAFE, "").lower()
    if flag not in ("", "true", "false"):
        raise LoadError(
            path,
            f"expected true or false, got {flag!r}",
            line=row.line,
            column=_FORMULA_SAFE,
        )
    formula_safe = flag == "true"
    if formula_safe:
        row = _Row(row.line, {name: _unescape(cell) for name, cell in row.cells.items()})
    return path, row, formula_safe


def load_csv(folder: str | os.PathLike[str]) -> Programme:
    """
    Read a programme from a folder of CSV files, one per kind of record.

    The folder holds ``programme.csv`` (one row: ``id``, ``name``, ``timezone``) and any of
    ``specialists.csv``, ``participants.csv``, ``jobs.csv``, ``contacts.csv``,
    ``studies.csv``, ``internships.csv`` and ``referrals.csv``; a file that is absent
    means no records of its kind. The columns are the fields of the JSON format, in any
    order, with a header row; an empty cell is a field not set.

    Args:
        folder: The folder to read.

    Returns:
        The programme, with every record checked.

    Raises:
        LoadError: A file cannot be read, or holds an invalid record or an unknown column,
            or records refer to ones that do not exist; the error names the file, the line
            and the column at fault (`LoadError.line`, `LoadError.column`).
    """
    name = os.fspath(folder)
    if not os.path.isdir(name):
        reason = "not a folder" if os.path.exists(name) else "no such folder"
        raise LoadError(name, reason)
    # A misspelt file would silently hold no records: refuse it. Hidden files and the
    # lock files that spreadsheets keep beside an open file ("~$jobs.csv") are not records.
    try:
        entries = os.listdir(name)
    except OSError as exc:
        raise LoadError(name, f"cannot read the folder: {exc.strerror or exc}") from exc
    unknown = sorted(
        entry
        for entry in entries
        if entry.lower().endswith(".csv")
        and entry not in _FILES
        and not entry.startswith((".", "~$"))
    )
    if unknown:
        raise LoadError(
            os.path.join(name, unknown[0]),
            "unknown file; the files of a programme are: " + ", ".join(_FILES),
        )
    programme_path, programme_row, formula_safe = _programme_fields(name)
    paths: dict[str, str] = {}
    # Each record's line, to name it if the programme refuses it; the rows themselves are
    # dropped as soon as their records are built, so a large log is never held twice.
    lines: dict[str, array[int]] = {}
    built: dict[str, list[Any]] = {}
    shared = _Shared()
    for list_name, cls in RECORD_LISTS.items():
        path = os.path.join(name, f"{list_name}.csv")
        text = _read_text(path)
        fields = attrs.fields(cls)
        kinds = _cell_kinds(cls)
        columns = [field.name for field in fields]
        required = [field.name for field in fields if field.default is attrs.NOTHING]
        paths[list_name] = path
        lines[list_name] = array("L")
        built[list_name] = []
        if text is not None:
            for row in _rows(path, text, columns, required, formula_safe=formula_safe):
                lines[list_name].append(row.line)
                built[list_name].append(_structure(path, row, cls, kinds, shared))
            del text
    cells = programme_row.cells
    try:
        return Programme(
            id=cells["id"],
            name=cells["name"],
            timezone=cells.get("timezone") or str(attrs.fields(Programme).timezone.default),
            **{list_name: tuple(records) for list_name, records in built.items()},
        )
    except ValidationError as exc:
        found = find_record(exc, built)
        if found is None:
            path, line = programme_path, programme_row.line
        else:
            list_name, index = found
            path, line = paths[list_name], lines[list_name][index]
        raise LoadError(path, exc.reason, field=exc.field, line=line, column=exc.field) from exc


# --- writing ------------------------------------------------------------------


def _csv_bytes(
    columns: Sequence[str], records: Sequence[Mapping[str, object]], *, formula_safe: bool
) -> bytes:
    buffer = io.StringIO(newline="")
    # "\r\n" as RFC 4180 and spreadsheets have it; it also makes the writer quote a cell
    # that holds a lone "\r".
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        cells = [_cell_text(record.get(column)) for column in columns]
        writer.writerow([_escape(cell) for cell in cells] if formula_safe else cells)
    return buffer.getvalue().encode("utf-8")


def dump_csv(
    programme: Programme, folder: str | os.PathLike[str], *, formula_safe: bool = False
) -> None:
    """
    Write a programme as a folder of CSV files, the inverse of `load_csv`.

    Every file is written, with a header of all its columns even when it has no records.
    The same programme always gives the same bytes: columns in the order of the model, rows
    in the order of the programme, UTF-8 without a byte order mark, lines ending in ``\\r\\n``.

    The folder is replaced as a whole, never file by file, so that `load_csv` sees the old
    programme or the new one, never a mix: the files are written into a new folder beside
    it, which then takes its place (``docs/limits.md``, "Writes"). A new folder is readable
    by its owner only (``0700``, its files ``0600``), as it holds personal data; a replaced
    one keeps its modes.

    Args:
        programme: The programme to write.
        folder: The folder to write; it is created when it does not exist. Other files in
            it are carried over unchanged.
        formula_safe: Write a ``'`` before every cell that a spreadsheet would run as a
            formula (one that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
            return, or their full-width forms), and before every cell that starts with
            ``'``, and mark the folder so in ``programme.csv`` (``formula_safe`` ``true``);
            `load_csv` then takes the quotes off, so the programme reads back equal. Off by
            default: the cells are then exactly the values (``docs/data-format.md``).

    Raises:
        OSError: The folder cannot be written; it is then unchanged.
    """
    header: dict[str, object] = {
        "id": programme.id,
        "name": programme.name,
        "timezone": programme.timezone,
    }
    header_columns: tuple[str, ...] = _PROGRAMME_COLUMNS
    if formula_safe:
        header_columns = (*_PROGRAMME_COLUMNS, _FORMULA_SAFE)
        header[_FORMULA_SAFE] = "true"
    files = {PROGRAMME_FILE: _csv_bytes(header_columns, [header], formula_safe=formula_safe)}
    for list_name, cls in RECORD_LISTS.items():
        columns = [field.name for field in attrs.fields(cls)]
        records = [CONVERTER.unstructure(record) for record in getattr(programme, list_name)]
        files[f"{list_name}.csv"] = _csv_bytes(columns, records, formula_safe=formula_safe)
    replace_folder(folder, files, private=True)
