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
    NO_INCOME_SUPPORT,
    SAMPLE_REPORT_DATE,
    ContactMode,
    ExitReason,
    Party,
    Programme,
    ReferralState,
    Rule,
    Setting,
    Status,
    check,
    dumps,
    sample_programme,
)
from ipsrules.synthetic import default_report_date, synthetic_programme

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SAMPLE_END = date(2026, 11, 20)


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


def status_on(programme: Programme, participant_id: str, day: date) -> str:
    """
    What a participant does on *day*, by the board report's precedence: a competitive job,
    then other paid work (both "employment"), then studies, then an internship, else planning
    or job search. Written here on its own, not taken from the library.
    """
    jobs = [j for j in programme.jobs if j.participant_id == participant_id and j.held_on(day)]
    if any(job.competitive for job in jobs):
        return "competitive job"
    if jobs:
        return "other paid job"
    if any(s.participant_id == participant_id and s.held_on(day) for s in programme.studies):
        return "studies"
    if any(i.participant_id == participant_id and i.held_on(day) for i in programme.internships):
        return "internship"
    return "planning or job search"


def active_on(programme: Programme, day: date) -> list[str]:
    return [
        p.id
        for p in programme.participants
        if p.enrolled_on <= day and (p.discharged_on is None or day <= p.discharged_on)
    ]


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
            "from ipsrules.synthetic import synthetic_programme\n"
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
        """On the report date every specialist holds cases in proportion to their FTE."""
        programme = synthetic_programme(participants=240, specialists=12, seed=9)
        assert [specialist.id for specialist in programme.specialists] == [
            f"ES{number}" for number in range(1, 13)
        ]
        report = default_report_date(date(2024, 11, 4), 2.0)
        caseload = Counter(
            programme.responsible_specialist(pid, report) for pid in active_on(programme, report)
        )
        assert caseload.total() == 240
        for specialist in programme.specialists:
            per_fte = caseload[specialist.id] / specialist.fte
            assert 21 <= per_fte <= 23  # 240 participants over 11 FTE is about 21.8 each

    @pytest.mark.parametrize("participants", [0, 1, 7, 46, 92, 200])
    def test_status_counts_follow_the_board_report_mix(self, participants):
        """
        Any number of active participants is split as 19:3:15:31:24 of 92 (competitive job,
        other paid job, studies, internship, planning or search), each within one of its share.
        """
        programme = synthetic_programme(participants=participants, seed=participants)
        report = default_report_date(date(2024, 11, 4), 2.0)
        active = active_on(programme, report)
        assert len(active) == participants
        counts = Counter(status_on(programme, pid, report) for pid in active)
        shares = {
            "competitive job": 19,
            "other paid job": 3,
            "studies": 15,
            "internship": 31,
            "planning or job search": 24,
        }
        for status, share in shares.items():
            assert abs(counts[status] - participants * share / 92) < 1

    def test_report_date_is_the_last_quarter_end_two_weeks_before_the_records_end(self):
        """Quarter ends: 30 Sep 2026 for the sample's span; a span without one has no quarter."""
        assert default_report_date(date(2024, 11, 4), 2.0) == date(2026, 9, 30)
        # The records end 16 days after one year: 2025-11-20; two weeks before is 11-06.
        assert default_report_date(date(2024, 11, 4), 1.0) == date(2025, 9, 30)
        # Ends on 2025-12-31 + 14 days: the quarter end 2025-12-31 itself is allowed.
        assert default_report_date(date(2025, 1, 1), 379 / 365) == date(2025, 12, 31)
        # Too short a span for a quarter end after the first enrolment: 0.1 years is 36 days,
        # the records end on 2025-11-23, and the report date is two weeks before.
        assert default_report_date(date(2025, 10, 2), 0.1) == date(2025, 11, 9)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            ({"specialists": 0}, "at least one specialist"),
            ({"participants": -1}, "no negative count"),
            ({"years": 0}, "years must be a positive number"),
            ({"years": float("nan")}, "years must be a positive number"),
            ({"report_date": date(2024, 11, 3)}, "report_date must be from first_enrolment"),
            ({"report_date": date(2026, 11, 21)}, "report_date must be from first_enrolment"),
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

    def test_participants_enrolled_over_two_years(self, sample):
        """Pseudonymous participants numbered in order of enrolment, from 4 Nov 2024."""
        assert [participant.id for participant in sample.participants] == [
            f"IPS-{number:04d}" for number in range(1, len(sample.participants) + 1)
        ]
        enrolments = [participant.enrolled_on for participant in sample.participants]
        assert enrolments == sorted(enrolments)
        assert min(enrolments) == date(2024, 11, 4)
        assert SAMPLE_REPORT_DATE < max(enrolments) <= SAMPLE_END
        assert all(day.weekday() < 5 for day in enrolments)

    def test_caseloads_of_fifteen_to_twenty(self, sample):
        """On the report date each full-time specialist holds 15 to 20 cases, the half-time
        one about half as many."""
        caseload = Counter(
            sample.responsible_specialist(pid, SAMPLE_REPORT_DATE)
            for pid in active_on(sample, SAMPLE_REPORT_DATE)
        )
        for specialist in sample.specialists:
            low, high = (15, 20) if specialist.fte == 1.0 else (7, 10)
            assert low <= caseload[specialist.id] <= high

    def test_some_left_with_a_reason_and_their_income_support(self, sample):
        """Discharged participants have an exit reason and, mostly, their income support."""
        discharged = [p for p in sample.participants if p.discharged_on is not None]
        assert 15 <= len(discharged) <= 40
        assert all(p.discharged_on > p.enrolled_on for p in discharged)
        assert all(p.exit_reason is not None for p in discharged)
        assert set(ExitReason) == {p.exit_reason for p in discharged}
        assert any(p.discharged_on > SAMPLE_REPORT_DATE for p in discharged)
        recorded = [p for p in discharged if p.income_support_at_exit is not None]
        assert len(recorded) >= 0.8 * len(discharged)
        assert any(p.income_support_at_exit == NO_INCOME_SUPPORT for p in recorded)
        assert any(p.income_support_at_exit != NO_INCOME_SUPPORT for p in recorded)
        # Those who leave for work mostly leave their income support behind too.
        to_work = [p for p in recorded if p.exit_reason is ExitReason.EMPLOYED]
        off_support = [p for p in to_work if p.income_support_at_exit == NO_INCOME_SUPPORT]
        assert len(off_support) > len(to_work) / 2
        # No one still in the service has an exit reason or an income support at exit.
        staying = [p for p in sample.participants if p.discharged_on is None]
        assert all(p.exit_reason is p.income_support_at_exit is None for p in staying)

    def test_income_support_at_entry(self, sample):
        """Most entered on some public income support, a few on none, a few not recorded."""
        at_entry = Counter(p.income_support_at_entry for p in sample.participants)
        assert at_entry[None] >= 1
        assert at_entry[NO_INCOME_SUPPORT] >= 1
        assert len(at_entry) >= 5
        assert at_entry[NO_INCOME_SUPPORT] + at_entry[None] < 0.3 * len(sample.participants)

    def test_those_who_left_for_work_or_studies_did_so(self, sample):
        """A participant who left for a job held one on the day they left; studies alike."""
        for participant in sample.participants:
            left = participant.discharged_on
            if participant.exit_reason is ExitReason.EMPLOYED:
                assert status_on(sample, participant.id, left) in (
                    "competitive job",
                    "other paid job",
                )
            elif participant.exit_reason is ExitReason.STUDYING:
                assert status_on(sample, participant.id, left) == "studies"

    def test_about_two_in_five_get_a_job(self, sample):
        """A job at some point for 35 to 50 per cent; a few held one on entry."""
        workers = {job.participant_id for job in sample.jobs}
        assert 0.35 <= len(workers) / len(sample.participants) <= 0.5
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


