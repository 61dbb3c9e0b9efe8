"""Items computed from records: hand-built programmes with known answers, and properties."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipsrules import (
    Contact,
    ContactMode,
    Job,
    Participant,
    Party,
    Programme,
    Setting,
    Specialist,
    ValidationError,
    add_months,
    sample_programme,
)
from ipsrules.fidelity import COMPUTED_KEYS, SCALE, ResultStatus, TooFew, compute_items
from ipsrules.fidelity._computed import exact
from ipsrules.strategies import days, programmes

START = date(2025, 1, 1)
END = date(2025, 12, 31)


def programme(**records):
    """A programme of *records*, with one full-time specialist ES1 unless told otherwise."""
    records.setdefault("specialists", [Specialist("ES1")])
    return Programme(id="demo", name="Demo", **records)


def result(records, key, start=START, end=END):
    """The result of item *key* for a programme of *records* over the period."""
    return {r.item.key: r for r in compute_items(programme(**records), start=start, end=end)}[key]


def meet_employer(pid, day, specialist="ES1", mode=ContactMode.FACE_TO_FACE, **more):
    return Contact(pid, day, mode, Party.EMPLOYER, specialist_id=specialist, **more)


class TestAllItems:
    def test_one_result_per_item_in_scale_order(self):
        """Every item of the scale comes back, in order, computed or not."""
        results = compute_items(sample_programme(), start=START, end=END)

        assert [r.item for r in results] == list(SCALE)

    def test_judged_items_say_what_a_rater_looks_at(self):
        """An item the records cannot score is not computable and names what it needs."""
        results = compute_items(sample_programme(), start=START, end=END)
        judged = [r for r in results if r.item.key not in COMPUTED_KEYS]

        assert len(judged) == 25 - len(COMPUTED_KEYS)
        for r in judged:
            assert (r.score, r.measure, r.computable) == (None, None, False)
            assert r.needs.startswith("a rater's score; a rater looks at ")

    def test_sample_programme_computes_every_computed_item(self):
        """The bundled sample carries what every computed item needs but employment shares."""
        results = compute_items(sample_programme(), start=date(2025, 11, 1), end=date(2026, 10, 31))
        computed = {r.item.key for r in results if r.computable}

        assert computed == set(COMPUTED_KEYS) - {"employment_services_staff"}
        assert "Specialist.employment_share" in results[1].needs

    def test_end_before_start(self):
        """A period that ends before it starts is refused, naming the field."""
        with pytest.raises(ValidationError) as caught:
            compute_items(programme(), start=END, end=START)

        assert (caught.value.record, caught.value.field) == ("review period", "end")

    def test_datetime_for_a_day(self):
        """The period is made of days; a datetime is refused, not truncated."""
        with pytest.raises(ValidationError) as caught:
            compute_items(programme(), start=datetime(2025, 1, 1), end=END)

        assert caught.value.field == "start"

    def test_one_day_period(self):
        """A period of one day is allowed."""
        assert len(compute_items(programme(), start=START, end=START)) == 25


class TestCaseloadSize:
    def test_per_full_time_specialist(self):
        """30 participants shared by 1.5 full-time specialists is 20 each: score 5."""
        staff = [Specialist("ES1"), Specialist("ES2", fte=0.5)]
        people = [Participant(f"P{n}", date(2024, 6, 1)) for n in range(30)]
        found = result({"specialists": staff, "participants": people}, "caseload_size")

        assert (found.measure, found.score) == (20.0, 5)
        assert found.evidence.counts["full_time_equivalents"] == 1.5
        assert len(found.evidence.records) == 30

    def test_one_more_participant_crosses_the_cut(self):
        """31 participants for 1.5 full-time specialists is over 20: score 4."""
        staff = [Specialist("ES1"), Specialist("ES2", fte=0.5)]
        people = [Participant(f"P{n}", date(2024, 6, 1)) for n in range(31)]

        assert result({"specialists": staff, "participants": people}, "caseload_size").score == 4

    def test_average_over_the_period(self):
        """A participant on the caseload for half of the period counts as half a participant."""
        people = [
            Participant("P1", date(2024, 1, 1)),
            Participant("P2", date(2025, 1, 6)),  # from day 6 of 10
            Participant("P3", date(2024, 1, 1), discharged_on=date(2025, 1, 2)),  # 2 days
            Participant("P4", date(2024, 1, 1), discharged_on=date(2024, 12, 31)),  # gone
            Participant("P5", date(2025, 1, 11)),  # after the period
        ]
        found = result(
            {"specialists": [Specialist("ES1")], "participants": people},
            "caseload_size",
            end=date(2025, 1, 10),
        )

        assert found.measure == pytest.approx(1 + 0.5 + 0.2)
        assert found.evidence.records == ("P1", "P2", "P3")

    def test_no_specialists(self):
        """Without specialists there is nothing to divide by: not computable."""
        found = result(
            {"specialists": [], "participants": [Participant("P1", START)]}, "caseload_size"
        )

        assert not found.computable
        assert "specialist" in found.needs

    def test_no_participants(self):
        """With nobody on the caseload the item is not computable, not a perfect 5."""
        found = result({"specialists": [Specialist("ES1")]}, "caseload_size")

        assert found.score is None
        assert "participants" in found.needs


class TestEmploymentServicesStaff:
    def test_mean_share_of_the_specialists(self):
        """Shares of 100% and 90% average 95%: score 4."""
        staff = [
            Specialist("ES1", employment_share=1.0),
            Specialist("ES2", fte=0.5, employment_share=0.9),
        ]
        found = result({"specialists": staff}, "employment_services_staff")

        assert (found.measure, found.score) == (pytest.approx(95.0), 4)
        assert found.evidence.records == ("ES1", "ES2")

    def test_a_share_missing(self):
        """One specialist without a share: not computable, and the specialist is named."""
        staff = [Specialist("ES1", employment_share=1.0), Specialist("ES2")]
        found = result({"specialists": staff}, "employment_services_staff")

        assert not found.computable
        assert "ES2" in found.needs
        assert found.evidence.records == ("ES2",)


class TestRapidJobSearch:
    def test_mean_days_to_first_face_to_face_employer_contact(self):
        """10 and 60 days average 35 days: score 4."""
        people = [Participant("P1", date(2025, 2, 1)), Participant("P2", date(2025, 2, 1))]
        log = [
            meet_employer("P1", date(2025, 1, 20)),  # before entry: not counted
            meet_employer("P1", date(2025, 2, 5), mode=ContactMode.PHONE),  # not face to face
            meet_employer("P1", date(2025, 2, 11)),
            meet_employer("P1", date(2025, 2, 20)),  # not the first
            meet_employer("P2", date(2025, 4, 2)),
        ]
        found = result(
            {"specialists": [Specialist("ES1")], "participants": people, "contacts": log},
            "rapid_job_search",
        )

        assert (found.measure, found.score) == (35.0, 4)
        assert found.evidence.records == ("P1", "P2")
        assert found.evidence.counts["longest_days"] == 60

    def test_who_is_left_out_and_who_waits(self):
        """In work at entry or first contact before the period: out; still waiting: censored."""
        people = [
            Participant("P1", date(2025, 3, 1)),
            Participant("INWORK", date(2025, 3, 1)),
            Participant("EARLIER", date(2024, 10, 1)),
            Participant("WAITING", date(2025, 11, 1)),
            Participant("LATE", date(2025, 12, 1)),  # first contact after the period
        ]
        jobs = [Job("J1", "INWORK", date(2025, 1, 1))]
        log = [
            meet_employer("P1", date(2025, 3, 31)),
            meet_employer("INWORK", date(2025, 3, 2)),
            meet_employer("EARLIER", date(2024, 12, 1)),
            meet_employer("LATE", date(2026, 1, 15)),
        ]
        found = result({"participants": people, "jobs": jobs, "contacts": log}, "rapid_job_search")

        # P1 waited 30 days; WAITING 60 and LATE 30 days so far at the end of the period.
        assert found.measure == pytest.approx(40.0)
        assert found.score == 4
        assert found.evidence.records == ("P1", "WAITING", "LATE")
        assert found.evidence.counts["still_waiting"] == 2
        assert found.evidence.counts["mean_days_first_contact"] == 30
        assert found.evidence.counts["mean_days_waited_so_far"] == 45

    def test_waiting_counts_until_discharge(self):
        """Someone who left while waiting counts the days to their discharge."""
        people = [Participant("GONE", date(2025, 1, 1), discharged_on=date(2025, 12, 1))]
        found = result({"participants": people}, "rapid_job_search")

        assert (found.measure, found.score) == (334.0, 1)
        assert found.evidence.records == ("GONE",)

    def test_only_waiting_people_still_score(self):
        """Nobody met an employer yet: the time waited so far is the measure, not a gap."""
        found = result({"participants": [Participant("P1", date(2025, 12, 1))]}, "rapid_job_search")

        assert (found.measure, found.score) == (30.0, 5)
        assert "1 still waiting" in found.evidence.summary

    def test_waiting_longer_scores_worse(self):
        """The issue's case: leaving people waiting must not score better than meeting them."""
        people = [Participant("P1", date(2025, 1, 1)), Participant("P2", date(2025, 1, 1))]
        quick = [meet_employer("P1", date(2025, 1, 11)), meet_employer("P2", date(2025, 1, 21))]
        slow = [meet_employer("P1", date(2025, 1, 11))]  # P2 never met

        assert (
            result({"participants": people, "contacts": quick}, "rapid_job_search").score
            > result({"participants": people, "contacts": slow}, "rapid_job_search").score
        )

    def test_nobody_on_the_caseload(self):
        """Nobody looking for work in the period: not computable."""
        people = [Participant("P1", date(2024, 1, 1), discharged_on=date(2024, 6, 1))]
        found = result({"participants": people}, "rapid_job_search")

        assert not found.computable
        assert "first face-to-face contact" in found.needs


