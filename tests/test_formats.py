"""Tests of `ipsrules.formats`: programmes as JSON documents, their errors and their schema."""

from __future__ import annotations

import copy
import importlib
import json
import os
import stat
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import ipsrules
from ipsrules import (
    NO_INCOME_SUPPORT,
    Contact,
    ContactMode,
    ExitReason,
    Handover,
    Internship,
    Job,
    LoadError,
    Participant,
    Party,
    Programme,
    Referral,
    ReferralState,
    Setting,
    Specialist,
    Study,
    WorkAbilityAssessment,
    check,
    formats,
)
from ipsrules.strategies import days, programmes

# --- helpers ------------------------------------------------------------------


def full_programme() -> Programme:
    """A programme with every field of every record set."""
    return Programme(
        id="GBG-1",
        name="IPS Göteborg",
        timezone="Europe/Stockholm",
        specialists=[
            Specialist(
                "S1",
                name="Åsa Öberg",
                fte=0.5,
                employment_share=0.9,
                started_on=date(2024, 6, 1),
                left_on=date(2026, 2, 27),
            ),
            Specialist("S2"),
        ],
        participants=[
            Participant(
                "P1",
                enrolled_on=date(2025, 1, 7),
                specialist_id="S1",
                discharged_on=date(2026, 1, 31),
                exit_reason=ExitReason.EMPLOYED,
                income_support_at_entry="activity_compensation",
                income_support_at_exit=NO_INCOME_SUPPORT,
            ),
            Participant("P2", enrolled_on=date(2025, 2, 1)),
        ],
        jobs=[
            Job(
                "J1",
                "P1",
                start=date(2025, 3, 10),
                end=date(2025, 9, 30),
                end_known_on=date(2025, 10, 2),
                reported_on=date(2025, 3, 12),
                employer="Café Ängeln",
                job_type="hospitality",
                competitive=False,
                hours_per_week=20.5,
                follow_along_declined_on=date(2025, 8, 1),
            ),
            Job("J2", "P2", start=date(2025, 4, 1)),
        ],
        contacts=[
            Contact(
                "P1",
                at=datetime(2025, 3, 10, 9, 30, tzinfo=ZoneInfo("America/New_York")),
                mode=ContactMode.VIDEO,
                party=Party.EMPLOYER,
                setting=Setting.REMOTE,
                specialist_id="S1",
                minutes=45,
                id="C1",
            ),
            Contact("P2", at=date(2025, 3, 11), mode=ContactMode.FACE_TO_FACE),
            Contact(
                None,
                date(2025, 3, 12),
                ContactMode.FACE_TO_FACE,
                Party.EMPLOYER,
                specialist_id="S1",
            ),
        ],
        studies=[
            Study(
                "ST1",
                "P2",
                start=date(2025, 8, 18),
                end=date(2025, 12, 19),
                kind="adult_education",
                hours_per_week=15.0,
            )
        ],
        internships=[
            Internship(
                "I1",
                "P2",
                start=date(2025, 5, 5),
                end=date(2025, 6, 27),
                employer="Lagret AB",
                hours_per_week=10.0,
            )
        ],
        referrals=[
            Referral(
                "R1",
                referred_on=date(2024, 12, 2),
                state=ReferralState.ENROLLED,
                decided_on=date(2025, 1, 7),
                participant_id="P1",
                source="psychiatry",
            ),
            Referral("R2", referred_on=date(2025, 11, 3)),
        ],
        handovers=[
            Handover("P2", date(2025, 6, 2), "S2", id="H1"),
            Handover("P2", date(2025, 9, 1), None),
        ],
        work_ability_assessments=[
            WorkAbilityAssessment("P1", date(2024, 12, 20), able_to_work=True, id="W1"),
            WorkAbilityAssessment("P2", date(2025, 2, 3), able_to_work=False),
        ],
    )


def document(**top: Any) -> dict[str, Any]:
    """A valid minimal document, with *top* keys added or replaced."""
    result: dict[str, Any] = {
        "format": "ipsrules.programme",
        "version": 1,
        "id": "X",
        "name": "Test",
        "participants": [{"id": "P1", "enrolled_on": "2025-01-01"}],
    }
    result.update(top)
    return result


def job(index: int, **fields: Any) -> dict[str, Any]:
    """A valid raw job with id ``J{index+1:03}`` for participant P1."""
    return {"id": f"J{index + 1:03}", "participant_id": "P1", "start": "2025-03-10", **fields}


def load_error(tmp_path: Path, doc: object) -> LoadError:
    """Write *doc* as JSON, load it, and return the `LoadError` it must raise."""
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        formats.load(path)
    error = info.value
    assert error.path == str(path)
    assert str(path) in str(error)
    return error


# --- round trips --------------------------------------------------------------


