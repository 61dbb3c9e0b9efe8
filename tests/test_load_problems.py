"""
Every problem of a file at once: `load`, `loads` and `load_csv` report all the problems
they find, in the order of the file, up to a limit, as one `LoadError`.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ipsrules
from ipsrules import LoadError, LoadProblemsError, Problem, formats
from ipsrules._convert import PROBLEM_LIMIT, RECORD_LISTS
from ipsrules.cli import main
from ipsrules.strategies import programmes

HEADER = {"format": "ipsrules.programme", "version": 1, "id": "demo", "name": "Demo"}


def document(**lists: list[dict[str, Any]]) -> dict[str, Any]:
    """A programme document with two participants, one specialist and the given lists."""
    return {
        **HEADER,
        "specialists": [{"id": "S1"}],
        "participants": [
            {"id": "P1", "enrolled_on": "2025-01-07", "specialist_id": "S1"},
            {"id": "P2", "enrolled_on": "2025-02-01"},
        ],
        **lists,
    }


def problems_of(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        formats.loads(text, source="p.json")
    return caught.value


def write_folder(folder: Path, **files: str) -> Path:
    """A folder with a valid programme.csv and the given files (name without .csv: text)."""
    folder.mkdir(exist_ok=True)
    files.setdefault("programme", "id,name\nX,Test\n")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def csv_error(folder: Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        ipsrules.load_csv(folder)
    return caught.value


# --- JSON ---------------------------------------------------------------------


class TestJSON:
    def test_several_problems_of_different_kinds_in_file_order(self) -> None:
        """Unknown keys, bad values, unknown references and duplicates: all, in file order."""
        doc = document(
            jobs=[
                {"id": "J1", "participant_id": "P1", "start": "10/03/2025"},
                {"id": "J2", "participant_id": "P9", "start": "2025-03-10"},
                {"id": "J1", "participant_id": "P2", "start": "2025-03-10", "emplyer": "A"},
            ],
            contacts=[
                {"participant_id": "P1", "at": "2025-03-10", "mode": "visit"},
                {"participant_id": "P2", "at": "2025-03-10T09:30:00", "mode": "phone"},
            ],
        )
        doc["colour"] = "blue"
        error = problems_of(json.dumps(doc))
        assert isinstance(error, LoadProblemsError)
        assert error.problem_count == 6
        assert [str(problem) for problem in error.problems] == [
            "p.json: jobs[0] (id 'J1'), field 'start': expected a date in ISO format "
            "YYYY-MM-DD, got '10/03/2025'",
            "p.json: jobs[1] (id 'J2'), field 'participant_id': refers to unknown participant 'P9'",
            "p.json: jobs[2] (id 'J1'), field 'emplyer': unknown key 'emplyer'; the keys of a "
            "job are: id, participant_id, start, end, end_known_on, reported_on, employer, "
            "job_type, competitive, hours_per_week, follow_along_declined_on",
            "p.json: contacts[0], field 'mode': expected one of face_to_face, phone, video, "
            "message, got 'visit'",
            "p.json: contacts[1], field 'at': 2025-03-10T09:30:00 has no time zone; give an "
            "aware datetime or a date",
            "p.json, field 'colour': unknown key 'colour'; the keys of a programme are: format, "
            "version, id, name, timezone, specialists, participants, jobs, contacts, studies, "
            "internships, referrals, handovers, work_ability_assessments",
        ]
        # The message lists them all under a count; the attributes are the first one's.
        lines = str(error).splitlines()
        assert lines[0] == "p.json: 6 problems:"
        assert lines[1:] == [f"  {problem}" for problem in error.problems]
        assert (error.path, error.record, error.field) == ("p.json", "jobs[0] (id 'J1')", "start")
        assert error.reason.startswith("expected a date")

    def test_a_duplicate_id_once_the_first_record_was_refused(self) -> None:
        """A duplicate is found among the records that could be read, at its later place."""
        doc = document(
            jobs=[
                {"id": "J1", "participant_id": "P1", "start": "2025-03-10"},
                {"id": "J1", "participant_id": "P1", "start": "2025-03-11"},
                {"id": "J1", "participant_id": "P1", "start": "2025-03-12"},
            ]
        )
        error = problems_of(json.dumps(doc))
        assert [(p.record, p.field, p.reason) for p in error.problems] == [
            ("jobs[1] (id 'J1')", "id", "duplicate id in the programme's jobs"),
            ("jobs[2] (id 'J1')", "id", "duplicate id in the programme's jobs"),
        ]

    def test_every_bad_field_of_one_record(self) -> None:
        """A record with several values that cannot be read gets a problem for each."""
        doc = document(contacts=[{"participant_id": 5, "at": "yesterday", "mode": "visit"}])
        error = problems_of(json.dumps(doc))
        assert [(p.record, p.field) for p in error.problems] == [
            ("contacts[0]", "participant_id"),
            ("contacts[0]", "at"),
            ("contacts[0]", "mode"),
        ]

    def test_a_refused_participant_is_not_unknown_to_its_records(self) -> None:
        """References to a record that could not be read are not reported as well."""
        doc = document(
            jobs=[{"id": "J1", "participant_id": "P1", "start": "2025-03-10"}],
            contacts=[{"participant_id": "P1", "at": "2025-03-10", "mode": "phone"}],
        )
        doc["participants"][0]["enrolled_on"] = "7 January"
        error = problems_of(json.dumps(doc))
        assert type(error) is LoadError
        assert (error.record, error.field) == ("participants[0] (id 'P1')", "enrolled_on")

    def test_a_list_that_is_no_list_hides_no_reference_fault_elsewhere(self) -> None:
        """When the participants cannot be read at all, references to them are not checked."""
        doc = document(jobs=[{"id": "J1", "participant_id": "P1", "start": "2025-03-10"}])
        doc["participants"] = {"id": "P1"}
        doc["specialists"] = [{"id": "S1", "fte": 2}]
        error = problems_of(json.dumps(doc))
        assert [(p.record, p.field) for p in error.problems] == [
            ("specialists[0] (id 'S1')", "fte"),
            (None, "participants"),
        ]

    def test_every_top_level_field(self) -> None:
        """The programme's own fields are checked each on its own."""
        doc = {**HEADER, "id": " ", "name": 7, "timezone": "Mars/Olympus"}
        error = problems_of(json.dumps(doc))
        assert [(p.field, p.reason) for p in error.problems] == [
            ("id", "expected a non-empty string, got ' '"),
            ("name", "expected a string, got 7"),
            (
                "timezone",
                "unknown IANA time zone 'Mars/Olympus'; give a name such as "
                "'Europe/Stockholm' or 'UTC'",
            ),
        ]

    def test_one_problem_reads_as_it_always_has(self) -> None:
        """A single problem is a plain `LoadError` with the message of one problem."""
        doc = document(jobs=[{"id": "J1", "participant_id": "P1", "start": "10/03/2025"}])
        error = problems_of(json.dumps(doc))
        assert type(error) is LoadError
        assert str(error) == (
            "p.json: jobs[0] (id 'J1'), field 'start': expected a date in ISO format "
            "YYYY-MM-DD, got '10/03/2025'"
        )
        assert error.problems == (
            Problem(
                "p.json",
                "expected a date in ISO format YYYY-MM-DD, got '10/03/2025'",
                record="jobs[0] (id 'J1')",
                field="start",
            ),
        )
        assert error.problem_count == 1

    def test_a_fault_of_the_header_ends_the_load(self) -> None:
        """A document of another format is not read further: one problem."""
        doc = {**document(jobs=[{"id": 5}]), "format": "other"}
        error = problems_of(json.dumps(doc))
        assert type(error) is LoadError
        assert error.field == "format"