class TestJobDevelopmentFrequency:
    def test_contacts_per_full_time_specialist_per_week(self):
        """12 meetings in 2 weeks by one full-time specialist is 6 a week: score 5."""
        people = [Participant("P1", date(2024, 1, 1))]
        log = [meet_employer("P1", START + timedelta(days=n), id=f"C{n}") for n in range(12)]
        found = result(
            {"specialists": [Specialist("ES1")], "participants": people, "contacts": log},
            "job_development_frequency",
            end=START + timedelta(days=13),
        )

        assert (found.measure, found.score) == (6.0, 5)
        assert found.evidence.records == tuple(f"C{n}" for n in range(12))

    def test_averaged_over_specialists_not_per_fte(self):
        """A half-time specialist's 3 a week count as 3 (the scale's words); mean with 2 is 2.5."""
        people = [Participant("P1", date(2024, 1, 1))]
        log = [
            *[meet_employer("P1", START + timedelta(days=n), "HALF") for n in range(6)],
            *[meet_employer("P1", START + timedelta(days=n), "FULL") for n in range(4)],
            Contact("P1", START, ContactMode.FACE_TO_FACE, specialist_id="FULL"),  # participant
        ]
        staff = [Specialist("HALF", fte=0.5), Specialist("FULL")]
        found = result(
            {"specialists": staff, "participants": people, "contacts": log},
            "job_development_frequency",
            end=START + timedelta(days=13),
        )

        assert found.measure == pytest.approx(2.5)
        assert found.score == 2
        assert found.evidence.counts["per_week:HALF"] == pytest.approx(3.0)
        assert found.evidence.counts["per_fte_week:HALF"] == pytest.approx(6.0)
        assert found.unit == "face-to-face employer contacts per specialist per week"

    def test_unattributed_contact(self):
        """An employer meeting without a specialist makes the rate uncountable."""
        people = [Participant("P1", date(2024, 1, 1))]
        log = [meet_employer("P1", START), meet_employer("P1", START, None, id="C9")]
        found = result(
            {"specialists": [Specialist("ES1")], "participants": people, "contacts": log},
            "job_development_frequency",
        )

        assert not found.computable
        assert "C9" in found.needs
        assert found.evidence.records == ("C9",)

    def test_empty_log(self):
        """No contacts at all in the period is missing data, not a rate of zero."""
        found = result(
            {"specialists": [Specialist("ES1")], "participants": [Participant("P1", START)]},
            "job_development_frequency",
        )

        assert not found.computable

    def test_no_employer_meetings_is_zero(self):
        """A log with contacts but no employer meetings measures 0: score 1."""
        log = [Contact("P1", START, ContactMode.FACE_TO_FACE, specialist_id="ES1")]
        found = result(
            {
                "specialists": [Specialist("ES1")],
                "participants": [Participant("P1", START)],
                "contacts": log,
            },
            "job_development_frequency",
        )

        assert (found.measure, found.score) == (0.0, 1)