class TestRoundTrip:
    def test_every_field_survives_a_file(self, tmp_path: Path) -> None:
        """A programme with every field set loads back equal from the file it was dumped to."""
        programme = full_programme()
        path = tmp_path / "p.json"
        formats.dump(programme, path)
        loaded = formats.load(path)
        assert loaded == programme
        assert loaded.contacts[0].at.utcoffset() == timedelta(hours=-4)
        assert loaded.contacts[0].local_date(loaded.zone) == date(2025, 3, 10)
        assert type(loaded.contacts[1].at) is date
        assert loaded.jobs[0].competitive is False

    def test_loads_inverts_dumps(self) -> None:
        """`loads(dumps(p))` equals p, and dumping again gives the same text."""
        text = formats.dumps(full_programme())
        assert formats.loads(text) == full_programme()
        assert formats.dumps(formats.loads(text)) == text

    def test_aware_datetime_is_written_with_its_offset(self) -> None:
        """An aware datetime is written by `isoformat()`, keeping its own offset."""
        text = formats.dumps(full_programme())
        assert '"at": "2025-03-10T09:30:00-04:00"' in text
        assert '"at": "2025-03-11"' in text

    def test_offset_z_is_read_as_utc(self) -> None:
        """A time given with ``Z`` is read as UTC."""
        doc = document(
            contacts=[{"participant_id": "P1", "at": "2025-03-10T23:30:00Z", "mode": "phone"}]
        )
        contact = formats.loads(json.dumps(doc)).contacts[0]
        assert contact.at == datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
        assert contact.local_date(ZoneInfo("Europe/Stockholm")) == date(2025, 3, 11)

    def test_record_lists_and_timezone_may_be_absent(self) -> None:
        """Absent record lists are empty and an absent time zone is the model's default."""
        programme = formats.loads(
            '{"format": "ipsrules.programme", "version": 1, "id": "X", "name": "n"}'
        )
        assert programme == Programme(id="X", name="n")
        assert programme.timezone == "Europe/Stockholm"

    def test_null_optional_field_is_not_set(self) -> None:
        """An optional field given as null is read as not set."""
        doc = document(jobs=[job(0, end=None, employer=None)])
        assert formats.loads(json.dumps(doc)).jobs[0] == Job("J001", "P1", date(2025, 3, 10))

    @settings(max_examples=50, deadline=None)
    @given(
        moment=st.datetimes(
            min_value=datetime(1970, 1, 2),
            max_value=datetime(2100, 1, 1),
            timezones=st.sampled_from(
                [
                    UTC,
                    ZoneInfo("Europe/Stockholm"),
                    ZoneInfo("Asia/Kolkata"),
                    timezone(timedelta(hours=-9, minutes=-30)),
                ]
            ),
        )
    )
    def test_any_aware_datetime_round_trips(self, moment: datetime) -> None:
        """Any aware datetime survives a round trip as the same instant and the same local day."""
        programme = Programme(
            id="X",
            name="n",
            participants=[Participant("P1", date(1970, 1, 1))],
            contacts=[Contact("P1", moment, ContactMode.PHONE)],
        )
        loaded = formats.loads(formats.dumps(programme))
        # Compared as instants: Python never calls a time in a repeated (DST) hour equal to
        # one in another zone, and the file keeps the offset, not the zone's name.
        assert loaded.contacts[0].at.timestamp() == moment.timestamp()
        assert loaded.contacts[0].at.utcoffset() == moment.utcoffset()
        zone = programme.zone
        assert loaded.contacts[0].local_date(zone) == programme.contacts[0].local_date(zone)

    @given(programme=programmes(), today=days())
    def test_generated_programmes_round_trip(self, programme: Programme, today: date) -> None:
        """Any valid programme reads back with the same text, follow-ups and statuses."""
        text = formats.dumps(programme)
        loaded = formats.loads(text)

        def summary(p: Programme) -> list[tuple[object, ...]]:
            # Contacts compared by instant and day: see test_any_aware_datetime_round_trips.
            return [
                (r.follow_up, r.status, [(c.local_date(p.zone), c.mode) for c in r.met_by])
                for r in check(p, today=today)
            ]

        assert formats.dumps(loaded) == text
        assert summary(programme) == summary(loaded)


