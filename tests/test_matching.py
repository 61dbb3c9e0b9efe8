"""Statuses: contacts meet follow-ups; the rest are due, upcoming or missed."""

import gc
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given
from hypothesis import strategies as st

import slow_rules
from ipsrules import (
    IPS25,
    Contact,
    ContactMode,
    Job,
    Participant,
    Party,
    Programme,
    Requirement,
    Rule,
    Status,
    check,
    follow_ups,
)
from ipsrules._contact_index import contact_logs
from ipsrules._matching import results_with
from ipsrules.strategies import ZONES, days, programmes

START = date(2025, 3, 10)  # the spec's worked example: a Monday
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def programme_with(*contacts, zone="Europe/Stockholm", **job):
    """The worked example's job, with a contact log."""
    return Programme(
        "demo",
        "Demo",
        timezone=zone,
        participants=[Participant("P1", date(2025, 1, 2))],
        jobs=[Job("J1", "P1", START, **job)],
        contacts=contacts,
    )


def status_of(programme, rule, seq=1, *, today, rules=IPS25):
    """The status of one follow-up of the programme on *today*."""
    (result,) = [
        r
        for r in check(programme, today=today, rules=rules)
        if (r.follow_up.rule, r.follow_up.seq) == (rule, seq)
    ]
    return result


def meeting(day, **fields):
    """A face-to-face meeting with participant P1."""
    return Contact("P1", day, ContactMode.FACE_TO_FACE, **fields)


class TestStatuses:
    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (date(2025, 3, 9), Status.UPCOMING),
            (date(2025, 3, 10), Status.DUE),
            (date(2025, 3, 13), Status.DUE),
            (date(2025, 3, 14), Status.MISSED),
        ],
    )
    def test_without_contact(self, today, expected):
        """Upcoming before the window, due inside it, missed the day after it closes."""
        assert expected == status_of(programme_with(), Rule.START, today=today).status

    @pytest.mark.parametrize("day", [date(2025, 3, 10), date(2025, 3, 13)])
    def test_met_on_either_edge(self, day):
        """Both ends of a window count."""
        result = status_of(programme_with(meeting(day)), Rule.START, today=date(2025, 6, 1))

        assert (Status.MET, (meeting(day),)) == (result.status, result.met_by)

    def test_met_while_still_open(self):
        """A follow-up met early in its window is met, not due."""
        programme = programme_with(meeting(date(2025, 3, 11)))

        assert status_of(programme, Rule.START, today=date(2025, 3, 11)).status == Status.MET

    @pytest.mark.parametrize("day", [date(2025, 3, 9), date(2025, 3, 14)])
    def test_contact_outside_the_window(self, day):
        """A contact the day before or after the window does not meet it."""
        result = status_of(programme_with(meeting(day)), Rule.START, today=date(2025, 6, 1))

        assert result.status == Status.MISSED
        assert result.met_by == ()

    def test_contact_after_today_counts_for_nothing(self):
        """A contact logged for a later day has not happened yet on *today*."""
        programme = programme_with(meeting(date(2025, 3, 12)))

        assert status_of(programme, Rule.START, today=date(2025, 3, 11)).status == Status.DUE

    def test_one_meeting_meets_start_and_week_one(self):
        """One contact may meet several follow-ups."""
        programme = programme_with(meeting(date(2025, 3, 12)))
        today = date(2025, 6, 1)

        assert status_of(programme, Rule.START, today=today).status == Status.MET
        assert status_of(programme, Rule.WEEK, 1, today=today).status == Status.MET
        assert status_of(programme, Rule.WEEK, 2, today=today).status == Status.MISSED

    def test_one_meeting_covers_two_jobs(self):
        """A meeting about one participant meets the follow-ups of each of their jobs."""
        programme = attrs.evolve(
            programme_with(meeting(date(2025, 3, 12))),
            jobs=[Job("J1", "P1", START), Job("J2", "P1", START + timedelta(days=1))],
        )
        met = {
            r.follow_up.job_id
            for r in check(programme, today=date(2025, 6, 1))
            if r.follow_up.rule is Rule.START and r.status is Status.MET
        }

        assert {"J1", "J2"} == met

    def test_phone_meets_job_end_only(self):
        """A phone call meets the job_end follow-up, not a face-to-face one."""
        programme = programme_with(
            Contact("P1", date(2025, 3, 21), ContactMode.PHONE), end=date(2025, 3, 20)
        )
        today = date(2025, 6, 1)

        assert status_of(programme, Rule.JOB_END, today=today).status == Status.MET
        assert status_of(programme, Rule.WEEK, 2, today=today).status == Status.MISSED

    def test_employer_meeting_meets_first_employer_contact(self):
        """Only a face-to-face meeting with an employer meets the entry rule."""
        enrolled = date(2025, 1, 2)
        log = [
            Contact("P1", enrolled, ContactMode.FACE_TO_FACE),  # with the participant
            Contact("P1", enrolled, ContactMode.PHONE, party=Party.EMPLOYER),
            Contact("P1", enrolled, ContactMode.FACE_TO_FACE, party=Party.TEAM),
        ]
        employer = Contact("P1", enrolled + timedelta(30), ContactMode.FACE_TO_FACE, Party.EMPLOYER)
        today = date(2025, 6, 1)

        missed = status_of(programme_with(*log), Rule.FIRST_EMPLOYER_CONTACT, today=today)
        met = status_of(programme_with(*log, employer), Rule.FIRST_EMPLOYER_CONTACT, today=today)

        assert missed.status == Status.MISSED
        assert (Status.MET, (employer,)) == (met.status, met.met_by)

    def test_waived_whatever_the_contacts(self):
        """A waived follow-up is waived even with a contact in its window."""
        programme = programme_with(meeting(date(2025, 3, 11)), reported_on=date(2025, 3, 20))
        result = status_of(programme, Rule.START, today=date(2025, 6, 1))

        assert (result.status, result.met_by) == (Status.WAIVED, ())

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (date(2026, 3, 9), Status.UPCOMING),
            (date(2026, 3, 10), Status.DUE),
            (date(2026, 3, 23), Status.DUE),
            (date(2026, 3, 24), Status.WAIVED),
        ],
    )
    def test_transition_review_is_a_reminder(self, today, expected):
        """A transition review is never missed and never met by a contact."""
        programme = programme_with(meeting(date(2026, 3, 11)))
        result = status_of(programme, Rule.TRANSITION_REVIEW, today=today)

        assert (expected, ()) == (result.status, result.met_by)

    def test_requirements_come_from_the_rule_set(self):
        """With a rule set that takes any mode for months, a phone call meets a month."""
        rules = attrs.evolve(
            IPS25,
            requirements={
                **IPS25.requirements,
                Rule.MONTH: Requirement(modes=None, parties={Party.PARTICIPANT}),
            },
        )
        programme = programme_with(Contact("P1", date(2025, 4, 15), ContactMode.PHONE))
        today = date(2025, 6, 1)

        assert status_of(programme, Rule.MONTH, 2, today=today, rules=rules).status == Status.MET
        assert status_of(programme, Rule.MONTH, 2, today=today).status == Status.MISSED

    def test_met_by_is_in_time_order(self):
        """All qualifying contacts in the window are listed, earliest first."""
        late = meeting(datetime(2025, 3, 12, 15, 0, tzinfo=STOCKHOLM))
        early = meeting(datetime(2025, 3, 12, 9, 0, tzinfo=STOCKHOLM))
        first = meeting(date(2025, 3, 11))
        result = status_of(programme_with(late, early, first), Rule.START, today=date(2025, 6, 1))

        assert (first, early, late) == result.met_by


