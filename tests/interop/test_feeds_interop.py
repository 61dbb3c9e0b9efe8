"""
The calendar feeds, read by software nobody here wrote.

Every feed these tests produce is parsed by Mozilla's ical.js (the parser inside
Thunderbird) and its events are compared with what `ipsrules.check` says, never with the
feed itself: the same number of events, the same UIDs, and for each the days of the
follow-up's window (DTSTART is the day it opens, DTEND the day after it closes). Some feeds
are also uploaded to a real Radicale CalDAV server and queried back by date range, or parsed
with `icalendar` and expanded by `recurring-ical-events`.

The software under test comes from the ``test`` extra and ``tests/interop/js`` (see
``conftest.py`` and docs/feeds-interop.md); deselect these tests with ``-m "not interop"``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsrules import (
    Contact,
    ContactMode,
    Disclosure,
    FollowUp,
    Include,
    Job,
    Participant,
    Programme,
    Specialist,
    Status,
    check,
    dump,
    feed_bytes,
    sample_programme,
)
from ipsrules.cli import main
from ipsrules.feeds import PUBLIC_UID_KEY
from ipsrules.strategies import days, programmes

pytestmark = pytest.mark.interop

TODAY = date(2026, 11, 20)  # the README's day for the sample programme
GENERATED_AT = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
SECRET = b"a secret of the interop tests"
ONE_DAY = timedelta(days=1)
# Text that must be escaped (, ; \\ newline), folded with care (multi-byte) or is just odd.
TRICKY = ",;:\\\"'\n\t %åÖ€😀abc"

# Generated programmes go through a Node.js round trip each: a modest number keeps the
# module fast on two cores, and the property tests of the feed module itself run many more.
INTEROP_EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# --- what check() says a feed must hold ----------------------------------------------------


@attrs.frozen
class Expected:
    """An event a feed must hold, worked out from `check` alone."""

    dtstart: date
    dtend: date
    status: Status


def uid_of(follow_up_id: str, secret: bytes | None) -> str:
    """The documented UID: the first 128 bits of HMAC-SHA256 of the follow-up id, in hex."""
    key = PUBLIC_UID_KEY if secret is None else secret
    digest = hmac.new(key, follow_up_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{digest[:32]}@ipsrules"


def owner_of(programme: Programme, follow_up: FollowUp, today: date) -> str | None:
    """Whose follow-up it is: the specialist responsible on the deciding day (docs/rules.md)."""
    participant = programme.participant(follow_up.participant_id)
    day = min(max(today, follow_up.opens), follow_up.closes)
    if participant.discharged_on is not None:
        day = min(day, participant.discharged_on)
    return programme.responsible_specialist(participant.id, max(day, participant.enrolled_on))


def expected_events(
    programme: Programme,
    *,
    today: date,
    specialist_id: str | None = None,
    participant_id: str | None = None,
    until: date | None = None,
    include: Include = Include.MET,
    uid_secret: bytes | None = None,
) -> dict[str, Expected]:
    """UID -> the event of every follow-up a feed with these options must show."""
    shown = {Status.UPCOMING, Status.DUE, Status.MISSED}
    if Include.MET in include:
        shown.add(Status.MET)
    expected: dict[str, Expected] = {}
    for result in check(programme, today=today, until=until):
        follow_up = result.follow_up
        if result.status not in shown:
            continue
        if specialist_id is not None and owner_of(programme, follow_up, today) != specialist_id:
            continue
        if participant_id is not None and follow_up.participant_id != participant_id:
            continue
        expected[uid_of(follow_up.id, uid_secret)] = Expected(
            follow_up.opens, follow_up.closes + ONE_DAY, result.status
        )
    return expected


def windows(expected: dict[str, Expected]) -> dict[str, tuple[date, date]]:
    return {uid: (event.dtstart, event.dtend) for uid, event in expected.items()}


def in_range(expected: dict[str, Expected], start: date, end: date) -> dict[str, tuple[date, date]]:
    """The windows of the events whose days [DTSTART, DTEND) meet the days [start, end)."""
    return {
        uid: (event.dtstart, event.dtend)
        for uid, event in expected.items()
        if event.dtstart < end and event.dtend > start
    }


def icaljs_events(parsed: dict[str, Any]) -> dict[str, tuple[date, date]]:
    """UID -> (DTSTART, DTEND) as ical.js read them; each must be an all-day date."""
    assert "error" not in parsed, parsed.get("error")
    found: dict[str, tuple[date, date]] = {}
    for event in parsed["events"]:
        assert event["uid"] not in found, f"UID {event['uid']} appears twice"
        assert event["dtstart"]["is_date"], event
        assert event["has_dtend"], event
        assert event["dtend"]["is_date"], event
        found[event["uid"]] = (
            date.fromisoformat(event["dtstart"]["value"]),
            date.fromisoformat(event["dtend"]["value"]),
        )
    return found


def produce_feed(
    icaljs: Any, programme: Programme, *, today: date, **options: Any
) -> tuple[bytes, dict[str, Any]]:
    """
    A feed of *programme*, after checking that ical.js reads exactly the events `check` asks for.

    Every feed of this module is made here, so none escapes the comparison: the number of
    events, their UIDs and days, and the status each shows (in CATEGORIES and SUMMARY, and
    by an alarm only for what is still to do).
    """
    feed = feed_bytes(programme, today=today, generated_at=GENERATED_AT, **options)
    parsed = icaljs.parse(feed)
    selection = {k: v for k, v in options.items() if k not in {"disclose", "name"}}
    expected = expected_events(programme, today=today, **selection)
    found = icaljs_events(parsed)
    assert len(parsed["events"]) == len(expected)
    assert found == windows(expected)
    for event in parsed["events"]:
        status = expected[event["uid"]].status
        assert status.value in event["categories"]
        prefix = {Status.MET: "Done: ", Status.MISSED: "Missed: "}.get(status, "")
        assert event["summary"].startswith(prefix)
        to_do = status in (Status.UPCOMING, Status.DUE)
        assert [a["action"] for a in event["alarms"]] == (["DISPLAY"] if to_do else [])
    return feed, parsed


def unescape(text: str) -> str:
    """An escaped TEXT value of RFC 5545 (section 3.3.11) as the text it stands for."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def one_value(properties: dict[str, list[Any]], name: str) -> Any:
    """The value of a property that must appear exactly once."""
    values = properties.get(name, [])
    assert len(values) == 1, f"{name}: expected one value, found {values}"
    return values[0]