class TestDumpFormat:
    def test_dump_is_deterministic(self, tmp_path: Path) -> None:
        """Dumping the same programme twice gives the same bytes."""
        first, second = tmp_path / "a.json", tmp_path / "b.json"
        formats.dump(full_programme(), first)
        formats.dump(full_programme(), second)
        assert first.read_bytes() == second.read_bytes()
        assert first.read_bytes().decode("utf-8") == formats.dumps(full_programme())

    def test_file_is_utf8_indented_with_a_trailing_newline(self, tmp_path: Path) -> None:
        """The file is UTF-8 without escapes, indented by 2, and ends in one newline."""
        path = tmp_path / "p.json"
        formats.dump(full_programme(), path)
        data = path.read_bytes()
        assert "Åsa Öberg".encode() in data
        assert b"\\u" not in data
        assert data.endswith(b"}\n")
        assert not data.endswith(b"\n\n")
        assert b'\n  "format": "ipsrules.programme",\n' in data

    def test_keys_come_in_a_fixed_order(self) -> None:
        """The header comes first, then the records' fields in the model's order."""
        doc = json.loads(formats.dumps(full_programme()))
        assert list(doc) == [
            "format",
            "version",
            "id",
            "name",
            "timezone",
            "specialists",
            "participants",
            "jobs",
            "contacts",
            "studies",
            "internships",
            "referrals",
            "handovers",
            "work_ability_assessments",
        ]
        assert list(doc["jobs"][0]) == [field.name for field in attrs.fields(Job)]
        assert list(doc["contacts"][0]) == [field.name for field in attrs.fields(Contact)]

    def test_unset_optional_fields_are_omitted(self) -> None:
        """Optional fields that are None are left out; fields with other defaults are kept."""
        doc = json.loads(formats.dumps(full_programme()))
        assert doc["specialists"][1] == {"id": "S2", "fte": 1.0}
        assert doc["participants"][1] == {"id": "P2", "enrolled_on": "2025-02-01"}
        assert doc["jobs"][1] == {
            "id": "J2",
            "participant_id": "P2",
            "start": "2025-04-01",
            "competitive": True,
        }
        assert doc["contacts"][1] == {
            "participant_id": "P2",
            "at": "2025-03-11",
            "mode": "face_to_face",
            "party": "participant",
        }

    def test_empty_lists_are_written(self) -> None:
        """An empty programme still lists its (empty) record lists."""
        doc = json.loads(formats.dumps(Programme(id="X", name="n")))
        assert doc["jobs"] == []
        assert doc["contacts"] == []


