"""
Programmes from tables of typed cells: what workbooks and data frames share.

A workbook's sheet and a data frame hold the same tables as a folder of CSV files (the
layout is the CSV format's `TABLES`), but their cells are typed: a number, a date, a
date and time without an offset, a text. This module reads such cells into the fields of
the records, as a person who typed them in a spreadsheet expects (``3.0`` in a whole-number
column is 3, ``"12"`` in a number column is 12, a time without an offset is in the
programme's time zone), and otherwise as strictly as the CSV reader: the same converter
checks every record, and a fault names the table, the row and the column.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any, Final, get_args
from zoneinfo import ZoneInfo

import attrs
from cattrs.errors import ClassValidationError

from ._convert import (
    CONVERTER,
    DATE,
    RECORD_FIELD_ORDER,
    RECORD_LISTS,
    BadValueError,
    Problems,
    parse_date,
    parse_moment,
    record_problems,
)
from ._csvio import PROGRAMME_FILE, TABLES
from ._model import Programme, record_faults
from .exceptions import LoadError, Problem, ValidationError

__all__ = [
    "LAYOUT",
    "PROGRAMME",
    "Column",
    "Fail",
    "Kind",
    "Row",
    "Table",
    "build_programme",
    "column_problem",
    "local_moment",
]

PROGRAMME: Final = PROGRAMME_FILE.removesuffix(".csv")
"""The table of the programme's own fields (``id``, ``name``, ``timezone``), one row."""


class Kind(StrEnum):
    """How the cells of a column are read, from the type of its field."""

    TEXT = "text"
    CHOICE = "choice"  # one value of an enumeration
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    DAY = "day"
    MOMENT = "moment"  # a day, or a date and time


@attrs.frozen
class Column:
    """One column of a table: its name, how it is read, and whether a value is required."""

    name: str
    kind: Kind
    required: bool
    choices: tuple[str, ...] = ()


@attrs.frozen
class Table:
    """One table of the format: a sheet of a workbook, a data frame, a CSV file."""

    name: str
    record: type[Any]
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _kind(field: attrs.Attribute[Any]) -> tuple[Kind, tuple[str, ...]]:
    options = [option for option in get_args(field.type) if option is not type(None)]
    scalar = options[0] if len(options) == 1 else field.type
    if isinstance(scalar, type) and issubclass(scalar, StrEnum):
        return Kind.CHOICE, tuple(member.value for member in scalar)
    if scalar == date | datetime:
        return Kind.MOMENT, ()
    simple = {str: Kind.TEXT, bool: Kind.BOOL, int: Kind.INT, float: Kind.FLOAT, date: Kind.DAY}
    if scalar in simple:
        return simple[scalar], ()
    raise TypeError(f"no cells for a field of type {field.type!r}")  # pragma: no cover


def _table(name: str, columns: Sequence[str]) -> Table:
    record = Programme if name == PROGRAMME else RECORD_LISTS[name]
    attrs.resolve_types(record)  # the model's annotations are strings until resolved
    fields = {field.name: field for field in attrs.fields(record)}
    made = []
    for column in columns:
        kind, choices = _kind(fields[column])
        made.append(Column(column, kind, fields[column].default is attrs.NOTHING, choices))
    return Table(name, record, tuple(made))


LAYOUT: Final[dict[str, Table]] = {name: _table(name, columns) for name, columns in TABLES.items()}
"""Every table of a programme, in the order of the CSV format, with its columns' kinds."""


# --- the header ---------------------------------------------------------------


def column_problem(table: Table, header: Sequence[str]) -> tuple[str | None, str] | None:
    """
    What is wrong with the column names of a table, as the CSV reader says it: the column
    at fault (``None`` for none) and the reason; ``None`` when the header is good.
    """
    seen: set[str] = set()
    for name in header:
        if name not in table.names:
            known = ", ".join(table.names)
            return name, f"unknown column; the columns of {table.name} are: {known}"
        if name in seen:
            return name, "the column appears twice"
        seen.add(name)
    for column in table.columns:
        if column.required and column.name not in seen:
            return column.name, "is required but missing from the header"
    return None


# --- cells --------------------------------------------------------------------

