"""
Contacts read into columns: a contact log filled from CSV rows or JSON objects a chunk at a
time, with no object per contact.

A log of 750,000 contacts repeats a few thousand codes, some 26,000 times and a handful of
modes and parties. Each column is read once per distinct value, and the values are put in
place by lookups that run in C, not by a call per cell. Anything unexpected makes the reader
give up, and the loader reads the contacts one by one, which says exactly what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import itemgetter, methodcaller
from typing import Any, Final, NamedTuple, cast

from ._model import ContactLog, contact_log_of_columns

_BATCH: Final = 1024
"""
How many values of each field are read at a time: the work per batch is a few calls, and
the values are still in the processor's cache (batches of 8,192 took twice as long).
"""

_first: Final = itemgetter(0)
_second: Final = itemgetter(1)

_MOST_REMEMBERED: Final = 200_000
"""The most distinct values a column remembers: past it, its values do not repeat (ids)."""


class _Known(dict[Any, Any]):
    """The values of a column read so far, each with what it converts to."""

    __slots__ = ("_convert",)

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self._convert(value)
        return converted


class Coded(NamedTuple):
    """
    A block of a column's cells as a reader in C gives them: the distinct *values*, and
    each cell's number among them (*codes*).
    """

    values: Sequence[Any]
    codes: Sequence[int]


class GiveUpError(Exception):
    """A value that the columns do not read: read the contacts one by one instead."""


class Columns:
    """
    The columns of a contact log being filled, one per field of `Contact`.

    Each field has a *convert* function, which turns one given value (a cell's text, or a
    JSON value) into the field's value and raises on anything doubtful; given JSON, also
    the types of value a field of numbers may be given (`True` equals 1, so values of
    other types must not share a remembered value; no value but a string equals a string,
    so a field of text needs none). A field *as_given* is its given values as they are, but
    for those in *unset* (an empty cell; null, or the *absent* marker of a key left out);
    given strings are copied side by side in memory (`_side_by_side`) unless they are so
    already (*side_by_side*: a reader in C made them one after another).
    Whatever the columns hold, `contact_log_of_columns` checks it all again.
    """

    __slots__ = (
        "_absent",
        "_as_given",
        "_converts",
        "_field_names",
        "_gets",
        "_known",
        "_names",
        "_side_by_side",
        "_types",
        "_unset",
        "_values",
        "_waiting",
    )

    def __init__(
        self,
        converts: Sequence[Callable[[Any], Any]],
        as_given: Sequence[bool],
        unset: tuple[object, ...],
        names: Sequence[str] = (),
        types: Sequence[frozenset[type] | None] = (),
        absent: object = None,
        side_by_side: bool = False,
    ) -> None:
        self._converts = converts
        self._as_given = as_given
        self._unset = unset
        self._types = types
        self._absent = absent
        self._field_names = tuple(names)
        self._names = frozenset(names)
        self._gets = [methodcaller("get", name, absent) for name in names]
        self._known: list[_Known | None] = [_Known(convert) for convert in converts]
        self._values: list[list[Any]] = [[] for _ in converts]
        self._waiting: list[list[Any]] = [[] for _ in converts]
        self._side_by_side = side_by_side

    def extend(self, given: Sequence[Sequence[Any]]) -> None:
        """
        Add one chunk: for each field, its given values. They are read when `_BATCH` have
        been given (and by `log`): the rows or objects they came from are long gone by then.

        Raises:
            GiveUpError: A value is of a type the field is not given; a *convert* function's
                own errors (`ValueError`, `KeyError`, `TypeError`) pass through.
        """
        for waiting, values in zip(self._waiting, given, strict=True):
            waiting.extend(values)
        if len(self._waiting[0]) >= _BATCH:
            self._read()

    def extend_coded(self, given: Sequence[Coded | Sequence[Any]]) -> None:
        """
        Add one block of rows: for each field, its given values, or them `Coded`, whose
        distinct values are each read once for all the rows that give it.

        Raises:
            GiveUpError: As `extend`.
        """
        self._read()  # the values given before go first
        for place, values in enumerate(given):
            if isinstance(values, Coded):
                known = self._known[place]
                convert = self._converts[place] if known is None else known.__getitem__
                read = list(map(convert, values.values))
                self._values[place].extend(_picked(read, values.codes))
                if known is not None and len(known) > _MOST_REMEMBERED:
                    self._known[place] = None
            else:
                self._waiting[place].extend(values)
        self._read()

    def _read(self) -> None:
        """Read the values given so far into the columns."""
        given, self._waiting = self._waiting, [[] for _ in self._converts]
        for place, values in enumerate(given):
            types = self._types[place] if self._types else None
            if types is not None and not set(map(type, values)) <= types:
                raise GiveUpError
            known = self._known[place]
            if known is None:
                self._add_each(place, values)
                continue
            if not known and len(set(values)) == len(values) > 1:
                self._known[place] = None  # values that never repeat (ids): none remembered
                self._add_each(place, values)
                continue
            # One lookup per value, in C; a value not seen before is converted by the
            # lookup itself (`_Known.__missing__`).
            self._values[place].extend(map(known.__getitem__, values))
            if len(known) > _MOST_REMEMBERED:
                self._known[place] = None

    def _add_each(self, place: int, values: Sequence[Any]) -> None:
        """Add *values* to a column that remembers none: each converted, if need be."""
        if self._as_given[place] and not any(marker in values for marker in self._unset):
            self._values[place].extend(values if self._side_by_side else _side_by_side(values))
        else:
            self._values[place].extend(map(self._converts[place], values))

    def extend_pairs(self, items: Sequence[object]) -> None:
        """
        Add one chunk of JSON objects, each the tuple of its (key, value) pairs (as
        `stream_json_object` gives them), holding only the fields of *names*.

        Raises:
            GiveUpError: An item is not an object, gives a key twice, or holds another key.
        """
        if not set(map(type, items)) <= {tuple}:
            raise GiveUpError
        objects = cast(Sequence[tuple[tuple[str, object], ...]], items)
        widths = set(map(len, objects))
        if len(widths) == 1:
            # Objects that all give the same keys in the same order (as a program writes
            # them) are cut into columns without a dict for each.
            (width,) = widths
            pairs = [*chain.from_iterable(objects)]
            keys = [*map(_first, pairs)]
            pattern = keys[:width]
            if (
                len(set(pattern)) == width
                and self._names.issuperset(pattern)
                and keys == pattern * len(objects)
            ):
                values = [*map(_second, pairs)]
                place = {key: number for number, key in enumerate(pattern)}
                absent = (self._absent,) * len(objects)
                self.extend(
                    [
                        values[place[name] :: width] if name in place else absent
                        for name in self._field_names
                    ]
                )
                return
        dicts = list(map(dict, objects))
        if sum(map(len, objects)) != sum(map(len, dicts)):
            raise GiveUpError  # a key given twice
        if not all(map(self._names.issuperset, dicts)):
            raise GiveUpError
        self.extend([list(map(get, dicts)) for get in self._gets])

    def log(self) -> ContactLog | None:
        """
        The log, or ``None`` when a value could not be read, or a row may not be a valid
        contact (`contact_log_of_columns`).
        """
        try:
            self._read()
        except (ValueError, KeyError, TypeError, GiveUpError):
            return None
        values, self._values = self._values, []  # the log takes them over
        # A column that remembers its values holds those alone: they are all it checks.
        distinct = [None if known is None else [*known.values()] for known in self._known]
        return contact_log_of_columns(values, distinct)


def _picked(values: Sequence[Any], numbers: Sequence[int]) -> Iterable[Any]:
    """The items of *values* at *numbers*, in order."""
    if len(numbers) < 2:  # one number gives the item itself, none is an error
        return [values[number] for number in numbers]
    # Twice as fast as a lookup called per number: one call, whose loop runs in C.
    return cast(tuple[Any, ...], itemgetter(*numbers)(values))


def _side_by_side(values: Sequence[Any]) -> Sequence[Any]:
    """
    Strings *values* copied side by side in memory, or *values* themselves if they are not
    all strings (or hold the separator).

    A reader makes each cell among the others of its row, which are dropped as soon as
    they are read: the strings of a column kept as given (the ids of 750,000 contacts)
    would lie scattered over the memory of the whole file, and every later pass over them
    (checking each, telling whether one repeats) would wait on memory. Copied while they
    are in the processor's cache, those passes took a quarter to three fifths of the time.
    """
    if not set(map(type, values)) <= _STRINGS:
        return values
    copies = "\0".join(values).split("\0")
    return copies if len(copies) == len(values) else values


_STRINGS: Final = frozenset({str})
