"""
``ipsrules feed``: the follow-ups as an iCalendar feed, for a whole service, one specialist
or one participant, or one file per specialist with ``--split``.

It is what a nightly job runs to refresh the feeds that specialists' calendars subscribe to.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ipsrules._model import Programme
from ipsrules.exceptions import UnknownRecordError, ValidationError
from ipsrules.feeds import Disclosure, Include, iter_feed, write_feed

from ._common import (
    InputError,
    add_file_argument,
    check_specialist,
    parse_date,
    read_programme,
    today_in,
)

SECRET_VARIABLE = "IPSRULES_UID_SECRET"
"""The environment variable that may hold the UID secret, as text."""

UNASSIGNED = "unassigned.ics"
"""The file of ``--split`` for the follow-ups that belong to no specialist."""

_DISCLOSURES = {
    "specialist-name": Disclosure.SPECIALIST_NAME,
    "employer-name": Disclosure.EMPLOYER_NAME,
}


def add_command(commands: Any) -> None:
    """Add ``feed`` to the subcommands of ``ipsrules``."""
    feed = commands.add_parser(
        "feed",
        help="write the follow-ups as an iCalendar feed",
        description=(
            "Write the follow-ups of a programme as an iCalendar (.ics) feed that calendar "
            "clients subscribe to: one all-day event per follow-up window, with its status on "
            "a day (by default today). Events carry participant codes only, unless --disclose "
            "says otherwise."
        ),
    )
    add_file_argument(feed)
    feed.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the day to judge statuses on (default: today in the programme's time zone)",
    )
    feed.add_argument(
        "--until",
        metavar="YYYY-MM-DD",
        help="leave out follow-ups whose window opens after this day",
    )
    who = feed.add_mutually_exclusive_group()
    who.add_argument(
        "--specialist",
        metavar="ID",
        help=(
            "only the follow-ups of the participants this employment specialist is "
            "responsible for (on the day the window is judged: today while it is open)"
        ),
    )
    who.add_argument("--participant", metavar="ID", help="only this participant")
    where = feed.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--output",
        metavar="OUT.ics",
        help="write the feed to this file (atomically) instead of standard output",
    )
    where.add_argument(
        "--split",
        metavar="DIR",
        help=(
            "write one feed per specialist into DIR, as specialist-<ID>.ics (the id "
            "percent-encoded), and one for the follow-ups that belong to no specialist, "
            f"{UNASSIGNED}"
        ),
    )
    feed.add_argument(
        "--uid-secret-file",
        metavar="FILE",
        help=(
            "a file holding the secret key from which event UIDs are made (a trailing line end "
            f"is ignored); default: the environment variable {SECRET_VARIABLE}, else a public "
            "key that makes stable but guessable UIDs"
        ),
    )
    feed.add_argument(
        "--omit-met",
        action="store_true",
        help="leave out met follow-ups (by default they are shown as done)",
    )
    feed.add_argument(
        "--disclose",
        nargs="+",
        action="extend",
        choices=sorted(_DISCLOSURES),
        metavar="DETAIL",
        help=(
            "personal details to add to the participant codes, any of "
            + ", ".join(sorted(_DISCLOSURES))
            + " (default: none)"
        ),
    )
    feed.add_argument(
        "--generated-at",
        metavar="DATETIME",
        help=(
            "the moment written as DTSTAMP, ISO 8601 with a UTC offset (default: now); the same "
            "input and moment give the same bytes"
        ),
    )
    feed.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> bytes | Iterable[bytes]:
    """
    The feed that ``ipsrules feed`` prints, in pieces (see `iter_feed`), or nothing when it
    writes files; either way the feed is streamed, never whole in memory.
    """
    programme = read_programme(arguments.file)
    options: dict[str, Any] = {
        "today": today_in(arguments.today, programme),
        "until": None if arguments.until is None else parse_date("--until", arguments.until),
        "include": Include.NONE if arguments.omit_met else Include.MET,
        "disclose": _disclosure(arguments.disclose or ()),
        "generated_at": _generated_at(arguments.generated_at),
        "uid_secret": _uid_secret(arguments.uid_secret_file),
    }
    check_specialist(programme, arguments.specialist)
    options["specialist_id"] = arguments.specialist
    options["participant_id"] = arguments.participant
    try:
        if arguments.split is not None:
            _split(programme, Path(arguments.split), options)
            return b""
        if arguments.output is not None:
            _write(Path(arguments.output), programme, options)
            return b""
        # Everything is checked before the first piece, so printing cannot fail halfway.
        return iter_feed(programme, **options)
    except (UnknownRecordError, ValidationError) as error:
        raise InputError(str(error)) from None


def _disclosure(names: Any) -> Disclosure:
    disclose = Disclosure.NONE
    for name in names:
        disclose |= _DISCLOSURES[name]
    return disclose


def _generated_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        msg = f"--generated-at: expected an ISO 8601 date and time, got {value!r}"
        raise InputError(msg) from None
    if moment.utcoffset() is None:
        msg = f"--generated-at: {value!r} has no UTC offset; add one, such as Z or +01:00"
        raise InputError(msg)
    return moment


def _uid_secret(path: str | None) -> bytes | None:
    """The secret from ``--uid-secret-file``, else from the environment, else ``None``."""
    if path is not None:
        try:
            secret = Path(path).read_bytes().rstrip(b"\r\n")
        except OSError as error:
            msg = f"--uid-secret-file: cannot read {path!r} ({error.strerror or error})"
            raise InputError(msg) from None
        if not secret:
            msg = f"--uid-secret-file: {path!r} is empty"
            raise InputError(msg)
        return secret
    text = os.environ.get(SECRET_VARIABLE)
    if text is None:
        return None
    if not text:
        msg = f"the environment variable {SECRET_VARIABLE} is set but empty"
        raise InputError(msg)
    return text.encode("utf-8", "surrogateescape")


def _write(path: Path, programme: Programme, options: dict[str, Any]) -> None:
    try:
        write_feed(path, programme, **options)
    except OSError as error:
        msg = f"cannot write {str(path)!r} ({error.strerror or error})"
        raise InputError(msg) from None


def _split(programme: Programme, folder: Path, options: dict[str, Any]) -> None:
    """One feed per specialist, and one for the follow-ups that belong to no specialist."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        msg = f"--split: cannot create {str(folder)!r} ({error.strerror or error})"
        raise InputError(msg) from None
    files = {
        specialist.id: f"specialist-{quote(specialist.id, safe='')}.ics"
        for specialist in programme.specialists
    }
    # Ids that differ only in case would share a file where names ignore case (macOS, Windows).
    seen: dict[str, str] = {}
    for specialist_id, file_name in files.items():
        other = seen.setdefault(file_name.casefold(), specialist_id)
        if other != specialist_id:
            msg = (
                f"--split: specialists {other!r} and {specialist_id!r} would share the file "
                f"{file_name!r} on a file system that ignores case"
            )
            raise InputError(msg)
    # Each follow-up goes to the feed of the specialist it belongs to on its deciding day
    # (a handover moves it), or to the unassigned feed; each feed checks only the
    # participants who may have follow-ups in it.
    options = {**options, "participant_id": None}
    for specialist_id, file_name in files.items():
        _write(folder / file_name, programme, {**options, "specialist_id": specialist_id})
    options.update(specialist_id=None, unassigned=True, name="IPS follow-ups: no specialist")
    _write(folder / UNASSIGNED, programme, options)
