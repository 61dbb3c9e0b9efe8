"""Tests of reading and writing programmes as folders of CSV files (`load_csv`, `dump_csv`)."""

from __future__ import annotations

import csv
import os
import stat
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
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
    dump_csv,
    load_csv,
    sample_programme,
)
from ipsrules._convert import RECORD_LISTS as _LISTS
from ipsrules._convert import SharedValues
from ipsrules._csvio import _contact_log
from ipsrules._document import FORMULA_STARTS
from ipsrules.strategies import programmes

# --- helpers ------------------------------------------------------------------

# The columns of each file, as docs/data-format.md lists them.
COLUMNS = {
    "programme.csv": "id,name,timezone",
    "specialists.csv": "id,name,fte,employment_share,started_on,left_on",
    "participants.csv": (
        "id,enrolled_on,specialist_id,discharged_on,exit_reason,"
        "income_support_at_entry,income_support_at_exit"
    ),
    "jobs.csv": (
        "id,participant_id,start,end,end_known_on,reported_on,employer,job_type,competitive,"
        "hours_per_week,follow_along_declined_on"
    ),
    "contacts.csv": "participant_id,at,mode,party,setting,specialist_id,minutes,id",
    "studies.csv": "id,participant_id,start,end,kind,hours_per_week",
    "internships.csv": "id,participant_id,start,end,employer,hours_per_week",
    "referrals.csv": "id,referred_on,state,decided_on,participant_id,source",
    "handovers.csv": "participant_id,on,specialist_id,id",
    "work_ability_assessments.csv": "participant_id,on,able_to_work,id",
}


