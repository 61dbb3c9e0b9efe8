"""
``ipsrules fidelity``: an IPS-25 fidelity review of a programme over a review period.

It computes every item that the records can measure and adds a rater's scores from a ratings
file. Without ratings it lists the computed items and says which items still need a score:
it never invents a total for an incomplete review.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from io import StringIO
from typing import Any

from ipsrules.exceptions import FidelityError
from ipsrules.fidelity._computed import compute_items
from ipsrules.fidelity._ratings_file import load_ratings
from ipsrules.fidelity._report import (
    COLUMNS,
    Record,
    report_html,
    report_markdown,
    review_records,
)
from ipsrules.fidelity._review import Rating, Review
from ipsrules.fidelity._scale import SCALE, Section
from ipsrules.fidelity._views import NO_SCORE, format_measure, label, period_text

from ._common import (
    InputError,
    add_file_argument,
    add_period_arguments,
    period,
    read_programme,
    write_file,
)

FORMATS = ("table", "json", "csv", "markdown", "html")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json", ".csv": "csv"}


def add_command(commands: Any) -> None:
    """Add ``fidelity`` to the subcommands of ``ipsrules``."""
    command = commands.add_parser(
        "fidelity",
        help="an IPS-25 fidelity review: computed items, ratings, total and band",
        description=(
            "Compute the items of the IPS-25 fidelity scale that the records can measure over "
            "a review period, add a rater's scores from a ratings file, and report the total, "
            "the band, the improvement priorities and the evidence of every item."
        ),
    )
    add_file_argument(command)
    add_period_arguments(
        command,
        first="the first day of the review period",
        last="the last day of the review period (included)",
    )
    command.add_argument(
        "--ratings",
        metavar="RATINGS.json",
        help="the rater's scores: a JSON list of {key, score, note} (see the docs)",
    )
    command.add_argument(
        "--format",
        choices=FORMATS,
        help="the output format (default: from the suffix of -o, else table)",
    )
    command.add_argument(
        "--locale",
        choices=("en", "sv"),
        default="en",
        help="the language of the labels (default: en)",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file (replaced atomically) instead of standard output",
    )
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> str:
    """The review that ``ipsrules fidelity`` prints, or ``""`` when it wrote ``-o OUT``."""
    start, end = period(arguments)
    output_format = _format(arguments.format, arguments.output)
    ratings: tuple[Rating, ...] = ()
    if arguments.ratings is not None:
        ratings = load_ratings(arguments.ratings)
    programme = read_programme(arguments.file)
    try:
        computed = compute_items(programme, start=start, end=end)
        review = Review(computed, ratings, programme_id=programme.id, start=start, end=end)
    except FidelityError as error:
        where = f"{arguments.ratings}: " if arguments.ratings is not None else ""
        raise InputError(f"{where}{error}") from None
    locale: str = arguments.locale
    if output_format == "json":
        text = _json(review, locale)
    elif output_format == "csv":
        text = _csv(review, locale)
    elif output_format == "markdown":
        text = report_markdown(review, locale)
    elif output_format == "html":
        text = report_html(review, locale)
    else:
        text = _table(review, locale)
    if arguments.output is None:
        return text
    write_file(arguments.output, text)
    return ""


def _format(chosen: str | None, output: str | None) -> str:
    if chosen is not None:
        return chosen
    if output is None:
        return "table"
    return _SUFFIXES.get(os.path.splitext(output)[1].lower(), "table")


def _json(review: Review, locale: str) -> str:
    complete = review.complete
    document = {
        "programme": review.programme_id,
        "from": review.start.isoformat(),
        "to": review.end.isoformat(),
        "complete": complete,
        "total": review.total if complete else None,
        "band": review.band.value if complete else None,
        "section_totals": (
            {section.value: review.section_totals[section] for section in Section}
            if complete
            else None
        ),
        "missing": [item.key for item in review.missing],
        "overrides": [score.item.key for score in review.overrides],
        "priorities": [score.item.key for score in review.priorities()] if complete else [],
        "items": review_records(review, locale),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv(review: Review, locale: str) -> str:
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(review_records(review, locale))
    return buffer.getvalue()


def _table(review: Review, locale: str) -> str:
    """Plain text for a terminal: the summary, then one line per item."""
    out = [
        f"{label('title', locale)}: {review.programme_id}, "
        + period_text(review.start, review.end),
    ]
    if review.complete:
        out.append(f"{label('total', locale)}: {review.total} / 125, {review.band.label(locale)}")
        out.append(
            f"{label('sections', locale)}: "
            + ", ".join(
                f"{section.label(locale)} {review.section_totals[section]}"
                f" / {5 * sum(1 for item in SCALE if item.section is section)}"
                for section in Section
            )
        )
    else:
        out.append(label("incomplete", locale).format(count=len(review.missing)))
    header = (
        label("number", locale),
        label("key", locale),
        label("score", locale),
        label("source", locale),
        label("computed", locale),
        label("measure", locale),
        label("details", locale),
    )
    rows: list[tuple[str, ...]] = [header]
    for record in review_records(review, locale):
        measure = record["measure"]
        rows.append(
            (
                str(record["number"]),
                str(record["key"]),
                "" if record["score"] is None else str(record["score"]),
                label(f"source.{record['source']}", locale)
                if record["source"] is not None
                else label("not_scored", locale),
                NO_SCORE if record["computed_score"] is None else str(record["computed_score"]),
                "" if measure is None else format_measure(float(measure), str(record["unit"])),
                _details(record),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    out.append("")
    for row in rows:
        cells = [
            cell.rjust(width) if column in (0, 2, 4) else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        out.append(("  ".join(cells) + "  " + row[-1]).rstrip())
    if review.overrides:
        out.append("")
        out.append(
            f"{label('overrides', locale)}: "
            + ", ".join(
                f"{score.item.key} ({score.computed.score if score.computed else NO_SCORE} → "
                f"{score.score})"
                for score in review.overrides
            )
        )
    if review.complete:
        out.append("")
        out.append(
            f"{label('priorities', locale)}: "
            + ", ".join(f"{score.item.key} ({score.score})" for score in review.priorities())
        )
    else:
        out.append("")
        out.append(
            f"{label('missing', locale)}: "
            + ", ".join(item.key for item in review.missing)
            + " (--ratings RATINGS.json)"
        )
    return "\n".join(out) + "\n"


def _details(record: Record) -> str:
    """The last column: what a reader of each kind of item wants to see first."""
    if record["source"] == "missing":
        return str(record["needs"] or "")  # what would let the item be scored
    if record["source"] == "computed" and not record["note"]:
        return str(record["evidence"] or "")
    return str(record["note"] or "")  # why the rater scored it so
