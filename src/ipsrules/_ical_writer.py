"""
iCalendar content lines written directly: escaping, values and folding of RFC 5545.

`ipsrules.feeds` builds a feed as `icalendar` objects (`to_calendar`) or writes it with
these functions, one event at a time (`iter_feed`), which is some 30 times faster and never
holds more than one event. Each function writes what `icalendar` 7 writes for the same
value, so that both ways give the same bytes; the feed tests prove it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

__all__ = [
    "content_line",
    "date_value",
    "duration_value",
    "escape_text",
    "fold",
    "utc_datetime_value",
]

LIMIT = 74
"""The most octets of a content line before a fold; a folded line's leading space makes 75."""

_FOLD = "\r\n "


def escape_text(text: str) -> str:
    """
    A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped, line
    ends written ``\\n``.

    As in `icalendar`, the two characters ``\\N`` are read as a line end first (its `vText`
    documents them as one), and a carriage return, with or without a line feed after it,
    is a line end.
    """
    # The replacements that rarely apply are skipped after a quick look, which is cheaper.
    if "\\" in text:
        text = text.replace("\\N", "\n").replace("\\", "\\\\")
    text = text.replace(";", "\\;").replace(",", "\\,")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n")


def fold(line: str) -> str:
    """
    *line* folded (RFC 5545 section 3.1): at most 74 octets, then CRLF and a space before
    each further 74, never inside a UTF-8 character.

    As `icalendar` does, a fold never falls just after a backslash or a caret: that
    character moves to the next line, so an escape is never cut in two.
    """
    if len(line) <= LIMIT and (line.isascii() or len(line.encode()) <= LIMIT):
        return line
    if line.isascii():
        return _fold_ascii(line)
    return _fold_utf8(line.encode()).decode()


def _fold_ascii(line: str) -> str:
    parts = []
    start = 0
    size = len(line)
    while size - start > LIMIT:
        end = start + LIMIT
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return _FOLD.join(parts)


def _fold_utf8(line: bytes) -> bytes:
    parts = []
    start = 0
    size = len(line)
    while size - start > LIMIT:
        end = start + LIMIT
        # Bytes 0b10xxxxxx continue a character: fold before the byte that starts it.
        while line[end] & 0xC0 == 0x80:
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def content_line(name: str, value: str, parameters: str = "") -> str:
    """
    A folded content line without its line end; *value* is already written as its type
    asks (escaped, for TEXT), *parameters* is ``;NAME=VALUE`` and so on, or empty.
    """
    return fold(f"{name}{parameters}:{value}")


def date_value(day: date) -> str:
    """A DATE value: ``YYYYMMDD``."""
    return f"{day.year:04}{day.month:02}{day.day:02}"


def utc_datetime_value(moment: datetime) -> str:
    """
    A DATE-TIME value in UTC: ``YYYYMMDDTHHMMSSZ``; *moment* must already be in UTC.

    Fractions of a second are dropped, as the value type has none.
    """
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    )


def duration_value(duration: timedelta) -> str:
    """
    A DURATION value (RFC 5545 section 3.3.6) in days, hours, minutes and seconds, as
    `icalendar` writes it: ``PT12H``, ``P1D``, ``P1DT2H0M5S``, ``-PT5M``.
    """
    sign = ""
    if duration.days < 0:
        sign = "-"
        duration = -duration
    time = ""
    if duration.seconds:
        hours, rest = divmod(duration.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if duration.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{duration.days}D{time}"