def job(job_id, start=date(2025, 3, 1), pid="P1", **more):
    return Job(job_id, pid, start, **more)


class TestDiversity:
    def test_job_types(self):
        """3 distinct types among 4 jobs is 75%: score 4; case and spacing do not count."""
        jobs = [
            job("J1", job_type="retail", employer="A"),
            job("J2", job_type=" Retail ", employer="B"),
            job("J3", job_type="café", employer="C"),
            job("J4", job_type="office", employer="D"),
            job("OLD", start=date(2024, 1, 1), end=date(2024, 6, 1), job_type="x", employer="E"),
        ]
        records = {"participants": [Participant("P1", date(2024, 1, 1))], "jobs": jobs}
        types = result(records, "job_type_diversity")
        employers = result(records, "employer_diversity")

        assert (types.measure, types.score) == (75.0, 4)
        assert types.evidence.records == ("J1", "J2", "J3", "J4")
        assert (employers.measure, employers.score) == (100.0, 5)

    def test_missing_job_type(self):
        """A job without a type makes the share uncountable, and the job is named."""
        jobs = [job("J1", job_type="retail"), job("J2")]
        found = result(
            {"participants": [Participant("P1", date(2024, 1, 1))], "jobs": jobs},
            "job_type_diversity",
        )

        assert not found.computable
        assert "J2" in found.needs
        assert found.evidence.records == ("J2",)

    def test_no_jobs(self):
        """No job in the period: not computable."""
        found = result({"participants": [Participant("P1", START)]}, "employer_diversity")

        assert found.needs == "jobs held during the period"