class TestLimit:
    def test_the_first_hundred_are_listed_and_the_rest_counted(self) -> None:
        count = PROBLEM_LIMIT + 30
        bad = [{"participant_id": "P1", "at": "2025-03-10", "mode": "visit"}] * count
        error = problems_of(json.dumps(document(contacts=bad)))
        assert isinstance(error, LoadProblemsError)
        assert error.problem_count == count
        assert len(error.problems) == PROBLEM_LIMIT
        assert [p.record for p in error.problems] == [f"contacts[{i}]" for i in range(100)]
        lines = str(error).splitlines()
        assert lines[0] == f"p.json: {count} problems:"
        assert lines[-1] == "  and 30 more"
        assert len(lines) == 1 + PROBLEM_LIMIT + 1

    def test_the_first_in_file_order_are_kept_whatever_order_they_were_found_in(self) -> None:
        """Bad values are found record by record, unknown references after: file order wins."""
        contacts = [
            {"participant_id": "P9", "at": "2025-03-10", "mode": "phone"}
            if index < 20
            else {"participant_id": "P1", "at": "2025-03-10", "mode": "visit"}
            for index in range(1500)
        ]
        error = problems_of(json.dumps(document(contacts=contacts)))
        assert error.problem_count == 1500
        assert [p.record for p in error.problems] == [f"contacts[{i}]" for i in range(100)]
        assert {p.field for p in error.problems[:20]} == {"participant_id"}
        assert {p.field for p in error.problems[20:]} == {"mode"}

    def test_exactly_the_limit_needs_no_more_line(self) -> None:
        bad = [{"participant_id": "P1", "at": "2025-03-10", "mode": "visit"}] * PROBLEM_LIMIT
        error = problems_of(json.dumps(document(contacts=bad)))
        assert error.problem_count == len(error.problems) == PROBLEM_LIMIT
        assert "more" not in str(error).splitlines()[-1]


