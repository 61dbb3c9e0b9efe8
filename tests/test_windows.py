"""Follow-up windows: the spec's rules and cut-offs, by example and by property."""

import itertools
from collections import Counter
from datetime import date, timedelta

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

import slow_rules
from ipsrules import (
    IPS25,
    FollowUp,
    Job,
    Participant,
    Programme,
    Rule,
    Specialist,
    add_months,
    follow_up_id,
    follow_ups,
)
from ipsrules._windows import follow_up_of
from ipsrules.strategies import codes, days, programmes


def one_job(start, *, enrolled=None, **job):
    """A programme of one participant holding one job that starts on *start*."""
    participant = {k: job.pop(k) for k in ("discharged_on",) if k in job}
    return Programme(
        "demo",
        "Demo",
        participants=[Participant("P1", enrolled or start - timedelta(60), **participant)],
        jobs=[Job("J1", "P1", start, **job)],
    )


def windows(programme, rule=None):
    """The windows of a programme as ``{(rule, seq): (opens, closes)}``."""
    return {
        (f.rule, f.seq): (f.opens, f.closes)
        for f in follow_ups(programme)
        if f.job_id is not None and (rule is None or f.rule is rule)
    }


class TestWorkedExample:
    """The worked example of shared/spec/follow-up-rules.md, date by date."""

    def test_every_window(self):
        """Job starts Monday 2025-03-10, no end."""
        d = date
        expected = {
            (Rule.PRE_START, 1): (d(2025, 3, 3), d(2025, 3, 9)),
            (Rule.START, 1): (d(2025, 3, 10), d(2025, 3, 13)),
            (Rule.WEEK, 1): (d(2025, 3, 10), d(2025, 3, 16)),
            (Rule.WEEK, 2): (d(2025, 3, 17), d(2025, 3, 23)),
            (Rule.WEEK, 3): (d(2025, 3, 24), d(2025, 3, 30)),
            (Rule.WEEK, 4): (d(2025, 3, 31), d(2025, 4, 6)),
            (Rule.MONTH, 2): (d(2025, 4, 10), d(2025, 5, 9)),
            (Rule.MONTH, 3): (d(2025, 5, 10), d(2025, 6, 9)),
            (Rule.MONTH, 4): (d(2025, 6, 10), d(2025, 7, 9)),
            (Rule.MONTH, 5): (d(2025, 7, 10), d(2025, 8, 9)),
            (Rule.MONTH, 6): (d(2025, 8, 10), d(2025, 9, 9)),
            (Rule.MONTH, 7): (d(2025, 9, 10), d(2025, 10, 9)),
            (Rule.MONTH, 8): (d(2025, 10, 10), d(2025, 11, 9)),
            (Rule.MONTH, 9): (d(2025, 11, 10), d(2025, 12, 9)),
            (Rule.MONTH, 10): (d(2025, 12, 10), d(2026, 1, 9)),
            (Rule.MONTH, 11): (d(2026, 1, 10), d(2026, 2, 9)),
            (Rule.MONTH, 12): (d(2026, 2, 10), d(2026, 3, 9)),
            (Rule.TRANSITION_REVIEW, 1): (d(2026, 3, 10), d(2026, 3, 23)),
        }

        assert expected == windows(one_job(date(2025, 3, 10)))

    def test_sorted_by_opens_then_rule_then_seq(self):
        """Follow-ups come sorted by the day they open, then rule order, then sequence."""
        found = follow_ups(one_job(date(2025, 3, 10)))
        keys = [(f.opens, list(Rule).index(f.rule), f.seq) for f in found]

        assert sorted(keys) == keys
        assert [f.rule for f in found[:4]] == [
            Rule.FIRST_EMPLOYER_CONTACT,
            Rule.PRE_START,
            Rule.START,
            Rule.WEEK,
        ]