class TestCompetitiveJobs:
    def test_share(self):
        """9 competitive jobs of 10 is 90%: score 4."""
        jobs = [job(f"J{n}", competitive=n != 0) for n in range(10)]
        found = result(
            {"participants": [Participant("P1", date(2024, 1, 1))], "jobs": jobs},
            "competitive_jobs",
        )

        assert (found.measure, found.score) == (90.0, 4)

    def test_fewer_than_ten_jobs_is_not_enough_records(self):
        """Six jobs, all competitive (a pilot): not enough records, with the count; not a 1."""
        jobs = [job(f"J{n}") for n in range(6)]
        found = result(
            {"participants": [Participant("P1", date(2024, 1, 1))], "jobs": jobs},
            "competitive_jobs",
        )

        assert (found.measure, found.score) == (100.0, None)
        assert found.status is ResultStatus.NOT_ENOUGH_RECORDS
        assert found.too_few == TooFew(count=6, needed=10, of="jobs")
        assert "6 were" in found.needs
        assert "Not enough records: 6 jobs" in found.evidence.summary
        assert found.evidence.records == tuple(f"J{n}" for n in range(6))

    def test_ten_jobs_are_enough(self):
        """At exactly ten jobs the share is scored."""
        jobs = [job(f"J{n}") for n in range(10)]
        found = result(
            {"participants": [Participant("P1", date(2024, 1, 1))], "jobs": jobs},
            "competitive_jobs",
        )

        assert (found.score, found.status, found.too_few) == (5, ResultStatus.SCORED, None)