class TestSampleReportDate:
    """The board report of the issue, reproduced on the sample's report date."""

    def test_report_date_is_the_end_of_q3_2026(self):
        assert date(2026, 9, 30) == SAMPLE_REPORT_DATE

    def test_status_counts_are_those_of_the_board_report(self, sample):
        """92 active: 22 in employment, 15 studying, 31 in an internship, 24 planning or
        searching."""
        active = active_on(sample, SAMPLE_REPORT_DATE)
        assert len(active) == 92
        counts = Counter(status_on(sample, pid, SAMPLE_REPORT_DATE) for pid in active)
        employment = counts["competitive job"] + counts["other paid job"]
        assert employment == 22
        assert counts["other paid job"] >= 1  # both kinds of paid work are in the sample
        assert counts["studies"] == 15
        assert counts["internship"] == 31
        assert counts["planning or job search"] == 24

    def test_precedence_decides_for_some(self, sample):
        """Some active participants do two things on the report date, so precedence counts."""
        day = SAMPLE_REPORT_DATE
        records = (*sample.jobs, *sample.studies, *sample.internships)
        doubled = [
            pid
            for pid in active_on(sample, day)
            if sum(r.participant_id == pid and r.held_on(day) for r in records) > 1
        ]
        assert len(doubled) >= 3

    def test_51_on_the_waiting_list(self, sample):
        """51 referrals arrived by the report date and were not decided before or on it."""
        day = SAMPLE_REPORT_DATE
        waiting = [
            r
            for r in sample.referrals
            if r.referred_on <= day and (r.decided_on is None or r.decided_on > day)
        ]
        assert len(waiting) == 51
        # Some of them were decided later: enrolled, declined or withdrawn after the day.
        assert {r.state for r in waiting} == set(ReferralState)

    def test_six_employment_specialists(self, sample):
        assert len(sample.specialists) == 6
        assert sum(specialist.fte for specialist in sample.specialists) == 5.5


