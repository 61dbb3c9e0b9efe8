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
import dataclasses
import io
import os
import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import Any, Final, get_args

import attrs
from cattrs.errors import ClassValidationError

from ._atomic import write_atomically
from ._convert import (
    CONVERTER,
    DATE,
    RECORD_FIELD_ORDER,
    RECORD_LISTS,
    BadValueError,
    Problems,
    parse_date,
    parse_moment,
    programme_faults,
    record_problems,
)
from ._model import Contact, Programme, record_faults
from .exceptions import LoadError, Problem

__all__ = ["dump_csv", "load_csv"]

PROGRAMME_FILE: Final = "programme.csv"
"""The file of a CSV folder that gives the programme's ``id``, ``name`` and ``timezone``."""

_PROGRAMME_COLUMNS: Final = ("id", "name", "timezone")
# Every file of a folder, in the order they are read and written.
_FILES: Final = (PROGRAMME_FILE, *(f"{list_name}.csv" for list_name in RECORD_LISTS))

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
        if _INTEGER.fullmatch(text):
            return int(text)
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
        with open(path, encoding="utf-8-sig", newline="") as file:
            return file.read()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise LoadError(path, f"cannot read the file: {exc.strerror or exc}") from exc


def _header(
    path: str,
    header_line: int,
    header: Sequence[str],
    columns: Sequence[str],
    required: Sequence[str],
    report: Callable[[int, int, Problem], None],
) -> bool:
    """Check the header row of a file against its *columns*: whether its rows can be read."""
    if len(header) == 1 and ";" in header[0] and "," not in header[0]:
        reason = (
            "columns must be separated by commas, not semicolons (export as 'CSV UTF-8', "
            "comma-separated)"
        )
        report(header_line, 0, Problem(path, reason, line=header_line))
        return False
    good = True
    seen: set[str] = set()
    for number, name in enumerate(header):
        if name == "":
            report(header_line, number, Problem(path, "a column has no name", line=header_line))
            good = False
        elif name not in columns:
            reason = f"unknown column; the columns of {os.path.basename(path)} are: " + ", ".join(
                columns
            )
            report(header_line, number, Problem(path, reason, line=header_line, column=name))
            good = False
        elif name in seen:
            reason = "the column appears twice"
            report(header_line, number, Problem(path, reason, line=header_line, column=name))
            good = False
        seen.add(name)
    for name in required:
        if name not in seen:
            reason = "is required but missing from the header"
            report(header_line, len(header), Problem(path, reason, line=header_line, column=name))
            good = False
    return good


@attrs.define
class _Reading:
    """How far the rows of one file could be read."""

    whole: bool = True


def _rows(
    path: str,
    text: str,
    columns: Sequence[str],
    required: Sequence[str],
    report: Callable[[int, int, Problem], None],
    reading: _Reading,
) -> Iterator[_Row]:
    """
    Check the header of a file against its *columns*, then read its rows one at a time.

    Problems go to *report* (with the line and a place in the line); a file whose header
    is wrong is not read further, since its cells cannot be put in their columns, and a
    file that is not valid CSV is read only up to the fault: *reading* then says so.
    """
    lines = _numbered(path, text, report, reading)
    try:
        header_line, header = next(lines)
    except StopIteration:
        if reading.whole:  # not a first row that failed to parse
            report(1, 0, Problem(path, "the file is empty; it needs a header row", line=1))
            reading.whole = False
        return
    if not _header(path, header_line, header, columns, required, report):
        reading.whole = False
        return
    for line, cells in lines:
        if all(cell == "" for cell in cells):
            continue  # a blank line, or a row a spreadsheet left with empty cells only
        if len(cells) != len(header):
            reason = f"the row has {len(cells)} cells but the header has {len(header)} columns"
            report(line, 0, Problem(path, reason, line=line))
            continue
        yield _Row(line, dict(zip(header, cells, strict=True)))


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