class TestAtomicDump:
    def test_failed_replace_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the final move fails, the old file is intact and no temporary file is left."""
        path = tmp_path / "p.json"
        path.write_text("old", encoding="utf-8")

        def fail(*args: object) -> None:
            raise OSError("disk on fire")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError, match="disk on fire"):
            formats.dump(full_programme(), path)
        assert path.read_text(encoding="utf-8") == "old"
        assert os.listdir(tmp_path) == ["p.json"]

    def test_failed_write_leaves_no_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When writing fails half-way, no file appears, not even a temporary one."""

        def fail(fd: int) -> None:
            raise OSError("no space left")

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises(OSError, match="no space left"):
            formats.dump(full_programme(), tmp_path / "p.json")
        assert os.listdir(tmp_path) == []

    def test_failed_serialisation_touches_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the JSON encoder fails, the old file is intact and no file is created."""
        path = tmp_path / "p.json"
        path.write_text("old", encoding="utf-8")

        def fail(*args: object, **kwargs: object) -> str:
            raise ValueError("encoder broke")

        monkeypatch.setattr(json, "dumps", fail)
        with pytest.raises(ValueError, match="encoder broke"):
            formats.dump(full_programme(), path)
        assert os.listdir(tmp_path) == ["p.json"]
        assert path.read_text(encoding="utf-8") == "old"

    def test_missing_folder_is_an_os_error(self, tmp_path: Path) -> None:
        """Dumping into a folder that does not exist raises `FileNotFoundError`."""
        with pytest.raises(FileNotFoundError):
            formats.dump(full_programme(), tmp_path / "nowhere" / "p.json")

    def test_dump_replaces_an_existing_file(self, tmp_path: Path) -> None:
        """Dumping over an existing file replaces its content."""
        path = tmp_path / "p.json"
        path.write_text("old", encoding="utf-8")
        formats.dump(full_programme(), str(path))
        assert formats.load(str(path)) == full_programme()

    def test_a_folder_is_refused_and_nothing_written_one_folder_up(self, tmp_path: Path) -> None:
        """`dump(p, "/tmp")` used to write its temporary file into "/" (issue 17)."""
        folder = tmp_path / "out"
        folder.mkdir()
        with pytest.raises(IsADirectoryError, match="is a folder; name a file inside it"):
            formats.dump(full_programme(), folder)
        assert os.listdir(tmp_path) == ["out"]
        assert os.listdir(folder) == []

    def test_a_new_file_is_readable_by_its_owner_only(self, tmp_path: Path) -> None:
        """A programme holds personal data: a new file is 0600 whatever the umask."""
        path = tmp_path / "p.json"
        formats.dump(full_programme(), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def test_a_replaced_file_keeps_its_mode(self, tmp_path: Path) -> None:
        path = tmp_path / "p.json"
        path.write_text("old", encoding="utf-8")
        path.chmod(0o640)
        formats.dump(full_programme(), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640

    def test_a_link_is_followed(self, tmp_path: Path) -> None:
        real = tmp_path / "p.json"
        real.write_text("old", encoding="utf-8")
        (tmp_path / "current.json").symlink_to(real)
        formats.dump(full_programme(), tmp_path / "current.json")
        assert (tmp_path / "current.json").is_symlink()
        assert formats.load(real) == full_programme()


# --- errors -------------------------------------------------------------------


class TestFileErrors:
    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a `LoadError` for the file as a whole."""
        path = tmp_path / "absent.json"
        with pytest.raises(LoadError, match="no such file") as info:
            formats.load(path)
        assert (info.value.path, info.value.record, info.value.field) == (str(path), None, None)
        assert isinstance(info.value.__cause__, FileNotFoundError)

    def test_not_json_gives_line_and_column(self, tmp_path: Path) -> None:
        """Text that is not JSON names the line and column of the fault."""
        path = tmp_path / "p.json"
        path.write_text('{\n  "format": ,\n}', encoding="utf-8")
        with pytest.raises(LoadError, match="line 2, column 13") as info:
            formats.load(path)
        assert info.value.record is None
        assert isinstance(info.value.__cause__, json.JSONDecodeError)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"name": "Göteborg}', "Unterminated string starting at line 1, column 10"),
            ('{"name": "a\tb"}', "Invalid control character at line 1, column 12"),
            ('{"name": "a" "b"}', "Expecting ',' delimiter at line 1, column 14"),
        ],
    )
    def test_not_json_reads_as_a_sentence(self, text: str, message: str) -> None:
        """Python's messages, some of which end in "at", each read with one "at"."""
        with pytest.raises(LoadError) as info:
            formats.loads(text, source="p.json")
        assert str(info.value) == f"p.json: not valid JSON: {message}"

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 is a `LoadError`, not a `UnicodeDecodeError`."""
        path = tmp_path / "p.json"
        path.write_bytes('{"name": "Café"}'.encode("latin-1"))
        with pytest.raises(LoadError, match="not UTF-8"):
            formats.load(path)

    def test_duplicate_key_is_refused(self) -> None:
        """A key given twice in one object is an error rather than the last one winning."""
        with pytest.raises(LoadError, match="'id' appears twice"):
            formats.loads('{"id": "a", "id": "b"}')

    def test_nan_is_refused(self) -> None:
        """NaN is not JSON and is refused."""
        doc = json.dumps(document(specialists=[{"id": "S1", "fte": float("nan")}]))
        with pytest.raises(LoadError, match="NaN"):
            formats.loads(doc)

    def test_huge_number_is_refused(self) -> None:
        """A number too large for a float is refused rather than read as infinity."""
        text = json.dumps(document()).replace('"version": 1', '"version": 1, "fte": 1e400')
        with pytest.raises(LoadError, match="1e400 is too large"):
            formats.loads(text)

    def test_loads_names_its_source(self) -> None:
        """`loads` puts the given source name where a file name would be."""
        with pytest.raises(LoadError, match=r"^https://example\.org/p\.json: ") as info:
            formats.loads("[]", source="https://example.org/p.json")
        assert info.value.path == "https://example.org/p.json"


class TestHeaderErrors:
    def test_top_level_not_an_object(self, tmp_path: Path) -> None:
        """A document that is a list is refused for the file as a whole."""
        error = load_error(tmp_path, [document()])
        assert (error.record, error.field) == (None, None)
        assert "expected a JSON object at the top level, got list" in error.reason

    def test_other_format(self, tmp_path: Path) -> None:
        """Another format is refused, naming the format found."""
        error = load_error(tmp_path, document(format="something.else"))
        assert (error.record, error.field) == (None, "format")
        assert "'something.else'" in error.reason
        assert "'ipsrules.programme'" in error.reason

    def test_missing_format(self, tmp_path: Path) -> None:
        """The format key is required."""
        doc = document()
        del doc["format"]
        assert load_error(tmp_path, doc).field == "format"

    def test_newer_version(self, tmp_path: Path) -> None:
        """A newer version is refused with advice to upgrade."""
        error = load_error(tmp_path, document(version=2))
        assert error.field == "version"
        assert "version 2 is newer" in error.reason
        assert "upgrade" in error.reason

    @pytest.mark.parametrize("version", [None, "1", 0, True, 1.5])
    def test_bad_version(self, tmp_path: Path, version: object) -> None:
        """A missing or non-integer version is refused."""
        doc = document(version=version)
        if version is None:
            del doc["version"]
        assert load_error(tmp_path, doc).field == "version"

    def test_unknown_top_level_key(self, tmp_path: Path) -> None:
        """A misspelt top-level key is refused rather than ignored."""
        error = load_error(tmp_path, document(contact=[]))
        assert (error.record, error.field) == (None, "contact")
        assert "unknown key 'contact'" in error.reason

    def test_missing_name(self, tmp_path: Path) -> None:
        """The programme's name is required."""
        doc = document()
        del doc["name"]
        error = load_error(tmp_path, doc)
        assert (error.record, error.field, error.reason) == (
            None,
            "name",
            "is required but missing",
        )

    def test_programme_id_not_a_string(self, tmp_path: Path) -> None:
        """The programme's id must be a string."""
        error = load_error(tmp_path, document(id=7))
        assert (error.field, error.reason) == ("id", "expected a string, got 7")

    def test_unknown_timezone(self, tmp_path: Path) -> None:
        """An unknown time zone is the model's error on the top-level field."""
        error = load_error(tmp_path, document(timezone="Mars/Olympus"))
        assert (error.record, error.field) == (None, "timezone")
        assert "unknown IANA time zone 'Mars/Olympus'" in error.reason
        assert isinstance(error.__cause__, ipsrules.ValidationError)

    def test_record_list_not_a_list(self, tmp_path: Path) -> None:
        """A record list given as an object is refused."""
        error = load_error(tmp_path, document(jobs={"J1": job(0)}))
        assert (error.record, error.field) == (None, "jobs")
        assert "expected a list of records, got dict" in error.reason