class TestSampleReferrals:
    def test_every_participant_came_by_one_enrolled_referral(self, sample):
        """An enrolled referral per participant, decided on the day they enrolled."""
        enrolled = [r for r in sample.referrals if r.state is ReferralState.ENROLLED]
        assert sorted(r.participant_id for r in enrolled) == [p.id for p in sample.participants]
        for referral in enrolled:
            assert referral.decided_on == sample.participant(referral.participant_id).enrolled_on
            assert referral.referred_on <= referral.decided_on

    def test_referrals_numbered_in_order_of_arrival(self, sample):
        days = [referral.referred_on for referral in sample.referrals]
        assert days == sorted(days)
        assert [r.id for r in sample.referrals] == [f"R{n:04d}" for n in range(1, len(days) + 1)]

    def test_declined_withdrawn_and_still_waiting(self, sample):
        states = Counter(referral.state for referral in sample.referrals)
        assert states[ReferralState.DECLINED] >= 5
        assert states[ReferralState.WITHDRAWN] >= 5
        assert states[ReferralState.REFERRED] >= 40
        assert {r.source for r in sample.referrals} >= {"psychiatry", "social_services"}
        assert any(r.referred_on > SAMPLE_REPORT_DATE for r in sample.referrals)


class TestSampleStudiesAndInternships:
    def test_studies_of_schools_follow_terms(self, sample):
        """Schools start terms in January or August; courses whenever; some run on."""
        studies = sample.studies
        assert len({study.kind for study in studies}) >= 4
        terms = {"folk_high_school", "vocational_college", "university"}
        schools = [study for study in studies if study.kind in terms]
        assert schools
        assert all(study.start.month in (1, 8) for study in schools)
        assert all(study.start.weekday() < 5 for study in studies)
        assert any(study.end is None for study in studies)
        assert any(study.end is not None and study.end < SAMPLE_REPORT_DATE for study in studies)

    def test_internships_last_weeks_to_months_after_enrolment(self, sample):
        """Internships start on or after enrolment, last four weeks to about half a year."""
        internships = sample.internships
        for internship in internships:
            assert internship.start >= sample.participant(internship.participant_id).enrolled_on
            assert internship.start.weekday() < 5
            if internship.end is not None:
                assert 27 <= (internship.end - internship.start).days <= 190
            assert internship.employer
            assert internship.hours_per_week is not None
            assert internship.hours_per_week <= 30
        assert any(internship.end is None for internship in internships)
        assert any(
            internship.end is not None and internship.end < SAMPLE_REPORT_DATE
            for internship in internships
        )


