"""Atomic writes: the old file or the new one, never half of either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipsrules._atomic import write_atomically, write_chunks_atomically


def test_chunks_are_written_in_order(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_chunks_atomically(target, iter([b"one ", b"", b"two"]))
    assert target.read_bytes() == b"one two"
    write_atomically(target, b"three")
    assert target.read_bytes() == b"three"


def test_failing_chunks_leave_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def chunks() -> Iterator[bytes]:
        yield b"new, half"
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        write_chunks_atomically(target, chunks())
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]