class TestRecordErrors:
    def test_record_not_an_object(self, tmp_path: Path) -> None:
        """A record that is not an object is named by its position."""
        error = load_error(tmp_path, document(jobs=[job(0), "J002"]))
        assert (error.record, error.field) == ("jobs[1]", None)
        assert "expected an object, got str 'J002'" in error.reason

    def test_missing_required_field(self, tmp_path: Path) -> None:
        """A missing required field names the record by position and id, and the field."""
        jobs = [job(i) for i in range(5)]
        del jobs[3]["start"]
        error = load_error(tmp_path, document(jobs=jobs))
        assert (error.record, error.field) == ("jobs[3] (id 'J004')", "start")
        assert error.reason == "is required but missing"
        assert f"{error.path}: jobs[3] (id 'J004'), field 'start': is required" in str(error)

    def test_date_in_another_format(self, tmp_path: Path) -> None:
        """A date not in ISO format says what was expected and what was found."""
        error = load_error(tmp_path, document(jobs=[job(0, start="10/03/2025")]))
        assert (error.record, error.field) == ("jobs[0] (id 'J001')", "start")
        assert error.reason == "expected a date in ISO format YYYY-MM-DD, got '10/03/2025'"

    def test_impossible_date(self, tmp_path: Path) -> None:
        """A well-formed but impossible date is refused."""
        error = load_error(tmp_path, document(jobs=[job(0, end="2025-02-30")]))
        assert error.field == "end"
        assert "'2025-02-30' is not a day of the calendar" in error.reason

    def test_datetime_where_a_date_is_expected(self, tmp_path: Path) -> None:
        """A date field refuses a date and time."""
        error = load_error(tmp_path, document(jobs=[job(0, start="2025-03-10T09:00:00+01:00")]))
        assert error.field == "start"
        assert "YYYY-MM-DD" in error.reason

    @pytest.mark.parametrize(
        ("fields", "field", "reason"),
        [
            ({"participant_id": 17}, "participant_id", "expected a string, got 17"),
            ({"competitive": "yes"}, "competitive", "expected true or false, got 'yes'"),
            ({"hours_per_week": "20"}, "hours_per_week", "expected a number, got '20'"),
            ({"hours_per_week": True}, "hours_per_week", "expected a number, got True"),
        ],
    )
    def test_wrong_types(
        self, tmp_path: Path, fields: dict[str, Any], field: str, reason: str
    ) -> None:
        """A value of the wrong JSON type is refused, never coerced."""
        error = load_error(tmp_path, document(jobs=[job(0, **fields)]))
        assert (error.record, error.field, error.reason) == ("jobs[0] (id 'J001')", field, reason)

    def test_minutes_must_be_whole(self, tmp_path: Path) -> None:
        """Minutes must be a whole number."""
        contact = {"participant_id": "P1", "at": "2025-03-10", "mode": "phone", "minutes": 12.5}
        error = load_error(tmp_path, document(contacts=[contact]))
        assert (error.record, error.field) == ("contacts[0]", "minutes")
        assert error.reason == "expected a whole number, got 12.5"

    def test_unknown_enum_value_lists_the_allowed_values(self, tmp_path: Path) -> None:
        """An unknown contact mode lists the modes that are allowed."""
        contacts = [
            {"participant_id": "P1", "at": "2025-03-10", "mode": "phone"},
            {"participant_id": "P1", "at": "2025-03-10", "mode": "visit", "id": "C2"},
        ]
        error = load_error(tmp_path, document(contacts=contacts))
        assert (error.record, error.field) == ("contacts[1] (id 'C2')", "mode")
        assert error.reason == "expected one of face_to_face, phone, video, message, got 'visit'"

    def test_unknown_optional_enum_value(self, tmp_path: Path) -> None:
        """An unknown value of an optional enum lists the allowed values too."""
        contact = {"participant_id": "P1", "at": "2025-03-10", "mode": "phone", "setting": "home"}
        error = load_error(tmp_path, document(contacts=[contact]))
        assert error.field == "setting"
        assert error.reason == "expected one of community, office, remote, got 'home'"

    def test_unknown_key(self, tmp_path: Path) -> None:
        """A misspelt field is refused and named, with the keys that are allowed."""
        error = load_error(tmp_path, document(jobs=[job(0, emplyer="Acme")]))
        assert (error.record, error.field) == ("jobs[0] (id 'J001')", "emplyer")
        assert "unknown key 'emplyer'" in error.reason
        assert "employer" in error.reason

    def test_naive_datetime(self, tmp_path: Path) -> None:
        """A date and time without an offset is refused with the model's message."""
        contact = {"participant_id": "P1", "at": "2025-03-10T09:30:00", "mode": "phone"}
        error = load_error(tmp_path, document(contacts=[contact]))
        assert (error.record, error.field) == ("contacts[0]", "at")
        assert "2025-03-10T09:30:00 has no time zone" in error.reason
        assert isinstance(error.__cause__, Exception)

    def test_garbage_moment(self, tmp_path: Path) -> None:
        """A contact time that is neither a date nor a date and time says what is expected."""
        contact = {"participant_id": "P1", "at": "yesterday", "mode": "phone"}
        error = load_error(tmp_path, document(contacts=[contact]))
        assert error.field == "at"
        assert "expected a date (YYYY-MM-DD) or a date and time with an offset" in error.reason

    def test_end_before_start(self, tmp_path: Path) -> None:
        """The model's own check (end before start) names the record by position and the field."""
        error = load_error(tmp_path, document(jobs=[job(0, end="2025-03-01")]))
        assert (error.record, error.field) == ("jobs[0] (id 'J001')", "end")
        assert error.reason == "2025-03-01 is before start 2025-03-10"
        assert isinstance(error.__cause__, Exception)

    def test_empty_id(self, tmp_path: Path) -> None:
        """A blank id is the model's error, for the record at its position."""
        error = load_error(tmp_path, document(specialists=[{"id": " "}]))
        assert (error.record, error.field) == ("specialists[0] (id ' ')", "id")


