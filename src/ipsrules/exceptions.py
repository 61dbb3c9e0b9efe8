"""
The errors ``ipsrules`` raises: one small hierarchy, each naming what is at fault.
"""

from __future__ import annotations


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


class LoadError(Error, ValueError):
    """
    A programme file cannot be read: it is missing, is not JSON (or, in a folder of CSV
    files, not valid CSV), or holds an invalid record.

    Attributes:
        path: The file that was being read.
        record: Where in the file, for example ``"jobs[3] (id 'J004')"``, or ``None`` for the
            file as a whole.
        field: The field at fault, or ``None`` when the fault is not in one field.
        reason: What is wrong, in one sentence.
        line: In a CSV file, the line at fault (1 for the header), else ``None``.
        column: In a CSV file, the column at fault, else ``None``.
    """

    path: str
    record: str | None
    field: str | None
    reason: str
    line: int | None
    column: str | None

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
        self.path = path
        self.record = record
        self.field = field
        self.reason = reason
        self.line = line
        self.column = column
        where = path
        if line is not None:
            where += f", line {line}"
        if record is not None:
            where += f": {record}"
        if column is not None:
            where += f", column {column!r}"
        elif field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {reason}")
