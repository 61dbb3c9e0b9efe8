"""Tests of the synthetic programme generator and of the sample shipped with the package."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from ipsrules import (
    ContactMode,
    Party,
    Programme,
    Rule,
    Setting,
    Status,
    check,
    dumps,
    sample_programme,
)
from ipsrules._synthetic import synthetic_programme

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SAMPLE_END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


class TestDeterminism:
    def test_same_seed_gives_equal_programmes(self):
        """Two builds with the same arguments are equal and write the same text."""
        first = synthetic_programme(participants=40, seed=11)
        second = synthetic_programme(participants=40, seed=11)
        assert first == second
        assert dumps(first) == dumps(second)

    def test_different_seed_gives_a_different_programme(self):
        """Another seed draws other records."""
        first = synthetic_programme(participants=40, seed=11)
        other = synthetic_programme(participants=40, seed=12)
        assert first != other
        assert first.participants != other.participants

    def test_same_text_under_any_hash_seed(self):
        """Interpreters with different string hashing build byte-identical programmes."""
        code = (
            "import hashlib, sys\n"
            "from ipsrules import dumps\n"
            "from ipsrules._synthetic import synthetic_programme\n"
            "text = dumps(synthetic_programme(participants=30, seed=5))\n"
            "sys.stdout.write(hashlib.sha256(text.encode()).hexdigest())\n"
        )
        expected = hashlib.sha256(
            dumps(synthetic_programme(participants=30, seed=5)).encode()
        ).hexdigest()
        for hash_seed in ("1", "2"):
            environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
            done = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
            )
            assert done.stdout == expected

    def test_contacts_until_cuts_only_the_contact_log(self):
        """An earlier end of the log leaves the other records as they are."""
        full = synthetic_programme(participants=30, seed=3)
        cut = synthetic_programme(participants=30, seed=3, contacts_until=date(2025, 6, 30))
        assert cut.participants == full.participants
        assert cut.jobs == full.jobs
        assert cut.contacts
        assert max(contact.local_date(cut.zone) for contact in cut.contacts) <= date(2025, 6, 30)
        assert len(cut.contacts) < len(full.contacts)

    def test_more_specialists_share_the_caseload(self):
        """Every specialist gets participants, in proportion to their FTE."""
        programme = synthetic_programme(participants=240, specialists=12, seed=9)
        assert [specialist.id for specialist in programme.specialists] == [
            f"ES{number}" for number in range(1, 13)
        ]
        caseload = Counter(participant.specialist_id for participant in programme.participants)
        for specialist in programme.specialists:
            per_fte = caseload[specialist.id] / specialist.fte
            assert 18 <= per_fte <= 23  # 240 participants over 11 FTE is about 21.8 each

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"specialists": 0}, "at least one specialist"),
            ({"participants": -1}, "no negative count"),
            ({"years": 0}, "years must be a positive number"),
            ({"years": float("nan")}, "years must be a positive number"),
        ],
    )
    def test_refuses_impossible_arguments(self, arguments, message):
        """Counts and spans that describe no programme raise a ValueError."""
        with pytest.raises(ValueError, match=message):
            synthetic_programme(**arguments)


class TestShippedSample:
    def test_file_is_what_the_script_writes(self):
        """The packaged JSON is `dumps(synthetic_programme())`, byte for byte."""
        shipped = (resources.files("ipsrules") / "data" / "sample-programme.json").read_bytes()
        assert shipped == dumps(synthetic_programme()).encode("utf-8")

    def test_sample_programme_reads_the_file(self, sample):
        """`sample_programme()` gives the default synthetic programme."""
        assert sample == synthetic_programme()


class TestSampleShape:
    def test_six_specialists_one_half_time(self, sample):
        """Six specialists ES1..ES6 with names; one works half time."""
        assert [specialist.id for specialist in sample.specialists] == [
            f"ES{number}" for number in range(1, 7)
        ]
        assert all(specialist.name for specialist in sample.specialists)
        assert sorted(specialist.fte for specialist in sample.specialists) == [0.5] + [1.0] * 5

    def test_92_participants_enrolled_over_two_years(self, sample):
        """92 pseudonymous participants, enrolled from 4 Nov 2024 over about two years."""
        assert [participant.id for participant in sample.participants] == [
            f"IPS-{number:04d}" for number in range(1, 93)
        ]
        enrolments = [participant.enrolled_on for participant in sample.participants]
        assert min(enrolments) == date(2024, 11, 4)
        assert date(2026, 8, 1) <= max(enrolments) <= date(2026, 11, 6)
        assert all(day.weekday() < 5 for day in enrolments)

    def test_caseloads_of_fifteen_to_twenty(self, sample):
        """Each full-time specialist holds 15 to 20 cases, the half-time one about half."""
        caseload = Counter(participant.specialist_id for participant in sample.participants)
        for specialist in sample.specialists:
            low, high = (15, 20) if specialist.fte == 1.0 else (7, 10)
            assert low <= caseload[specialist.id] <= high

    def test_a_few_discharged(self, sample):
        """Some participants have left the service, after they enrolled."""
        discharged = [p for p in sample.participants if p.discharged_on is not None]
        assert 1 <= len(discharged) <= 12
        assert all(p.discharged_on > p.enrolled_on for p in discharged)

    def test_about_half_get_a_job(self, sample):
        """40 to 50 per cent hold a job at some point; a few held one on entry."""
        workers = {job.participant_id for job in sample.jobs}
        assert 0.4 <= len(workers) / len(sample.participants) <= 0.5
        entered_working = [
            job
            for job in sample.jobs
            if job.held_on(sample.participant(job.participant_id).enrolled_on)
        ]
        assert entered_working

    def test_jobs_start_end_and_are_reported_late(self, sample):
        """Jobs of many kinds; some end, some are learnt of late or reported late."""
        jobs = sample.jobs
        assert len({job.job_type for job in jobs}) >= 6
        assert any(job.end is not None for job in jobs)
        assert any(job.end is None for job in jobs)
        late_ends = [job for job in jobs if job.end_known_on is not None]
        assert late_ends
        assert all(
            timedelta(0) < job.end_known_on - job.end <= timedelta(days=14) for job in late_ends
        )
        late_reports = [job for job in jobs if job.reported_on is not None]
        assert late_reports
        assert all(job.reported_on > job.start for job in late_reports)
        assert 1 <= sum(job.follow_along_declined_on is not None for job in jobs) <= 3
        assert any(not job.competitive for job in jobs)
        assert any(job.hours_per_week is not None and job.hours_per_week < 40 for job in jobs)
        assert all(job.employer for job in jobs)

    def test_contact_log_looks_like_a_case_log(self, sample):
        """Contacts until 20 Nov 2026, mostly Stockholm office hours, 15 to 90 minutes."""
        contacts = sample.contacts
        days = [contact.local_date(STOCKHOLM) for contact in contacts]
        assert max(days) == SAMPLE_END
        assert all(contact.specialist_id is not None for contact in contacts)
        assert all(15 <= contact.minutes <= 90 for contact in contacts)
        moments = [contact.at for contact in contacts if isinstance(contact.at, datetime)]
        assert 0.7 <= len(moments) / len(contacts) < 1
        assert all(moment.utcoffset() is not None for moment in moments)
        assert all(8 <= moment.astimezone(STOCKHOLM).hour < 17 for moment in moments)
        kinds = Counter((contact.mode, contact.party) for contact in contacts)
        assert kinds[ContactMode.FACE_TO_FACE, Party.EMPLOYER] > 0
        assert kinds[ContactMode.PHONE, Party.PARTICIPANT] > 0
        assert kinds[ContactMode.VIDEO, Party.PARTICIPANT] > 0
        assert kinds[ContactMode.MESSAGE, Party.PARTICIPANT] > 0
        meetings = [
            contact
            for contact in contacts
            if (contact.mode, contact.party) == (ContactMode.FACE_TO_FACE, Party.PARTICIPANT)
        ]
        in_community = sum(contact.setting is Setting.COMMUNITY for contact in meetings)
        assert in_community / len(meetings) > 0.6

    def test_most_job_follow_ups_met_some_missed(self, sample):
        """Judged on its last day, 80 to 95 per cent of the closed job follow-ups are met."""
        results = check(sample, today=SAMPLE_END)
        closed = Counter(
            result.status
            for result in results
            if result.follow_up.job_id is not None
            and result.follow_up.rule.needs_contact
            and result.status in (Status.MET, Status.MISSED)
        )
        assert closed[Status.MISSED] > 0
        assert 0.8 <= closed[Status.MET] / (closed[Status.MET] + closed[Status.MISSED]) <= 0.95
        assert any(result.status is Status.WAIVED for result in results)

    def test_met_follow_ups_have_a_meeting_in_their_window(self, sample):
        """A met job follow-up has a face-to-face meeting with its participant in its window."""
        meetings: dict[str, list[date]] = {}
        for contact in sample.contacts:
            if (contact.mode, contact.party) == (ContactMode.FACE_TO_FACE, Party.PARTICIPANT):
                meetings.setdefault(contact.participant_id, []).append(
                    contact.local_date(STOCKHOLM)
                )
        met = [
            result.follow_up
            for result in check(sample, today=SAMPLE_END)
            if result.status is Status.MET and result.follow_up.rule is Rule.WEEK
        ]
        assert met
        for follow_up in met:
            days = meetings[follow_up.participant_id]
            assert any(follow_up.opens <= day <= follow_up.closes for day in days)

    def test_first_employer_contact_mostly_met(self, sample):
        """Job development starts within weeks of entry, not always within the 31 days."""
        results = [
            result
            for result in check(sample, today=SAMPLE_END)
            if result.follow_up.rule is Rule.FIRST_EMPLOYER_CONTACT
        ]
        statuses = Counter(result.status for result in results)
        assert statuses[Status.MISSED] >= 1
        assert statuses[Status.MET] >= 0.8 * len(results)
