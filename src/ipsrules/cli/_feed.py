"""
``ipsrules feed``: the follow-ups as an iCalendar feed, for a whole service, one specialist
or one participant, or one file per specialist with ``--split``.

It is what a nightly job runs to refresh the feeds that specialists' calendars subscribe to.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ipsrules._atomic import Batch
from ipsrules._locale import FEED_LABELS, LOCALES
from ipsrules._model import Programme
from ipsrules._validators import date_problem
from ipsrules.exceptions import UnknownRecordError, ValidationError
from ipsrules.feeds import Disclosure, FeedState, Include, feed_bytes, iter_feed, write_feed

from ._common import (
    InputError,
    add_file_argument,
    add_secret_argument,
    cannot_write,
    check_specialist,
    feed_secret,
    is_standard_output,
    parse_date,
    read_programme,
    today_in,
)

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
            "clients subscribe to: one all-day event per follow-up window still to do or "
            "missed, and one on the day each follow-up was done in the last two weeks, with "
            "its status on a day (by default today). Events carry participant codes only, "
            "unless --disclose says otherwise; UIDs are keyed by a secret kept in a file (see "
            "--secret-file)."
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
        help="write the feed to this file (replaced atomically; '-' is standard output)",
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
    add_secret_argument(feed)
    feed.add_argument(
        "--locale",
        choices=LOCALES,
        default="en",
        help="the language of the feed's texts: en (English, the default) or sv (Swedish)",
    )
    feed.add_argument(
        "--state",
        metavar="FILE",
        help=(
            "a file that remembers each event's SEQUENCE from one run to the next, so that it "
            "never goes down when records are corrected; made if it does not exist, and "
            "rewritten (atomically) after the feeds are written"
        ),
    )
    feed.add_argument(
        "--full",
        action="store_true",
        help=(
            "show every done follow-up over its whole window, however old, and alarms on due "
            "windows too (by default done follow-ups are shown on the day they were done, for "
            "two weeks, and only windows still ahead have alarms)"
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
        "locale": arguments.locale,
        "full": arguments.full,
    }
    check_specialist(programme, arguments.specialist)
    options["specialist_id"] = arguments.specialist
    options["participant_id"] = arguments.participant
    state_path = None if arguments.state is None else Path(arguments.state)
    state = None if state_path is None else _state(state_path)
    options["state"] = state
    options["uid_secret"] = feed_secret(arguments.secret_file)
    try:
        if arguments.split is not None:
            _split(programme, Path(arguments.split), options)
        elif not is_standard_output(arguments.output):
            _write(Path(arguments.output), programme, options)
        elif state is not None:
            # The state is saved once the whole feed is made, so it is built before printing.
            data = feed_bytes(programme, **options)
            _save(state, state_path)
            return data
        else:
            # Everything is checked before the first piece, so printing cannot fail halfway.
            return iter_feed(programme, **options)
    except (UnknownRecordError, ValidationError) as error:
        raise InputError(str(error)) from None
    if state is not None:
        _save(state, state_path)
    return b""


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
    problem = date_problem(moment)
    if problem is not None:
        raise InputError(f"--generated-at: {problem}")
    return moment


def _state(path: Path) -> FeedState:
    """The SEQUENCE state in *path*, or a new one if there is no such file yet."""
    try:
        return FeedState.load(path, missing_ok=True)
    except OSError as error:
        msg = f"--state: cannot read {str(path)!r} ({error.strerror or error})"
        raise InputError(msg) from None


def _save(state: FeedState, path: Path | None) -> None:
    assert path is not None
    try:
        state.save(path)
    except OSError as error:
        msg = f"--state: cannot write {str(path)!r} ({error.strerror or error})"
        raise InputError(msg) from None


def _write(path: Path, programme: Programme, options: dict[str, Any]) -> None:
    try:
        write_feed(path, programme, **options)
    except OSError as error:
        raise cannot_write(path, error) from None


def _split(programme: Programme, folder: Path, options: dict[str, Any]) -> None:
    """
    One feed per specialist, and one for the follow-ups that belong to no specialist: every
    feed is made and checked, each into a temporary file, before the first replaces its old
    file.
    """
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
    private = options["disclose"] != Disclosure.NONE
    path = folder
    try:
        with Batch() as batch:
            for specialist_id, file_name in files.items():
                path = folder / file_name
                feed = iter_feed(programme, **{**options, "specialist_id": specialist_id})
                batch.add(path, feed, private=private)
            options.update(
                specialist_id=None,
                unassigned=True,
                name=FEED_LABELS[options["locale"]]["calendar.unassigned"],
            )
            path = folder / UNASSIGNED
            batch.add(path, iter_feed(programme, **options), private=private)
    except OSError as error:
        raise cannot_write(path, error) from None