# Days on which the clocks of some zone in ZONES change (2025), where a wrong conversion of a
# contact's instant to a day shows first.
CLOCK_CHANGES = [
    date(2025, 3, 30),  # Europe/Stockholm, forward
    date(2025, 10, 26),  # Europe/Stockholm, back
    date(2025, 3, 9),  # America/New_York, forward
    date(2025, 11, 2),  # America/New_York, back
    date(2025, 4, 6),  # America/Santiago back at midnight; Australia/Lord_Howe back half an hour
    date(2025, 9, 7),  # America/Santiago, forward at midnight
    date(2025, 10, 5),  # Australia/Lord_Howe, forward half an hour
]


def around_clock_changes():
    """A clock-change day, or the day before or after it."""
    return st.builds(
        lambda day, shift: day + timedelta(days=shift),
        st.sampled_from(CLOCK_CHANGES),
        st.integers(-1, 1),
    )


class TestTimeZones:
    def test_contact_just_after_local_midnight(self):
        """23:30 UTC on the window's last day is already the next day in Stockholm."""
        at = datetime(2025, 3, 13, 23, 30, tzinfo=UTC)  # 00:30 on 14 March in Stockholm
        result = status_of(programme_with(meeting(at)), Rule.START, today=date(2025, 6, 1))

        assert result.status == Status.MISSED

    def test_same_instant_counts_in_utc_programme(self):
        """The same contact falls inside the window of a programme kept in UTC."""
        at = datetime(2025, 3, 13, 23, 30, tzinfo=UTC)
        programme = programme_with(meeting(at), zone="UTC")

        assert status_of(programme, Rule.START, today=date(2025, 6, 1)).status == Status.MET

    def test_across_the_spring_change(self):
        """Clocks in Stockholm go forward on 30 March 2025: 22:30 UTC is 00:30 on the 31st."""
        at = datetime(2025, 3, 30, 22, 30, tzinfo=UTC)
        programme = programme_with(meeting(at))
        today = date(2025, 6, 1)

        assert status_of(programme, Rule.WEEK, 4, today=today).status == Status.MET
        assert status_of(programme, Rule.WEEK, 3, today=today).status == Status.MISSED

    def test_across_the_autumn_change(self):
        """Clocks go back on 26 October 2025: 23:30 UTC is 00:30 on the 27th, not the 26th."""
        job_start = date(2025, 10, 20)
        programme = Programme(
            "demo",
            "Demo",
            participants=[Participant("P1", date(2025, 9, 1))],
            jobs=[Job("J1", "P1", job_start)],
            contacts=[meeting(datetime(2025, 10, 26, 23, 30, tzinfo=UTC))],
        )
        today = date(2026, 1, 1)

        assert status_of(programme, Rule.WEEK, 1, today=today).status == Status.MISSED
        assert status_of(programme, Rule.WEEK, 2, today=today).status == Status.MET

    @given(
        st.sampled_from(ZONES),
        st.one_of(days(date(2021, 1, 1), date(2028, 12, 31)), around_clock_changes()),
        st.one_of(
            st.times(min_value=time(22, 0)),
            st.times(max_value=time(2, 0)),
        ),
        st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Europe/Stockholm"]),
    )
    def test_contact_day_is_the_programme_zone_day(self, zone, day, clock, logged_in):
        """
        A contact meets a one-day window exactly when its instant falls on that day in the
        programme's zone, wherever it was logged; dateutil's own tz database is the oracle.
        """
        instant = datetime.combine(day, clock, tzinfo=UTC).astimezone(ZoneInfo(logged_in))
        local_day = instant.astimezone(dateutil_tz.gettz(zone)).date()
        one_day = attrs.evolve(IPS25, start_days=1)
        programme = Programme(
            "demo",
            "Demo",
            timezone=zone,
            participants=[Participant("P1", day - timedelta(days=60))],
            jobs=[Job("J1", "P1", day)],
            contacts=[meeting(instant)],
        )
        result = status_of(programme, Rule.START, today=day + timedelta(days=30), rules=one_day)

        assert (local_day == day) == (result.status is Status.MET)


