"""Calendar feeds: the events, the headers, determinism and privacy."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event

from ipsrules import (
    IPS25,
    Contact,
    ContactMode,
    Disclosure,
    FollowUp,
    Include,
    Job,
    Participant,
    Party,
    Programme,
    Result,
    Rule,
    Specialist,
    Status,
    UnknownRecordError,
    ValidationError,
    check,
    event_uid,
    feed_bytes,
    follow_up_id,
    iter_feed,
    strategies,
    to_calendar,
    write_feed,
)
from ipsrules.feeds import PUBLIC_UID_KEY, _Feed, _Uids

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

    @pytest.mark.parametrize(
        ("option", "value"),
        [
            ("include", "met"),
            ("disclose", True),
            ("today", datetime(2025, 3, 12, tzinfo=UTC)),
            ("until", "2025-03-12"),
            ("refresh_interval", timedelta(0)),
        ],
    )
    def test_bad_option_values_are_refused(self, option: str, value: object) -> None:
        with pytest.raises(ValidationError) as info:
            to_calendar(demo(), **{option: value})  # type: ignore[arg-type]
        assert (info.value.record, info.value.field) == ("feed options", option)

    def test_a_programme_without_follow_ups_gives_an_empty_calendar(self) -> None:
        programme = Programme(id="empty", name="Nobody yet", specialists=[Specialist("S1")])
        data = feed_bytes(programme, specialist_id="S1", generated_at=GENERATED)
        calendar = Calendar.from_ical(data)
        assert calendar.walk("VEVENT") == []
        assert b"X-WR-CALNAME:IPS follow-ups: specialist S1\r\n" in data

    def test_write_feed(self, tmp_path: Path) -> None:
        target = tmp_path / "feed.ics"
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


# --- texts --------------------------------------------------------------------


class TestTexts:
    def test_carriage_returns_become_line_ends(self) -> None:
        data = feed_bytes(demo(), name="North\r\nteam\rA", generated_at=GENERATED)
        assert b"NAME:North\\nteam\\nA\r\n" in data

    @pytest.mark.parametrize("bad", ["\x00", "\x0b", "\x1b", "\x85"])
    def test_control_characters_in_a_code_are_refused(self, bad: str) -> None:
        programme = demo(
            participants=[Participant(f"P{bad}1", date(2025, 3, 1), specialist_id="S1")],
            jobs=[],
            contacts=[],
        )
        with pytest.raises(ValidationError) as info:
            feed_bytes(programme, today=date(2025, 3, 12))
        assert info.value.record == f"Participant {'P' + bad + '1'!r}"
        assert info.value.field == "id"

    def test_control_characters_in_a_disclosed_name_are_refused(self) -> None:
        programme = demo(jobs=[Job("J1", "P1", start=date(2025, 3, 10), employer="A\x07B")])
        assert feed_bytes(programme, today=date(2025, 3, 12))  # not disclosed: not read
        with pytest.raises(ValidationError, match="Job 'J1', field 'employer'"):
            feed_bytes(programme, today=date(2025, 3, 12), disclose=Disclosure.EMPLOYER_NAME)

    def test_empty_name_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'name'"):
            feed_bytes(demo(), name=" ")


# --- determinism ----------------------------------------------------------------


def deciding(programme: Programme, follow_up: FollowUp, today: date) -> date:
    """The day that decides whose follow-up it is, as docs/rules.md defines it."""
    day = min(max(today, follow_up.opens), follow_up.closes)
    participant = programme.participant(follow_up.participant_id)
    if participant.discharged_on is not None:
        day = min(day, participant.discharged_on)
    return max(day, participant.enrolled_on)


def blocks(data: bytes) -> dict[str, bytes]:
    """Each event's serialised lines, keyed by its UID, read without icalendar."""
    found: dict[str, bytes] = {}
    for chunk in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        block = chunk.split(b"END:VEVENT\r\n")[0]
        (uid,) = re.findall(rb"^UID:(.*)\r$", block.replace(b"\r\n ", b""), flags=re.MULTILINE)
        assert uid.decode() not in found
        found[uid.decode()] = block
    return found


