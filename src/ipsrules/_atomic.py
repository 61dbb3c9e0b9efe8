"""
Writing a file so that a reader sees the old content or the new, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """
    Write *data* to *path* through a temporary file in the same folder, then move it over.

    The temporary file is flushed to disk before the move, so a failure (a full disk, a
    crash) leaves either the old file or the new one.

    Raises:
        OSError: The file cannot be written; *path* is then unchanged.
    """
    write_chunks_atomically(path, (data,))


def write_chunks_atomically(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """
    Write *chunks* one after another to *path*, as `write_atomically` writes its bytes.

    Only one chunk is held at a time, so a large file never needs to fit in memory. If
    *chunks* raises, the temporary file is removed and *path* is unchanged.

    Raises:
        OSError: The file cannot be written; *path* is then unchanged.
    """
    target = os.fspath(path)
    folder, base = os.path.split(os.path.abspath(target))
    temporary = os.path.join(folder, f".{base}.{secrets.token_hex(6)}.tmp")
    # os.open with mode 0o666 lets the umask decide the permissions, as for any new file.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