class TestCommunityBasedServices:
    def test_share_of_contact_time_averaged_over_specialists(self):
        """60% and 30% in the community average 45%: score 3."""

        def meet(specialist, setting, minutes):
            return Contact(
                "P1",
                START,
                ContactMode.FACE_TO_FACE,
                setting=setting,
                minutes=minutes,
                specialist_id=specialist,
            )

        log = [
            meet("ES1", Setting.COMMUNITY, 60),
            meet("ES1", Setting.OFFICE, 40),
            meet("ES2", Setting.COMMUNITY, 30),
            meet("ES2", Setting.REMOTE, 70),
            meet("ES2", None, 500),  # no setting: left out
            meet("ES2", Setting.OFFICE, None),  # no minutes: left out
        ]
        found = result(
            {
                "specialists": [Specialist("ES1"), Specialist("ES2"), Specialist("ES3")],
                "participants": [Participant("P1", START)],
                "contacts": log,
            },
            "community_based_services",
        )

        assert (found.measure, found.score) == (45.0, 3)
        assert found.evidence.counts["contacts_left_out"] == 2
        assert found.evidence.counts["specialists_rated"] == 2

    def test_no_timed_contacts(self):
        """Contacts without setting or minutes cannot be weighed: not computable."""
        log = [Contact("P1", START, ContactMode.FACE_TO_FACE, specialist_id="ES1")]
        found = result(
            {
                "specialists": [Specialist("ES1")],
                "participants": [Participant("P1", START)],
                "contacts": log,
            },
            "community_based_services",
        )

        assert not found.computable
        assert "minutes" in found.needs


class TestTimeUnlimitedFollowAlong:
    JOB_START = date(2025, 3, 3)

    def follow_along(self, *, skip=()):
        """A job and a meeting in each of its follow-along windows, except those in *skip*."""
        start = self.JOB_START
        meetings = {
            "pre_start": start - timedelta(days=3),
            "start": start + timedelta(days=1),  # also meets week 1
            "week2": start + timedelta(days=8),
            "week3": start + timedelta(days=15),
            "week4": start + timedelta(days=22),
            "month2": add_months(start, 1) + timedelta(days=5),
            "month3": add_months(start, 2) + timedelta(days=5),
            "month4": add_months(start, 3) + timedelta(days=5),
        }
        log = [
            Contact("P1", day, ContactMode.FACE_TO_FACE, specialist_id="ES1")
            for name, day in meetings.items()
            if name not in skip
        ]
        return {
            "specialists": [Specialist("ES1")],
            "participants": [Participant("P1", date(2025, 1, 1))],
            "jobs": [Job("J1", "P1", start)],
            "contacts": log,
        }

    def score(self, **skip):
        end = add_months(self.JOB_START, 4) - timedelta(days=1)  # month 4 closes; 5 does not
        return result(self.follow_along(**skip), "time_unlimited_follow_along", end=end)

    def test_full_routine(self):
        """Every window met, four months running: score 5."""
        found = self.score()

        assert (found.score, found.measure) == (5, 100.0)
        assert found.evidence.counts["month_decided"] == 3
        assert found.evidence.records[-1] == "J1"
        assert found.evidence.records[0].endswith(":pre_start:1")

    def test_no_pre_start_meeting(self):
        """Weekly and monthly contact, but no meeting before the start: score 4."""
        assert self.score(skip={"pre_start"}).score == 4

    def test_weekly_contact_mostly_missing(self):
        """Met for four months, but weekly in the first month only once: score 3."""
        assert self.score(skip={"week2", "week3", "week4"}).score == 3

    def test_a_month_without_a_meeting(self):
        """No meeting in month 3: the one job was not met for four months: score 2."""
        found = self.score(skip={"month3"})

        assert (found.score, found.measure) == (2, 0.0)

    def test_nothing_after_the_first_month(self):
        """No month follow-up met at all: score 1."""
        assert self.score(skip={"month2", "month3", "month4"}).score == 1

    def test_no_job_reached_four_months(self):
        """Only the first month has closed: not computable, with what was seen."""
        found = result(
            self.follow_along(),
            "time_unlimited_follow_along",
            end=self.JOB_START + timedelta(days=40),
        )

        assert not found.computable
        assert "fourth month" in found.needs
        assert found.evidence.records  # the follow-ups that were looked at

    def test_no_jobs(self):
        """No follow-along in the period: not computable."""
        assert not result(
            {"participants": [Participant("P1", START)]}, "time_unlimited_follow_along"
        ).computable