# --- CSV ----------------------------------------------------------------------


class TestCSV:
    def test_several_problems_across_files_in_file_order(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "p",
            participants="id,enrolled_on\nP1,2025-01-01\nP2,1 feb\n",
            jobs=(
                "id,participant_id,start,competitive,hours_per_week\n"
                "J1,P1,2025-03-10,yes,20\n"
                "J2,P9,2025-03-10,true,20\n"
                'J3,P1,2025-03-10,true,"20,5"\n'
                "J1,P1,2025-03-10,true,\n"
            ),
            contacts="participant_id,at,mode\nP1,2025-03-10,phone,x\nP1,,visit\n",
        )
        (folder / "jobb.csv").write_text("id\n", encoding="utf-8")
        error = csv_error(folder)
        assert isinstance(error, LoadProblemsError)
        assert error.source == str(folder)
        shown = [str(problem).replace(str(folder) + "/", "") for problem in error.problems]
        assert shown == [
            "jobb.csv: unknown file; the files of a programme are: programme.csv, "
            "specialists.csv, participants.csv, jobs.csv, contacts.csv, studies.csv, "
            "internships.csv, referrals.csv, handovers.csv, work_ability_assessments.csv",
            "participants.csv, line 3, column 'enrolled_on': expected a date in ISO format "
            "YYYY-MM-DD, got '1 feb'",
            "jobs.csv, line 2, column 'competitive': expected true or false, got 'yes'",
            "jobs.csv, line 3, column 'participant_id': refers to unknown participant 'P9'",
            "jobs.csv, line 4, column 'hours_per_week': expected a number with a decimal "
            "point, got '20,5'",
            "jobs.csv, line 5, column 'id': duplicate id in the programme's jobs",
            "contacts.csv, line 2: the row has 4 cells but the header has 3 columns",
            "contacts.csv, line 3, column 'at': is required but empty",
            "contacts.csv, line 3, column 'mode': expected one of face_to_face, phone, video, "
            "message, got 'visit'",
        ]
        assert [(p.line, p.column) for p in error.problems][1:3] == [
            (3, "enrolled_on"),
            (2, "competitive"),
        ]
        assert str(error).splitlines()[0] == f"{folder}: 9 problems:"

    def test_a_bad_header_stops_its_file_and_only_its_file(self, tmp_path: Path) -> None:
        """Every fault of a header; its rows are not read, and nothing refers into them."""
        folder = write_folder(
            tmp_path / "p",
            participants="id,enrolled_on,diagnosis,id\nP1,2025-01-01,x,P1\n",
            jobs="id,start\nJ1,2025-03-10\n",
            contacts="participant_id,at,mode\nP1,2025-03-10,phone\n",
            studies="id,participant_id,start\nS1,P1,someday\n",
        )
        error = csv_error(folder)
        shown = [(Path(p.path).name, p.line, p.column, p.reason[:24]) for p in error.problems]
        assert shown == [
            ("participants.csv", 1, "diagnosis", "unknown column; the colu"),
            ("participants.csv", 1, "id", "the column appears twice"),
            ("jobs.csv", 1, "participant_id", "is required but missing "),
            ("studies.csv", 2, "start", "expected a date in ISO f"),
        ]

    def test_invalid_csv_is_read_up_to_the_fault(self, tmp_path: Path) -> None:
        folder = write_folder(
            tmp_path / "p",
            participants='id,enrolled_on\nP1,x\n"P2,2025-01-01\nP3,2025-01-01\n',
            jobs="id,participant_id,start\nJ1,P1,2025-03-10,\n",
        )
        error = csv_error(folder)
        assert [(Path(p.path).name, p.line) for p in error.problems] == [
            ("participants.csv", 2),
            ("participants.csv", 3),
            ("jobs.csv", 2),
        ]
        assert error.problems[1].reason.startswith("not valid CSV")

    def test_every_problem_of_the_programme_file(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "p", programme="id,name,timezone\n , ,Mars/Olympus\n")
        error = csv_error(folder)
        assert [(p.line, p.column) for p in error.problems] == [
            (2, "id"),
            (2, "name"),
            (2, "timezone"),
        ]

    def test_one_problem_reads_as_it_always_has(self, tmp_path: Path) -> None:
        folder = write_folder(tmp_path / "p", jobs="id,participant_id,start\nJ1,P1,2025-03-10\n")
        error = csv_error(folder)
        assert type(error) is LoadError
        assert str(error) == (
            f"{folder / 'jobs.csv'}, line 2, column 'participant_id': "
            "refers to unknown participant 'P1'"
        )
        assert isinstance(error.__cause__, ipsrules.ValidationError)


