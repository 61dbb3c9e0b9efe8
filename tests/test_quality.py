"""Tests of `ipsrules.quality`: records that are valid but implausible, and `ipsrules quality`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from ipsrules import (
    Contact,
    ContactMode,
    Finding,
    Handover,
    Internship,
    Job,
    Participant,
    Party,
    Programme,
    QualityCheck,
    Severity,
    Specialist,
    Study,
    dump,
    dumps,
    follow_ups,
    loads,
    quality,
    quality_report,
)
from ipsrules.cli import main
from ipsrules.strategies import programmes

ENROLLED = date(2025, 1, 7)
LEFT = date(2025, 12, 31)
PERSON = Participant("P1", ENROLLED, discharged_on=LEFT)


def programme(**records: object) -> Programme:
    return Programme("X", "Quality", participants=[PERSON], **records)  # type: ignore[arg-type]


def only(found: tuple[Finding, ...]) -> Finding:
    assert len(found) == 1, found
    return found[0]


class TestEachCheck:
    def test_a_clean_programme_has_no_findings(self) -> None:
        clean = programme(
            jobs=[Job("J1", "P1", start=date(2025, 3, 1), end=date(2025, 6, 1), hours_per_week=40)],
            contacts=[Contact("P1", ENROLLED, ContactMode.PHONE)],
        )
        assert quality(clean) == ()

    def test_contact_before_enrolment(self) -> None:
        # 23:30 UTC on the 6th is the 7th in Stockholm: only the earlier one is flagged.
        night = datetime(2025, 1, 6, 23, 30, tzinfo=UTC)
        found = only(
            quality(
                programme(
                    contacts=[
                        Contact("P1", date(2025, 1, 6), ContactMode.PHONE, id="C1"),
                        Contact("P1", night, ContactMode.PHONE, id="C2"),
                    ]
                )
            )
        )
        assert (found.check, found.record, found.id, found.field) == (
            QualityCheck.CONTACT_BEFORE_ENROLMENT,
            "Contact",
            "C1",
            "at",
        )
        assert found.severity is Severity.WARNING
        assert (
            found.message()
            == "the contact on 2025-01-06 is before the participant enrolled on 2025-01-07"
        )
        assert (
            found.message("sv") == "kontakten 2025-01-06 är före deltagarens inskrivning 2025-01-07"
        )

    def test_contact_after_discharge(self) -> None:
        found = only(
            quality(programme(contacts=[Contact("P1", LEFT + timedelta(1), ContactMode.VIDEO)]))
        )
        assert (found.check, found.id, found.participant_id) == (
            QualityCheck.CONTACT_AFTER_DISCHARGE,
            None,
            "P1",
        )
        assert "2026-01-01 is after the participant was discharged on 2025-12-31" in (
            found.message()
        )

    def test_a_contact_on_the_days_of_enrolment_and_discharge_is_fine(self) -> None:
        contacts = [Contact("P1", day, ContactMode.PHONE) for day in (ENROLLED, LEFT)]
        assert quality(programme(contacts=contacts)) == ()

    def test_job_that_starts_after_discharge(self) -> None:
        """Such a job was silently left out of job starts and follow-ups: the message says so."""
        job = Job("J1", "P1", start=LEFT + timedelta(1))
        records = programme(jobs=[job])
        found = only(quality(records))
        assert (found.check, found.record, found.id, found.field, found.severity) == (
            QualityCheck.STARTS_AFTER_DISCHARGE,
            "Job",
            "J1",
            "start",
            Severity.WARNING,
        )
        assert "not counted as a job start and no follow-up opens after" in found.message()
        assert all(f.opens <= LEFT for f in follow_ups(records) if f.job_id == "J1")

    @pytest.mark.parametrize("kind", [Study, Internship])
    def test_study_or_internship_that_starts_after_discharge(self, kind: type) -> None:
        record = kind("A1", "P1", start=LEFT + timedelta(30))
        field = "studies" if kind is Study else "internships"
        found = only(quality(programme(**{field: [record]})))
        assert (found.check, found.record) == (QualityCheck.STARTS_AFTER_DISCHARGE, kind.__name__)
        assert "follow-ups" not in found.message()

    @pytest.mark.parametrize(("hours", "flagged"), [(80, False), (80.5, True), (168, True)])
    def test_hours_beyond_a_plausible_week(self, hours: float, flagged: bool) -> None:
        found = quality(programme(jobs=[Job("J1", "P1", start=ENROLLED, hours_per_week=hours)]))
        assert [f.check for f in found] == ([QualityCheck.LONG_HOURS] if flagged else [])
        if flagged:
            assert found[0].field == "hours_per_week"
            assert "is more than 80" in found[0].message()

    def test_overlapping_jobs(self) -> None:
        jobs = [
            Job("J1", "P1", start=date(2025, 2, 1), end=date(2025, 5, 1)),
            Job("J2", "P1", start=date(2025, 5, 1)),  # the day J1 ends: overlaps
            Job("J3", "P1", start=date(2025, 3, 1), end=date(2025, 3, 5)),
        ]
        found = quality(programme(jobs=jobs))
        assert [(f.check, f.id) for f in found] == [
            (QualityCheck.OVERLAPPING_JOBS, "J3"),
            (QualityCheck.OVERLAPPING_JOBS, "J2"),
        ]
        assert all(f.severity is Severity.NOTE for f in found)
        assert "job J1" in found[0].message()

    def test_jobs_one_after_the_other_do_not_overlap(self) -> None:
        jobs = [
            Job("J1", "P1", start=date(2025, 2, 1), end=date(2025, 4, 30)),
            Job("J2", "P1", start=date(2025, 5, 1)),
        ]
        assert quality(programme(jobs=jobs)) == ()

    @pytest.mark.parametrize(("late", "flagged"), [(90, False), (91, True)])
    def test_a_job_end_learnt_late(self, late: int, flagged: bool) -> None:
        end = date(2025, 5, 1)
        job = Job("J1", "P1", start=ENROLLED, end=end, end_known_on=end + timedelta(late))
        found = quality(programme(jobs=[job]))
        assert [f.check for f in found] == ([QualityCheck.END_LEARNT_LATE] if flagged else [])
        if flagged:
            assert found[0].field == "end_known_on"
            assert "91 days later" in found[0].message()

    def test_an_end_decades_away_looks_like_open_ended(self) -> None:
        job = Job("J1", "P1", start=date(2025, 3, 1), end=date(2999, 12, 31))
        found = only(
            quality(Programme("X", "Q", participants=[Participant("P1", ENROLLED)], jobs=[job]))
        )
        assert (found.check, found.field) == (QualityCheck.FAR_FUTURE_END, "end")
        assert "leave the end empty" in found.message()

    def test_follow_along_declined_before_the_job_started(self) -> None:
        job = Job("J1", "P1", start=date(2025, 3, 1), follow_along_declined_on=date(2025, 2, 1))
        found = only(quality(programme(jobs=[job])))
        assert (found.check, found.field) == (
            QualityCheck.DECLINED_BEFORE_START,
            "follow_along_declined_on",
        )

    def test_every_check_has_a_message_in_both_locales(self) -> None:
        for check in QualityCheck:
            for record in ("Job", "Study"):
                finding = Finding(check, record, "R1", "P1", "start", {})
                for locale in ("en", "sv"):
                    with pytest.raises(KeyError):  # each message quotes some detail
                        finding.message(locale)


class TestReport:
    def records(self) -> Programme:
        return programme(
            jobs=[
                Job("J1", "P1", start=date(2025, 2, 1)),
                Job("J2", "P1", start=date(2025, 3, 1), hours_per_week=100),
            ]
        )

    def test_warnings_come_first_and_are_counted(self) -> None:
        report = quality_report(self.records())
        assert [f.severity for f in report.findings] == [Severity.WARNING, Severity.NOTE]
        assert report.counts() == {Severity.WARNING: 1, Severity.NOTE: 1}
        assert report.summary() == "1 warning, 1 note."
        assert report.summary("sv") == "1 varning, 1 notering."

    def test_json_csv_and_text_carry_the_same_findings(self) -> None:
        report = quality_report(self.records())
        records = json.loads(report.to_json())
        assert [r["check"] for r in records] == ["long_hours", "overlapping_jobs"]
        assert list(csv.DictReader(io.StringIO(report.to_csv()))) == records
        text = report.to_text("sv")
        assert tuple(w for w in ("varning", "notering", "J2") if w in text) == (
            "varning",
            "notering",
            "J2",
        )

    def test_nothing_to_report(self) -> None:
        assert quality_report(programme()).to_text() == "No data-quality findings.\n"


class TestStaffOutsidePost:
    """Records that name a specialist on a day the specialist was not in post."""

    STAFF = (Specialist("S1", started_on=date(2025, 3, 1), left_on=date(2025, 8, 31)),)

    def test_a_contact_before_the_specialist_started(self) -> None:
        early = Contact(
            None, date(2025, 2, 28), ContactMode.FACE_TO_FACE, Party.EMPLOYER, specialist_id="S1"
        )
        in_time = attrs.evolve(early, at=date(2025, 3, 1))
        found = only(quality(programme(specialists=self.STAFF, contacts=[early, in_time])))
        assert (found.check, found.record, found.participant_id, found.field) == (
            QualityCheck.CONTACT_OUTSIDE_POST,
            "Contact",
            None,
            "specialist_id",
        )
        assert found.severity is Severity.WARNING
        assert found.message() == (
            "the contact on 2025-02-28 names specialist S1, who was not in post that day "
            "(in post 2025-03-01..2025-08-31)"
        )
        assert "som inte var i tjänst" in found.message("sv")

    def test_a_contact_after_the_specialist_left(self) -> None:
        late = Contact("P1", date(2025, 9, 1), ContactMode.PHONE, specialist_id="S1")
        found = only(quality(programme(specialists=self.STAFF, contacts=[late])))
        assert (found.check, found.participant_id) == (QualityCheck.CONTACT_OUTSIDE_POST, "P1")

    def test_a_handover_to_a_specialist_who_has_left(self) -> None:
        handed = Handover("P1", date(2025, 10, 1), "S1", id="H1")
        found = only(quality(programme(specialists=self.STAFF, handovers=[handed])))
        assert (found.check, found.record, found.id, found.field) == (
            QualityCheck.HANDOVER_OUTSIDE_POST,
            "Handover",
            "H1",
            "on",
        )
        assert "nobody is responsible" in found.message()

    def test_a_handover_to_nobody_is_not_a_finding(self) -> None:
        handed = Handover("P1", date(2025, 10, 1), None)
        assert quality(programme(specialists=self.STAFF, handovers=[handed])) == ()

    @settings(max_examples=60, deadline=None)
    @given(programmes())
    def test_exactly_the_records_out_of_post_are_flagged(self, records: Programme) -> None:
        zone = records.zone

        def out_of_post(specialist_id: str | None, day: date) -> bool:
            return specialist_id is not None and not records.specialist(specialist_id).in_post(day)

        contacts = sum(out_of_post(c.specialist_id, c.local_date(zone)) for c in records.contacts)
        handovers = sum(out_of_post(h.specialist_id, h.on) for h in records.handovers)
        found = [f.check for f in quality(records)]
        assert found.count(QualityCheck.CONTACT_OUTSIDE_POST) == contacts
        assert found.count(QualityCheck.HANDOVER_OUTSIDE_POST) == handovers


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(programmes())
    def test_findings_name_real_records_and_fields(self, records: Programme) -> None:
        lists = {
            "Job": records.jobs,
            "Study": records.studies,
            "Internship": records.internships,
            "Contact": records.contacts,
            "Handover": records.handovers,
        }
        for finding in quality(records):
            kinds = {type(r).__name__: type(r) for r in lists[finding.record]}
            assert finding.field in attrs.fields_dict(kinds[finding.record])
            if finding.id is not None:
                assert finding.id in {r.id for r in lists[finding.record]}
            if finding.participant_id is None:  # only job development names no participant
                assert finding.check is QualityCheck.CONTACT_OUTSIDE_POST
            else:
                assert finding.participant_id in {p.id for p in records.participants}
            finding.message("en")
            finding.message("sv")

    @settings(max_examples=60, deadline=None)
    @given(programmes())
    def test_jobs_after_discharge_are_exactly_those_flagged(self, records: Programme) -> None:
        """The oracle: a job starting after its participant's discharge, for which no
        follow-up opens after the discharge."""
        expected = {
            job.id
            for job in records.jobs
            if (left := records.participant(job.participant_id).discharged_on) is not None
            and job.start > left
        }
        flagged = {
            f.id
            for f in quality(records)
            if f.check is QualityCheck.STARTS_AFTER_DISCHARGE and f.record == "Job"
        }
        assert flagged == expected
        for follow_up in follow_ups(records):
            if follow_up.job_id in expected:
                left = records.participant(follow_up.participant_id).discharged_on
                assert left is not None
                assert follow_up.opens <= left

    @settings(max_examples=60, deadline=None)
    @given(programmes())
    def test_contacts_outside_the_stay_are_exactly_those_flagged(self, records: Programme) -> None:
        zone = records.zone
        outside = 0
        for contact in records.contacts:
            if contact.participant_id is None:
                continue  # job development: no participant's stay to fall outside
            person = records.participant(contact.participant_id)
            outside += not person.active_on(contact.local_date(zone))
        contact_checks = {
            QualityCheck.CONTACT_BEFORE_ENROLMENT,
            QualityCheck.CONTACT_AFTER_DISCHARGE,
        }
        assert sum(f.check in contact_checks for f in quality(records)) == outside

    @settings(max_examples=30, deadline=None)
    @given(programmes())
    def test_the_same_programme_gives_the_same_findings(self, records: Programme) -> None:
        assert quality(records) == quality(loads(dumps(records)))


class TestCommand:
    def file(self, tmp_path: Path) -> Path:
        path = tmp_path / "p.json"
        dump(TestReport().records(), path)
        return path

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_lists_the_findings(
        self, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["quality", str(self.file(tmp_path)), "--format", fmt]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert "long_hours" in out or "100 hours a week" in out

    def test_in_swedish(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["quality", str(self.file(tmp_path)), "--locale", "sv"]) == 0
        assert "100 timmar i veckan är mer än 80" in capsys.readouterr().out

    @pytest.mark.parametrize(
        "command",
        [
            ["check", "--today", "2025-06-01"],
            ["feed", "--today", "2025-06-01"],
            ["outcomes", "--from", "2025-01-01", "--to", "2025-03-31"],
            ["fidelity", "--from", "2025-01-01", "--to", "2025-03-31"],
        ],
    )
    def test_other_commands_mention_the_count_in_one_line(
        self,
        tmp_path: Path,
        command: list[str],
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        secret = tmp_path / "feed-secret"  # one that exists: making one is said on stderr too
        secret.write_text("ab" * 32 + "\n")
        secret.chmod(0o600)
        monkeypatch.setenv("IPSRULES_SECRET_FILE", str(secret))
        path = self.file(tmp_path)
        assert main([*command, str(path)]) == 0
        err = capsys.readouterr().err
        assert err == f"ipsrules: 2 data-quality findings: run `ipsrules quality {path}`\n"

    def test_nothing_is_mentioned_for_a_clean_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "clean.json"
        dump(programme(), path)
        assert main(["check", str(path), "--today", "2025-06-01"]) == 0
        assert capsys.readouterr().err == ""