# --- properties on generated programmes --------------------------------------


def oracle(programme, today, rules=IPS25):
    """Statuses by brute force: every follow-up against every contact."""
    zone = ZoneInfo(programme.timezone)
    statuses = {}
    for follow_up in follow_ups(programme, rules=rules):
        if follow_up.waived:
            statuses[follow_up.id] = Status.WAIVED
            continue
        met = follow_up.rule is not Rule.TRANSITION_REVIEW and any(
            contact.participant_id == follow_up.participant_id
            and rules.requirements[follow_up.rule].accepts(contact)
            and follow_up.opens <= contact.local_date(zone) <= follow_up.closes
            and contact.local_date(zone) <= today
            for contact in programme.contacts
        )
        if met:
            statuses[follow_up.id] = Status.MET
        elif today < follow_up.opens:
            statuses[follow_up.id] = Status.UPCOMING
        elif today <= follow_up.closes:
            statuses[follow_up.id] = Status.DUE
        elif follow_up.rule is Rule.TRANSITION_REVIEW:
            statuses[follow_up.id] = Status.WAIVED
        else:
            statuses[follow_up.id] = Status.MISSED
    return statuses


def qualifying_contact(follow_up, day, contact_id):
    """A contact of the kind *follow_up* needs, on *day*."""
    requirement = IPS25.requirements[follow_up.rule]
    modes = sorted(requirement.modes or ContactMode)
    return Contact(
        follow_up.participant_id,
        day,
        modes[0],
        party=sorted(requirement.parties)[0],
        id=contact_id,
    )


