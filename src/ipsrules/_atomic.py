"""
Writing files so that a reader sees the old content or the new, never half of either.

What a path names decides how it is written (``docs/limits.md``, "Writes"):

- a regular file, or nothing yet, is replaced: the bytes go to a temporary file
  ``.ipsrules-XXXXXXXX.tmp`` in the same folder, which is flushed to disk and renamed over it;
- a symbolic link is followed, and the file it finally names is replaced; the link stays. A
  link that names nothing, or that loops, is refused;
- anything else that can be opened for writing (``/dev/null``, a terminal, a FIFO) is written
  through, as a shell's ``>`` would: replacing it with a file would break it;
- a folder is refused.

A replaced file keeps its mode (and its owner and group where the user may set them); a new
file gets the mode the umask allows, or ``0600`` when it is *private*. The temporary file is
removed on any failure that Python sees, an interruption (``KeyboardInterrupt``, a
``SystemExit`` from a signal handler) included; nothing here installs signal handlers, which
are the command line's business.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Final, NamedTuple

TEMPORARY_PREFIX: Final = ".ipsrules-"
"""How the names of temporary files and folders begin: 22 bytes in all, whatever the target."""

PRIVATE_FILE_MODE: Final = 0o600
"""The mode of a new file that holds personal data: readable and writable by its owner only."""

PRIVATE_FOLDER_MODE: Final = 0o700
"""The mode of a new folder of files that hold personal data."""

_CREATE: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class _Target(NamedTuple):
    """Where the bytes go: the file to replace (links resolved) or the file to write into."""

    path: str
    through: bool
    existing: os.stat_result | None


def _refused(code: int, reason: str, path: str) -> OSError:
    """An `OSError` of the right subclass (``IsADirectoryError`` ...) whose message names *path*."""
    return OSError(code, reason, path)


def _unwritable_folder(error: OSError, path: str) -> OSError:
    """Nothing can be made in the folder of *path*: say so of *path*, not of a temporary name."""
    if error.errno == errno.ENOENT and not os.path.isdir(os.path.dirname(path)):
        return _refused(errno.ENOENT, "its folder does not exist", path)
    reason = f"nothing can be made in its folder: {error.strerror or error}"
    return _refused(error.errno or errno.EIO, reason, path)


def _status(path: str) -> os.stat_result | None:
    """What *path* names after following links; ``None`` when it names nothing at all."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            reason = "is a symbolic link to a file that does not exist (links are followed)"
            raise _refused(errno.ENOENT, reason, path) from None
        return None
    except NotADirectoryError:
        raise _refused(errno.ENOTDIR, "a part of its path is a file, not a folder", path) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _refused(errno.ELOOP, "is a symbolic link that loops", path) from None
        raise


def _target(path: str | os.PathLike[str]) -> _Target:
    name = os.fspath(path)
    if not name:
        raise _refused(errno.ENOENT, "an empty path names no file", name)
    status = _status(name)
    if status is None:
        if name.endswith(("/", os.sep)):
            raise _refused(errno.EISDIR, "ends in a separator, so it names a folder", name)
        return _Target(os.path.abspath(name), through=False, existing=None)
    if stat.S_ISDIR(status.st_mode):
        raise _refused(errno.EISDIR, "is a folder; name a file inside it", name)
    if not stat.S_ISREG(status.st_mode):
        return _Target(name, through=True, existing=status)
    return _Target(os.path.realpath(name), through=False, existing=status)