class TestSampleStaffOverTime:
    """A specialist who starts, one who leaves, their cases handed over, job development
    with no participant and judgements of work ability; the report date as before."""

    def test_one_starts_after_the_opening_and_one_leaves_after_the_report_date(self, sample):
        dated = {s.id: (s.started_on, s.left_on) for s in sample.specialists}
        assert dated["ES6"][0] is not None
        assert date(2024, 11, 4) < dated["ES6"][0] < SAMPLE_REPORT_DATE
        assert dated["ES2"][1] is not None
        assert SAMPLE_REPORT_DATE < dated["ES2"][1] < SAMPLE_END
        assert sum(1 for times in dated.values() if times != (None, None)) == 2
        assert len(sample.specialists_in_post(SAMPLE_REPORT_DATE)) == 6
        assert len(sample.specialists_in_post(SAMPLE_END)) == 5

    def test_their_cases_are_handed_over(self, sample):
        starts = sample.specialist("ES6").started_on
        left = sample.specialist("ES2").left_on
        assert starts is not None
        assert left is not None
        to_starter = [h for h in sample.handovers if h.on == starts]
        assert to_starter
        assert all(h.specialist_id == "ES6" for h in to_starter)
        after_leaving = [h for h in sample.handovers if h.on > left]
        assert {h.participant_id for h in after_leaving} == {
            p.id
            for p in sample.participants
            if p.active_on(left + timedelta(days=3))
            and sample.assigned_specialist(p.id, left) == "ES2"
        }
        assert len(to_starter) + len(after_leaving) == len(sample.handovers)
        # Some of the leaver's participants wait for a new specialist for a while.
        waiting = [
            p.id
            for p in sample.participants
            if p.active_on(left + timedelta(days=3))
            and sample.responsible_specialist(p.id, left + timedelta(days=3)) is None
        ]
        assert 1 <= len(waiting) < len(after_leaving)

    def test_every_contact_is_made_by_a_specialist_in_post(self, sample):
        for contact in sample.contacts:
            assert contact.specialist_id is not None
            assert sample.in_post(contact.specialist_id, contact.local_date(STOCKHOLM))

    def test_job_development_with_no_participant(self, sample):
        generic = [c for c in sample.contacts if c.generic]
        assert len(generic) >= 100
        assert {c.specialist_id for c in generic} == {s.id for s in sample.specialists}
        assert all(c.party is Party.EMPLOYER for c in generic)
        assert all(c.mode is ContactMode.FACE_TO_FACE for c in generic)
        days = [c.local_date(STOCKHOLM) for c in sample.contacts]
        assert days == sorted(days)  # numbered with the others, in the order of time

    def test_some_participants_are_judged_on_their_work_ability(self, sample):
        judged = sample.work_ability_assessments
        people = {j.participant_id for j in judged}
        assert 0.25 * len(sample.participants) <= len(people) <= 0.6 * len(sample.participants)
        assert {j.able_to_work for j in judged} == {True, False}
        assert len(judged) > len(people)  # some judged twice
        assert all(j.on <= SAMPLE_END for j in judged)
