"""
Reading a rater's scores from a JSON file, for the command line and for notebooks.

The file is a JSON list of objects ``{"key": "...", "score": 1..5, "note": "..."}``, one per
item the rater scored. A fault is a `LoadError` that names the file, the entry
(``ratings[3] (key 'disclosure')``) and the field, so the rater can mend it.
"""

from __future__ import annotations

import os

from ipsrules._reading import parse_json, read_text_file
from ipsrules.exceptions import LoadError
from ipsrules.fidelity._review import Rating, note_problem
from ipsrules.fidelity._scale import SCALE

_FIELDS = ("key", "score", "note")


def loads_ratings(text: str, *, source: str = "<string>") -> tuple[Rating, ...]:
    """
    Read ratings from the text of a ratings file.

    Args:
        text: A JSON list of ``{"key": KEY, "score": 1..5, "note": TEXT}`` objects; ``note``
            may be left out or ``null``.
        source: The name to give in errors, usually the file's path.

    Returns:
        One `Rating` per entry, in the order of the file.

    Raises:
        LoadError: The text is not JSON, not a list of such objects, names an item that the
            scale does not have or scores one item twice; the error names *source*, the
            entry and the field at fault.
    """
    document = parse_json(text, source)
    if not isinstance(document, list):
        raise LoadError(source, f"expected a JSON list of ratings, got {_kind(document)}")
    keys = {item.key for item in SCALE}
    seen: dict[str, int] = {}
    ratings: list[Rating] = []
    for index, entry in enumerate(document):
        where = f"ratings[{index}]"
        if not isinstance(entry, dict):
            raise LoadError(source, f"expected an object, got {_kind(entry)}", record=where)
        key = entry.get("key")
        if isinstance(key, str):
            where += f" (key {key!r})"
        for name in entry:
            if name not in _FIELDS:
                raise LoadError(
                    source,
                    f"unknown field {name!r}; the fields of a rating are: {', '.join(_FIELDS)}",
                    record=where,
                    field=name,
                )
        if key is None:
            raise LoadError(source, "is required but missing", record=where, field="key")
        if not isinstance(key, str):
            raise LoadError(
                source, f"expected an item key, got {_kind(key)}", record=where, field="key"
            )
        if key not in keys:
            raise LoadError(
                source,
                f"the scale has no item {key!r}; its keys are: "
                + ", ".join(item.key for item in SCALE),
                record=where,
                field="key",
            )
        if key in seen:
            raise LoadError(
                source,
                f"the item is scored twice, here and in ratings[{seen[key]}]",
                record=where,
                field="key",
            )
        seen[key] = index
        score = entry.get("score")
        if score is None:
            raise LoadError(source, "is required but missing", record=where, field="score")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise LoadError(
                source,
                f"expected a whole number from 1 to 5, got {_kind(score)}",
                record=where,
                field="score",
            )
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            raise LoadError(
                source, f"expected text or null, got {_kind(note)}", record=where, field="note"
            )
        problem = None if note is None else note_problem(note)
        if problem is not None:
            raise LoadError(source, problem, record=where, field="note")
        ratings.append(Rating(key, score, note or None))
    return tuple(ratings)


def load_ratings(path: str | os.PathLike[str]) -> tuple[Rating, ...]:
    """
    Read ratings from a JSON file (UTF-8); see `loads_ratings` for the format.

    Raises:
        LoadError: The file cannot be read or is not a valid ratings file; the error names
            the file, the entry and the field at fault.
    """
    name, text = read_text_file(path)
    return loads_ratings(text, source=name)


def _kind(value: object) -> str:
    """A JSON value as a rater would recognise it in an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    return "an object"