def _temporary_name(folder: str, suffix: str) -> str:
    return os.path.join(folder, f"{TEMPORARY_PREFIX}{secrets.token_hex(4)}{suffix}")


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(folder: str) -> None:
    """Flush a folder's entries, so a rename in it survives a power cut (where the OS allows)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _keep_owner_and_mode(file: int | str, existing: os.stat_result) -> None:
    """
    Give a new *file* (a descriptor, or a folder's path) the mode, and where allowed the
    owner and group, of the one it replaces.
    """
    if hasattr(os, "chown") and (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(file, existing.st_uid, existing.st_gid)
    os.chmod(file, stat.S_IMODE(existing.st_mode))


def _stage(target: _Target, chunks: Iterable[bytes], *, private: bool) -> str:
    """Write *chunks* to a new temporary file beside *target*, flushed; return its name."""
    folder = os.path.dirname(target.path)
    mode = PRIVATE_FILE_MODE if private else 0o666  # the umask narrows it further
    temporary = ""
    try:
        while True:
            temporary = _temporary_name(folder, ".tmp")
            try:
                descriptor = os.open(temporary, _CREATE, mode)
                break
            except FileExistsError:
                temporary = ""  # someone else's: leave it, draw again
            except OSError as error:
                temporary = ""
                raise _unwritable_folder(error, target.path) from None
        with os.fdopen(descriptor, "wb") as file:
            if target.existing is not None:
                _keep_owner_and_mode(file.fileno(), target.existing)
            for chunk in chunks:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        if temporary:
            _remove(temporary)
        raise
    return temporary


def _write_through(path: str, chunks: Iterable[bytes]) -> None:
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "wb") as file:
        for chunk in chunks:
            file.write(chunk)


def write_atomically(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """
    Write *data* to *path* by the rules of this module: replaced whole, or written through.

    Args:
        path: The file to write.
        data: Its new content.
        private: Create a new file readable by its owner only (``0600``).

    Raises:
        OSError: *path* cannot be written, or names a folder or a broken link; a file that
            would have been replaced is then unchanged.
    """
    write_chunks_atomically(path, (data,), private=private)


def write_chunks_atomically(
    path: str | os.PathLike[str], chunks: Iterable[bytes], *, private: bool = False
) -> None:
    """
    Write *chunks* one after another to *path*, as `write_atomically` writes its bytes.

    Only one chunk is held at a time, so a large file never needs to fit in memory. If
    *chunks* raises, the temporary file is removed and *path* is unchanged.

    Raises:
        OSError: As for `write_atomically`.
    """
    target = _target(path)
    if target.through:
        _write_through(target.path, chunks)
        return
    temporary = _stage(target, chunks, private=private)
    try:
        os.replace(temporary, target.path)
    except BaseException:
        _remove(temporary)
        raise
    _sync_folder(os.path.dirname(target.path))


class Batch:
    """
    Files written in full before any is put in place: all of them new, or none.

    Each `add` writes its file to a temporary beside its target; leaving the ``with`` block
    without an error renames them all over their targets, and an error removes them, so
    that no target has changed. The renames take microseconds; an interruption during them
    lets them finish before it is raised. Targets written through (a FIFO, a device) are held
    in memory and written after the renames.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, str]] = []
        self._through: list[tuple[str, bytes]] = []

    def add(
        self, path: str | os.PathLike[str], chunks: Iterable[bytes], *, private: bool = False
    ) -> None:
        """Write *chunks* for *path*, to be put in place when the block ends."""
        target = _target(path)
        if target.through:
            self._through.append((target.path, b"".join(chunks)))
        else:
            self._staged.append((_stage(target, chunks, private=private), target.path))

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self._commit()
        else:
            self._discard()

    def _discard(self) -> None:
        for temporary, _ in self._staged:
            _remove(temporary)
        self._staged.clear()

    def _commit(self) -> None:
        folders = {os.path.dirname(path) for _, path in self._staged}
        pending = self._staged
        try:
            while pending:
                temporary, path = pending[0]
                os.replace(temporary, path)
                del pending[0]
        except OSError:
            self._discard()
            raise
        except BaseException:
            # Interrupted between two renames: finish them, so old and new never mix.
            for temporary, path in pending:
                with contextlib.suppress(OSError):
                    os.replace(temporary, path)
            self._discard()
            raise
        for folder in folders:
            _sync_folder(folder)
        for path, data in self._through:
            _write_through(path, (data,))


# --- folders ------------------------------------------------------------------


