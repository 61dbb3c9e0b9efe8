"""
``ipsrules outcomes``: the figures a board or a funder asks for, over a period.

Status counts and capacity on the last day, outcome metrics over the period, and the cost
when the yearly cost is given; as a table, JSON, CSV, or the one-page board report in
Markdown or HTML, in English or Swedish.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from ipsrules._validators import text_problem
from ipsrules.exceptions import ValidationError
from ipsrules.outcomes import LOCALES, MAX_YEARLY_COST, TARGET_RANGE, BoardReport, board_report

from ._common import (
    InputError,
    add_file_argument,
    add_period_arguments,
    period,
    read_programme,
    write_file,
)

FORMATS = ("table", "json", "csv", "markdown", "html")
"""The output formats of ``ipsrules outcomes``."""


def add_command(commands: Any) -> None:
    """Add ``outcomes`` to the subcommands of ``ipsrules``."""
    command = commands.add_parser(
        "outcomes",
        help="report outcomes, capacity and cost over a period",
        description=(
            "Report a programme's status counts and capacity on the last day of a period, its "
            "outcome metrics over the period, and its cost when the yearly cost is given."
        ),
    )
    add_file_argument(command)
    add_period_arguments(
        command,
        first="the first day",
        last="the last day, and the day of the status counts and the capacity",
    )
    command.add_argument(
        "--format", choices=FORMATS, default="table", help="the output format (default: table)"
    )
    command.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the board report and of the table's first line (default: en)",
    )
    command.add_argument(
        "--yearly-cost",
        metavar="AMOUNT",
        help="what a year of the service costs, for cost per participant and per job start",
    )
    command.add_argument(
        "--currency", default="SEK", help="the currency of --yearly-cost (default: SEK)"
    )
    command.add_argument(
        "--target",
        metavar="N",
        default="20",
        help="participants per full-time specialist to measure capacity against (default: 20)",
    )
    command.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file instead of standard output"
    )
    command.set_defaults(run=run)


def _number(option: str, value: str, *, low: float, high: float) -> float:
    """The number *value* of *option*, from *low* to *high*, or an `InputError` saying so."""
    try:
        number = float(value.replace("_", ""))
    except ValueError:
        msg = f"{option}: expected a number, got {value!r}"
        raise InputError(msg) from None
    if not (math.isfinite(number) and low <= number <= high):
        msg = f"{option}: expected a number from {low:g} to {high:g}, got {value!r}"
        raise InputError(msg)
    return number


def run(arguments: argparse.Namespace) -> str:
    """The report that ``ipsrules outcomes`` prints (or writes to ``-o``)."""
    report_period = period(arguments)
    start, end = report_period.start, report_period.end
    yearly = (
        None
        if arguments.yearly_cost is None
        else _number("--yearly-cost", arguments.yearly_cost, low=0, high=MAX_YEARLY_COST)
    )
    target = _number("--target", arguments.target, low=TARGET_RANGE[0], high=TARGET_RANGE[1])
    if text_problem(arguments.currency, 16) is not None:
        msg = f"--currency: expected a currency code such as SEK, got {arguments.currency!r}"
        raise InputError(msg)
    programme = read_programme(arguments.file)
    try:
        report = board_report(
            programme, start, end, yearly_cost=yearly, currency=arguments.currency, target=target
        )
    except ValidationError as error:  # pragma: no cover - the options are checked above
        raise InputError(str(error)) from None
    text = _render(report, arguments.format, arguments.locale)
    if arguments.output is None:
        return text
    write_file(arguments.output, text)
    return ""


def _render(report: BoardReport, format_: str, locale: str) -> str:
    if format_ == "markdown":
        return report.to_markdown(locale)
    if format_ == "html":
        return report.to_html(locale)
    if format_ == "json":
        return report.to_json()
    if format_ == "csv":
        return report.to_csv()
    return report.to_text(locale)