def _numbered(
    path: str, text: str, report: Callable[[int, int, Problem], None], reading: _Reading
) -> Iterator[tuple[int, list[str]]]:
    """
    The rows of a CSV text with the line each starts on (a quoted cell may span lines),
    up to the first fault of CSV syntax, which goes to *report*.
    """
    reader = csv.reader(_lines(text), strict=True)
    ended = 0  # the last line of the row before
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = Problem(path, f"not valid CSV: {exc}", line=ended + 1, cause=exc)
            report(ended + 1, 0, problem)
            reading.whole = False
            return
        yield ended + 1, cells
        ended = reader.line_num


def _structure(
    path: str,
    row: _Row,
    cls: type[Any],
    kinds: Sequence[tuple[str, object]],
    shared: _Shared,
    report: Callable[[int, int, Problem], None],
) -> object | None:
    """
    Build one record from a row (its fields read as *kinds* says), the empty cells unset;
    ``None``, with every fault of the row sent to *report*, when it cannot be built.
    """
    raw: dict[str, object] = {}
    cells = row.cells
    faulty: dict[str, int] = {}  # the fields whose cells were refused, and their numbers
    for number, (name, kind) in enumerate(kinds):
        text = cells.get(name, "")
        if text == "":
            continue
        try:
            raw[name] = _cell_value(text, kind, shared)
        except BadValueError as exc:
            if kind is _DAY or kind is _MOMENT:
                # The converter reads the text again and reports it as it reports a fault
                # in any other field, in the order of the record's fields.
                raw[name] = text
                continue
            faulty[name] = number
            problem = Problem(path, str(exc), line=row.line, column=name, cause=exc)
            report(row.line, number, problem)
    try:
        record: object = CONVERTER.structure(raw, cls)
    except ClassValidationError as exc:
        order = {name: number for number, (name, _) in enumerate(kinds)}
        for field, reason, cause in record_problems(exc):
            if field in faulty:
                continue  # its cell was refused already; the converter only missed it
            # A required column is in the header (checked before), so its cell is empty.
            if reason == "is required but missing":
                reason = "is required but empty"
            place = order.get(field or "", len(order))
            problem = Problem(path, reason, None, field, row.line, field, cause=cause)
            report(row.line, place, problem)
        return None
    return record


