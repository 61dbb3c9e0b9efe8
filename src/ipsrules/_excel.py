"""
Programmes in and out of Excel workbooks (``.xlsx``): one sheet per kind of record.

IPS services keep their records in spreadsheets. A workbook holds the tables of the CSV
format, one sheet each under the file's name (``programme``, ``participants``, ...) with
the same columns, and its cells are read as a person who typed them expects (real dates,
numbers stored as text, whole numbers stored as ``3.0``; see `_tables`). Everything else is
as strict as the CSV reader, and a fault names the workbook, the sheet, the row, the column
and the cell. openpyxl reads and writes the files; it is the optional extra ``excel``.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from ._atomic import write_atomically
from ._convert import BadValueError
from ._locale import COLUMN_NOTES, TEMPLATE_LABELS, labels
from ._model import Programme
from ._tables import (
    LAYOUT,
    PROGRAMME,
    Column,
    Kind,
    Row,
    Table,
    build_programme,
    column_problem,
    local_moment,
)
from ._validators import describe
from .exceptions import DumpError, LoadError, MissingPackageError, WorkbookError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["README_SHEETS", "dump_excel", "excel_bytes", "excel_template", "load_excel"]

README_SHEETS: Final = ("Read me", "Läs mig")
"""The sheets that explain the columns, in the template: the reader passes over them."""

MAX_ROWS: Final = 1_048_576
"""The most rows a sheet of a workbook has, the header's included."""

_DAY_FORMAT: Final = "yyyy-mm-dd"
_MOMENT_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"
_TEMPLATE_MOMENT_FORMAT: Final = "yyyy-mm-dd hh:mm"
# What a cell of a workbook cannot hold: XML 1.0 has no place for these characters.
_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT: Final = 32_767  # characters in one cell


def _openpyxl(needed_by: str) -> Any:
    try:
        import openpyxl  # the optional extra, imported when asked for
    except ImportError as exc:
        raise MissingPackageError("openpyxl", needed_by, "excel") from exc
    return openpyxl


# --- reading ------------------------------------------------------------------


def load_excel(path: str | os.PathLike[str]) -> Programme:
    """
    Read a programme from an Excel workbook (``.xlsx``), one sheet per kind of record.

    The sheets are named as the files of the CSV format without ``.csv``: ``programme``
    (one row: ``id``, ``name``, ``timezone``) and any of ``specialists``,
    ``participants``, ``jobs``, ``contacts``, ``studies``, ``internships`` and
    ``referrals``, in any order; a sheet that is absent means no records of its kind. Row 1
    holds the column names, in any order; an empty cell is a field not set, and blank rows
    are passed over. The sheets ``Read me`` and ``Läs mig`` of the template are passed over
    too; any other sheet is refused, as the CSV reader refuses an unknown file.

    Cells are read as they are typed: a date cell is a date; a date and time without an
    offset is in the programme's time zone (in the hour that the autumn change repeats,
    the first; a time that the spring change skips is refused); in the ``at`` column a
    date and time at 00:00 is that day; a whole number may be stored as ``3.0`` or as the
    text ``"3"``; a code typed as a number (``1001``) is its text. A formula is read as the
    value the spreadsheet program last saved for it.

    Args:
        path: The workbook to read.

    Returns:
        The programme, with every record checked.

    Raises:
        ipsrules.MissingPackageError: openpyxl is not installed (``ipsrules[excel]``).
        ipsrules.LoadError: The file cannot be read or is not a workbook.
        ipsrules.WorkbookError: A sheet, column or cell is at fault (merged cells, an
            unknown sheet or column, an invalid record); the error names the workbook, the
            sheet, the row, the column and the cell.
    """
    name = os.fspath(path)
    openpyxl = _openpyxl("load_excel()")
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(name, data_only=True)
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(
            name, f"not an Excel workbook (.xlsx); save it as an Excel workbook ({exc})"
        ) from exc
    except OSError as exc:
        raise LoadError(name, f"cannot read the file: {exc.strerror or exc}") from exc
    rows: dict[str, list[Row]] = {}
    letters: dict[str, dict[str, str]] = {}
    for sheet in book.worksheets:
        if sheet.title in README_SHEETS:
            continue
        table = LAYOUT.get(sheet.title)
        if table is None:
            raise WorkbookError(
                name,
                "unknown sheet; the sheets of a programme are: " + ", ".join(LAYOUT),
                sheet=sheet.title,
            )
        rows[table.name], letters[table.name] = _sheet_rows(name, sheet, table)
    if PROGRAMME not in rows:
        raise WorkbookError(
            name, f"no sheet {PROGRAMME!r}; it gives the programme's id, name and timezone"
        )

    def fail(table: str, row: Row | None, column: str | None, reason: str) -> LoadError:
        number = row.where if row is not None and isinstance(row.where, int) else None
        letter = letters[table].get(column) if column is not None else None
        cell = f"{letter}{number}" if letter is not None and number is not None else None
        return WorkbookError(name, reason, sheet=table, row=number, column=column, cell=cell)

    return build_programme(rows, fail, name)


