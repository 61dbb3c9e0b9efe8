"""Fidelity items with records of a real service: generic contacts, staff who come and go."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipsrules import (
    Contact,
    ContactMode,
    Handover,
    Job,
    Participant,
    Party,
    Programme,
    Setting,
    Specialist,
    check,
)
from ipsrules.fidelity import compute_items
from ipsrules.fidelity._computed import (
    days_without_a_job,
    responsible_days,
    responsible_spans,
)
from ipsrules.strategies import days, generic_contacts, programmes

START = date(2025, 1, 1)
END = date(2025, 12, 31)


def programme(**records) -> Programme:
    records.setdefault("specialists", [Specialist("ES1")])
    return Programme(id="demo", name="Demo", **records)


def result(records, key, start=START, end=END):
    return {r.item.key: r for r in compute_items(programme(**records), start=start, end=end)}[key]


def meet_employer(pid, day, specialist="ES1", **more):
    return Contact(
        pid, day, ContactMode.FACE_TO_FACE, Party.EMPLOYER, specialist_id=specialist, **more
    )


class TestGenericContacts:
    def test_they_count_for_job_development(self):
        """Meetings with employers for no one participant count as job development."""
        people = [Participant("P1", date(2024, 1, 1))]
        log = [meet_employer(None, START + timedelta(days=n), id=f"G{n}") for n in range(12)]
        found = result(
            {"participants": people, "contacts": log},
            "job_development_frequency",
            end=START + timedelta(days=13),
        )

        assert (found.measure, found.score) == (6.0, 5)
        assert found.evidence.counts["generic_employer_contacts"] == 12
        assert found.evidence.records == tuple(f"G{n}" for n in range(12))

    def test_they_start_nobodys_job_search(self):
        """A face-to-face employer meeting for no participant times nobody's search."""
        people = [Participant("P1", date(2025, 12, 1))]
        log = [meet_employer(None, date(2025, 12, 2))]
        found = result({"participants": people, "contacts": log}, "rapid_job_search")

        assert found.evidence.counts["still_waiting"] == 1
        assert found.measure == 30

    @settings(max_examples=40)
    @given(
        days_met=st.lists(st.integers(min_value=0, max_value=27), max_size=30),
        generic=st.lists(
            st.tuples(st.integers(min_value=0, max_value=27), st.sampled_from(["ES1", "ES2"])),
            min_size=1,
            max_size=10,
        ),
    )
    def test_adding_one_never_lowers_job_development(self, days_met, generic):
        """Adding job development for no participant never lowers item 17."""
        staff = [Specialist("ES1"), Specialist("ES2", fte=0.5)]
        people = [Participant("P1", date(2024, 1, 1))]
        base = [Contact("P1", START, ContactMode.PHONE, specialist_id="ES1")]
        base += [meet_employer("P1", START + timedelta(days=d), "ES1") for d in days_met]
        extra = [meet_employer(None, START + timedelta(days=d), sid) for d, sid in generic]
        end = START + timedelta(days=27)
        records = {"specialists": staff, "participants": people}
        before = result({**records, "contacts": base}, "job_development_frequency", end=end)
        after = result({**records, "contacts": base + extra}, "job_development_frequency", end=end)

        assert after.measure > before.measure
        assert after.score >= before.score

    @settings(max_examples=30, deadline=None)
    @given(records=programmes(max_participants=4, max_contacts=20), data=st.data())
    def test_adding_one_never_lowers_item_17_nor_changes_a_follow_up(self, records, data):
        """On any programme: item 17 never drops, and no follow-up's status moves."""
        if not records.specialists:
            return
        in_post = [s.id for s in records.specialists if s.left_on is None]
        if not in_post:
            return
        start = data.draw(days(date(2024, 1, 1), date(2026, 6, 30)))
        end = start + timedelta(days=data.draw(st.integers(min_value=0, max_value=200)))
        extra = data.draw(
            st.lists(generic_contacts(tuple(in_post), on=days(start, end)), min_size=1, max_size=5)
        )
        more = attrs.evolve(records, contacts=(*records.contacts, *extra))

        def item_17(programme):
            return compute_items(programme, start=start, end=end)[16]

        before, after = item_17(records), item_17(more)
        if before.score is not None and after.score is not None:
            assert after.score >= before.score
            assert after.measure >= before.measure
        for checked in (START, end):
            assert [(r.follow_up.id, r.status) for r in check(records, today=checked)] == [
                (r.follow_up.id, r.status) for r in check(more, today=checked)
            ]


