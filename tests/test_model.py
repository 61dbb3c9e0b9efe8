"""The records refuse invalid values with errors that name the record and the field."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    NO_INCOME_SUPPORT,
    Contact,
    ContactMode,
    ExitReason,
    Internship,
    Job,
    Participant,
    Party,
    Programme,
    Referral,
    ReferralState,
    Setting,
    Specialist,
    Study,
    ValidationError,
)
from ipsrules._contact_index import NO_CONTACTS, contact_logs
from ipsrules.strategies import programmes

DAY = date(2025, 3, 10)


def refused(build, record, field):
    """Build a record expecting a ValidationError naming *record* and *field*."""
    with pytest.raises(ValidationError) as caught:
        build()
    assert (record, field) == (caught.value.record, caught.value.field)
    assert record in str(caught.value)
    return caught.value


class TestRecords:
    def test_validation_error_is_a_value_error(self):
        """Callers that catch ValueError also catch ours."""
        assert issubclass(ValidationError, ValueError)

    def test_end_before_start(self):
        """A job cannot end before it starts."""
        error = refused(lambda: Job("J1", "P1", DAY, end=DAY - timedelta(1)), "Job 'J1'", "end")

        assert "before start" in error.reason

    def test_end_on_start_day(self):
        """A one-day job is fine."""
        assert Job("J1", "P1", DAY, end=DAY).end == DAY

    def test_end_known_without_end(self):
        """Knowing when an end became known needs an end."""
        refused(lambda: Job("J1", "P1", DAY, end_known_on=DAY), "Job 'J1'", "end_known_on")

    def test_end_known_before_start(self):
        """Nobody learns that a job ended before it started."""
        refused(
            lambda: Job("J1", "P1", DAY, end=DAY, end_known_on=DAY - timedelta(1)),
            "Job 'J1'",
            "end_known_on",
        )

    def test_end_known_before_end(self):
        """Notice of an end may come before the last working day."""
        job = Job("J1", "P1", DAY, end=DAY + timedelta(30), end_known_on=DAY + timedelta(10))

        assert DAY + timedelta(10) == job.end_learnt_on

    def test_negative_hours(self):
        """Hours a week cannot be negative."""
        refused(lambda: Job("J1", "P1", DAY, hours_per_week=-1), "Job 'J1'", "hours_per_week")

    def test_nan_hours(self):
        """NaN hours are not a number of hours."""
        refused(
            lambda: Job("J1", "P1", DAY, hours_per_week=float("nan")), "Job 'J1'", "hours_per_week"
        )

    def test_datetime_for_a_date_field(self):
        """A job starts on a day; a datetime is not silently truncated."""
        refused(lambda: Job("J1", "P1", datetime(2025, 3, 10, tzinfo=UTC)), "Job 'J1'", "start")

    def test_competitive_must_be_boolean(self):
        """A 'yes' string is not silently taken as True."""
        refused(lambda: Job("J1", "P1", DAY, competitive="yes"), "Job 'J1'", "competitive")

    def test_discharge_before_enrolment(self):
        """A participant cannot leave before entering."""
        refused(
            lambda: Participant("P1", DAY, discharged_on=DAY - timedelta(1)),
            "Participant 'P1'",
            "discharged_on",
        )

    def test_empty_id(self):
        """Ids are non-empty strings."""
        refused(lambda: Participant(" ", DAY), "Participant ' '", "id")

    def test_naive_datetime(self):
        """A naive datetime is an input error, never a guess."""
        error = refused(
            lambda: Contact("P1", datetime(2025, 3, 10, 9, 0), ContactMode.FACE_TO_FACE),
            "Contact of participant 'P1' at 2025-03-10 09:00:00",
            "at",
        )

        assert "time zone" in error.reason

    def test_aware_datetime_and_date_accepted(self):
        """A contact is at a date or at an aware datetime."""
        aware = datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))

        assert aware == Contact("P1", aware, ContactMode.PHONE).at
        assert Contact("P1", DAY, ContactMode.PHONE).at == DAY

    def test_negative_minutes(self):
        """Minutes cannot be negative."""
        refused(
            lambda: Contact("P1", DAY, ContactMode.PHONE, minutes=-5, id="C1"),
            "Contact 'C1'",
            "minutes",
        )

    def test_minutes_must_be_whole(self):
        """Minutes are a whole number; a string from a spreadsheet is not read as one."""
        refused(
            lambda: Contact("P1", DAY, ContactMode.PHONE, minutes="30", id="C1"),
            "Contact 'C1'",
            "minutes",
        )

    def test_at_must_be_a_date_or_datetime(self):
        """A contact's time is a date or an aware datetime, not a string."""
        refused(
            lambda: Contact("P1", "2025-03-10", ContactMode.PHONE, id="C1"), "Contact 'C1'", "at"
        )

    def test_mode_must_be_the_enum(self):
        """A string is not silently taken for a mode."""
        error = refused(
            lambda: Contact("P1", DAY, "phone", id="C1"),  # type: ignore[arg-type]
            "Contact 'C1'",
            "mode",
        )

        assert "face_to_face" in error.reason

    @pytest.mark.parametrize("fte", [0, -0.5, 1.5])
    def test_fte_range(self, fte):
        """FTE is more than 0 and at most 1."""
        refused(lambda: Specialist("S1", fte=fte), "Specialist 'S1'", "fte")

    @pytest.mark.parametrize("share", [-0.1, 1.01, float("nan"), "0.5", True])
    def test_employment_share_range(self, share):
        """A specialist's employment share is a number from 0 to 1, or unknown."""
        refused(
            lambda: Specialist("S1", employment_share=share),
            "Specialist 'S1'",
            "employment_share",
        )

    @pytest.mark.parametrize("share", [None, 0, 0.0, 0.96, 1])
    def test_employment_share_allowed(self, share):
        """Unknown, zero, a share and all of the time are all allowed."""
        assert Specialist("S1", employment_share=share).employment_share == share

    def test_records_are_frozen(self):
        """Records are values: change them with attrs.evolve."""
        job = Job("J1", "P1", DAY)

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            job.end = DAY  # type: ignore[misc]
        assert attrs.evolve(job, end=DAY).end == DAY

    def test_enum_values_are_lowercase_strings(self):
        """Enums serialise as their lowercase values."""
        assert ContactMode.FACE_TO_FACE == "face_to_face"
        assert Party.EMPLOYER == "employer"
        assert Setting.COMMUNITY == "community"


