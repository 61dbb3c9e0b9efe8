"""The RFC 5545 writer: values written as icalendar 7 writes them, lines folded as RFC 5545 asks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, vDate, vDatetime, vDuration, vText
from icalendar.parser import Contentline

from ipsrules._ical_writer import (
    FeedEvent,
    calendar_chunks,
    content_line,
    date_value,
    duration_value,
    escape_text,
    fold,
    utc_datetime_value,
)

# Any text a feed may carry: no lone surrogates (UTF-8 cannot hold them), but every other
# character, with TEXT's special ones, carets and multi-byte letters made likely.
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from("\\;,\n\r^Né€😀"),
    max_size=300,
)


class TestEscape:
    def test_special_characters(self) -> None:
        assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"

    def test_carriage_returns_are_line_ends(self) -> None:
        assert escape_text("a\r\nb\rc") == "a\\nb\\nc"

    def test_backslash_n_is_a_line_end_as_in_icalendar(self) -> None:
        """icalendar's vText reads ``\\N`` as a line break; the writer keeps its reading."""
        assert escape_text("C:\\New") == "C:\\new"
        assert escape_text("C:\\new") == "C:\\\\new"

    @given(TEXTS)
    def test_as_icalendar_escapes(self, text: str) -> None:
        assert escape_text(text).encode() == vText(text).to_ical()


class TestFold:
    def test_short_lines_stay(self) -> None:
        assert fold("x" * 74) == "x" * 74

    def test_long_lines_fold_at_75_octets(self) -> None:
        assert fold("x" * 200) == "\r\n ".join(["x" * 74, "x" * 74, "x" * 52])

    def test_never_inside_a_character(self) -> None:
        """A three-octet euro sign over the 74th octet goes to the next line whole."""
        line = "x" * 72 + "€" + "y"
        assert fold(line) == "x" * 72 + "\r\n €y"

    def test_never_just_after_a_backslash(self) -> None:
        line = "x" * 73 + "\\,abc"
        assert fold(line) == "x" * 73 + "\r\n \\,abc"

    @given(TEXTS.map(lambda text: "DESCRIPTION:" + escape_text(text)))
    def test_as_icalendar_folds(self, line: str) -> None:
        assert fold(line).encode() == Contentline(line).to_ical()

    @given(TEXTS.map(lambda text: "DESCRIPTION:" + escape_text(text)))
    def test_lines_are_whole_characters_of_at_most_75_octets(self, line: str) -> None:
        physical = fold(line).encode().split(b"\r\n")
        for number, part in enumerate(physical):
            assert len(part) <= 75
            assert part.decode("utf-8")  # never half a character
            if number:
                assert part.startswith(b" ")
        assert b"".join(part.removeprefix(b" ") for part in physical) == line.encode()

    def test_content_line(self) -> None:
        assert content_line("X", "v", ";VALUE=DURATION") == "X;VALUE=DURATION:v"


class TestValues:
    @given(st.dates())
    def test_date(self, day: date) -> None:
        assert date_value(day).encode() == vDate(day).to_ical()

    @given(st.datetimes(timezones=st.just(UTC)))
    def test_utc_datetime(self, moment: datetime) -> None:
        assert utc_datetime_value(moment).encode() == vDatetime(moment).to_ical()

    @given(st.timedeltas())
    def test_duration(self, duration: timedelta) -> None:
        assert duration_value(duration).encode() == vDuration(duration).to_ical()

    def test_duration_examples(self) -> None:
        assert duration_value(timedelta(hours=12)) == "PT12H"
        assert duration_value(timedelta(days=1)) == "P1D"
        assert duration_value(timedelta(days=1, hours=2, seconds=5)) == "P1DT2H0M5S"
        assert duration_value(-timedelta(minutes=5)) == "-PT5M"


class TestCalendar:
    def test_pieces_read_back_as_the_events_say(self) -> None:
        """A head, one piece per event, an end; icalendar reads each field back."""
        stamp = datetime(2025, 3, 12, 3, 0, 7, tzinfo=UTC)
        events = [
            FeedEvent(
                uid="a1@example",
                first_day=date(2025, 3, 17),
                day_after=date(2025, 3, 24),
                sequence=1,
                summary=escape_text("P1: week 2, with care"),
                description=escape_text("Two lines;\nthe second " + "long " * 30),
                categories=("IPS", "a,b", "due"),
                alarm=timedelta(hours=9),
            ),
            FeedEvent(
                uid="b2@example",
                first_day=date(2025, 3, 1),
                day_after=date(2025, 3, 2),
                sequence=3,
                summary="Done",
                description="",
                categories=("IPS",),
                alarm=None,
            ),
        ]
        pieces = list(
            calendar_chunks(
                events,
                prodid="-//test//EN",
                name="A, B",
                timezone="Europe/Stockholm",
                refresh_interval=timedelta(hours=6),
                stamp=stamp,
            )
        )
        assert len(pieces) == 4
        assert pieces[-1] == b"END:VCALENDAR\r\n"
        calendar = Calendar.from_ical(b"".join(pieces))
        assert calendar.to_ical() == b"".join(pieces)  # icalendar 7's own form
        assert str(calendar["NAME"]) == "A\\, B"  # read as unknown: the text as written
        first, second = calendar.walk("VEVENT")
        assert str(first["UID"]) == "a1@example"
        assert first.decoded("DTSTART") == date(2025, 3, 17)
        assert first.decoded("DTEND") == date(2025, 3, 24)
        assert first.decoded("DTSTAMP") == stamp
        assert first.decoded("SEQUENCE") == 1
        assert str(first["SUMMARY"]) == "P1: week 2, with care"
        assert str(first["DESCRIPTION"]) == "Two lines;\nthe second " + "long " * 30
        assert first["CATEGORIES"].cats == ["IPS", "a,b", "due"]
        (alarm,) = first.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(hours=9)
        assert str(alarm["DESCRIPTION"]) == "P1: week 2, with care"
        assert second.walk("VALARM") == []
        assert second["CATEGORIES"].cats == ["IPS"]
