"""
``ipsrules quality``: the records that are valid but implausible, for the person who keeps
them to look at (a contact before enrolment, a job that starts after discharge, ...).
"""

from __future__ import annotations

import argparse
from typing import Any

from ipsrules._locale import LOCALES
from ipsrules._quality import quality_report

from ._common import add_file_argument, read_programme

FORMATS = ("table", "json", "csv")
"""The output formats of ``ipsrules quality``."""


def add_command(commands: Any) -> None:
    """Add ``quality`` to the subcommands of ``ipsrules``."""
    command = commands.add_parser(
        "quality",
        help="list records that are valid but implausible",
        description=(
            "List the records of a programme that load but are unlikely to be what was "
            "meant: contacts before enrolment or after discharge, jobs that start after "
            "discharge, more than 80 hours a week, overlapping jobs, and more (see "
            "docs/limits.md). Warnings first, then notes."
        ),
    )
    add_file_argument(command)
    command.add_argument(
        "--format", choices=FORMATS, default="table", help="the output format (default: table)"
    )
    command.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the labels and messages (default: en)",
    )
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> str:
    """The findings that ``ipsrules quality`` prints."""
    report = quality_report(read_programme(arguments.file, mention_quality=False))
    if arguments.format == "json":
        return report.to_json(arguments.locale)
    if arguments.format == "csv":
        return report.to_csv(arguments.locale)
    return report.to_text(arguments.locale)
