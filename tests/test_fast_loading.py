"""
The loaders' fast paths against the converter: whatever a fast path builds, the converter
builds too, equal; whatever the converter refuses, the fast path refuses. The fast path may
give up on more (the converter then decides), never on less.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import formats
from ipsrules._columns import _side_by_side
from ipsrules._convert import CONVERTER, RECORD_LISTS, SharedValues
from ipsrules._csvio import _cell_kinds, _Row, _row_builder, _structure
from ipsrules.formats import _record_builder, _unset_nulls
from ipsrules.strategies import programmes

_FAILS = (ValueError, KeyError, TypeError, AttributeError)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "",
            " ",
            "P1",
            "2025-03-10",
            "2025-02-30",
            "2025-03-10T09:30:00+01:00",
            "2025-03-10T09:30:00",
            "2025-03-10 09:30:00+01:00",
            "20250310",
            "phone",
            "employer",
            "community",
            "enrolled",
            "true",
            "1.5",
            "-1",
        ]
    )
    | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=2),
    max_leaves=3,
)


@st.composite
def raw_records(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    """A record of a generated programme as JSON, perhaps with one key changed or added."""
    programme = draw(programmes(max_participants=3, max_contacts=6))
    document = json.loads(formats.dumps(programme))
    lists = [name for name in RECORD_LISTS if document.get(name)]
    list_name = draw(st.sampled_from(lists))
    raw = dict(draw(st.sampled_from(document[list_name])))
    change = draw(st.sampled_from(["none", "set", "drop", "add"]))
    fields = [field.name for field in RECORD_LISTS[list_name].__attrs_attrs__]
    if change == "set":
        raw[draw(st.sampled_from(fields))] = draw(json_values)
    elif change == "drop" and raw:
        del raw[draw(st.sampled_from(sorted(raw)))]
    elif change == "add":
        raw["extra"] = draw(json_values)
    return RECORD_LISTS[list_name], raw


def _slow(cls: type[Any], raw: dict[str, Any]) -> object | None:
    # As the loaders call the converter: a null optional field is a field not set.
    try:
        return CONVERTER.structure(_unset_nulls(raw, cls), cls)
    except Exception:
        return None


@given(raw_records())
def test_the_json_fast_path_builds_only_what_the_converter_builds(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    cls, raw = case
    try:
        fast = _record_builder(cls, SharedValues())(raw)
    except _FAILS:
        return  # the converter decides
    assert fast == _slow(cls, raw)
    assert type(fast) is cls


@given(raw_records())
def test_the_json_fast_path_builds_every_record_a_writer_wrote(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    """Records as `dump` writes them never need the slow path."""
    cls, raw = case
    slow = _slow(cls, raw)
    unchanged = slow is not None and CONVERTER.unstructure(slow) == raw
    if unchanged:
        assert _record_builder(cls, SharedValues())(raw) == slow


cells = st.sampled_from(
    [
        "",
        " ",
        "P1",
        "S1",
        "2025-03-10",
        "2025-02-30",
        "2025-03-10T09:30:00+01:00",
        "2025-03-10T09:30:00",
        "2025-03-10T09:30:00Z",
        "20250310",
        "phone",
        "face_to_face",
        "employer",
        "community",
        "enrolled",
        "referred",
        "true",
        "False",
        "yes",
        "1",
        "-1",
        "1.5",
        "1e3",
        "20,5",
        "٣",
        "²",
        "1_0",
    ]
)


@st.composite
def rows(draw: st.DrawFn) -> tuple[type[Any], list[str], list[str]]:
    cls = draw(st.sampled_from(list(RECORD_LISTS.values())))
    names = [field.name for field in cls.__attrs_attrs__]
    header = draw(st.permutations(names))
    header = header[: draw(st.integers(1, len(header)))]
    return cls, list(header), [draw(cells) for _ in header]


@given(rows())
def test_the_csv_fast_path_builds_only_what_the_slow_path_builds(
    case: tuple[type[Any], list[str], list[str]],
) -> None:
    cls, header, row = case
    shared = SharedValues()
    build = _row_builder(cls, header, shared)
    assert build is not None
    try:
        fast = build(list(row))
    except _FAILS:
        return
    problems: list[object] = []
    slow = _structure(
        "x.csv",
        _Row(2, dict(zip(header, row, strict=True))),
        cls,
        _cell_kinds(cls),
        SharedValues(),
        lambda *found: problems.append(found),
    )
    assert problems == []
    assert fast == slow
    assert type(fast) is cls


@pytest.mark.parametrize("cls", list(RECORD_LISTS.values()))
def test_every_record_class_has_a_fast_path(cls: type[Any]) -> None:
    names = [field.name for field in cls.__attrs_attrs__]
    assert _row_builder(cls, names, SharedValues()) is not None


@given(
    st.sampled_from(
        ["2025-03-10T09:30:00+01:00", "2025-03-10T09:30:00Z", "2025-10-26T02:30:00+02:00"]
    )
)
def test_a_time_given_twice_is_read_once(text: str) -> None:
    """Records that give the same time share one value, equal to the time read afresh."""
    shared = SharedValues()
    first = shared.moment(text)
    assert shared.moment(text) is first
    assert first == CONVERTER.structure(text, date | datetime)  # type: ignore[arg-type]


@given(st.lists(st.text(max_size=3) | st.integers(0, 2) | st.none(), max_size=8))
def test_a_column_kept_as_given_keeps_its_values(values: list[Any]) -> None:
    """Copied side by side only when all are plain strings without the separator."""
    kept = _side_by_side(values)
    assert list(kept) == values
    assert [type(value) for value in kept] == [type(value) for value in values]
    copied = all(type(value) is str and "\0" not in value for value in values)
    assert (kept is not values) == (copied and len(values) > 0)
