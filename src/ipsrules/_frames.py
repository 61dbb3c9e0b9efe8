"""
Programmes as pandas DataFrames and back: one frame per kind of record.

Auditors work in notebooks. `to_frames` gives the tables of the CSV format as typed frames
(the same names and columns), and `from_frames` reads frames back, typed as `to_frames`
makes them or as a notebook has them (object columns of text, floats with NaN for a missing
whole number, naive timestamps), as strictly as every other reader: a fault names the
frame, the row's index label and the column. pandas is the optional extra ``pandas``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ._model import Programme
from ._tables import LAYOUT, PROGRAMME, Column, Kind, Row, build_programme, column_problem
from .exceptions import FrameError, LoadError, MissingPackageError

if TYPE_CHECKING:
    import pandas

__all__ = ["from_frames", "to_frames"]


def _pandas(needed_by: str) -> Any:
    try:
        import pandas  # the optional extra, imported when asked for
    except ImportError as exc:
        raise MissingPackageError("pandas", needed_by, "pandas") from exc
    return pandas


def _dtype(pd: Any, column: Column) -> Any:
    if column.kind is Kind.CHOICE:
        return pd.CategoricalDtype(list(column.choices))
    return {
        Kind.TEXT: pd.StringDtype(),
        Kind.BOOL: "boolean",
        Kind.INT: "Int64",
        Kind.FLOAT: "Float64",
        Kind.DAY: "datetime64[s]",
        Kind.MOMENT: object,
    }[column.kind]


def to_frames(programme: Programme) -> dict[str, pandas.DataFrame]:
    """
    The programme as pandas DataFrames, one per table of the CSV format.

    The keys are the names of the CSV files without ``.csv`` (``"programme"``, a frame of
    one row, then ``"specialists"``, ``"participants"``, ``"jobs"``, ``"contacts"``,
    ``"studies"``, ``"internships"``, ``"referrals"``), each with the file's columns in
    order and one row per record in the programme's order, on a default index. Columns are
    typed: texts ``string``; a value of an enumeration (a contact's ``mode``, ``party``,
    ``setting``, an ``exit_reason``, a referral's ``state``) ``category`` with every value
    of the enumeration as a category; ``boolean``, ``Int64`` and ``Float64`` (pandas'
    nullable types) for truth values and numbers; days ``datetime64[s]``; and a contact's
    ``at``, a day or a date and time with its offset, ``object`` holding `datetime.date`
    and aware `datetime.datetime` values. A value not set is missing (``<NA>``, ``NaT``,
    ``None``).

    Raises:
        ipsrules.MissingPackageError: pandas is not installed (``ipsrules[pandas]``).
    """
    pd = _pandas("to_frames()")
    frames: dict[str, pandas.DataFrame] = {}
    for name, table in LAYOUT.items():
        records = (programme,) if name == PROGRAMME else getattr(programme, name)
        columns = {}
        for column in table.columns:
            values = [getattr(record, column.name) for record in records]
            if column.kind is Kind.CHOICE:
                values = [value.value if isinstance(value, StrEnum) else value for value in values]
            columns[column.name] = pd.Series(values, dtype=_dtype(pd, column))
        frames[name] = pd.DataFrame(columns, columns=list(table.names))
    return frames


def from_frames(frames: Mapping[str, pandas.DataFrame]) -> Programme:
    """
    Read a programme from pandas DataFrames, the inverse of `to_frames`.

    *frames* maps a table's name to its frame: ``"programme"`` (one row) is required, a
    frame that is absent means no records of its kind, and any other name is refused. The
    columns are those of the CSV format, in any order; a missing value (``None``, ``NaN``,
    ``<NA>``, ``NaT``, or an empty text) is a field not set. Cells are read as `load_excel`
    reads a workbook's: ``3.0`` in a whole-number column is 3, the text ``"12"`` in a
    number column is 12, a timestamp at midnight in a column of days is that day, and a
    date and time without an offset is in the programme's time zone.

    Raises:
        ipsrules.MissingPackageError: pandas is not installed (``ipsrules[pandas]``).
        ipsrules.FrameError: A frame, column or value is at fault, or a record is invalid;
            the error names the frame, the row's index label and the column.
    """
    pd = _pandas("from_frames()")
    rows: dict[str, list[Row]] = {}
    for name, frame in frames.items():
        table = LAYOUT.get(name)
        if table is None:
            raise FrameError(
                "unknown frame; the frames of a programme are: " + ", ".join(LAYOUT), frame=name
            )
        if not isinstance(frame, pd.DataFrame):
            raise FrameError(f"expected a DataFrame, got {type(frame).__name__}", frame=name)
        header = list(frame.columns)
        for label in header:
            if not isinstance(label, str):
                raise FrameError(f"a column's name must be text, got {label!r}", frame=name)
        problem = column_problem(table, header)
        if problem is not None:
            column, reason = problem
            raise FrameError(reason, frame=name, column=column)
        read: list[Row] = []
        for index, *values in frame.itertuples(index=True, name=None):
            cells = {}
            for label, value in zip(header, values, strict=True):
                plain = _plain(pd, value)
                if plain is not None:
                    cells[label] = plain
            read.append(Row(index, cells))
        rows[name] = read
    if PROGRAMME not in rows:
        raise FrameError(f"no frame {PROGRAMME!r}; it gives the programme's id, name and timezone")

    def fail(table: str, row: Row | None, column: str | None, reason: str) -> LoadError:
        return FrameError(
            reason, frame=table, index=None if row is None else row.where, column=column
        )

    return build_programme(rows, fail, "frames")


def _plain(pd: Any, value: object) -> object:
    """A frame's cell as a plain Python value; ``None`` for a missing one."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, date | datetime | str):
        value = value.item()  # a numpy scalar
    if isinstance(value, float) and value != value:  # NaN
        return None
    if value == "":
        return None
    return value
