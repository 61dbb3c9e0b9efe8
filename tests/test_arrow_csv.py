"""
A contacts file read by pyarrow (the extra ``fast``): the same log, lines and problems as
the `csv` module's reading, or a give-up that leaves the file to the `csv` module.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import _arrow_csv, _csvio
from ipsrules._columns import Coded, Columns, GiveUpError, _picked
from ipsrules._convert import SharedValues
from ipsrules._csvio import _contact_log
from ipsrules.formats import dump_csv, load_csv
from ipsrules.strategies import programmes

pytest.importorskip("pyarrow")

HEADER = "participant_id,at,mode,party,setting,specialist_id,minutes,id"
ROW = "P1,2025-01-{day:02}T10:00:00+01:00,phone,participant,,S1,30,C{day}"


@pytest.fixture(autouse=True)
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyarrow reads files of any size, not only those large enough to gain from it."""
    monkeypatch.setattr(_arrow_csv, "_SMALLEST", 0)


@pytest.fixture
def without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extra ``fast`` not installed, as `_arrow_csv` sees it."""
    monkeypatch.setattr(_arrow_csv, "_pyarrow", lambda: None)


def read_both(path: str, *, formula_safe: bool = False) -> tuple[Any, Any]:
    """`_contact_log` of *path* with pyarrow, and with the `csv` module alone."""
    with_arrow = _contact_log(path, SharedValues(), formula_safe=formula_safe)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_arrow_csv, "_pyarrow", lambda: None)
        with_csv = _contact_log(path, SharedValues(), formula_safe=formula_safe)
    return with_arrow, with_csv


def same(one: Any, other: Any) -> bool:
    """Whether two results of `_contact_log` are equal: both ``None``, or log and lines."""
    if one is None or other is None:
        return one is other
    return bool(one[0] == other[0]) and list(one[1]) == list(other[1])


# What a person's editor or spreadsheet may do to the rows of a file that a program wrote
# (each at a place in the text, if it needs one).
EDITS = {
    "none": lambda text, at: text,
    "a blank line": lambda text, at: text[:at] + "\r\n" + text[at:],
    "a quoted cell": lambda text, at: text[:at] + '"' + text[at:],
    "a quote in a cell": lambda text, at: text.replace(",", ',x"', 1),
    "a lone carriage return": lambda text, at: text[:at] + "\r" + text[at:],
    "a lone line feed": lambda text, at: text[:at] + "\n" + text[at:],
    "line feeds alone": lambda text, at: text.replace("\r\n", "\n"),
    "carriage returns alone": lambda text, at: text.replace("\r\n", "\r"),
    "no last line end": lambda text, at: text.rstrip("\r\n"),
    "a cell too many": lambda text, at: text[:at] + "," + text[at:],
    "a cell too few": lambda text, at: text[:at] + text[at:].replace(",", "", 1),
    "NA for a number": lambda text, at: text.replace(",30,", ",NA,", 1),
    "spaces around a cell": lambda text, at: text.replace(",phone,", ", phone ,", 1),
    "blank lines at the end": lambda text, at: text + "\r\n\r\n",
    "a formula quote": lambda text, at: text.replace(",C", ",'C", 1),
    "a NUL": lambda text, at: text[:at] + "\0" + text[at:],
}


@given(
    programme=programmes(),
    edit=st.sampled_from(sorted(EDITS)),
    at=st.integers(0, 10**6),
    mark=st.booleans(),
)
def test_pyarrow_reads_what_the_csv_module_reads(
    programme: Any, edit: str, at: int, mark: bool
) -> None:
    """Any file, edited or not: the same log and lines, or the same refusal."""
    with tempfile.TemporaryDirectory() as folder:
        dump_csv(programme, folder)
        path = os.path.join(folder, "contacts.csv")
        header, newline, body = Path(path).read_bytes().decode("utf-8").partition("\r\n")
        edited = EDITS[edit](body, at % (len(body) + 1))
        text = ("\ufeff" if mark else "") + header + newline + edited
        Path(path).write_bytes(text.encode("utf-8"))
        with_arrow, with_csv = read_both(path)
        assert same(with_arrow, with_csv), edit


@given(programme=programmes())
def test_a_formula_safe_file_is_read_as_the_csv_module_reads_it(programme: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dump_csv(programme, folder, formula_safe=True)
        with_arrow, with_csv = read_both(os.path.join(folder, "contacts.csv"), formula_safe=True)
        assert with_csv is not None
        assert same(with_arrow, with_csv)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "contacts.csv"
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def rows(count: int) -> str:
    return "".join(ROW.format(day=day) + "\n" for day in range(1, count + 1))


def test_a_plain_file_is_read_by_pyarrow(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\n" + rows(28))
    blocks = list(_arrow_csv.blocks(path, HEADER.split(","), {"id"}))
    assert len(blocks) == 1
    participants, *_, ids = blocks[0]
    assert participants == Coded(["P1"], [0] * 28)
    assert ids == [f"C{day}" for day in range(1, 29)]


@pytest.mark.parametrize(
    ("why", "text"),
    [
        ("a quoted cell", HEADER + "\n" + rows(3) + ROW.format(day=4).replace("C4", '"C4"')),
        ("a quote inside a cell", HEADER + "\n" + rows(3).replace("C2", 'C"2')),
        ("a blank line", HEADER + "\n" + rows(2) + "\n" + rows(2)),
        ("a row too wide", HEADER + "\n" + rows(2) + ROW.format(day=3) + ",x\n"),
        ("a row too narrow", HEADER + "\n" + rows(2) + "P1,2025-01-03\n"),
        ("a lone carriage return", HEADER + "\n" + rows(2).replace("S1", "S\r1")),
    ],
)
def test_a_file_the_csv_module_reads_its_own_way_is_given_up(
    tmp_path: Path, why: str, text: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(GiveUpError):
        list(_arrow_csv.blocks(path, HEADER.split(","), {"id"}))


def test_without_pyarrow_the_blocks_are_given_up(tmp_path: Path, without_pyarrow: None) -> None:
    path = write(tmp_path, HEADER + "\n" + rows(2))
    assert not _arrow_csv.worth_it(path)
    with pytest.raises(GiveUpError):
        list(_arrow_csv.blocks(path, HEADER.split(","), {"id"}))


def test_only_a_large_file_is_worth_reading_with_pyarrow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_arrow_csv, "_SMALLEST", 1000)
    small = write(tmp_path, HEADER + "\n" + rows(10))
    assert not _arrow_csv.worth_it(small)
    large = write(tmp_path, HEADER + "\n" + rows(28))
    assert _arrow_csv.worth_it(large)
    assert not _arrow_csv.worth_it(str(tmp_path / "absent.csv"))


def test_a_large_file_is_read_a_block_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each block has texts of its own, and its codes are numbers among them."""
    monkeypatch.setattr(_arrow_csv, "_BLOCK", 1 << 10)
    body = "".join(
        f"P{row % 7},2025-01-{1 + row % 28:02}T10:00:00+01:00,phone,participant,,S1,30,C{row}\n"
        for row in range(400)
    )
    path = write(tmp_path, HEADER + "\n" + body)
    blocks = list(_arrow_csv.blocks(path, HEADER.split(","), {"id"}))
    assert len(blocks) > 3
    participants = []
    for block in blocks:
        texts, codes = block[0]
        participants.extend(texts[code] for code in codes)
    assert participants == [f"P{row % 7}" for row in range(400)]
    read = _contact_log(path, SharedValues(), formula_safe=False)
    assert read is not None
    assert [contact.participant_id for contact in read[0]] == participants
    assert [contact.id for contact in read[0]] == [f"C{row}" for row in range(400)]
    assert list(read[1]) == list(range(2, 402))