class TestProgramme:
    def test_unknown_time_zone(self):
        """A time zone must be a known IANA name."""
        refused(lambda: Programme("X", "X", timezone="Mars/Olympus"), "Programme 'X'", "timezone")

    @pytest.mark.parametrize(
        ("records", "record"),
        [
            (
                {"participants": [Participant("P1", DAY), Participant("P1", DAY)]},
                "Participant 'P1'",
            ),
            ({"specialists": [Specialist("S1"), Specialist("S1")]}, "Specialist 'S1'"),
            (
                {
                    "participants": [Participant("P1", DAY)],
                    "jobs": [Job("J1", "P1", DAY), Job("J1", "P1", DAY)],
                },
                "Job 'J1'",
            ),
            (
                {
                    "participants": [Participant("P1", DAY)],
                    "contacts": [
                        Contact("P1", DAY, ContactMode.PHONE, id="C1"),
                        Contact("P1", DAY, ContactMode.VIDEO),
                        Contact("P1", DAY, ContactMode.PHONE, id="C1"),
                    ],
                },
                "Contact 'C1'",
            ),
            (
                {
                    "participants": [Participant("P1", DAY)],
                    "studies": [Study("ST1", "P1", DAY), Study("ST1", "P1", DAY)],
                },
                "Study 'ST1'",
            ),
        ],
    )
    def test_duplicate_ids(self, records, record):
        """Ids are unique within each kind of record."""
        error = refused(lambda: Programme("X", "X", **records), record, "id")

        assert "duplicate" in error.reason

    def test_job_of_unknown_participant(self):
        """A job must belong to a participant of the programme."""
        refused(
            lambda: Programme("X", "X", jobs=[Job("J1", "P9", DAY)]), "Job 'J1'", "participant_id"
        )

    def test_contact_with_unknown_specialist(self):
        """A contact's specialist must be one of the programme's."""
        refused(
            lambda: Programme(
                "X",
                "X",
                participants=[Participant("P1", DAY)],
                contacts=[Contact("P1", DAY, ContactMode.PHONE, specialist_id="S9", id="C1")],
            ),
            "Contact 'C1'",
            "specialist_id",
        )

    def test_contact_of_unknown_participant(self):
        """A contact must be about a participant of the programme."""
        refused(
            lambda: Programme("X", "X", contacts=[Contact("P9", DAY, ContactMode.PHONE)]),
            "Contact of participant 'P9' at 2025-03-10",
            "participant_id",
        )

    def test_participant_with_unknown_specialist(self):
        """A participant's specialist must be one of the programme's."""
        refused(
            lambda: Programme("X", "X", participants=[Participant("P1", DAY, specialist_id="S9")]),
            "Participant 'P1'",
            "specialist_id",
        )

    def test_wrong_kind_of_record(self):
        """A list of jobs holds jobs."""
        error = refused(lambda: Programme("X", "X", jobs=[{"id": "J1"}]), "Programme 'X'", "jobs")

        assert "item 0" in error.reason

    def test_lookups(self):
        """Records are found by id."""
        programme = Programme(
            "X",
            "X",
            specialists=[Specialist("S1")],
            participants=[Participant("P1", DAY, specialist_id="S1")],
            jobs=[Job("J1", "P1", DAY)],
        )

        assert programme.specialist("S1").id == "S1"
        assert programme.participant("P1").id == "P1"
        assert programme.job("J1").id == "J1"
        with pytest.raises(KeyError):
            programme.job("J2")

    def test_first_fault_in_the_contact_log_is_named(self):
        """Of several bad contacts, the first in the log is the one the error names."""
        refused(
            lambda: Programme(
                "X",
                "X",
                participants=[Participant("P1", DAY)],
                contacts=[
                    Contact("P1", DAY, ContactMode.PHONE, id="C1"),
                    Contact("P1", DAY, ContactMode.PHONE, specialist_id="S9", id="C2"),
                    Contact("P9", DAY, ContactMode.PHONE, id="C3"),
                ],
            ),
            "Contact 'C2'",
            "specialist_id",
        )

    @given(programmes(max_contacts=40), st.randoms(use_true_random=False))
    def test_contact_log_holds_each_contact_once_in_order_of_day(self, programme, random):
        """
        Each participant's log is their contacts in order of local day, a day's contacts in
        the order they were logged, whatever order the whole log came in.
        """
        log = list(programme.contacts)
        random.shuffle(log)
        shuffled = attrs.evolve(programme, contacts=log)
        zone = shuffled.zone
        for participant in shuffled.participants:
            theirs = [contact for contact in log if contact.participant_id == participant.id]
            expected = sorted(theirs, key=lambda contact: contact.local_date(zone))  # stable
            days, rows = contact_logs(shuffled).get(participant.id, NO_CONTACTS)
            assert [shuffled.contacts[row] for row in rows] == expected
            # Each once: the places are distinct places in the log.
            assert len(set(rows)) == len(rows)
            assert days == [contact.local_date(zone) for contact in expected]

    def test_lists_become_tuples(self):
        """A programme is a value: equal records make equal, hashable programmes."""
        one = Programme("X", "X", participants=[Participant("P1", DAY)])
        two = Programme("X", "X", participants=(Participant("P1", DAY),))

        assert one == two
        assert hash(one) == hash(two)


