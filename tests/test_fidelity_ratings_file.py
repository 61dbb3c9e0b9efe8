"""Tests of reading a rater's scores from a ratings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import LoadError
from ipsrules.fidelity import SCALE, Rating, load_ratings, loads_ratings

KEYS = [item.key for item in SCALE]

# A rater's note: any text of the one rule for text (docs/limits.md), over several lines too.
NOTES = st.text(
    st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
    | st.just("\n"),
    max_size=60,
)


def test_reads_each_entry_in_file_order() -> None:
    text = json.dumps(
        [
            {"key": KEYS[2], "score": 4, "note": "All six phases, but intake by a coordinator."},
            {"key": KEYS[0], "score": 1},
            {"key": KEYS[8], "score": 5, "note": None},
        ]
    )

    ratings = loads_ratings(text)

    assert ratings == (
        Rating(KEYS[2], 4, "All six phases, but intake by a coordinator."),
        Rating(KEYS[0], 1, None),
        Rating(KEYS[8], 5, None),
    )


def test_an_empty_note_is_no_note() -> None:
    assert loads_ratings(json.dumps([{"key": KEYS[3], "score": 2, "note": ""}])) == (
        Rating(KEYS[3], 2, None),
    )


def test_an_empty_list_is_no_ratings() -> None:
    assert loads_ratings("[]") == ()


def fault(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        loads_ratings(text, source="ratings.json")
    return caught.value


def test_not_json_names_the_file_and_the_line() -> None:
    error = fault('[\n  {"key": "x",}\n]')

    assert error.path == "ratings.json"
    assert "not valid JSON" in error.reason
    assert "line 2" in error.reason


def test_a_document_that_is_not_a_list() -> None:
    error = fault(json.dumps({"ratings": []}))

    assert error.record is None
    assert error.reason == "expected a JSON list of ratings, got an object"


def test_an_entry_that_is_not_an_object_names_its_index() -> None:
    error = fault(json.dumps([{"key": KEYS[0], "score": 3}, 5]))

    assert error.record == "ratings[1]"
    assert error.reason == "expected an object, got 5"
    assert str(error) == "ratings.json: ratings[1]: expected an object, got 5"


@pytest.mark.parametrize("field", ["key", "score"])
def test_a_missing_required_field(field: str) -> None:
    entry = {"key": KEYS[4], "score": 3}
    del entry[field]

    error = fault(json.dumps([entry]))

    assert error.field == field
    assert error.reason == "is required but missing"
    assert error.record is not None
    assert error.record.startswith("ratings[0]")


def test_an_unknown_item_key_lists_the_keys() -> None:
    error = fault(json.dumps([{"key": "caseload", "score": 3}]))

    assert error.record == "ratings[0] (key 'caseload')"
    assert error.field == "key"
    assert "the scale has no item 'caseload'" in error.reason
    assert all(key in error.reason for key in KEYS)


def test_a_key_that_is_not_text() -> None:
    error = fault(json.dumps([{"key": 1, "score": 3}]))

    assert (error.record, error.field) == ("ratings[0]", "key")
    assert error.reason == "expected an item key, got 1"


def test_an_item_scored_twice_names_both_entries() -> None:
    error = fault(
        json.dumps(
            [
                {"key": KEYS[5], "score": 3},
                {"key": KEYS[6], "score": 3},
                {"key": KEYS[5], "score": 4},
            ]
        )
    )

    assert error.record == f"ratings[2] (key {KEYS[5]!r})"
    assert error.field == "key"
    assert error.reason == "the item is scored twice, here and in ratings[0]"


@pytest.mark.parametrize(
    ("score", "shown"),
    [(0, "0"), (6, "6"), (-1, "-1"), (2.5, "2.5"), ("3", "'3'"), (True, "true"), ([3], "a list")],
)
def test_a_score_outside_one_to_five(score: object, shown: str) -> None:
    error = fault(json.dumps([{"key": KEYS[0], "score": score}]))

    assert error.field == "score"
    assert error.reason == f"expected a whole number from 1 to 5, got {shown}"


def test_a_note_that_is_not_text() -> None:
    error = fault(json.dumps([{"key": KEYS[0], "score": 3, "note": 7}]))

    assert error.field == "note"
    assert error.reason == "expected text or null, got 7"


def test_an_unknown_field_is_refused_not_dropped() -> None:
    error = fault(json.dumps([{"key": KEYS[0], "score": 3, "comment": "typo for note"}]))

    assert error.field == "comment"
    assert error.reason.startswith("unknown field 'comment'")


def test_a_key_given_twice_in_one_entry_is_refused() -> None:
    error = fault('[{"key": "' + KEYS[0] + '", "score": 3, "score": 4}]')

    assert "appears twice" in error.reason


def test_load_ratings_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ratings.json"
    path.write_text(json.dumps([{"key": KEYS[1], "score": 2, "note": "Två av tre"}]), "utf-8")

    assert load_ratings(path) == (Rating(KEYS[1], 2, "Två av tre"),)


def test_load_ratings_names_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"

    with pytest.raises(LoadError) as caught:
        load_ratings(path)

    assert caught.value.path == str(path)
    assert caught.value.reason == "no such file"


def test_load_ratings_names_the_file_in_entry_errors(tmp_path: Path) -> None:
    path = tmp_path / "ratings.json"
    path.write_text(json.dumps([{"key": KEYS[1], "score": 9}]), "utf-8")

    with pytest.raises(LoadError, match=r"ratings\.json: ratings\[0\] .*field 'score'"):
        load_ratings(path)


ratings_lists = st.lists(
    st.tuples(
        st.sampled_from(KEYS),
        st.integers(1, 5),
        st.none() | NOTES.filter(str.strip),
    ),
    unique_by=lambda entry: entry[0],
)


@given(ratings_lists)
def test_every_valid_list_reads_back_as_written(entries: list[tuple[str, int, str | None]]) -> None:
    text = json.dumps([{"key": key, "score": score, "note": note} for key, score, note in entries])

    assert loads_ratings(text) == tuple(Rating(key, score, note) for key, score, note in entries)
