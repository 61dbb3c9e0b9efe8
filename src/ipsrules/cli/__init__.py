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
import gc
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import Final

from ipsrules.exceptions import LoadError, MissingPackageError

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

# The subcommands, in the order `ipsrules --help` lists them, by the module of each.
_COMMANDS: Final = {
    "check": "_check",
    "feed": "_feed",
    "outcomes": "_outcomes",
    "fidelity": "_fidelity",
    "quality": "_quality",
    "template": "_template",
    "serve": "_serve",
    "links": "_serve",
}


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """
    The parser of *argv*: given a subcommand's name, only that subcommand's, so that a
    command imports only what it runs (``check`` loads no calendar, fidelity or outcomes
    code); otherwise, for ``--help`` or a usage error, every subcommand's.
    """
    parser = argparse.ArgumentParser(
        prog="ipsrules",
        description="The rules of IPS supported employment: follow-up contacts and their status.",
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show program's version number and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Options of ``ipsrules`` itself take no value: the first word that is not one names
    # the subcommand.
    named = next((word for word in argv if not word.startswith("-")), None)
    wanted = [_COMMANDS[named]] if named in _COMMANDS else _COMMANDS.values()
    for module in dict.fromkeys(wanted):
        importlib.import_module(f"{__name__}.{module}").add_command(commands)
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib import metadata  # 10 ms that no other option needs

        sys.stdout.write(f"{parser.prog} {metadata.version('ipsrules')}\n")
        parser.exit()


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


COLLECTOR_THRESHOLDS: Final = (200_000, 30, 30)
"""
The thresholds of Python's cycle collector while a command runs (`gc.set_threshold`):
those that mypy sets for the same reason.
"""


@contextlib.contextmanager
def _collect_less_often() -> Iterator[None]:
    """
    Run Python's cycle collector less often while a command runs, then restore what was set.

    A command builds a programme of up to millions of objects, which live until it ends.
    By default the collector runs after every 700 new objects and, every so often, walks
    all that live ones again: a tenth of `ipsrules check` on 10,000 participants, to find
    no garbage. Like the handler of `_terminate_cleanly`, this is the command line's choice
    for its own process, made in the main thread only; the library sets nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = gc.get_threshold()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


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
        with _terminate_cleanly(), _collect_less_often():
            return _run(argv)
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        say("terminated")
        return EXIT_TERMINATED


def _run(argv: Sequence[str] | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = _parser(argv)
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