def _sheet_rows(path: str, sheet: Worksheet, table: Table) -> tuple[list[Row], dict[str, str]]:
    """The rows of *sheet* with a value, and the letter of each column, its header checked."""
    title = sheet.title
    for merged in sorted(
        sheet.merged_cells.ranges, key=lambda cells: (cells.min_row, cells.min_col)
    ):
        if merged.min_row == 1:
            reason = (
                f"merged header cells {merged.coord}; unmerge them and give each column its "
                "own name in row 1"
            )
        else:
            reason = (
                f"merged cells {merged.coord}; a merged cell keeps only its first value: "
                "unmerge them and fill in each cell"
            )
        raise WorkbookError(path, reason, sheet=title, row=merged.min_row, cell=merged.coord)
    lines = sheet.iter_rows()
    header_cells: tuple[Cell | MergedCell, ...] = next(lines, ())
    width = len(header_cells)
    while width and _empty(header_cells[width - 1].value):
        width -= 1
    if not width:
        raise WorkbookError(
            path, "the sheet is empty; it needs a header row of column names", sheet=title, row=1
        )
    names: list[str] = []
    for cell in header_cells[:width]:
        if _empty(cell.value):
            raise WorkbookError(
                path, "a column has no name", sheet=title, row=1, cell=cell.coordinate
            )
        if not isinstance(cell.value, str):
            raise WorkbookError(
                path,
                f"a column's name must be text, got {cell.value!r}",
                sheet=title,
                row=1,
                cell=cell.coordinate,
            )
        names.append(cell.value)
    from openpyxl.utils import get_column_letter

    letters = {name: get_column_letter(place) for place, name in enumerate(names, start=1)}
    problem = column_problem(table, names)
    if problem is not None:
        unknown, reason = problem
        cell_name = f"{letters[unknown]}1" if unknown in letters else None
        raise WorkbookError(path, reason, sheet=title, row=1, column=unknown, cell=cell_name)
    columns = [table.columns[table.names.index(name)] for name in names]
    rows: list[Row] = []
    for cells in lines:
        values: dict[str, object] = {}
        for index, cell in enumerate(cells):
            value = cell.value
            if _empty(value):
                continue
            if index >= width:
                raise WorkbookError(
                    path,
                    "a value in a column without a name; name the column in row 1 or clear "
                    "the cell",
                    sheet=title,
                    row=cell.row,
                    cell=cell.coordinate,
                )
            column = columns[index]
            if cell.data_type == "e":
                raise WorkbookError(
                    path,
                    f"the cell holds the formula error {value}",
                    sheet=title,
                    row=cell.row,
                    column=column.name,
                    cell=cell.coordinate,
                )
            values[column.name] = _read_cell(value, column)
        if values:
            rows.append(Row(cells[0].row, values))
    return rows, letters


def _empty(value: object) -> bool:
    return value is None or value == ""


def _read_cell(value: object, column: Column) -> object:
    # A date typed in the `at` column of a template formatted for times is a date and
    # time at 00:00: the day is what the person meant.
    if column.kind is Kind.MOMENT and isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


# --- writing ------------------------------------------------------------------


