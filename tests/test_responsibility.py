"""
Whose follow-up it is: check reports and feeds follow the specialist responsible on the
deciding day, which is today moved into the window and into the participant's time in the
service (docs/rules.md, "Whose follow-up it is").
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    Disclosure,
    Handover,
    Participant,
    Programme,
    Rule,
    Specialist,
    Status,
    ValidationError,
    check,
    check_report,
    dump,
    event_uid,
    feed_bytes,
)
from ipsrules._responsibility import deciding_day
from ipsrules.cli import main
from ipsrules.strategies import days, handovers, programmes

ENROLLED = date(2025, 3, 3)
# The first employer contact of a participant enrolled on ENROLLED is due in this window.
OPENS, CLOSES = ENROLLED, date(2025, 4, 2)
ALL = tuple(Status)


def programme(*passed_on: Handover, discharged_on: date | None = None, **fields) -> Programme:
    """P1 enrolled on ENROLLED with S1, no job: one follow-up, the first employer contact."""
    return Programme(
        id="T",
        name="Team",
        specialists=fields.pop("specialists", [Specialist("S1"), Specialist("S2")]),
        participants=[Participant("P1", ENROLLED, specialist_id="S1", discharged_on=discharged_on)],
        handovers=passed_on,
        **fields,
    )


def owner(programme: Programme, today: date) -> str | None:
    """Whose the one follow-up is on *today*, by the check report."""
    report = check_report(programme, today=today, statuses=ALL)
    (result,) = report.results
    assert result.follow_up.rule is Rule.FIRST_EMPLOYER_CONTACT
    assert (result.follow_up.opens, result.follow_up.closes) == (OPENS, CLOSES)
    for specialist in ("S1", "S2"):
        mine = check_report(programme, today=today, statuses=ALL, specialist=specialist)
        assert (mine.results == report.results) == (report.specialists[0] == specialist)
    return report.specialists[0]


class TestDecidingDay:
    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (OPENS - timedelta(1), OPENS),  # upcoming: the day it opens
            (OPENS, OPENS),
            (OPENS + timedelta(9), OPENS + timedelta(9)),  # open: today
            (CLOSES, CLOSES),
            (CLOSES + timedelta(1), CLOSES),  # closed: the day it closed
        ],
    )
    def test_today_moved_into_the_window(self, today, expected):
        (follow_up,) = [r.follow_up for r in check(programme(), today=today)]
        assert deciding_day(programme(), follow_up, today) == expected

    def test_never_after_discharge(self):
        left = OPENS + timedelta(5)
        ended = programme(discharged_on=left)
        (follow_up,) = [r.follow_up for r in check(ended, today=CLOSES)]
        assert deciding_day(ended, follow_up, CLOSES + timedelta(1)) == left


class TestAHandoverInAnOpenWindow:
    """The window is open today: the specialist responsible today holds it."""

    HANDED = OPENS + timedelta(10)

    def test_the_day_before_the_handover_it_is_the_old_specialist_s(self):
        assert (
            owner(programme(Handover("P1", self.HANDED, "S2")), self.HANDED - timedelta(1)) == "S1"
        )

    def test_on_the_day_of_the_handover_it_is_the_new_specialist_s(self):
        assert owner(programme(Handover("P1", self.HANDED, "S2")), self.HANDED) == "S2"

    def test_to_nobody_it_is_nobody_s(self):
        handed = programme(Handover("P1", self.HANDED, None))
        assert owner(handed, self.HANDED) is None
        uid = event_uid(check(handed, today=self.HANDED)[0].follow_up.id)
        assert uid.encode() in feed_bytes(handed, today=self.HANDED, unassigned=True)
        assert uid.encode() not in feed_bytes(handed, today=self.HANDED, specialist_id="S1")


class TestAHandoverBeforeAWindowOpens:
    """An upcoming window belongs to whoever will hold the case on its first day."""

    def test_handed_over_on_the_opening_day(self):
        today = OPENS - timedelta(3)
        assert owner(programme(Handover("P1", OPENS, "S2")), today) == "S2"

    def test_handed_over_the_day_after_it_opens(self):
        today = OPENS - timedelta(3)
        assert owner(programme(Handover("P1", OPENS + timedelta(1), "S2")), today) == "S1"


class TestAHandoverAroundTheClose:
    """A closed window stays with the specialist who held the case on its last day."""

    def test_handed_over_on_the_closing_day(self):
        today = CLOSES + timedelta(30)
        assert owner(programme(Handover("P1", CLOSES, "S2")), today) == "S2"

    def test_handed_over_the_day_after_it_closed(self):
        today = CLOSES + timedelta(30)
        assert owner(programme(Handover("P1", CLOSES + timedelta(1), "S2")), today) == "S1"


class TestStaffInPost:
    def test_a_leaver_s_open_follow_ups_wait_for_a_specialist(self):
        left = OPENS + timedelta(5)
        staff = [Specialist("S1", left_on=left), Specialist("S2")]
        assert owner(programme(specialists=staff), left) == "S1"
        assert owner(programme(specialists=staff), left + timedelta(1)) is None
        passed = programme(Handover("P1", left + timedelta(1), "S2"), specialists=staff)
        assert owner(passed, left + timedelta(1)) == "S2"

    def test_a_window_past_discharge_stays_with_the_last_specialist(self):
        left = OPENS + timedelta(5)
        ended = programme(Handover("P1", left, "S2"), discharged_on=left)
        assert owner(ended, CLOSES + timedelta(1)) == "S2"


def shared_out(programme: Programme, today: date) -> None:
    """Per-specialist check reports and the unassigned rest make up the whole report."""
    whole = check_report(programme, today=today, statuses=ALL)
    seen = []
    for specialist in programme.specialists:
        mine = check_report(programme, today=today, statuses=ALL, specialist=specialist.id)
        assert set(mine.specialists) <= {specialist.id}
        seen.extend(result.follow_up.id for result in mine.results)
    seen.extend(
        result.follow_up.id
        for result, specialist in zip(whole.results, whole.specialists, strict=True)
        if specialist is None
    )
    assert sorted(seen) == sorted(result.follow_up.id for result in whole.results)


class TestProperties:
    @given(programmes(), days(), st.data())
    def test_a_handover_moves_follow_ups_but_never_changes_the_totals(
        self, programme: Programme, today: date, data: st.DataObject
    ):
        """Property: a new handover changes no follow-up and no status of the programme;
        before and after it, the specialists' reports and the unassigned rest share out
        the whole programme, each follow-up once."""
        person = data.draw(st.sampled_from(programme.participants))
        taken = {h.on for h in programme.handovers if h.participant_id == person.id}
        staff = tuple(s.id for s in programme.specialists)
        new = data.draw(handovers(person, specialist_ids=staff).filter(lambda h: h.on not in taken))
        handed = attrs.evolve(programme, handovers=[*programme.handovers, new])
        assert check(handed, today=today) == check(programme, today=today)
        shared_out(programme, today)
        shared_out(handed, today)

    @given(programmes(), days())
    def test_the_report_names_the_specialist_responsible_on_the_deciding_day(
        self, programme: Programme, today: date
    ):
        """Property: by reading the records directly, not through the index."""
        report = check_report(programme, today=today, statuses=ALL)
        for result, specialist in zip(report.results, report.specialists, strict=True):
            follow_up = result.follow_up
            person = programme.participant(follow_up.participant_id)
            day = min(max(today, follow_up.opens), follow_up.closes)
            if person.discharged_on is not None:
                day = min(day, person.discharged_on)
            day = max(day, person.enrolled_on)
            expected = person.specialist_id
            theirs = [
                h for h in programme.handovers if h.participant_id == person.id and h.on <= day
            ]
            if theirs:
                expected = max(theirs, key=lambda h: h.on).specialist_id
            if expected is not None and not programme.specialist(expected).in_post(day):
                expected = None
            assert specialist == expected


class TestCommandLine:
    """`check --specialist` and `feed --split` follow the handover, on both sides of it."""

    HANDED = OPENS + timedelta(10)

    @pytest.fixture(name="path")
    def _path(self, tmp_path):
        path = tmp_path / "programme.json"
        dump(programme(Handover("P1", self.HANDED, "S2")), path)
        return str(path)

    def listed(self, capsys, path: str, today: date, specialist: str) -> list[str]:
        arguments = ["check", path, "--format", "json", "--today", today.isoformat()]
        assert main([*arguments, "--specialist", specialist]) == 0
        return [row["participant"] for row in json.loads(capsys.readouterr().out)]

    def test_check_lists_the_due_follow_up_for_whoever_holds_the_case_today(self, capsys, path):
        before = self.HANDED - timedelta(1)
        assert self.listed(capsys, path, before, "S1") == ["P1"]
        assert self.listed(capsys, path, before, "S2") == []
        assert self.listed(capsys, path, self.HANDED, "S1") == []
        assert self.listed(capsys, path, self.HANDED, "S2") == ["P1"]

    def test_split_puts_the_event_in_the_new_specialist_s_file(self, path, tmp_path):
        out = tmp_path / "feeds"
        today = self.HANDED.isoformat()
        assert main(["feed", path, "--today", today, "--split", str(out)]) == 0
        assert b"BEGIN:VEVENT" in (out / "specialist-S2.ics").read_bytes()
        assert b"BEGIN:VEVENT" not in (out / "specialist-S1.ics").read_bytes()
        assert b"BEGIN:VEVENT" not in (out / "unassigned.ics").read_bytes()


class TestFeedOptions:
    HANDED = OPENS + timedelta(10)

    def test_unassigned_and_a_specialist_contradict_each_other(self):
        with pytest.raises(ValidationError) as caught:
            feed_bytes(programme(), today=OPENS, specialist_id="S1", unassigned=True)
        assert caught.value.field == "unassigned"

    def test_unassigned_is_true_or_false(self):
        with pytest.raises(ValidationError) as caught:
            feed_bytes(programme(), today=OPENS, unassigned="yes")  # type: ignore[arg-type]
        assert caught.value.field == "unassigned"

    def test_a_disclosed_name_is_the_specialist_the_follow_up_belongs_to(self):
        staff = [Specialist("S1", name="Alva Berg"), Specialist("S2", name="Bo Ek")]
        handed = programme(Handover("P1", self.HANDED, "S2"), specialists=staff)

        def named(today: date) -> bytes:
            data = feed_bytes(handed, today=today, disclose=Disclosure.SPECIALIST_NAME)
            return data.replace(b"\r\n ", b"")

        assert b"Specialist: Alva Berg." in named(self.HANDED - timedelta(1))
        assert b"Specialist: Bo Ek." in named(self.HANDED)
        assert b"Alva Berg" not in named(self.HANDED)