def _folder_target(name: str) -> tuple[str, os.stat_result | None]:
    """The folder to replace (links resolved) and what is there now; refuse what is no folder."""
    if not name:
        raise _refused(errno.ENOENT, "an empty path names no folder", name)
    status = _status(name)
    if status is None:
        return os.path.abspath(name), None
    if not stat.S_ISDIR(status.st_mode):
        raise _refused(errno.ENOTDIR, "is not a folder", name)
    return os.path.realpath(name), status


def _link_or_copy(source: str, target: str) -> None:
    """Carry a file over by a hard link (instant, no second copy), else by copying it."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _carry_over(old: str, staging: str, files: Mapping[str, bytes]) -> None:
    """Put what the old folder holds besides *files* into the new one, as it is."""
    for entry in os.scandir(old):
        if entry.name in files:
            continue
        target = os.path.join(staging, entry.name)
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, target, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        else:
            _link_or_copy(entry.path, target)


def _remove_folder(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _fill(staging: str, files: Mapping[str, bytes], old: str | None, *, private: bool) -> None:
    """Write *files* into the new folder *staging*, each with the mode of its old namesake."""
    for file_name, data in files.items():
        existing = None
        if old is not None:
            with contextlib.suppress(FileNotFoundError):
                existing = os.stat(os.path.join(old, file_name))
        path = os.path.join(staging, file_name)
        descriptor = os.open(path, _CREATE, PRIVATE_FILE_MODE if private else 0o666)
        with os.fdopen(descriptor, "wb") as file:
            if existing is not None:
                _keep_owner_and_mode(file.fileno(), existing)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())


def replace_folder(
    path: str | os.PathLike[str], files: Mapping[str, bytes], *, private: bool = False
) -> None:
    """
    Write *files* (name to bytes) as the folder *path*: a reader sees the old folder or the new.

    The files are written into a new folder ``.ipsrules-XXXXXXXX.tmp`` beside *path*, which
    then takes its place: by one rename when *path* does not exist, else by two (the old
    folder to ``.ipsrules-XXXXXXXX.old``, the new one to *path*), after which the old one is
    removed. A failure or an interruption between the two renames puts the old folder back;
    a crash there (power loss, ``SIGKILL``) leaves no folder at *path*, never a mix of old
    and new files, and both folders beside it. Whatever else the old folder holds is carried
    over unchanged (by hard links where the file system has them, else copied); a link to a
    folder is followed.

    Args:
        path: The folder to write.
        files: The name and content of each file.
        private: Create a new folder readable by its owner only (``0700``, files ``0600``).

    Raises:
        OSError: The folder cannot be written; it is then unchanged.
    """
    target, existing = _folder_target(os.fspath(path))
    parent = os.path.dirname(target)
    staging = ""
    old = ""
    try:
        while True:
            staging = _temporary_name(parent, ".tmp")
            try:
                os.mkdir(staging, PRIVATE_FOLDER_MODE if private else 0o777)
                break
            except FileExistsError:
                staging = ""
            except OSError as error:
                staging = ""
                raise _unwritable_folder(error, target) from None
        _fill(staging, files, None if existing is None else target, private=private)
        if existing is not None:
            _carry_over(target, staging, files)
            _keep_owner_and_mode(staging, existing)
        _sync_folder(staging)
        if existing is None:
            os.rename(staging, target)
            staging = ""
        else:
            old = _temporary_name(parent, ".old")
            os.rename(target, old)
            os.rename(staging, target)
            staging = ""
        _sync_folder(parent)
    finally:
        if old and not os.path.lexists(target):
            # Stopped between the two renames: put the old folder back.
            with contextlib.suppress(OSError):
                os.rename(old, target)
                old = ""
        # Never remove the only copy: when nothing is at *path*, both folders stay beside it.
        if os.path.lexists(target) or not old:
            if staging and os.path.isdir(staging):
                _remove_folder(staging)
            if old:
                _remove_folder(old)
