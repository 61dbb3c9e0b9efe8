"""
Calendar feeds: follow-ups as iCalendar (RFC 5545) events that calendar clients subscribe to.

This is the only module that knows the ``icalendar`` package; the rules and the records
know nothing of calendars. A feed is a snapshot of what `check` says on a day: one
all-day event per follow-up that is still to do, missed, or recently done, with a UID that
never changes for the same follow-up, so a client that fetches the feed every night updates
its events instead of duplicating them.

By default an event carries the participant's pseudonymous code and nothing else about a
person; names of specialists and employers are added only when asked for with `Disclosure`.
UIDs are keyed hashes under a secret that the caller holds (`PUBLIC` only for tests and
demos), so a UID tells nobody whose event it is. The texts are in English or Swedish.

Each follow-up shown becomes one `FeedEvent`, and one writer, `_ical_writer`, writes the
events directly, one at a time, many times faster than `icalendar` objects and in little
memory: `iter_feed`, `feed_bytes` and `write_feed` give its text, and `to_calendar` gives
`icalendar`'s reading of it, for an application that adds to the calendar.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import Enum, Flag, auto
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDuration, vText

from ._atomic import write_chunks_atomically
from ._feed_state import FeedState
from ._ical_writer import FeedEvent, calendar_chunks, escape_text
from ._locale import FEED_CONTACT_WORDS, FEED_LABELS, check_locale
from ._matching import Result, Status, results_with
from ._model import ContactMode, Job, Party, Programme
from ._responsibility import responsible_for
from .exceptions import UnknownRecordError, ValidationError
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "DONE_HORIZON",
    "MIN_SECRET_BYTES",
    "PRODID",
    "PUBLIC",
    "PUBLIC_UID_KEY",
    "UID_DOMAIN",
    "Disclosure",
    "FeedState",
    "Include",
    "Public",
    "event_uid",
    "feed_bytes",
    "iter_feed",
    "to_calendar",
    "write_feed",
]


class Include(Flag):
    """
    Which follow-ups a feed shows besides those still to be done.

    Upcoming and due follow-ups are always in a feed, and so are missed ones (marked
    ``Missed:``): a missed contact must stay in sight. Waived follow-ups never are.
    """

    NONE = 0
    """Only upcoming, due and missed follow-ups."""
    MET = auto()
    """Also met follow-ups, marked ``Done:`` (the default): those done within the feed's
    *done_horizon*, or all of them with ``full=True``."""


class Disclosure(Flag):
    """
    Personal details a feed may carry beyond the participant's code: each is an opt-in.

    Feeds are copied into third-party calendar services (Google fetches them from its own
    servers, Apple keeps subscriptions in iCloud), so by default they carry nothing but
    pseudonymous codes. Set a flag only when the feed's readers may see that detail.
    """

    NONE = 0
    """Codes only (the default)."""
    SPECIALIST_NAME = auto()
    """The name of the employment specialist a follow-up belongs to (the one responsible
    on its deciding day), in the description, and the calendar's name."""
    EMPLOYER_NAME = auto()
    """The employer's name, in the description of a follow-up of a job."""


class Public(Enum):
    """The type of `PUBLIC`, the explicit choice of UIDs that anyone can compute."""

    PUBLIC = "public"


PUBLIC: Final = Public.PUBLIC
"""
Give ``uid_secret=PUBLIC`` for UIDs under `PUBLIC_UID_KEY`, a key written in this source:
stable, but anyone who can guess a programme's and a participant's codes can compute them
and so tell whose event a UID is. For tests, examples and demos only, never for a feed that
leaves your hands.
"""

PUBLIC_UID_KEY = b"ipsrules public UID key, version 1"
"""The key of ``uid_secret=PUBLIC``; public, so its UIDs hide nothing."""

MIN_SECRET_BYTES = 16
"""The shortest *uid_secret* accepted: 128 bits. ``secrets.token_bytes(32)`` makes a good one."""

DONE_HORIZON = timedelta(days=14)
"""How long a done follow-up stays in a feed after the contact that met it: two weeks."""

UID_DOMAIN = "ipsrules"
"""The part of every UID after ``@``: not a host name, so it names no service."""

PRODID = "-//ipsrules//IPS follow-ups//EN"
"""The PRODID of every feed: it names the product, not its version, so an upgrade alone
changes no byte."""

