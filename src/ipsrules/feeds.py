"""
Calendar feeds: follow-ups as iCalendar (RFC 5545) events that calendar clients subscribe to.

This is the only module that knows the ``icalendar`` package; the rules and the records
know nothing of calendars. A feed is a snapshot of what `check` says on a day: one
all-day event per follow-up that is not waived, with a UID that never changes for the
same follow-up, so a client that fetches the feed every night updates its events instead
of duplicating them.

By default an event carries the participant's pseudonymous code and nothing else about a
person; names of specialists and employers are added only when asked for with `Disclosure`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from datetime import UTC, date, datetime, timedelta
from enum import Flag, auto

import attrs
from icalendar import Alarm, Calendar, Event, vDuration, vText

from ._atomic import write_atomically
from ._matching import Result, Status, check
from ._model import ContactMode, Job, Programme
from .exceptions import UnknownRecordError, ValidationError
from .rules import IPS25, Requirement, Rule, RuleSet

__all__ = [
    "PRODID",
    "PUBLIC_UID_KEY",
    "UID_DOMAIN",
    "Disclosure",
    "Include",
    "event_uid",
    "feed_bytes",
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
    """Also met follow-ups, marked ``Done:`` (the default)."""


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
    """The name of the participant's employment specialist, in the description and the
    calendar's name."""
    EMPLOYER_NAME = auto()
    """The employer's name, in the description of a follow-up of a job."""


PUBLIC_UID_KEY = b"ipsrules public UID key, version 1"
"""
The key that makes UIDs when no ``uid_secret`` is given.

UIDs made with it are stable, but since the key is public, anyone who can guess a
programme's and a participant's codes could recompute a UID and so tell whose event it
is. Give a secret of your own (32 random bytes, kept for as long as the feed is published)
to make UIDs that reveal nothing.
"""

UID_DOMAIN = "ipsrules"
"""The part of every UID after ``@``: not a host name, so it names no service."""

PRODID = "-//ipsrules//IPS follow-ups//EN"
"""The PRODID of every feed: it names the product, not its version, so an upgrade alone
changes no byte."""

_ONE_DAY = timedelta(days=1)

# SEQUENCE must grow when a client is to replace its copy of an event. Statuses move from
# upcoming to due to met or missed (and from missed to met when a contact is logged late),
# so this order makes the usual changes raise it; dates of an unchanged follow-up never move.
_SEQUENCE = {Status.UPCOMING: 0, Status.DUE: 1, Status.MISSED: 2, Status.MET: 3}

_PREFIX = {Status.MET: "Done: ", Status.MISSED: "Missed: "}

# Each rule as a person would say it: a title for the summary, and for the description
# where the window falls in the job or the participant's time in the service.
_TITLES = {
    Rule.PRE_START: "meeting before the job starts",
    Rule.START: "meeting at the start of the job",
    Rule.WEEK: "week {seq} meeting",
    Rule.MONTH: "month {seq} meeting",
    Rule.JOB_END: "contact after the job ends",
    Rule.TRANSITION_REVIEW: "transition review",
    Rule.FIRST_EMPLOYER_CONTACT: "first employer contact",
}
_WHY = {
    Rule.PRE_START: "before the job that starts on {start} begins",
    Rule.START: "in the first days of the job that started on {start}",
    Rule.WEEK: "in week {seq} of the job that started on {start}",
    Rule.MONTH: "in month {seq} of the job that started on {start}",
    Rule.JOB_END: "after the end of the job that started on {start} became known",
    Rule.TRANSITION_REVIEW: (
        "after {months} months of follow-along in the job that started on {start}: review "
        "whether follow-along goes on or passes to the treatment team"
    ),
    Rule.FIRST_EMPLOYER_CONTACT: "after the participant entered the service on {entered}",
}