class TestCrossRecordErrors:
    def test_job_of_unknown_participant(self, tmp_path: Path) -> None:
        """A job naming an unknown participant is found back at its position in the file."""
        jobs = [job(i) for i in range(8)]
        jobs[6]["participant_id"] = "P404"
        error = load_error(tmp_path, document(jobs=jobs))
        assert (error.record, error.field) == ("jobs[6] (id 'J007')", "participant_id")
        assert error.reason == "refers to unknown participant 'P404'"
        assert isinstance(error.__cause__, ipsrules.ValidationError)

    def test_duplicate_id_is_reported_at_the_second_record(self, tmp_path: Path) -> None:
        """A duplicate id is reported at its second occurrence."""
        jobs = [job(0), job(1), job(0)]
        error = load_error(tmp_path, document(jobs=jobs))
        assert (error.record, error.field) == ("jobs[2] (id 'J001')", "id")
        assert "duplicate id" in error.reason

    def test_contact_without_id_of_unknown_participant(self, tmp_path: Path) -> None:
        """A contact without an id is found back by its position."""
        contacts = [
            {"participant_id": "P1", "at": "2025-03-10", "mode": "phone"},
            {"participant_id": "P1", "at": "2025-03-11", "mode": "phone"},
            {"participant_id": "P9", "at": "2025-03-10", "mode": "phone"},
        ]
        error = load_error(tmp_path, document(contacts=contacts))
        assert (error.record, error.field) == ("contacts[2]", "participant_id")
        assert error.reason == "refers to unknown participant 'P9'"

    def test_contact_of_unknown_specialist_among_look_alikes(self, tmp_path: Path) -> None:
        """Of contacts alike but for the specialist, the one naming an unknown one is named."""
        same = {"participant_id": "P1", "at": "2025-03-10", "mode": "phone"}
        contacts = [same, same | {"specialist_id": "S1"}, same | {"specialist_id": "S9"}]
        error = load_error(tmp_path, document(specialists=[{"id": "S1"}], contacts=contacts))
        assert (error.record, error.field) == ("contacts[2]", "specialist_id")
        assert error.reason == "refers to unknown specialist 'S9'"

    def test_participant_of_unknown_specialist(self, tmp_path: Path) -> None:
        """A participant naming an unknown specialist is found back at its position."""
        participants = [{"id": "P1", "enrolled_on": "2025-01-01", "specialist_id": "S3"}]
        error = load_error(tmp_path, document(participants=participants))
        assert (error.record, error.field) == ("participants[0] (id 'P1')", "specialist_id")

    @pytest.mark.parametrize(
        ("list_name", "record"),
        [
            ("studies", {"id": "X1", "participant_id": "P9", "start": "2025-03-10"}),
            ("internships", {"id": "X1", "participant_id": "P9", "start": "2025-03-10"}),
            (
                "referrals",
                {
                    "id": "X1",
                    "referred_on": "2025-01-02",
                    "state": "enrolled",
                    "decided_on": "2025-02-03",
                    "participant_id": "P9",
                },
            ),
        ],
    )
    def test_outcome_record_of_unknown_participant(
        self, tmp_path: Path, list_name: str, record: dict[str, Any]
    ) -> None:
        """Studies, internships and referrals are found back at their position too."""
        error = load_error(tmp_path, document(**{list_name: [record]}))
        assert (error.record, error.field) == (f"{list_name}[0] (id 'X1')", "participant_id")
        assert error.reason == "refers to unknown participant 'P9'"

    def test_referral_state_and_decision_disagree(self, tmp_path: Path) -> None:
        """A declined referral without the day it was declined names that field."""
        referral = {"id": "R1", "referred_on": "2025-01-02", "state": "declined"}
        error = load_error(tmp_path, document(referrals=[referral]))
        assert (error.record, error.field) == ("referrals[0] (id 'R1')", "decided_on")
        assert "required when the state is declined" in error.reason

    def test_duplicate_contact_id(self, tmp_path: Path) -> None:
        """Two contacts with the same id are refused at the second."""
        contact = {"participant_id": "P1", "at": "2025-03-10", "mode": "phone", "id": "C1"}
        error = load_error(tmp_path, document(contacts=[contact, contact]))
        assert (error.record, error.field) == ("contacts[1] (id 'C1')", "id")


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2025-03-10", "2025-03-10T09:00:00+01:00", "phone", "P1", "S1", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _raw_records(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    keys = [field.name for field in attrs.fields(cls)] + ["extra"]
    return st.dictionaries(st.sampled_from(keys), _JSON, max_size=len(keys))