def _programme_fields(folder: str, problems: Problems) -> _Row | None:
    path = os.path.join(folder, PROGRAMME_FILE)
    text = _read_text(path)
    if text is None:
        reason = "no such file; it gives the programme's id, name and timezone"
        problems.add((0, 0, 0), Problem(path, reason))
        return None

    def report(line: int, place: int, problem: Problem) -> None:
        problems.add((0, line, place), problem)

    rows = list(_rows(path, text, _PROGRAMME_COLUMNS, ("id", "name"), report, _Reading()))
    if len(rows) != 1:
        line = rows[1].line if len(rows) > 1 else None
        reason = f"expected one row for the programme, found {len(rows)}"
        if len(rows) > 1 or not problems:  # none found: a header that was refused says why
            problems.add((0, line or 1, 0), Problem(path, reason, line=line))
        return None
    row = rows[0]
    values = {column: row.cells.get(column, "") for column in _PROGRAMME_COLUMNS}
    if values["timezone"] == "":
        del values["timezone"]  # the default
    for exc in programme_faults(values):
        problem = Problem(path, exc.reason, None, exc.field, row.line, exc.field, cause=exc)
        problems.add((0, row.line, _PROGRAMME_COLUMNS.index(exc.field)), problem)
    return row


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
            and the column at fault (`LoadError.line`, `LoadError.column`). When there is
            more than one problem, it is a `LoadProblemsError` that lists them all, file by
            file and line by line (up to 100).
    """
    name = os.fspath(folder)
    if not os.path.isdir(name):
        reason = "not a folder" if os.path.exists(name) else "no such folder"
        raise LoadError(name, reason)
    problems = Problems(name)
    # A misspelt file would silently hold no records: refuse it. Hidden files and the
    # lock files that spreadsheets keep beside an open file ("~$jobs.csv") are not records.
    unknown = sorted(
        entry
        for entry in os.listdir(name)
        if entry.lower().endswith(".csv")
        and entry not in _FILES
        and not entry.startswith((".", "~$"))
    )
    for number, entry in enumerate(unknown):
        reason = "unknown file; the files of a programme are: " + ", ".join(_FILES)
        problems.add((-1, number), Problem(os.path.join(name, entry), reason))
    programme_row = _programme_fields(name, problems)
    paths: dict[str, str] = {}
    # Each record's line, to name it if the programme refuses it; the rows themselves are
    # dropped as soon as their records are built, so a large log is never held twice.
    lines: dict[str, array[int]] = {}
    built: dict[str, list[Any]] = {}
    unreadable: dict[str, set[str]] = {}
    incomplete: set[str] = set()
    shared = _Shared()
    for file_number, (list_name, cls) in enumerate(RECORD_LISTS.items(), start=1):
        path = os.path.join(name, f"{list_name}.csv")
        paths[list_name] = path
        lines[list_name] = array("L")
        built[list_name] = []
        unreadable[list_name] = set()
        try:
            text = _read_text(path)
        except LoadError as exc:
            problems.add((file_number, 0, 0), dataclasses.replace(exc.problems[0], cause=exc))
            incomplete.add(list_name)
            continue
        if text is None:
            continue
        fields = attrs.fields(cls)
        kinds = _cell_kinds(cls)
        columns = [field.name for field in fields]
        required = [field.name for field in fields if field.default is attrs.NOTHING]

        def report(line: int, place: int, problem: Problem, file_number: int = file_number) -> None:
            problems.add((file_number, line, place), problem)

        reading = _Reading()
        for row in _rows(path, text, columns, required, report, reading):
            record = _structure(path, row, cls, kinds, shared, report)
            if record is None:
                if row.cells.get("id"):
                    unreadable[list_name].add(row.cells["id"])
                continue
            lines[list_name].append(row.line)
            built[list_name].append(record)
        if not reading.whole:
            incomplete.add(list_name)
        del text
    for list_name, index, error in record_faults(built, unreadable, incomplete):
        line = lines[list_name][index]
        place = RECORD_FIELD_ORDER[list_name].get(error.field, 0)
        file_number = _FILES.index(f"{list_name}.csv")
        problem = Problem(
            paths[list_name], error.reason, None, error.field, line, error.field, cause=error
        )
        problems.add((file_number, line, place), problem)
    problems.check()
    assert programme_row is not None  # no problem: the programme's file was read
    cells = programme_row.cells
    return Programme(
        id=cells["id"],
        name=cells["name"],
        timezone=cells.get("timezone") or str(attrs.fields(Programme).timezone.default),
        **{list_name: tuple(records) for list_name, records in built.items()},
    )


# --- writing ------------------------------------------------------------------


def _csv_bytes(columns: Sequence[str], records: Sequence[Mapping[str, object]]) -> bytes:
    buffer = io.StringIO(newline="")
    # "\r\n" as RFC 4180 and spreadsheets have it; it also makes the writer quote a cell
    # that holds a lone "\r".
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell_text(record.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def dump_csv(programme: Programme, folder: str | os.PathLike[str]) -> None:
    """
    Write a programme as a folder of CSV files, the inverse of `load_csv`.

    Every file is written, with a header of all its columns even when it has no records,
    and each file is replaced atomically. The same programme always gives the same bytes:
    columns in the order of the model, rows in the order of the programme, UTF-8 without
    a byte order mark, lines ending in ``\\r\\n``.

    Args:
        programme: The programme to write.
        folder: The folder to write into; it is created when it does not exist. Other files
            in it are left alone.

    Raises:
        OSError: A file cannot be written; the files written so far are complete, the
            others unchanged.
    """
    target = os.fspath(folder)
    os.makedirs(target, exist_ok=True)
    header: dict[str, object] = {
        "id": programme.id,
        "name": programme.name,
        "timezone": programme.timezone,
    }
    write_atomically(os.path.join(target, PROGRAMME_FILE), _csv_bytes(_PROGRAMME_COLUMNS, [header]))
    for list_name, cls in RECORD_LISTS.items():
        columns = [field.name for field in attrs.fields(cls)]
        records = [CONVERTER.unstructure(record) for record in getattr(programme, list_name)]
        write_atomically(os.path.join(target, f"{list_name}.csv"), _csv_bytes(columns, records))