class TestOutcomeRecords:
    """Studies, internships, referrals and exits: the records outcome reports count."""

    def test_exit_reason_needs_a_discharge(self):
        """A reason for leaving without a day of leaving is refused."""
        refused(
            lambda: Participant("P1", DAY, exit_reason=ExitReason.EMPLOYED),
            "Participant 'P1'",
            "exit_reason",
        )

    def test_exit_reason_must_be_one_of_the_reasons(self):
        """A free-text exit reason is refused; the reasons are a closed list."""
        error = refused(
            lambda: Participant("P1", DAY, discharged_on=DAY, exit_reason="found love"),
            "Participant 'P1'",
            "exit_reason",
        )
        assert "moved_on" in error.reason

    def test_income_support_at_exit_needs_a_discharge(self):
        """Income support at exit only makes sense once the participant has left."""
        refused(
            lambda: Participant("P1", DAY, income_support_at_exit=NO_INCOME_SUPPORT),
            "Participant 'P1'",
            "income_support_at_exit",
        )

    def test_income_support_is_an_open_category(self):
        """Any non-empty category is taken, since every country has its own benefits."""
        participant = Participant(
            "P1",
            DAY,
            discharged_on=DAY + timedelta(200),
            income_support_at_entry="activity_compensation",
            income_support_at_exit="none",
        )
        assert participant.income_support_at_exit == NO_INCOME_SUPPORT
        refused(
            lambda: Participant("P1", DAY, income_support_at_entry=" "),
            "Participant 'P1'",
            "income_support_at_entry",
        )

    def test_active_on_counts_both_ends(self):
        """A participant is active from the day of enrolment to the day of discharge."""
        participant = Participant("P1", DAY, discharged_on=DAY + timedelta(10))
        assert not participant.active_on(DAY - timedelta(1))
        assert participant.active_on(DAY)
        assert participant.active_on(DAY + timedelta(10))
        assert not participant.active_on(DAY + timedelta(11))
        assert Participant("P2", DAY).active_on(DAY + timedelta(10_000))

    @pytest.mark.parametrize("kind", [Study, Internship])
    def test_placements_cannot_end_before_they_start(self, kind):
        """Studies and internships refuse an end before their start, naming the record."""
        refused(
            lambda: kind("X1", "P1", DAY, end=DAY - timedelta(1)),
            f"{kind.__name__} 'X1'",
            "end",
        )
        refused(
            lambda: kind("X1", "P1", DAY, hours_per_week=-1.0),
            f"{kind.__name__} 'X1'",
            "hours_per_week",
        )

    @pytest.mark.parametrize("kind", [Study, Internship])
    def test_placements_are_held_from_start_to_end(self, kind):
        """Like a job, a placement runs from its first to its last day, both inclusive."""
        placement = kind("X1", "P1", DAY, end=DAY + timedelta(5))
        assert [placement.held_on(DAY + timedelta(n)) for n in (-1, 0, 5, 6)] == [
            False,
            True,
            True,
            False,
        ]

    def test_a_waiting_referral_has_no_decision(self):
        """A referral still waiting has no decision day and no participant."""
        refused(
            lambda: Referral("R1", DAY, decided_on=DAY),
            "Referral 'R1'",
            "decided_on",
        )
        refused(
            lambda: Referral("R1", DAY, participant_id="P1"),
            "Referral 'R1'",
            "participant_id",
        )

    @pytest.mark.parametrize(
        "state", [ReferralState.ENROLLED, ReferralState.DECLINED, ReferralState.WITHDRAWN]
    )
    def test_a_decided_referral_needs_its_day(self, state):
        """Enrolled, declined and withdrawn referrals say when they left the waiting list."""
        participant_id = "P1" if state is ReferralState.ENROLLED else None
        refused(
            lambda: Referral("R1", DAY, state=state, participant_id=participant_id),
            "Referral 'R1'",
            "decided_on",
        )
        refused(
            lambda: Referral(
                "R1",
                DAY,
                state=state,
                decided_on=DAY - timedelta(1),
                participant_id=participant_id,
            ),
            "Referral 'R1'",
            "decided_on",
        )

    def test_only_an_enrolled_referral_names_a_participant(self):
        """Enrolled needs the participant it became; declined must not name one."""
        refused(
            lambda: Referral("R1", DAY, state=ReferralState.ENROLLED, decided_on=DAY),
            "Referral 'R1'",
            "participant_id",
        )
        refused(
            lambda: Referral(
                "R1", DAY, state=ReferralState.DECLINED, decided_on=DAY, participant_id="P1"
            ),
            "Referral 'R1'",
            "participant_id",
        )

    def test_waiting_on_ends_the_day_before_the_decision(self):
        """A referral waits from the day it arrives until the day before it is decided."""
        referral = Referral("R1", DAY, state=ReferralState.WITHDRAWN, decided_on=DAY + timedelta(3))
        assert [referral.waiting_on(DAY + timedelta(n)) for n in (-1, 0, 2, 3)] == [
            False,
            True,
            True,
            False,
        ]
        assert Referral("R2", DAY).waiting_on(DAY + timedelta(10_000))

    @pytest.mark.parametrize(
        ("records", "record"),
        [
            ({"studies": [Study("X1", "P9", DAY)]}, "Study 'X1'"),
            ({"internships": [Internship("X1", "P9", DAY)]}, "Internship 'X1'"),
            (
                {
                    "referrals": [
                        Referral(
                            "X1",
                            DAY,
                            state=ReferralState.ENROLLED,
                            decided_on=DAY,
                            participant_id="P9",
                        )
                    ]
                },
                "Referral 'X1'",
            ),
        ],
    )
    def test_programme_checks_participant_references(self, records, record):
        """A study, internship or enrolled referral of an unknown participant is refused."""
        error = refused(
            lambda: Programme(id="X", name="X", participants=[Participant("P1", DAY)], **records),
            record,
            "participant_id",
        )
        assert "P9" in error.reason

    def test_programme_refuses_duplicate_ids_per_kind(self):
        """Ids are unique within each kind of record."""
        refused(
            lambda: Programme(
                id="X",
                name="X",
                participants=[Participant("P1", DAY)],
                studies=[Study("X1", "P1", DAY), Study("X1", "P1", DAY)],
            ),
            "Study 'X1'",
            "id",
        )


