"""
Generic employer contacts, staff who come and go, handovers and judgements of work ability:
the records, their checks, and the programme's questions of who holds a case on a day.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    Contact,
    ContactMode,
    Handover,
    LoadError,
    Participant,
    Party,
    Programme,
    Specialist,
    ValidationError,
    WorkAbilityAssessment,
    check,
    dump_csv,
    dumps,
    load_csv,
    loads,
)
from ipsrules._contact_index import contact_logs
from ipsrules.strategies import days, generic_contacts, programmes

DAY = date(2025, 3, 10)


def refused(build, record, field):
    """Build something expecting a ValidationError naming *record* and *field*."""
    with pytest.raises(ValidationError) as caught:
        build()
    assert (caught.value.record, caught.value.field) == (record, field)
    return caught.value


def team(**fields) -> Programme:
    """Two specialists, one participant enrolled on DAY held by S1; *fields* added or replaced."""
    base = {
        "id": "T",
        "name": "Team",
        "specialists": [Specialist("S1"), Specialist("S2")],
        "participants": [Participant("P1", enrolled_on=DAY, specialist_id="S1")],
    }
    base.update(fields)
    return Programme(**base)


# --- generic employer contacts -------------------------------------------------


class TestGenericContacts:
    def test_an_employer_contact_may_name_no_participant(self):
        contact = Contact(None, DAY, ContactMode.FACE_TO_FACE, Party.EMPLOYER, specialist_id="S1")
        assert contact.generic
        assert contact.participant_id is None
        assert not Contact("P1", DAY, ContactMode.PHONE).generic

    @pytest.mark.parametrize("party", [Party.PARTICIPANT, Party.TEAM, Party.FAMILY])
    def test_any_other_party_needs_a_participant(self, party):
        error = refused(
            lambda: Contact(None, DAY, ContactMode.PHONE, party, specialist_id="S1", id="C1"),
            "Contact 'C1'",
            "participant_id",
        )
        assert f"party is {party.value}" in error.reason

    def test_a_generic_contact_needs_its_specialist(self):
        error = refused(
            lambda: Contact(None, DAY, ContactMode.FACE_TO_FACE, Party.EMPLOYER),
            "Contact of participant None at 2025-03-10",
            "specialist_id",
        )
        assert "names no participant" in error.reason

    def test_a_generic_contact_without_id_is_named_by_its_specialist(self):
        error = refused(
            lambda: team(
                contacts=[Contact(None, DAY, ContactMode.PHONE, Party.EMPLOYER, specialist_id="S9")]
            ),
            "Contact of specialist 'S9' at 2025-03-10",
            "specialist_id",
        )
        assert "unknown specialist 'S9'" in error.reason

    def test_a_bad_party_is_reported_as_such(self):
        """With no participant and a party that is not a Party, the party is at fault."""
        refused(
            lambda: Contact(None, DAY, ContactMode.PHONE, "employer", specialist_id="S1", id="C1"),  # type: ignore[arg-type]
            "Contact 'C1'",
            "party",
        )

    def test_a_generic_contact_meets_no_follow_up(self):
        """An employer meeting on the day of entry with nobody in mind meets no entry rule."""
        generic = Contact(None, DAY, ContactMode.FACE_TO_FACE, Party.EMPLOYER, specialist_id="S1")
        programme = team(contacts=[generic])
        assert contact_logs(programme) == {}
        assert not any(result.met_by for result in check(programme, today=DAY + timedelta(400)))

    @given(programmes(max_generic_contacts=0), st.data())
    def test_adding_generic_contacts_never_changes_a_status(self, programme, data):
        """Property: generic employer contacts, anywhere in the log, change no result."""
        if not programme.specialists:
            return
        ids = tuple(s.id for s in programme.specialists)
        extra = data.draw(st.lists(generic_contacts(ids), min_size=1, max_size=4))
        today = data.draw(days())
        before = check(programme, today=today)
        after = check(attrs.evolve(programme, contacts=[*extra, *programme.contacts]), today=today)
        assert after == before

    @given(programmes())
    def test_cuts_leave_generic_contacts_out(self, programme):
        """A generic contact belongs to no participant, so no cut of participants holds it."""
        everyone = programme.for_participants(p.id for p in programme.participants)
        assert everyone.contacts == tuple(c for c in programme.contacts if not c.generic)
        for part in programme.partition(lambda p: p.specialist_id).values():
            assert not any(c.generic for c in part.contacts)

    def test_json_leaves_the_participant_out_or_null(self):
        for contact in (
            {
                "at": "2025-03-10",
                "mode": "face_to_face",
                "party": "employer",
                "specialist_id": "S1",
            },
            {
                "participant_id": None,
                "at": "2025-03-10",
                "mode": "face_to_face",
                "party": "employer",
                "specialist_id": "S1",
            },
        ):
            text = json.dumps(
                {
                    "format": "ipsrules.programme",
                    "version": 1,
                    "id": "T",
                    "name": "Team",
                    "specialists": [{"id": "S1"}],
                    "contacts": [contact],
                }
            )
            programme = loads(text)
            assert programme.contacts[0].generic
            assert loads(dumps(programme)) == programme

    def test_json_refuses_a_participantless_contact_with_a_participant_party(self):
        text = json.dumps(
            {
                "format": "ipsrules.programme",
                "version": 1,
                "id": "T",
                "name": "Team",
                "contacts": [{"at": "2025-03-10", "mode": "phone", "specialist_id": "S1"}],
            }
        )
        with pytest.raises(LoadError) as caught:
            loads(text, source="t.json")
        assert caught.value.field == "participant_id"
        assert caught.value.record == "contacts[0]"
        assert "only a contact with an employer" in str(caught.value)

    def test_csv_reads_an_empty_participant_cell_as_none(self, tmp_path: Path):
        dump_csv(team(), tmp_path)
        (tmp_path / "contacts.csv").write_text(
            "participant_id,at,mode,party,specialist_id\n"
            ",2025-03-11,face_to_face,employer,S2\n"
            ",2025-03-12,phone,participant,S2\n",
            encoding="utf-8",
        )
        with pytest.raises(LoadError) as caught:
            load_csv(tmp_path)
        assert (caught.value.line, caught.value.column) == (3, "participant_id")
        (tmp_path / "contacts.csv").write_text(
            "participant_id,at,mode,party,specialist_id\n,2025-03-11,face_to_face,employer,S2\n",
            encoding="utf-8",
        )
        assert load_csv(tmp_path).contacts == (
            Contact(None, date(2025, 3, 11), ContactMode.FACE_TO_FACE, Party.EMPLOYER, None, "S2"),
        )

    def test_csv_still_needs_the_participant_column(self, tmp_path: Path):
        """An empty cell means a generic contact; a missing column is still a mistake."""
        dump_csv(team(), tmp_path)
        (tmp_path / "contacts.csv").write_text(
            "at,mode,party,specialist_id\n2025-03-11,face_to_face,employer,S2\n", encoding="utf-8"
        )
        with pytest.raises(LoadError) as caught:
            load_csv(tmp_path)
        assert caught.value.column == "participant_id"


# --- specialists in post ------------------------------------------------------


class TestInPost:
    def test_in_post_from_the_first_day_to_the_last(self):
        specialist = Specialist("S1", started_on=DAY, left_on=DAY + timedelta(30))
        assert not specialist.in_post(DAY - timedelta(1))
        assert specialist.in_post(DAY)
        assert specialist.in_post(DAY + timedelta(30))
        assert not specialist.in_post(DAY + timedelta(31))

    def test_without_dates_always_in_post(self):
        assert Specialist("S1").in_post(date(1990, 1, 1))
        assert Specialist("S1").in_post(date(2090, 1, 1))

    def test_leaving_before_starting_is_refused(self):
        error = refused(
            lambda: Specialist("S1", started_on=DAY, left_on=DAY - timedelta(1)),
            "Specialist 'S1'",
            "left_on",
        )
        assert "before started_on" in error.reason
        assert Specialist("S1", started_on=DAY, left_on=DAY).in_post(DAY)  # one day in post

    def test_specialists_in_post(self):
        programme = team(
            specialists=[
                Specialist("S1", left_on=DAY),
                Specialist("S2", started_on=DAY + timedelta(1)),
                Specialist("S3"),
            ]
        )
        assert [s.id for s in programme.specialists_in_post(DAY)] == ["S1", "S3"]
        assert [s.id for s in programme.specialists_in_post(DAY + timedelta(1))] == ["S2", "S3"]
        assert programme.in_post("S2", DAY + timedelta(1))
        with pytest.raises(KeyError):
            programme.in_post("S9", DAY)

    @given(programmes(), days())
    def test_in_post_agrees_with_the_dates(self, programme, day):
        """Property: in post exactly from started_on to left_on, both inclusive."""
        shown = {s.id for s in programme.specialists_in_post(day)}
        for specialist in programme.specialists:
            after_start = specialist.started_on is None or specialist.started_on <= day
            before_leaving = specialist.left_on is None or day <= specialist.left_on
            assert (specialist.id in shown) == (after_start and before_leaving)


# --- handovers ----------------------------------------------------------------


class TestHandovers:
    def test_the_case_follows_the_handovers(self):
        later = DAY + timedelta(40)
        programme = team(
            handovers=[
                Handover("P1", later, None),
                Handover("P1", DAY + timedelta(10), "S2"),
            ]
        )
        assert programme.responsible_specialist("P1", DAY - timedelta(1)) is None  # not yet in
        assert programme.responsible_specialist("P1", DAY) == "S1"
        assert programme.responsible_specialist("P1", DAY + timedelta(9)) == "S1"
        assert programme.responsible_specialist("P1", DAY + timedelta(10)) == "S2"
        assert programme.responsible_specialist("P1", later - timedelta(1)) == "S2"
        assert programme.responsible_specialist("P1", later) is None  # waits for a new one
        assert [h.on for h in programme.handovers_of("P1")] == [DAY + timedelta(10), later]
        assert programme.assigned_participants("S2") == {"P1"}
        assert programme.caseload("S1", DAY) == ("P1",)
        assert programme.caseload("S1", DAY + timedelta(10)) == ()

    def test_nobody_is_responsible_after_discharge(self):
        programme = team(
            participants=[
                Participant("P1", DAY, specialist_id="S1", discharged_on=DAY + timedelta(5))
            ]
        )
        assert programme.responsible_specialist("P1", DAY + timedelta(5)) == "S1"
        assert programme.responsible_specialist("P1", DAY + timedelta(6)) is None

    def test_a_specialist_out_of_post_is_not_responsible(self):
        """The case stays assigned to a leaver, but nobody is responsible until a handover."""
        left = DAY + timedelta(20)
        programme = team(
            specialists=[Specialist("S1", left_on=left), Specialist("S2", started_on=left)],
            handovers=[Handover("P1", left + timedelta(7), "S2")],
        )
        assert programme.responsible_specialist("P1", left) == "S1"
        assert programme.assigned_specialist("P1", left + timedelta(1)) == "S1"
        assert programme.responsible_specialist("P1", left + timedelta(1)) is None
        assert programme.responsible_specialist("P1", left + timedelta(7)) == "S2"
        assert programme.caseload("S1", left + timedelta(1)) == ()

    def test_a_handover_before_its_specialist_starts_is_kept(self):
        """Kept, not refused: the case waits for a responsible specialist until they start."""
        start = DAY + timedelta(10)
        programme = team(
            specialists=[Specialist("S1"), Specialist("S2", started_on=start)],
            handovers=[Handover("P1", DAY + timedelta(5), "S2")],
        )
        assert programme.responsible_specialist("P1", start - timedelta(1)) is None
        assert programme.responsible_specialist("P1", start) == "S2"

    def test_a_handover_on_the_enrolment_day_replaces_the_first_specialist(self):
        programme = team(handovers=[Handover("P1", DAY, "S2")])
        assert programme.responsible_specialist("P1", DAY) == "S2"

    @pytest.mark.parametrize(
        ("handover", "field", "words"),
        [
            (Handover("P9", DAY, "S1", id="H1"), "participant_id", "unknown participant 'P9'"),
            (Handover("P1", DAY, "S9", id="H1"), "specialist_id", "unknown specialist 'S9'"),
            (Handover("P1", DAY - timedelta(1), "S2", id="H1"), "on", "before participant"),
        ],
    )
    def test_refused_handovers(self, handover, field, words):
        error = refused(lambda: team(handovers=[handover]), "Handover 'H1'", field)
        assert words in error.reason

    def test_a_handover_after_discharge_is_refused(self):
        discharged = Participant("P1", DAY, specialist_id="S1", discharged_on=DAY)
        error = refused(
            lambda: team(
                participants=[discharged], handovers=[Handover("P1", DAY + timedelta(1), "S2")]
            ),
            "Handover of participant 'P1' on 2025-03-11",
            "on",
        )
        assert "after participant 'P1' was discharged" in error.reason
        assert team(participants=[discharged], handovers=[Handover("P1", DAY, "S2")])

    def test_two_handovers_on_one_day_are_refused(self):
        error = refused(
            lambda: team(handovers=[Handover("P1", DAY, "S2"), Handover("P1", DAY, "S1")]),
            "Handover of participant 'P1' on 2025-03-10",
            "on",
        )
        assert "another handover" in error.reason

    def test_duplicate_handover_ids_are_refused(self):
        refused(
            lambda: team(
                handovers=[
                    Handover("P1", DAY, "S2", id="H1"),
                    Handover("P1", DAY + timedelta(1), "S1", id="H1"),
                ]
            ),
            "Handover 'H1'",
            "id",
        )

    def test_unknown_ids_are_key_errors(self):
        programme = team()
        for ask in (
            lambda: programme.responsible_specialist("P9", DAY),
            lambda: programme.handovers_of("P9"),
            lambda: programme.assigned_participants("S9"),
        ):
            with pytest.raises(KeyError):
                ask()

    @given(programmes(), days())
    def test_responsible_by_brute_force(self, programme, day):
        """Property: the index gives what reading the records from the start gives."""
        for participant in programme.participants:
            expected = None
            if participant.active_on(day):
                expected = participant.specialist_id
                for handover in sorted(
                    (h for h in programme.handovers if h.participant_id == participant.id),
                    key=lambda h: h.on,
                ):
                    if handover.on <= day:
                        expected = handover.specialist_id
                if expected is not None and not programme.specialist(expected).in_post(day):
                    expected = None
            assert programme.responsible_specialist(participant.id, day) == expected

    @given(programmes(), days())
    def test_caseloads_share_out_the_active_participants(self, programme, day):
        """Property: each active participant with a responsible specialist is in exactly
        that specialist's caseload, and in no other."""
        for specialist in programme.specialists:
            assert programme.caseload(specialist.id, day) == tuple(
                p.id
                for p in programme.participants
                if programme.responsible_specialist(p.id, day) == specialist.id
            )  # in the programme's order
        held = [pid for s in programme.specialists for pid in programme.caseload(s.id, day)]
        assert len(held) == len(set(held))
        expected = {
            p.id for p in programme.participants if programme.responsible_specialist(p.id, day)
        }
        assert set(held) == expected

    def test_files_round_trip_handovers(self, tmp_path: Path):
        programme = team(
            handovers=[Handover("P1", DAY + timedelta(3), "S2", id="H1"), Handover("P1", DAY, None)]
        )
        assert loads(dumps(programme)) == programme
        dump_csv(programme, tmp_path)
        assert load_csv(tmp_path) == programme

    def test_csv_names_the_line_of_a_refused_handover(self, tmp_path: Path):
        dump_csv(team(), tmp_path)
        (tmp_path / "handovers.csv").write_text(
            "participant_id,on,specialist_id\nP1,2025-03-12,S2\nP1,2025-03-01,S2\n",
            encoding="utf-8",
        )
        with pytest.raises(LoadError) as caught:
            load_csv(tmp_path)
        assert (caught.value.line, caught.value.column) == (3, "on")
        assert str(tmp_path / "handovers.csv") == caught.value.path


