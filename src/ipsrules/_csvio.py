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

import contextlib
import csv
import dataclasses
import io
import os
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from itertools import chain, islice
from typing import Any, Final, TextIO

import attrs
from cattrs.errors import ClassValidationError

from . import _arrow_csv
from ._atomic import replace_folder
from ._columns import Coded, Columns, GiveUpError
from ._convert import (
    CONVERTER,
    DAY,
    MOMENT,
    RECORD_FIELD_ORDER,
    RECORD_LISTS,
    TEXT,
    BadValueError,
    Problems,
    SharedValues,
    assembled_programme,
    field_plans,
    programme_faults,
    record_problems,
)
from ._document import FORMULA_STARTS
from ._model import Contact, ContactLog, Programme, record_faults
from ._reading import CHUNK, MAX_JSON_INTEGER, check_text_file
from .exceptions import LoadError, Problem, ValidationError

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


def _cell_kinds(cls: type[Any]) -> tuple[tuple[str, object], ...]:
    """Each field of *cls* with how its cell is read: `_cell_value`'s *kind*."""
    plans = field_plans(cls)
    assert plans is not None  # every record class is built by position
    return tuple((plan.name, plan.kind) for plan in plans)


def _cell_value(text: str, kind: object, shared: SharedValues) -> object:
    """The value that the cell *text* stands for in a field of type *kind*."""
    if kind is TEXT:
        return shared.text(text)
    if kind is DAY:
        return shared.day(text)
    if kind is MOMENT:
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


def _exists(path: str) -> bool:
    """
    Whether the CSV file *path* is there; a `LoadError` if it is, but is not UTF-8 text
    within the bounds of docs/limits.md (no NUL byte, at most 2 GiB).

    The text is checked a megabyte at a time, so that its rows can then be read straight
    from the file: a log of 7 million contacts is never held whole as text.
    """
    try:
        check_text_file(path)
    except LoadError as exc:
        if isinstance(exc.__cause__, FileNotFoundError):
            return False
        raise
    return True


def _open(path: str) -> TextIO:
    """The CSV file *path*, checked by `_exists`, open to read (with or without a BOM)."""
    try:
        return open(path, encoding="utf-8-sig", newline="")
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
    """How far the rows of one file could be read, and its columns."""

    whole: bool = True
    header: list[str] = attrs.Factory(list)


