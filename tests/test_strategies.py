"""Tests of `ipsrules.strategies`: what the public strategies generate."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from ipsrules import NO_INCOME_SUPPORT, ExitReason, Participant, Programme, ReferralState
from ipsrules.strategies import (
    income_supports,
    internships,
    participants,
    programmes,
    referrals,
    studies,
)

PERSON = Participant("P1", enrolled_on=date(2025, 3, 3))


class TestProgrammes:
    @given(programmes())
    def test_records_of_a_participant_hang_together(self, programme: Programme) -> None:
        """Enrolled referrals are decided on their participant's enrolment day; internships
        start on or after it; exit details only for those who left."""
        for referral in programme.referrals:
            if referral.state is ReferralState.ENROLLED:
                person = programme.participant(referral.participant_id)
                assert referral.decided_on == person.enrolled_on
        for internship in programme.internships:
            assert internship.start >= programme.participant(internship.participant_id).enrolled_on
        enrolled = [r.participant_id for r in programme.referrals if r.participant_id]
        assert len(enrolled) == len(set(enrolled))  # one enrolled referral per participant

    @pytest.mark.parametrize(
        "wanted",
        [
            *(
                pytest.param(lambda p, s=state: any(r.state is s for r in p.referrals), id=state)
                for state in ReferralState
            ),
            *(
                pytest.param(
                    lambda p, r=reason: any(x.exit_reason is r for x in p.participants), id=reason
                )
                for reason in ExitReason
            ),
            pytest.param(
                lambda p: any(
                    x.discharged_on and x.income_support_at_exit is None for x in p.participants
                ),
                id="left-income-support-unknown",
            ),
            pytest.param(
                lambda p: any(
                    x.income_support_at_exit == NO_INCOME_SUPPORT for x in p.participants
                ),
                id="left-without-income-support",
            ),
            pytest.param(lambda p: any(s.end is None for s in p.studies), id="study-running"),
            pytest.param(lambda p: any(s.end for s in p.studies), id="study-ended"),
            pytest.param(
                lambda p: any(i.end is None for i in p.internships), id="internship-running"
            ),
            pytest.param(lambda p: any(i.end for i in p.internships), id="internship-ended"),
            pytest.param(lambda p: any(c.generic for c in p.contacts), id="generic-contact"),
            pytest.param(
                lambda p: any(h.specialist_id for h in p.handovers), id="handover-to-someone"
            ),
            pytest.param(
                lambda p: any(h.specialist_id is None for h in p.handovers),
                id="handover-to-nobody",
            ),
            pytest.param(lambda p: any(s.left_on for s in p.specialists), id="specialist-left"),
            pytest.param(
                lambda p: any(s.started_on for s in p.specialists), id="specialist-started"
            ),
            pytest.param(
                lambda p: any(w.able_to_work for w in p.work_ability_assessments),
                id="judged-able",
            ),
            pytest.param(
                lambda p: any(not w.able_to_work for w in p.work_ability_assessments),
                id="judged-unable",
            ),
        ],
    )
    def test_every_kind_of_record_can_be_drawn(self, wanted) -> None:
        """Referrals in every state, every exit reason, income support at exit known or not,
        studies and internships both running and ended: each is found in a few hundred
        programmes at most."""
        programme = find(
            programmes(max_contacts=0),
            wanted,
            settings=settings(max_examples=2_000, database=None, phases=[Phase.generate]),
        )
        assert wanted(programme)

    @settings(max_examples=20)
    @given(programmes(max_studies=0, max_internships=0, max_referrals=0))
    def test_limits_of_zero_leave_those_records_out(self, programme: Programme) -> None:
        assert programme.studies == programme.internships == ()
        assert all(r.state is ReferralState.ENROLLED for r in programme.referrals)


class TestRecords:
    @given(participants())
    def test_exit_details_only_after_a_discharge(self, person: Participant) -> None:
        if person.discharged_on is None:
            assert person.exit_reason is person.income_support_at_exit is None

    @given(studies(PERSON), internships(PERSON))
    def test_studies_and_internships_belong_to_their_participant(self, study, internship):
        assert study.participant_id == internship.participant_id == "P1"
        assert internship.start >= PERSON.enrolled_on

    @given(referrals(states=st.just(ReferralState.REFERRED)))
    def test_a_waiting_referral_is_undecided(self, referral) -> None:
        assert referral.decided_on is None
        assert referral.waiting_on(referral.referred_on)

    @given(referrals(participant=PERSON))
    def test_an_enrolled_referral_came_before_its_enrolment(self, referral) -> None:
        assert referral.state is ReferralState.ENROLLED
        assert referral.referred_on <= referral.decided_on == PERSON.enrolled_on

    def test_income_supports_include_none(self) -> None:
        assert find(income_supports(), lambda value: value == NO_INCOME_SUPPORT)