def excel_bytes(programme: Programme) -> bytes:
    """
    The workbook of *programme*, as `dump_excel` writes it.

    Raises:
        ipsrules.MissingPackageError: openpyxl is not installed (``ipsrules[excel]``).
        ipsrules.DumpError: A record holds what a workbook cannot: a control character in
            a text, a text longer than 32,767 characters, or more rows than a sheet has.
    """
    openpyxl = _openpyxl("dump_excel()")
    book = openpyxl.Workbook()
    book.remove(book.active)
    zone = programme.zone
    for table in LAYOUT.values():
        sheet = book.create_sheet(table.name)
        _header(sheet, table)
        records: Iterable[object] = (
            (programme,) if table.name == PROGRAMME else getattr(programme, table.name)
        )
        for number, record in enumerate(records, start=2):
            if number > MAX_ROWS:
                raise DumpError(
                    f"{table.name}: {number - 1} records do not fit in a sheet "
                    f"({MAX_ROWS - 1:,} rows at most)"
                )
            for place, column in enumerate(table.columns, start=1):
                value = getattr(record, column.name)
                if value is not None:
                    _write_cell(sheet.cell(number, place), value, zone, table, record, column)
    return _saved(book)


def dump_excel(programme: Programme, path: str | os.PathLike[str]) -> None:
    """
    Write a programme as an Excel workbook (``.xlsx``), the inverse of `load_excel`.

    Every sheet is written, with a header of all its columns even when it has no records,
    in the order of the CSV format. Dates are date cells; a date and time is a date cell in
    the programme's time zone when that says exactly the same moment (whole seconds, the
    zone's own offset, not 00:00), and otherwise the ISO text with its offset; a number is
    a number cell unless it has more than the 15 significant digits that a spreadsheet
    keeps, and then its text. So ``load_excel`` reads back a programme equal to the one
    written. The file is replaced atomically: a failure leaves the old file or the new one.

    Args:
        programme: The programme to write.
        path: The workbook to write; its folder must exist.

    Raises:
        ipsrules.MissingPackageError: openpyxl is not installed (``ipsrules[excel]``).
        ipsrules.DumpError: A record holds what a workbook cannot (see `excel_bytes`).
        OSError: The file cannot be written; *path* is then unchanged.
    """
    write_atomically(path, excel_bytes(programme))


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, table: Table) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for place, column in enumerate(table.columns, start=1):
        cell = sheet.cell(1, place, column.name)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.name) + 4)
    sheet.freeze_panes = "A2"


def _write_cell(
    cell: Cell, value: object, zone: ZoneInfo, table: Table, record: object, column: Column
) -> None:
    if isinstance(value, StrEnum):
        value = value.value
    if isinstance(value, str):
        _text_cell(cell, value, table, record, column)
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int):
        _number_cell(cell, value, str(value))
    elif isinstance(value, float):
        _number_cell(cell, value, repr(value))
    elif isinstance(value, datetime):
        local = _local(value, zone)
        if local is None:
            cell.value = value.isoformat()
            cell.data_type = "s"
        else:
            cell.value = local
            cell.number_format = _MOMENT_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = _DAY_FORMAT
    else:  # pragma: no cover - the layout has no other kind
        raise TypeError(f"no cell for {value!r}")


def _text_cell(cell: Cell, text: str, table: Table, record: object, column: Column) -> None:
    bad = _ILLEGAL.search(text)
    if bad is not None:
        raise DumpError(
            f"{table.name}: {_record_name(record)}, field {column.name!r}: the text holds "
            f"the control character U+{ord(bad.group()):04X}, which a workbook cannot hold"
        )
    if len(text) > _MAX_TEXT:
        raise DumpError(
            f"{table.name}: {_record_name(record)}, field {column.name!r}: the text has "
            f"{len(text):,} characters; a cell of a workbook holds at most {_MAX_TEXT:,}"
        )
    cell.value = text
    cell.data_type = "s"  # "=1+1" is a text here, never a formula


def _number_cell(cell: Cell, value: float, text: str) -> None:
    # A spreadsheet keeps 15 significant digits: a number it would round is kept as text.
    if float(format(value, ".15g")) == value and abs(value) < 1e15:
        cell.value = value
    else:
        cell.value = text
        cell.data_type = "s"


