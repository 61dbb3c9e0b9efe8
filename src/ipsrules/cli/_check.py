"""
``ipsrules check``: which follow-ups are missed or due, read from a programme file.

It is the question an employment specialist or a team leader asks on a Monday morning.
"""

from __future__ import annotations

import argparse
from typing import Any

from ipsrules import Status, check_report
from ipsrules._check_report import DEFAULT_STATUSES

from ._common import add_file_argument, check_specialist, read_programme, today_in


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
        help=(
            "only the follow-ups of the participants this employment specialist is "
            "responsible for (on the day the window is judged: today while it is open)"
        ),
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
    specialist_id: str | None = arguments.specialist
    check_specialist(programme, specialist_id)
    report = check_report(
        programme,
        today=today,
        statuses=arguments.status or DEFAULT_STATUSES,
        specialist=specialist_id,
    )
    if arguments.format == "json":
        return report.to_json()
    if arguments.format == "csv":
        return report.to_csv()
    return report.to_text()
