"""
Reading the files that people keep by hand: UTF-8 text, and JSON read strictly.

Programme documents and raters' ratings files are both typed or exported by people, so a
fault in either is a `LoadError` that names the file; nothing is guessed (a key given twice,
``NaN`` or a number too large for a float is refused, where Python's `json` would accept it).
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from .exceptions import LoadError

__all__ = ["parse_json", "read_text_file"]


class _StrictJSONError(ValueError):
    """Valid JSON to Python's parser that ipsrules refuses; the message is meant for the user."""


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice (JSON would keep the last silently)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _StrictJSONError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> float:
    raise _StrictJSONError(f"{name} is not a number in JSON")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _StrictJSONError(f"the number {literal} is too large")
    return value


def parse_json(text: str, path: str) -> object:
    """
    The JSON value in *text*, read strictly.

    Raises:
        LoadError: The text is not JSON, or repeats a key, or holds ``NaN``, an infinity or
            a number too large; the error names *path*.
    """
    try:
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise LoadError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except _StrictJSONError as exc:
        raise LoadError(path, f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise LoadError(path, "not valid JSON: nested too deeply") from exc


def read_text_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """
    The name and the UTF-8 text of the file *path*, for the readers of ``ipsrules`` files.

    Raises:
        LoadError: The file is missing, cannot be read or is not UTF-8 text.
    """
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as file:
            return name, file.read()
    except FileNotFoundError as exc:
        raise LoadError(name, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(name, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise LoadError(name, f"cannot read the file: {exc.strerror or exc}") from exc