_INTEGER: Final = re.compile(r"\s*[-+]?[0-9]+\s*")
_NUMBER: Final = re.compile(r"\s*[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*")
_DECIMAL_COMMA: Final = re.compile(r"\s*-?[0-9]+,[0-9]+\s*")
_NAIVE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
)


def _shown(value: object) -> str:
    """A cell's value as the message about it shows it."""
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, bool):
        return f"the truth value {'TRUE' if value else 'FALSE'}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return repr(value)


def local_moment(naive: datetime, zone: ZoneInfo) -> datetime:
    """
    A date and time without an offset, read in *zone*: in the hour that a change of clocks
    repeats, the first (summer time); a time that the change skips is refused.

    The result carries the offset itself, as a time read from JSON or CSV does: Python
    never holds a time in a repeated hour of a named zone equal to one at a fixed offset.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise BadValueError(
            f"{naive.isoformat(sep=' ')} does not exist in {zone.key}: the clocks skip it"
        )
    offset = aware.utcoffset()
    assert offset is not None  # a named zone has an offset at every time
    return naive.replace(tzinfo=timezone(offset))


def cell_value(value: object, column: Column, zone: ZoneInfo) -> object:
    """
    The field value for a non-empty cell *value* (a str, bool, int, float, date or
    datetime) of *column*, for the converter to check; `BadValueError` when it cannot be.
    """
    kind = column.kind
    if isinstance(value, time | timedelta):
        raise BadValueError(f"expected {_expected(column)}, got a time of day without a date")
    if kind is Kind.TEXT or kind is Kind.CHOICE:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A code typed as a number (1001) is the text it shows.
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)
        raise BadValueError(
            f"expected {_expected(column)}, got {_shown(value)}; format the cells as text"
        )
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise BadValueError(f"expected true or false, got {_shown(value)}")
    if kind is Kind.INT:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INTEGER.fullmatch(value):
            return int(value)
        raise BadValueError(f"expected a whole number, got {_shown(value)}")
    if kind is Kind.FLOAT:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and _NUMBER.fullmatch(value):
            return float(value)
        if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value):
            raise BadValueError(f"expected a number with a decimal point, got {value!r}")
        raise BadValueError(f"expected a number, got {_shown(value)}")
    if kind is Kind.DAY:
        return _day(value)
    return _moment(value, zone)


def _expected(column: Column) -> str:
    if column.kind is Kind.CHOICE:
        return "one of " + ", ".join(column.choices)
    return {
        Kind.TEXT: "text",
        Kind.BOOL: "true or false",
        Kind.INT: "a whole number",
        Kind.FLOAT: "a number",
        Kind.DAY: "a date",
        Kind.MOMENT: "a date, or a date and time",
    }[column.kind]


def _day(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0) or value.tzinfo is not None:
            raise BadValueError(f"expected a date, got {_shown(value)} (a time of day)")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if DATE.fullmatch(text):
            return parse_date(text)
        raise BadValueError(f"expected a date in ISO format YYYY-MM-DD, got {value!r}")
    raise BadValueError(
        f"expected a date, got {_shown(value)}; format the cell as a date or type YYYY-MM-DD"
    )


def _moment(value: object, zone: ZoneInfo) -> date | datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else local_moment(value, zone)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _NAIVE.fullmatch(text):
            return local_moment(datetime.fromisoformat(text), zone)
        return parse_moment(text)
    raise BadValueError(
        f"expected a date, or a date and time, got {_shown(value)}; format the cell as a "
        "date or type YYYY-MM-DD"
    )


# --- records ------------------------------------------------------------------


@attrs.frozen
class Row:
    """
    One row of a table: where it is (a sheet's row number, a frame's index label), and its
    non-empty cells by column.
    """

    where: object
    cells: Mapping[str, object]


Fail = Callable[[str, Row | None, str | None, str], LoadError]
"""Make the error for a fault in a table, a row (``None`` for none) and a column."""


def _problem(error: LoadError) -> Problem:
    """The problem of *error* (its place as the sheet or frame names it), caused by it."""
    return dataclasses.replace(error.problems[0], cause=error)


def _text_cells(table: Table, row: Row, fail: Fail, faults: Problems, place: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for number, column in enumerate(table.columns):
        value = row.cells.get(column.name)
        if value is None:
            if column.required:
                error = fail(table.name, row, column.name, "is required but empty")
                faults.add((place, 0, number), _problem(error))
            continue
        try:
            values[column.name] = cell_value(value, column, ZoneInfo("UTC"))
        except BadValueError as exc:
            faults.add((place, 0, number), _problem(fail(table.name, row, column.name, str(exc))))
    return values


def build_programme(rows: Mapping[str, Sequence[Row]], fail: Fail, source: str) -> Programme:
    """
    The programme that the tables *rows* hold (a table absent has no records), every
    record checked; a fault is the error that *fail* makes for its table, row and column.

    Every fault is found, as the JSON and CSV readers find them: one alone is raised as
    *fail* made it, several as one `LoadProblemsError` of *source* that lists them (up to
    `PROBLEM_LIMIT`), table by table and row by row. Only a fault in the programme's own
    row stops the reading at once, since the days of every other table are read in its
    time zone.
    """
    faults = Problems(source)
    head_rows = rows.get(PROGRAMME, ())
    if len(head_rows) != 1:
        extra = head_rows[1] if len(head_rows) > 1 else None
        raise fail(
            PROGRAMME, extra, None, f"expected one row for the programme, found {len(head_rows)}"
        )
    head = head_rows[0]
    header = _text_cells(LAYOUT[PROGRAMME], head, fail, faults, 0)
    faults.check()
    try:
        zone = Programme(**header).zone  # its own fields first: days are read in its zone
    except ValidationError as exc:
        raise fail(PROGRAMME, head, exc.field, exc.reason) from exc
    built: dict[str, list[Any]] = {}
    placed: dict[str, list[tuple[int, Row]]] = {}  # each built record's place and row
    unreadable: dict[str, set[str]] = {}
    # Each table's place in the workbook after the programme's, to list faults in its order.
    places = {name: place for place, name in enumerate(LAYOUT) if name != PROGRAMME}
    for name, place in places.items():
        table = LAYOUT[name]
        order = RECORD_FIELD_ORDER[name]  # a table's columns are its record's fields
        records: list[Any] = built.setdefault(name, [])
        where = placed.setdefault(name, [])
        bad = unreadable.setdefault(name, set())
        for position, row in enumerate(rows.get(name, ())):
            raw: dict[str, object] = {}
            refused: set[str] = set()
            for column in table.columns:
                value = row.cells.get(column.name)
                if value is None:
                    continue
                try:
                    raw[column.name] = cell_value(value, column, zone)
                except BadValueError as exc:
                    refused.add(column.name)
                    key = (place, position, order[column.name])
                    faults.add(key, _problem(fail(name, row, column.name, str(exc))))
            try:
                records.append(CONVERTER.structure(raw, table.record))
            except ClassValidationError as exc:
                for field, reason, _ in record_problems(exc):
                    if field in refused:
                        continue  # its cell was refused already
                    if reason == "is required but missing":  # the column is there: empty
                        reason = "is required but empty"
                    key = (place, position, order.get(field or "", len(order)))
                    faults.add(key, _problem(fail(name, row, field, reason)))
                if isinstance(raw.get("id"), str):
                    bad.add(str(raw["id"]))
            else:
                where.append((position, row))
    refused_programme: ValidationError | None = None
    if not faults:
        try:
            lists: dict[str, Any] = {name: tuple(records) for name, records in built.items()}
            return Programme(**header, **lists)
        except ValidationError as exc:  # faults between records: found and placed below
            refused_programme = exc
    for list_name, index, error in record_faults(built, unreadable):
        position, row = placed[list_name][index]
        key = (places[list_name], position, RECORD_FIELD_ORDER[list_name].get(error.field, 0))
        faults.add(key, _problem(fail(list_name, row, error.field, error.reason)))
    if refused_programme is not None and not faults:
        # A rule of the programme that `record_faults` does not know.
        rule = refused_programme
        faults.add((0, 0, 0), _problem(fail(PROGRAMME, head, rule.field, rule.reason)))
    faults.check()
    raise AssertionError("a refused programme always has a fault")  # pragma: no cover