def full_programme() -> Programme:
    """A programme with every field of every record set, and text that needs quoting."""
    return Programme(
        id="GBG-1",
        name='IPS Göteborg, "Väster"',
        timezone="Europe/Stockholm",
        specialists=[
            Specialist("S1", name="Åsa Öberg, team 2", fte=0.5, started_on=date(2024, 6, 1)),
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


def as_written(programme: Programme) -> Programme:
    """
    *programme* as a file keeps it: a contact's time with its offset rather than its zone.

    Python never calls a time in a repeated (DST) hour equal to one in another zone, so a
    contact at 23:00 on the night Santiago turns its clocks back differs from itself read
    back with its offset; with the offset on both sides they compare as instants.
    """
    return attrs.evolve(
        programme,
        contacts=[
            attrs.evolve(contact, at=contact.at.astimezone(timezone(offset)))
            if isinstance(contact.at, datetime) and (offset := contact.at.utcoffset()) is not None
            else contact
            for contact in programme.contacts
        ],
    )


def write_folder(folder: Path, **files: str) -> Path:
    """A folder with a valid programme.csv and the given files (name without .csv: text)."""
    folder.mkdir(exist_ok=True)
    files.setdefault("programme", "id,name\nX,Test\n")
    for name, text in files.items():
        (folder / f"{name}.csv").write_bytes(text.encode("utf-8"))
    return folder


PARTICIPANTS = "id,enrolled_on\nP1,2025-01-01\n"


def load_error(folder: Path) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_csv(folder)
    return info.value


# --- round trips --------------------------------------------------------------


class TestContactsReadIntoColumns:
    """
    A contacts file is read a chunk of rows at a time into the columns of the log; a file
    with anything unusual is read row by row instead. Either way, the same contacts.
    """

    @given(programme=programmes(), formula_safe=st.booleans())
    def test_a_written_log_is_read_into_columns(
        self, programme: Programme, formula_safe: bool
    ) -> None:
        with tempfile.TemporaryDirectory() as folder:
            dump_csv(programme, folder, formula_safe=formula_safe)
            read = _contact_log(
                os.path.join(folder, "contacts.csv"), SharedValues(), formula_safe=formula_safe
            )
            assert read is not None  # not read row by row
            log, lines = read
            assert log == as_written(programme).contacts
            assert list(lines) == list(range(2, len(log) + 2))

    def test_what_is_read_row_by_row_reads_the_same(self, tmp_path: Path) -> None:
        """Blank rows, a cell over two lines, a fault: each read row by row, as before."""
        header = "participant_id,at,mode,party,setting,specialist_id,minutes,id\r\n"
        rows = [
            f"P1,2025-01-{day:02}T10:00:00+01:00,phone,participant,,,30,C{day}\r\n"
            for day in range(1, 29)
        ]
        programme_file = "id,name,timezone\r\nX,X,Europe/Stockholm\r\n"
        participants_file = "id,enrolled_on\r\nP1,2024-01-01\r\n"
        cases = {
            "plain": "".join(rows),
            "blank rows": "".join(rows[:5]) + "\r\n,,,,,,,\r\n" + "".join(rows[5:]),
            "a cell over two lines": "".join(rows[:-1]) + rows[-1].replace("C28", '"C\n28"'),
        }
        for why, body in cases.items():
            folder = tmp_path / why.replace(" ", "-")
            folder.mkdir()
            (folder / "programme.csv").write_text(programme_file, encoding="utf-8")
            (folder / "participants.csv").write_text(participants_file, encoding="utf-8")
            (folder / "contacts.csv").write_text(header + body, encoding="utf-8", newline="")
            read = _contact_log(str(folder / "contacts.csv"), SharedValues(), formula_safe=False)
            assert (read is None) == (why != "plain"), why
            if why == "a cell over two lines":
                with pytest.raises(LoadError) as caught:
                    load_csv(folder)
                assert caught.value.line == 29  # the line the row starts on
                assert caught.value.column == "id"
                continue
            loaded = load_csv(folder)
            assert [contact.id for contact in loaded.contacts] == [
                f"C{day}" for day in range(1, 29)
            ]


class TestRoundTrip:
    def test_every_field_survives_a_folder(self, tmp_path: Path) -> None:
        programme = full_programme()
        dump_csv(programme, tmp_path / "out")
        assert load_csv(tmp_path / "out") == programme

    @given(programme=programmes())
    def test_generated_programmes_round_trip(self, programme: Programme) -> None:
        """`load_csv(dump_csv(p)) == p` for any valid programme, contact times compared as the
        file keeps them, and writing what was read gives the same bytes."""
        with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
            dump_csv(programme, first)
            loaded = load_csv(first)
            assert loaded == as_written(programme)
            dump_csv(loaded, second)
            for name in COLUMNS:
                assert Path(first, name).read_bytes() == Path(second, name).read_bytes()

    def test_sample_round_trips(self, tmp_path: Path) -> None:
        sample = sample_programme()
        dump_csv(sample, tmp_path)
        assert load_csv(tmp_path) == sample

    def test_every_file_is_written_with_the_documented_header(self, tmp_path: Path) -> None:
        """All eight files, each with a header of its columns, even when it has no rows."""
        dump_csv(Programme(id="empty", name="Empty"), tmp_path)
        assert sorted(os.listdir(tmp_path)) == sorted(COLUMNS)
        for name, header in COLUMNS.items():
            expected = (
                header
                + "\r\n"
                + ("empty,Empty,Europe/Stockholm\r\n" if name == "programme.csv" else "")
            )
            assert (tmp_path / name).read_bytes() == expected.encode("utf-8")

    def test_cells_are_written_as_documented(self, tmp_path: Path) -> None:
        """Booleans as true/false, numbers with a point, unset fields empty, text quoted."""
        dump_csv(full_programme(), tmp_path)
        jobs = (tmp_path / "jobs.csv").read_bytes().decode("utf-8").split("\r\n")
        assert jobs[1] == (
            "J1,P1,2025-03-10,2025-09-30,2025-10-02,2025-03-12,Café Ängeln,hospitality,false,"
            "20.5,2025-08-01"
        )
        assert jobs[2] == "J2,P2,2025-04-01,,,,,,true,,"
        specialists = (tmp_path / "specialists.csv").read_bytes().decode("utf-8")
        assert specialists == (
            "id,name,fte,employment_share,started_on,left_on\r\n"
            'S1,"Åsa Öberg, team 2",0.5,,2024-06-01,\r\nS2,,1.0,,,\r\n'
        )
        contacts = (tmp_path / "contacts.csv").read_bytes().decode("utf-8").split("\r\n")
        assert contacts[1] == "P1,2025-03-10T09:30:00-04:00,video,employer,remote,S1,45,C1"
        assert contacts[3] == ",2025-03-12,face_to_face,employer,,S1,,"  # no participant
        handovers = (tmp_path / "handovers.csv").read_bytes().decode("utf-8")
        assert handovers == (
            "participant_id,on,specialist_id,id\r\nP2,2025-06-02,S2,H1\r\nP2,2025-09-01,,\r\n"
        )
        assessed = (tmp_path / "work_ability_assessments.csv").read_bytes().decode("utf-8")
        assert assessed == (
            "participant_id,on,able_to_work,id\r\nP1,2024-12-20,true,W1\r\nP2,2025-02-03,false,\r\n"
        )

    def test_dump_is_deterministic(self, tmp_path: Path) -> None:
        dump_csv(full_programme(), tmp_path / "a")
        dump_csv(full_programme(), tmp_path / "b")
        for name in COLUMNS:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

    def test_dump_replaces_files_and_leaves_others(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
        dump_csv(full_programme(), tmp_path)
        dump_csv(Programme(id="empty", name="Empty"), tmp_path)
        assert load_csv(tmp_path) == Programme(id="empty", name="Empty")
        assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
        assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]

    def test_a_failure_half_way_leaves_the_old_programme_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A write that fails after some files leaves the old folder, which loads as it was.

        dump_csv used to replace file by file: the files written before the failure were
        new, the rest old, and the folder loaded as a mix of two programmes (issue 17).
        """
        old = full_programme()
        dump_csv(old, tmp_path)
        real_fsync = os.fsync
        synced: list[int] = []

        def third_fails(descriptor: int) -> None:
            synced.append(descriptor)
            if len(synced) == 3:
                raise OSError("disk full")
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", third_fails)
        with pytest.raises(OSError, match="disk full"):
            dump_csv(attrs.evolve(old, name="New name", contacts=()), tmp_path)
        monkeypatch.undo()
        assert load_csv(tmp_path) == as_written(old)
        assert not [name for name in os.listdir(tmp_path.parent) if name.startswith(".ipsrules")]

    def test_a_new_folder_is_readable_by_its_owner_only(self, tmp_path: Path) -> None:
        folder = tmp_path / "programme"
        dump_csv(full_programme(), folder)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o600}

    def test_a_file_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "programme").write_text("a file", encoding="utf-8")
        with pytest.raises(NotADirectoryError, match="is not a folder"):
            dump_csv(full_programme(), tmp_path / "programme")

    def test_failed_replace_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write that fails leaves the file as it was and no temporary file behind."""
        dump_csv(full_programme(), tmp_path)
        before = (tmp_path / "programme.csv").read_bytes()

        def broken(source: str, target: str) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "rename", broken)
        with pytest.raises(OSError, match="disk full"):
            dump_csv(Programme(id="other", name="Other"), tmp_path)
        assert (tmp_path / "programme.csv").read_bytes() == before
        assert sorted(os.listdir(tmp_path)) == sorted(COLUMNS)


class TestFormulaSafe:
    """`dump_csv(..., formula_safe=True)`: cells a spreadsheet cannot run, read back exactly."""

    HOSTILE = (
        '=HYPERLINK("http://evil.example","x")',
        "+1",
        "-1",
        "@SUM(A1)",
        "\uff1d1",
        "'quoted",
    )

    def hostile_programme(self) -> Programme:
        return Programme(
            id="=1+1",
            name="@name",
            specialists=[
                Specialist(code, name=f"-{index}") for index, code in enumerate(self.HOSTILE)
            ],
            participants=[
                Participant(code, enrolled_on=date(2026, 1, 1), specialist_id=code)
                for code in self.HOSTILE
            ],
            jobs=[
                Job(
                    f"+J{index}",
                    participant_id=code,
                    start=date(2026, 2, 1),
                    employer="\uff0bPlus AB",
                )
                for index, code in enumerate(self.HOSTILE)
            ],
        )

    def test_no_cell_starts_a_formula_and_the_programme_reads_back(self, tmp_path: Path) -> None:
        programme = self.hostile_programme()
        dump_csv(programme, tmp_path / "safe", formula_safe=True)
        for path in (tmp_path / "safe").iterdir():
            with path.open(encoding="utf-8", newline="") as file:
                for row in csv.reader(file):
                    assert not any(cell.startswith(FORMULA_STARTS) for cell in row), path.name
        assert load_csv(tmp_path / "safe") == programme

    def test_the_default_keeps_the_cells_exact(self, tmp_path: Path) -> None:
        """Off by default: the round trip is exact and the file holds the values as they are."""
        dump_csv(self.hostile_programme(), tmp_path / "exact")
        text = (tmp_path / "exact" / "programme.csv").read_bytes().decode("utf-8")
        assert text == "id,name,timezone\r\n=1+1,@name,Europe/Stockholm\r\n"

    def test_the_folder_says_it_is_formula_safe(self, tmp_path: Path) -> None:
        dump_csv(self.hostile_programme(), tmp_path / "safe", formula_safe=True)
        text = (tmp_path / "safe" / "programme.csv").read_bytes().decode("utf-8")
        assert text == "id,name,timezone,formula_safe\r\n'=1+1,'@name,Europe/Stockholm,true\r\n"

    def test_a_bad_flag_is_refused(self, tmp_path: Path) -> None:
        write_folder(tmp_path, programme="id,name,formula_safe\nx,X,yes\n")
        error = load_error(tmp_path)
        assert (error.line, error.column) == (2, "formula_safe")
        assert "expected true or false, got 'yes'" in str(error)

    @given(programme=programmes())
    def test_generated_programmes_round_trip(self, programme: Programme) -> None:
        with tempfile.TemporaryDirectory() as folder:
            dump_csv(programme, folder, formula_safe=True)
            assert load_csv(folder) == as_written(programme)


class TestReading:
    def test_missing_files_mean_no_records(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants=PARTICIPANTS)
        programme = load_csv(folder)
        assert programme == Programme(
            id="X", name="Test", participants=[Participant("P1", date(2025, 1, 1))]
        )

    def test_a_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        """Excel writes UTF-8 with a BOM; the first column is still `id`."""
        folder = write_folder(tmp_path / "in", participants="\ufeff" + PARTICIPANTS)
        assert load_csv(folder).participant("P1").enrolled_on == date(2025, 1, 1)

    def test_columns_in_any_order_and_optional_ones_left_out(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            jobs="competitive,start,participant_id,id\r\nFALSE,2025-03-10,P1,J1\r\n",
        )
        assert load_csv(folder).jobs == (Job("J1", "P1", date(2025, 3, 10), competitive=False),)

    def test_empty_cells_are_not_set_and_defaults_apply(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            programme="id,name,timezone\nX,Test,\n",
            specialists="id,name,fte\nS1,,\n",
            participants=PARTICIPANTS,
            contacts="participant_id,at,mode,party,setting\nP1,2025-01-02,phone,,\n",
        )
        programme = load_csv(folder)
        assert programme.timezone == "Europe/Stockholm"
        assert programme.specialists == (Specialist("S1"),)
        assert programme.contacts == (Contact("P1", date(2025, 1, 2), ContactMode.PHONE),)

    def test_blank_rows_are_skipped(self, tmp_path: Path) -> None:
        """Empty lines and rows of empty cells, as spreadsheets leave them, hold no record."""
        folder = write_folder(
            tmp_path / "in", participants="id,enrolled_on\n\nP1,2025-01-01\n,\n\n"
        )
        assert [p.id for p in load_csv(folder).participants] == ["P1"]

    def test_booleans_in_any_case(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            jobs="id,participant_id,start,competitive\nJ1,P1,2025-03-10,True\nJ2,P1,2025-03-10,false\n",
        )
        assert [job.competitive for job in load_csv(folder).jobs] == [True, False]

    def test_lock_files_and_other_files_are_ignored(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants=PARTICIPANTS)
        (folder / "~$participants.csv").write_bytes(b"\x00\x01")
        (folder / "README.txt").write_text("notes", encoding="utf-8")
        assert len(load_csv(folder).participants) == 1


class TestSharedValues:
    """
    A value that many cells repeat is made once per load and shared: a log of millions of
    contacts names the same participants, specialists, days and offsets again and again.
    """

    @given(programme=programmes())
    def test_equal_codes_days_and_offsets_are_read_as_one_object(
        self, programme: Programme
    ) -> None:
        with tempfile.TemporaryDirectory() as folder:
            dump_csv(programme, folder)
            loaded = load_csv(folder)
        texts: dict[str, str] = {}
        days: dict[date, date] = {}
        zones: dict[object, object] = {}
        for list_name in _LISTS:
            for record in getattr(loaded, list_name):
                for field in attrs.fields(type(record)):
                    value = getattr(record, field.name)
                    if type(value) is str and not (
                        isinstance(record, Contact) and field.name == "id"
                    ):
                        assert texts.setdefault(value, value) is value
                    elif type(value) is date:
                        assert days.setdefault(value, value) is value
                    elif isinstance(value, datetime):
                        zone = value.tzinfo
                        assert zones.setdefault(value.utcoffset(), zone) is zone

    def test_times_at_one_offset_share_it(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            contacts=(
                "participant_id,at,mode,party\n"
                "P1,2025-03-03T09:00:00+01:00,phone,participant\n"
                "P1,2025-03-04T10:00:00+01:00,phone,participant\n"
                "P1,2025-04-01T10:00:00+02:00,phone,participant\n"
            ),
        )
        first, second, third = (contact.at for contact in load_csv(folder).contacts)
        assert isinstance(first, datetime)
        assert isinstance(second, datetime)
        assert isinstance(third, datetime)
        assert first.tzinfo is second.tzinfo
        assert third.utcoffset() == timedelta(hours=2)

    def test_a_bad_day_is_reported_in_the_order_of_the_fields(self, tmp_path: Path) -> None:
        """Of two faults in a row, the one in the earlier column is named, as for JSON."""
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            referrals="id,referred_on,state,decided_on\nR1,2025-01-01,maybe,2025-13-01\n",
        )
        error = load_error(folder)
        assert (error.line, error.column, error.field) == (2, "state", "state")
        assert error.reason.startswith("expected one of referred, enrolled")

    def test_a_bad_time_is_named_with_its_field(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            contacts=(
                "participant_id,at,mode,party\n"
                "P1,2025-01-03T09:00+01:00,phone,participant\n"
                "P1,2025-01-02T25:00+01:00,phone,participant\n"
            ),
        )
        error = load_error(folder)
        assert (error.line, error.column, error.field) == (3, "at", "at")
        assert error.reason == "'2025-01-02T25:00+01:00' is not a valid date and time"


