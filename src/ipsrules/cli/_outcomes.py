"""
``ipsrules outcomes``: the figures a board or a funder asks for, over a period.

Status counts and capacity on the last day, outcome metrics over the period, and the cost
when a yearly cost or budgets are given; as a table, JSON, CSV, or the one-page board report in
Markdown or HTML, in English or Swedish.
"""

from __future__ import annotations

import argparse
import math
import re
from datetime import date
from typing import Any

from ipsrules._validators import text_problem
from ipsrules.exceptions import ValidationError
from ipsrules.outcomes import (
    LOCALES,
    MAX_YEARLY_COST,
    TARGET_RANGE,
    BoardReport,
    Budget,
    Period,
    board_report,
)

from ._common import (
    InputError,
    add_file_argument,
    add_period_arguments,
    is_standard_output,
    parse_date,
    period,
    read_programme,
    write_file,
)

FORMATS = ("table", "json", "csv", "markdown", "html")
"""The output formats of ``ipsrules outcomes``."""

_YEAR = re.compile(r"\d{4}")


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
    money = command.add_mutually_exclusive_group()
    money.add_argument(
        "--yearly-cost",
        metavar="AMOUNT",
        help="what a year of the service costs, every year, for cost per participant and "
        "per job start",
    )
    money.add_argument(
        "--budget",
        metavar="WHEN=AMOUNT",
        action="append",
        help="a budget for a calendar year (2026=4300000) or a span of days "
        "(2025-07-01..2026-06-30=4300000); repeat it for each year or span, instead of "
        "--yearly-cost",
    )
    command.add_argument(
        "--currency", default="SEK", help="the currency of the cost (default: SEK)"
    )
    command.add_argument(
        "--target",
        metavar="N",
        default="20",
        help="participants per full-time specialist to measure capacity against (default: 20)",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file (replaced atomically; '-' is standard output)",
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


def _budget(values: list[str]) -> Budget:
    """The budgets of ``--budget WHEN=AMOUNT`` options; an `InputError` for a bad one."""
    lines: list[tuple[Period, float]] = []
    for value in values:
        when, equals, amount = value.partition("=")
        if not equals:
            msg = f"--budget: expected WHEN=AMOUNT such as 2026=4300000, got {value!r}"
            raise InputError(msg)
        if _YEAR.fullmatch(when):
            year = int(when)
            span = Period(date(year, 1, 1), date(year, 12, 31))
        else:
            first, dots, last = when.partition("..")
            if not dots:
                msg = (
                    f"--budget: expected a year or YYYY-MM-DD..YYYY-MM-DD before '=', got {when!r}"
                )
                raise InputError(msg)
            start, end = parse_date("--budget", first), parse_date("--budget", last)
            if end < start:
                msg = f"--budget: {when!r} ends before it starts"
                raise InputError(msg)
            span = Period(start, end)
        lines.append((span, _number("--budget", amount, low=0, high=MAX_YEARLY_COST)))
    try:
        return Budget.per_period(lines)
    except ValidationError as error:
        raise InputError(f"--budget: {error}") from None


def run(arguments: argparse.Namespace) -> str:
    """The report that ``ipsrules outcomes`` prints (or writes to ``-o``)."""
    report_period = period(arguments)
    start, end = report_period.start, report_period.end
    yearly = (
        None
        if arguments.yearly_cost is None
        else _number("--yearly-cost", arguments.yearly_cost, low=0, high=MAX_YEARLY_COST)
    )
    budget = None if arguments.budget is None else _budget(arguments.budget)
    target = _number("--target", arguments.target, low=TARGET_RANGE[0], high=TARGET_RANGE[1])
    if text_problem(arguments.currency, 16) is not None:
        msg = f"--currency: expected a currency code such as SEK, got {arguments.currency!r}"
        raise InputError(msg)
    programme = read_programme(arguments.file)
    try:
        report = board_report(
            programme,
            start,
            end,
            yearly_cost=yearly,
            budget=budget,
            currency=arguments.currency,
            target=target,
        )
    except ValidationError as error:  # a budget that leaves a day of the period without one
        raise InputError(f"--budget: {error}") from None
    text = _render(report, arguments.format, arguments.locale)
    if is_standard_output(arguments.output):
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