def _rows(
    path: str,
    file: Iterable[str],
    columns: Sequence[str],
    required: Sequence[str],
    report: Callable[[int, int, Problem], None],
    reading: _Reading,
) -> Iterator[tuple[int, list[str]]]:
    """
    Check the header of a file against its *columns*, then read its rows one at a time:
    the line each starts on (a quoted cell may span lines) and its cells, in the order of
    `_Reading.header`.

    Problems go to *report* (with the line and a place in the line); a file whose header
    is wrong is not read further, since its cells cannot be put in their columns, and a
    file that is not valid CSV is read only up to the fault: *reading* then says so. Rows
    of the wrong length are reported and skipped; blank rows are skipped.
    """
    reader = csv.reader(file, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problem = Problem(path, f"not valid CSV: {exc}", line=1, cause=exc)
        report(1, 0, problem)
        reading.whole = False
        return
    if header is None:
        report(1, 0, Problem(path, "the file is empty; it needs a header row", line=1))
        reading.whole = False
        return
    if not _header(path, 1, header, columns, required, report):
        reading.whole = False
        return
    reading.header = header
    width = len(header)
    ended = reader.line_num  # the last line of the row before
    try:
        for cells in reader:
            line = ended + 1
            ended = reader.line_num
            if len(cells) != width:
                if any(cells):
                    reason = f"the row has {len(cells)} cells but the header has {width} columns"
                    report(line, 0, Problem(path, reason, line=line))
                continue
            yield line, cells
    except csv.Error as exc:
        problem = Problem(path, f"not valid CSV: {exc}", line=ended + 1, cause=exc)
        report(ended + 1, 0, problem)
        reading.whole = False


def _row_builder(
    cls: type[Any], header: Sequence[str], shared: SharedValues
) -> Callable[[list[str]], Any] | None:
    """
    The fast path for the rows of one file (see `_convert`): a row's cells, in the order of
    *header* and with one empty cell added at the end, to a record of *cls*; any exception
    means that `_structure` must read the row. ``None`` when *cls* has no fast path.
    """
    plans = field_plans(cls)
    if plans is None:
        return None
    namespace: dict[str, Any] = {"cls": cls}
    values: list[str] = []
    for number, plan in enumerate(plans):
        # A column that is absent reads the empty cell added at the end of every row.
        place = header.index(plan.name) if plan.name in header else len(header)
        cell = f"cells[{place}]"
        read = _cell_reader(plan.kind, shared)
        value = cell
        if read is not None:
            namespace[f"read{number}"] = read
            value = f"read{number}({cell})"
        if plan.default is not attrs.NOTHING:  # an empty cell is the field's default
            namespace[f"default{number}"] = plan.default
            value = f"default{number} if {cell} == '' else {value}"
        values.append(f"({value})")
    # Written out for this class and header, as attrs writes each class's constructor: a
    # row of 750,000 then costs no loop over its cells (some 0.3 s of 3.6 s, measured).
    source = f"def build(cells):\n    cells.append('')\n    return cls({', '.join(values)})\n"
    exec(compile(source, f"<fast path for {cls.__name__} rows>", "exec"), namespace)
    build: Callable[[list[str]], Any] = namespace["build"]
    return build


def _cell_reader(kind: object, shared: SharedValues) -> Callable[[str], object] | None:
    """How the fast path reads a cell of *kind*: one call that raises on anything doubtful."""
    if kind is TEXT:
        return sys.intern  # one shared copy of each code; the model refuses blank text
    if kind is DAY:
        return shared.day
    if kind is MOMENT:
        return shared.moment
    if kind is bool:
        return _BOOLEANS.__getitem__
    if kind is int:
        return _whole_number
    if kind is float:
        return _number
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return {member.value: member for member in kind}.__getitem__
    return None  # text kept as it is


_BOOLEANS: Final = {"true": True, "false": False, "TRUE": True, "FALSE": False}


def _whole_number(text: str) -> int:
    # A negative number, or one of 16 digits or more (which may pass 2^53 - 1), goes the
    # slow way, which bounds it.
    if len(text) < 16 and text.isascii() and text.isdigit():
        return int(text)
    raise BadValueError(text)


def _number(text: str) -> float:
    if _NUMBER.fullmatch(text):
        return float(text)
    raise BadValueError(text)


def _structure(
    path: str,
    row: _Row,
    cls: type[Any],
    kinds: Sequence[tuple[str, object]],
    shared: SharedValues,
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
            if kind is DAY or kind is MOMENT:
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


def _programme_fields(folder: str, problems: Problems) -> tuple[_Row | None, bool]:
    """
    The row of ``programme.csv`` (``None`` if it has problems), and whether the folder's
    cells are formula-safe (`_escape`).
    """
    path = os.path.join(folder, PROGRAMME_FILE)
    if not _exists(path):
        reason = "no such file; it gives the programme's id, name and timezone"
        problems.add((0, 0, 0), Problem(path, reason))
        return None, False

    def report(line: int, place: int, problem: Problem) -> None:
        problems.add((0, line, place), problem)

    reading = _Reading()
    columns = (*_PROGRAMME_COLUMNS, _FORMULA_SAFE)
    with _open(path) as file:
        rows = [
            _Row(line, dict(zip(reading.header, cells, strict=True)))
            for line, cells in _rows(path, file, columns, ("id", "name"), report, reading)
            if any(cells)
        ]
    if len(rows) != 1:
        line = rows[1].line if len(rows) > 1 else None
        reason = f"expected one row for the programme, found {len(rows)}"
        if len(rows) > 1 or reading.whole:  # else the refused header says why
            problems.add((0, line or 1, 0), Problem(path, reason, line=line))
        return None, False
    row = rows[0]
    flag = row.cells.pop(_FORMULA_SAFE, "").lower()
    if flag not in ("", "true", "false"):
        reason = f"expected true or false, got {flag!r}"
        problem = Problem(path, reason, line=row.line, column=_FORMULA_SAFE)
        problems.add((0, row.line, len(_PROGRAMME_COLUMNS)), problem)
        return None, False
    formula_safe = flag == "true"
    if formula_safe:
        row = _Row(row.line, {name: _unescape(cell) for name, cell in row.cells.items()})
    values = {column: row.cells.get(column, "") for column in _PROGRAMME_COLUMNS}
    if values["timezone"] == "":
        del values["timezone"]  # the default
    for exc in programme_faults(values):
        problem = Problem(path, exc.reason, None, exc.field, row.line, exc.field, cause=exc)
        problems.add((0, row.line, _PROGRAMME_COLUMNS.index(exc.field)), problem)
    return row, formula_safe


def _escape(text: str) -> str:
    """A cell of ``dump_csv(..., formula_safe=True)``: a quote before a formula's start."""
    return "'" + text if text.startswith(_ESCAPED_STARTS) else text


def _unescape(cell: str) -> str:
    """The text of a cell that `_escape` wrote."""
    return cell[1:] if cell.startswith("'") else cell


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
    for number, entry in enumerate(unknown):
        reason = "unknown file; the files of a programme are: " + ", ".join(_FILES)
        problems.add((-1, number), Problem(os.path.join(name, entry), reason))
    programme_row, formula_safe = _programme_fields(name, problems)
    paths: dict[str, str] = {}
    # Each record's line, to name it if the programme refuses it; the rows themselves are
    # dropped as soon as their records are built, so a large log is never held twice.
    lines: dict[str, array[int]] = {}
    built: dict[str, Sequence[Any]] = {}
    unreadable: dict[str, set[str]] = {}
    incomplete: set[str] = set()
    shared = SharedValues()
    for file_number, (list_name, cls) in enumerate(RECORD_LISTS.items(), start=1):
        path = os.path.join(name, f"{list_name}.csv")
        paths[list_name] = path
        lines[list_name] = array("L")
        built[list_name] = ()
        unreadable[list_name] = set()
        try:
            if not _exists(path):
                continue
        except LoadError as exc:
            problems.add((file_number, 0, 0), dataclasses.replace(exc.problems[0], cause=exc))
            incomplete.add(list_name)
            continue
        if cls is Contact:
            read = _contact_log(path, shared, formula_safe=formula_safe)
            if read is not None:
                built[list_name], lines[list_name] = read
                continue
        records: list[Any] = []
        built[list_name] = records
        reading = _Reading()
        with _open(path) as file:
            _read_records(
                path,
                file,
                cls,
                shared,
                problems,
                file_number,
                reading,
                records,
                lines[list_name],
                unreadable[list_name],
                formula_safe=formula_safe,
            )
        if not reading.whole:
            incomplete.add(list_name)
    refused: ValidationError | None = None
    if not problems:
        try:
            return _programme(programme_row, built)
        except ValidationError as exc:  # faults between records: found and placed below
            refused = exc
    for list_name, index, error in record_faults(built, unreadable, incomplete):
        line = lines[list_name][index]
        place = RECORD_FIELD_ORDER[list_name].get(error.field, 0)
        file_number = _FILES.index(f"{list_name}.csv")
        problem = Problem(
            paths[list_name], error.reason, None, error.field, line, error.field, cause=error
        )
        problems.add((file_number, line, place), problem)
    if refused is not None and not problems:
        # A rule of the programme that `record_faults` does not know: named as the model
        # names it, in the folder.
        problem = Problem(name, refused.reason, refused.record, refused.field, cause=refused)
        problems.add((len(_FILES),), problem)
    problems.check()
    raise AssertionError("a refused programme always has a problem")  # pragma: no cover


def _contact_log(
    path: str, shared: SharedValues, *, formula_safe: bool
) -> tuple[ContactLog, array[int]] | None:
    """
    The contacts of the file *path* read into the columns of a log, a chunk of rows at a
    time, with each one's line; ``None`` for a file with anything unexpected (a fault, a
    blank row, a cell over several lines), which `_read_records` then reads row by row and
    reports exactly as it always has.

    With the extra ``fast`` installed, pyarrow reads the rows (`_arrow_csv`), unless the
    file is one that only the `csv` module reads as it does.
    """
    plans = field_plans(Contact)
    assert plans is not None  # a contact is built by position
    names, required = _header_columns(Contact)
    lines: array[int] = array("L")
    with _open(path) as file:
        reader = csv.reader(file, strict=True)
        try:
            header = next(reader, None)
            if header is None or not _header(path, 1, header, names, required, _ignore):
                return None
            width = len(header)
            places = [header.index(plan.name) if plan.name in header else None for plan in plans]
            if reader.line_num == 1 and _arrow_csv.worth_it(path):
                # Only a file that the `csv` module reads its own way is read again below:
                # one with a fault is read row by row at once (`_coded_log`).
                with contextlib.suppress(GiveUpError):
                    return _coded_log(path, header, places, shared, formula_safe=formula_safe)
            columns = _contact_columns(shared)
            ended = reader.line_num
            while chunk := list(islice(reader, CHUNK)):
                if reader.line_num - ended != len(chunk) or set(map(len, chunk)) != {width}:
                    return None  # a row over several lines, or a blank or short one
                lines.extend(range(ended + 1, reader.line_num + 1))
                ended = reader.line_num
                cells = [*chain.from_iterable(chunk)]
                if formula_safe:
                    cells = list(map(_unescape, cells))
                empty = ("",) * len(chunk)  # an absent column: every cell empty
                columns.extend(
                    [empty if place is None else cells[place::width] for place in places]
                )
        except (csv.Error, ValueError, KeyError, TypeError, GiveUpError):
            return None
    log = columns.log()
    return None if log is None else (log, lines)


def _coded_log(
    path: str,
    header: Sequence[str],
    places: Sequence[int | None],
    shared: SharedValues,
    *,
    formula_safe: bool,
) -> tuple[ContactLog, array[int]] | None:
    """
    `_contact_log` of a file whose header is its first line, read by pyarrow; ``None`` if
    it holds a fault, to be read row by row. pyarrow gives the cells that the `csv` module
    would (`_arrow_csv.blocks` gives up before any other), so the `csv` module's reading
    would find the same fault: the file is not read a third time.

    Raises:
        GiveUpError: The file is one for the `csv` module.
    """
    columns = _contact_columns(shared, side_by_side=True)
    rows = 0
    try:
        for block in _arrow_csv.blocks(path, header, {"id"}):
            if formula_safe:
                block = [_unescaped(cells) for cells in block]
            size = len(block[0].codes if isinstance(block[0], Coded) else block[0])
            rows += size
            empty = ("",) * size  # an absent column: every cell empty
            columns.extend_coded([empty if place is None else block[place] for place in places])
    except (ValueError, KeyError, TypeError):
        return None
    log = columns.log()
    # One row to a line, after the header's.
    return None if log is None else (log, array("L", range(2, rows + 2)))


def _unescaped(cells: Coded | list[str]) -> Coded | list[str]:
    """*cells* of a file written formula-safe, each read as `_unescape` reads it."""
    if isinstance(cells, Coded):
        return Coded(list(map(_unescape, cells.values)), cells.codes)
    return list(map(_unescape, cells))


def _contact_columns(shared: SharedValues, *, side_by_side: bool = False) -> Columns:
    """The columns that the rows of a contacts file are read into (see `Columns`)."""
    plans = field_plans(Contact)
    assert plans is not None  # a contact is built by position
    return Columns(
        [_cell_converter(plan.kind, plan.default, shared) for plan in plans],
        [_cell_reader(plan.kind, shared) is None for plan in plans],  # text kept as it is
        ("",),
        side_by_side=side_by_side,
    )


def _header_columns(cls: type[Any]) -> tuple[list[str], list[str]]:
    """The columns of the file of *cls*'s records, and those its header must have."""
    fields = attrs.fields(cls)
    columns = [field.name for field in fields]
    return columns, [field.name for field in fields if field.default is attrs.NOTHING]


def _ignore(line: int, place: int, problem: Problem) -> None:
    """Drop a problem: the file is read again row by row, which reports it."""


def _cell_converter(kind: object, default: object, shared: SharedValues) -> Callable[[str], object]:
    """How `_row_builder` reads a cell of a field: as a function, for `Columns`."""
    read = _cell_reader(kind, shared)
    if default is attrs.NOTHING:
        return read or _same

    def convert(text: str) -> object:
        if text == "":
            return default
        return text if read is None else read(text)

    return convert


def _same(text: str) -> str:
    return text


def _programme(row: _Row | None, built: Mapping[str, Sequence[Any]]) -> Programme:
    assert row is not None  # no problem: the programme's file was read
    cells = row.cells
    return assembled_programme(cells["id"], cells["name"], cells.get("timezone") or None, built)


def _read_records(
    path: str,
    file: TextIO,
    cls: type[Any],
    shared: SharedValues,
    problems: Problems,
    file_number: int,
    reading: _Reading,
    records: list[Any],
    lines: array[int],
    unreadable: set[str],
    *,
    formula_safe: bool,
) -> None:
    """
    Read the records of one file into *records*, each one's line into *lines*, and the ids
    of the rows that could not be read into *unreadable*; problems go to *problems*.
    *formula_safe* takes off the quotes of `_escape` first.
    """
    kinds = _cell_kinds(cls)
    columns, required = _header_columns(cls)

    def report(line: int, place: int, problem: Problem) -> None:
        problems.add((file_number, line, place), problem)

    build: Callable[[list[str]], Any] | None = None
    add_record, add_line = records.append, lines.append
    for line, given in _rows(path, file, columns, required, report, reading):
        cells = [_unescape(cell) for cell in given] if formula_safe else given
        if build is None:
            build = _row_builder(cls, reading.header, shared) or _no_fast_path
        try:
            record = build(cells)
        except (ValueError, KeyError, TypeError):
            del cells[len(reading.header) :]  # the empty cell that `build` added
            if not any(cells):
                continue  # a blank line, or a row a spreadsheet left with empty cells only
            row = _Row(line, dict(zip(reading.header, cells, strict=True)))
            record = _structure(path, row, cls, kinds, shared, report)
            if record is None:
                if row.cells.get("id"):
                    unreadable.add(row.cells["id"])
                continue
        add_record(record)
        add_line(line)


def _no_fast_path(cells: list[str]) -> Any:
    raise TypeError


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