class TestProperties:
    @settings(max_examples=40)
    @given(
        records=programmes(max_participants=5, max_contacts=25),
        start=days(date(2020, 1, 1), date(2029, 6, 30)),
        length=st.integers(min_value=0, max_value=400),
    )
    def test_scores_are_one_to_five_or_none(self, records, start, length):
        """For any valid programme and period: 25 results, each scored 1..5 or not at all."""
        results = compute_items(records, start=start, end=start + timedelta(days=length))

        assert [r.item for r in results] == list(SCALE)
        for r in results:
            assert r.score in {None, 1, 2, 3, 4, 5}
            assert r.computable == (r.score is not None)
            assert (r.needs is None) == r.computable
            if r.computable and r.item.thresholds is not None:
                count = r.evidence.counts.get("jobs")
                assert r.score == r.item.score_for(r.measure, count=count)

    @settings(max_examples=30)
    @given(extra=st.integers(min_value=1, max_value=20), fte=st.sampled_from([0.5, 0.8, 1.0]))
    def test_more_participants_never_score_higher_on_caseload(self, extra, fte):
        """Adding participants to the same staff never raises the caseload score."""
        staff = [Specialist("ES1", fte=fte), Specialist("ES2")]
        base = [Participant(f"P{n}", date(2024, 1, 1)) for n in range(25)]
        more = base + [Participant(f"X{n}", date(2024, 1, 1)) for n in range(extra)]
        before = result({"specialists": staff, "participants": base}, "caseload_size")
        after = result({"specialists": staff, "participants": more}, "caseload_size")

        assert after.measure > before.measure
        assert after.score <= before.score

    @settings(max_examples=30)
    @given(
        days_met=st.lists(st.integers(min_value=0, max_value=27), max_size=40),
        more=st.lists(st.integers(min_value=0, max_value=27), min_size=1, max_size=20),
    )
    def test_more_employer_meetings_never_score_lower(self, days_met, more):
        """Adding face-to-face employer meetings never lowers job development's score."""
        staff = [Specialist("ES1"), Specialist("ES2", fte=0.5)]
        people = [Participant("P1", date(2024, 1, 1))]
        base = [Contact("P1", START, ContactMode.PHONE, specialist_id="ES1")]
        base += [meet_employer("P1", START + timedelta(days=d), "ES1") for d in days_met]
        extra = [meet_employer("P1", START + timedelta(days=d), "ES2") for d in more]
        end = START + timedelta(days=27)
        records = {"specialists": staff, "participants": people}
        before = result({**records, "contacts": base}, "job_development_frequency", end=end)
        after = result({**records, "contacts": base + extra}, "job_development_frequency", end=end)

        assert after.measure > before.measure
        assert after.score >= before.score


class TestExactFullTimeEquivalents:
    def test_point_seven_point_two_point_one_is_one(self):
        """20 participants for 0.7 + 0.2 + 0.1 FTE is 20 per full-time specialist in any order."""
        people = [Participant(f"P{n}", date(2024, 6, 1)) for n in range(20)]
        for ftes in ([0.7, 0.2, 0.1], [0.1, 0.2, 0.7], [0.2, 0.7, 0.1]):
            staff = [Specialist(f"ES{n}", fte=fte) for n, fte in enumerate(ftes)]
            found = result({"specialists": staff, "participants": people}, "caseload_size")

            assert (found.measure, found.score) == (20.0, 5), ftes
            assert found.evidence.counts["full_time_equivalents"] == 1.0

    def test_floats_alone_would_cross_the_cut(self):
        """The case the exact sum guards against: float addition makes 20 a little more."""
        assert 20 / (0.7 + 0.2 + 0.1) > 20
        assert exact(0.7) + exact(0.2) + exact(0.1) == 1

    @settings(max_examples=60)
    @given(
        ftes=st.lists(
            st.sampled_from([float(f"0.{n:02d}") for n in range(5, 100, 5)] + [1.0]),
            min_size=1,
            max_size=8,
        ),
        people=st.integers(min_value=1, max_value=200),
        order=st.randoms(use_true_random=False),
    )
    def test_any_order_of_specialists_scores_alike(self, ftes, people, order):
        """The same team listed in any order gets the same caseload measure and score."""
        participants = [Participant(f"P{n}", date(2024, 6, 1)) for n in range(people)]
        staff = [Specialist(f"ES{n}", fte=fte) for n, fte in enumerate(ftes)]
        shuffled = list(staff)
        order.shuffle(shuffled)
        before = result({"specialists": staff, "participants": participants}, "caseload_size")
        after = result({"specialists": shuffled, "participants": participants}, "caseload_size")

        assert (after.measure, after.score) == (before.measure, before.score)


