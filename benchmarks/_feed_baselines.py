"""
Two ways to write a feed of follow-ups that `ipsrules.feeds` is measured against.

Both write the same events from the same `check` results, so that they differ only in how
they serialise:

- `plain_bytes`: what an application would write by hand with the `icalendar` package, one
  `icalendar.Event` per follow-up added property by property, then `Calendar.to_ical()`;
- `floor_chunks`: a minimal streaming writer, the floor: a generator of one ``bytes`` chunk
  per event, written line by line with correct TEXT escaping (RFC 5545 section 3.3.11) and
  lines folded at 75 octets, never inside a UTF-8 character (section 3.1). It does nothing
  a correct writer could leave out, so no feed writer in Python is likely to be much faster.

Each event has what an `ipsrules` event has: UID (the same keyed hash, `event_uid`),
DTSTAMP, DTSTART and DTEND as dates, SEQUENCE, SUMMARY, a DESCRIPTION of a few lines,
CATEGORIES, STATUS, TRANSP, CLASS, and a display alarm while the window is upcoming or due.
The follow-ups shown are those `feed_bytes` shows by default: every status but waived.
``tests/test_benchmarks.py`` proves the two writers' feeds parse into the same events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from ipsrules import Programme, Result, Status, event_uid
from ipsrules.feeds import PUBLIC

GENERATED = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
"""The DTSTAMP of every event: fixed, so that runs write the same bytes."""
PRODID = "-//ipsrules benchmarks//follow-ups//EN"
SHOWN = frozenset({Status.MET, Status.MISSED, Status.DUE, Status.UPCOMING})
"""The statuses a feed shows (waived follow-ups are left out, as `feed_bytes` does)."""
_SEQUENCE = {Status.UPCOMING: 0, Status.DUE: 1, Status.MISSED: 2, Status.MET: 3}
_ONE_DAY = timedelta(days=1)
_ALARM_AFTER = timedelta(hours=9)


@dataclass(frozen=True, slots=True)
class Content:
    """What one event says, before it is written."""

    uid: str
    start: date
    end: date  # the day after the window closes: DTEND is exclusive
    sequence: int
    summary: str
    description: str
    categories: tuple[str, ...]
    alarm: bool  # a display alarm at 09:00 on the opening day


def contents(results: Iterable[Result]) -> Iterator[Content]:
    """The events of the results a feed shows, in order."""
    for result in results:
        status = result.status
        if status not in SHOWN:
            continue
        follow_up = result.follow_up
        rule = follow_up.rule.value
        code = follow_up.participant_id
        opens, closes = follow_up.opens.isoformat(), follow_up.closes.isoformat()
        yield Content(
            uid=event_uid(follow_up.id, PUBLIC),
            start=follow_up.opens,
            end=follow_up.closes + _ONE_DAY,
            sequence=_SEQUENCE[status],
            summary=f"{code}: {rule} {follow_up.seq}",
            description=(
                f"Participant {code} needs a contact for the {rule} follow-up, number "
                f"{follow_up.seq}, between {opens} and {closes}; see the rules.\n"
                f"Rule: {rule} (IPS-25).\nStatus: {status.value}."
            ),
            categories=("IPS", rule, status.value),
            alarm=status in (Status.UPCOMING, Status.DUE),
        )


def caseload(programme: Programme, specialist_id: str) -> Programme:
    """The part of *programme* that one specialist's feed shows: their participants' records."""
    return programme.for_participants(
        participant.id
        for participant in programme.participants
        if participant.specialist_id == specialist_id
    )


# --- the plain icalendar build ------------------------------------------------


def plain_bytes(events: Iterable[Content]) -> bytes:
    """The feed built with `icalendar` objects, one `Event` per follow-up, then serialised."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for content in events:
        event = Event()
        event.add("uid", content.uid)
        event.add("dtstamp", GENERATED)
        event.add("dtstart", content.start)
        event.add("dtend", content.end)
        event.add("sequence", content.sequence)
        event.add("summary", content.summary)
        event.add("description", content.description)
        event.add("categories", list(content.categories))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("class", "PRIVATE")
        if content.alarm:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", content.summary)
            alarm.add("trigger", _ALARM_AFTER)
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


# --- the streaming floor ------------------------------------------------------


def escape(text: str) -> str:
    """*text* as an iCalendar TEXT value: backslash, semicolon, comma and line ends escaped."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """
    One content line as UTF-8 with its CRLF, folded so that no line is over 75 octets.

    A fold is CRLF and a space; the space counts towards the next line's 75 octets. A fold
    never falls inside a character: it moves back past UTF-8 continuation bytes.
    """
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: the character began earlier
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _day(day: date) -> str:
    return day.isoformat().replace("-", "")


def floor_chunks(events: Iterable[Content]) -> Iterator[bytes]:
    """The feed as a stream: the calendar's head, one chunk per event, then its end."""
    yield (
        "BEGIN:VCALENDAR\r\nPRODID:" + escape(PRODID) + "\r\nVERSION:2.0\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
    ).encode("utf-8")
    stamp = "DTSTAMP:" + GENERATED.strftime("%Y%m%dT%H%M%SZ") + "\r\n"
    for content in events:
        summary = escape(content.summary)
        dates = (
            stamp + "DTSTART;VALUE=DATE:" + _day(content.start) + "\r\nDTEND;VALUE=DATE:"
            + _day(content.end) + "\r\nSEQUENCE:" + str(content.sequence) + "\r\n"
        )  # fmt: skip
        head = b"BEGIN:VEVENT\r\n" + fold("UID:" + escape(content.uid)) + dates.encode("ascii")
        body = [
            fold("SUMMARY:" + summary),
            fold("DESCRIPTION:" + escape(content.description)),
            fold("CATEGORIES:" + ",".join(escape(category) for category in content.categories)),
            b"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\nCLASS:PRIVATE\r\n",
        ]
        if content.alarm:
            body.append(b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n")
            body.append(fold("DESCRIPTION:" + summary))
            body.append(b"TRIGGER:PT9H\r\nEND:VALARM\r\n")
        body.append(b"END:VEVENT\r\n")
        yield head + b"".join(body)
    yield b"END:VCALENDAR\r\n"


def floor_bytes(events: Iterable[Content]) -> bytes:
    """The floor's feed as one ``bytes``, as `feed_bytes` returns it."""
    return b"".join(floor_chunks(events))
