"""
``ipsrules template``: an empty workbook for a service to keep its records in.

It is the first thing a service that keeps its records in a spreadsheet needs: the sheets
and columns that every command reads, with a first sheet that explains them.
"""

from __future__ import annotations

import argparse
from typing import Any

from ipsrules import LOCALES, excel_template

from ._common import write_file


def add_command(commands: Any) -> None:
    """Add ``template`` to the subcommands of ``ipsrules``."""
    command = commands.add_parser(
        "template",
        help="write an empty workbook (.xlsx) to keep a programme's records in",
        description=(
            "Write an empty Excel workbook with one sheet per kind of record, lists to "
            "choose fixed values from, date-formatted columns, and a first sheet that "
            "explains every column in English and Swedish. Every command reads the "
            "workbook once it is filled in."
        ),
    )
    command.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the first sheet's headings and the lists' messages (default: en)",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="the workbook to write, such as mall.xlsx; replaced whole if it exists",
    )
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> str:
    """Write the template to ``--output``; nothing is printed."""
    write_file(arguments.output, excel_template(arguments.locale))
    return ""
