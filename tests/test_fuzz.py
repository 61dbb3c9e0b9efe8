"""
The standing fuzz suite: valid programme files, mutated, through every loader and command.

Each input is a valid JSON document, CSV folder, Excel workbook or set of pandas DataFrames
with one mutation: a field deleted, a value swapped for one of another type, a huge number, a
day at the calendar's edge, odd Unicode, or bytes flipped, inserted or cut. Only documented
outcomes pass: a programme (which then goes through every operation, and dumps and loads back
equal, as JSON and as CSV), or a `LoadError`; a command ends with status 0, or 2 and one error
on standard error (one line, or a count of problems and a line for each) and nothing on
standard output. A traceback, another exception, or half an output is a failure.

It is bounded to run in about a minute and a half; the number of inputs it tries is printed
at the end of the module (``pytest -s tests/test_fuzz.py``) and is in docs/limits.md.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsrules import (
    LoadError,
    Programme,
    check_report,
    dump_csv,
    dumps,
    feed_bytes,
    load,
    load_csv,
    loads,
    quality_report,
)
from ipsrules.cli import main
from ipsrules.feeds import PUBLIC
from ipsrules.strategies import programmes

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Each test tries this many inputs: the whole module stays near a minute on one core."""

TODAY = date(2025, 6, 1)
TRIED: list[int] = [0]
LOADED: list[int] = [0]


@pytest.fixture(scope="module", autouse=True)
def count_inputs() -> Iterator[None]:
    yield
    print(f"\nfuzz: {TRIED[0]} inputs tried, {LOADED[0]} of them loaded")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(autouse=True)
def feed_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed secret that exists, so that ``feed`` says nothing about making one."""
    path = tmp_path_factory.mktemp("secret") / "feed-secret"
    path.write_text("ab" * 32 + "\n")
    path.chmod(0o600)
    monkeypatch.setenv("IPSRULES_SECRET_FILE", str(path))


# --- what a mutation puts in a field ---------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\ud800",
        "a\x00b",
        "\x1b[31mred",
        "line\nbreak",
        "\u202eevil",
        "no\ufffechar",
        "\u2028",
        "\x85",
        "x" * 65,
        "y" * 201,
        "Åsa 🙂",
        "Europe",
        "localtime",
        "../../etc/passwd",
        '=HYPERLINK("http://x")',
    ]
) | st.text(max_size=30)

EDGE_DAYS = st.sampled_from(
    [
        "0001-01-01",
        "1899-12-31",
        "1900-01-01",
        "2999-12-31",
        "3000-01-01",
        "9999-12-31",
        "2024-02-29",
        "2025-02-29",
        "2025-13-01",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "2999-12-31T23:59:59.999999-23:59",
        "2025-03-30T02:30:00+01:00",
        "2025-03-10T09:30:00",
        "20250310",
    ]
)

HUGE_NUMBERS = st.sampled_from(
    [
        "1" + "0" * 4300,
        "-" + "9" * 5000,
        str(2**53),
        str(2**53 - 1),
        "1e308",
        "1e309",
        "-1e308",
        "5e-324",
        "-0.0",
        "168.00000000001",
        "1441",
        "0.0099",
        "1E400",
    ]
)

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)

NUMBER_MARK = "\x00NUMBER\x00"


def _places(document: dict[str, Any]) -> list[tuple[Any, str | int]]:
    """Every (container, key) of the document whose value a mutation may change."""
    places: list[tuple[Any, str | int]] = [(document, key) for key in document]
    for value in document.values():
        if isinstance(value, list):
            places += [(value, index) for index in range(len(value))]
            for record in value:
                if isinstance(record, dict):
                    places += [(record, key) for key in record]
    return places


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """The text of a valid programme document with one mutation of its values or its bytes."""
    programme = draw(programmes(max_participants=3, max_contacts=8))
    document = json.loads(dumps(programme))
    kind = draw(st.sampled_from(["delete", "text", "day", "number", "type", "add", "bytes"]))
    text: str
    if kind == "bytes":
        text = json.dumps(document, ensure_ascii=False)
        data = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 4))):
            where = draw(st.integers(0, max(0, len(data) - 1)))
            action = draw(st.sampled_from(["flip", "insert", "cut"]))
            if action == "flip" and data:
                data[where] ^= 1 << draw(st.integers(0, 7))
            elif action == "insert":
                data[where:where] = draw(st.binary(min_size=1, max_size=4))
            else:
                del data[where:]
        return data.decode("utf-8", "surrogateescape")
    places = _places(document)
    container, key = draw(st.sampled_from(places))
    if kind == "delete":
        del container[key]
    elif kind == "text":
        container[key] = draw(ODD_TEXT)
    elif kind == "day":
        container[key] = draw(EDGE_DAYS)
    elif kind == "type":
        container[key] = draw(ANY_JSON)
    elif kind == "add" and isinstance(container, dict):
        container[draw(st.text(max_size=8))] = draw(ANY_JSON)
    else:
        container[key] = NUMBER_MARK
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    # A number no Python value writes (4,301 digits, 1E400) goes in as text.
    return text.replace(json.dumps(NUMBER_MARK), draw(HUGE_NUMBERS))


# --- what every input must lead to -------------------------------------------------------


def every_operation(programme: Programme, where: Path) -> None:
    """A programme that loads goes through every operation and round trip."""
    LOADED[0] += 1
    assert loads(dumps(programme)) == programme
    shutil.rmtree(where, ignore_errors=True)
    dump_csv(programme, where)
    assert load_csv(where) == programme
    check_report(programme, today=TODAY).to_text()
    feed_bytes(programme, today=TODAY, uid_secret=PUBLIC)
    quality_report(programme).to_text()


def loaded_or_error(read: Callable[[], Programme]) -> tuple[Programme | None, LoadError | None]:
    """What *read* gives: a programme, or the `LoadError` it raised (any other escapes)."""
    try:
        return read(), None
    except LoadError as error:
        return None, error


def load_or_refuse(text: str, path: Path, where: Path) -> Programme | None:
    """The programme in *text*, or ``None`` when it is refused with a `LoadError`."""
    TRIED[0] += 1
    from_text, refused = loaded_or_error(lambda: loads(text, source="fuzz.json"))
    assert refused is None or str(refused).startswith("fuzz.json")
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    from_file, refused = loaded_or_error(lambda: load(path))
    assert refused is None or str(refused).startswith(str(path))
    if from_text is not None:
        assert from_file == from_text
        every_operation(from_text, where)
    return from_file


COMMANDS = [
    ["check", "--today", TODAY.isoformat()],
    ["check", "--today", TODAY.isoformat(), "--format", "csv", "--status", "missed", "met"],
    ["feed", "--today", TODAY.isoformat(), "--disclose", "specialist-name", "employer-name"],
    ["outcomes", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "json"],
    ["fidelity", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "html"],
    ["quality", "--format", "csv", "--locale", "sv"],
]


def run_command(arguments: list[str]) -> tuple[int, bytes, str]:
    """``ipsrules`` in this process: its status, standard output and standard error."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(arguments)
    out.flush()
    return status, out.buffer.getvalue(), err.getvalue()  # type: ignore[attr-defined]