class TestMatchingProperties:
    @given(programmes(max_contacts=60), days())
    def test_statuses_agree_with_brute_force(self, programme, today):
        """The indexed matcher gives the brute-force statuses, one result per follow-up."""
        results = check(programme, today=today)

        assert [r.follow_up for r in results] == follow_ups(programme)
        assert oracle(programme, today) == {r.follow_up.id: r.status for r in results}
        for result in results:
            assert (result.status is Status.MET) == bool(result.met_by)

    @given(programmes(max_contacts=0), st.data())
    def test_one_contact_per_window_meets_everything(self, programme, data):
        """
        A log with one qualifying contact per window meets every follow-up that needs one,
        and removing one contact misses exactly the follow-ups it alone met.
        """
        wanted = [f for f in follow_ups(programme) if f.rule.needs_contact and not f.waived]
        log = [
            qualifying_contact(
                f,
                f.opens + timedelta(days=data.draw(st.integers(0, (f.closes - f.opens).days))),
                f"C{n}",
            )
            for n, f in enumerate(wanted)
        ]
        # The day after every window has closed: a follow-up left unmet is missed.
        today = max(f.closes for f in follow_ups(programme)) + timedelta(days=1)
        full = attrs.evolve(programme, contacts=log)
        results = {r.follow_up.id: r for r in check(full, today=today)}

        for f in wanted:
            assert results[f.id].status == Status.MET

        if log:
            removed = data.draw(st.sampled_from(log))
            fewer = attrs.evolve(programme, contacts=[c for c in log if c is not removed])
            after = {r.follow_up.id: r.status for r in check(fewer, today=today)}
            alone = {i for i, r in results.items() if r.met_by == (removed,)}
            changed = {i for i in results if results[i].status != after[i]}

            assert alone == changed
            assert {Status.MISSED} >= {after[i] for i in alone}

    @given(programmes(), days(), st.randoms(use_true_random=False))
    def test_input_order_does_not_matter(self, programme, today, random):
        """The same records in another order give the same results."""
        shuffled = attrs.evolve(
            programme,
            participants=random.sample(programme.participants, len(programme.participants)),
            jobs=random.sample(programme.jobs, len(programme.jobs)),
            contacts=random.sample(programme.contacts, len(programme.contacts)),
        )

        assert check(programme, today=today) == check(shuffled, today=today)

    @given(programmes(), days(), st.data())
    def test_a_new_contact_only_touches_its_participant(self, programme, today, data):
        """Logging one more contact changes no result of another participant."""
        person = data.draw(st.sampled_from(programme.participants))
        contact = Contact(
            person.id,
            data.draw(days()),
            data.draw(st.sampled_from(ContactMode)),
            party=data.draw(st.sampled_from(Party)),
        )
        before = check(programme, today=today)
        after = check(attrs.evolve(programme, contacts=(*programme.contacts, contact)), today=today)

        assert [r.follow_up for r in before] == [r.follow_up for r in after]
        for old, new in zip(before, after, strict=True):
            if old.follow_up.participant_id != person.id:
                assert old == new
            elif old != new:
                assert new.status == Status.MET
                assert contact in new.met_by


RULE_SETS = (
    IPS25,
    attrs.evolve(IPS25, weeks=6, start_days=1, pre_start_days=14, follow_along_months=3),
    attrs.evolve(IPS25, enabled=set(IPS25.enabled) - {Rule.START, Rule.JOB_END}),
    attrs.evolve(
        IPS25,
        requirements={
            **IPS25.requirements,
            Rule.MONTH: Requirement(modes=None, parties={Party.PARTICIPANT, Party.FAMILY}),
        },
    ),
)


class TestAgainstThePlainVersion:
    """`check` is written for speed; it gives what the plain version in `slow_rules` gives."""

    @given(
        programmes(max_contacts=80),
        days(),
        st.none() | days(),
        st.sampled_from(RULE_SETS),
        st.randoms(use_true_random=False),
    )
    def test_same_results_in_the_same_order(self, programme, today, until, rules, random):
        log = list(programme.contacts)
        random.shuffle(log)  # a log that is not in order of time
        shuffled = attrs.evolve(programme, contacts=log)

        expected = slow_rules.check(shuffled, today=today, until=until, rules=rules)

        assert check(shuffled, today=today, until=until, rules=rules) == expected

    @given(programmes(max_contacts=0), days(), st.randoms(use_true_random=False))
    def test_several_contacts_a_day(self, programme, today, random):
        """Contacts that share a day come in `met_by` in the same order as in the plain version."""
        log = [
            Contact(
                follow_up.participant_id,
                follow_up.opens,
                random.choice(list(ContactMode)),
                party=random.choice([Party.PARTICIPANT, Party.EMPLOYER]),
                minutes=minutes,
            )
            for follow_up in follow_ups(programme)
            for minutes in random.sample([None, 5, 60, 90], 3)
        ]
        random.shuffle(log)
        crowded = attrs.evolve(programme, contacts=log)

        assert check(crowded, today=today) == slow_rules.check(crowded, today=today)

    @given(
        programmes(max_contacts=80),
        days(),
        st.frozensets(st.sampled_from(Status)),
        st.sampled_from(RULE_SETS),
        st.randoms(use_true_random=False),
        st.data(),
    )
    def test_results_with_some_statuses(self, programme, today, statuses, rules, random, data):
        """
        `results_with` gives the plain version's results of those statuses, in its order;
        with *met_since*, only the met ones whose first contact is on that day or later.
        """
        # Most often a contact's day, or the day after: where an off-by-one would show.
        contact_days = [contact.local_date(programme.zone) for contact in programme.contacts]
        near = (
            st.sampled_from(contact_days).flatmap(
                lambda day: st.sampled_from([day, day + timedelta(days=1)])
            )
            if contact_days
            else days()
        )
        met_since = data.draw(st.none() | near | days(), label="met_since")
        log = list(programme.contacts)
        random.shuffle(log)
        shuffled = attrs.evolve(programme, contacts=log)

        expected = [
            result
            for result in slow_rules.check(shuffled, today=today, rules=rules)
            if result.status in statuses
            and not (
                result.status is Status.MET
                and met_since is not None
                and result.met_by[0].local_date(programme.zone) < met_since
            )
        ]

        got = results_with(
            shuffled, today=today, statuses=statuses, rules=rules, met_since=met_since
        )
        assert got == expected


