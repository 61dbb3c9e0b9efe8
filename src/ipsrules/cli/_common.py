"""
What every ``ipsrules`` command shares: reading the programme, the day to judge on,
writing the output, and the one error type that ends a command with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from ipsrules._atomic import write_atomically
from ipsrules._model import Programme
from ipsrules._period import Period
from ipsrules._quality import quality, quality_mention
from ipsrules._reading import read_text
from ipsrules._sample import sample_programme
from ipsrules._secret import SECRET_FILE_VARIABLE, default_secret_path, load_secret
from ipsrules._validators import date_problem
from ipsrules.exceptions import LoadError
from ipsrules.formats import load_path, loads

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as a command killed by SIGINT: 128 + 2
EXIT_BROKEN_PIPE = 141  # as a command killed by SIGPIPE: 128 + 13
EXIT_TERMINATED = 143  # as a command killed by SIGTERM: 128 + 15

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InputError(Exception):
    """Input a command cannot use; its message is shown after ``ipsrules: error:``."""


def add_file_argument(command: argparse.ArgumentParser) -> None:
    """The optional programme FILE that every command reads (default: the bundled sample)."""
    command.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=(
            "a programme file (JSON, or an Excel workbook ending in .xlsx) or a folder of CSV "
            "files; '-' reads JSON from standard input; default: the bundled sample"
        ),
    )


def read_programme(file: str | None, *, mention_quality: bool = True) -> Programme:
    """
    The programme in *file* (JSON, a workbook ending in ``.xlsx``, or a folder of CSV
    files), standard input for ``-``, or the bundled sample for ``None``.

    When *mention_quality*, a programme read from a file or standard input that has
    data-quality findings (`ipsrules.quality`) is mentioned on standard error, in one line
    that says how many and how to list them; the bundled sample is made up, and is not.
    """
    if file is None:
        return sample_programme()
    programme = loads(read_stdin(), source=STDIN) if file == "-" else load_path(file)
    if mention_quality:
        mention = quality_mention(quality(programme), file)
        if mention is not None:
            print(f"ipsrules: {mention}", file=sys.stderr)
    return programme


STDIN = "<stdin>"
"""What errors call standard input."""


def read_stdin() -> str:
    """
    Standard input as UTF-8 text, read as bytes (never through surrogate escapes), bounded
    as files are.
    """
    stream = sys.stdin
    if stream is None or stream.closed:
        raise LoadError(STDIN, "standard input is closed; give a FILE instead of '-'")
    try:
        binary = getattr(stream, "buffer", None)
        if binary is None:  # a text stream put in place by an application: already decoded
            return str(stream.read())
        return read_text(binary, STDIN)
    except OSError as exc:
        raise LoadError(STDIN, f"cannot read standard input: {exc.strerror or exc}") from exc


def add_period_arguments(command: argparse.ArgumentParser, *, first: str, last: str) -> None:
    """``--from`` and ``--to``, the first and last day of a period; read them with `period`."""
    command.add_argument("--from", dest="start", metavar="YYYY-MM-DD", required=True, help=first)
    command.add_argument("--to", dest="end", metavar="YYYY-MM-DD", required=True, help=last)


def period(arguments: argparse.Namespace) -> Period:
    """The days of ``--from`` and ``--to``; an `InputError` when either is bad or *to* is first."""
    start = parse_date("--from", arguments.start)
    end = parse_date("--to", arguments.end)
    if end < start:
        msg = f"--to: {end.isoformat()} is before --from {start.isoformat()}"
        raise InputError(msg)
    return Period(start, end)


def parse_date(option: str, value: str) -> date:
    """
    A ``YYYY-MM-DD`` option value within the days records may name, or an `InputError`
    that names the *option*.
    """
    if _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            msg = f"{option}: {value!r} is not a date ({error})"
            raise InputError(msg) from None
        problem = date_problem(day)
        if problem is not None:
            raise InputError(f"{option}: {problem}")
        return day
    msg = f"{option}: expected a date as YYYY-MM-DD, got {value!r}"
    raise InputError(msg)


def today_in(value: str | None, programme: Programme) -> date:
    """The ``--today`` option, or today in the programme's time zone when it is absent."""
    if value is None:
        return datetime.now(programme.zone).date()
    return parse_date("--today", value)