class TestCalendarMonths:
    def test_month_end_clamping(self):
        """31 January + 1 month is 28 February; month 2 runs to the day before 31 March."""
        found = windows(one_job(date(2025, 1, 31)), Rule.MONTH)

        assert (date(2025, 2, 28), date(2025, 3, 30)) == found[Rule.MONTH, 2]
        assert (date(2025, 3, 31), date(2025, 4, 29)) == found[Rule.MONTH, 3]

    def test_leap_year_february(self):
        """31 January 2024 + 1 month is 29 February 2024."""
        found = windows(one_job(date(2024, 1, 31)), Rule.MONTH)

        assert (date(2024, 2, 29), date(2024, 3, 30)) == found[Rule.MONTH, 2]

    def test_leap_day_start(self):
        """29 February 2024 + 12 months is 28 February 2025: the transition review then."""
        found = windows(one_job(date(2024, 2, 29)))

        assert (date(2025, 1, 29), date(2025, 2, 27)) == found[Rule.MONTH, 12]
        assert (date(2025, 2, 28), date(2025, 3, 13)) == found[Rule.TRANSITION_REVIEW, 1]

    @given(days(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-2400, 2400))
    def test_add_months_is_relativedelta(self, day, months):
        """The engine's month arithmetic equals dateutil's relativedelta."""
        assert day + relativedelta(months=months) == add_months(day, months)


class TestCutOffs:
    def test_end_drops_windows_opening_after_it(self):
        """Nothing opens after the job's end, but the job_end contact itself."""
        found = windows(one_job(date(2025, 3, 10), end=date(2025, 3, 20)))

        assert {
            (Rule.PRE_START, 1),
            (Rule.START, 1),
            (Rule.WEEK, 1),
            (Rule.WEEK, 2),
            (Rule.JOB_END, 1),
        } == set(found)
        assert (date(2025, 3, 20), date(2025, 3, 23)) == found[Rule.JOB_END, 1]

    def test_window_opening_on_the_end_day_stays(self):
        """A window that opens on the last working day is kept."""
        found = windows(one_job(date(2025, 3, 10), end=date(2025, 3, 17)))

        assert (Rule.WEEK, 2) in found

    def test_end_known_late(self):
        """The job_end window starts when the end became known."""
        found = windows(
            one_job(date(2025, 3, 10), end=date(2025, 6, 1), end_known_on=date(2025, 6, 11))
        )

        assert (date(2025, 6, 11), date(2025, 6, 14)) == found[Rule.JOB_END, 1]
        assert (Rule.MONTH, 3) in found
        assert (Rule.MONTH, 4) not in found

    def test_discharge_drops_later_windows(self):
        """Nothing opens after the participant's discharge; open windows stay whole."""
        found = windows(one_job(date(2025, 3, 10), discharged_on=date(2025, 5, 10)))

        assert (date(2025, 5, 10), date(2025, 6, 9)) == found[Rule.MONTH, 3]
        assert (Rule.MONTH, 4) not in found
        assert (Rule.TRANSITION_REVIEW, 1) not in found

    def test_declined_follow_along(self):
        """Nothing opens after follow-along was declined for the job."""
        found = windows(one_job(date(2025, 3, 10), follow_along_declined_on=date(2025, 3, 17)))

        assert [key for key in found if key[0] is Rule.WEEK][1:] == [(Rule.WEEK, 2)]

    def test_late_report_waives_and_shortens(self):
        """Closed windows are waived; the open one opens on the report date."""
        found = {
            (f.rule, f.seq): f
            for f in follow_ups(one_job(date(2025, 3, 10), reported_on=date(2025, 3, 19)))
        }

        assert found[Rule.PRE_START, 1].waived
        assert found[Rule.START, 1].waived
        assert found[Rule.WEEK, 1].waived
        week2 = found[Rule.WEEK, 2]
        assert (date(2025, 3, 19), date(2025, 3, 23), False) == (
            week2.opens,
            week2.closes,
            week2.waived,
        )
        assert (date(2025, 3, 24), False) == (found[Rule.WEEK, 3].opens, found[Rule.WEEK, 3].waived)

    def test_report_on_closing_day_is_not_waived(self):
        """A window that closes on the report date was open on it."""
        found = {
            (f.rule, f.seq): f
            for f in follow_ups(one_job(date(2025, 3, 10), reported_on=date(2025, 3, 13)))
        }

        start = found[Rule.START, 1]
        assert (date(2025, 3, 13), date(2025, 3, 13), False) == (
            start.opens,
            start.closes,
            start.waived,
        )

    def test_first_employer_contact(self):
        """A new participant gets a window of 31 days from entry for an employer contact."""
        programme = Programme("demo", "Demo", participants=[Participant("P1", date(2025, 1, 15))])

        (found,) = follow_ups(programme)
        assert (Rule.FIRST_EMPLOYER_CONTACT, None, date(2025, 1, 15), date(2025, 2, 14)) == (
            found.rule,
            found.job_id,
            found.opens,
            found.closes,
        )

    @pytest.mark.parametrize(
        ("start", "end", "dropped"),
        [
            (date(2025, 1, 1), None, True),
            (date(2025, 1, 15), None, True),
            (date(2024, 6, 1), date(2025, 1, 15), True),
            (date(2024, 6, 1), date(2025, 1, 14), False),
            (date(2025, 1, 16), None, False),
        ],
    )
    def test_first_employer_contact_dropped_when_holding_a_job(self, start, end, dropped):
        """The entry rule is dropped when a job is held on the day of entry."""
        found = follow_ups(one_job(start, enrolled=date(2025, 1, 15), end=end))

        entry = [f for f in found if f.rule is Rule.FIRST_EMPLOYER_CONTACT]
        assert dropped == (not entry)

    def test_until(self):
        """follow_ups(until=...) leaves out windows opening after that day."""
        found = follow_ups(one_job(date(2025, 3, 10)), until=date(2025, 4, 10))

        assert date(2025, 4, 10) == max(f.opens for f in found)
        assert (found[-1].rule, found[-1].seq) == (Rule.MONTH, 2)


