"""
A feed a specialist can live with: done follow-ups on their day and only recently, missed ones
until dealt with, alarms only ahead; `full=True` for the old feed. Measured on the sample.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from ipsrules import (
    Contact,
    ContactMode,
    Include,
    Job,
    Participant,
    Programme,
    Specialist,
    Status,
    ValidationError,
    check,
    sample_programme,
    strategies,
)
from ipsrules.cli import main
from ipsrules.feeds import DONE_HORIZON, PUBLIC, event_uid, feed_bytes

TODAY = date(2026, 11, 20)


def bars(data: bytes) -> tuple[int, int]:
    """How many events, and the most all-day events that cover one day."""
    per_day: Counter[date] = Counter()
    events = Calendar.from_ical(data).walk("VEVENT")
    for event in events:
        day, end = event.decoded("DTSTART"), event.decoded("DTEND")
        while day < end:
            per_day[day] += 1
            day += timedelta(days=1)
    return len(events), max(per_day.values(), default=0)


# docs/feeds.md, "What a feed shows": events and the most bars on one day, --full then default.
SAMPLE = {
    "ES1": ((210, 8), (72, 4)),
    "ES2": ((73, 6), (9, 3)),
    "ES3": ((139, 7), (33, 4)),
    "ES4": ((141, 7), (74, 5)),
    "ES5": ((42, 5), (10, 1)),
    "ES6": ((170, 9), (57, 5)),
}


class TestSample:
    @pytest.mark.parametrize("specialist", sorted(SAMPLE))
    def test_a_working_week_of_bars_at_most(
        self, specialist: str, capsysbinary, tmp_path: Path, monkeypatch
    ) -> None:
        """ipsrules feed --specialist ESn --today 2026-11-20, with and without --full."""
        monkeypatch.setenv("IPSRULES_SECRET_FILE", str(tmp_path / "secret"))
        found = []
        for extra in (["--full"], []):
            arguments = ["feed", "--specialist", specialist, "--today", TODAY.isoformat()]
            assert main([*arguments, *extra]) == 0
            found.append(bars(capsysbinary.readouterr().out))
        assert tuple(found) == SAMPLE[specialist]
        assert found[1][1] <= 5

    def test_the_whole_feed(self) -> None:
        full = feed_bytes(sample_programme(), uid_secret=PUBLIC, today=TODAY, full=True)
        default = feed_bytes(sample_programme(), uid_secret=PUBLIC, today=TODAY)
        assert (full.count(b"BEGIN:VEVENT"), full.count(b"SUMMARY:Done:")) == (775, 540)
        assert (default.count(b"BEGIN:VEVENT"), default.count(b"SUMMARY:Done:")) == (255, 20)
        # Nothing still to do or missed is left out: only done ones go.
        assert full.count(b"SUMMARY:Missed:") == default.count(b"SUMMARY:Missed:") > 0

    @pytest.mark.parametrize("full", [True, False])
    def test_the_specialists_feeds_split_the_whole_feed(self, full: bool) -> None:
        """Every event of the whole feed is in exactly one specialist's feed or the unassigned."""
        sample = sample_programme()
        options = {"uid_secret": PUBLIC, "today": TODAY, "full": full}

        def events(**scope: object) -> list[str]:
            data = feed_bytes(sample, **options, **scope)  # type: ignore[arg-type]
            return [str(event["UID"]) for event in Calendar.from_ical(data).walk("VEVENT")]

        parts = [events(specialist_id=s.id) for s in sample.specialists]
        parts.append(events(unassigned=True))
        split = [uid for part in parts for uid in part]
        assert sorted(split) == sorted(events())


def programme(contact_day: date) -> Programme:
    """One participant whose start meeting (window 10 to 13 March 2025) is met on a day."""
    return Programme(
        id="demo",
        name="Demo",
        specialists=[Specialist("S1")],
        participants=[Participant("P1", enrolled_on=date(2025, 3, 1), specialist_id="S1")],
        jobs=[Job("J1", "P1", start=date(2025, 3, 10))],
        contacts=[Contact("P1", contact_day, ContactMode.FACE_TO_FACE)],
    )


def event(data: bytes, summary: str) -> object:
    for found in Calendar.from_ical(data).walk("VEVENT"):
        if str(found["SUMMARY"]) == summary:
            return found
    return None


DONE = "Done: P1: meeting at the start of the job"