class TestForParticipants:
    def programme(self):
        return Programme(
            id="X",
            name="X",
            specialists=[Specialist("S1")],
            participants=[Participant("P1", DAY), Participant("P2", DAY, specialist_id="S1")],
            jobs=[Job("J1", "P1", DAY), Job("J2", "P2", DAY)],
            contacts=[
                Contact("P1", DAY, ContactMode.PHONE),
                Contact("P2", DAY, ContactMode.PHONE),
            ],
            studies=[Study("ST1", "P1", DAY), Study("ST2", "P2", DAY)],
            internships=[Internship("I1", "P1", DAY), Internship("I2", "P2", DAY)],
            referrals=[
                Referral(
                    "R1", DAY, state=ReferralState.ENROLLED, decided_on=DAY, participant_id="P1"
                ),
                Referral(
                    "R2", DAY, state=ReferralState.ENROLLED, decided_on=DAY, participant_id="P2"
                ),
                Referral("R3", DAY),
            ],
        )

    def test_keeps_every_record_of_the_chosen_and_nothing_else(self):
        """Each list that names a participant keeps exactly the records of the chosen ones."""
        cut = self.programme().for_participants(["P2", "P404"])
        assert [p.id for p in cut.participants] == ["P2"]
        assert [j.id for j in cut.jobs] == ["J2"]
        assert [c.participant_id for c in cut.contacts] == ["P2"]
        assert [s.id for s in cut.studies] == ["ST2"]
        assert [i.id for i in cut.internships] == ["I2"]
        assert [r.id for r in cut.referrals] == ["R2"]
        assert cut.specialists == self.programme().specialists

    def test_every_participant_gives_the_same_programme(self):
        """Cutting to everyone drops only referrals that name no participant."""
        programme = self.programme()
        cut = programme.for_participants(p.id for p in programme.participants)
        assert attrs.evolve(cut, referrals=programme.referrals) == programme
        assert [r.id for r in cut.referrals] == ["R1", "R2"]

    def test_partition_by_specialist_gives_each_caseload_its_records(self):
        """Parts hold the records of their own participants: together all but loose referrals."""
        programme = self.programme()
        parts = programme.partition(lambda participant: participant.specialist_id)
        assert set(parts) == {None, "S1"}
        assert parts["S1"] == programme.for_participants(["P2"])
        assert parts[None] == programme.for_participants(["P1"])
        assert programme.for_participants([]).participants == ()
        assert programme.for_participants([]).specialists == programme.specialists