def assert_documented(status: int, out: bytes, err: str, loaded: Programme | None) -> None:
    if loaded is None:
        assert status == 2, (status, err)
        assert out == b""
        lines = err.splitlines()
        assert lines[0].startswith("ipsrules: error: "), lines
        if len(lines) > 1:  # a file with several problems: counted, then one line each
            assert lines[0].endswith(" problems:"), lines
            assert all(line.startswith("  ") for line in lines[1:]), lines
    else:
        assert status == 0, err
        assert all("data-quality finding" in line for line in err.splitlines()), err
        out.decode("utf-8")


# --- the tests --------------------------------------------------------------------------------


@FUZZ
@given(mutated_documents(), st.sampled_from(COMMANDS))
def test_mutated_json_documents(folder: Path, text: str, command: list[str]) -> None:
    path = folder / "fuzz.json"
    loaded = load_or_refuse(text, path, folder / "csv")
    assert_documented(*run_command([command[0], str(path), *command[1:]]), loaded)


@st.composite
def mutated_folders(draw: st.DrawFn) -> tuple[Programme, str, bytes]:
    """A valid programme, one of its CSV files, and that file's bytes with one mutation."""
    programme = draw(programmes(max_participants=3, max_contacts=8))
    name = draw(
        st.sampled_from(
            [
                "programme",
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
        )
    )
    buffer = io.StringIO()
    records = json.loads(dumps(programme))
    if name == "programme":
        header = ["id", "name", "timezone"]
        rows = [[records["id"], records["name"], records["timezone"]]]
    else:
        listed = records.get(name, []) or [{}]
        header = sorted({key for record in listed for key in record}) or ["id"]
        rows = [[str(record.get(key, "")) for key in header] for record in listed]
    kind = draw(st.sampled_from(["cell", "bytes", "column"]))
    if kind == "cell" and rows and header:
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(header) - 1))
        rows[row][column] = draw(ODD_TEXT | EDGE_DAYS | HUGE_NUMBERS)
    elif kind == "column":
        header.append(draw(st.text(max_size=6)))
        for row in rows:
            row.append("")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = bytearray(buffer.getvalue().encode("utf-8", "surrogatepass"))
    if kind == "bytes":
        for _ in range(draw(st.integers(1, 3))):
            where = draw(st.integers(0, max(0, len(data) - 1)))
            if data and draw(st.booleans()):
                data[where] ^= 1 << draw(st.integers(0, 7))
            else:
                data[where:where] = draw(st.binary(min_size=1, max_size=3))
    return programme, name, bytes(data)


