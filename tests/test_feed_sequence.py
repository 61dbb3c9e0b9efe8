"""
SEQUENCE that never goes back: a `FeedState` kept between runs, through the changes records
go through in practice (contacts added late, corrected, deleted; job ends reported late;
discharges; days passing).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from ipsrules import (
    Contact,
    ContactMode,
    ExitReason,
    Job,
    LoadError,
    Participant,
    Party,
    Programme,
    Specialist,
    ValidationError,
    dump,
)
from ipsrules.cli import main
from ipsrules.feeds import PUBLIC, FeedState, feed_bytes, iter_feed, write_feed

START = date(2025, 1, 6)
BASE = Programme(
    id="seq",
    name="Sequence service",
    specialists=[Specialist("S1")],
    participants=[
        Participant("P1", enrolled_on=START, specialist_id="S1"),
        Participant("P2", enrolled_on=date(2025, 1, 20), specialist_id="S1"),
    ],
    jobs=[
        Job("J1", "P1", start=date(2025, 2, 3)),
        Job("J2", "P2", start=date(2025, 3, 3)),
    ],
    contacts=[],
)


def stamp(day: date) -> datetime:
    return datetime.combine(day, time(3), tzinfo=UTC)


def shown(data: bytes) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """UID -> (SEQUENCE, what a client shows of the event), read back with icalendar."""
    found = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        alarms = tuple(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
        content = (
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            str(event["SUMMARY"]),
            str(event["DESCRIPTION"]),
            tuple(str(c) for c in event["CATEGORIES"].cats),
            alarms,
        )
        found[str(event["UID"])] = (event.decoded("SEQUENCE"), content)
    return found


# --- changes as records go through them ------------------------------------------------------

MODES = st.sampled_from([ContactMode.FACE_TO_FACE, ContactMode.PHONE, ContactMode.VIDEO])
CHANGES = st.one_of(
    st.tuples(st.just("days pass"), st.integers(0, 45)),
    st.tuples(
        st.just("contact added late"),
        st.sampled_from(["P1", "P2"]),
        st.integers(-7, 150),  # days after the participant's job starts (or before)
        MODES,
        st.sampled_from([Party.PARTICIPANT, Party.EMPLOYER]),
    ),
    st.tuples(st.just("contact corrected"), st.integers(0, 100), MODES),
    st.tuples(st.just("contact deleted"), st.integers(0, 100)),
    st.tuples(st.just("job end reported late"), st.sampled_from(["J1", "J2"]), st.integers(0, 30)),
    st.tuples(st.just("discharged"), st.sampled_from(["P1", "P2"]), st.integers(0, 20)),
    st.tuples(st.just("discharge undone"), st.sampled_from(["P1", "P2"])),
)


def apply(programme: Programme, today: date, change: tuple[Any, ...]) -> tuple[Programme, date]:
    """*programme* and *today* after *change*; a change the model refuses changes nothing."""
    kind = change[0]
    contacts = list(programme.contacts)
    try:
        if kind == "days pass":
            return programme, today + timedelta(days=change[1])
        if kind == "contact added late":
            _, who, after, mode, party = change
            # Near the job's start, where most windows are; never after today.
            start = next(job.start for job in BASE.jobs if job.participant_id == who)
            day = min(today, start + timedelta(days=after))
            contacts.append(Contact(who, day, mode, party=party))
            return attrs.evolve(programme, contacts=contacts), today
        if kind in ("contact corrected", "contact deleted"):
            if not contacts:
                return programme, today
            index = change[1] % len(contacts)
            if kind == "contact deleted":
                del contacts[index]
            else:
                contacts[index] = attrs.evolve(contacts[index], mode=change[2])
            return attrs.evolve(programme, contacts=contacts), today
        if kind == "job end reported late":
            _, job_id, back = change
            jobs = [
                attrs.evolve(job, end=today - timedelta(days=back), end_known_on=today)
                if job.id == job_id and job.end is None
                else job
                for job in programme.jobs
            ]
            return attrs.evolve(programme, jobs=jobs), today
        if kind == "discharged":
            _, who, back = change
            people = [
                attrs.evolve(
                    p, discharged_on=today - timedelta(days=back), exit_reason=ExitReason.MOVED_ON
                )
                if p.id == who
                else p
                for p in programme.participants
            ]
            return attrs.evolve(programme, participants=people), today
        people = [
            attrs.evolve(p, discharged_on=None, exit_reason=None) if p.id == change[1] else p
            for p in programme.participants
        ]
        return attrs.evolve(programme, participants=people), today
    except ValidationError:
        return programme, today


@settings(max_examples=100, deadline=None)
@given(
    changes=st.lists(CHANGES, min_size=1, max_size=25),
    first_day=st.integers(20, 200),
    locale=st.sampled_from(["en", "sv"]),
    full=st.booleans(),
)
def test_sequence_never_goes_back_and_grows_with_every_change(
    changes: list[tuple[Any, ...]], first_day: int, locale: str, full: bool
) -> None:
    programme = BASE
    today = START + timedelta(days=first_day)
    state = FeedState()
    last: dict[str, tuple[int, tuple[Any, ...]]] = {}
    options = {"uid_secret": PUBLIC, "locale": locale, "full": full, "state": state}
    for change in [("days pass", 0), *changes]:
        programme, today = apply(programme, today, change)
        data = feed_bytes(programme, today=today, generated_at=stamp(today), **options)
        for uid, (sequence, content) in shown(data).items():
            if uid in last:  # seen before, in the previous feed or an earlier one
                before, old_content = last[uid]
                assert sequence >= before, (change, uid)
                if content != old_content:
                    assert sequence > before, (change, uid)
                else:
                    assert sequence == before, (change, uid)
            last[uid] = (sequence, content)


def corrected(programme: Programme) -> Programme:
    """The start meeting's contact, logged face to face, corrected to a phone call."""
    contacts = [attrs.evolve(c, mode=ContactMode.PHONE) for c in programme.contacts]
    return attrs.evolve(programme, contacts=contacts)