# SEQUENCE when no `FeedState` is given, and where a state starts a UID it has not seen.
# Statuses move from upcoming to due to met or missed (and from missed to met when a contact
# is logged late), so this order makes the usual changes raise it.
_SEQUENCE = {Status.UPCOMING: 0, Status.DUE: 1, Status.MISSED: 2, Status.MET: 3}
# What every feed shows: the follow-ups still to do, and those missed.
_SHOWN: Final = frozenset({Status.UPCOMING, Status.DUE, Status.MISSED})


def to_calendar(
    programme: Programme,
    *,
    uid_secret: bytes | Public,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    unassigned: bool = False,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
    full: bool = False,
    done_horizon: timedelta = DONE_HORIZON,
    state: FeedState | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> Calendar:
    """
    The follow-ups of *programme* as an iCalendar feed, with their status on *today*.

    Args:
        programme: The records.
        uid_secret: The key from which event UIDs are made: at least 16 bytes that the
            service keeps secret and keeps using (``secrets.token_bytes(32)``), or `PUBLIC`
            for tests and demos. It has no default, so that no feed is keyed by accident.
        today: The day on which statuses are judged (default: today in the programme's
            time zone).
        specialist_id: Only the follow-ups that belong to this employment specialist: those
            of participants the specialist is responsible for on the follow-up's deciding
            day (today while its window is open, the day it opens before that, the day it
            closed after), so a handover moves a follow-up to the new specialist's feed.
        participant_id: Only this participant.
        unassigned: Only the follow-ups that belong to no specialist: nobody was
            responsible for the participant on the deciding day.
        until: Leave out follow-ups whose window opens after this day.
        include: Which follow-ups to show besides upcoming, due and missed ones.
        disclose: Which personal details to add to the codes; none by default.
        name: The calendar's name (default: ``IPS follow-ups`` and the specialist's or
            participant's code, in *locale*).
        generated_at: The moment written as every event's DTSTAMP (an aware datetime;
            default: now). The same programme and *generated_at* give the same bytes.
        locale: The language of every text: ``"en"`` (the default) or ``"sv"``.
        full: Show what feeds showed before 0.x's defaults: every done follow-up as a bar
            over its whole window, however old, and alarms on due windows too.
        done_horizon: How long a done follow-up stays after the day of the contact that
            met it (default `DONE_HORIZON`); it is then shown on that day only.
        state: SEQUENCE numbers remembered from earlier feeds, updated as events are
            written; without one, SEQUENCE follows the status and can go down when a record
            is corrected.
        rules: The rule set to apply.
        refresh_interval: How often clients should fetch the feed again.

    Raises:
        UnknownRecordError: *specialist_id* or *participant_id* is not in the programme.
        UnknownLocaleError: There are no feed texts in *locale*.
        ValidationError: An option has a value that cannot be used (a *uid_secret* of
            ``None``, say), a code or disclosed name in the feed holds a character that a
            feed cannot carry, or *generated_at* is earlier than *state*'s latest feed.
    """
    feed = _Feed(
        programme,
        uid_secret=uid_secret,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        unassigned=unassigned,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        locale=locale,
        full=full,
        done_horizon=done_horizon,
        state=state,
        rules=rules,
        refresh_interval=refresh_interval,
    )
    calendar = Calendar.from_ical(b"".join(_chunks(feed, feed.results())))
    # icalendar reads these as properties it does not know, holding their text as written
    # (escaped): give them the types in which they were written.
    calendar["NAME"] = vText(feed.name)
    calendar["X-WR-CALNAME"] = vText(feed.name)
    calendar["X-WR-TIMEZONE"] = vText(feed.timezone)
    calendar["X-PUBLISHED-TTL"] = vDuration(feed.refresh_interval)
    return calendar


def iter_feed(
    programme: Programme,
    *,
    uid_secret: bytes | Public,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    unassigned: bool = False,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
    full: bool = False,
    done_horizon: timedelta = DONE_HORIZON,
    state: FeedState | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> Iterator[bytes]:
    """
    The feed of `to_calendar` (which see for the arguments), serialised piece by piece.

    The calendar's header comes first, then each event on its own, then the line that ends
    the calendar: joined, they are `feed_bytes`. Only one event is written at a time, so a
    feed can go to a file or an HTTP response without ever being whole in memory. A
    *state* is updated as each event is handed on.

    Every option, code and disclosed name is checked here, before the first piece, so a
    feed that has begun to stream is never broken off by bad input.

    Raises:
        UnknownRecordError: *specialist_id* or *participant_id* is not in the programme.
        ValidationError: As for `to_calendar`.
    """
    feed = _Feed(
        programme,
        uid_secret=uid_secret,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        unassigned=unassigned,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        locale=locale,
        full=full,
        done_horizon=done_horizon,
        state=state,
        rules=rules,
        refresh_interval=refresh_interval,
    )
    return _chunks(feed, feed.results())


def feed_bytes(
    programme: Programme,
    *,
    uid_secret: bytes | Public,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    unassigned: bool = False,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
    full: bool = False,
    done_horizon: timedelta = DONE_HORIZON,
    state: FeedState | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> bytes:
    """
    The feed of `to_calendar` (which see for the arguments), serialised.

    It is the join of `iter_feed`, and the same bytes as ``to_calendar(...).to_ical()``,
    written without building the `icalendar` objects.

    Returns:
        UTF-8 bytes with CRLF line ends and lines folded at 75 octets, ready to serve as
        ``text/calendar; charset=utf-8``.
    """
    # Each piece goes into one growing buffer and is then let go. `bytes.join` would hold
    # every piece until the end and then copy them all: twice the feed at its peak.
    feed = io.BytesIO()
    write = feed.write
    for piece in iter_feed(
        programme,
        uid_secret=uid_secret,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        unassigned=unassigned,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        locale=locale,
        full=full,
        done_horizon=done_horizon,
        state=state,
        rules=rules,
        refresh_interval=refresh_interval,
    ):
        write(piece)
    return feed.getvalue()  # the buffer itself, not a copy


def write_feed(
    path: str | os.PathLike[str],
    programme: Programme,
    *,
    uid_secret: bytes | Public,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    unassigned: bool = False,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    locale: str = "en",
    full: bool = False,
    done_horizon: timedelta = DONE_HORIZON,
    state: FeedState | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> None:
    """
    Write the feed of `feed_bytes` to *path*, replacing the file atomically.

    The events are streamed from `iter_feed` into a temporary file that then replaces
    *path*, so the feed is never whole in memory, and a web server that serves the file
    while it is rewritten sends the old feed or the new one, never half of one. A replaced
    file keeps its mode, so a feed made readable by the web server stays so; a new file
    gets the mode the umask allows, or ``0600`` when *disclose* adds personal details. A
    link, a FIFO or a device at *path* is handled as ``docs/limits.md`` ("Writes") says.
    Save a *state* after the feed is written, so that it never runs ahead of a published
    feed.

    Raises:
        OSError: The file cannot be written; *path* is then unchanged.
    """
    chunks = iter_feed(
        programme,
        uid_secret=uid_secret,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        unassigned=unassigned,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        locale=locale,
        full=full,
        done_horizon=done_horizon,
        state=state,
        rules=rules,
        refresh_interval=refresh_interval,
    )
    write_chunks_atomically(path, chunks, private=disclose != Disclosure.NONE)


def event_uid(follow_up_id: str, uid_secret: bytes | Public) -> str:
    """
    The UID of a follow-up's event: a keyed hash of its id, so it shows no code.

    The first 128 bits of HMAC-SHA256 of the id under *uid_secret* (`PUBLIC_UID_KEY` for
    `PUBLIC`), in hex, then ``@ipsrules``.

    Raises:
        ValidationError: *uid_secret* is neither `PUBLIC` nor at least 16 bytes.
    """
    return _Uids(_uid_key(uid_secret))(follow_up_id)


# --- checks -------------------------------------------------------------------

_OPTIONS = "feed options"


def _uid_key(uid_secret: object) -> bytes:
    """The HMAC key of *uid_secret*, once it is checked."""
    if uid_secret is PUBLIC:
        return PUBLIC_UID_KEY
    if not isinstance(uid_secret, bytes):
        reason = (
            f"expected the service's secret as bytes (secrets.token_bytes(32)), or "
            f"ipsrules.feeds.PUBLIC for a test or demo, got {uid_secret!r}"
        )
        raise ValidationError(_OPTIONS, "uid_secret", reason)
    if len(uid_secret) < MIN_SECRET_BYTES:
        reason = (
            f"{len(uid_secret)} bytes is too short to keep UIDs from being guessed; give at "
            f"least {MIN_SECRET_BYTES} random bytes (secrets.token_bytes(32))"
        )
        raise ValidationError(_OPTIONS, "uid_secret", reason)
    return uid_secret


def _check_options(
    today: object,
    until: object,
    generated_at: object,
    full: object,
    done_horizon: object,
    state: object,
    refresh_interval: object,
) -> None:
    for field, value in (("today", today), ("until", until)):
        if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
            raise ValidationError(_OPTIONS, field, f"expected a date, got {value!r}")
    if generated_at is not None:
        if not isinstance(generated_at, datetime):
            reason = f"expected an aware datetime, got {generated_at!r}"
            raise ValidationError(_OPTIONS, "generated_at", reason)
        if generated_at.utcoffset() is None:
            reason = f"{generated_at.isoformat()} has no time zone; give an aware datetime"
            raise ValidationError(_OPTIONS, "generated_at", reason)
    if not isinstance(full, bool):
        raise ValidationError(_OPTIONS, "full", f"expected True or False, got {full!r}")
    if not isinstance(done_horizon, timedelta) or done_horizon < timedelta(0):
        reason = f"expected a timedelta of zero or more, got {done_horizon!r}"
        raise ValidationError(_OPTIONS, "done_horizon", reason)
    if state is not None and not isinstance(state, FeedState):
        raise ValidationError(_OPTIONS, "state", f"expected a FeedState, got {state!r}")
    if not isinstance(refresh_interval, timedelta) or refresh_interval <= timedelta(0):
        reason = f"expected a positive timedelta, got {refresh_interval!r}"
        raise ValidationError(_OPTIONS, "refresh_interval", reason)


# --- building -----------------------------------------------------------------


class _Feed:
    """
    One feed's options, checked and resolved, and its events.

    Everything that could refuse the feed is checked when it is made: the options, and
    every participant code and disclosed name in its scope, so that writing the events
    afterwards cannot fail halfway.
    """

    def __init__(
        self,
        programme: Programme,
        *,
        uid_secret: bytes | Public,
        today: date | None,
        specialist_id: str | None,
        participant_id: str | None,
        until: date | None,
        include: Include,
        disclose: Disclosure,
        name: str | None,
        generated_at: datetime | None,
        locale: str,
        full: bool,
        done_horizon: timedelta,
        state: FeedState | None,
        rules: RuleSet,
        refresh_interval: timedelta,
        unassigned: bool = False,
    ) -> None:
        key = _uid_key(uid_secret)
        _check_options(today, until, generated_at, full, done_horizon, state, refresh_interval)
        self.locale = check_locale(locale)
        if not isinstance(include, Include):
            raise ValidationError(_OPTIONS, "include", f"expected an Include, got {include!r}")
        if not isinstance(disclose, Disclosure):
            reason = f"expected a Disclosure, got {disclose!r}"
            raise ValidationError(_OPTIONS, "disclose", reason)
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                reason = f"expected a non-empty string, got {name!r}"
                raise ValidationError(_OPTIONS, "name", reason)
            name = _feed_text(name, _OPTIONS, "name")
        _known(programme, "specialist", specialist_id)
        _known(programme, "participant", participant_id)
        labels = FEED_LABELS[self.locale]
        self._labels = labels
        self._contact_words = FEED_CONTACT_WORDS[self.locale]
        if not isinstance(unassigned, bool):
            reason = f"expected True or False, got {unassigned!r}"
            raise ValidationError(_OPTIONS, "unassigned", reason)
        if unassigned and specialist_id is not None:
            reason = "asks for the follow-ups of no specialist, but specialist_id is set"
            raise ValidationError(_OPTIONS, "unassigned", reason)
        self.zone = programme.zone
        self.today = datetime.now(self.zone).date() if today is None else today
        self.until = until
        self.rules = rules
        self.stamp = (datetime.now(UTC) if generated_at is None else generated_at).astimezone(UTC)
        self.state = state
        self.name = (
            _default_name(programme, specialist_id, participant_id, disclose, labels)
            if name is None
            else name
        )
        self.timezone = programme.timezone
        self.refresh_interval = refresh_interval
        self.scope = _scope(programme, specialist_id, participant_id, unassigned)
        # Whose follow-ups the feed shows, when it shows one specialist's or nobody's.
        self._owned_by = specialist_id
        self._owned = specialist_id is not None or unassigned
        # Upcoming, due and missed follow-ups are always shown, waived ones never.
        self.include_met = Include.MET in include
        self.full = full
        # A done follow-up is shown while its contact is no older than the horizon.
        self.done_since = self.today - done_horizon
        # An event's texts go to the writer escaped (see `FeedEvent`). Each is made of
        # pieces that are escaped once, as they are cached, and joined escaped: the same as
        # escaping the whole, since no piece but the last ends in a backslash or carriage
        # return, nor does one follow a backslash-N (`_feed_text` leaves no carriage return
        # in a code or a name).
        self._comma = escape_text(", ")
        self._line_end = line_end = escape_text("\n")
        self._status_words = {
            status: (
                sequence,
                escape_text(labels.get(f"prefix.{status.value}", "")),
                None if status is Status.MET else escape_text(labels[f"status.{status.value}"]),
            )
            for status, sequence in _SEQUENCE.items()
        }
        self._categories = {
            (rule, status): (
                labels["category"],
                labels[f"rule.{rule.value}"],
                labels[f"category.{status.value}"],
            )
            for rule in Rule
            for status in Status
        }
        self._rule_set = _feed_text(rules.name, f"RuleSet {rules.name!r}", "name")
        # Caches of texts that many events share.
        self._texts: dict[tuple[Rule, int, date | None, date | None], _Texts] = {}
        self._rule_words: dict[Rule, tuple[str, str, str]] = {}
        self._windows: dict[tuple[date, date], tuple[str, date]] = {}
        self._met_lines: dict[tuple[date, ContactMode], str] = {}
        self._uid = _Uids(key)
        self._jobs = {job.id: job for job in self.scope.jobs}
        self._codes = {pid: escape_text(code) for pid, code in _codes(self.scope).items()}
        specialist_lines, employer_lines = _disclosed_lines(self.scope, disclose, labels)
        # By specialist id: a follow-up names the specialist it belongs to.
        self._specialist_lines = {
            key: line_end + escape_text(line) for key, line in specialist_lines.items()
        }
        self._employer_lines = {
            key: line_end + escape_text(line) for key, line in employer_lines.items()
        }
        # Last, once nothing else can refuse the feed: the state then moves on to it.
        if state is not None:
            state.begin(self.stamp, _OPTIONS)

    def results(self) -> Iterator[Result]:
        """
        The results of `check` on the scope that the feed may show, each dropped once it
        has been handed on: never a waived one, nor a met one that is not shown (`events`).
        """
        shown = _SHOWN | {Status.MET} if self.include_met else _SHOWN
        results = results_with(
            self.scope,
            today=self.today,
            statuses=shown,
            until=self.until,
            rules=self.rules,
            met_since=None if self.full else self.done_since,
        )
        if self._owned:
            scope, today, owner = self.scope, self.today, self._owned_by
            results = [r for r in results if responsible_for(scope, r.follow_up, today) == owner]
        results.reverse()
        while results:
            yield results.pop()

    def events(self, results: Iterable[Result]) -> Iterator[FeedEvent]:
        """The events of *results* that the feed shows, in their order."""
        event = self._event
        met = self.include_met
        full = self.full
        done_since = self.done_since
        zone = self.zone
        state = self.state
        for result in results:
            status = result.status
            if status is Status.WAIVED:
                continue
            if status is Status.MET:
                if not met:
                    continue
                # Done long ago is history, not work: left out unless the feed is full.
                if not full and _done_on(result, zone) < done_since:
                    continue
            shown = event(result)
            if state is not None:
                sequence = state.settle(shown)
                if sequence != shown.sequence:
                    shown = FeedEvent(
                        shown.uid,
                        shown.first_day,
                        shown.day_after,
                        sequence,
                        shown.summary,
                        shown.description,
                        shown.categories,
                        shown.alarm,
                    )
            yield shown

    def _event(self, result: Result) -> FeedEvent:
        follow_up = result.follow_up
        status = result.status
        rule = follow_up.rule
        opens = follow_up.opens
        closes = follow_up.closes
        code = self._codes[follow_up.participant_id]
        job = None if follow_up.job_id is None else self._jobs[follow_up.job_id]
        # Many events share parts of their texts (jobs start on the same days, windows open
        # on the same days): each part is made once, then looked up.
        entered = (
            self.scope.participant(follow_up.participant_id).enrolled_on
            if rule in _USES_ENTERED
            else None
        )
        key = (rule, follow_up.seq, None if job is None else job.start, entered)
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = self._texts_of(rule, follow_up.seq, job, entered)
        title, head, middle, tail = texts
        window = self._windows.get((opens, closes))
        if window is None:
            between = self._labels["window"].format(
                opens=opens.isoformat(), closes=closes.isoformat()
            )
            window = self._windows[opens, closes] = (escape_text(between), closes + _ONE_DAY)
        between, day_after = window
        sequence, prefix, status_line = self._status_words[status]
        first_day = opens
        if status_line is None:
            status_line = self._met_line(result)
            if not self.full and result.met_by:
                # Once done, the follow-up is no more a window of work: it is shown on the
                # day it was done, so done ones do not stack up as bars over weeks.
                first_day = _done_on(result, self.zone)
                day_after = first_day + _ONE_DAY
        description = f"{head}{code}{middle}{between}{tail}{status_line}"
        if self._specialist_lines:
            owner = responsible_for(self.scope, follow_up, self.today)
            specialist = None if owner is None else self._specialist_lines.get(owner)
            if specialist is not None:
                description = f"{description}{specialist}"
        if self._employer_lines and job is not None:
            employer = self._employer_lines.get(job.id)
            if employer is not None:
                description = f"{description}{employer}"
        # An alarm only for a window still ahead: one on a window already open would go off
        # at once, on every refresh of some clients. A full feed keeps one on due windows too.
        alarm = (
            _ALARM_AT if status is Status.UPCOMING or (self.full and status is Status.DUE) else None
        )
        # The fields in their order, not by keyword, which costs a quarter more per event.
        return FeedEvent(
            self._uid(follow_up.id),  # uid
            first_day,
            day_after,
            sequence,
            f"{prefix}{code}: {title}",  # summary
            description,
            self._categories[rule, status],
            alarm,
        )

    def _texts_of(self, rule: Rule, seq: int, job: Job | None, entered: date | None) -> _Texts:
        """
        The summary's words after the code, and the description's words around the code
        and the window: before the code, between the code and the window, and after it up
        to the status line.
        """
        labels = self._labels
        title = labels[f"title.{rule.value}"].format(seq=seq)
        if not rule.needs_contact:
            title = labels["reminder"].format(title=title)
        why = labels[f"why.{rule.value}"].format(
            seq=seq,
            start="" if job is None else job.start.isoformat(),
            months=self.rules.follow_along_months,
            entered=entered,
        )
        words = self._rule_words.get(rule)
        if words is None:
            words = self._rule_words[rule] = self._words(rule)
        before, after, rule_line = words
        comma = self._comma
        return (
            escape_text(title),
            before,
            f"{after}{comma}",
            f"{comma}{escape_text(why)}.{rule_line}",
        )

    def _words(self, rule: Rule) -> tuple[str, str, str]:
        """What a description of *rule* says before the code and after it, and its rule line."""
        labels = self._labels
        line = labels["rule_line"].format(
            rule=labels[f"rule.{rule.value}"], rule_set=self._rule_set
        )
        rule_line = escape_text(f"\n{line}\n")
        if rule.needs_contact:
            requirement = self.rules.requirement(rule)
            needed = _requirement_text(requirement, self._contact_words, self.locale)
            before, after = labels["needs"].split("{code}")
            return escape_text(before), escape_text(after.format(needed=needed)), rule_line
        before, after = labels["reminder_for"].split("{code}")
        return escape_text(before), escape_text(after), rule_line

    def _met_line(self, result: Result) -> str:
        """The status line of a met follow-up: the day and mode of the contact that met it."""
        if not result.met_by:
            return escape_text(self._labels["status.met"])
        met = result.met_by[0]
        # Keyed by the day, not the moment: contacts are many, the days and modes few.
        key = (met.local_date(self.zone), met.mode)
        line = self._met_lines.get(key)
        if line is None:
            contact = _contact_text(met.mode, self._contact_words, self.locale)
            text = self._labels["status.met_by"].format(contact=contact, day=key[0].isoformat())
            line = self._met_lines[key] = escape_text(text)
        return line


# The texts of an event that many events share: the summary's words after the code, and
# the description's before the code, between the code and the window, and after the window.
_Texts = tuple[str, str, str, str]


# The rules whose words name the day the participant entered the service.
_USES_ENTERED = frozenset(
    rule
    for rule in Rule
    if any("{entered}" in FEED_LABELS[locale][f"why.{rule.value}"] for locale in FEED_LABELS)
)

_ONE_DAY = timedelta(days=1)

# Relative to the start of an all-day event: 09:00 on the opening day, in the time zone of
# whoever's calendar shows it. Only what is still ahead has one.
_ALARM_AT = timedelta(hours=9)


def _done_on(result: Result, zone: ZoneInfo) -> date:
    """The day a met follow-up was done: its contact's day, or the window's last day."""
    if result.met_by:
        return result.met_by[0].local_date(zone)
    return result.follow_up.closes


def _known(programme: Programme, kind: str, record_id: str | None) -> None:
    """Refuse a specialist or participant that *programme* does not have."""
    if record_id is None:
        return
    try:
        if kind == "specialist":
            programme.specialist(record_id)
        else:
            programme.participant(record_id)
    except KeyError:
        raise UnknownRecordError(kind, record_id, programme.id) from None


def _codes(scope: Programme) -> dict[str, str]:
    """
    Each participant's code as a feed writes it.

    Every code in the scope is checked, before anything is written, even one that no event
    of the feed would show.
    """
    return {
        participant.id: _feed_text(participant.id, f"Participant {participant.id!r}", "id")
        for participant in scope.participants
    }


def _disclosed_lines(
    scope: Programme, disclose: Disclosure, labels: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """
    The lines that *disclose* adds to descriptions: the specialist's by specialist id, the
    employer's by job id; every name in the scope is checked as `_codes` checks codes.
    """
    specialists: dict[str, str] = {}
    if Disclosure.SPECIALIST_NAME in disclose:
        # Every specialist the scope's participants are ever given to, by enrolment or
        # handover: a follow-up may belong to any of them.
        given_to = {p.specialist_id for p in scope.participants}
        given_to.update(handover.specialist_id for handover in scope.handovers)
        for specialist in scope.specialists:
            if specialist.id in given_to and specialist.name is not None:
                record = f"Specialist {specialist.id!r}"
                shown = _feed_text(specialist.name, record, "name")
                specialists[specialist.id] = labels["specialist"].format(name=shown)
    employers: dict[str, str] = {}
    if Disclosure.EMPLOYER_NAME in disclose:
        for job in scope.jobs:
            if job.employer is not None:
                employer = _feed_text(job.employer, f"Job {job.id!r}", "employer")
                employers[job.id] = labels["employer"].format(name=employer)
    return specialists, employers


def _default_name(
    programme: Programme,
    specialist_id: str | None,
    participant_id: str | None,
    disclose: Disclosure,
    labels: Mapping[str, str],
) -> str:
    parts = [labels["calendar"]]
    if specialist_id is not None:
        specialist = programme.specialist(specialist_id)
        record = f"Specialist {specialist_id!r}"
        if Disclosure.SPECIALIST_NAME in disclose and specialist.name is not None:
            parts.append(_feed_text(specialist.name, record, "name"))
        else:
            code = _feed_text(specialist_id, record, "id")
            parts.append(labels["calendar.specialist"].format(code=code))
    if participant_id is not None:
        record = f"Participant {participant_id!r}"
        code = _feed_text(participant_id, record, "id")
        parts.append(labels["calendar.participant"].format(code=code))
    return ": ".join(parts[:2]) + "".join(f", {part}" for part in parts[2:])


def _scope(
    programme: Programme, specialist_id: str | None, participant_id: str | None, unassigned: bool
) -> Programme:
    """
    The part of *programme* whose follow-ups the feed may show: one specialist's feed then
    keeps those that belong to them on their deciding day, an unassigned feed those that
    belong to nobody.

    A follow-up's id and status depend on its own participant's records alone, so checking
    only those gives the same results as checking everything and filtering afterwards,
    while one specialist's feed costs what their caseload costs.
    """
    if specialist_id is None and participant_id is None and not unassigned:
        return programme
    if specialist_id is not None:
        chosen: Iterable[str] = programme.assigned_participants(specialist_id)
    elif unassigned:
        chosen = _ever_unassigned(programme)
    else:
        chosen = [p.id for p in programme.participants]
    if participant_id is not None:
        chosen = [participant_id] if participant_id in chosen else []
    return programme.for_participants(chosen)


def _ever_unassigned(programme: Programme) -> list[str]:
    """
    The participants who may have nobody responsible on some day of their time in the
    service: no first specialist, a handover to nobody, or a specialist with a first or a
    last day in post. Everyone else always has a responsible specialist.
    """
    dated = {s.id for s in programme.specialists if s.started_on or s.left_on}
    handed = {
        h.participant_id
        for h in programme.handovers
        if h.specialist_id is None or h.specialist_id in dated
    }
    return [
        p.id
        for p in programme.participants
        if p.specialist_id is None or p.specialist_id in dated or p.id in handed
    ]


# Control characters other than tab and line ends cannot be written in an iCalendar TEXT
# value (RFC 5545 section 3.3.11), and lone surrogates cannot be written in UTF-8.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _feed_text(value: str, record: str, field: str) -> str:
    """
    *value* as it can go into a feed: line ends become ``\\n``; other controls are refused.

    A carriage return is a line end written the Windows way, so it is read as one; a
    character that no client could show is an error that names where it came from.
    """
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    unwritable = _UNWRITABLE.search(value)
    if unwritable is not None:
        reason = (
            f"contains the control character {unwritable.group()!r}, "
            "which a calendar feed cannot carry"
        )
        raise ValidationError(record, field, reason)
    return value


class _Uids:
    """
    The UIDs under one key: HMAC-SHA256 as RFC 2104 defines it, with the key's two padded
    blocks hashed once for all the ids rather than for every UID, which halves the cost of
    one.
    """

    _INNER = bytes(byte ^ 0x36 for byte in range(256))
    _OUTER = bytes(byte ^ 0x5C for byte in range(256))

    def __init__(self, key: bytes) -> None:
        block = hashlib.sha256().block_size
        if len(key) > block:
            key = hashlib.sha256(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = hashlib.sha256(key.translate(self._INNER))
        self._outer = hashlib.sha256(key.translate(self._OUTER))

    def __call__(self, follow_up_id: str) -> str:
        inner = self._inner.copy()
        inner.update(follow_up_id.encode("utf-8", "surrogatepass"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return f"{outer.hexdigest()[:32]}@{UID_DOMAIN}"


def _requirement_text(requirement: Requirement, words: Mapping[str, str], locale: str) -> str:
    """Which contact meets a rule, in words: the mode, then whom it is with."""
    english = locale == "en"
    if requirement.modes is None:
        how = words["any_mode"]
    else:
        modes = sorted(words[mode.value] for mode in requirement.modes)
        # English: "a face-to-face or phone contact"; Swedish: "kontakt ansikte mot ansikte".
        how = (
            f"{_article(modes[0])} {' or '.join(modes)} contact"
            if english
            else f"kontakt {' eller '.join(modes)}"
        )
    parties = sorted(requirement.parties)
    whom = (" or " if english else " eller ").join(words[party.value] for party in parties)
    about = ""
    if parties != [Party.PARTICIPANT]:
        about = " about the participant" if english else " om deltagaren"
    return f"{how} {'with' if english else 'med'} {whom}{about}"


def _contact_text(mode: ContactMode, words: Mapping[str, str], locale: str) -> str:
    """A contact made by *mode*: "a face-to-face contact", "kontakt ansikte mot ansikte"."""
    mode_words = words[mode.value]
    if locale == "en":
        return f"met by {_article(mode_words)} {mode_words} contact"
    return f"kontakt {mode_words}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


# --- writing -------------------------------------------------------------------------


def _chunks(feed: _Feed, results: Iterable[Result]) -> Iterator[bytes]:
    """The header, then one piece per event of *results*, then the end of the calendar."""
    return calendar_chunks(
        feed.events(results),
        prodid=PRODID,
        name=feed.name,
        timezone=feed.timezone,
        refresh_interval=feed.refresh_interval,
        stamp=feed.stamp,
    )