class TestRuleSet:
    def test_follow_along_months(self):
        """A longer follow-along gives more months and a later transition review."""
        rules = attrs.evolve(IPS25, follow_along_months=18)
        found = {(f.rule, f.seq): f for f in follow_ups(one_job(date(2025, 3, 10)), rules=rules)}

        assert sum(1 for rule, _ in found if rule is Rule.MONTH) == 17
        assert date(2026, 9, 10) == found[Rule.TRANSITION_REVIEW, 1].opens

    def test_window_lengths(self):
        """Window lengths come from the rule set."""
        rules = attrs.evolve(IPS25, start_days=7, pre_start_days=14, weeks=6, job_end_days=8)
        found = {
            (f.rule, f.seq): (f.opens, f.closes)
            for f in follow_ups(one_job(date(2025, 3, 10), end=date(2025, 12, 1)), rules=rules)
        }

        assert (date(2025, 2, 24), date(2025, 3, 9)) == found[Rule.PRE_START, 1]
        assert (date(2025, 3, 10), date(2025, 3, 16)) == found[Rule.START, 1]
        assert (date(2025, 4, 14), date(2025, 4, 20)) == found[Rule.WEEK, 6]
        assert (date(2025, 12, 1), date(2025, 12, 8)) == found[Rule.JOB_END, 1]

    def test_disabled_rule(self):
        """A rule left out of `enabled` gives no follow-ups."""
        rules = attrs.evolve(IPS25, enabled=set(IPS25.enabled) - {Rule.PRE_START})

        assert not [
            f
            for f in follow_ups(one_job(date(2025, 3, 10)), rules=rules)
            if f.rule is Rule.PRE_START
        ]


class TestIds:
    def test_format(self):
        """Ids are readable, percent-encoded and leave the job empty for entry rules."""
        assert follow_up_id("sthlm", "P:7", "J1", Rule.WEEK, 2) == "sthlm:P%3A7:J1:week:2"
        assert (
            follow_up_id("sthlm", "P7", None, Rule.FIRST_EMPLOYER_CONTACT, 1)
            == "sthlm:P7::first_employer_contact:1"
        )

    @given(
        st.tuples(codes(), codes(), st.none() | codes(), st.sampled_from(Rule), st.integers(1, 99)),
        st.tuples(codes(), codes(), st.none() | codes(), st.sampled_from(Rule), st.integers(1, 99)),
    )
    def test_distinct_keys_give_distinct_ids(self, one, two):
        """No two different follow-ups can share an id, whatever characters ids hold."""
        assume(one != two)

        assert follow_up_id(*one) != follow_up_id(*two)