class TestCommunityScheduledHours:
    def meetings(self):
        return [
            Contact(
                "P1",
                START + timedelta(days=n),
                ContactMode.FACE_TO_FACE,
                setting=Setting.COMMUNITY,
                minutes=120,
                specialist_id="ES1",
            )
            for n in range(0, 14, 7)
        ] + [
            Contact(
                "P1",
                START,
                ContactMode.FACE_TO_FACE,
                setting=Setting.OFFICE,
                minutes=60,
                specialist_id="ES1",
            )
        ]

    def records(self):
        return {
            "specialists": [Specialist("ES1")],
            "participants": [Participant("P1", START)],
            "contacts": self.meetings(),
        }

    def test_share_of_scheduled_hours(self):
        """4 hours in the community in 2 weeks of 10 scheduled hours a week is 20%: score 1."""
        found = compute_items(
            programme(**self.records()),
            start=START,
            end=START + timedelta(days=13),
            scheduled_hours={"ES1": 10},
        )[23]

        assert (found.measure, found.score) == (pytest.approx(20.0), 1)
        assert found.evidence.counts["scheduled_minutes:ES1"] == 1200
        assert found.evidence.counts["specialists_on_scheduled_hours"] == 1
        assert "scheduled working time" in found.evidence.summary

    def test_without_hours_contact_time_stands_in(self):
        """Without scheduled hours the logged contact time is the denominator: 240 of 300."""
        found = result(self.records(), "community_based_services", end=START + timedelta(days=13))

        assert (found.measure, found.score) == (pytest.approx(80.0), 5)
        assert found.evidence.counts["specialists_on_contact_time"] == 1
        assert "standing in" in found.evidence.summary

    def test_hours_without_a_log_measure_zero(self):
        """Scheduled hours and no community contact logged: 0%, not a gap."""
        found = compute_items(
            programme(participants=[Participant("P1", START)]),
            start=START,
            end=END,
            scheduled_hours={"ES1": 40},
        )[23]

        assert (found.measure, found.score) == (0.0, 1)

    @pytest.mark.parametrize(
        ("hours", "field"),
        [({"ES9": 40}, "ES9"), ({"ES1": 0}, "ES1"), ({"ES1": 200}, "ES1"), ({"ES1": "40"}, "ES1")],
    )
    def test_bad_hours(self, hours, field):
        """Hours for an unknown specialist, or not 0 < hours <= 168, are refused by name."""
        with pytest.raises(ValidationError) as caught:
            compute_items(programme(), start=START, end=END, scheduled_hours=hours)

        assert (caught.value.record, caught.value.field) == ("scheduled_hours", field)


class TestAuditProperties:
    @settings(max_examples=60)
    @given(
        entries=st.lists(
            st.tuples(
                # entry, days from START: on the caseload by the end of the period
                st.integers(min_value=-200, max_value=(END - START).days),
                st.one_of(st.none(), st.integers(min_value=0, max_value=400)),  # first contact
            ),
            min_size=1,
            max_size=8,
        ),
        which=st.integers(min_value=0),
    )
    def test_a_day_more_of_waiting_never_scores_better(self, entries, which):
        """Entering a day earlier, with no employer contact, never improves rapid job search."""
        waiting = [n for n, (_, first) in enumerate(entries) if first is None]
        if not waiting:
            entries = [*entries, (100, None)]
            waiting = [len(entries) - 1]
        chosen = waiting[which % len(waiting)]

        def records(earlier):
            people, log = [], []
            for n, (entry, first) in enumerate(entries):
                enrolled = START + timedelta(days=entry - (n == chosen and earlier))
                people.append(Participant(f"P{n}", enrolled))
                if first is not None:
                    log.append(meet_employer(f"P{n}", enrolled + timedelta(days=first)))
            return {"participants": people, "contacts": log}

        before = result(records(False), "rapid_job_search")
        after = result(records(True), "rapid_job_search")

        assert after.computable
        if before.computable:
            assert after.measure >= before.measure
            assert after.score <= before.score