def _local(moment: datetime, zone: ZoneInfo) -> datetime | None:
    """*moment* as a time in *zone* without an offset, when that reads back the same."""
    local = moment.astimezone(zone)
    if moment.microsecond or local.time() == time(0) or local.utcoffset() != moment.utcoffset():
        return None
    naive = local.replace(tzinfo=None)
    try:
        back = local_moment(naive, zone)
    except BadValueError:  # pragma: no cover - a time read from the zone exists in it
        return None
    return naive if back == moment else None


def _record_name(record: object) -> str:
    return "the programme" if isinstance(record, Programme) else describe(record)


# --- the template -------------------------------------------------------------


def excel_template(locale: str = "en") -> bytes:
    """
    An empty workbook to keep a programme's records in, as bytes of an ``.xlsx`` file.

    Its first sheet (``Read me``, or ``Läs mig`` in Swedish) explains every column of every
    sheet in English and in Swedish: whether it is required, what to write, and what it
    means. Then come the sheets of `load_excel`, each with its header row, date (and date
    and time) formats on the columns of days, and lists to choose from for the columns of
    fixed values (a contact's mode, party and setting, an exit reason, a referral's state,
    true or false). The ``programme`` sheet has its time zone filled in
    (``Europe/Stockholm``); until its ``id`` and ``name`` are filled in too, `load_excel`
    refuses the workbook with a message that names those cells.

    Args:
        locale: The language of the first sheet's headings and of the lists' messages,
            ``"en"`` or ``"sv"``; the sheets' and columns' names are the format's own.

    Raises:
        ipsrules.MissingPackageError: openpyxl is not installed (``ipsrules[excel]``).
        ipsrules.UnknownLocaleError: *locale* is not ``"en"`` or ``"sv"``.
    """
    text = labels(TEMPLATE_LABELS, locale)
    openpyxl = _openpyxl("the workbook template")
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = text["sheet"]
    readme.append([text["title"]])
    readme["A1"].font = Font(bold=True, size=14)
    for line in text["intro"].split("\n"):
        readme.append([line])
    readme.append([])
    headings = [text[f"heading.{key}"] for key in ("sheet", "column", "required", "values")]
    readme.append([*headings, "Explanation (English)", "Förklaring (svenska)"])
    for cell in readme[readme.max_row]:
        cell.font = Font(bold=True)
    english, swedish = labels(COLUMN_NOTES, "en"), labels(COLUMN_NOTES, "sv")
    for table in LAYOUT.values():
        for column in table.columns:
            key = f"{table.name}.{column.name}"
            readme.append(
                [
                    table.name,
                    column.name,
                    text["yes"] if column.required else text["no"],
                    _values(column, text),
                    english.get(key, ""),
                    swedish.get(key, ""),
                ]
            )
    for letter, width in zip("ABCDEF", (14, 26, 10, 40, 60, 60), strict=True):
        readme.column_dimensions[letter].width = width
        for cell in readme[letter]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for table in LAYOUT.values():
        sheet = book.create_sheet(table.name)
        _header(sheet, table)
        for place, column in enumerate(table.columns, start=1):
            letter = sheet.cell(1, place).column_letter
            cells = f"{letter}2:{letter}{MAX_ROWS}"
            if column.kind is Kind.DAY:
                sheet.column_dimensions[letter].number_format = _DAY_FORMAT
            elif column.kind is Kind.MOMENT:
                sheet.column_dimensions[letter].number_format = _TEMPLATE_MOMENT_FORMAT
            choices = column.choices or (("true", "false") if column.kind is Kind.BOOL else ())
            if choices:
                check = DataValidation(
                    type="list",
                    formula1='"' + ",".join(choices) + '"',
                    allow_blank=not column.required,
                    showErrorMessage=True,
                    errorTitle=text["choice.title"],
                    error=text["choice.error"].format(choices=", ".join(choices)),
                )
                check.add(cells)
                sheet.add_data_validation(check)
        if table.name == PROGRAMME:
            sheet.cell(2, table.names.index("timezone") + 1, "Europe/Stockholm")
    return _saved(book)


def _values(column: Column, text: Mapping[str, str]) -> str:
    if column.kind is Kind.CHOICE:
        return text["kind.choice"].format(choices=", ".join(column.choices))
    return text[f"kind.{column.kind.value}"]