# --- properties on generated programmes --------------------------------------


def job_life(programme, job):
    """The last day a job's windows may open, by the cut-offs; None when open-ended."""
    participant = programme.participant(job.participant_id)
    stops = [d for d in (participant.discharged_on, job.follow_along_declined_on) if d]
    return min(stops) if stops else None


class TestWindowProperties:
    @given(programmes())
    def test_windows_are_well_formed_and_inside_the_jobs_life(self, programme):
        """opens <= closes; no window opens before S-7, after the end or after a stop."""
        for follow_up in follow_ups(programme):
            assert follow_up.opens <= follow_up.closes
            if follow_up.job_id is None:
                continue
            job = programme.job(follow_up.job_id)
            assert follow_up.participant_id == job.participant_id
            assert job.start - timedelta(days=IPS25.pre_start_days) <= follow_up.opens
            # Cut-offs 1 and 2 look at the window as the rules drew it; cut-off 3 may then
            # move its opening day to the report date.
            shifted = follow_up.opens == job.reported_on
            if job.end is not None and follow_up.rule is not Rule.JOB_END:
                assert follow_up.opens <= job.end or shifted
            stop = job_life(programme, job)
            if stop is not None:
                assert follow_up.opens <= stop or shifted
            if job.reported_on is not None:
                assert follow_up.waived == (follow_up.closes < job.reported_on)
                if not follow_up.waived:
                    assert follow_up.opens >= job.reported_on

    @given(days(), st.integers(1, 12))
    def test_weeks_tile_the_first_four_weeks(self, start, months):
        """The week windows tile S..S+27 with no gap and no overlap."""
        rules = attrs.evolve(IPS25, follow_along_months=months)
        weeks = sorted(
            (f.opens, f.closes)
            for f in follow_ups(one_job(start), rules=rules)
            if f.rule is Rule.WEEK
        )

        assert len(weeks) == 4
        assert start == weeks[0][0]
        assert start + timedelta(days=27) == weeks[-1][1]
        for (_, closes), (opens, _) in itertools.pairwise(weeks):
            assert closes + timedelta(days=1) == opens

    @given(days(), st.integers(2, 36))
    def test_months_tile_from_one_month_to_the_last(self, start, months):
        """Month windows tile S+1 month .. S+N months-1 with no gap and no overlap."""
        rules = attrs.evolve(IPS25, follow_along_months=months)
        found = [f for f in follow_ups(one_job(start), rules=rules) if f.rule is Rule.MONTH]
        spans = sorted((f.opens, f.closes) for f in found)

        assert list(range(2, months + 1)) == sorted(f.seq for f in found)
        assert start + relativedelta(months=1) == spans[0][0]
        assert start + relativedelta(months=months) - timedelta(days=1) == spans[-1][1]
        for (_, closes), (opens, _) in itertools.pairwise(spans):
            assert closes + timedelta(days=1) == opens

    @given(programmes())
    def test_every_job_end_gives_one_job_end_window(self, programme):
        """An ended job has one job_end window (unless it opens after a stop); others none."""
        counts = Counter(f.job_id for f in follow_ups(programme) if f.rule is Rule.JOB_END)
        for job in programme.jobs:
            stop = job_life(programme, job)
            learnt = job.end_known_on or job.end
            expected = int(job.end is not None and (stop is None or learnt <= stop))
            assert expected == counts[job.id]

    @given(programmes())
    def test_one_follow_up_per_id(self, programme):
        """Ids are unique, and they are the documented composition of the key."""
        found = follow_ups(programme)

        assert len(found) == len({f.id for f in found})
        for f in found:
            assert follow_up_id(programme.id, f.participant_id, f.job_id, f.rule, f.seq) == f.id

    @given(programmes(), st.randoms(use_true_random=False))
    def test_input_order_does_not_matter(self, programme, random):
        """The same records in another order give the same follow-ups."""
        shuffled = attrs.evolve(
            programme,
            participants=random.sample(programme.participants, len(programme.participants)),
            jobs=random.sample(programme.jobs, len(programme.jobs)),
            specialists=random.sample(programme.specialists, len(programme.specialists)),
        )

        assert follow_ups(programme) == follow_ups(shuffled)

    @given(programmes(), programmes(min_participants=1, max_participants=2))
    def test_unrelated_records_change_no_follow_up(self, programme, other):
        """Adding another participant, their jobs and contacts keeps every follow-up as it was."""
        new = "new:"  # the strategies' codes never start with this, so no id collides
        grown = attrs.evolve(
            programme,
            participants=programme.participants
            + tuple(attrs.evolve(p, id=new + p.id, specialist_id=None) for p in other.participants),
            jobs=programme.jobs
            + tuple(
                attrs.evolve(j, id=new + j.id, participant_id=new + j.participant_id)
                for j in other.jobs
            ),
            contacts=programme.contacts
            + tuple(
                attrs.evolve(c, participant_id=new + c.participant_id, specialist_id=None)
                for c in other.contacts
                if not c.generic
            ),
        )
        before = follow_ups(programme)
        after = [f for f in follow_ups(grown) if not f.participant_id.startswith(new)]

        assert len(grown.participants) > len(programme.participants)
        assert before == after

    @given(programmes(), days())
    def test_until_is_a_filter(self, programme, until):
        """follow_ups(until=d) is the full list cut at windows opening by d."""
        assert [f for f in follow_ups(programme) if f.opens <= until] == follow_ups(
            programme, until=until
        )

    def test_follow_up_contains_its_days(self):
        """`day in follow_up` tests the inclusive window."""
        follow_up = FollowUp("x", "P1", None, Rule.START, 1, date(2025, 1, 1), date(2025, 1, 4))

        assert date(2025, 1, 1) in follow_up
        assert date(2025, 1, 4) in follow_up
        assert date(2025, 1, 5) not in follow_up