def test_a_fault_found_by_pyarrow_is_read_row_by_row_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `csv` module's chunks would find the same fault: they do not read the file."""
    made = []
    contact_columns = _csvio._contact_columns

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs.get("side_by_side", False))
        return contact_columns(*args, **kwargs)

    monkeypatch.setattr(_csvio, "_contact_columns", counted)
    faulty = write(tmp_path, HEADER + "\n" + rows(27) + ROW.format(day=28).replace("phone", "fax"))
    assert _contact_log(faulty, SharedValues(), formula_safe=False) is None
    assert made == [True]  # pyarrow's columns only
    made.clear()
    quoted = write(tmp_path, HEADER + "\n" + rows(27) + ROW.format(day=28).replace("C28", '"C28"'))
    assert _contact_log(quoted, SharedValues(), formula_safe=False) is not None
    assert made == [True, False]  # given up, then the `csv` module's


def test_a_folder_loads_the_same_with_pyarrow_and_without(tmp_path: Path) -> None:
    (tmp_path / "programme.csv").write_text("id,name,timezone\nX,X,Europe/Stockholm\n")
    (tmp_path / "specialists.csv").write_text("id\nS1\n")
    (tmp_path / "participants.csv").write_text("id,enrolled_on\nP1,2024-01-01\n")
    (tmp_path / "contacts.csv").write_text(HEADER + "\n" + rows(28))
    with_arrow = load_csv(tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_arrow_csv, "_pyarrow", lambda: None)
        assert load_csv(tmp_path) == with_arrow
    assert [contact.id for contact in with_arrow.contacts] == [f"C{day}" for day in range(1, 29)]


# --- columns filled from codes -------------------------------------------------------------


@given(st.lists(st.integers(0, 9)), st.data())
def test_picked_items_are_those_at_the_numbers(values: list[int], data: st.DataObject) -> None:
    numbers = data.draw(st.lists(st.integers(0, len(values) - 1))) if values else []
    assert list(_picked(values, numbers)) == [values[number] for number in numbers]


def text_columns() -> Columns:
    return Columns([str.upper, str.lower], [False, False], ("",))


@given(st.lists(st.lists(st.tuples(st.sampled_from("abcAB"), st.sampled_from("xyXY")))))
def test_coded_blocks_fill_the_columns_as_their_values_do(
    blocks: list[list[tuple[str, str]]],
) -> None:
    by_values, by_codes = text_columns(), text_columns()
    for block in blocks:
        by_values.extend([[first for first, _ in block], [second for _, second in block]])
        coded: list[Coded | list[str]] = []
        for place in range(2):
            cells = [row[place] for row in block]
            texts = list(dict.fromkeys(reversed(cells)))  # in an order of their own
            coded.append(Coded(texts, [texts.index(cell) for cell in cells]))
        by_codes.extend_coded(coded)
    by_values._read()
    assert by_codes._values == by_values._values
    assert by_codes._values == [
        [first.upper() for block in blocks for first, _ in block],
        [second.lower() for block in blocks for _, second in block],
    ]
