"""
The ``ipsrules`` command.

Each subcommand lives in a module of its own that offers ``add_command(commands)``; the
parser it adds sets ``run``, a function from the parsed arguments to the text (or the
bytes) to print. Bad input never ends in a traceback: it prints ``ipsrules: error: ...``
and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from ipsrules.exceptions import LoadError

from . import _check, _feed, _fidelity, _outcomes, _quality
from ._common import EXIT_BROKEN_PIPE, EXIT_OK, EXIT_USAGE, InputError, write

__all__ = ["EXIT_BROKEN_PIPE", "EXIT_OK", "EXIT_USAGE", "main"]

# The subcommands, in the order `ipsrules --help` lists them.
_COMMANDS = (_check, _feed, _outcomes, _fidelity, _quality)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipsrules",
        description="The rules of IPS supported employment: follow-up contacts and their status.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {metadata.version('ipsrules')}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``ipsrules`` command with *argv* (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 when it succeeded, 2 for bad input (a file that cannot be read,
        an invalid record, a bad option), 141 when the reader of the output went away.
    """
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse reported
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        output = arguments.run(arguments)
    except (LoadError, InputError) as error:
        print(f"ipsrules: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return write(output)