def test_specialist_records_do_not_affect_windows():
    """Specialists are staff: adding one changes no window."""
    programme = one_job(date(2025, 3, 10))
    staffed = attrs.evolve(programme, specialists=[Specialist("S1")])

    assert follow_ups(programme) == follow_ups(staffed)


class TestAgainstThePlainVersion:
    """`follow_ups` is written for speed; it gives what the plain version in `slow_rules` gives."""

    @given(
        programmes(max_contacts=0),
        st.none() | days(),
        st.sampled_from(
            (
                IPS25,
                attrs.evolve(IPS25, weeks=1, pre_start_days=1, follow_along_months=1),
                attrs.evolve(IPS25, weeks=9, start_days=10, follow_along_months=24),
                attrs.evolve(IPS25, enabled={Rule.MONTH, Rule.JOB_END}),
                attrs.evolve(IPS25, enabled={Rule.TRANSITION_REVIEW}),
            )
        ),
    )
    def test_same_follow_ups_in_the_same_order(self, programme, until, rules):
        expected = slow_rules.follow_ups(programme, until=until, rules=rules)

        assert follow_ups(programme, until=until, rules=rules) == expected

    @given(programmes(max_participants=3, max_jobs=3, max_contacts=0))
    def test_ids_with_characters_to_escape(self, programme):
        odd = attrs.evolve(
            programme,
            id="prog:ramme 1",
            studies=(),
            internships=(),
            referrals=(),
            handovers=(),
            work_ability_assessments=(),
            participants=[attrs.evolve(p, id=f"P:é {p.id}") for p in programme.participants],
            jobs=[
                attrs.evolve(j, id=f"J/{j.id}~", participant_id=f"P:é {j.participant_id}")
                for j in programme.jobs
            ],
        )

        assert follow_ups(odd) == slow_rules.follow_ups(odd)


FIELDS = st.tuples(
    st.text(max_size=5),
    codes(),
    st.none() | codes(),
    st.sampled_from(Rule),
    st.integers(1, 20),
    days(),
    days(),
    st.booleans(),
)


@given(FIELDS)
def test_a_follow_up_made_from_its_fields_is_the_one_its_class_makes(fields):
    """`follow_up_of`, which `check` makes its follow-ups with, skips only the class's guard."""
    made = follow_up_of(*fields)
    assert type(made) is FollowUp
    assert made == FollowUp(*fields)
    assert hash(made) == hash(FollowUp(*fields))
    assert repr(made) == repr(FollowUp(*fields))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.seq = 2