class TestStaffInPost:
    def test_caseload_counts_full_time_equivalents_in_post(self):
        """ES2 leaves after 5 of 10 days: 20 participants over 15 FTE-days of 10 is 13.3."""
        staff = [Specialist("ES1"), Specialist("ES2", left_on=date(2025, 1, 5))]
        people = [Participant(f"P{n}", date(2024, 6, 1), specialist_id="ES1") for n in range(20)]
        found = result(
            {"specialists": staff, "participants": people},
            "caseload_size",
            end=date(2025, 1, 10),
        )

        assert found.measure == pytest.approx(200 / 15)
        assert found.evidence.counts["full_time_equivalents"] == 1.5
        assert found.evidence.counts["caseload:ES1"] == 20
        assert found.evidence.counts["caseload:ES2"] == 0

    def test_a_specialist_out_of_post_all_period_does_not_count(self):
        """A specialist who left before the period adds no full-time equivalent."""
        staff = [Specialist("ES1"), Specialist("GONE", left_on=date(2024, 12, 31))]
        people = [Participant(f"P{n}", date(2024, 6, 1)) for n in range(30)]
        found = result({"specialists": staff, "participants": people}, "caseload_size")

        assert (found.measure, found.score) == (30.0, 3)
        assert found.evidence.counts["specialists"] == 1

    def test_nobody_in_post(self):
        staff = [Specialist("ES1", started_on=date(2026, 1, 1))]
        found = result(
            {"specialists": staff, "participants": [Participant("P1", START)]}, "caseload_size"
        )

        assert not found.computable
        assert "in post" in found.needs

    def test_days_without_a_responsible_specialist(self):
        """A case handed to nobody on day 6 of 10 has 5 participant-days with nobody."""
        people = [Participant("P1", date(2024, 6, 1), specialist_id="ES1")]
        handovers = [Handover("P1", date(2025, 1, 6), None)]
        found = result(
            {"participants": people, "handovers": handovers},
            "caseload_size",
            end=date(2025, 1, 10),
        )

        assert found.evidence.counts["participant_days_without_responsible_specialist"] == 5
        assert found.evidence.counts["caseload:ES1"] == 0.5
        assert "nobody was responsible" in found.evidence.summary

    def test_job_development_per_week_in_post(self):
        """ES2 starts on day 8 of 14 and meets 6 employers in that week: 6 a week, not 3."""
        staff = [Specialist("ES1"), Specialist("ES2", started_on=date(2025, 1, 8))]
        people = [Participant("P1", date(2024, 1, 1))]
        log = [meet_employer(None, date(2025, 1, 8 + n), "ES2") for n in range(6)]
        log += [meet_employer("P1", date(2025, 1, 1 + n), "ES1") for n in range(12)]
        found = result(
            {"specialists": staff, "participants": people, "contacts": log},
            "job_development_frequency",
            end=date(2025, 1, 14),
        )

        assert found.evidence.counts["per_week:ES2"] == pytest.approx(6.0)
        assert found.evidence.counts["per_week:ES1"] == pytest.approx(6.0)
        assert found.score == 5

    def test_job_seekers_per_specialist(self):
        """ES1 holds P1 (looking) and P2 (in work); ES2 holds three looking: ES1 has few."""
        staff = [Specialist("ES1"), Specialist("ES2")]
        people = [
            Participant("P1", date(2024, 1, 1), specialist_id="ES1"),
            Participant("P2", date(2024, 1, 1), specialist_id="ES1"),
            *[Participant(f"Q{n}", date(2024, 1, 1), specialist_id="ES2") for n in range(3)],
        ]
        jobs = [Job("J1", "P2", date(2024, 6, 1))]
        log = [meet_employer(None, date(2025, 1, 2), "ES1")]
        found = result(
            {"specialists": staff, "participants": people, "jobs": jobs, "contacts": log},
            "job_development_frequency",
            end=date(2025, 1, 14),
        )

        assert found.evidence.counts["job_seekers:ES1"] == 1
        assert found.evidence.counts["job_seekers:ES2"] == 3
        assert "Fewer than 3 job seekers on average" in found.evidence.summary
        assert ": ES1." in found.evidence.summary

    def test_a_contact_outside_post_is_left_out_and_named(self):
        """A meeting logged after the specialist left is not counted, and the summary says so."""
        staff = [Specialist("ES1"), Specialist("ES2", left_on=date(2025, 1, 7))]
        log = [meet_employer(None, date(2025, 1, 10), "ES2", id="LATE")]
        log += [meet_employer(None, date(2025, 1, 2), "ES2", id="OK")]
        found = result(
            {"specialists": staff, "contacts": log},
            "job_development_frequency",
            end=date(2025, 1, 14),
        )

        assert found.evidence.counts["employer_contacts_outside_post"] == 1
        assert found.evidence.records == ("OK",)
        assert "LATE" in found.evidence.summary

    def test_employment_share_of_those_in_post(self):
        staff = [
            Specialist("ES1", employment_share=1.0),
            Specialist("OLD", left_on=date(2024, 1, 1)),  # no share, but gone
        ]
        found = result({"specialists": staff}, "employment_services_staff")

        assert (found.measure, found.score) == (100.0, 5)

    def test_scheduled_hours_over_weeks_in_post(self):
        """10 hours a week for the 7 days in post is 600 minutes: 300 in the community is 50%."""
        staff = [Specialist("ES1", started_on=date(2025, 1, 8))]
        log = [
            Contact(
                None,
                date(2025, 1, 9),
                ContactMode.FACE_TO_FACE,
                Party.EMPLOYER,
                setting=Setting.COMMUNITY,
                minutes=300,
                specialist_id="ES1",
            )
        ]
        found = compute_items(
            programme(specialists=staff, contacts=log),
            start=START,
            end=date(2025, 1, 14),
            scheduled_hours={"ES1": 10},
        )[23]

        assert (found.measure, found.score) == (50.0, 4)


