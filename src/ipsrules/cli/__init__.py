"""
The ``ipsrules`` command.

Each subcommand lives in a module of its own that offers ``add_command(commands)``; the
parser it adds sets ``run``, a function from the parsed arguments to the text (or the
bytes) to print. Bad input never ends in a traceback: it prints ``ipsrules: error: ...``
and exits with status 2. Ctrl-C and ``SIGTERM`` end a command with one line too (status
130 and 143), after the cleanup of any file being written has run.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator, Sequence
from importlib import metadata
from types import FrameType

from ipsrules.exceptions import LoadError, MissingPackageError

from . import _check, _feed, _fidelity, _outcomes, _quality, _serve, _template
from ._common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_USAGE,
    InputError,
    say,
    write,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "main",
]

# The subcommands, in the order `ipsrules --help` lists them.
_COMMANDS = (_check, _feed, _outcomes, _fidelity, _quality, _template, _serve)


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


class _Terminated(BaseException):
    """``SIGTERM`` arrived: unwind as Ctrl-C does, so ``finally`` blocks remove temporary files."""


def _terminate(number: int, frame: FrameType | None) -> None:
    raise _Terminated


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """
    Turn ``SIGTERM`` into `_Terminated` while a command runs, then restore what was there.

    Python's default ends the process at once, leaving a half-written temporary file behind;
    the library installs no handler of its own, so the command line does it, here only.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can be set only in the main thread
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``ipsrules`` command with *argv* (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 when it succeeded, 2 for bad input (a file that cannot be read or
        written, an invalid record, a bad option, a workbook without openpyxl installed),
        130 after Ctrl-C, 143 after ``SIGTERM``,
        141 when the reader of the output went away.
    """
    try:
        with _terminate_cleanly():
            return _run(argv)
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        say("terminated")
        return EXIT_TERMINATED


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse reported
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        output = arguments.run(arguments)
        return write(output)
    except (LoadError, InputError, MissingPackageError) as error:
        say(f"error: {error}")
        return EXIT_USAGE
