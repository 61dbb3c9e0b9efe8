"""
The errors ``ipsrules`` raises: one small hierarchy, each naming what is at fault.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence


class Error(Exception):
    """
    Base class of every error that ``ipsrules`` raises on purpose.
    """


class ValidationError(Error, ValueError):
    """
    A record, or a programme of records, breaks a rule of the model.

    It names the record (``"Job 'J7'"``) and the field (``"end"``) at fault,
    so that the person who keeps the data can find and mend it.

    Attributes:
        record: Which record is at fault, for example ``"Job 'J7'"``.
        field: The name of the field at fault, for example ``"end"``.
        reason: What is wrong with it, in one sentence.
    """

    record: str
    field: str
    reason: str

    def __init__(self, record: str, field: str, reason: str) -> None:
        self.record = record
        self.field = field
        self.reason = reason
        super().__init__(f"{record}, field {field!r}: {reason}")


@dataclasses.dataclass(frozen=True)
class Problem:
    """
    One problem found in a programme file: where it is and what is wrong.

    Attributes:
        path: The file (or the folder, or the workbook's sheet) that holds it.
        reason: What is wrong, in one sentence.
        record: Where in the file, for example ``"jobs[3] (id 'J004')"``, or ``None``.
        field: The field at fault, or ``None`` when the fault is not in one field.
        line: In a CSV file, the line at fault (1 for the header), else ``None``.
        column: In a CSV file, the column at fault, else ``None``.
        cause: The exception that revealed it, if any (a `ValidationError` of the model, say).
        where: Where it is, as a format that the fields above do not fit names it: a
            workbook's sheet, row and cell, a data frame's index. ``None`` for the others.
    """

    path: str
    reason: str
    record: str | None = None
    field: str | None = None
    line: int | None = None
    column: str | None = None
    cause: BaseException | None = dataclasses.field(default=None, compare=False, repr=False)
    where: str | None = None

    def __str__(self) -> str:
        if self.where is not None:
            return f"{self.where}: {self.reason}"
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.record is not None:
            where += f": {self.record}"
        if self.column is not None:
            where += f", column {self.column!r}"
        elif self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.reason}"


class LoadError(Error, ValueError):
    """
    A programme file cannot be read: it is missing, is not JSON (or, in a folder of CSV
    files, not valid CSV), or holds an invalid record.

    The attributes name the problem; when a file has several, the error is a
    `LoadProblemsError` whose attributes are those of its first problem.

    Attributes:
        path: The file that was being read.
        record: Where in the file, for example ``"jobs[3] (id 'J004')"``, or ``None`` for the
            file as a whole.
        field: The field at fault, or ``None`` when the fault is not in one field.
        reason: What is wrong, in one sentence.
        line: In a CSV file, the line at fault (1 for the header), else ``None``.
        column: In a CSV file, the column at fault, else ``None``.
        problems: Every problem found (this one alone, for a plain `LoadError`).
        problem_count: How many problems were found; more than ``len(problems)`` when
            there were more than a loader lists.
    """

    path: str
    record: str | None
    field: str | None
    reason: str
    line: int | None
    column: str | None
    problems: tuple[Problem, ...]
    problem_count: int

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        record: str | None = None,
        field: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        problem = Problem(path, reason, record=record, field=field, line=line, column=column)
        self._adopt(problem)
        self.problems = (problem,)
        self.problem_count = 1
        super().__init__(str(problem))

    def _locate(self, where: str) -> None:
        """Say where the problem is as the format names it (`Problem.where`), message too."""
        problem = dataclasses.replace(self.problems[0], where=where)
        self.problems = (problem,)
        self.args = (str(problem),)

    def _adopt(self, problem: Problem) -> None:
        self.path = problem.path
        self.record = problem.record
        self.field = problem.field
        self.reason = problem.reason
        self.line = problem.line
        self.column = problem.column


class LoadProblemsError(LoadError):
    """
    A programme file has more than one problem: all of them, in the order of the file.

    Its message lists each problem on a line of its own, up to the loader's limit, and says
    how many more there were. Its `path`, `record`, `field`, `reason`, `line` and `column`
    are those of the first problem, so code written for one problem keeps working.

    Attributes:
        source: The file or folder that was being read.
    """

    source: str

    def __init__(self, source: str, problems: Sequence[Problem], count: int) -> None:
        if len(problems) < 2 or count < len(problems):
            msg = "a LoadProblemsError needs two problems or more"
            raise ValueError(msg)
        self.source = source
        self._adopt(problems[0])
        self.problems = tuple(problems)
        self.problem_count = count
        self.__cause__ = problems[0].cause
        lines = [f"{source}: {count} problems:"]
        lines += [f"  {problem}" for problem in problems]
        if count > len(problems):
            lines.append(f"  and {count - len(problems)} more")
        Exception.__init__(self, "\n".join(lines))


class WorkbookError(LoadError):
    """
    A workbook (``.xlsx``) cannot be read as a programme: the error names the sheet, the
    row and the column, and the cell (``"E5"``) that a person opens to mend it.

    Attributes:
        sheet: The sheet at fault, or ``None`` for the workbook as a whole.
        row: The row at fault as the spreadsheet numbers it (1 for the header), or ``None``.
        cell: The cell at fault, such as ``"E5"``, or ``None``.
    """

    sheet: str | None
    row: int | None
    cell: str | None

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        cell: str | None = None,
    ) -> None:
        super().__init__(path, reason, field=column, line=row, column=column)
        self.sheet = sheet
        self.row = row
        self.cell = cell
        where = path
        if sheet is not None:
            where += f", sheet {sheet!r}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        if cell is not None:
            where += f" (cell {cell})"
        self._locate(where)


class FrameError(LoadError):
    """
    Data frames cannot be read as a programme: the error names the frame, the row (by its
    index label) and the column at fault.

    Attributes:
        frame: The frame at fault (``"jobs"``), or ``None`` for the frames as a whole.
        index: The index label of the row at fault, or ``None``.
    """

    frame: str | None
    index: object

    def __init__(
        self,
        reason: str,
        *,
        frame: str | None = None,
        index: object = None,
        column: str | None = None,
    ) -> None:
        super().__init__("<frames>", reason, field=column, column=column)
        self.frame = frame
        self.index = index
        where = "frames" if frame is None else f"frame {frame!r}"
        if index is not None:
            where += f", index {index!r}"
        if column is not None:
            where += f", column {column!r}"
        self._locate(where)


class DumpError(Error, ValueError):
    """
    A programme cannot be written in the format asked for, though it is valid: a workbook
    holds no control characters, at most 32,767 characters in a cell and 1,048,576 rows in
    a sheet. The message names the table, the record and the field.
    """


class MissingPackageError(Error, ImportError):
    """
    A feature needs an optional package that is not installed: openpyxl for workbooks,
    pandas for data frames, matplotlib for charts. The message names the extra of
    ``ipsrules`` to install (``pip install 'ipsrules[excel]'``).

    Attributes:
        package: The package that is missing, such as ``"openpyxl"``.
        extra: The extra that installs it, such as ``"excel"``.
    """

    package: str
    extra: str

    def __init__(self, package: str, needed_by: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{needed_by} needs {package}, which is not installed; install it with "
            f"pip install 'ipsrules[{extra}]'",
            name=package,
        )


# --- fidelity (ipsrules.fidelity) ------------------------------------------------


class FidelityError(Error):
    """
    Base class of the errors of `ipsrules.fidelity`: the scale, computed items and reviews.
    """


class UnknownItemError(FidelityError, LookupError):
    """
    No item of the fidelity scale has this key or number.

    Attributes:
        item: The key or number that was asked for.
    """

    item: str | int

    def __init__(self, item: str | int) -> None:
        self.item = item
        super().__init__(
            f"no item {item!r} in the IPS-25 scale; give a number 1..25 or a key such as "
            "'caseload_size'"
        )


class UnknownLocaleError(FidelityError, ValidationError):
    """
    There are no labels in this locale: no report is written in it.

    Every report raises this one error for an unknown locale. It is a `ValidationError`
    of the field ``locale`` as well as a `FidelityError`, so code that catches either
    keeps working.

    Attributes:
        locale: The locale that was asked for.
    """

    locale: str

    def __init__(self, locale: str, known: tuple[str, ...]) -> None:
        self.locale = locale
        super().__init__(
            "report", "locale", f"no labels in locale {locale!r}; known: {', '.join(known)}"
        )


class ScoreError(FidelityError, ValueError):
    """
    A score, a total or a measure is outside what the scale allows (an item score is 1..5,
    a total 25..125, a measure a finite number of at least 0).
    """


class ReviewError(FidelityError, ValueError):
    """
    A review cannot be built as asked: a rating for an unknown item, a score outside 1..5,
    an item rated twice, or an item computed twice.

    Attributes:
        item: The item at fault (its key, or what was given when no item has it).
        reason: What is wrong, in one sentence.
    """

    item: str
    reason: str

    def __init__(self, item: str, reason: str) -> None:
        self.item = item
        self.reason = reason
        super().__init__(f"item {item!r}: {reason}")


class IncompleteReviewError(FidelityError, ValueError):
    """
    A total, band or section total was asked of a review that does not score every item.

    Attributes:
        missing: The keys of the items without a score, in scale order.
    """

    missing: tuple[str, ...]

    def __init__(self, missing: tuple[str, ...], what: str) -> None:
        self.missing = missing
        super().__init__(
            f"no {what} until every item is scored; {len(missing)} without a score: "
            + ", ".join(missing)
        )


# --- fidelity reports (ipsrules.fidelity) ---------------------------------------


class MissingExtraError(FidelityError, MissingPackageError):
    """
    A fidelity report needs an optional package that is not installed: pandas for data
    frames, matplotlib for charts. The message says what to install (``ipsrules[notebook]``).
    """


class ReportFormatError(FidelityError, ValueError):
    """
    A report file's name does not say which format to write (``.html``, ``.htm``, ``.md``).

    Attributes:
        path: The file that was asked for.
    """

    path: str

    def __init__(self, path: str, suffixes: tuple[str, ...]) -> None:
        self.path = path
        super().__init__(
            f"{path}: cannot tell the report format from the suffix; use one of "
            + ", ".join(suffixes)
        )


class UnknownRecordError(Error, LookupError):
    """
    An option names a record that the programme does not have, such as a specialist's id.

    Attributes:
        kind: What kind of record was asked for, for example ``"specialist"``.
        record_id: The id that was asked for.
        programme_id: The programme that was searched.
    """

    kind: str
    record_id: str
    programme_id: str

    def __init__(self, kind: str, record_id: str, programme_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        self.programme_id = programme_id
        super().__init__(f"programme {programme_id!r} has no {kind} {record_id!r}")

    def __str__(self) -> str:
        # LookupError would show the message in quotes, as KeyError does with a key.
        return str(self.args[0])


# --- the feed server (ipsrules.server) ------------------------------------------


class LinkError(Error, ValueError):
    """
    A links file that cannot be read or is not one, or a link id that the file does not
    have. The message names the file and the entry at fault.
    """


class ServeError(Error, RuntimeError):
    """
    The feed server cannot start: waitress (the ``serve`` extra) is not installed, or the
    address cannot be listened on.
    """