class TestNeverABareException:
    @settings(max_examples=200, deadline=None)
    @given(
        specialists=st.lists(_raw_records(Specialist), max_size=2),
        jobs=st.lists(_raw_records(Job), max_size=2),
        contacts=st.lists(_raw_records(Contact), max_size=2),
        top=st.dictionaries(st.sampled_from(["id", "name", "timezone", "jobs"]), _JSON, max_size=2),
    )
    def test_any_document_loads_or_raises_load_error(
        self,
        specialists: list[dict[str, Any]],
        jobs: list[dict[str, Any]],
        contacts: list[dict[str, Any]],
        top: dict[str, Any],
    ) -> None:
        """Whatever the records hold, `loads` returns a programme or raises `LoadError`."""
        doc = document(specialists=specialists, jobs=jobs, contacts=contacts) | top
        error: LoadError | None = None
        try:
            formats.loads(json.dumps(doc))
        except LoadError as exc:
            error = exc
        if error is not None:
            assert error.path == "<string>"
            assert error.reason


# --- the schema ---------------------------------------------------------------


class TestSchema:
    def test_schema_is_valid_draft_2020_12(self) -> None:
        """The shipped schema is a valid draft 2020-12 schema."""
        schema = formats.schema()
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_schema_is_a_fresh_copy(self) -> None:
        """Changing the returned schema does not change the next one."""
        formats.schema()["title"] = "changed"
        assert formats.schema()["title"] == "ipsrules programme"

    def test_schema_accepts_dumped_programmes(self) -> None:
        """What `dumps` writes is valid by the schema."""
        validator = Draft202012Validator(formats.schema())
        for programme in (full_programme(), Programme(id="X", name="n")):
            validator.validate(json.loads(formats.dumps(programme)))

    def test_schema_knows_every_field(self) -> None:
        """The schema's records have exactly the model's fields, so they cannot drift apart."""
        defs = formats.schema()["$defs"]
        for name, cls in [
            ("specialist", Specialist),
            ("participant", Participant),
            ("job", Job),
            ("contact", Contact),
            ("study", Study),
            ("internship", Internship),
            ("referral", Referral),
        ]:
            assert list(defs[name]["properties"]) == [field.name for field in attrs.fields(cls)]
            assert defs[name]["additionalProperties"] is False

    def test_schema_enums_match_the_model(self) -> None:
        """The schema's enums list exactly the model's values."""
        contact = formats.schema()["$defs"]["contact"]["properties"]
        assert contact["mode"]["enum"] == [m.value for m in ContactMode]
        # null is "not set": the default for party and state, none for setting.
        assert contact["party"]["enum"] == [*(p.value for p in Party), None]
        assert contact["setting"]["enum"] == [*(s.value for s in Setting), None]
        defs = formats.schema()["$defs"]
        states = defs["referral"]["properties"]["state"]["enum"]
        assert states == [*(s.value for s in ReferralState), None]
        exit_reason = defs["participant"]["properties"]["exit_reason"]["anyOf"][0]
        assert exit_reason["enum"] == [r.value for r in ExitReason]

    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d.pop("format"),
            lambda d: d.update(version=2),
            lambda d: d.update(colour="red"),
            lambda d: d["jobs"][0].update(start="10/03/2025"),
            lambda d: d["jobs"][0].update(emplyer="Acme"),
            lambda d: d["contacts"][0].update(at="2025-03-10T09:30:00"),
            lambda d: d["contacts"][0].update(mode="visit"),
            lambda d: d["contacts"][0].update(minutes=-1),
            lambda d: d["specialists"][0].update(fte=0),
            lambda d: d["participants"][0].update(id=""),
        ],
        ids=[
            "no-format",
            "newer-version",
            "unknown-top-key",
            "date-format",
            "unknown-key",
            "naive-datetime",
            "bad-enum",
            "negative-minutes",
            "zero-fte",
            "empty-id",
        ],
    )
    def test_schema_rejects_invalid_documents(self, change: Any) -> None:
        """The schema rejects documents that `load` rejects."""
        doc = json.loads(formats.dumps(full_programme()))
        bad = copy.deepcopy(doc)
        change(bad)
        validator = Draft202012Validator(formats.schema())
        assert validator.is_valid(doc)
        assert not validator.is_valid(bad)
        with pytest.raises(LoadError):
            formats.loads(json.dumps(bad))


