"""
A large CSV file read by pyarrow's reader, in C, when the optional extra ``fast`` is
installed: each column a block at a time, as its distinct texts and each row's number for
its text, so that a loader reads each distinct text once and makes no string per cell.

It reads only files that the `csv` module reads the same: no quote character anywhere, one
row to a line and every row as wide as the header. Given anything else it gives up, and the
loader reads the file with the `csv` module, which reports exactly what is wrong.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Collection, Iterator, Sequence
from functools import cache
from typing import Any, Final

from ._columns import Coded, GiveUpError

_BLOCK: Final = 1 << 20
"""
Bytes read at a time: a block of 1 MiB holds some 12,000 contacts, few enough to keep memory
flat for any size of file, and as fast as larger ones (the 752,201 contacts of the
benchmark in 0.79-0.80 s, against 0.75-0.79 s in blocks of 4 MiB, which peaked 29 MiB
higher).
"""

_SMALLEST: Final = 6 << 20
"""
The size of the smallest file read here (some 75,000 contacts): below it, the `csv` module
reads the file in less time than pyarrow takes to be imported and read it (4 MB: 0.17 s
against 0.20 s; 8 MB: 0.26 s against 0.25 s; 16 MB: 0.45 s against 0.36 s).
"""

_OUTSIDE_A_CELL: Final = ('"', "\r", "\n")
"""
What no cell of a file read here holds: the `csv` module reads a quote or a line ending
inside a cell in ways of its own (a quoted cell, a cell over lines), so it reads such a file.
"""


def _outside_a_cell(text: str) -> bool:
    """Whether *text* holds any of `_OUTSIDE_A_CELL` (a search each is a fifth of a regex's)."""
    return any(character in text for character in _OUTSIDE_A_CELL)


@cache
def _pyarrow() -> tuple[Any, Any] | None:
    """pyarrow and its CSV reader, or ``None`` when the extra ``fast`` is not installed."""
    try:
        return importlib.import_module("pyarrow"), importlib.import_module("pyarrow.csv")
    except ImportError:
        return None


def worth_it(path: str) -> bool:
    """
    Whether `blocks` should read the file *path*: it is large enough to gain from pyarrow
    (`_SMALLEST`), and pyarrow is installed.
    """
    try:
        if os.path.getsize(path) < _SMALLEST:
            return False
    except OSError:
        return False
    return _pyarrow() is not None


def blocks(
    path: str, header: Sequence[str], plain: Collection[str]
) -> Iterator[list[Coded | list[str]]]:
    """
    The rows of the CSV file *path* after its one-line *header*, a block at a time: for each
    column of the header, its cells as `Coded`, or as a list of texts for those in *plain*
    (a column whose cells seldom repeat, such as an id).

    Raises:
        GiveUpError: pyarrow is not installed, or the file is one that the `csv` module
            reads in a way of its own (see the module's docstring). The blocks before may
            have been given: a caller drops what it has read of the file.
    """
    arrow = _pyarrow()
    if arrow is None:
        raise GiveUpError
    pa, pacsv = arrow
    coded = pa.dictionary(pa.int32(), pa.string())
    try:
        reader = pacsv.open_csv(
            path,
            # The C library's allocator gives back more of the blocks' memory than pyarrow's
            # own pool keeps (a peak of 274 MiB against 280-324 MiB, in the same time).
            memory_pool=pa.system_memory_pool(),
            read_options=pacsv.ReadOptions(
                column_names=list(header), skip_rows=1, block_size=_BLOCK, use_threads=False
            ),
            # A quote is a cell's own text (and makes the file one for the `csv` module).
            parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() if name in plain else coded for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        # A blank line is a row of empty cells here, but no row to the `csv` module: a file
        # that may have one (each column has an empty cell somewhere) is left to it.
        empty = [False] * len(header)
        for batch in reader:
            block: list[Coded | list[str]] = []
            for place, column in enumerate(batch.columns):
                if pa.types.is_dictionary(column.type):  # each block has its own texts
                    texts = column.dictionary.to_pylist()
                    cells: Coded | list[str] = Coded(texts, column.indices.to_pylist())
                else:
                    texts = cells = column.to_pylist()
                if _outside_a_cell("".join(texts)):
                    raise GiveUpError
                empty[place] = empty[place] or "" in texts
                block.append(cells)
            if all(empty):
                raise GiveUpError
            yield block
    except (pa.ArrowException, OSError) as exc:  # a row too wide or too narrow, most often
        raise GiveUpError from exc