class TestDone:
    def test_shown_on_the_day_it_was_done(self) -> None:
        data = feed_bytes(programme(date(2025, 3, 12)), uid_secret=PUBLIC, today=date(2025, 3, 20))
        done = event(data, DONE)
        assert done.decoded("DTSTART") == date(2025, 3, 12)  # type: ignore[attr-defined]
        assert done.decoded("DTEND") == date(2025, 3, 13)  # type: ignore[attr-defined]
        assert "between 2025-03-10 and 2025-03-13" in str(done["DESCRIPTION"])  # type: ignore[index]
        full = feed_bytes(
            programme(date(2025, 3, 12)), uid_secret=PUBLIC, today=date(2025, 3, 20), full=True
        )
        assert event(full, DONE).decoded("DTSTART") == date(2025, 3, 10)  # type: ignore[attr-defined]
        assert event(full, DONE).decoded("DTEND") == date(2025, 3, 14)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("today", "shown"),
        [
            (date(2025, 3, 12), True),  # done today
            (date(2025, 3, 26), True),  # 14 days ago: the horizon's last day
            (date(2025, 3, 27), False),  # 15 days ago
            (date(2026, 3, 12), False),
        ],
    )
    def test_for_two_weeks(self, today: date, shown: bool) -> None:
        assert timedelta(days=14) == DONE_HORIZON
        data = feed_bytes(programme(date(2025, 3, 12)), uid_secret=PUBLIC, today=today)
        assert (event(data, DONE) is not None) is shown
        full = feed_bytes(programme(date(2025, 3, 12)), uid_secret=PUBLIC, today=today, full=True)
        assert event(full, DONE) is not None

    def test_another_horizon(self) -> None:
        contact = programme(date(2025, 3, 12))
        for horizon, today, shown in [
            (timedelta(0), date(2025, 3, 12), True),
            (timedelta(0), date(2025, 3, 13), False),
            (timedelta(days=60), date(2025, 5, 11), True),
            (timedelta(days=60), date(2025, 5, 12), False),
        ]:
            data = feed_bytes(contact, uid_secret=PUBLIC, today=today, done_horizon=horizon)
            assert (event(data, DONE) is not None) is shown, (horizon, today)

    def test_include_none_still_leaves_all_done_out(self) -> None:
        data = feed_bytes(
            programme(date(2025, 3, 12)),
            uid_secret=PUBLIC,
            today=date(2025, 3, 12),
            include=Include.NONE,
        )
        assert b"SUMMARY:Done:" not in data

    @pytest.mark.parametrize(
        ("option", "value"),
        [("done_horizon", timedelta(days=-1)), ("done_horizon", 14), ("full", "yes")],
    )
    def test_bad_values_are_refused(self, option: str, value: object) -> None:
        with pytest.raises(ValidationError, match=option):
            feed_bytes(programme(date(2025, 3, 12)), uid_secret=PUBLIC, **{option: value})  # type: ignore[arg-type]


class TestMissedAndAlarms:
    def test_missed_stays_however_old(self) -> None:
        data = feed_bytes(programme(date(2025, 3, 3)), uid_secret=PUBLIC, today=date(2027, 1, 1))
        missed = event(data, "Missed: P1: meeting at the start of the job")
        assert missed is not None
        assert missed.decoded("DTSTART") == date(2025, 3, 10)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("today", "alarm", "full_alarm"),
        [
            (date(2025, 3, 9), True, True),  # the window opens tomorrow: ahead
            (date(2025, 3, 10), False, True),  # open since this morning: due
            (date(2025, 3, 14), False, False),  # closed: missed
        ],
    )
    def test_alarms_only_for_windows_still_ahead(
        self, today: date, alarm: bool, full_alarm: bool
    ) -> None:
        nobody_met = programme(date(2025, 3, 1))  # a contact before the window
        for full, expected in ((False, alarm), (True, full_alarm)):
            data = feed_bytes(nobody_met, uid_secret=PUBLIC, today=today, full=full)
            start = [
                e
                for e in Calendar.from_ical(data).walk("VEVENT")
                if "start of" in str(e["SUMMARY"])
            ]
            assert len(start) == 1
            assert bool(start[0].walk("VALARM")) is expected, (today, full)


@given(strategies.programmes(max_participants=4), strategies.days(), st.booleans())
def test_alarms_exactly_on_windows_still_ahead(
    programme: Programme, today: date, full: bool
) -> None:
    """By default an alarm iff the window opens after today; with full=True, due ones too."""
    status_of = {
        event_uid(result.follow_up.id, PUBLIC): result for result in check(programme, today=today)
    }
    data = feed_bytes(programme, uid_secret=PUBLIC, today=today, full=full)
    for found in Calendar.from_ical(data).walk("VEVENT"):
        result = status_of[str(found["UID"])]
        ahead = result.follow_up.opens > today
        due = result.status is Status.DUE
        assert bool(found.walk("VALARM")) is (ahead or (full and due))
        assert ahead is (result.status is Status.UPCOMING)