def programmes_with_an_extra_contact() -> st.SearchStrategy[tuple[Programme, Programme]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[Programme, Programme]:
        programme = draw(strategies.programmes(max_contacts=15))
        person = draw(st.sampled_from(programme.participants))
        contact = draw(strategies.contacts(person))
        return programme, attrs.evolve(programme, contacts=[*programme.contacts, contact])

    return build()


class TestDeterminism:
    @given(pair=programmes_with_an_extra_contact(), today=strategies.days())
    def test_a_new_contact_changes_only_the_events_it_meets(
        self, pair: tuple[Programme, Programme], today: date
    ) -> None:
        before, after = pair
        old = blocks(feed_bytes(before, today=today, generated_at=GENERATED))
        new = blocks(feed_bytes(after, today=today, generated_at=GENERATED))
        # Met follow-ups are shown, and a contact never waives one: the same events exist.
        assert set(old) == set(new)
        changed = {uid for uid in old if old[uid] != new[uid]}

        def judged(programme: Programme) -> dict[str, tuple[Status, object]]:
            return {
                event_uid(result.follow_up.id): (
                    result.status,
                    result.met_by[0].local_date(programme.zone) if result.met_by else None,
                    result.met_by[0].mode if result.met_by else None,
                )
                for result in check(programme, today=today)
            }

        was, now = judged(before), judged(after)
        assert changed == {uid for uid in old if was[uid] != now[uid]}

    @given(programme=strategies.programmes(max_participants=4), today=strategies.days())
    def test_a_new_participant_adds_only_their_events(
        self, programme: Programme, today: date
    ) -> None:
        newcomer = Participant("P-new", enrolled_on=today - timedelta(days=20))
        job = Job("J-new", "P-new", start=today - timedelta(days=3))
        grown = attrs.evolve(
            programme,
            participants=[*programme.participants, newcomer],
            jobs=[*programme.jobs, job],
        )
        old = blocks(feed_bytes(programme, today=today, generated_at=GENERATED))
        new = blocks(feed_bytes(grown, today=today, generated_at=GENERATED))
        assert {uid: new[uid] for uid in old} == old
        added = set(new) - set(old)
        expected = {
            event_uid(result.follow_up.id)
            for result in check(grown, today=today)
            if result.follow_up.participant_id == "P-new" and result.status is not Status.WAIVED
        }
        assert added == expected
        assert added

    @given(programme=strategies.programmes(), today=strategies.days(), data=st.data())
    def test_a_caseload_feed_holds_the_whole_feeds_events(
        self, programme: Programme, today: date, data: st.DataObject
    ) -> None:
        """A specialist's or participant's events are byte for byte those of the whole feed,
        and the specialists' feeds with the unassigned one share out the whole feed: each
        event is in the feed of the specialist responsible on its deciding day (today moved
        into the window), and a handover moves no event out of the programme."""
        whole = blocks(feed_bytes(programme, today=today, generated_at=GENERATED))
        participant = data.draw(st.sampled_from(programme.participants))
        owner = {
            event_uid(result.follow_up.id): programme.responsible_specialist(
                result.follow_up.participant_id,
                deciding(programme, result.follow_up, today),
            )
            for result in check(programme, today=today)
        }
        own = blocks(
            feed_bytes(
                programme, today=today, participant_id=participant.id, generated_at=GENERATED
            )
        )
        whose = {
            event_uid(result.follow_up.id): result.follow_up.participant_id
            for result in check(programme, today=today)
        }
        mine = {uid for uid in whole if whose[uid] == participant.id}
        assert own == {uid: whole[uid] for uid in mine}
        shared: dict[str, bytes] = {}
        for specialist in programme.specialists:
            theirs = blocks(
                feed_bytes(
                    programme, today=today, specialist_id=specialist.id, generated_at=GENERATED
                )
            )
            caseload = {uid for uid in whole if owner[uid] == specialist.id}
            assert theirs == {uid: whole[uid] for uid in caseload}
            assert not shared.keys() & theirs.keys()  # in one specialist's feed at most
            shared.update(theirs)
        nobodys = blocks(
            feed_bytes(programme, today=today, unassigned=True, generated_at=GENERATED)
        )
        assert nobodys == {uid: whole[uid] for uid in whole if owner[uid] is None}
        assert not shared.keys() & nobodys.keys()
        shared.update(nobodys)
        assert shared == whole

    def test_uids_do_not_change_when_statuses_do(self) -> None:
        follow_up = follow_up_id("demo", "P1", "J1", Rule.WEEK, 2)
        for today in (date(2025, 3, 1), date(2025, 3, 18), date(2025, 4, 30)):
            assert event_uid(follow_up) in blocks(feed_bytes(demo(), today=today))

    def test_sequence_grows_as_a_follow_up_moves_on(self) -> None:
        """Upcoming, then due, then met: each later snapshot has a higher SEQUENCE."""
        uid = event_uid(follow_up_id("demo", "P1", "J1", Rule.WEEK, 2))
        sequences = []
        for today, contacts in (
            (date(2025, 3, 12), []),
            (date(2025, 3, 18), []),
            (date(2025, 3, 19), [Contact("P1", date(2025, 3, 19), ContactMode.FACE_TO_FACE)]),
        ):
            found = events(feed_bytes(demo(contacts=contacts), today=today))
            sequences.append(found[uid].decoded("SEQUENCE"))
        assert sequences == [0, 1, 3]
        missed = events(feed_bytes(demo(contacts=[]), today=date(2025, 3, 30)))[uid]
        assert missed.decoded("SEQUENCE") == 2


# --- privacy ----------------------------------------------------------------------

MARKERS = {
    "programme name": "Zq1ProgrammeName",
    "specialist name": "Zq2SpecialistName",
    "employer": "Zq3EmployerName",
    "job type": "Zq4JobType",
    "contact id": "Zq5ContactId",
    "job id": "Zq6JobId",
    "contact specialist": "Zq7SpecialistCode",
}


def sensitive_programme() -> Programme:
    """Every field that is not a participant's code holds a marker string."""
    return Programme(
        id="prog",
        name=MARKERS["programme name"],
        specialists=[Specialist(MARKERS["contact specialist"], name=MARKERS["specialist name"])],
        participants=[
            Participant("P1", date(2025, 1, 10), specialist_id=MARKERS["contact specialist"]),
            Participant("P2", date(2025, 2, 1)),
        ],
        jobs=[
            Job(
                MARKERS["job id"],
                "P1",
                start=date(2025, 3, 10),
                end=date(2025, 9, 1),
                employer=MARKERS["employer"],
                job_type=MARKERS["job type"],
            )
        ],
        contacts=[
            Contact(
                "P1",
                datetime(2025, 3, 11, 10, 0, tzinfo=UTC),
                ContactMode.FACE_TO_FACE,
                specialist_id=MARKERS["contact specialist"],
                minutes=45,
                id=MARKERS["contact id"],
            ),
            Contact("P2", date(2025, 2, 3), ContactMode.PHONE, party=Party.EMPLOYER),
        ],
    )


class TestPrivacy:
    @pytest.mark.parametrize("today", [date(2025, 3, 12), date(2025, 10, 1)])
    def test_no_sensitive_field_is_in_a_default_feed(self, today: date) -> None:
        data = feed_bytes(sensitive_programme(), today=today, generated_at=GENERATED)
        assert len(blocks(data)) > 5
        unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
        for field, marker in MARKERS.items():
            for text in (data, unfolded, unfolded.replace(b"\\", b"")):
                assert marker.encode() not in text, field
                assert marker.lower().encode() not in text.lower(), field

    def test_codes_are_what_the_feed_says(self) -> None:
        data = feed_bytes(sensitive_programme(), today=date(2025, 3, 12), generated_at=GENERATED)
        summaries = {str(event["SUMMARY"]).split(": ")[-2] for event in events(data).values()}
        assert summaries == {"P1", "P2"}

    def test_opt_in_brings_the_names_in(self) -> None:
        """The privacy test above would catch the markers: they are reachable."""
        data = feed_bytes(
            sensitive_programme(),
            today=date(2025, 3, 12),
            disclose=Disclosure.SPECIALIST_NAME | Disclosure.EMPLOYER_NAME,
            generated_at=GENERATED,
        )
        unfolded = data.replace(b"\r\n ", b"")
        assert MARKERS["specialist name"].encode() in unfolded
        assert MARKERS["employer"].encode() in unfolded


# --- properties ---------------------------------------------------------------------


@st.composite
def feeds(draw: st.DrawFn) -> tuple[Programme, date, date | None, str | None, bytes]:
    programme = draw(strategies.programmes())
    today = draw(strategies.days())
    until = draw(st.none() | strategies.days())
    specialist_id = draw(
        st.none() | st.sampled_from([s.id for s in programme.specialists] or [None])
    )
    data = feed_bytes(
        programme,
        today=today,
        until=until,
        specialist_id=specialist_id,
        generated_at=GENERATED,
    )
    return programme, today, until, specialist_id, data


def unescape(text: str) -> str:
    """A TEXT value as RFC 5545 section 3.3.11 defines its escapes."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


class TestProperties:
    @given(feeds())
    def test_every_follow_up_in_the_window_appears_once(
        self, feed: tuple[Programme, date, date | None, str | None, bytes]
    ) -> None:
        programme, today, until, specialist_id, data = feed
        expected = [
            event_uid(result.follow_up.id)
            for result in check(programme, today=today, until=until)
            if result.status is not Status.WAIVED
            and (
                specialist_id is None
                or programme.responsible_specialist(
                    result.follow_up.participant_id,
                    deciding(programme, result.follow_up, today),
                )
                == specialist_id
            )
        ]
        uids = [str(event["UID"]) for event in Calendar.from_ical(data).walk("VEVENT")]
        assert sorted(uids) == sorted(expected)
        assert len(set(uids)) == len(uids)

    @given(feeds())
    def test_every_event_ends_after_it_starts(
        self, feed: tuple[Programme, date, date | None, str | None, bytes]
    ) -> None:
        for event in Calendar.from_ical(feed[-1]).walk("VEVENT"):
            assert event.decoded("DTEND") > event.decoded("DTSTART")

    @given(feeds())
    def test_lines_are_crlf_and_at_most_75_octets(
        self, feed: tuple[Programme, date, date | None, str | None, bytes]
    ) -> None:
        data = feed[-1]
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        for line in lines:
            assert len(line) <= 75
            assert b"\r" not in line
            assert b"\n" not in line
            line.decode("utf-8")  # a fold never splits a character

    @given(
        name=st.text(alphabet=",;:\\\n\"'aZé€😀 \tßÅ", min_size=1).filter(str.strip),
        employer=st.text(alphabet=",;:\\\n\"'aZé€😀 \tßÅ", min_size=1).filter(str.strip),
        specialist=st.text(alphabet=",;:\\\n\"'aZé€😀 \tßÅ", min_size=1).filter(str.strip),
        code=st.text(alphabet=",;:\\\"'aZé€😀 ßÅ%", min_size=1).filter(str.strip),
    )
    def test_texts_survive_the_round_trip(
        self, name: str, employer: str, specialist: str, code: str
    ) -> None:
        programme = demo(
            specialists=[Specialist("S1", name=specialist)],
            participants=[Participant(code, date(2025, 3, 1), specialist_id="S1")],
            jobs=[Job("J1", code, start=date(2025, 3, 10), employer=employer)],
            contacts=[],
        )
        data = feed_bytes(
            programme,
            today=date(2025, 3, 12),
            until=date(2025, 3, 12),
            name=name,
            disclose=Disclosure.SPECIALIST_NAME | Disclosure.EMPLOYER_NAME,
            generated_at=GENERATED,
        )
        calendar = Calendar.from_ical(data)
        assert not [c.errors for c in calendar.walk() if getattr(c, "errors", None)]
        for header in ("NAME", "X-WR-CALNAME"):
            # icalendar reads these as unknown properties, keeping the escaped text.
            assert unescape(str(calendar[header])) == name
        found = calendar.walk("VEVENT")
        assert found
        for event in found:
            summary = str(event["SUMMARY"]).removeprefix("Missed: ").removeprefix("Done: ")
            assert summary.startswith(f"{code}: ")
            description = str(event["DESCRIPTION"])
            assert description.startswith(f"Participant {code} needs ")
            disclosed = description.split(".\nStatus: ")[1].split(".\n", 1)[1]
            if event["CATEGORIES"].cats[1] == "first_employer_contact":
                assert disclosed == f"Specialist: {specialist}."
            else:
                assert disclosed == f"Specialist: {specialist}.\nEmployer: {employer}."


def test_feeds_is_the_only_module_that_imports_icalendar() -> None:
    """The domain never knows about calendars: one adapter module does."""
    import ipsrules

    package = Path(ipsrules.__file__).parent
    importers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+icalendar\b", path.read_text("utf-8"), re.MULTILINE)
    )
    assert importers == ["feeds.py"]


# --- the written feed and the icalendar objects --------------------------------------

# Texts that a writer must escape, fold or encode with care: TEXT's special characters,
# line ends, a literal backslash-N, multi-byte letters and emoji, and long runs of them.
AWKWARD = st.text(
    alphabet=",;:\\\n\r\"'^ \taZNnéÅß€😀🏳\u200d🌈中\u00a0",
    min_size=1,
    max_size=90,
).filter(str.strip)


def assert_read_as_written(
    programme: Programme, options: dict[str, object], calendar: Calendar
) -> None:
    """
    icalendar's reading of the feed (`to_calendar`) holds each event as the feed describes
    it before writing (`_Feed.events`), its texts unescaped as RFC 5545 defines, and each
    header with the type in which it was written.
    """
    defaults: dict[str, object] = {
        "today": None,
        "specialist_id": None,
        "participant_id": None,
        "until": None,
        "include": Include.MET,
        "disclose": Disclosure.NONE,
        "name": None,
        "generated_at": None,
        "uid_secret": None,
        "rules": IPS25,
        "refresh_interval": timedelta(hours=12),
    }
    feed = _Feed(programme, **(defaults | options))  # type: ignore[arg-type]
    written = list(feed.events(feed.results()))
    read = calendar.walk("VEVENT")
    assert not [c.errors for c in calendar.walk() if getattr(c, "errors", None)]
    assert [str(event["UID"]) for event in read] == [event.uid for event in written]
    for event, component in zip(written, read, strict=True):
        assert component.decoded("DTSTART") == event.first_day
        assert component.decoded("DTEND") == event.day_after
        assert component.decoded("DTSTAMP") == feed.stamp.replace(microsecond=0)
        assert component.decoded("SEQUENCE") == event.sequence
        assert str(component["SUMMARY"]) == unescape(event.summary)
        assert str(component["DESCRIPTION"]) == unescape(event.description)
        assert component["CATEGORIES"].cats == list(event.categories)
        alarms = component.walk("VALARM")
        if event.alarm is None:
            assert alarms == []
        else:
            (alarm,) = alarms
            assert alarm.decoded("TRIGGER") == event.alarm
            assert str(alarm["DESCRIPTION"]) == unescape(event.summary)
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == feed.name
    assert str(calendar["X-WR-TIMEZONE"]) == programme.timezone
    assert calendar["X-PUBLISHED-TTL"].td == feed.refresh_interval
    whole_seconds = timedelta(feed.refresh_interval.days, feed.refresh_interval.seconds)
    assert calendar.decoded("REFRESH-INTERVAL") == whole_seconds


@st.composite
def feed_inputs(draw: st.DrawFn) -> tuple[Programme, dict[str, object]]:
    """A programme with awkward names, and feed options for it."""
    programme = draw(strategies.programmes(max_participants=5))
    specialists = [
        attrs.evolve(specialist, name=draw(st.none() | AWKWARD))
        for specialist in programme.specialists
    ]
    jobs = [attrs.evolve(job, employer=draw(st.none() | AWKWARD)) for job in programme.jobs]
    programme = attrs.evolve(programme, specialists=specialists, jobs=jobs)
    options: dict[str, object] = {
        "today": draw(strategies.days()),
        "until": draw(st.none() | strategies.days()),
        "include": draw(st.sampled_from(Include)),
        "disclose": draw(st.sampled_from(Disclosure)),
        "name": draw(st.none() | AWKWARD),
        "generated_at": draw(
            st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("America/St_Johns")]))
        ),
        "uid_secret": draw(st.none() | st.binary(min_size=1, max_size=80)),
        "refresh_interval": draw(
            st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=9))
        ),
    }
    who = draw(st.sampled_from(["all", "specialist", "participant", "both"]))
    if who in ("specialist", "both") and programme.specialists:
        options["specialist_id"] = draw(st.sampled_from(programme.specialists)).id
    if who in ("participant", "both"):
        options["participant_id"] = draw(st.sampled_from(programme.participants)).id
    return programme, options


def both_ways(
    programme: Programme, options: dict[str, object]
) -> tuple[object, object, Calendar | None]:
    """
    The feed as written, and as icalendar writes what it read of it (with that reading), or
    the error of each.
    """
    try:
        written: object = feed_bytes(programme, **options)  # type: ignore[arg-type]
    except ValidationError as error:
        written = (type(error), error.record, error.field)
    try:
        calendar = to_calendar(programme, **options)  # type: ignore[arg-type]
    except ValidationError as error:
        return written, (type(error), error.record, error.field), None
    return written, calendar.to_ical(), calendar


class TestReadByIcalendar:
    """`feed_bytes` writes the feed; `to_calendar` is icalendar's reading of it."""

    @given(feed_inputs())
    def test_icalendar_reads_what_was_written(
        self, inputs: tuple[Programme, dict[str, object]]
    ) -> None:
        """Each event and header with the values the feed meant to write."""
        written, rewritten, calendar = both_ways(*inputs)
        if calendar is not None:
            assert isinstance(written, bytes)
            assert_read_as_written(*inputs, calendar)
        else:  # a name a feed cannot carry: both refuse it, naming the same field
            assert written == rewritten

    @given(feed_inputs())
    def test_icalendar_writes_what_it_read_byte_for_byte(
        self, inputs: tuple[Programme, dict[str, object]]
    ) -> None:
        """
        The feed is in icalendar 7's own form (its order of properties, its folds), so that
        ``to_calendar(...).to_ical()`` is `feed_bytes`; if an upgrade of icalendar breaks
        only this, see docs/feeds.md.
        """
        written, rewritten, _calendar = both_ways(*inputs)
        assert written == rewritten

    @given(
        code=st.text(alphabet=",;:\\\"'^aZNné€😀 %", min_size=1, max_size=40).filter(str.strip),
        name=AWKWARD,
    )
    def test_awkward_codes(self, code: str, name: str) -> None:
        programme = demo(
            specialists=[Specialist("S1", name=name)],
            participants=[Participant(code, date(2025, 3, 1), specialist_id="S1")],
            jobs=[Job("J1", code, start=date(2025, 3, 10), employer=name)],
            contacts=[Contact(code, date(2025, 3, 11), ContactMode.FACE_TO_FACE)],
        )
        options: dict[str, object] = {
            "today": date(2025, 3, 20),
            "disclose": Disclosure.SPECIALIST_NAME | Disclosure.EMPLOYER_NAME,
            "generated_at": GENERATED,
            "specialist_id": "S1",
        }
        written, rewritten, calendar = both_ways(programme, options)
        assert isinstance(written, bytes)
        assert calendar is not None
        assert_read_as_written(programme, options, calendar)
        assert written == rewritten


class TestLines:
    def test_a_fold_never_splits_a_character(self) -> None:
        """Names whose multi-byte characters straddle the 75th octet, at each offset."""
        for pad in range(4):
            for character in ("é", "€", "😀"):
                name = "x" * (60 + pad) + character * 8
                data = feed_bytes(demo(), name=name, today=date(2025, 3, 12))
                lines = data.split(b"\r\n")
                assert lines.pop() == b""
                for line in lines:
                    assert len(line) <= 75
                    line.decode("utf-8")
                folded = [line for line in lines if line.startswith(b"NAME:")]
                unfolded = data.replace(b"\r\n ", b"")
                assert b"\r\nNAME:" + name.encode() + b"\r\n" in unfolded
                assert len(folded[0]) < 75  # it was folded, short of a whole character

    def test_crlf_only(self) -> None:
        data = feed_bytes(demo(), name="A\nB\rC\r\nD", today=date(2025, 3, 12))
        assert data.count(b"\n") == data.count(b"\r\n") == data.count(b"\r")
        assert b"NAME:A\\nB\\nC\\nD\r\n" in data


class TestStreaming:
    def test_pieces_are_the_header_each_event_and_the_end(self) -> None:
        options: dict[str, object] = {"today": date(2025, 3, 12), "generated_at": GENERATED}
        pieces = list(iter_feed(demo(), **options))  # type: ignore[arg-type]
        assert b"".join(pieces) == feed_bytes(demo(), **options)  # type: ignore[arg-type]
        head, *middle, end = pieces
        assert head.startswith(b"BEGIN:VCALENDAR\r\n")
        assert b"BEGIN:VEVENT" not in head
        assert end == b"END:VCALENDAR\r\n"
        assert len(middle) == len(events(b"".join(pieces))) > 1
        for piece in middle:
            assert piece.startswith(b"BEGIN:VEVENT\r\n")
            assert piece.endswith(b"END:VEVENT\r\n")
            assert piece.count(b"BEGIN:VEVENT") == 1

    def test_bad_input_is_refused_before_the_first_piece(self) -> None:
        """The error comes from the call itself, not halfway through a stream."""
        with pytest.raises(UnknownRecordError):
            iter_feed(demo(), specialist_id="S9")
        with pytest.raises(ValidationError, match="generated_at"):
            iter_feed(demo(), generated_at=datetime(2025, 3, 12, 3))
        bad = demo(jobs=[Job("J1", "P1", start=date(2025, 3, 10), employer="A\x07B")])
        with pytest.raises(ValidationError, match="Job 'J1', field 'employer'"):
            iter_feed(bad, disclose=Disclosure.EMPLOYER_NAME)

    def test_a_code_that_no_event_shows_is_refused_too(self) -> None:
        """Every code in the feed's scope is checked before anything is written."""
        quiet = Participant("Q\x1b", date(2025, 3, 1))
        programme = demo(participants=[*demo().participants, quiet])
        until = date(2025, 2, 1)  # before any window opens: the feed has no event
        assert events(feed_bytes(demo(), until=until, today=date(2025, 3, 12))) == {}
        with pytest.raises(ValidationError) as info:
            iter_feed(programme, until=until, today=date(2025, 3, 12))
        assert (info.value.record, info.value.field) == ("Participant 'Q\\x1b'", "id")

    def test_write_feed_leaves_the_old_file_when_writing_fails(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "feed.ics"
        target.write_bytes(b"the old feed")
        written: list[int] = []
        event = _Feed._event

        def failing(self: _Feed, result: Result) -> object:
            """The second event fails, as a full disk would fail its write."""
            written.append(1)
            if len(written) == 2:
                raise OSError("disk full")
            return event(self, result)

        monkeypatch.setattr("ipsrules.feeds._Feed._event", failing)
        with pytest.raises(OSError, match="disk full"):
            write_feed(target, demo(), today=date(2025, 3, 12))
        assert target.read_bytes() == b"the old feed"
        assert [path.name for path in tmp_path.iterdir()] == ["feed.ics"]


@given(key=st.binary(min_size=1, max_size=200), follow_up=st.text())
def test_uids_of_a_feed_are_hmac_sha256(key: bytes, follow_up: str) -> None:
    """A feed makes its UIDs with the key's HMAC pads hashed once: the same as `hmac` does."""
    digest = hmac.new(key, follow_up.encode("utf-8", "surrogatepass"), hashlib.sha256)
    assert (
        _Uids(key)(follow_up) == event_uid(follow_up, key) == f"{digest.hexdigest()[:32]}@ipsrules"
    )