MET = attrs.evolve(BASE, contacts=[Contact("P1", date(2025, 2, 4), ContactMode.FACE_TO_FACE)])
TODAY = date(2025, 2, 10)


def start_meeting(data: bytes) -> tuple[int, str]:
    for sequence, content in shown(data).values():
        if "P1: meeting at the start of the job" in content[2]:
            return sequence, content[2]
    raise AssertionError("no start meeting")


class TestCorrection:
    def test_without_a_state_sequence_goes_back(self) -> None:
        """Why the state exists: a correction turns Done (3) into Missed (2)."""
        before = start_meeting(feed_bytes(MET, uid_secret=PUBLIC, today=TODAY))
        after = start_meeting(feed_bytes(corrected(MET), uid_secret=PUBLIC, today=TODAY))
        assert before == (3, "Done: P1: meeting at the start of the job")
        assert after == (2, "Missed: P1: meeting at the start of the job")

    def test_with_a_state_it_goes_on(self) -> None:
        state = FeedState()
        first = start_meeting(feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state))
        again = start_meeting(feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state))
        fixed = feed_bytes(corrected(MET), uid_secret=PUBLIC, today=TODAY, state=state)
        assert first == again == (3, "Done: P1: meeting at the start of the job")
        assert start_meeting(fixed) == (4, "Missed: P1: meeting at the start of the job")

    def test_an_event_that_comes_back_goes_on_from_its_number(self) -> None:
        state = FeedState()
        feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state)
        gone = attrs.evolve(MET, jobs=[j for j in MET.jobs if j.id != "J1"])
        feed_bytes(gone, uid_secret=PUBLIC, today=TODAY, state=state)
        back = feed_bytes(corrected(MET), uid_secret=PUBLIC, today=TODAY, state=state)
        assert start_meeting(back)[0] == 4