# --- ical.js -------------------------------------------------------------------------------


class TestIcalJs:
    def test_reads_the_whole_sample_feed_as_check_says(self, icaljs: Any) -> None:
        _feed, parsed = produce_feed(icaljs, sample_programme(), today=TODAY)

        assert len(parsed["events"]) > 500  # the sample's whole history, not a few events
        calendar = parsed["calendar"]
        assert one_value(calendar, "version") == "2.0"
        assert one_value(calendar, "method") == "PUBLISH"
        assert one_value(calendar, "calscale") == "GREGORIAN"
        assert one_value(calendar, "prodid")
        assert one_value(calendar, "name") == one_value(calendar, "x-wr-calname")
        assert one_value(calendar, "x-wr-timezone") == "Europe/Stockholm"
        assert one_value(calendar, "refresh-interval") == "PT12H"
        assert one_value(calendar, "x-published-ttl") == "PT12H"
        assert parsed["other_components"] == []
        for event in parsed["events"]:
            assert not event["recurring"]
            assert event["dtstamp"] == "2026-11-20T03:00:00Z"
            for alarm in event["alarms"]:
                assert (alarm["trigger"], alarm["trigger_related"]) == ("PT9H", None)

    @pytest.mark.parametrize("specialist", [s.id for s in sample_programme().specialists])
    def test_reads_each_specialists_feed_as_check_says(self, icaljs: Any, specialist: str) -> None:
        _feed, parsed = produce_feed(
            icaljs, sample_programme(), today=TODAY, specialist_id=specialist, uid_secret=SECRET
        )
        assert parsed["events"]

    @INTEROP_EXAMPLES
    @given(
        programme=programmes(max_participants=4, max_contacts=15),
        today=days(),
        data=st.data(),
    )
    def test_reads_generated_feeds_as_check_says(
        self, icaljs: Any, programme: Programme, today: date, data: st.DataObject
    ) -> None:
        specialists = [s.id for s in programme.specialists]
        participants = [p.id for p in programme.participants]
        options = {
            "specialist_id": data.draw(st.none() | st.sampled_from(specialists or [None])),
            "participant_id": data.draw(st.none() | st.sampled_from(participants)),
            "until": data.draw(st.none() | days()),
            "include": data.draw(st.sampled_from([Include.NONE, Include.MET])),
            "uid_secret": data.draw(st.none() | st.just(SECRET)),
        }
        produce_feed(icaljs, programme, today=today, **options)

    @INTEROP_EXAMPLES
    @given(
        code=st.text(alphabet=TRICKY, min_size=1, max_size=40).filter(str.strip),
        name=st.text(alphabet=TRICKY, min_size=1, max_size=90).filter(str.strip),
    )
    def test_keeps_tricky_text(self, icaljs: Any, code: str, name: str) -> None:
        # Commas, semicolons, backslashes and newlines must be escaped, and multi-byte
        # characters must not be cut where a long line is folded at 75 octets. Codes are in
        # every feed; names only by opt-in, but then they must survive too.
        programme = Programme(
            id=f"prog{code}",
            name=f"Service {name}",
            specialists=[Specialist(id=f"ES{code}", name=name)],
            participants=[
                Participant(id=code, enrolled_on=date(2026, 1, 5), specialist_id=f"ES{code}")
            ],
            jobs=[Job(f"J{code}", participant_id=code, start=date(2026, 2, 2), employer=name)],
            contacts=[Contact(code, date(2026, 2, 3), ContactMode.FACE_TO_FACE)],
        )
        disclose = Disclosure.SPECIALIST_NAME | Disclosure.EMPLOYER_NAME
        feed, parsed = produce_feed(
            icaljs, programme, today=date(2026, 3, 1), specialist_id=f"ES{code}", disclose=disclose
        )
        # NAME and X-WR-CALNAME are TEXT (RFC 7986 section 5.1), escaped as such; ical.js
        # 2.2 (like icalendar 7.3) does not know them and hands back the escaped form.
        for header in ("name", "x-wr-calname"):
            assert unescape(one_value(parsed["calendar"], header)) == f"IPS follow-ups: {name}"
        reread = {
            str(event["UID"]): event for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")
        }
        for event in parsed["events"]:
            # ical.js reads the very texts that icalendar reads, and they hold the inputs.
            assert event["summary"] == str(reread[event["uid"]]["SUMMARY"])
            assert event["description"] == str(reread[event["uid"]]["DESCRIPTION"])
            assert f"{code}: " in event["summary"]
            assert f"articipant {code}" in event["description"]
            assert f"\nSpecialist: {name}." in event["description"]
            if "first_employer_contact" not in event["categories"]:  # follow-ups of the job
                assert f"\nEmployer: {name}." in event["description"]
        assert max(len(line) for line in feed.split(b"\r\n")) <= 75


