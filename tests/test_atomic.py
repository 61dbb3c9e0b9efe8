"""Atomic writes: the old file or the new one, never half of either."""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipsrules._atomic import Batch, replace_folder, write_atomically, write_chunks_atomically


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


# --- what the path names (issue 17): each of these failed before the rules of _atomic ----


def test_a_link_is_followed_and_the_file_it_names_replaced(tmp_path: Path) -> None:
    real = tmp_path / "data" / "programme.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "current.json"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(os.listdir(real.parent)) == ["programme.json"]


def test_a_link_to_nothing_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError, match="symbolic link to a file that does not exist"):
        write_atomically(link, b"new")
    assert link.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["out.json"]


def test_a_link_that_loops_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OSError, match="symbolic link that loops") as caught:
        write_atomically(tmp_path / "a", b"new")
    assert caught.value.errno == errno.ELOOP
    assert (tmp_path / "a").is_symlink()


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening to write cannot block
    try:
        write_chunks_atomically(fifo, iter([b"one ", b"two"]))
        assert os.read(reader, 100) == b"one two"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["pipe"]


def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    """A device node (here a copy of /dev/null, so the test cannot harm the real one)."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs privileges")
    write_atomically(null, b"gone")
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["null"]


def test_a_folder_is_refused_and_nothing_is_written_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[str] = []

    def chunks() -> Iterator[bytes]:
        seen.extend(os.listdir(tmp_path))
        yield b"data"

    with pytest.raises(IsADirectoryError, match="is a folder; name a file inside it"):
        write_chunks_atomically(folder, chunks())
    assert seen == []
    assert sorted(os.listdir(tmp_path)) == ["out"]
    assert os.listdir(folder) == []


def test_a_name_ending_in_a_separator_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="names a folder"):
        write_atomically(f"{tmp_path}/new/", b"data")
    assert os.listdir(tmp_path) == []


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    target.chmod(0o604)
    write_atomically(target, b"newer", private=True)  # private is for new files only
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def test_a_new_private_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    write_atomically(private, b"names", private=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


def test_a_new_public_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "feed.ics", b"codes")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "feed.ics").stat().st_mode) == 0o644


def test_the_temporary_name_fits_where_the_target_fits(tmp_path: Path) -> None:
    """A 255-byte name is legal; the temporary beside it must be too."""
    target = tmp_path / ("é" * 124 + "xy.json")
    assert len(os.fsencode(target.name)) == 255
    seen: list[str] = []

    def chunks() -> Iterator[bytes]:
        seen.extend(os.listdir(tmp_path))
        yield b"data"

    write_chunks_atomically(target, chunks())
    assert target.read_bytes() == b"data"
    assert len(seen) == 1
    assert re.fullmatch(r"\.ipsrules-[0-9a-f]{8}\.tmp", seen[0])


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit])
def test_an_interruption_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, interruption: type[BaseException]
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def chunks() -> Iterator[bytes]:
        yield b"new, half"
        raise interruption

    with pytest.raises(interruption):
        write_chunks_atomically(target, chunks())
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_real_sigint_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"

    def chunks() -> Iterator[bytes]:
        yield b"new, half"
        signal.raise_signal(signal.SIGINT)
        yield b"never"

    with pytest.raises(KeyboardInterrupt):
        write_chunks_atomically(target, chunks())
    assert os.listdir(tmp_path) == []


def test_a_folder_that_is_missing_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="its folder does not exist") as caught:
        write_atomically(tmp_path / "missing" / "out.json", b"data")
    assert caught.value.filename == str(tmp_path / "missing" / "out.json")


@given(
    name=st.text(
        st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=60,
    )
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_name_is_written_and_nothing_else_left(tmp_path: Path, name: str) -> None:
    if name in {".", ".."} or len(os.fsencode(name)) > 255:
        return
    folder = tmp_path / secrets.token_hex(4)
    folder.mkdir()
    write_atomically(folder / name, name.encode("utf-8", "surrogatepass"))
    assert os.listdir(folder) == [name]


# --- a batch: all of them or none -------------------------------------------------------


def test_a_batch_replaces_every_file_when_all_are_written(tmp_path: Path) -> None:
    (tmp_path / "a.ics").write_bytes(b"old a")
    with Batch() as batch:
        batch.add(tmp_path / "a.ics", [b"new a"])
        batch.add(tmp_path / "b.ics", [b"new b"])
        assert (tmp_path / "a.ics").read_bytes() == b"old a"
        assert not (tmp_path / "b.ics").exists()
    assert (tmp_path / "a.ics").read_bytes() == b"new a"
    assert (tmp_path / "b.ics").read_bytes() == b"new b"
    assert sorted(os.listdir(tmp_path)) == ["a.ics", "b.ics"]


def test_a_batch_that_fails_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.ics").write_bytes(b"old a")

    def broken() -> Iterator[bytes]:
        yield b"half"
        raise ValueError("the second feed is bad")

    def write_both() -> None:
        with Batch() as batch:
            batch.add(tmp_path / "a.ics", [b"new a"])
            batch.add(tmp_path / "b.ics", broken())

    with pytest.raises(ValueError, match="second feed"):
        write_both()
    assert (tmp_path / "a.ics").read_bytes() == b"old a"
    assert sorted(os.listdir(tmp_path)) == ["a.ics"]


def test_a_batch_interrupted_between_renames_finishes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.ics", "b.ics", "c.ics"):
        (tmp_path / name).write_bytes(b"old")
    real_replace = os.replace
    calls: list[str] = []

    def interrupted(source: str, target: str) -> None:
        real_replace(source, target)
        calls.append(target)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)

    def write_all() -> None:
        with Batch() as batch:
            for name in ("a.ics", "b.ics", "c.ics"):
                batch.add(tmp_path / name, [b"new"])

    with pytest.raises(KeyboardInterrupt):
        write_all()
    assert {name: (tmp_path / name).read_bytes() for name in os.listdir(tmp_path)} == {
        "a.ics": b"new",
        "b.ics": b"new",
        "c.ics": b"new",
    }


# --- a folder replaced as a whole --------------------------------------------------------


def test_a_new_folder_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "programme"
    replace_folder(folder, {"a.csv": b"a", "b.csv": b"b"}, private=True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {
        "a.csv": 0o600,
        "b.csv": 0o600,
    }
    assert os.listdir(tmp_path) == ["programme"]


def test_a_replaced_folder_keeps_its_modes_and_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "programme"
    folder.mkdir(mode=0o750)
    folder.chmod(0o750)
    (folder / "a.csv").write_bytes(b"old a")
    (folder / "a.csv").chmod(0o640)
    (folder / "notes.txt").write_bytes(b"mine")
    (folder / "archive").mkdir()
    (folder / "archive" / "2025.csv").write_bytes(b"kept")
    (folder / "latest").symlink_to("archive/2025.csv")
    replace_folder(folder, {"a.csv": b"new a", "b.csv": b"new b"}, private=True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert stat.S_IMODE((folder / "a.csv").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "b.csv").stat().st_mode) == 0o600
    assert (folder / "a.csv").read_bytes() == b"new a"
    assert (folder / "notes.txt").read_bytes() == b"mine"
    assert (folder / "archive" / "2025.csv").read_bytes() == b"kept"
    assert os.readlink(folder / "latest") == "archive/2025.csv"
    assert os.listdir(tmp_path) == ["programme"]


def test_a_link_to_a_folder_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.csv").write_bytes(b"old")
    (tmp_path / "link").symlink_to(real)
    replace_folder(tmp_path / "link", {"a.csv": b"new"})
    assert (tmp_path / "link").is_symlink()
    assert (real / "a.csv").read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["link", "real"]


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "programme").write_bytes(b"a file")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        replace_folder(tmp_path / "programme", {"a.csv": b"new"})
    assert os.listdir(tmp_path) == ["programme"]


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failure_between_the_renames_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"old")
    real_rename = os.rename
    calls: list[str] = []

    def second_fails(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise failure
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", second_fails)
    with pytest.raises(type(failure)):
        replace_folder(folder, {"a.csv": b"new"})
    assert (folder / "a.csv").read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["programme"]


def test_a_crash_between_the_renames_leaves_no_mix(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: nothing is at the path, and both folders are whole beside it."""
    folder = tmp_path / "programme"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"old a")
    (folder / "b.csv").write_bytes(b"old b")
    script = f"""
import os, signal
from ipsrules._atomic import replace_folder
real_rename = os.rename
calls = []
def rename(source, target):
    calls.append(target)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    real_rename(source, target)
os.rename = rename
replace_folder({str(folder)!r}, {{"a.csv": b"new a", "b.csv": b"new b"}})
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert not folder.exists()
    beside = {name: sorted(os.listdir(tmp_path / name)) for name in os.listdir(tmp_path)}
    contents = {
        name: {file: (tmp_path / name / file).read_bytes() for file in files}
        for name, files in beside.items()
    }
    assert sorted(contents.values(), key=str) == [
        {"a.csv": b"new a", "b.csv": b"new b"},
        {"a.csv": b"old a", "b.csv": b"old b"},
    ]
    assert all(re.fullmatch(r"\.ipsrules-[0-9a-f]{8}\.(tmp|old)", name) for name in beside)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file away")
def test_as_root_a_replaced_file_and_folder_keep_their_owner(tmp_path: Path) -> None:
    """A nightly job run as root must not take over a user's programme file."""
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    os.chown(target, 4321, 4321)
    write_atomically(target, b"new")
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)
    folder = tmp_path / "programme"
    folder.mkdir()
    os.chown(folder, 4321, 4321)
    replace_folder(folder, {"a.csv": b"a"})
    assert (folder.stat().st_uid, folder.stat().st_gid) == (4321, 4321)