class TestHandovers:
    @settings(max_examples=60, deadline=None)
    @given(records=programmes(max_participants=4, max_contacts=0), data=st.data())
    def test_responsible_days_agree_with_the_model_day_by_day(self, records, data):
        """The days by responsible specialist are those of responsible_specialist(), each day."""
        participant = data.draw(st.sampled_from(records.participants))
        first = data.draw(days(participant.enrolled_on, participant.enrolled_on + timedelta(400)))
        last = first + timedelta(days=data.draw(st.integers(min_value=0, max_value=120)))
        if participant.discharged_on is not None:
            if first > participant.discharged_on:
                return
            last = min(last, participant.discharged_on)
        expected: dict[str | None, int] = {}
        by_day = {}
        day = first
        while day <= last:
            sid = records.responsible_specialist(participant.id, day)
            expected[sid] = expected.get(sid, 0) + 1
            by_day[day] = sid
            day += timedelta(days=1)
        spans = responsible_spans(records, participant, first, last)

        assert responsible_days(records, participant, first, last) == expected
        assert spans[0][1] == first
        assert spans[-1][2] == last
        for (_, _, end), (_, start, _) in pairwise(spans):
            assert start == end + timedelta(days=1)  # no gap, no overlap
        for sid, start, end in spans:
            assert start <= end
            assert {by_day[start + timedelta(days=n)] for n in range((end - start).days + 1)} == {
                sid
            }

    @settings(max_examples=60)
    @given(
        jobs=st.lists(
            st.tuples(
                st.integers(min_value=-30, max_value=60),
                st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
            ),
            max_size=4,
        ),
        length=st.integers(min_value=0, max_value=40),
    )
    def testdays_without_a_job_agree_day_by_day(self, jobs, length):
        held = [
            Job(
                f"J{n}",
                "P1",
                START + timedelta(days=s),
                None if d is None else START + timedelta(days=s + d),
            )
            for n, (s, d) in enumerate(jobs)
        ]
        end = START + timedelta(days=length)
        expected = sum(
            1
            for n in range(length + 1)
            if not any(job.held_on(START + timedelta(days=n)) for job in held)
        )

        assert days_without_a_job(held, START, end) == expected

    @settings(max_examples=30, deadline=None)
    @given(
        on=st.integers(min_value=0, max_value=364),
        to=st.sampled_from(["ES2", "ES3", None]),
        people=st.integers(min_value=1, max_value=40),
    )
    def test_a_handover_never_changes_the_programmes_caseload(self, on, to, people):
        """Item 1's measure and score are the programme's: who holds a case does not move them."""
        staff = [Specialist("ES1"), Specialist("ES2", fte=0.7), Specialist("ES3", fte=0.3)]
        participants = [
            Participant(f"P{n}", date(2024, 6, 1), specialist_id="ES1") for n in range(people)
        ]
        handovers = [Handover("P0", START + timedelta(days=on), to)]
        records = {"specialists": staff, "participants": participants}
        before = result(records, "caseload_size")
        after = result({**records, "handovers": handovers}, "caseload_size")

        assert (after.measure, after.score) == (before.measure, before.score)
        moved = after.evidence.counts["caseload:ES1"] != before.evidence.counts["caseload:ES1"]
        assert moved