class TestCommandLine:
    def test_reads_every_feed_of_split_as_check_says(
        self, icaljs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # `ipsrules feed --split` builds each specialist's feed from that caseload alone;
        # ical.js must still find what check() says of the whole programme.
        sample = sample_programme()
        first, *others = sample.participants
        programme = attrs.evolve(
            sample, participants=[attrs.evolve(first, specialist_id=None), *others]
        )
        dump(programme, tmp_path / "programme.json")
        (tmp_path / "secret").write_bytes(SECRET + b"\n")
        status = main(
            [
                "feed",
                str(tmp_path / "programme.json"),
                "--today",
                TODAY.isoformat(),
                "--generated-at",
                GENERATED_AT.isoformat(),
                "--uid-secret-file",
                str(tmp_path / "secret"),
                "--split",
                str(tmp_path / "feeds"),
            ]
        )
        assert (status, capsys.readouterr().err) == (0, "")

        everything = expected_events(programme, today=TODAY, uid_secret=SECRET)
        unassigned = {
            uid_of(result.follow_up.id, SECRET)
            for result in check(programme, today=TODAY)
            if owner_of(programme, result.follow_up, TODAY) is None
        }
        assert any(  # the participant without a specialist, and those waiting for one
            result.follow_up.participant_id == first.id
            for result in check(programme, today=TODAY)
            if uid_of(result.follow_up.id, SECRET) in unassigned
        )
        wanted = {f"specialist-{s.id}.ics": s.id for s in programme.specialists}
        assert sorted(p.name for p in (tmp_path / "feeds").iterdir()) == sorted(
            [*wanted, "unassigned.ics"]
        )
        for file_name, specialist in wanted.items():
            feed = (tmp_path / "feeds" / file_name).read_bytes()
            expected = expected_events(
                programme, today=TODAY, specialist_id=specialist, uid_secret=SECRET
            )
            assert icaljs_events(icaljs.parse(feed)) == windows(expected), file_name
        feed = (tmp_path / "feeds" / "unassigned.ics").read_bytes()
        found = icaljs_events(icaljs.parse(feed))
        assert found
        assert found == {uid: w for uid, w in windows(everything).items() if uid in unassigned}


# --- Radicale, a CalDAV server ---------------------------------------------------------------


def split_by_event(feed: bytes) -> list[str]:
    """One VCALENDAR per event, with the feed's time zones, as a CalDAV resource must be."""
    calendar = icalendar.Calendar.from_ical(feed)
    zones = list(calendar.walk("VTIMEZONE"))
    resources = []
    for event in calendar.walk("VEVENT"):
        resource = icalendar.Calendar()
        for name, value in calendar.property_items(recursive=False):
            if name not in {"BEGIN", "END", "METHOD"}:  # METHOD is not allowed in CalDAV
                resource.add(name, value)
        for zone in zones:
            resource.add_component(zone)
        resource.add_component(event)
        resources.append(resource.to_ical().decode("utf-8"))
    return resources


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def ranges_around(expected: dict[str, Expected]) -> list[tuple[date, date]]:
    """
    Ranges of days [start, end) whose edges touch a window, where an off-by-one shows.

    For the first window that opens after `TODAY`: a week that ends the day it opens (it
    must not be returned), a week that starts the day after it closes (nor then), its
    last day alone (it must be), and a span of everything.
    """
    window = min((e for e in expected.values() if e.dtstart > TODAY), key=lambda e: e.dtstart)
    return [
        (window.dtstart - timedelta(days=7), window.dtstart),
        (window.dtend, window.dtend + timedelta(days=7)),
        (window.dtend - ONE_DAY, window.dtend),
        (date(2020, 1, 1), date(2030, 1, 1)),
    ]


def upload(principal: Any, feed: bytes) -> Any:
    """A new CalDAV calendar on the server holding the events of *feed*."""
    calendar = principal.make_calendar(name="IPS follow-ups", cal_id=f"follow-ups-{uuid.uuid4()}")
    for resource in split_by_event(feed):
        calendar.add_event(resource)
    return calendar


def query(calendar: Any, start: date, end: date) -> dict[str, tuple[date, date]]:
    """UID -> (DTSTART, DTEND) of the events the server says meet the days [start, end)."""
    found = calendar.search(start=midnight(start), end=midnight(end), event=True, expand=False)
    returned: dict[str, tuple[date, date]] = {}
    for item in found:
        event = item.icalendar_component
        uid = str(event["UID"])
        assert uid not in returned, f"{uid} returned twice"
        returned[uid] = (event.start, event.end)
    return returned


class TestRadicale:
    def test_returns_the_follow_ups_of_a_date_range(
        self, icaljs: Any, caldav_principal: Any
    ) -> None:
        programme = sample_programme()
        options = {"specialist_id": "ES1", "uid_secret": SECRET}
        feed, _parsed = produce_feed(icaljs, programme, today=TODAY, **options)
        expected = expected_events(programme, today=TODAY, **options)

        calendar = upload(caldav_principal, feed)
        for start, end in ranges_around(expected):
            assert query(calendar, start, end) == in_range(expected, start, end), (start, end)

    @settings(INTEROP_EXAMPLES, max_examples=10)
    @given(
        programme=programmes(max_participants=3, max_jobs=2, max_contacts=10),
        today=days(),
        data=st.data(),
    )
    def test_returns_generated_follow_ups_of_a_date_range(
        self,
        icaljs: Any,
        caldav_principal: Any,
        programme: Programme,
        today: date,
        data: st.DataObject,
    ) -> None:
        specialists = [s.id for s in programme.specialists]
        specialist = data.draw(st.none() | st.sampled_from(specialists or [None]))
        feed, _parsed = produce_feed(icaljs, programme, today=today, specialist_id=specialist)
        expected = expected_events(programme, today=today, specialist_id=specialist)
        start = data.draw(days(), label="start")
        end = data.draw(days(min_value=start + ONE_DAY, max_value=start + timedelta(days=400)))

        calendar = upload(caldav_principal, feed)
        assert query(calendar, start, end) == in_range(expected, start, end)


# --- icalendar and recurring-ical-events -----------------------------------------------------


def expand(
    recurring_ical_events: Any, feed: bytes, start: date, end: date
) -> dict[str, tuple[date, date]]:
    """Parse *feed* with icalendar and list the occurrences recurring-ical-events finds."""
    calendar = icalendar.Calendar.from_ical(feed)
    errors = [(c.name, c.errors) for c in calendar.walk() if getattr(c, "errors", None)]
    assert errors == []  # icalendar 7 tolerates bad values: it only records them
    found: dict[str, tuple[date, date]] = {}
    for occurrence in recurring_ical_events.of(calendar).between(start, end):
        uid = str(occurrence["UID"])
        assert uid not in found, f"{uid} occurs twice"
        found[uid] = (occurrence.start, occurrence.end)
    return found


class TestRecurringIcalEvents:
    def test_expands_the_sample_feed_as_check_says(
        self, icaljs: Any, recurring_ical_events: Any
    ) -> None:
        programme = sample_programme()
        feed, _parsed = produce_feed(icaljs, programme, today=TODAY)
        expected = expected_events(programme, today=TODAY)
        for start, end in ranges_around(expected):
            found = expand(recurring_ical_events, feed, start, end)
            assert found == in_range(expected, start, end), (start, end)

    @INTEROP_EXAMPLES
    @given(programme=programmes(max_participants=4, max_contacts=15), today=days(), data=st.data())
    def test_expands_generated_feeds_as_check_says(
        self,
        icaljs: Any,
        recurring_ical_events: Any,
        programme: Programme,
        today: date,
        data: st.DataObject,
    ) -> None:
        start = data.draw(days(), label="start")
        end = data.draw(days(min_value=start + ONE_DAY), label="end")
        feed, _parsed = produce_feed(icaljs, programme, today=today)
        expected = expected_events(programme, today=today)
        assert expand(recurring_ical_events, feed, start, end) == in_range(expected, start, end)
