"""
``ipsrules fidelity``: an IPS-25 fidelity review of a programme over a review period.

It computes every item that the records can measure and adds a rater's scores from a ratings
file. Without ratings it lists the computed items and says which items still need a score:
it never invents a total for an incomplete review.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ipsrules._locale import LOCALES
from ipsrules.exceptions import FidelityError, ValidationError
from ipsrules.fidelity import (
    SCALE,
    Rating,
    Review,
    compute_items,
    load_ratings,
    load_scale,
    load_scheduled_hours,
)
from ipsrules.fidelity._report import review_text

from ._common import (
    InputError,
    add_file_argument,
    add_period_arguments,
    is_standard_output,
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
        "--scale",
        metavar="SCALE.toml",
        help="cut points to score by, corrected from the published scale (see the docs); "
        "items the file leaves out keep the built-in cut points",
    )
    command.add_argument(
        "--scheduled-hours",
        metavar="HOURS.json",
        help="each specialist's scheduled working hours a week, {id: hours}: item 24 is then "
        "the share of those hours in the community",
    )
    command.add_argument(
        "--format",
        choices=FORMATS,
        help="the output format (default: from the suffix of -o, else table)",
    )
    command.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the labels (default: en)",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file (replaced atomically; '-' is standard output)",
    )
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> str:
    """The review that ``ipsrules fidelity`` prints, or ``""`` when it wrote ``-o OUT``."""
    review_period = period(arguments)
    start, end = review_period.start, review_period.end
    output_format = _format(arguments.format, arguments.output)
    ratings: tuple[Rating, ...] = ()
    if arguments.ratings is not None:
        ratings = load_ratings(arguments.ratings)
    scale = SCALE if arguments.scale is None else load_scale(arguments.scale)
    hours = None
    if arguments.scheduled_hours is not None:
        hours = load_scheduled_hours(arguments.scheduled_hours)
    programme = read_programme(arguments.file)
    try:
        computed = compute_items(
            programme, start=start, end=end, scale=scale, scheduled_hours=hours
        )
    except ValidationError as error:
        if error.record != "scheduled_hours":
            raise
        raise InputError(f"{arguments.scheduled_hours}: {error}") from None
    try:
        review = Review(computed, ratings, programme_id=programme.id, start=start, end=end)
    except FidelityError as error:
        where = f"{arguments.ratings}: " if arguments.ratings is not None else ""
        raise InputError(f"{where}{error}") from None
    locale: str = arguments.locale
    if output_format == "json":
        text = review.to_json(locale)
    elif output_format == "csv":
        text = review.to_csv(locale)
    elif output_format == "markdown":
        text = review.to_markdown(locale)
    elif output_format == "html":
        text = review.to_html(locale)
    else:
        text = review_text(review, locale, how_to_rate="--ratings RATINGS.json")
    if is_standard_output(arguments.output):
        return text
    write_file(arguments.output, text)
    return ""


def _format(chosen: str | None, output: str | None) -> str:
    if chosen is not None:
        return chosen
    if output is None:
        return "table"
    return _SUFFIXES.get(os.path.splitext(output)[1].lower(), "table")
