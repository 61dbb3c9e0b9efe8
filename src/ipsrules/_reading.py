"""
Reading the files that people keep by hand: UTF-8 text, and JSON read strictly.

Programme documents and raters' ratings files are both typed or exported by people, so a
fault in either is a `LoadError` that names the file; nothing is guessed (a key given twice,
``NaN`` or a number too large for a float is refused, where Python's `json` would accept it).
Every read is bounded, so a device that never ends (``/dev/zero``) is refused, not read
until memory runs out.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, BinaryIO, Final

from .exceptions import LoadError

__all__ = ["MAX_FILE_BYTES", "MAX_JSON_INTEGER", "parse_json", "read_text", "read_text_file"]

MAX_FILE_BYTES: Final = 2**31
"""The largest file, or standard input, that is read: 2 GiB."""

MAX_JSON_INTEGER: Final = 2**53 - 1
"""The largest whole number a JSON document may hold, as I-JSON (RFC 7493) allows."""

_CHUNK: Final = 1 << 20


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


def _exact_int(literal: str) -> int:
    # Python refuses to read an integer of over 4,300 digits with a ValueError of its own.
    value = int(literal) if len(literal) <= 20 else None
    if value is None or abs(value) > MAX_JSON_INTEGER:
        shown = literal if len(literal) <= 24 else f"{literal[:20]}... ({len(literal)} digits)"
        raise _StrictJSONError(
            f"the whole number {shown} is too large (at most {MAX_JSON_INTEGER} either way)"
        )
    return value


def parse_json(text: str, path: str) -> object:
    """
    The JSON value in *text*, read strictly.

    Raises:
        LoadError: The text is not JSON, or repeats a key, or holds ``NaN``, an infinity, a
            number too large for a float, or a whole number beyond `MAX_JSON_INTEGER`; the
            error names *path*. A byte order mark at the start is not an error.
    """
    try:
        return json.loads(
            text.removeprefix("\ufeff"),  # a byte order mark, as a file read as text keeps it
            object_pairs_hook=_refuse_duplicate_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_exact_int,
        )
    except json.JSONDecodeError as exc:
        raise LoadError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except _StrictJSONError as exc:
        raise LoadError(path, f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise LoadError(path, "not valid JSON: nested too deeply") from exc


def read_text(file: BinaryIO, name: str) -> str:
    """
    The UTF-8 text of the open binary *file*, named *name* in errors, read in bounded pieces.

    A byte order mark at the start is dropped, as spreadsheets and Windows editors write one.
    No line ends are changed.

    Raises:
        LoadError: The file is larger than `MAX_FILE_BYTES`, holds a NUL byte (no text
            file does; a device such as ``/dev/zero`` does), or is not UTF-8 text.
    """
    parts: list[str] = []
    _decode(file, name, parts.append)
    return "".join(parts)


def _decode(file: BinaryIO, name: str, keep: Callable[[str], object]) -> None:
    """Decode *file* as `read_text` does, giving each piece of text to *keep*."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0  # bytes read before this chunk
    while chunk := file.read(_CHUNK):
        if offset + len(chunk) > MAX_FILE_BYTES:
            raise LoadError(name, f"larger than {MAX_FILE_BYTES} bytes, the most ipsrules reads")
        nul = chunk.find(b"\0")
        if nul >= 0:
            raise LoadError(name, f"not text: a NUL byte at byte {offset + nul}")
        pending = len(decoder.getstate()[0])
        try:
            keep(decoder.decode(chunk))
        except UnicodeDecodeError as exc:
            at = offset - pending + exc.start
            raise LoadError(name, f"not UTF-8 text: {exc.reason} at byte {at}") from None
        offset += len(chunk)
    try:
        keep(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise LoadError(name, f"not UTF-8 text: {exc.reason} at the end") from None


def read_text_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """
    The name and the UTF-8 text of the file *path*, for the readers of ``ipsrules`` files.

    Raises:
        LoadError: The file is missing, is a folder, cannot be read, is larger than
            `MAX_FILE_BYTES`, or is not UTF-8 text.
    """
    parts: list[str] = []
    name = _read_file(path, parts.append)
    return name, "".join(parts)


def check_text_file(path: str | os.PathLike[str]) -> None:
    """
    Check that the file *path* is UTF-8 text that `read_text_file` would read, keeping
    none of it: a reader that then streams the file never holds it whole.

    Raises:
        LoadError: As `read_text_file` (a missing file's error has a `FileNotFoundError`
            as its cause).
    """
    _read_file(path, _discard)


def _discard(text: str) -> None:
    del text


def _read_file(path: str | os.PathLike[str], keep: Callable[[str], object]) -> str:
    """Decode the file *path* as `read_text` does, piece by piece into *keep*; its name."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            status = os.fstat(file.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > MAX_FILE_BYTES:
                raise LoadError(
                    name, f"larger than {MAX_FILE_BYTES} bytes, the most ipsrules reads"
                )
            _decode(file, name, keep)
            return name
    except LoadError:
        raise
    except FileNotFoundError as exc:
        raise LoadError(name, "no such file") from exc
    except IsADirectoryError as exc:
        raise LoadError(name, "a folder, not a file") from exc
    except OSError as exc:
        raise LoadError(name, f"cannot read the file: {exc.strerror or exc}") from exc
    except ValueError as exc:  # a path with a NUL character in it
        raise LoadError(name, f"cannot read the file: {exc}") from exc


def aware_moment(value: object) -> datetime | None:
    """
    *value* read as an ISO 8601 date and time with a UTC offset, in UTC; ``None`` when it is
    not text, not such a moment, or has no offset (a naive time is never guessed).
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return None if moment.utcoffset() is None else moment.astimezone(UTC)
