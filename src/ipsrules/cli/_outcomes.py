"""
``ipsrules outcomes``: the figures a board or a funder asks for, over a period.

Status counts and capacity on the last day, outcome metrics over the period, and the cost
when the yearly cost is given; as a table, JSON, CSV, or the one-page board report in
Markdown or HTML, in English or Swedish.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from io import StringIO
from typing import Any

from ipsrules.exceptions import ValidationError
from ipsrules.outcomes import (
    LOCALES,
    BoardReport,
    Count,
    Share,
    Summary,
    board_report,
)

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

CSV_COLUMNS = ("section", "name", "value", "numerator", "denominator", "unknown")
"""The columns of the ``csv`` format: one row per figure."""


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


def _number(option: str, value: str, *, positive: bool) -> float:
    try:
        number = float(value.replace("_", ""))
    except ValueError:
        msg = f"{option}: expected a number, got {value!r}"
        raise InputError(msg) from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        bound = "more than 0" if positive else "0 or more"
        msg = f"{option}: expected a number {bound}, got {value!r}"
        raise InputError(msg)
    return number


def run(arguments: argparse.Namespace) -> str:
    """The report that ``ipsrules outcomes`` prints (or writes to ``-o``)."""
    report_period = period(arguments)
    start, end = report_period.start, report_period.end
    yearly = (
        None
        if arguments.yearly_cost is None
        else _number("--yearly-cost", arguments.yearly_cost, positive=False)
    )
    target = _number("--target", arguments.target, positive=True)
    if not arguments.currency.strip():
        msg = "--currency: expected a currency code such as SEK, got an empty string"
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
        return json.dumps(_document(report), ensure_ascii=False, indent=2) + "\n"
    rows = _rows(report)
    if format_ == "csv":
        buffer = StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(tuple("" if cell is None else cell for cell in row) for row in rows)
        return buffer.getvalue()
    return _table(report, rows, locale)


Row = tuple[str, str, float | int | None, int | None, int | None, int | None]


def _rows(report: BoardReport) -> list[Row]:
    """Every figure as (section, name, value, numerator, denominator, unknown)."""
    counts, room = report.counts, report.capacity
    rows: list[Row] = [
        ("status", status.value, value, None, None, None) for status, value in counts.counts.items()
    ]
    rows += [
        ("status", "employment", counts.employment, None, None, None),
        ("status", "active", counts.active, None, None, None),
        ("status", "waiting", counts.waiting, None, None, None),
    ]
    for metric in report.metrics.all():
        if isinstance(metric, Share):
            rows.append(
                (
                    "outcomes",
                    metric.name,
                    metric.value,
                    metric.numerator,
                    metric.denominator,
                    len(metric.unknown),
                )
            )
        elif isinstance(metric, Summary):
            rows.append(("outcomes", metric.name + "_mean", metric.mean, None, metric.count, None))
            rows.append(
                ("outcomes", metric.name + "_median", metric.median, None, metric.count, None)
            )
        else:
            rows.append(("outcomes", metric.name, metric.value, None, None, None))
    rows += [
        ("capacity", "specialists", room.specialists, None, None, None),
        ("capacity", "fte", room.fte, None, None, None),
        ("capacity", "target", room.target, None, None, None),
        ("capacity", "caseload_per_fte", room.caseload_per_fte, room.active, None, None),
        ("capacity", "spare_places", room.spare_places, None, None, None),
        ("capacity", "fte_to_clear_waiting_list", room.fte_to_clear_waiting_list, None, None, None),
        (
            "capacity",
            "specialists_to_clear_waiting_list",
            room.specialists_to_clear_waiting_list,
            None,
            None,
            None,
        ),
    ]
    if report.cost is not None:
        money = report.cost
        rows += [
            ("cost", "yearly", money.yearly, None, None, None),
            ("cost", "period", money.period_cost, None, None, None),
            ("cost", "per_participant_served", money.per_participant_served, None, None, None),
            ("cost", "per_job_start", money.per_job_start, None, None, None),
        ]
    return rows


def _metric(metric: Count | Share | Summary) -> dict[str, Any]:
    document: dict[str, Any] = {"value": metric.value, "definition": metric.definition}
    if isinstance(metric, Share):
        document.update(numerator=metric.numerator, denominator=metric.denominator)
        document["unknown"] = list(metric.unknown)
    if isinstance(metric, Summary):
        document.update(count=metric.count, mean=metric.mean, median=metric.median)
        document["unknown"] = list(metric.unknown)
    document["evidence"] = list(metric.evidence)
    return document


def _document(report: BoardReport) -> dict[str, Any]:
    counts, room, period = report.counts, report.capacity, report.metrics.period
    return {
        "programme": report.programme,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "status": {
            "day": counts.day.isoformat(),
            "counts": {status.value: value for status, value in counts.counts.items()},
            "employment": counts.employment,
            "active": counts.active,
            "waiting": counts.waiting,
        },
        "outcomes": {metric.name: _metric(metric) for metric in report.metrics.all()},
        "capacity": {
            "day": room.day.isoformat(),
            "active": room.active,
            "waiting": room.waiting,
            "specialists": room.specialists,
            "fte": room.fte,
            "target": room.target,
            "caseload_per_fte": room.caseload_per_fte,
            "spare_places": room.spare_places,
            "fte_to_clear_waiting_list": room.fte_to_clear_waiting_list,
            "specialists_to_clear_waiting_list": room.specialists_to_clear_waiting_list,
        },
        "cost": None
        if report.cost is None
        else {
            "currency": report.cost.currency,
            "yearly": report.cost.yearly,
            "period": report.cost.period_cost,
            "per_participant_served": report.cost.per_participant_served,
            "per_job_start": report.cost.per_job_start,
        },
    }


def _cell(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _table(report: BoardReport, rows: list[Row], locale: str) -> str:
    lines = [("section", "name", "value", "basis")]
    for section, name, value, numerator, denominator, unknown in rows:
        basis = ""
        if section == "outcomes" and denominator is not None and numerator is not None:
            basis = f"{numerator} of {denominator}" + (f", {unknown} unknown" if unknown else "")
        elif denominator is not None:
            basis = f"n = {denominator}"
        lines.append((section, name, _cell(value), basis))
    widths = [max(len(line[column]) for line in lines) for column in range(4)]
    out = [
        "  ".join(
            cell.rjust(width) if column == 2 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    ]
    return report.summary(locale) + "\n\n" + "\n".join(out) + "\n"
