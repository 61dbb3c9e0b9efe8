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
import re
import stat
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from json.scanner import make_scanner
from typing import Any, BinaryIO, Final, cast

from .exceptions import LoadError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_JSON_INTEGER",
    "NotStreamableError",
    "parse_json",
    "read_text",
    "read_text_file",
    "stream_json_object",
]

MAX_FILE_BYTES: Final = 2**31
"""The largest file, or standard input, that is read: 2 GiB."""

MAX_JSON_INTEGER: Final = 2**53 - 1
"""The largest whole number a JSON document may hold, as I-JSON (RFC 7493) allows."""

_CHUNK: Final = 1 << 20


class _StrictJSONError(ValueError):
    """Valid JSON to Python's parser that ipsrules refuses; the message is meant for the user."""


def _refuse_duplicate_keys(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, refusing a key given twice (JSON would keep the last silently)."""
    result = dict(pairs)
    if len(result) < len(pairs):  # the first key given again, named
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _StrictJSONError(f"the key {key!r} appears twice in one object")
            seen.add(key)
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


_STRICT: Final = json.JSONDecoder(
    object_pairs_hook=_refuse_duplicate_keys,
    parse_constant=_refuse_constant,
    parse_float=_finite_float,
    parse_int=_exact_int,
)
"""Python's JSON reader with the refusals above: one value, read strictly."""


def parse_json(text: str, path: str) -> object:
    """
    The JSON value in *text*, read strictly.

    Raises:
        LoadError: The text is not JSON, or repeats a key, or holds ``NaN``, an infinity, a
            number too large for a float, or a whole number beyond `MAX_JSON_INTEGER`; the
            error names *path*. A byte order mark at the start is not an error.
    """
    try:
        # A byte order mark, as a file read as text keeps it.
        return _STRICT.decode(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        # Two of Python's messages end in "at" already ("Unterminated string starting at").
        at = "" if exc.msg.endswith(" at") else " at"
        raise LoadError(
            path, f"not valid JSON: {exc.msg}{at} line {exc.lineno}, column {exc.colno}"
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
    return "".join(_pieces(file, name))


def _pieces(file: BinaryIO, name: str) -> Iterator[str]:
    """The text of *file*, decoded as `read_text` does, a piece at a time."""
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
            piece = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            at = offset - pending + exc.start
            raise LoadError(name, f"not UTF-8 text: {exc.reason} at byte {at}") from None
        offset += len(chunk)
        yield piece
    try:
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise LoadError(name, f"not UTF-8 text: {exc.reason} at the end") from None


def read_text_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """
    The name and the UTF-8 text of the file *path*, for the readers of ``ipsrules`` files.

    Raises:
        LoadError: The file is missing, is a folder, cannot be read, is larger than
            `MAX_FILE_BYTES`, or is not UTF-8 text.
    """
    return os.fspath(path), "".join(_file_pieces(path))


def check_text_file(path: str | os.PathLike[str]) -> None:
    """
    Check that the file *path* is UTF-8 text that `read_text_file` would read, keeping
    none of it: a reader that then streams the file never holds it whole.

    Raises:
        LoadError: As `read_text_file` (a missing file's error has a `FileNotFoundError`
            as its cause).
    """
    for _piece in _file_pieces(path):
        pass


def _file_pieces(path: str | os.PathLike[str]) -> Generator[str, None, None]:
    """The text of the file *path*, decoded as `read_text` does, a piece at a time."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            status = os.fstat(file.fileno())
            if stat.S_ISREG(status.st_mode) and status.st_size > MAX_FILE_BYTES:
                raise LoadError(
                    name, f"larger than {MAX_FILE_BYTES} bytes, the most ipsrules reads"
                )
            yield from _pieces(file, name)
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


# --- a JSON object read member by member --------------------------------------


class NotStreamableError(Exception):
    """
    The document is not one that `stream_json_object` reads: not JSON, not read strictly,
    or not shaped as expected. Read it whole instead (`read_text_file`, `parse_json`),
    which says exactly what is wrong.
    """


_SPACE: Final = re.compile(r"[ \t\n\r]*")
"""JSON's white space, as Python's reader skips it."""

_AFTER_ITEM: Final = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
"""What may follow an item of a list: a comma or the end of the list."""

_NUMBER_GOES_ON: Final = re.compile(r"[0-9.eE+\-]*\Z")
"""The rest of the text read so far, when it may be the rest of a number (``-0.`` ``5e``)."""

_LOOK_AHEAD: Final = 4096
"""How much more text a fault must stay in place across for the value to be not JSON."""

_MOST_PER_VALUE: Final = 64 * _CHUNK
"""The most text one value of a streamed document may take; a longer one is read whole."""


class _Text:
    """The text of a document so far: the rest of what was read, topped up on demand."""

    __slots__ = ("at", "done", "pieces", "text")

    def __init__(self, pieces: Iterator[str]) -> None:
        self.pieces = pieces
        self.text = ""
        self.at = 0
        self.done = False

    def more(self) -> bool:
        """Read the next piece onto the text, dropping what was read; whether there was one."""
        for piece in self.pieces:
            if piece:
                self.text = self.text[self.at :] + piece
                self.at = 0
                return True
        self.done = True
        return False

    def space(self) -> None:
        """Skip white space, reading on as needed."""
        while True:
            found = _SPACE.match(self.text, self.at)
            if found is not None:  # always: white space may be none
                self.at = found.end()
            if self.at < len(self.text) or not self.more():
                return

    def skip(self, character: str) -> bool:
        """Skip white space, and *character* when it comes next: whether it did."""
        self.space()
        if self.at < len(self.text) and self.text[self.at] == character:
            self.at += 1
            return True
        return False

    def take(self, expected: str) -> str:
        """Skip white space and take the next character, which must be one of *expected*."""
        self.space()
        if self.at >= len(self.text) or self.text[self.at] not in expected:
            raise NotStreamableError
        self.at += 1
        return self.text[self.at - 1]

    def value(self, decoder: json.JSONDecoder = _STRICT) -> object:
        """Skip white space and read one JSON value, strictly, reading on as it needs."""
        self.space()
        failed: tuple[int, str] | None = None
        read = 0  # how much of the value had been read when it first failed
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:
                # Either the value goes on in text not yet read or it is not JSON: the
                # same fault in the same place once much more has been read is the second.
                fault = (exc.pos - self.at, exc.msg)
                grown = len(self.text) - self.at - read
                if self.done or (fault == failed and grown >= _LOOK_AHEAD):
                    raise NotStreamableError from None
                if fault != failed:
                    failed, read = fault, len(self.text) - self.at
            except (ValueError, RecursionError):  # a refusal, or a number of 4,300 digits
                raise NotStreamableError from None
            else:
                # A number at the end of what was read may go on in the next piece.
                if self.done or _NUMBER_GOES_ON.match(self.text, end) is None:
                    self.at = end
                    return value
            if len(self.text) - self.at > _MOST_PER_VALUE:
                raise NotStreamableError
            self.more()  # at the end of the file, the next round decides


def stream_json_object(
    path: str | os.PathLike[str], lists: Mapping[str, Callable[[list[object]], object]]
) -> dict[str, object]:
    """
    Read the JSON object in the file *path* member by member, strictly, never holding the
    whole file or the whole of a long list: the items of a member named in *lists* go to
    that member's callable in lists of `CHUNK` as soon as they are read, and are not kept
    (nor may the callable keep the list, which is used again).

    Returns:
        The other members, in the order of the file.

    Raises:
        NotStreamableError: The file is not such an object: not JSON, not read strictly (a key
            twice, ``NaN``, ...), or a member of *lists* that is not a list; also what a
            callable of *lists* raises to say so. Nothing of it is kept.
        LoadError: As `read_text_file`, for a file that cannot be read as UTF-8 text.

    The items are read as strictly as `parse_json` reads the other members but for two
    checks that the callables make (by raising `NotStreamableError`): each object is the
    tuple of its (key, value) pairs, and a key given twice is for the callable to refuse
    (`json_object` does), as is a whole number beyond `MAX_JSON_INTEGER`.
    """
    pieces = _file_pieces(path)
    try:
        text = _Text(pieces)
        if text.more() and text.text.startswith("\ufeff"):  # a second byte order mark
            text.at = 1
        members: dict[str, object] = {}
        seen: set[str] = set()
        text.take("{")
        if not text.skip("}"):  # an object with members
            while True:
                key = text.value()
                if not isinstance(key, str) or key in seen:
                    raise NotStreamableError
                seen.add(key)
                text.take(":")
                keep = lists.get(key)
                if keep is None:
                    members[key] = text.value()
                else:
                    _stream_list(text, keep)
                if text.take(",}") == "}":
                    break
        text.space()
        if text.at < len(text.text):  # more after the object
            raise NotStreamableError
        return members
    finally:
        pieces.close()


CHUNK: Final = 128
"""
How many items of a streamed list (or rows of a CSV file) are handed on at a time: few
enough that they are gone before Python's cycle collector takes them for long-lived. Items
kept longer make it collect again and again: reading a contact log of 752,201 objects
(nine containers each) in chunks of 512 took 4,199 collections and 0.6 s in the collector;
in chunks of 128, 83 collections and 0.15 s.
"""

_ITEMS: Final = json.JSONDecoder(
    object_pairs_hook=tuple,
    parse_constant=_refuse_constant,
    parse_float=_finite_float,
)
"""
How the items of a streamed list are read: each object as the tuple of its (key, value)
pairs, and whole numbers as Python reads them. Both spare a call of Python code per value
(a tenth of the time of reading a contact log, each): the callables find a key given
twice, and bound the numbers, themselves (`stream_json_object`).
"""

_SCAN_ITEM: Final = make_scanner(cast(Any, _ITEMS))
"""Python's scanner of one value, as `_ITEMS.raw_decode` calls it."""


def _stream_list(text: _Text, keep: Callable[[list[object]], object]) -> None:
    """
    Read a list item by item into *keep*, `CHUNK` items at a time: the text is at the value
    of a streamed member.
    """
    text.take("[")
    if text.skip("]"):
        return
    scan = _SCAN_ITEM  # without the frame of `raw_decode` around it
    after_item = _AFTER_ITEM.match
    # What came between the last two items: a program writes the same between all of them
    # (", " or ",\n    "), so the next is found by comparing, without a search.
    between: str | None = None
    chunk: list[object] = []
    add = chunk.append
    while True:
        # The usual item starts where the text is and ends well before what was read: read
        # in one call. Anything else (white space first, a value cut short, a number that
        # may go on, a fault) is read again by `_Text.value`, which knows what to do.
        source, at = text.text, text.at
        try:
            value, end = scan(source, at)
        except (StopIteration, ValueError, RecursionError):
            value = text.value(_ITEMS)
        else:
            if type(value) is tuple or _NUMBER_GOES_ON.match(source, end) is None:
                text.at = end
            else:
                value = text.value(_ITEMS)
        add(value)
        if len(chunk) == CHUNK:
            keep(chunk)
            chunk.clear()
        source, at = text.text, text.at
        if between is not None and source.startswith(between, at):
            # The same again: the next item starts after it (or, if it is cut or there is
            # more white space, `_Text.value` reads it, as above).
            text.at = at + len(between)
            continue
        found = after_item(source, at)
        if found is None or found.end() == len(source):  # at the end of what was read
            if text.take(",]") == "]":
                break
        else:
            text.at = found.end()
            if found.group(1) == "]":
                break
            between = source[at : text.at]
    if chunk:
        keep(chunk)


def json_object(pairs: object) -> dict[str, object]:
    """
    The object of a streamed list's item (the tuple of its pairs, as `stream_json_object`
    gives it).

    Raises:
        NotStreamableError: *pairs* is not an object, or gives a key twice.
    """
    if type(pairs) is not tuple:
        raise NotStreamableError
    try:
        return _refuse_duplicate_keys(pairs)
    except _StrictJSONError:
        raise NotStreamableError from None


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