@FUZZ
@given(mutated_folders(), st.sampled_from(COMMANDS))
def test_mutated_csv_folders(
    folder: Path, case: tuple[Programme, str, bytes], command: list[str]
) -> None:
    programme, name, data = case
    where = folder / "in"
    shutil.rmtree(where, ignore_errors=True)
    dump_csv(programme, where)
    (where / f"{name}.csv").write_bytes(data)
    TRIED[0] += 1
    loaded, refused = loaded_or_error(lambda: load_csv(where))
    assert refused is None or str(refused).startswith(str(where))
    if loaded is not None:
        every_operation(loaded, folder / "out")
    assert_documented(*run_command([command[0], str(where), *command[1:]]), loaded)


ANY_BYTES = st.binary(max_size=200) | st.text(max_size=200).map(
    lambda text: text.encode("utf-8", "surrogatepass")
)


@settings(max_examples=300, deadline=None)
@given(ANY_BYTES)
def test_arbitrary_bytes_on_standard_input(data: bytes) -> None:
    """Whatever comes in on standard input: a programme, or exit 2 and one error."""
    TRIED[0] += 1
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = stdin
    try:
        status, out, err = run_command(["check", "-", "--today", TODAY.isoformat()])
    finally:
        sys.stdin = saved
    try:
        loaded: Programme | None = loads(data.decode("utf-8"))
    except (LoadError, UnicodeDecodeError):
        loaded = None
    assert_documented(status, out, err, loaded)


# --- workbooks and data frames ----------------------------------------------------------------

openpyxl = pytest.importorskip("openpyxl")
pandas = pytest.importorskip("pandas")

from openpyxl.utils.exceptions import IllegalCharacterError  # noqa: E402

from ipsrules import FrameError, dump_excel, from_frames, load_excel, to_frames  # noqa: E402

CELL_VALUES = (
    ODD_TEXT
    | EDGE_DAYS
    | HUGE_NUMBERS
    | st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats()
    | st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31))
    | st.dates()
)
"""What a spreadsheet user may type into a cell, and what a cell may hold."""


@st.composite
def mutated_workbooks(draw: st.DrawFn) -> tuple[Programme, str, int, int, object]:
    """A valid programme, and a cell of its workbook (sheet, row, column) with a new value."""
    programme = draw(programmes(max_participants=3, max_contacts=8))
    frames = to_frames(programme)
    sheet = draw(st.sampled_from(sorted(frames)))
    rows = len(frames[sheet]) + 1
    row = draw(st.integers(1, rows + 1))  # the header, a record, or a row after the last
    column = draw(st.integers(1, len(frames[sheet].columns) + 1))
    return programme, sheet, row, column, draw(CELL_VALUES)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_workbooks())
def test_mutated_workbooks(folder: Path, case: tuple[Programme, str, int, int, object]) -> None:
    """A workbook with any value in any cell: a programme, or a `WorkbookError` naming it."""
    programme, sheet, row, column, value = case
    path = folder / "fuzz.xlsx"
    dump_excel(programme, path)
    book = openpyxl.load_workbook(path)
    try:
        book[sheet].cell(row, column).value = value
        book.save(path)
    except (ValueError, TypeError, IllegalCharacterError, UnicodeEncodeError):
        return  # a value no workbook can hold: openpyxl itself will not write it

    TRIED[0] += 1
    loaded, refused = loaded_or_error(lambda: load_excel(path))
    assert refused is None or str(refused).startswith(str(path))
    if loaded is not None:
        every_operation(loaded, folder / "out")
    assert_documented(*run_command(["check", str(path), "--today", TODAY.isoformat()]), loaded)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes(max_participants=3, max_contacts=8), st.data())
def test_mutated_frames(folder: Path, programme: Programme, data: st.DataObject) -> None:
    """Data frames with any value in any cell: a programme, or a `FrameError` naming it."""
    frames = {name: frame.astype(object) for name, frame in to_frames(programme).items()}
    name = data.draw(st.sampled_from(sorted(frames)))
    frame = frames[name]
    if len(frame) == 0:
        return
    row = data.draw(st.integers(0, len(frame) - 1))
    column = data.draw(st.sampled_from(list(frame.columns)))
    frame.iat[row, frame.columns.get_loc(column)] = data.draw(CELL_VALUES)
    TRIED[0] += 1
    loaded, refused = loaded_or_error(lambda: from_frames(frames))
    if loaded is not None:
        every_operation(loaded, folder / "out")
    else:
        # A `FrameError` (or several) that names the frame and the row, or the frames as a
        # whole for a clash between them.
        assert refused is not None
        assert isinstance(refused, FrameError) or all(
            isinstance(problem.cause, FrameError) for problem in refused.problems
        )
        # A changed id may leave another frame's reference to it dangling: that frame's row
        # is then the one named.
        message = str(refused)
        assert message.startswith((f"frame {name!r}", "frames")) or (
            message.startswith("frame '") and "refers to unknown" in message
        ), message
