"""Tests of programmes in and out of Excel workbooks (`load_excel`, `dump_excel`, the template)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings

import ipsrules
from ipsrules import (
    Contact,
    ContactMode,
    DumpError,
    ExitReason,
    Job,
    LoadError,
    LoadProblemsError,
    MissingPackageError,
    Participant,
    Party,
    Programme,
    ReferralState,
    Setting,
    Specialist,
    ValidationError,
    WorkbookError,
    _excel,
    dump_csv,
    dump_excel,
    dumps,
    excel_template,
    from_frames,
    load,
    load_csv,
    load_excel,
    loads,
    sample_programme,
    to_frames,
)
from ipsrules.cli import main
from ipsrules.strategies import programmes
from ipsrules.synthetic import synthetic_programme

FIXTURES = Path(__file__).parent / "fixtures"
STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The columns of each sheet, as docs/data-format.md lists them for the CSV files.
SHEETS = {
    "programme": ["id", "name", "timezone"],
    "specialists": ["id", "name", "fte", "employment_share", "started_on", "left_on"],
    "participants": [
        "id",
        "enrolled_on",
        "specialist_id",
        "discharged_on",
        "exit_reason",
        "income_support_at_entry",
        "income_support_at_exit",
    ],
    "jobs": [
        "id",
        "participant_id",
        "start",
        "end",
        "end_known_on",
        "reported_on",
        "employer",
        "job_type",
        "competitive",
        "hours_per_week",
        "follow_along_declined_on",
    ],
    "contacts": [
        "participant_id",
        "at",
        "mode",
        "party",
        "setting",
        "specialist_id",
        "minutes",
        "id",
    ],
    "studies": ["id", "participant_id", "start", "end", "kind", "hours_per_week"],
    "internships": ["id", "participant_id", "start", "end", "employer", "hours_per_week"],
    "referrals": ["id", "referred_on", "state", "decided_on", "participant_id", "source"],
    "handovers": ["participant_id", "on", "specialist_id", "id"],
    "work_ability_assessments": ["participant_id", "on", "able_to_work", "id"],
}


def write_book(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook made by openpyxl with these sheets, rows of cells as given."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def minimal(**sheets: Sequence[Sequence[object]]) -> dict[str, Sequence[Sequence[object]]]:
    """A programme sheet, and the sheets given."""
    return {
        "programme": [["id", "name", "timezone"], ["demo", "Demo", "Europe/Stockholm"]],
        **sheets,
    }


PARTICIPANT = [["id", "enrolled_on"], ["P1", datetime(2025, 1, 6)]]


def workbook_safe(programme: Programme) -> Programme:
    """*programme* with the characters a workbook cannot hold replaced by '?'."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "?", value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        return value

    return loads(json.dumps(clean(json.loads(dumps(programme)))))


# --- round trips --------------------------------------------------------------


