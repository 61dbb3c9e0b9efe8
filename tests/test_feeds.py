"""Calendar feeds: the events, the headers, determinism and privacy."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from ipsrules import (
    Contact,
    ContactMode,
    Disclosure,
    Include,
    Job,
    Participant,
    Party,
    Programme,
    Rule,
    Specialist,
    Status,
    UnknownRecordError,
    ValidationError,
    check,
    event_uid,
    feed_bytes,
    follow_up_id,
    to_calendar,
    write_feed,
)
from ipsrules.feeds import PUBLIC_UID_KEY

GENERATED = datetime(2025, 3, 12, 3, 0, tzinfo=UTC)


def demo(**changes: object) -> Programme:
    """One participant with one job starting Monday 10 March 2025 (the spec's worked example)."""
    fields: dict[str, object] = {
        "id": "demo",
        "name": "Demo service",
        "specialists": [Specialist("S1")],
        "participants": [
            Participant("P1", enrolled_on=date(2025, 3, 1), specialist_id="S1"),
        ],
        "jobs": [Job("J1", participant_id="P1", start=date(2025, 3, 10))],
        "contacts": [Contact("P1", date(2025, 3, 11), ContactMode.FACE_TO_FACE)],
    }
    fields.update(changes)
    return Programme(**fields)  # type: ignore[arg-type]


def events(data: bytes) -> dict[str, Event]:
    calendar = Calendar.from_ical(data)
    assert not [c.errors for c in calendar.walk() if getattr(c, "errors", None)]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def by_rule(data: bytes) -> dict[tuple[str, int], Event]:
    """The events keyed by rule and sequence number, read from their categories."""
    found: dict[tuple[str, int], Event] = {}
    for event in events(data).values():
        _, rule, _status = event["CATEGORIES"].cats
        summary = str(event["SUMMARY"])
        seq = int(summary.split(" meeting")[0].split()[-1]) if rule in ("week", "month") else 1
        found[rule, seq] = event
    return found


class TestEvents:
    def test_one_all_day_event_per_follow_up_spanning_its_window(self) -> None:
        """DTSTART is the day the window opens, DTEND the day after it closes."""
        data = feed_bytes(
            demo(), today=date(2025, 3, 12), until=date(2025, 3, 17), generated_at=GENERATED
        )
        found = by_rule(data)
        assert set(found) == {
            ("first_employer_contact", 1),
            ("pre_start", 1),
            ("start", 1),
            ("week", 1),
            ("week", 2),
        }
        week_2 = found["week", 2]
        assert week_2.decoded("DTSTART") == date(2025, 3, 17)
        assert week_2.decoded("DTEND") == date(2025, 3, 24)
        assert b"DTSTART;VALUE=DATE:20250317\r\n" in data
        assert b"DTEND;VALUE=DATE:20250324\r\n" in data

    def test_status_is_visible_in_summary_categories_and_sequence(self) -> None:
        data = feed_bytes(
            demo(), today=date(2025, 3, 12), until=date(2025, 3, 17), generated_at=GENERATED
        )
        found = by_rule(data)
        expected = {
            ("pre_start", 1): ("Missed: P1: ", "missed", 2),
            ("start", 1): ("Done: P1: ", "met", 3),
            ("week", 1): ("Done: P1: ", "met", 3),
            ("week", 2): ("P1: ", "upcoming", 0),
            ("first_employer_contact", 1): ("P1: ", "due", 1),
        }
        for key, (prefix, status, sequence) in expected.items():
            event = found[key]
            assert str(event["SUMMARY"]).startswith(prefix), key
            assert event["CATEGORIES"].cats == ["IPS", key[0], status]
            assert event.decoded("SEQUENCE") == sequence

    def test_description_says_which_contact_is_needed(self) -> None:
        found = by_rule(
            feed_bytes(
                demo(), today=date(2025, 3, 12), until=date(2025, 3, 17), generated_at=GENERATED
            )
        )
        week_2 = str(found["week", 2]["DESCRIPTION"])
        assert "face-to-face contact with the participant" in week_2
        assert "week 2 of the job that started on 2025-03-10" in week_2
        assert "between 2025-03-17 and 2025-03-23" in week_2
        employer = str(found["first_employer_contact", 1]["DESCRIPTION"])
        assert "with an employer about the participant" in employer
        done = str(found["start", 1]["DESCRIPTION"])
        assert "met by a face-to-face contact on 2025-03-11" in done

    def test_job_end_accepts_any_mode(self) -> None:
        programme = demo(jobs=[Job("J1", "P1", start=date(2025, 3, 10), end=date(2025, 3, 20))])
        found = by_rule(feed_bytes(programme, today=date(2025, 3, 21), generated_at=GENERATED))
        assert "in any mode" in str(found["job_end", 1]["DESCRIPTION"])

    def test_alarm_at_nine_on_the_opening_day_only_for_what_is_still_to_do(self) -> None:
        found = by_rule(
            feed_bytes(
                demo(), today=date(2025, 3, 12), until=date(2025, 3, 17), generated_at=GENERATED
            )
        )
        for key, event in found.items():
            alarms = event.walk("VALARM")
            status = event["CATEGORIES"].cats[2]
            if status in ("upcoming", "due"):
                assert len(alarms) == 1, key
                assert str(alarms[0]["ACTION"]) == "DISPLAY"
                assert alarms[0].decoded("TRIGGER") == timedelta(hours=9)
            else:
                assert alarms == [], key

    def test_met_follow_ups_can_be_left_out(self) -> None:
        data = feed_bytes(
            demo(),
            today=date(2025, 3, 12),
            until=date(2025, 3, 17),
            include=Include.NONE,
            generated_at=GENERATED,
        )
        statuses = {event["CATEGORIES"].cats[2] for event in events(data).values()}
        assert statuses == {"missed", "due", "upcoming"}

    def test_waived_follow_ups_never_appear(self) -> None:
        late = Job("J1", "P1", start=date(2025, 3, 10), reported_on=date(2025, 4, 1))
        programme = demo(jobs=[late], contacts=[])
        today = date(2025, 4, 2)
        waived = {
            result.follow_up.id
            for result in check(programme, today=today)
            if result.status is Status.WAIVED
        }
        assert waived  # the pre_start, start and first weeks closed before the report
        uids = set(events(feed_bytes(programme, today=today, generated_at=GENERATED)))
        assert not uids & {event_uid(follow_up) for follow_up in waived}

    def test_transition_review_is_a_reminder(self) -> None:
        found = by_rule(feed_bytes(demo(), today=date(2026, 3, 12), generated_at=GENERATED))
        review = found["transition_review", 1]
        assert str(review["SUMMARY"]) == "P1: Reminder: transition review"
        assert review.decoded("DTSTART") == date(2026, 3, 10)
        assert review.decoded("DTEND") == date(2026, 3, 24)
        assert len(review.walk("VALARM")) == 1

    def test_events_are_transparent(self) -> None:
        """A window of days must not show the specialist as busy."""
        for event in events(feed_bytes(demo(), today=date(2025, 3, 12))).values():
            assert str(event["TRANSP"]) == "TRANSPARENT"


class TestHeaders:
    def test_subscription_headers(self) -> None:
        data = feed_bytes(
            demo(),
            today=date(2025, 3, 12),
            refresh_interval=timedelta(hours=6),
            generated_at=GENERATED,
        )
        head = data.split(b"BEGIN:VEVENT")[0]
        for line in (
            b"BEGIN:VCALENDAR",
            b"VERSION:2.0",
            b"PRODID:-//ipsrules//IPS follow-ups//EN",
            b"CALSCALE:GREGORIAN",
            b"METHOD:PUBLISH",
            b"NAME:IPS follow-ups",
            b"X-WR-CALNAME:IPS follow-ups",
            b"X-WR-TIMEZONE:Europe/Stockholm",
            b"REFRESH-INTERVAL;VALUE=DURATION:PT6H",
            b"X-PUBLISHED-TTL:PT6H",
        ):
            assert line + b"\r\n" in head

    def test_default_name_names_the_specialist_by_code(self) -> None:
        data = feed_bytes(demo(), specialist_id="S1", generated_at=GENERATED)
        assert b"X-WR-CALNAME:IPS follow-ups: specialist S1\r\n" in data

    def test_name_is_escaped(self) -> None:
        data = feed_bytes(demo(), name="Team A, north; east", generated_at=GENERATED)
        assert b"NAME:Team A\\, north\\; east\r\n" in data


class TestIdentity:
    def test_uid_is_a_keyed_hash_of_the_follow_up_id(self) -> None:
        follow_up = follow_up_id("demo", "P1", "J1", Rule.WEEK, 2)
        digest = hmac.new(b"s3cret", follow_up.encode(), hashlib.sha256).hexdigest()
        assert event_uid(follow_up, b"s3cret") == digest[:32] + "@ipsrules"
        public = hmac.new(PUBLIC_UID_KEY, follow_up.encode(), hashlib.sha256).hexdigest()
        assert event_uid(follow_up) == public[:32] + "@ipsrules"

    def test_feed_uses_the_secret(self) -> None:
        follow_up = follow_up_id("demo", "P1", "J1", Rule.WEEK, 2)
        data = feed_bytes(demo(), today=date(2025, 3, 12), uid_secret=b"k", generated_at=GENERATED)
        assert event_uid(follow_up, b"k") in events(data)
        assert event_uid(follow_up) not in events(data)

    def test_same_input_same_bytes(self) -> None:
        first = feed_bytes(demo(), today=date(2025, 3, 12), generated_at=GENERATED)
        again = feed_bytes(demo(), today=date(2025, 3, 12), generated_at=GENERATED)
        assert first == again
        assert b"DTSTAMP:20250312T030000Z\r\n" in first


class TestOptions:
    def test_unknown_specialist(self) -> None:
        with pytest.raises(UnknownRecordError, match="has no specialist 'S9'") as info:
            to_calendar(demo(), specialist_id="S9")
        assert (info.value.kind, info.value.record_id) == ("specialist", "S9")

    def test_unknown_participant(self) -> None:
        with pytest.raises(UnknownRecordError, match="has no participant 'P9'"):
            to_calendar(demo(), participant_id="P9")

    def test_naive_generated_at_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="generated_at"):
            to_calendar(demo(), generated_at=datetime(2025, 3, 12, 3))

    @pytest.mark.parametrize("secret", [b"", "text"])
    def test_bad_uid_secret_is_refused(self, secret: object) -> None:
        with pytest.raises(ValidationError, match="uid_secret"):
            to_calendar(demo(), uid_secret=secret)  # type: ignore[arg-type]

    def test_disclosure_is_opt_in(self) -> None:
        programme = demo(
            specialists=[Specialist("S1", name="Sam Specialist")],
            jobs=[Job("J1", "P1", start=date(2025, 3, 10), employer="Acme Bakery")],
        )
        plain = feed_bytes(programme, today=date(2025, 3, 12), generated_at=GENERATED)
        assert b"Sam" not in plain
        assert b"Acme" not in plain
        told = feed_bytes(
            programme,
            today=date(2025, 3, 12),
            disclose=Disclosure.SPECIALIST_NAME | Disclosure.EMPLOYER_NAME,
            generated_at=GENERATED,
        )
        descriptions = [str(e["DESCRIPTION"]) for e in events(told).values()]
        assert all("Specialist: Sam Specialist." in text for text in descriptions)
        assert any("Employer: Acme Bakery." in text for text in descriptions)

    def test_write_feed(self, tmp_path: object) -> None:
        from pathlib import Path

        target = Path(str(tmp_path)) / "feed.ics"
        write_feed(target, demo(), today=date(2025, 3, 12), generated_at=GENERATED)
        assert target.read_bytes() == feed_bytes(
            demo(), today=date(2025, 3, 12), generated_at=GENERATED
        )


def test_employer_contact_with_party() -> None:
    """A face-to-face meeting with an employer meets the first employer contact."""
    programme = demo(
        contacts=[Contact("P1", date(2025, 3, 5), ContactMode.FACE_TO_FACE, party=Party.EMPLOYER)]
    )
    found = by_rule(feed_bytes(programme, today=date(2025, 3, 6), generated_at=GENERATED))
    assert str(found["first_employer_contact", 1]["SUMMARY"]).startswith("Done: ")