@given(programmes(max_contacts=0), st.randoms(use_true_random=False), st.data())
def test_met_since_counts_from_the_first_contact_that_meets(programme, random, data):
    """
    In windows with several contacts on several days, some that meet and some that do not,
    a met result is left out exactly when the first contact that meets it is before
    *met_since* (against the plain version, the day drawn near the contacts' days).
    """
    log = [
        Contact(
            follow_up.participant_id,
            follow_up.opens
            + timedelta(days=random.randint(0, (follow_up.closes - follow_up.opens).days)),
            random.choice(list(ContactMode)),
            party=random.choice(list(Party)),
            specialist_id=None,
        )
        for follow_up in follow_ups(programme)
        for _ in range(random.randint(0, 4))
    ]
    random.shuffle(log)
    crowded = attrs.evolve(programme, contacts=log)
    contact_days = sorted({contact.at for contact in log}) or [date(2025, 1, 1)]
    met_since = data.draw(
        st.sampled_from(contact_days).flatmap(
            lambda day: st.sampled_from([day, day + timedelta(days=1)])
        ),
        label="met_since",
    )
    today = contact_days[-1] + timedelta(days=400)
    expected = [
        result
        for result in slow_rules.check(crowded, today=today)
        if not (result.status is Status.MET and result.met_by[0].at < met_since)
    ]
    got = results_with(crowded, today=today, statuses=frozenset(Status), met_since=met_since)
    assert got == expected


def test_times_that_differ_only_by_fold_are_two_instants():
    """The two 01:30s of New York's autumn night fall on two days in Regina (UTC-6)."""
    new_york = ZoneInfo("America/New_York")
    first = datetime(2025, 11, 2, 1, 30, tzinfo=new_york)  # 05:30 UTC: 1 November in Regina
    second = first.replace(fold=1)  # 06:30 UTC: 2 November in Regina
    programme = programme_with(meeting(first), meeting(second), zone="America/Regina")

    days, _ = contact_logs(programme)["P1"]

    assert days == [date(2025, 11, 1), date(2025, 11, 2)]


class TestCollector:
    """`check` and `follow_ups` leave the cycle collector as they found it."""

    @pytest.mark.parametrize("enabled", [True, False])
    def test_left_as_it_was(self, enabled):
        programme = programme_with(meeting(START))
        was = gc.isenabled()
        (gc.enable if enabled else gc.disable)()
        try:
            check(programme, today=START)
            follow_ups(programme)
            assert gc.isenabled() is enabled
        finally:
            (gc.enable if was else gc.disable)()

    def test_restored_when_interrupted(self):
        programme = programme_with(meeting(START))
        results = check(programme, today=START)
        with pytest.raises(TypeError):
            check(programme, today=None)  # fails inside, comparing days with None
        assert gc.isenabled()
        assert results


@given(programmes(max_contacts=40), days())
def test_a_second_check_names_the_same_contacts(programme, today):
    """
    The contacts in `met_by` are made from the log once per programme: a second check gives
    equal results that name the very same objects, each equal to the contact logged.
    """
    first = check(programme, today=today)
    second = check(programme, today=today)
    assert first == second
    logged = list(programme.contacts)
    for one, other in zip(first, second, strict=True):
        assert all(a is b for a, b in zip(one.met_by, other.met_by, strict=True))
        assert all(contact in logged for contact in one.met_by)