class TestRoundTrip:
    def test_sample_round_trips(self, tmp_path: Path) -> None:
        programme = sample_programme()
        dump_excel(programme, tmp_path / "sample.xlsx")
        assert load_excel(tmp_path / "sample.xlsx") == programme

    @settings(max_examples=40, deadline=None)
    @given(programmes(max_contacts=12))
    def test_generated_programmes_round_trip(self, programme: Programme) -> None:
        programme = workbook_safe(programme)
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "p.xlsx"
            dump_excel(programme, path)
            assert load_excel(path) == programme

    @settings(max_examples=25, deadline=None)
    @given(programmes(max_contacts=10))
    def test_json_csv_workbook_and_frames_agree(self, programme: Programme) -> None:
        import tempfile

        programme = workbook_safe(programme)
        with tempfile.TemporaryDirectory() as folder:
            dump_csv(programme, Path(folder) / "csv")
            from_csv = load_csv(Path(folder) / "csv")
            dump_excel(from_csv, Path(folder) / "p.xlsx")
            from_book = load_excel(Path(folder) / "p.xlsx")
            from_json = loads(dumps(from_frames(to_frames(from_book))))
        assert from_csv == programme
        assert from_book == programme
        assert from_json == programme

    def test_every_sheet_has_the_documented_header(self, tmp_path: Path) -> None:
        dump_excel(Programme(id="p", name="P"), tmp_path / "p.xlsx")
        book = openpyxl.load_workbook(tmp_path / "p.xlsx")
        assert book.sheetnames == list(SHEETS)
        for title, columns in SHEETS.items():
            assert [cell.value for cell in book[title][1]] == columns

    def test_cells_are_typed(self, tmp_path: Path) -> None:
        programme = Programme(
            id="p",
            name="P",
            specialists=[Specialist("S1", fte=0.5)],
            participants=[Participant("P1", date(2025, 1, 6), specialist_id="S1")],
            jobs=[Job("J1", "P1", date(2025, 2, 3), competitive=False, hours_per_week=0.1 + 0.2)],
            contacts=[
                Contact("P1", datetime(2025, 2, 4, 10, 30, tzinfo=STOCKHOLM), ContactMode.PHONE),
                Contact(
                    "P1", datetime(2025, 2, 5, 10, 30, 0, 5, tzinfo=STOCKHOLM), ContactMode.VIDEO
                ),
                Contact("P1", datetime(2025, 2, 6, 10, tzinfo=UTC), ContactMode.VIDEO),
                Contact(
                    "P1", datetime(2025, 2, 7, tzinfo=STOCKHOLM), ContactMode.VIDEO, minutes=30
                ),
                Contact("P1", date(2025, 2, 8), ContactMode.MESSAGE, party=Party.FAMILY),
            ],
        )
        dump_excel(programme, tmp_path / "p.xlsx")
        book = openpyxl.load_workbook(tmp_path / "p.xlsx")
        jobs, contacts = book["jobs"], book["contacts"]
        assert jobs["C2"].value == datetime(2025, 2, 3)
        assert jobs["C2"].number_format == "yyyy-mm-dd"
        assert jobs["I2"].value is False
        # 0.30000000000000004 has 17 significant digits: a spreadsheet would round it.
        assert jobs["J2"].value == "0.30000000000000004"
        assert contacts["B2"].value == datetime(2025, 2, 4, 10, 30)  # local, no offset
        assert contacts["B3"].value == "2025-02-05T10:30:00.000005+01:00"  # microseconds
        assert contacts["B4"].value == "2025-02-06T10:00:00+00:00"  # another offset
        assert contacts["B5"].value == "2025-02-07T00:00:00+01:00"  # midnight is a time
        assert contacts["B6"].value == datetime(2025, 2, 8)
        assert contacts["G5"].value == 30
        assert load_excel(tmp_path / "p.xlsx") == programme

    def test_a_text_that_looks_like_a_formula_stays_text(self, tmp_path: Path) -> None:
        programme = Programme(id="p", name="=1+1", specialists=[Specialist("S1", name="=A1")])
        dump_excel(programme, tmp_path / "p.xlsx")
        assert load_excel(tmp_path / "p.xlsx") == programme

    def test_a_sheet_too_long_is_refused_and_nothing_written(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What a workbook cannot hold, the model accepts: a sheet of over a million rows."""
        monkeypatch.setattr(_excel, "MAX_ROWS", 3)  # a sheet of two records at most
        target = tmp_path / "p.xlsx"
        target.write_bytes(b"old")
        programme = Programme(
            id="p", name="P", specialists=[Specialist("S1"), Specialist("S2"), Specialist("S3")]
        )
        with pytest.raises(DumpError, match="specialists"):
            dump_excel(programme, target)
        assert target.read_bytes() == b"old"

    def test_text_a_workbook_cannot_hold_never_reaches_one(self) -> None:
        """Control characters and U+FFFE/U+FFFF, which XML cannot hold, the model refuses."""
        for name in ("a\x01b", "a\ufffeb", "a\uffffb"):
            with pytest.raises(ValidationError, match="U\\+"):
                Specialist("S1", name=name)

    def test_load_reads_a_workbook_by_its_suffix(self, tmp_path: Path) -> None:
        programme = sample_programme()
        dump_excel(programme, tmp_path / "SAMPLE.XLSX")
        assert load(tmp_path / "SAMPLE.XLSX") == programme


# --- every problem at once -------------------------------------------------------


class TestEveryProblem:
    """A workbook with several faults gets them all, sheet by sheet and row by row."""

    def test_faults_in_several_sheets_and_between_records(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(
                participants=[
                    ["id", "enrolled_on"],
                    ["P1", datetime(2025, 1, 6)],
                    ["P2", "not a day"],
                    ["P1", datetime(2025, 2, 3)],
                ],
                jobs=[
                    ["id", "participant_id", "start", "hours_per_week"],
                    ["J1", "P1", datetime(2025, 3, 3), "many"],
                    ["J2", "P9", datetime(2025, 3, 3), 20],
                ],
                contacts=[["participant_id", "at", "mode"], ["P1", datetime(2025, 3, 4), "fax"]],
            ),
        )
        with pytest.raises(LoadProblemsError) as caught:
            load_excel(path)
        error = caught.value
        assert error.problem_count == 5
        assert str(error).splitlines() == [
            f"{path}: 5 problems:",
            f"  {path}, sheet 'participants', row 3, column 'enrolled_on' (cell B3): "
            "expected a date in ISO format YYYY-MM-DD, got 'not a day'",
            f"  {path}, sheet 'participants', row 4, column 'id' (cell A4): "
            "duplicate id in the programme's participants",
            f"  {path}, sheet 'jobs', row 2, column 'hours_per_week' (cell D2): "
            "expected a number, got 'many'",
            f"  {path}, sheet 'jobs', row 3, column 'participant_id' (cell B3): "
            "refers to unknown participant 'P9'",
            f"  {path}, sheet 'contacts', row 2, column 'mode' (cell C2): "
            "expected one of face_to_face, phone, video, message, got 'fax'",
        ]
        assert all(isinstance(problem.cause, WorkbookError) for problem in error.problems)
        # The first problem's attributes are the error's own, as for a file with one.
        assert (error.path, error.field, error.reason) == (
            str(path),
            "enrolled_on",
            error.problems[0].reason,
        )

    def test_one_fault_is_the_workbook_error_itself(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(participants=[["id", "enrolled_on"], ["P1", "soon"]]),
        )
        with pytest.raises(WorkbookError) as caught:
            load_excel(path)
        assert not isinstance(caught.value, LoadProblemsError)
        assert (caught.value.sheet, caught.value.cell) == ("participants", "B2")

    def test_a_hundred_are_listed_and_the_rest_counted(self, tmp_path: Path) -> None:
        rows: list[list[object]] = [["id", "enrolled_on"]]
        rows += [[f"P{number}", "soon"] for number in range(150)]
        path = write_book(tmp_path / "b.xlsx", minimal(participants=rows))
        with pytest.raises(LoadProblemsError) as caught:
            load_excel(path)
        assert caught.value.problem_count == 150
        assert len(caught.value.problems) == 100
        lines = str(caught.value).splitlines()
        assert lines[1].startswith(f"  {path}, sheet 'participants', row 2,")
        assert lines[-1] == "  and 50 more"

    def test_the_command_line_prints_them_all(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(participants=[["id", "enrolled_on"], ["P1", "soon"], ["P2", "later"]]),
        )
        assert main(["check", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert lines[0] == f"ipsrules: error: {path}: 2 problems:"
        assert [line.split("(cell ")[1][:2] for line in lines[1:]] == ["B2", "B3"]


# --- what a spreadsheet holds ---------------------------------------------------


class TestSpreadsheetValues:
    def test_dates_numbers_as_text_and_whole_numbers_as_floats(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(
                specialists=[["id", "fte", "employment_share"], ["S1", "0.5", 1]],
                participants=[
                    ["id", "enrolled_on", "specialist_id", "discharged_on", "exit_reason"],
                    [1001, datetime(2025, 1, 6), "S1", "2025-06-30", "employed"],
                ],
                contacts=[
                    ["participant_id", "at", "mode", "minutes"],
                    ["1001", datetime(2025, 1, 7, 9, 30), "face_to_face", 45.0],
                    ["1001", datetime(2025, 1, 8), "phone", "30"],
                    ["1001", "2025-07-01 08:00", "phone", None],
                ],
            ),
        )
        programme = load_excel(path)
        assert programme.specialists == (Specialist("S1", fte=0.5, employment_share=1.0),)
        (person,) = programme.participants
        assert person.id == "1001"  # a code typed as a number is its text
        assert person.enrolled_on == date(2025, 1, 6)
        assert person.discharged_on == date(2025, 6, 30)
        assert person.exit_reason is ExitReason.EMPLOYED
        first, second, third = programme.contacts
        assert first.at == datetime(2025, 1, 7, 9, 30, tzinfo=STOCKHOLM)
        assert first.at.utcoffset() == timedelta(hours=1)
        assert first.minutes == 45
        assert type(first.minutes) is int
        assert second.at == date(2025, 1, 8)  # a date at 00:00 in `at` is the day
        assert second.minutes == 30
        assert third.at == datetime(2025, 7, 1, 8, tzinfo=STOCKHOLM)
        assert third.at.utcoffset() == timedelta(hours=2)  # summer time

    def test_times_in_the_programme_zone_not_stockholm(self, tmp_path: Path) -> None:
        sheets = minimal(
            participants=PARTICIPANT,
            contacts=[["participant_id", "at", "mode"], ["P1", datetime(2025, 1, 7, 9), "phone"]],
        )
        sheets["programme"] = [["id", "name", "timezone"], ["p", "P", "America/New_York"]]
        programme = load_excel(write_book(tmp_path / "b.xlsx", sheets))
        assert programme.contacts[0].at == datetime(2025, 1, 7, 14, tzinfo=UTC)

    def test_the_repeated_autumn_hour_is_the_first(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(
                participants=PARTICIPANT,
                contacts=[
                    ["participant_id", "at", "mode"],
                    ["P1", datetime(2025, 10, 26, 2, 30), "phone"],
                ],
            ),
        )
        (contact,) = load_excel(path).contacts
        assert contact.at.replace(tzinfo=None) == datetime(2025, 10, 26, 2, 30)
        assert contact.at.utcoffset() == timedelta(hours=2)  # summer time, the first

    def test_a_time_the_spring_change_skips_is_refused(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(
                participants=PARTICIPANT,
                contacts=[
                    ["participant_id", "at", "mode"],
                    ["P1", datetime(2025, 3, 30, 2, 30), "phone"],
                ],
            ),
        )
        with pytest.raises(WorkbookError) as caught:
            load_excel(path)
        assert (caught.value.sheet, caught.value.row, caught.value.column) == ("contacts", 2, "at")
        assert caught.value.cell == "B2"
        assert "2025-03-30 02:30:00 does not exist in Europe/Stockholm" in str(caught.value)

    def test_blank_rows_are_passed_over(self, tmp_path: Path) -> None:
        path = write_book(tmp_path / "b.xlsx", minimal(participants=PARTICIPANT))
        book = openpyxl.load_workbook(path)
        sheet = book["participants"]
        sheet["A5"] = "P2"
        sheet["B5"] = date(2025, 2, 1)
        sheet["A40"] = ""  # a cell once typed in and cleared
        sheet["C100"].number_format = "yyyy-mm-dd"  # a formatted, empty cell
        book.save(path)
        assert [p.id for p in load_excel(path).participants] == ["P1", "P2"]

    def test_booleans_as_cells_and_as_text(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(
                participants=PARTICIPANT,
                jobs=[
                    ["id", "participant_id", "start", "competitive"],
                    ["J1", "P1", date(2025, 2, 1), False],
                    ["J2", "P1", date(2025, 2, 1), "TRUE"],
                    ["J3", "P1", date(2025, 2, 1), "false"],
                ],
            ),
        )
        assert [job.competitive for job in load_excel(path).jobs] == [False, True, False]

    @pytest.mark.parametrize(
        ("sheet", "row", "column", "cell", "message"),
        [
            (
                "jobs",
                ["J1", "P1", 45000, None],
                "start",
                "C2",
                "expected a date, got the number 45000",
            ),
            ("jobs", ["J1", "P1", "2025/02/01", None], "start", "C2", "ISO format YYYY-MM-DD"),
            ("jobs", ["J1", "P1", datetime(2025, 2, 1, 8), None], "start", "C2", "a time of day"),
            (
                "jobs",
                ["J1", "P1", date(2025, 2, 1), "1,5"],
                "hours_per_week",
                "D2",
                "decimal point",
            ),
            ("jobs", ["J1", "P1", time(8), None], "start", "C2", "a time of day without a date"),
            (
                "jobs",
                [date(2025, 1, 1), "P1", date(2025, 2, 1), None],
                "id",
                "A2",
                "format the cells as text",
            ),
            (
                "jobs",
                ["J1", "P9", date(2025, 2, 1), None],
                "participant_id",
                "B2",
                "unknown participant 'P9'",
            ),
        ],
    )
    def test_bad_cells_are_named(
        self, tmp_path: Path, sheet: str, row: list[object], column: str, cell: str, message: str
    ) -> None:
        header = ["id", "participant_id", "start", "hours_per_week"]
        path = write_book(
            tmp_path / "b.xlsx", minimal(participants=PARTICIPANT, jobs=[header, row])
        )
        with pytest.raises(WorkbookError) as caught:
            load_excel(path)
        error = caught.value
        assert isinstance(error, LoadError)
        assert (error.path, error.sheet, error.row, error.column, error.cell) == (
            str(path),
            sheet,
            2,
            column,
            cell,
        )
        assert message in error.reason
        assert str(error).startswith(
            f"{path}, sheet {sheet!r}, row 2, column {column!r} (cell {cell}): "
        )

    def test_an_empty_required_cell(self, tmp_path: Path) -> None:
        path = write_book(
            tmp_path / "b.xlsx",
            minimal(participants=[["id", "enrolled_on"], ["P1", date(2025, 1, 1)], ["P2", None]]),
        )
        with pytest.raises(
            WorkbookError, match=r"row 3, column 'enrolled_on' \(cell B3\): is required but empty"
        ):
            load_excel(path)

    def test_a_duplicate_id_is_named_at_its_second_row(self, tmp_path: Path) -> None:
        rows = [
            ["id", "enrolled_on"],
            ["P1", date(2025, 1, 1)],
            ["P2", date(2025, 1, 1)],
            ["P1", date(2025, 1, 2)],
        ]
        with pytest.raises(WorkbookError) as caught:
            load_excel(write_book(tmp_path / "b.xlsx", minimal(participants=rows)))
        assert (caught.value.sheet, caught.value.row, caught.value.cell) == (
            "participants",
            4,
            "A4",
        )

    def test_a_formula_error_is_refused(self, tmp_path: Path) -> None:
        path = write_book(tmp_path / "b.xlsx", minimal(participants=PARTICIPANT))
        # A cell whose formula failed, as a spreadsheet program saves it.
        book = openpyxl.load_workbook(path)
        book["participants"]["C2"] = "#DIV/0!"
        book["participants"]["C2"].data_type = "e"
        book["participants"]["C1"] = "specialist_id"
        book.save(path)
        with pytest.raises(
            WorkbookError, match=r"cell C2\): the cell holds the formula error #DIV/0!"
        ):
            load_excel(path)


# --- the shape of a workbook ------------------------------------------------------


class TestShape:
    def test_merged_header_cells_are_refused(self, tmp_path: Path) -> None:
        path = write_book(tmp_path / "b.xlsx", minimal(participants=PARTICIPANT))
        book = openpyxl.load_workbook(path)
        book["participants"].merge_cells("A1:B1")
        book.save(path)
        with pytest.raises(WorkbookError) as caught:
            load_excel(path)
        assert caught.value.sheet == "participants"
        assert caught.value.cell == "A1:B1"
        assert "merged header cells A1:B1; unmerge them" in str(caught.value)

    def test_merged_data_cells_are_refused(self, tmp_path: Path) -> None:
        rows = [["id", "enrolled_on"], ["P1", date(2025, 1, 1)], ["P2", date(2025, 1, 1)]]
        path = write_book(tmp_path / "b.xlsx", minimal(participants=rows))
        book = openpyxl.load_workbook(path)
        book["participants"].merge_cells("B2:B3")
        book.save(path)
        with pytest.raises(
            WorkbookError, match=r"sheet 'participants', row 2 \(cell B2:B3\): merged cells"
        ):
            load_excel(path)

    @pytest.mark.parametrize(
        ("sheets", "message"),
        [
            (
                {"Participants": PARTICIPANT},
                "sheet 'Participants': unknown sheet; the sheets of a programme are: programme, "
                "specialists",
            ),
            (
                {"participants": [["id", "enrolled_on", "name"]]},
                "row 1, column 'name' (cell C1): unknown column; the columns of participants are: "
                "id, enrolled_on",
            ),
            (
                {"participants": [["id"]]},
                "row 1, column 'enrolled_on': is required but missing from the header",
            ),
            (
                {"participants": [["id", "enrolled_on", "id"]]},
                "column 'id' (cell C1): the column appears twice",
            ),
            (
                {"participants": [["id", None, "enrolled_on"]]},
                "row 1 (cell B1): a column has no name",
            ),
            ({"participants": [["id", 5]]}, "row 1 (cell B1): a column's name must be text, got 5"),
            ({"participants": []}, "sheet 'participants', row 1: the sheet is empty"),
            (
                {"participants": [["id", "enrolled_on"], ["P1", date(2025, 1, 1), "x"]]},
                "row 2 (cell C2): a value in a column without a name",
            ),
        ],
    )
    def test_bad_sheets(
        self, tmp_path: Path, sheets: dict[str, list[list[object]]], message: str
    ) -> None:
        path = write_book(tmp_path / "b.xlsx", minimal(**sheets))
        with pytest.raises(WorkbookError) as caught:
            load_excel(path)
        assert message in str(caught.value)

    def test_absent_sheets_mean_no_records(self, tmp_path: Path) -> None:
        assert load_excel(write_book(tmp_path / "b.xlsx", minimal())) == Programme(
            id="demo", name="Demo"
        )

    def test_the_programme_sheet_is_required(self, tmp_path: Path) -> None:
        path = write_book(tmp_path / "b.xlsx", {"participants": PARTICIPANT})
        with pytest.raises(WorkbookError, match="no sheet 'programme'"):
            load_excel(path)

    def test_the_programme_sheet_has_one_row(self, tmp_path: Path) -> None:
        sheets = {"programme": [["id", "name"], ["a", "A"], ["b", "B"]]}
        with pytest.raises(
            WorkbookError,
            match=r"sheet 'programme', row 3: expected one row for the programme, found 2",
        ):
            load_excel(write_book(tmp_path / "b.xlsx", sheets))

    def test_an_unknown_time_zone(self, tmp_path: Path) -> None:
        sheets = {"programme": [["id", "name", "timezone"], ["a", "A", "Europe/Stockholmm"]]}
        with pytest.raises(
            WorkbookError, match=r"column 'timezone' \(cell C2\): unknown IANA time zone"
        ):
            load_excel(write_book(tmp_path / "b.xlsx", sheets))

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        (tmp_path / "b.xlsx").write_text("id,name\n", "utf-8")
        with pytest.raises(LoadError, match=r"b.xlsx: not an Excel workbook"):
            load_excel(tmp_path / "b.xlsx")

    def test_no_such_file(self, tmp_path: Path) -> None:
        with pytest.raises(LoadError, match=r"missing.xlsx: no such file"):
            load_excel(tmp_path / "missing.xlsx")

    def test_without_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(MissingPackageError, match=r"pip install 'ipsrules\[excel\]'") as caught:
            load_excel(tmp_path / "b.xlsx")
        assert isinstance(caught.value, ImportError)
        assert caught.value.extra == "excel"
        with pytest.raises(MissingPackageError, match=r"ipsrules\[excel\]"):
            dump_excel(Programme(id="p", name="P"), tmp_path / "b.xlsx")
        assert not (tmp_path / "b.xlsx").exists()
        with pytest.raises(MissingPackageError, match=r"the workbook template needs openpyxl"):
            excel_template("sv")


# --- the template -----------------------------------------------------------------


class TestTemplate:
    @pytest.mark.parametrize(("locale", "readme"), [("en", "Read me"), ("sv", "Läs mig")])
    def test_sheets_and_headers(self, tmp_path: Path, locale: str, readme: str) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template(locale))
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        assert book.sheetnames == [readme, *SHEETS]
        for title, columns in SHEETS.items():
            assert [cell.value for cell in book[title][1]] == columns

    def test_the_first_sheet_explains_every_column_in_both_languages(self, tmp_path: Path) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template("sv"))
        sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Läs mig"]
        rows = [row for row in sheet.iter_rows(values_only=True) if row[0] in SHEETS and row[1]]
        explained = {(row[0], row[1]): row for row in rows}
        assert set(explained) == {(t, c) for t, cs in SHEETS.items() for c in cs}
        for row in rows:
            assert row[4], row  # English
            assert row[5], row  # Swedish
        assert explained[("participants", "enrolled_on")][2] == "ja"
        assert explained[("contacts", "mode")][3] == "ett av: face_to_face, phone, video, message"

    def test_lists_for_every_enumeration(self, tmp_path: Path) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template("en"))
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        lists = {
            (
                title,
                book[title]
                .cell(1, openpyxl.utils.column_index_from_string(str(check.sqref).split(":")[0][0]))
                .value,
            ): check.formula1
            for title in SHEETS
            for check in book[title].data_validations.dataValidation
        }
        assert lists == {
            ("participants", "exit_reason"): '"' + ",".join(m.value for m in ExitReason) + '"',
            ("contacts", "mode"): '"' + ",".join(m.value for m in ContactMode) + '"',
            ("contacts", "party"): '"' + ",".join(m.value for m in Party) + '"',
            ("contacts", "setting"): '"' + ",".join(m.value for m in Setting) + '"',
            ("referrals", "state"): '"' + ",".join(m.value for m in ReferralState) + '"',
            ("jobs", "competitive"): '"true,false"',
            ("work_ability_assessments", "able_to_work"): '"true,false"',
        }

    def test_date_columns_are_formatted(self, tmp_path: Path) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template("en"))
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        assert book["jobs"].column_dimensions["C"].number_format == "yyyy-mm-dd"  # start
        assert book["contacts"].column_dimensions["B"].number_format == "yyyy-mm-dd hh:mm"  # at

    def test_the_empty_template_names_what_to_fill_in(self, tmp_path: Path) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template("en"))
        path = tmp_path / "t.xlsx"
        with pytest.raises(LoadProblemsError) as caught:
            load_excel(path)
        assert str(caught.value).splitlines() == [
            f"{path}: 2 problems:",
            f"  {path}, sheet 'programme', row 2, column 'id' (cell A2): is required but empty",
            f"  {path}, sheet 'programme', row 2, column 'name' (cell B2): is required but empty",
        ]
        assert [type(problem.cause) for problem in caught.value.problems] == [WorkbookError] * 2

    def test_a_filled_in_template_loads(self, tmp_path: Path) -> None:
        (tmp_path / "t.xlsx").write_bytes(excel_template("sv"))
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        book["programme"]["A2"] = "ips-norr"
        book["programme"]["B2"] = "IPS Norr"
        book["participants"].append(["P1", date(2026, 1, 12)])
        book["contacts"].append(["P1", datetime(2026, 1, 13, 10, 30), "face_to_face"])
        book.save(tmp_path / "t.xlsx")
        programme = load_excel(tmp_path / "t.xlsx")
        assert programme.timezone == "Europe/Stockholm"
        assert programme.contacts == (
            Contact(
                "P1", datetime(2026, 1, 13, 10, 30, tzinfo=STOCKHOLM), ContactMode.FACE_TO_FACE
            ),
        )

    def test_an_unknown_locale(self) -> None:
        with pytest.raises(ipsrules.UnknownLocaleError):
            excel_template("de")


# --- the command line ---------------------------------------------------------------


class TestCommandLine:
    def test_template_then_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["template", "--locale", "sv", "-o", str(tmp_path / "mall.xlsx")]) == 0
        assert openpyxl.load_workbook(tmp_path / "mall.xlsx").sheetnames[0] == "Läs mig"
        assert main(["check", str(tmp_path / "mall.xlsx")]) == 2
        assert (
            "sheet 'programme', row 2, column 'id' (cell A2): is required but empty"
            in capsys.readouterr().err
        )

    def test_every_command_reads_a_workbook(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        programme = sample_programme()
        dump_excel(programme, tmp_path / "p.xlsx")
        dump_csv(programme, tmp_path / "csv")
        (tmp_path / "secret").write_text("ab" * 32 + "\n", "utf-8")
        (tmp_path / "secret").chmod(0o600)
        for command in (
            ["check", "--today", "2026-09-30"],
            ["outcomes", "--from", "2026-07-01", "--to", "2026-09-30"],
            [
                "feed",
                "--specialist",
                programme.specialists[0].id,
                "--today",
                "2026-09-30",
                "--secret-file",
                str(tmp_path / "secret"),
            ],
        ):
            assert main([*command, str(tmp_path / "csv")]) == 0
            from_folder = re.sub(r"DTSTAMP:\S+", "", capsys.readouterr().out)
            assert main([*command, str(tmp_path / "p.xlsx")]) == 0
            assert re.sub(r"DTSTAMP:\S+", "", capsys.readouterr().out) == from_folder
            assert from_folder

    def test_missing_openpyxl_is_an_error_not_a_traceback(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        assert main(["check", str(tmp_path / "p.xlsx")]) == 2
        assert "pip install 'ipsrules[excel]'" in capsys.readouterr().err


# --- a workbook saved by a real spreadsheet program -----------------------------------


def test_a_workbook_saved_by_libreoffice_reads_back_equal() -> None:
    """The committed fixture, saved by LibreOffice Calc (scripts/make_libreoffice_fixture.py)."""
    with zipfile.ZipFile(FIXTURES / "libreoffice-programme.xlsx") as saved:
        assert b"LibreOffice" in saved.read("docProps/app.xml")  # not openpyxl's own file
    book = load_excel(FIXTURES / "libreoffice-programme.xlsx")
    assert book == load(FIXTURES / "libreoffice-programme.json")
    assert book.participants[2].id == "1001"
    assert book.jobs[1].competitive is False


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_saves_a_workbook_that_reads_back_equal(tmp_path: Path) -> None:
    programme = synthetic_programme(participants=12, seed=3)
    (tmp_path / "in").mkdir()
    dump_excel(programme, tmp_path / "in" / "p.xlsx")
    saved = _libreoffice_resave(tmp_path / "in" / "p.xlsx", tmp_path)
    with zipfile.ZipFile(saved) as book:
        assert b"LibreOffice" in book.read("docProps/app.xml")
    assert load_excel(saved) == programme


def _libreoffice_resave(source: Path, folder: Path) -> Path:
    """*source* opened and saved again as .xlsx by LibreOffice Calc, headless."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "out" / source.name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH")
def test_libreoffice_keeps_the_template(tmp_path: Path) -> None:
    (tmp_path / "mall.xlsx").write_bytes(excel_template("sv"))
    saved = _libreoffice_resave(tmp_path / "mall.xlsx", tmp_path)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == ["Läs mig", *SHEETS]
    assert book["jobs"].column_dimensions["C"].number_format.replace("\\", "") == "yyyy-mm-dd"
    modes = [check.formula1 for check in book["contacts"].data_validations.dataValidation]
    assert '"face_to_face,phone,video,message"' in modes
    with pytest.raises(
        LoadProblemsError, match=r"row 2, column 'id' \(cell A2\): is required but empty"
    ):
        load_excel(saved)