class TestState:
    def test_a_new_uid_starts_at_its_status(self) -> None:
        """A feed published before without a state never sees its numbers go down."""
        state = FeedState()
        with_state = feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state)
        without = feed_bytes(MET, uid_secret=PUBLIC, today=TODAY)
        assert with_state == without
        assert len(state) == len(shown(without)) > 0

    def test_iter_feed_and_write_feed_keep_it_too(self, tmp_path: Path) -> None:
        state = FeedState()
        assert b"".join(iter_feed(MET, uid_secret=PUBLIC, today=TODAY, state=state))
        write_feed(tmp_path / "f.ics", corrected(MET), uid_secret=PUBLIC, today=TODAY, state=state)
        assert start_meeting((tmp_path / "f.ics").read_bytes())[0] == 4

    def test_save_and_load(self, tmp_path: Path) -> None:
        state = FeedState()
        feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state, generated_at=stamp(TODAY))
        state.save(tmp_path / "state.json")
        loaded = FeedState.load(tmp_path / "state.json")
        assert loaded.to_json() == state.to_json()
        assert loaded.stamp == stamp(TODAY)
        data = feed_bytes(corrected(MET), uid_secret=PUBLIC, today=TODAY, state=loaded)
        assert start_meeting(data)[0] == 4
        assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left

    def test_dtstamp_never_goes_back(self) -> None:
        state = FeedState()
        feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state, generated_at=stamp(TODAY))
        with pytest.raises(ValidationError, match="generated_at") as info:
            iter_feed(
                MET,
                uid_secret=PUBLIC,
                today=TODAY,
                state=state,
                generated_at=stamp(date(2025, 2, 9)),
            )
        assert "earlier than the DTSTAMP of the latest feed" in str(info.value)
        assert state.stamp == stamp(TODAY)
        # The same moment again is fine (a rerun), and so is a later one.
        feed_bytes(MET, uid_secret=PUBLIC, state=state, generated_at=stamp(TODAY))

    def test_a_refused_feed_leaves_the_state_as_it_was(self) -> None:
        state = FeedState()
        feed_bytes(MET, uid_secret=PUBLIC, today=TODAY, state=state, generated_at=stamp(TODAY))
        later = stamp(TODAY + timedelta(days=1))
        with pytest.raises(ValidationError, match="name"):
            feed_bytes(
                MET, uid_secret=PUBLIC, today=TODAY, state=state, generated_at=later, name="a\x1bb"
            )
        assert state.stamp == stamp(TODAY)

    def test_a_state_must_be_a_state(self) -> None:
        with pytest.raises(ValidationError, match="state"):
            feed_bytes(MET, uid_secret=PUBLIC, state={})  # type: ignore[arg-type]

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            FeedState.load(tmp_path / "absent.json")

    def test_a_missing_file_may_be_a_first_run(self, tmp_path: Path) -> None:
        state = FeedState.load(tmp_path / "absent.json", missing_ok=True)
        assert state.stamp is None
        assert not (tmp_path / "absent.json").exists()  # nothing is written by loading

    @pytest.mark.parametrize(
        ("content", "words"),
        [
            (b"\xff", "not JSON"),
            (b"[]", "not a feed state"),
            (b'{"format": "other"}', "not a feed state"),
            (b'{"format": "ipsrules-feed-state", "version": 9, "events": {}}', "version 9"),
            (b'{"format": "ipsrules-feed-state", "version": 1}', "field 'events'"),
            (
                b'{"format": "ipsrules-feed-state", "version": 1, "events": {"u": [-1, "d"]}}',
                "UID 'u'",
            ),
            (
                b'{"format": "ipsrules-feed-state", "version": 1, "events": {"u": [true, "d"]}}',
                "expected [SEQUENCE, digest]",
            ),
            (
                b'{"format": "ipsrules-feed-state", "version": 1, "stamp": "2025-01-01",'
                b' "events": {}}',
                "field 'stamp'",
            ),
        ],
    )
    def test_a_file_that_is_not_a_state_is_refused(
        self, tmp_path: Path, content: bytes, words: str
    ) -> None:
        path = tmp_path / "state.json"
        path.write_bytes(content)
        with pytest.raises(LoadError) as info:
            FeedState.load(path)
        assert info.value.path == str(path)
        assert words in str(info.value)


class TestCommandLine:
    def test_state_file_across_runs(self, tmp_path: Path, capsysbinary, monkeypatch) -> None:
        monkeypatch.setenv("IPSRULES_SECRET_FILE", str(tmp_path / "secret"))
        dump(MET, tmp_path / "met.json")
        dump(corrected(MET), tmp_path / "corrected.json")
        state = tmp_path / "state.json"
        common = ["--today", TODAY.isoformat(), "--state", str(state)]

        def run(source: str, *more: str) -> bytes:
            assert main(["feed", str(tmp_path / source), *common, *more]) == 0
            return capsysbinary.readouterr().out

        first = run("met.json", "--generated-at", "2025-02-10T03:00Z")
        assert state.exists()
        saved = json.loads(state.read_text())
        assert saved["format"] == "ipsrules-feed-state"
        assert len(saved["events"]) == len(shown(first))
        assert start_meeting(first)[0] == 3
        second = run("corrected.json", "--generated-at", "2025-02-11T03:00Z")
        assert start_meeting(second)[0] == 4
        # A file and a split write the same state forward.
        run("met.json", "-o", str(tmp_path / "out.ics"), "--generated-at", "2025-02-12T03:00Z")
        assert start_meeting((tmp_path / "out.ics").read_bytes())[0] == 5
        run("corrected.json", "--split", str(tmp_path / "split"))
        assert start_meeting((tmp_path / "split" / "specialist-S1.ics").read_bytes())[0] == 6