def check_specialist(programme: Programme, specialist_id: str | None) -> None:
    """Refuse a ``--specialist`` that the programme does not have, listing those it has."""
    if specialist_id is None:
        return
    known = [specialist.id for specialist in programme.specialists]
    if specialist_id not in known:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        msg = f"unknown specialist {specialist_id!r} (the programme has: {shown or 'none'})"
        raise InputError(msg)


def say(message: str) -> None:
    """Print ``ipsrules: <message>`` on standard error, if there is one to print on."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):
        print(f"ipsrules: {message}", file=sys.stderr, flush=True)


def write(output: str | bytes | Iterable[bytes]) -> int:
    """
    Write *output* to standard output; a closed pipe (``| head``) is not an error.

    Text goes through ``sys.stdout``; bytes (a calendar feed, whose CRLF line ends must
    survive), or pieces of bytes written as they come, go to its binary buffer unchanged.
    A standard output that was closed before the command started (``>&-``), or that cannot
    take the bytes (a full disk), is an `InputError`.
    """
    if not output:
        return EXIT_OK  # nothing to print: written to a file
    if sys.stdout is None:
        msg = "standard output is closed; nothing was written"
        raise InputError(msg)
    try:
        # Line by line: one large write to a pipe that closes can end short without an error.
        if isinstance(output, str):
            for line in output.splitlines(keepends=True):
                sys.stdout.write(line)
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            pieces = output.splitlines(keepends=True) if isinstance(output, bytes) else output
            for piece in pieces:
                sys.stdout.buffer.write(piece)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        # Python would flush again at exit and complain: point stdout at devnull first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        msg = f"cannot write to standard output ({error.strerror or error})"
        raise InputError(msg) from None
    return EXIT_OK


def is_standard_output(path: str | None) -> bool:
    """Whether ``-o`` names standard output: absent, or ``-``."""
    return path is None or path == "-"


def cannot_write(path: str | os.PathLike[str], error: OSError) -> InputError:
    """The one line that says why *path* could not be written."""
    return InputError(f"{os.fspath(path)}: cannot write the file ({error.strerror or error})")


def write_file(path: str | os.PathLike[str], output: str | bytes) -> None:
    """
    Write a command's output to the file *path* (``-o``), whole or not at all.

    Text is written as UTF-8; what the path may name is in ``docs/limits.md`` ("Writes").
    A file that cannot be written is an `InputError` naming it, and *path* is then left as
    it was.
    """
    data = output.encode("utf-8") if isinstance(output, str) else output
    try:
        write_atomically(path, data)
    except OSError as error:
        raise cannot_write(path, error) from None


def add_secret_argument(command: argparse.ArgumentParser) -> None:
    """``--secret-file``, the file of the secret that feed UIDs are made from; see `feed_secret`."""
    command.add_argument(
        "--secret-file",
        metavar="FILE",
        help=(
            "the file that keeps the secret from which event UIDs are made, readable by its "
            "owner only; made with a new random secret if it does not exist (default: "
            f"${SECRET_FILE_VARIABLE}, else $XDG_CONFIG_HOME/ipsrules/feed-secret, else "
            "~/.config/ipsrules/feed-secret)"
        ),
    )


def feed_secret(path: str | None) -> bytes:
    """
    The secret from the secret file, which is made with a new secret if there is none: the
    command line never writes UIDs that anyone could compute.
    """
    file = Path(path) if path is not None else default_secret_path(os.environ)
    try:
        secret, made = load_secret(file)
    except OSError as error:
        msg = f"secret file {str(file)!r}: {error.strerror or error}"
        raise InputError(msg) from None
    if made:
        print(
            f"ipsrules: made a new feed secret in {str(file)!r} (readable by you only). Event "
            "UIDs are made from it: keep it, back it up, and give the same file to every "
            "machine that writes these feeds.",
            file=sys.stderr,
        )
    return secret