def to_calendar(
    programme: Programme,
    *,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    uid_secret: bytes | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> Calendar:
    """
    The follow-ups of *programme* as an iCalendar feed, with their status on *today*.

    Args:
        programme: The records.
        today: The day on which statuses are judged (default: today in the programme's
            time zone).
        specialist_id: Only the participants whose employment specialist this is.
        participant_id: Only this participant.
        until: Leave out follow-ups whose window opens after this day.
        include: Which follow-ups to show besides upcoming, due and missed ones.
        disclose: Which personal details to add to the codes; none by default.
        name: The calendar's name (default: ``IPS follow-ups`` and the specialist's or
            participant's code).
        generated_at: The moment written as every event's DTSTAMP (an aware datetime;
            default: now). The same programme and *generated_at* give the same bytes.
        uid_secret: The key from which event UIDs are made (default: `PUBLIC_UID_KEY`).
        rules: The rule set to apply.
        refresh_interval: How often clients should fetch the feed again.

    Raises:
        UnknownRecordError: *specialist_id* or *participant_id* is not in the programme.
        ValidationError: An option has a value that cannot be used.
    """
    _check_options(today, until, generated_at, uid_secret, refresh_interval)
    if not isinstance(include, Include):
        raise ValidationError(_OPTIONS, "include", f"expected an Include, got {include!r}")
    if not isinstance(disclose, Disclosure):
        reason = f"expected a Disclosure, got {disclose!r}"
        raise ValidationError(_OPTIONS, "disclose", reason)
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(_OPTIONS, "name", f"expected a non-empty string, got {name!r}")
        name = _feed_text(name, _OPTIONS, "name")
    if specialist_id is not None and specialist_id not in {s.id for s in programme.specialists}:
        raise UnknownRecordError("specialist", specialist_id, programme.id)
    if participant_id is not None and participant_id not in {p.id for p in programme.participants}:
        raise UnknownRecordError("participant", participant_id, programme.id)
    if today is None:
        today = datetime.now(programme.zone).date()
    if generated_at is None:
        generated_at = datetime.now(UTC)
    stamp = generated_at.astimezone(UTC)
    key = PUBLIC_UID_KEY if uid_secret is None else uid_secret

    calendar = _calendar(
        programme,
        name
        if name is not None
        else _default_name(programme, specialist_id, participant_id, disclose),
        refresh_interval,
    )
    writer = _EventWriter(programme, rules, disclose, stamp, key)
    scope = _scope(programme, specialist_id, participant_id)
    wanted = {Status.UPCOMING, Status.DUE, Status.MISSED}
    if Include.MET in include:
        wanted.add(Status.MET)
    for result in check(scope, today=today, until=until, rules=rules):
        if result.status in wanted:
            calendar.add_component(writer.event(result))
    return calendar


def feed_bytes(
    programme: Programme,
    *,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    uid_secret: bytes | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> bytes:
    """
    The feed of `to_calendar` (which see for the arguments), serialised.

    Returns:
        UTF-8 bytes with CRLF line ends and lines folded at 75 octets, ready to serve as
        ``text/calendar; charset=utf-8``.
    """
    calendar = to_calendar(
        programme,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        uid_secret=uid_secret,
        rules=rules,
        refresh_interval=refresh_interval,
    )
    data: bytes = calendar.to_ical()
    return data


def write_feed(
    path: str | os.PathLike[str],
    programme: Programme,
    *,
    today: date | None = None,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    until: date | None = None,
    include: Include = Include.MET,
    disclose: Disclosure = Disclosure.NONE,
    name: str | None = None,
    generated_at: datetime | None = None,
    uid_secret: bytes | None = None,
    rules: RuleSet = IPS25,
    refresh_interval: timedelta = timedelta(hours=12),
) -> None:
    """
    Write the feed of `feed_bytes` to *path*, replacing the file atomically.

    A web server that serves the file while it is rewritten sends the old feed or the new
    one, never half of one.

    Raises:
        OSError: The file cannot be written; *path* is then unchanged.
    """
    data = feed_bytes(
        programme,
        today=today,
        specialist_id=specialist_id,
        participant_id=participant_id,
        until=until,
        include=include,
        disclose=disclose,
        name=name,
        generated_at=generated_at,
        uid_secret=uid_secret,
        rules=rules,
        refresh_interval=refresh_interval,
    )
    write_atomically(path, data)


def event_uid(follow_up_id: str, uid_secret: bytes | None = None) -> str:
    """
    The UID of a follow-up's event: a keyed hash of its id, so it shows no code.

    The first 128 bits of HMAC-SHA256 of the id under *uid_secret* (default:
    `PUBLIC_UID_KEY`), in hex, then ``@ipsrules``.
    """
    key = PUBLIC_UID_KEY if uid_secret is None else uid_secret
    return _uid(key, follow_up_id)


# --- checks -------------------------------------------------------------------

_OPTIONS = "feed options"


def _check_options(
    today: object,
    until: object,
    generated_at: object,
    uid_secret: object,
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
    if uid_secret is not None and (not isinstance(uid_secret, bytes) or not uid_secret):
        raise ValidationError(_OPTIONS, "uid_secret", "expected non-empty bytes")
    if not isinstance(refresh_interval, timedelta) or refresh_interval <= timedelta(0):
        reason = f"expected a positive timedelta, got {refresh_interval!r}"
        raise ValidationError(_OPTIONS, "refresh_interval", reason)


# --- building -----------------------------------------------------------------


def _default_name(
    programme: Programme,
    specialist_id: str | None,
    participant_id: str | None,
    disclose: Disclosure,
) -> str:
    parts = ["IPS follow-ups"]
    if specialist_id is not None:
        specialist = programme.specialist(specialist_id)
        record = f"Specialist {specialist_id!r}"
        if Disclosure.SPECIALIST_NAME in disclose and specialist.name is not None:
            parts.append(_feed_text(specialist.name, record, "name"))
        else:
            parts.append(f"specialist {_feed_text(specialist_id, record, 'id')}")
    if participant_id is not None:
        record = f"Participant {participant_id!r}"
        parts.append(f"participant {_feed_text(participant_id, record, 'id')}")
    return ": ".join(parts[:2]) + "".join(f", {part}" for part in parts[2:])


def _calendar(programme: Programme, name: str, refresh_interval: timedelta) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar types neither NAME nor X-WR-CALNAME as TEXT: wrap them, or commas and
    # newlines in a name would go out unescaped.
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    calendar.add("X-WR-TIMEZONE", vText(programme.timezone))
    # Added by hand: icalendar's `refresh_interval` leaves out the VALUE=DURATION that
    # RFC 7986 section 5.7 requires.
    calendar.add("REFRESH-INTERVAL", refresh_interval, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh_interval))
    return calendar


def _scope(
    programme: Programme, specialist_id: str | None, participant_id: str | None
) -> Programme:
    """
    The part of *programme* whose follow-ups the feed shows.

    A follow-up's id and status depend on its own participant's records alone, so checking
    only those gives the same results as checking everything and filtering afterwards,
    while one specialist's feed costs what their caseload costs.
    """
    if specialist_id is None and participant_id is None:
        return programme
    chosen = {
        participant.id
        for participant in programme.participants
        if (specialist_id is None or participant.specialist_id == specialist_id)
        and (participant_id is None or participant.id == participant_id)
    }
    return attrs.evolve(
        programme,
        participants=[p for p in programme.participants if p.id in chosen],
        jobs=[job for job in programme.jobs if job.participant_id in chosen],
        contacts=[c for c in programme.contacts if c.participant_id in chosen],
    )


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


def _uid(key: bytes, follow_up_id: str) -> str:
    digest = hmac.new(
        key, follow_up_id.encode("utf-8", "surrogatepass"), hashlib.sha256
    ).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def _requirement_text(requirement: Requirement) -> str:
    """Which contact meets a rule, in words: the mode, then whom it is with."""
    if requirement.modes is None:
        how = "a contact in any mode (a phone call or a message counts)"
    else:
        modes = sorted(_mode_words(mode) for mode in requirement.modes)
        how = f"{_article(modes[0])} {' or '.join(modes)} contact"
    parties = sorted(requirement.parties)
    whom = " or ".join(
        "the participant" if party == "participant" else f"{_article(party)} {party.value}"
        for party in parties
    )
    about = "" if parties == ["participant"] else " about the participant"
    return f"{how} with {whom}{about}"


def _mode_words(mode: ContactMode) -> str:
    return "face-to-face" if mode is ContactMode.FACE_TO_FACE else mode.value


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class _EventWriter:
    """Turns results into events; holds what all events of one feed share."""

    def __init__(
        self,
        programme: Programme,
        rules: RuleSet,
        disclose: Disclosure,
        stamp: datetime,
        key: bytes,
    ) -> None:
        self._programme = programme
        self._rules = rules
        self._disclose = disclose
        self._stamp = stamp
        self._key = key
        self._rule_set = _feed_text(rules.name, f"RuleSet {rules.name!r}", "name")
        self._codes: dict[str, str] = {}

    def event(self, result: Result) -> Event:
        follow_up = result.follow_up
        status = result.status
        rule = follow_up.rule
        code = self._code(follow_up.participant_id)
        summary = self._summary(result, code)
        event = Event()
        event.add("UID", _uid(self._key, follow_up.id))
        event.add("DTSTAMP", self._stamp)
        event.add("DTSTART", follow_up.opens)
        event.add("DTEND", follow_up.closes + _ONE_DAY)
        event.add("SEQUENCE", _SEQUENCE[status])
        event.add("SUMMARY", summary)
        event.add("DESCRIPTION", self._description(result, code))
        event.add("CATEGORIES", ["IPS", rule.value, status.value])
        event.add("STATUS", "CONFIRMED")
        # A window of days is not a meeting: it must not block the specialist's time.
        event.add("TRANSP", "TRANSPARENT")
        event.add("CLASS", "PRIVATE")
        if status in (Status.UPCOMING, Status.DUE):
            alarm = Alarm()
            alarm.add("ACTION", "DISPLAY")
            alarm.add("DESCRIPTION", summary)
            # Relative to the start of an all-day event: 09:00 on the opening day, in the
            # time zone of whoever's calendar shows it.
            alarm.add("TRIGGER", timedelta(hours=9))
            event.add_component(alarm)
        return event

    def _code(self, participant_id: str) -> str:
        """The participant's code, checked once per feed."""
        code = self._codes.get(participant_id)
        if code is None:
            code = _feed_text(participant_id, f"Participant {participant_id!r}", "id")
            self._codes[participant_id] = code
        return code

    def _summary(self, result: Result, code: str) -> str:
        follow_up = result.follow_up
        title = _TITLES[follow_up.rule].format(seq=follow_up.seq)
        if not follow_up.rule.needs_contact:
            title = f"Reminder: {title}"
        return f"{_PREFIX.get(result.status, '')}{code}: {title}"

    def _description(self, result: Result, code: str) -> str:
        follow_up = result.follow_up
        rule = follow_up.rule
        job = None if follow_up.job_id is None else self._programme.job(follow_up.job_id)
        why = _WHY[rule].format(
            seq=follow_up.seq,
            start="" if job is None else job.start.isoformat(),
            months=self._rules.follow_along_months,
            entered=self._programme.participant(follow_up.participant_id).enrolled_on,
        )
        window = f"between {follow_up.opens.isoformat()} and {follow_up.closes.isoformat()}"
        if rule.needs_contact:
            needed = _requirement_text(self._rules.requirement(rule))
            lines = [f"Participant {code} needs {needed}, {window}, {why}."]
        else:
            lines = [f"Reminder for participant {code}, {window}, {why}."]
        lines.append(f"Rule: {rule.value} ({self._rule_set}).")
        lines.append(self._status_line(result))
        lines.extend(self._disclosed(follow_up.participant_id, job))
        return "\n".join(lines)

    def _status_line(self, result: Result) -> str:
        status = result.status
        if status is Status.MET and result.met_by:
            met = result.met_by[0]
            day = met.local_date(self._programme.zone).isoformat()
            mode = _mode_words(met.mode)
            return f"Status: done (met by {_article(mode)} {mode} contact on {day})."
        if status is Status.MISSED:
            return "Status: missed (no qualifying contact in the window)."
        return f"Status: {status.value}."

    def _disclosed(self, participant_id: str, job: Job | None) -> list[str]:
        lines = []
        if Disclosure.SPECIALIST_NAME in self._disclose:
            specialist_id = self._programme.participant(participant_id).specialist_id
            if specialist_id is not None:
                specialist = self._programme.specialist(specialist_id)
                if specialist.name is not None:
                    record = f"Specialist {specialist.id!r}"
                    lines.append(f"Specialist: {_feed_text(specialist.name, record, 'name')}.")
        if Disclosure.EMPLOYER_NAME in self._disclose and job and job.employer is not None:
            employer = _feed_text(job.employer, f"Job {job.id!r}", "employer")
            lines.append(f"Employer: {employer}.")
        return lines
