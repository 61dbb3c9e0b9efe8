"""
Reading a JSON programme file as it goes (`load`), against reading it whole (`loads`).

`load` reads a file member by member and builds each record as soon as it is read; when
anything is wrong, or a record needs more than the fast path, it reads the file whole. So,
for any file, `load` gives what `loads` gives for its text: the same programme, or the same
error. The pieces the file is read in are made tiny here, so that values are cut at every
place a piece can end.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsrules import Programme, formats
from ipsrules._reading import (
    CHUNK,
    MAX_JSON_INTEGER,
    NotStreamableError,
    json_object,
    stream_json_object,
)
from ipsrules.exceptions import LoadError
from ipsrules.formats import dumps, load, loads
from ipsrules.strategies import programmes

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def pieces_of(size: int) -> Iterator[None]:
    """Files are read *size* bytes at a time."""
    with mock.patch("ipsrules._reading._CHUNK", size):
        yield


def outcome(read: Callable[[], Programme]) -> Programme | tuple[type[LoadError], str]:
    """What *read* gives: a programme, or the type and message of its `LoadError`."""
    try:
        return read()
    except LoadError as error:
        return type(error), str(error)


def streamed_and_whole(tmp_path: Path, text: str, size: int) -> tuple[object, object]:
    """
    `load` of a file holding *text* (undecodable bytes as surrogates), read *size* bytes at
    a time, and `load` of it reading the file whole, as it did before reading as it goes.
    """
    path = tmp_path / "p.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pieces_of(size):
        streamed = outcome(lambda: load(path))
        # In the same pieces: which of a NUL byte and a byte that is not UTF-8 is found
        # first depends on them (either is refused, and named with its place).
        with mock.patch.object(formats, "_streamed_programme", side_effect=NotStreamableError):
            whole = outcome(lambda: load(path))
    readable = "\0" not in text and not any("\udc80" <= c <= "\udcff" for c in text)
    if readable:  # text that reads as such: its errors are those of the text read whole
        assert whole == outcome(lambda: loads(path.read_text("utf-8-sig"), source=str(path)))
    return streamed, whole


def streamed_only(path: Path) -> Programme:
    """`load` of *path*, failing if it reads the file whole."""
    with mock.patch.object(formats, "read_text_file", side_effect=AssertionError("read whole")):
        return load(path)


# --- the same programme, however the file is laid out and read ------------------------------


@st.composite
def laid_out(draw: st.DrawFn) -> tuple[Programme, str]:
    """A programme and a JSON document of it in one of the layouts a writer may choose."""
    programme = draw(programmes(max_participants=4, max_contacts=12))
    document = json.loads(dumps(programme))
    keys = list(document)
    random.Random(draw(st.integers(0, 2**16))).shuffle(keys)  # members in any order
    document = {key: document[key] for key in keys}
    indent = draw(st.sampled_from([None, 0, 1, 2, "\t", "\r\n "]))
    separators = draw(st.sampled_from([None, (",", ":"), (" , ", " : ")]))
    text = json.dumps(
        document, indent=indent, separators=separators, ensure_ascii=draw(st.booleans())
    )
    return programme, draw(st.sampled_from(["", " \n", "\t\r\n"])) + text + draw(
        st.sampled_from(["", "\n", " \r\n\t "])
    )


@SETTINGS
@given(laid_out(), st.integers(1, 64))
def test_any_layout_is_read_as_it_goes(
    tmp_path: Path, case: tuple[Programme, str], size: int
) -> None:
    programme, text = case
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pieces_of(size):
        streamed = streamed_only(path)
    assert streamed == loads(text)
    assert dumps(streamed) == dumps(programme)


def test_a_byte_order_mark_or_two(tmp_path: Path) -> None:
    """As reading the file whole: one mark goes with the decoding, one more with the JSON."""
    programme = Programme(id="P", name="Ett program")
    path = tmp_path / "p.json"
    for marks in ("\ufeff", "\ufeff\ufeff"):
        path.write_text(marks + dumps(programme), encoding="utf-8")
        assert streamed_only(path) == programme
    path.write_text("\ufeff\ufeff\ufeff" + dumps(programme), encoding="utf-8")
    with pytest.raises(LoadError, match="not valid JSON: Expecting value"):
        load(path)


# --- the same error, whatever is wrong -------------------------------------------------------


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """The text of a valid document with its bytes damaged, or a record made invalid."""
    programme = draw(programmes(max_participants=3, max_contacts=8))
    text = dumps(programme)
    if draw(st.booleans()):
        data = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 3))):
            where = draw(st.integers(0, max(0, len(data) - 1)))
            action = draw(st.sampled_from(["flip", "insert", "cut"]))
            if action == "flip" and data:
                data[where] ^= 1 << draw(st.integers(0, 7))
            elif action == "insert":
                data[where:where] = draw(
                    st.sampled_from([b",", b"]", b"}", b"{", b"1", b'"', b"\\", b"NaN", b"\xff"])
                    | st.binary(min_size=1, max_size=3)
                )
            else:
                del data[where:]
        return data.decode("utf-8", "surrogateescape")
    document = json.loads(text)
    lists = [name for name, value in document.items() if isinstance(value, list) and value]
    if lists:
        records = document[draw(st.sampled_from(lists))]
        record = records[draw(st.integers(0, len(records) - 1))]
        key = draw(st.sampled_from(sorted(record)))
        record[key] = draw(
            st.sampled_from([None, "", 1e400, 2**60, True, [], "x" * 300, "2025-02-30", "\x07"])
        )
    else:
        document[draw(st.sampled_from(["id", "name", "timezone", "format", "version"]))] = None
    return json.dumps(document).replace("1e400", "1E400")


@SETTINGS
@given(damaged(), st.integers(1, 64))
def test_a_damaged_file_gets_the_error_of_the_whole_reading(
    tmp_path: Path, text: str, size: int
) -> None:
    streamed, whole = streamed_and_whole(tmp_path, text, size)
    assert streamed == whole


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"format": "ipsrules.programme", "format": "ipsrules.programme"}', "a key twice"),
        ('{"contacts": [{"at": "2025-01-01", "at": "2025-01-02"}]}', "a key twice in a record"),
        ('{"contacts": [], "x": NaN}', "NaN"),
        ('{"contacts": [1e400]}', "a number too large"),
        ('{"contacts": [12345678901234567890123]}', "a whole number too large"),
        ('{"contacts": [1' + "0" * 4300 + "]}", "a whole number Python will not read"),
        ('{"contacts": null}', "a list member that is not a list"),
        ('{"contacts": [{},]}', "a comma before the end of a list"),
        ('{"id": "P",}', "a comma before the end of the object"),
        ('{"id": "P"} []', "more after the object"),
        ('{"id": "P"', "the end of the file inside the object"),
        ('{"contacts": [{}', "the end of the file inside a list"),
        ("[]", "not an object"),
        ("", "nothing"),
    ],
)
@pytest.mark.parametrize("size", [1, 3, 1 << 20])
def test_what_is_not_read_as_it_goes(tmp_path: Path, text: str, why: str, size: int) -> None:
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pieces_of(size), pytest.raises(NotStreamableError):
        stream_json_object(path, {"contacts": as_documented})


def as_documented(chunk: list[object]) -> None:
    """
    A callable of `stream_json_object` that makes the two checks it leaves to them: no key
    twice (`json_object`), no whole number beyond `MAX_JSON_INTEGER`.
    """
    for item in chunk:
        if type(item) is tuple:
            json_object(item)
        elif type(item) is int and abs(item) > MAX_JSON_INTEGER:
            raise NotStreamableError


_ITEMS = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3), inner, max_size=3).map(lambda d: tuple(d.items()))
    ),
    max_leaves=6,
)
"""Items of a list as the streamed reader gives them: an object as the tuple of its pairs."""


def _as_json(item: object) -> str:
    if type(item) is tuple:
        return "{" + ",".join(f"{json.dumps(k)}:{_as_json(v)}" for k, v in item) + "}"
    if type(item) is list:
        return "[" + ",".join(map(_as_json, item)) + "]"
    return json.dumps(item)


@SETTINGS
@given(
    st.lists(_ITEMS, max_size=12),
    st.lists(st.sampled_from([",", ", ", ",\n  ", " ,\t", "\r\n,\r\n", ",\n    "]), min_size=12),
    st.integers(1, 16),
)
def test_items_apart_by_any_white_space(
    tmp_path: Path, items: list[object], betweens: list[str], size: int
) -> None:
    """What comes between two items may change from one to the next, and be cut anywhere."""
    listed = "".join(_as_json(item) + gap for item, gap in zip(items, betweens, strict=False))
    text = '{"items": [' + listed.rstrip(", \t\r\n") + '], "n": 1}' if items else '{"items": []}'
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    read: list[object] = []
    with pieces_of(size):
        stream_json_object(path, {"items": read.extend})
    assert read == items


def test_items_come_in_chunks_in_order(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    count = 3 * CHUNK + 5
    path.write_text(json.dumps({"items": list(range(count)), "n": 1}), encoding="utf-8")
    chunks: list[list[object]] = []
    members = stream_json_object(path, {"items": lambda chunk: chunks.append(list(chunk))})
    assert members == {"n": 1}
    assert [len(chunk) for chunk in chunks] == [CHUNK, CHUNK, CHUNK, 5]
    assert [item for chunk in chunks for item in chunk] == list(range(count))


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('"at": "2025-01-01", "at": "2025-01-02"', "the key 'at' appears twice in one object"),
        ('"at": "2025-01-01", "minutes": 12345678901234567890', "the whole number"),
    ],
)
def test_what_the_callables_refuse_is_said_as_reading_whole_says_it(
    tmp_path: Path, record: str, reason: str
) -> None:
    """A key twice or a number too large in a contact: the error of the whole reading."""
    good = '{"participant_id": "P1", "at": "2025-01-01", "mode": "phone"}'
    contacts = ", ".join(
        [good] * (CHUNK + 3) + ['{"participant_id": "P1", "mode": "phone", ' + record + "}"]
    )
    text = (
        '{"format": "ipsrules.programme", "version": 1, "id": "X", "name": "X", '
        '"participants": [{"id": "P1", "enrolled_on": "2024-01-01"}], '
        f'"contacts": [{contacts}]}}'
    )
    for size in (7, 1 << 20):
        streamed, whole = streamed_and_whole(tmp_path, text, size)
        assert streamed == whole
        assert isinstance(streamed, tuple)
        assert reason in streamed[1]


def test_contacts_with_their_keys_in_any_order_or_left_out(tmp_path: Path) -> None:
    """Not every contact gives the same keys in the same order: read as it goes all the same."""
    contacts = []
    for number in range(2 * CHUNK + 7):
        contact: dict[str, object] = {
            "participant_id": "P1",
            "at": f"2025-01-{number % 28 + 1:02}T10:{number % 60:02}:00+01:00",
            "mode": ["phone", "face_to_face"][number % 2],
            "id": f"C{number}",
        }
        if number % 3:
            contact["minutes"] = number % 90
        if number % 5 == 0:
            contact = dict(reversed(contact.items()))
        if number % 7 == 0:
            contact["setting"] = None  # null: not set
        contacts.append(contact)
    text = json.dumps(
        {
            "format": "ipsrules.programme",
            "version": 1,
            "id": "X",
            "name": "X",
            "participants": [{"id": "P1", "enrolled_on": "2024-01-01"}],
            "contacts": contacts,
        }
    )
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    streamed = streamed_only(path)
    assert streamed == loads(text)
    assert len(streamed.contacts) == len(contacts)
    assert streamed.contacts[1].minutes == 1
    assert streamed.contacts[3].minutes is None


@pytest.mark.parametrize("size", [1, 2, 5, 1 << 20])
def test_values_cut_between_pieces_are_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "p.json"
    text = '{"n": 1234567, "s": "a\\"b\\u00e5ö", "items": [1234, -0.5e-3, "ö\\n", {"k": [true]}]}'
    path.write_text(text, encoding="utf-8")
    items: list[object] = []
    with pieces_of(size):
        members = stream_json_object(path, {"items": items.extend})
    assert members == {"n": 1234567, "s": 'a"båö'}
    # An object of a list's items comes as the tuple of its pairs.
    assert items == [1234, -0.0005, "ö\n", (("k", [True]),)]


def test_an_unreadable_file_is_said_so_at_once(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b'{"id": "P\xff"}')
    with pytest.raises(LoadError, match="not UTF-8 text"):
        stream_json_object(path, {})
    with pytest.raises(LoadError, match="no such file"):
        stream_json_object(tmp_path / "missing.json", {})
