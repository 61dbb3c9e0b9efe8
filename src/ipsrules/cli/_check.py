"""
``ipsrules check``: which follow-ups are missed or due, read from a programme file.

It is the question an employment specialist or a team leader asks on a Monday morning.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

from ipsrules._matching import Result, Status, check
from ipsrules._model import Programme

from ._common import add_file_argument, check_specialist, read_programme, today_in

_DEFAULT_STATUSES = (Status.MISSED, Status.DUE)
# The order of the listing: what needs action first.
_STATUS_ORDER = {
    Status.MISSED: 0,
    Status.DUE: 1,
    Status.UPCOMING: 2,
    Status.MET: 3,
    Status.WAIVED: 4,
}
COLUMNS = ("status", "participant", "specialist", "job", "rule", "seq", "opens", "closes")
"""The columns of every format; ``json`` and ``csv`` add the follow-up's ``id``."""


def add_command(commands: Any) -> None:
    """Add ``check`` to the subcommands of ``ipsrules``."""
    check_command = commands.add_parser(
        "check",
        help="list the follow-ups that are missed or due",
        description=(
            "List the follow-ups of a programme that are missed or due on a day (by default "
            "today), those that need action first."
        ),
    )
    add_file_argument(check_command)
    check_command.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the day to judge on (default: today in the programme's time zone)",
    )
    check_command.add_argument(
        "--specialist",
        metavar="ID",
        help="only the participants whose employment specialist has this id",
    )
    check_command.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="the output format (default: table)",
    )
    check_command.add_argument(
        "--status",
        nargs="+",
        action="extend",
        choices=[status.value for status in Status],
        metavar="STATUS",
        help=(
            "the statuses to list, any of "
            + ", ".join(status.value for status in Status)
            + " (default: missed due)"
        ),
    )
    check_command.set_defaults(run=run)


# --- check --------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> str:
    """The listing that ``ipsrules check`` prints."""
    programme = read_programme(arguments.file)
    today = today_in(arguments.today, programme)
    statuses = frozenset(Status(value) for value in arguments.status or _DEFAULT_STATUSES)
    specialist_id: str | None = arguments.specialist
    check_specialist(programme, specialist_id)
    rows = [
        result
        for result in check(programme, today=today)
        if result.status in statuses
        and (
            specialist_id is None
            or programme.participant(result.follow_up.participant_id).specialist_id == specialist_id
        )
    ]
    rows.sort(key=_order)
    if arguments.format == "json":
        return _json(programme, rows)
    if arguments.format == "csv":
        return _csv(programme, rows)
    return _table(programme, rows, today, statuses)


def _order(result: Result) -> tuple[int, date, str]:
    # The sort is stable and `check` lists results by opens, participant, rule, seq and
    # job, so ties here keep that order: no need to restate it.
    follow_up = result.follow_up
    return (_STATUS_ORDER[result.status], follow_up.closes, follow_up.participant_id)


def _record(programme: Programme, result: Result) -> dict[str, str | int | None]:
    """One row as a mapping of `COLUMNS` plus ``id``, with ISO dates."""
    follow_up = result.follow_up
    return {
        "status": result.status.value,
        "participant": follow_up.participant_id,
        "specialist": programme.participant(follow_up.participant_id).specialist_id,
        "job": follow_up.job_id,
        "rule": follow_up.rule.value,
        "seq": follow_up.seq,
        "opens": follow_up.opens.isoformat(),
        "closes": follow_up.closes.isoformat(),
        "id": follow_up.id,
    }


def _json(programme: Programme, rows: list[Result]) -> str:
    records = [_record(programme, result) for result in rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _csv(programme: Programme, rows: list[Result]) -> str:
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*COLUMNS, "id"], lineterminator="\n")
    writer.writeheader()
    for result in rows:
        writer.writerow(_record(programme, result))
    return buffer.getvalue()


def _days(result: Result, today: date, programme: Programme) -> str:
    """How the follow-up stands in days, for a person reading the table."""
    follow_up = result.follow_up
    if result.status is Status.MISSED:
        return _plural((today - follow_up.closes).days, "day") + " overdue"
    if result.status is Status.DUE:
        left = (follow_up.closes - today).days
        return "last day" if left == 0 else _plural(left, "day") + " left"
    if result.status is Status.UPCOMING:
        return "opens in " + _plural((follow_up.opens - today).days, "day")
    if result.status is Status.MET and result.met_by:
        return "met on " + result.met_by[0].local_date(programme.zone).isoformat()
    return ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _table(
    programme: Programme, rows: list[Result], today: date, statuses: frozenset[Status]
) -> str:
    wanted = " or ".join(status.value for status in Status if status in statuses)
    if not rows:
        return f"No follow-ups are {wanted} on {today.isoformat()}.\n"
    header = (*COLUMNS, "days")
    lines: list[tuple[str, ...]] = [header]
    for result in rows:
        record = _record(programme, result)
        cells = tuple("-" if record[column] is None else str(record[column]) for column in COLUMNS)
        lines.append((*cells, _days(result, today, programme)))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    seq = header.index("seq")
    out: list[str] = []
    for line in lines:
        aligned = [
            cell.rjust(width) if column == seq else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(aligned).rstrip())
    counts = Counter(result.status for result in rows)
    summary = ", ".join(
        f"{counts[status]} {status.value}" for status in _STATUS_ORDER if counts[status]
    )
    out.append("")
    out.append(f"{_plural(len(rows), 'follow-up')} on {today.isoformat()}: {summary}")
    return "\n".join(out) + "\n"
