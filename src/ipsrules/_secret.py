"""
The secret from which a service's feed UIDs are made, kept in a file only its owner reads.

A UID is a keyed hash of a follow-up's id, and a follow-up's id holds the participant's code:
whoever holds the key can tell whose event a UID is. So the command line makes a key of its
own the first time it needs one, 32 random bytes, and keeps it where only the user who runs
it can read it, so that UIDs stay the same from one night's feeds to the next.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from .exceptions import LoadError

SECRET_FILE_VARIABLE = "IPSRULES_SECRET_FILE"
"""The environment variable that names the secret file, when ``--secret-file`` does not."""

SECRET_BYTES = 32
"""How many random bytes a new secret has: 256 bits, the size of SHA-256's output."""


def default_secret_path(environ: Mapping[str, str]) -> Path:
    """
    Where the secret is kept unless told otherwise: ``$IPSRULES_SECRET_FILE``, else
    ``$XDG_CONFIG_HOME/ipsrules/feed-secret``, else ``~/.config/ipsrules/feed-secret``.
    """
    named = environ.get(SECRET_FILE_VARIABLE)
    if named:
        return Path(named)
    config = environ.get("XDG_CONFIG_HOME")
    base = Path(config) if config and os.path.isabs(config) else Path.home() / ".config"
    return base / "ipsrules" / "feed-secret"


def read_secret(path: Path) -> bytes:
    """
    The secret kept in *path*: one line of 64 hexadecimal digits.

    Raises:
        FileNotFoundError: There is no such file.
        LoadError: Others than its owner may read or write the file (on POSIX systems), or
            it does not hold a secret.
        OSError: The file cannot be read.
    """
    with path.open("rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            reason = (
                f"its permissions are {stat.filemode(mode)}: group and others must have no "
                f"access to a secret (run: chmod 600 {str(path)!r})"
            )
            raise LoadError(str(path), reason)
        data = file.read(4 * SECRET_BYTES)
    text = data.decode("ascii", "replace").removesuffix("\n").removesuffix("\r")
    if len(text) != 2 * SECRET_BYTES or not all(c in "0123456789abcdefABCDEF" for c in text):
        reason = (
            f"it does not hold a feed secret: expected one line of {2 * SECRET_BYTES} "
            "hexadecimal digits"
        )
        raise LoadError(str(path), reason)
    return bytes.fromhex(text)


def create_secret(path: Path) -> bytes | None:
    """
    Make a new secret and keep it in *path*, which must not exist; ``None`` if it does.

    The folder is made readable by its owner alone (0700) if it is new; the file is written
    whole under another name with mode 0600 and then linked to *path*, which fails if
    *path* exists: two runs that start at once never overwrite each other's secret, and no
    reader ever sees half a file.

    Raises:
        OSError: The folder or file cannot be made.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_bytes(SECRET_BYTES)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            if os.name == "posix":
                os.fchmod(file.fileno(), 0o600)  # whatever the umask
            file.write(secret.hex().encode("ascii") + b"\n")
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return None
        except OSError:
            # A file system without hard links: create the file itself, exclusively.
            return _create_in_place(path, secret)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return secret


def _create_in_place(path: Path, secret: bytes) -> bytes | None:
    """Write *secret* to *path* with ``O_EXCL``; ``None`` if *path* exists."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    with os.fdopen(descriptor, "wb") as file:
        if os.name == "posix":
            os.fchmod(file.fileno(), 0o600)
        file.write(secret.hex().encode("ascii") + b"\n")
        file.flush()
        os.fsync(file.fileno())
    return secret


def load_secret(path: Path) -> tuple[bytes, bool]:
    """
    The secret in *path*, made there first if there is none; and whether it was just made.

    Raises:
        LoadError: As for `read_secret`.
        OSError: The file cannot be read or made.
    """
    try:
        return read_secret(path), False
    except FileNotFoundError:
        pass
    made = create_secret(path)
    if made is None:  # another run made it in the meantime: use theirs
        return read_secret(path), False
    return made, True