class TestErrors:
    def test_date_in_another_format(self, tmp_path: Path) -> None:
        """The message names the file, the line and the column."""
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            jobs="id,participant_id,start\nJ1,P1,2025-03-10\nJ2,P1,10/03/2025\n",
        )
        error = load_error(folder)
        path = str(folder / "jobs.csv")
        assert (error.path, error.line, error.column, error.field) == (path, 3, "start", "start")
        assert str(error) == (
            f"{path}, line 3, column 'start': "
            "expected a date in ISO format YYYY-MM-DD, got '10/03/2025'"
        )

    def test_impossible_date(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants="id,enrolled_on\nP1,2025-02-30\n")
        error = load_error(folder)
        assert (error.line, error.column) == (2, "enrolled_on")
        assert "'2025-02-30' is not a day of the calendar" in str(error)

    @pytest.mark.parametrize(
        ("file", "text", "column", "reason"),
        [
            (
                "jobs",
                "id,participant_id,start,competitive\nJ1,P1,2025-03-10,yes\n",
                "competitive",
                "expected true or false, got 'yes'",
            ),
            (
                "jobs",
                "id,participant_id,start,hours_per_week\nJ1,P1,2025-03-10,20,5\n",
                None,
                "the row has 5 cells but the header has 4 columns",
            ),
            (
                "jobs",
                'id,participant_id,start,hours_per_week\nJ1,P1,2025-03-10,"20,5"\n',
                "hours_per_week",
                "expected a number with a decimal point, got '20,5'",
            ),
            (
                "jobs",
                "id,participant_id,start,hours_per_week\nJ1,P1,2025-03-10,twenty\n",
                "hours_per_week",
                "expected a number, got 'twenty'",
            ),
            (
                "jobs",
                "id,participant_id,start,hours_per_week\nJ1,P1,2025-03-10,-3\n",
                "hours_per_week",
                "must not be negative, got -3.0",
            ),
            (
                "contacts",
                "participant_id,at,mode,minutes\nP1,2025-03-10,phone,1.5\n",
                "minutes",
                "expected a whole number, got '1.5'",
            ),
            (
                "contacts",
                "participant_id,at,mode\nP1,2025-03-10,email\n",
                "mode",
                "expected one of face_to_face, phone, video, message, got 'email'",
            ),
            (
                "contacts",
                "participant_id,at,mode\nP1,2025-03-10T09:30:00,phone\n",
                "at",
                "has no time zone",
            ),
            (
                "participants",
                "id,enrolled_on,exit_reason\nP1,2025-01-01,employed\n",
                "exit_reason",
                "is set but discharged_on is not",
            ),
            (
                "jobs",
                "id,participant_id,start,end\nJ1,P1,2025-03-10,2025-03-01\n",
                "end",
                "2025-03-01 is before start 2025-03-10",
            ),
            (
                "jobs",
                "id,participant_id,start\nJ1,P1,\n",
                "start",
                "is required but empty",
            ),
            (
                "referrals",
                "id,referred_on,state\nR1,2025-01-01,enrolled\n",
                "decided_on",
                "is required when the state is enrolled",
            ),
        ],
    )
    def test_bad_cells_on_line_2(
        self, tmp_path: Path, file: str, text: str, column: str | None, reason: str
    ) -> None:
        """Each bad cell is reported at its file, line and column."""
        files = {"participants": PARTICIPANTS, file: text}
        folder = write_folder(tmp_path / "in", **files)
        error = load_error(folder)
        assert error.path == str(folder / f"{file}.csv")
        assert (error.line, error.column) == (2, column)
        assert reason in error.reason
        where = f"{file}.csv, line 2" + (f", column {column!r}" if column else "")
        assert where in str(error)

    def test_unknown_column(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants="id,enrolled_on,diagnosis\n")
        error = load_error(folder)
        assert (error.line, error.column) == (1, "diagnosis")
        assert "unknown column; the columns of participants.csv are: id, enrolled_on," in str(error)

    def test_missing_required_column(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", jobs="id,participant_id\n")
        error = load_error(folder)
        assert (error.path, error.line, error.column) == (str(folder / "jobs.csv"), 1, "start")
        assert error.reason == "is required but missing from the header"

    def test_column_given_twice(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants="id,enrolled_on,id\n")
        error = load_error(folder)
        assert (error.line, error.column, error.reason) == (1, "id", "the column appears twice")

    def test_column_without_a_name(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", participants="id,,enrolled_on\n")
        assert load_error(folder).reason == "a column has no name"

    def test_semicolons_get_a_hint(self, tmp_path: Path) -> None:
        """A file exported with semicolons (Excel in Swedish) is refused with a hint."""
        folder = write_folder(tmp_path / "in", participants="id;enrolled_on\nP1;2025-01-01\n")
        error = load_error(folder)
        assert error.line == 1
        assert "separated by commas, not semicolons" in error.reason

    def test_empty_file_has_no_header(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", jobs="")
        error = load_error(folder)
        assert (error.path, error.line) == (str(folder / "jobs.csv"), 1)
        assert "needs a header row" in error.reason

    def test_bad_quoting(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in", participants='id,enrolled_on\nP1,2025-01-01\n"P2"x,2025-01-01\n'
        )
        error = load_error(folder)
        assert error.line == 3
        assert error.reason.startswith("not valid CSV:")

    def test_a_cell_over_several_lines_is_refused_at_its_first(self, tmp_path: Path) -> None:
        """A quoted cell over three lines is valid CSV, but no field holds a line break."""
        folder = write_folder(
            tmp_path / "in",
            specialists='id,name\nS0,Anna\nS1,"Anna\nAndersson\nteam 1"\nS2, \n',
        )
        error = load_error(folder)
        assert (error.line, error.column) == (3, "name")
        assert "U+000A" in error.reason

    def test_not_utf8(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in")
        (folder / "specialists.csv").write_bytes("id,name\nS1,Åsa\n".encode("latin-1"))
        error = load_error(folder)
        assert error.path == str(folder / "specialists.csv")
        assert "not UTF-8 text" in error.reason


class TestErrorsAcrossRecords:
    def test_job_of_unknown_participant(self, tmp_path: Path) -> None:
        """A reference to a missing record is reported at the row that holds it."""
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            jobs="id,participant_id,start\nJ1,P1,2025-03-10\nJ2,P9,2025-03-10\n",
        )
        error = load_error(folder)
        assert (error.path, error.line, error.column) == (
            str(folder / "jobs.csv"),
            3,
            "participant_id",
        )
        assert error.reason == "refers to unknown participant 'P9'"

    def test_duplicate_id_at_the_second_row(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants="id,enrolled_on\nP1,2025-01-01\nP2,2025-01-01\nP1,2025-02-01\n",
        )
        error = load_error(folder)
        assert (error.line, error.column) == (4, "id")
        assert "duplicate id" in error.reason

    def test_referral_of_unknown_participant(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "in",
            participants=PARTICIPANTS,
            referrals=(
                "id,referred_on,state,decided_on,participant_id\n"
                "R1,2024-12-01,enrolled,2025-01-01,P1\n"
                "R2,2024-12-01,enrolled,2025-01-01,P2\n"
            ),
        )
        error = load_error(folder)
        assert (error.path, error.line, error.column) == (
            str(folder / "referrals.csv"),
            3,
            "participant_id",
        )

    def test_unknown_timezone_in_programme_csv(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", programme="id,name,timezone\nX,Test,Mars/Base\n")
        error = load_error(folder)
        assert (error.path, error.line, error.column) == (
            str(folder / "programme.csv"),
            2,
            "timezone",
        )
        assert "unknown IANA time zone 'Mars/Base'" in error.reason


class TestFolder:
    def test_missing_folder(self, tmp_path: Path) -> None:
        error = load_error(tmp_path / "absent")
        assert (error.path, error.reason) == (str(tmp_path / "absent"), "no such folder")

    def test_a_file_is_not_a_folder(self, tmp_path: Path) -> None:
        (tmp_path / "programme.json").write_text("{}", encoding="utf-8")
        assert load_error(tmp_path / "programme.json").reason == "not a folder"

    def test_programme_csv_is_required(self, tmp_path: Path) -> None:
        (tmp_path / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
        error = load_error(tmp_path)
        assert error.path == str(tmp_path / "programme.csv")
        assert error.reason.startswith("no such file")

    def test_programme_csv_holds_one_row(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", programme="id,name\nX,Test\nY,Other\n")
        error = load_error(folder)
        assert (error.line, error.reason) == (3, "expected one row for the programme, found 2")

    def test_programme_name_is_required(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "in", programme="id\nX\n")
        error = load_error(folder)
        assert (error.line, error.column) == (1, "name")

    def test_misspelt_file_is_refused(self, tmp_path: Path) -> None:
        """`job.csv` would silently hold no jobs: it is refused by name."""
        folder = write_folder(tmp_path / "in", job="id,participant_id,start\n")
        error = load_error(folder)
        assert error.path == str(folder / "job.csv")
        assert error.reason.startswith("unknown file; the files of a programme are: programme.csv")


class TestLines:
    @pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
    def test_every_line_end_counts_one_line(self, tmp_path: Path, end: str) -> None:
        """Rows are read straight from the file; each of the three line ends is one line."""
        text = end.join(["id,enrolled_on", "P1,2025-01-01", '"P2",2025-01-02', "P3,x", ""])
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "programme.csv").write_text("id,name\nX,Test\n", encoding="utf-8")
        (folder / "participants.csv").write_bytes(text.encode("utf-8"))
        error = load_error(folder)
        assert (error.line, error.column) == (4, "enrolled_on")
