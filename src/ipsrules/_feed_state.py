"""
What a publisher remembers of the feeds it wrote, so that an event's SEQUENCE never goes back.

A feed is a snapshot that knows nothing of yesterday's, but a calendar client keeps the
copy of an event with the highest SEQUENCE. When records are corrected (a contact deleted,
face to face changed to phone), a follow-up can go back to an earlier status, and a
SEQUENCE taken from the status would go back too. A `FeedState` remembers, for each UID,
the SEQUENCE last written and a digest of the event's content: an event written again
keeps its SEQUENCE while its content is the same, and gets the next one when it changes.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime

from ._atomic import write_atomically
from ._ical_writer import FeedEvent
from ._reading import aware_moment
from .exceptions import LoadError, ValidationError

_FORMAT = "ipsrules-feed-state"
_VERSION = 1


class FeedState:
    """
    SEQUENCE numbers and content digests by UID, and the DTSTAMP of the latest feed.

    Give the same state to every feed of a series (one per night, say) and keep it between
    runs with `save` and `load`. A UID that the state has not seen starts at the SEQUENCE
    that the event's status gives (0 to 3), so that a feed published before without a state
    never sees its numbers go down. Events that leave a feed stay in the state, so one
    that comes back (a deleted contact restored) goes on from its last number.
    """

    def __init__(self) -> None:
        self._events: dict[str, tuple[int, str]] = {}
        self._stamp: datetime | None = None

    def __len__(self) -> int:
        """How many UIDs the state remembers."""
        return len(self._events)

    @property
    def stamp(self) -> datetime | None:
        """The latest DTSTAMP written with this state (UTC), or ``None`` before the first."""
        return self._stamp

    def sequence(self, uid: str) -> int | None:
        """The SEQUENCE last written for *uid*, or ``None`` if it was never written."""
        known = self._events.get(uid)
        return None if known is None else known[0]

    def begin(self, stamp: datetime, record: str) -> None:
        """
        Start a feed whose DTSTAMP is *stamp* (in UTC).

        Raises:
            ValidationError: *stamp* is earlier than the latest feed's, which would make
                a client take the new feed's events for older ones.
        """
        if self._stamp is not None and stamp < self._stamp:
            reason = (
                f"{stamp.isoformat()} is earlier than the DTSTAMP of the latest feed written "
                f"with this state ({self._stamp.isoformat()}); is a clock wrong?"
            )
            raise ValidationError(record, "generated_at", reason)
        self._stamp = stamp

    def settle(self, event: FeedEvent) -> int:
        """The SEQUENCE of *event*, remembered with its content."""
        digest = _digest(event)
        known = self._events.get(event.uid)
        if known is None:
            sequence = event.sequence
        elif known[1] == digest:
            return known[0]
        else:
            sequence = known[0] + 1
        self._events[event.uid] = (sequence, digest)
        return sequence

    def to_json(self) -> str:
        """The state as JSON text, as `save` writes it."""
        document = {
            "format": _FORMAT,
            "version": _VERSION,
            "stamp": None if self._stamp is None else self._stamp.isoformat(),
            "events": {uid: [sequence, digest] for uid, (sequence, digest) in self._events.items()},
        }
        return json.dumps(document, indent=0, sort_keys=True) + "\n"

    def save(self, path: str | os.PathLike[str]) -> None:
        """
        Write the state to *path*, replacing the file atomically.

        Raises:
            OSError: The file cannot be written; *path* is then unchanged.
        """
        write_atomically(path, self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, missing_ok: bool = False) -> FeedState:
        """
        The state that `save` wrote to *path*; with *missing_ok*, a new state when there is
        no such file yet (the first run of a series of feeds).

        Raises:
            FileNotFoundError: There is no such file, and not *missing_ok*.
            LoadError: The file does not hold a state; it names the file and the field.
            OSError: The file cannot be read.
        """
        where = os.fspath(path)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except FileNotFoundError:
            if missing_ok:
                return cls()
            raise
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise LoadError(where, f"not a feed state (not JSON: {error})") from None
        if not isinstance(document, dict) or document.get("format") != _FORMAT:
            raise LoadError(where, f"not a feed state: its 'format' is not {_FORMAT!r}")
        if document.get("version") != _VERSION:
            reason = f"version {document.get('version')!r} of the feed state is not known"
            raise LoadError(where, reason, field="version")
        state = cls()
        stamp = document.get("stamp")
        if stamp is not None:
            moment = aware_moment(stamp)
            if moment is None:
                reason = f"expected an ISO 8601 moment with a UTC offset, got {stamp!r}"
                raise LoadError(where, reason, field="stamp")
            state._stamp = moment
        events = document.get("events")
        if not isinstance(events, dict):
            raise LoadError(where, "expected an object of UIDs", field="events")
        for uid, value in events.items():
            if not (
                isinstance(value, list)
                and len(value) == 2
                and type(value[0]) is int
                and value[0] >= 0
                and isinstance(value[1], str)
            ):
                reason = f"expected [SEQUENCE, digest], got {value!r}"
                raise LoadError(where, reason, record=f"UID {uid!r}", field="events")
            state._events[uid] = (value[0], value[1])
        return state


def _digest(event: FeedEvent) -> str:
    """A digest of what a client shows of *event*: all of it but its DTSTAMP and SEQUENCE."""
    content = "\x1f".join(
        (
            event.first_day.isoformat(),
            event.day_after.isoformat(),
            event.summary,
            event.description,
            "\x1e".join(event.categories),
            "" if event.alarm is None else str(event.alarm.total_seconds()),
        )
    )
    return hashlib.blake2b(content.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