# --- the command line ---------------------------------------------------------


class TestCommandLine:
    def test_check_prints_every_problem_and_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = write_folder(
            tmp_path / "p",
            participants="id,enrolled_on\nP1,2025-01-01\nP2,1 feb\n",
            jobs="id,participant_id,start\nJ1,P9,2025-03-10\n",
        )
        assert main(["check", str(folder), "--today", "2025-06-01"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.splitlines() == [
            f"ipsrules: error: {folder}: 2 problems:",
            f"  {folder / 'participants.csv'}, line 3, column 'enrolled_on': expected a date "
            "in ISO format YYYY-MM-DD, got '1 feb'",
            f"  {folder / 'jobs.csv'}, line 2, column 'participant_id': refers to unknown "
            "participant 'P9'",
        ]
        assert "Traceback" not in captured.err

    def test_a_json_file_with_more_problems_than_the_limit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = [{"participant_id": "P1", "at": "2025-03-10", "mode": "visit"}] * 105
        path = tmp_path / "p.json"
        path.write_text(json.dumps(document(contacts=bad)), encoding="utf-8")
        assert main(["check", str(path), "--today", "2025-06-01"]) == 2
        lines = capsys.readouterr().err.splitlines()
        assert lines[0] == f"ipsrules: error: {path}: 105 problems:"
        assert len(lines) == 1 + 100 + 1
        assert lines[-1] == "  and 5 more"


# --- k independent faults give k problems -------------------------------------

# Faults that each break one field of one record and nothing else: a value that cannot be
# read, an unknown key, an unknown reference. (An id is never touched: records refer to it.)
_BAD_VALUES: dict[str, list[tuple[str, object]]] = {
    "specialists": [("fte", "full"), ("name", 5)],
    "participants": [("enrolled_on", "1 Jan"), ("exit_reason", "fired")],
    "jobs": [("start", "2025-13-01"), ("participant_id", "NOBODY"), ("competitive", "yes")],
    "contacts": [("mode", "visit"), ("participant_id", "NOBODY"), ("minutes", 1.5)],
    "studies": [("start", ""), ("participant_id", "NOBODY")],
    "internships": [("end", "soon"), ("hours_per_week", "ten")],
    "referrals": [("state", "lost"), ("referred_on", 20250101)],
    "handovers": [("on", "someday"), ("specialist_id", "NOBODY")],
    "work_ability_assessments": [("able_to_work", "yes"), ("on", "2025-02-30")],
}


def _records_of(doc: dict[str, Any]) -> list[tuple[str, int]]:
    return [(name, index) for name in RECORD_LISTS for index in range(len(doc.get(name, [])))]


@st.composite
def broken_documents(draw: st.DrawFn) -> tuple[dict[str, Any], set[tuple[str, int, str]]]:
    """A valid programme's document with k faults injected into k different records."""
    programme = draw(programmes(max_participants=4, max_contacts=12))
    doc = json.loads(formats.dumps(programme))
    places = _records_of(doc)
    chosen = draw(st.lists(st.sampled_from(places), unique=True, max_size=6)) if places else []
    injected: set[tuple[str, int, str]] = set()
    for list_name, index in chosen:
        record = doc[list_name][index]
        field, value = draw(st.sampled_from([*_BAD_VALUES[list_name], ("zz_unknown", 1)]))
        record[field] = value
        injected.add((list_name, index, field))
    return doc, injected


def _where(list_name: str, index: int, doc: dict[str, Any]) -> str:
    record_id = doc[list_name][index].get("id")
    return f"{list_name}[{index}]" + (f" (id {record_id!r})" if record_id else "")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(broken_documents())
def test_k_independent_faults_give_exactly_k_problems(
    broken: tuple[dict[str, Any], set[tuple[str, int, str]]],
) -> None:
    doc, injected = broken
    text = json.dumps(doc)
    if not injected:
        formats.loads(text)
        return
    with pytest.raises(LoadError) as caught:
        formats.loads(text)
    error = caught.value
    assert error.problem_count == len(injected)
    expected = sorted((_where(name, index, doc), field) for name, index, field in injected)
    assert sorted((p.record or "", p.field or "") for p in error.problems) == expected
    assert type(error) is (LoadError if len(injected) == 1 else LoadProblemsError)


def _write_csv(folder: Path, doc: dict[str, Any]) -> None:
    """*doc*'s records as a CSV folder, cell by cell as a spreadsheet would write them."""
    folder.mkdir()
    with open(folder / "programme.csv", "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["id", "name", "timezone"], [doc["id"], doc["name"], ""]])
    for list_name, cls in RECORD_LISTS.items():
        columns = [field.name for field in cls.__attrs_attrs__]
        with open(folder / f"{list_name}.csv", "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(columns)
            for record in doc.get(list_name, []):
                writer.writerow([_cell(record.get(column)) for column in columns])


def _row_lines(path: Path) -> list[int]:
    """The line each data row of *path* starts on (a quoted cell may span lines)."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        next(reader)
        starts, ended = [], reader.line_num
        for _ in reader:
            starts.append(ended + 1)
            ended = reader.line_num
    return starts


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_CSV_BAD_VALUES = {
    name: [(field, value) for field, value in faults if field not in ("name",)]
    for name, faults in _BAD_VALUES.items()
}


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(programme=programmes(max_participants=4, max_contacts=12), data=st.data())
def test_k_independent_faults_in_csv_give_exactly_k_problems(
    programme: ipsrules.Programme, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    doc = json.loads(formats.dumps(programme))
    places = _records_of(doc)
    chosen = data.draw(st.lists(st.sampled_from(places), unique=True, max_size=6))
    injected = set()
    for list_name, index in chosen:
        field, value = data.draw(st.sampled_from(_CSV_BAD_VALUES[list_name]))
        # Text that is read as text cannot be wrong for its type in a cell: a number is text.
        if isinstance(value, int) and list_name == "referrals":
            value = "20250101"
        doc[list_name][index][field] = value
        injected.add((list_name, index, field))
    folder = tmp_path_factory.mktemp("k") / "p"
    _write_csv(folder, doc)
    if not injected:
        ipsrules.load_csv(folder)
        return
    error = csv_error(folder)
    assert error.problem_count == len(injected)
    expected = sorted(
        (f"{name}.csv", _row_lines(folder / f"{name}.csv")[index], field)
        for name, index, field in injected
    )
    found = sorted((Path(p.path).name, p.line, p.column) for p in error.problems)
    assert found == expected


class TestRulesTheLoaderDoesNotKnow:
    """A rule of `Programme` that `record_faults` misses is still a `LoadError`, not a crash."""

    def test_json(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(formats, "record_faults", lambda *_: iter(()))
        doc = document(jobs=[{"id": "J1", "participant_id": "P9", "start": "2025-03-10"}])
        error = problems_of(json.dumps(doc))
        assert type(error) is LoadError
        assert (error.path, error.record, error.field) == ("p.json", "Job 'J1'", "participant_id")
        assert error.reason == "refers to unknown participant 'P9'"
        assert isinstance(error.__cause__, ipsrules.ValidationError)

    def test_csv(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from ipsrules import _csvio

        monkeypatch.setattr(_csvio, "record_faults", lambda *_: iter(()))
        folder = write_folder(tmp_path / "p", jobs="id,participant_id,start\nJ1,P9,2025-03-10\n")
        error = csv_error(folder)
        assert (error.path, error.record, error.field) == (
            str(folder),
            "Job 'J1'",
            "participant_id",
        )


def test_every_fault_of_handovers_and_judgements() -> None:
    """The programme's rules for handovers and judgements of work ability are collected too."""
    doc = document(
        handovers=[
            {"participant_id": "P1", "on": "2024-12-01", "specialist_id": "S1"},
            {"participant_id": "P1", "on": "2025-03-01", "specialist_id": "S1"},
            {"participant_id": "P1", "on": "2025-03-01", "specialist_id": None},
            {"participant_id": "P2", "on": "2025-03-01", "specialist_id": "S9"},
        ],
        work_ability_assessments=[
            {"participant_id": "P2", "on": "2025-03-01", "able_to_work": True},
            {"participant_id": "P2", "on": "2025-03-01", "able_to_work": False},
        ],
    )
    error = problems_of(json.dumps(doc))
    assert [(p.record, p.field, p.reason[:40]) for p in error.problems] == [
        ("handovers[0]", "on", "2024-12-01 is before participant 'P1' en"),
        ("handovers[2]", "on", "participant 'P1' has another handover on"),
        ("handovers[3]", "specialist_id", "refers to unknown specialist 'S9'"),
        ("work_ability_assessments[1]", "on", "participant 'P2' has another judgement o"),
    ]


class TestOneProblemReaders:
    """`record_error` and `find_record` serve readers that still report one problem."""

    def test_record_error_is_the_first_fault(self) -> None:
        from cattrs.errors import ClassValidationError

        from ipsrules._convert import CONVERTER, record_error
        from ipsrules._model import Job

        with pytest.raises(ClassValidationError) as caught:
            CONVERTER.structure({"id": "J1", "participant_id": 5, "start": "x"}, Job)
        error = record_error("jobs", "row 2", caught.value)
        assert (error.path, error.record, error.field) == ("jobs", "row 2", "participant_id")
        assert error.reason == "expected a string, got 5"

    def test_find_record_places_the_fault_the_programme_raised(self) -> None:
        from ipsrules._convert import find_record

        built = {
            "participants": [ipsrules.Participant("P1", enrolled_on=date(2025, 1, 1))],
            "jobs": [
                ipsrules.Job("J1", "P1", start=date(2025, 3, 1)),
                ipsrules.Job("J2", "P1", start=date(2025, 3, 1)),
                ipsrules.Job("J1", "P1", start=date(2025, 3, 2)),
            ],
        }
        with pytest.raises(ipsrules.ValidationError) as caught:
            ipsrules.Programme(id="x", name="x", **built)
        assert find_record(caught.value, built) == ("jobs", 2)
        with pytest.raises(ipsrules.ValidationError) as caught:
            ipsrules.Programme(id=" ", name="x")
        assert find_record(caught.value, built) is None