class TestExports:
    def test_package_exports_the_io_functions(self) -> None:
        """`load`, `dump`, `loads` and `dumps` are available from the package itself."""
        assert ipsrules.load is formats.load
        assert ipsrules.dump is formats.dump
        assert ipsrules.loads is formats.loads
        assert ipsrules.dumps is formats.dumps
        assert {"load", "dump", "loads", "dumps"} <= set(ipsrules.__all__)

    def test_the_module_has_the_csv_folders_too(self) -> None:
        """`ipsrules.formats` is every format: `load_csv` and `dump_csv` are exported from it."""
        assert formats.load_csv is ipsrules.load_csv
        assert formats.dump_csv is ipsrules.dump_csv
        assert {"load_csv", "dump_csv", "schema"} <= set(formats.__all__)

    def test_no_module_hides_the_standard_io(self) -> None:
        """The module's old name, ``ipsrules.io``, is gone: nothing shadows `io` in the package."""
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module("ipsrules.io")


class TestEmploymentShare:
    @pytest.mark.parametrize("share", [1.5, -0.1])
    def test_share_outside_zero_to_one(self, share: float) -> None:
        """A specialist's employment share outside 0..1 is refused by load and by the schema."""
        doc = json.loads(formats.dumps(full_programme()))
        doc["specialists"][0]["employment_share"] = share

        assert not Draft202012Validator(formats.schema()).is_valid(doc)
        with pytest.raises(LoadError) as caught:
            formats.loads(json.dumps(doc))
        assert caught.value.field == "employment_share"

    def test_absent_share_is_not_written(self) -> None:
        """A specialist without an employment share is written without the key."""
        doc = json.loads(formats.dumps(full_programme()))

        assert doc["specialists"][0]["employment_share"] == 0.9
        assert "employment_share" not in doc["specialists"][1]


# --- a path in any format ----------------------------------------------------------


def test_a_path_is_read_in_the_format_it_holds(tmp_path: Path) -> None:
    """`load_path`, as the commands and the feed server read a programme."""
    pytest.importorskip("openpyxl")
    programme = Programme(
        "P",
        "Service",
        participants=[Participant("A1", enrolled_on=date(2025, 1, 2))],
        contacts=[Contact("A1", date(2025, 1, 3), ContactMode.PHONE, id="C1")],
    )
    formats.dump_csv(programme, tmp_path / "folder")
    formats.dump(programme, tmp_path / "programme.json")
    formats.dump_excel(programme, tmp_path / "programme.xlsx")
    for name in ("folder", "programme.json", "programme.xlsx"):
        assert formats.load_path(tmp_path / name) == programme
    # Each is read by its own reader: a folder is never read as JSON, nor JSON as a folder.
    (tmp_path / "folder" / "jobs.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"jobs\.csv"):
        formats.load_path(tmp_path / "folder")
    with pytest.raises(LoadError, match="no such file"):
        formats.load_path(tmp_path / "missing.json")