# --- judgements of work ability -------------------------------------------------


class TestWorkAbility:
    def test_a_judgement_is_a_date_and_an_outcome(self):
        judged = WorkAbilityAssessment("P1", DAY, able_to_work=True)
        assert team(work_ability_assessments=[judged]).work_ability_assessments == (judged,)

    def test_the_outcome_is_a_boolean(self):
        refused(
            lambda: WorkAbilityAssessment("P1", DAY, able_to_work="yes", id="W1"),  # type: ignore[arg-type]
            "WorkAbilityAssessment 'W1'",
            "able_to_work",
        )

    def test_a_judgement_before_enrolment_is_kept(self):
        """Judged at referral, before entering the service: a real and useful record."""
        judged = WorkAbilityAssessment("P1", DAY - timedelta(30), able_to_work=False)
        assert team(work_ability_assessments=[judged])

    def test_unknown_participant_and_second_judgement_on_a_day_are_refused(self):
        error = refused(
            lambda: team(work_ability_assessments=[WorkAbilityAssessment("P9", DAY, True, "W1")]),
            "WorkAbilityAssessment 'W1'",
            "participant_id",
        )
        assert "unknown participant 'P9'" in error.reason
        refused(
            lambda: team(
                work_ability_assessments=[
                    WorkAbilityAssessment("P1", DAY, True),
                    WorkAbilityAssessment("P1", DAY, False),
                ]
            ),
            "WorkAbilityAssessment of participant 'P1' on 2025-03-10",
            "on",
        )

    def test_json_refuses_a_text_outcome(self):
        text = json.dumps(
            {
                "format": "ipsrules.programme",
                "version": 1,
                "id": "T",
                "name": "Team",
                "participants": [{"id": "P1", "enrolled_on": "2025-03-10"}],
                "work_ability_assessments": [
                    {"participant_id": "P1", "on": "2025-03-10", "able_to_work": "yes"}
                ],
            }
        )
        with pytest.raises(LoadError) as caught:
            loads(text)
        assert (caught.value.record, caught.value.field) == (
            "work_ability_assessments[0]",
            "able_to_work",
        )

    @given(programmes())
    def test_cuts_keep_each_participants_own_records(self, programme):
        """Property: a cut keeps exactly its participants' handovers and judgements."""
        chosen = {p.id for p in programme.participants[::2]}
        cut = programme.for_participants(chosen)
        assert cut.handovers == tuple(h for h in programme.handovers if h.participant_id in chosen)
        assert cut.work_ability_assessments == tuple(
            w for w in programme.work_ability_assessments if w.participant_id in chosen
        )
