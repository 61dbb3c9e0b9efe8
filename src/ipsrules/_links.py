"""
Secret feed links: who may fetch which feed, kept so that the service's files never hold a link.

A link is a random token of 256 bits in a URL. Only its SHA-256 digest is stored: a copy of
the links file (a backup, a leaked disk) lets nobody fetch a feed, and a token cannot be
guessed from another one. A plain digest is enough here, unlike for passwords, because the
token is random and long, so there is nothing to try a dictionary against.

The file is JSON that people may read and edit (revoking a link by hand is deleting its
entry)::

    {"format": "ipsrules-feed-links", "version": 1, "links": [
      {"id": "L-5f0c2a9d", "feed": "specialist", "specialist_id": "ES1",
       "digest": "sha256:...", "created_at": "2026-12-02T10:00:00Z"}]}
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from ._atomic import write_atomically
from ._reading import aware_moment
from .exceptions import LinkError

__all__ = ["FORMAT", "Link", "Links", "digest_of", "new_token", "read_links"]

FORMAT = "ipsrules-feed-links"
VERSION = 1
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
"""A token as `new_token` makes it: 32 random bytes in URL-safe base64, without padding."""

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_ID = re.compile(r"L-[0-9a-f]{8}")

Feed = Literal["specialist", "team"]


def new_token() -> str:
    """A fresh link token: 256 bits from the operating system's secure random source."""
    return secrets.token_urlsafe(32)


def digest_of(token: str) -> str:
    """What the links file keeps of *token*."""
    return "sha256:" + hashlib.sha256(token.encode("ascii")).hexdigest()


@attrs.frozen
class Link:
    """
    One link: the feed it opens and the digest of its token, never the token itself.

    ``feed`` is ``"specialist"`` (the feed of ``specialist_id``) or ``"team"`` (the whole
    programme's feed, for a team leader).
    """

    id: str
    feed: Feed
    digest: str
    created_at: datetime
    specialist_id: str | None = None

    def describe(self) -> str:
        """The feed in words, for ``ipsrules links list``."""
        return "the team" if self.feed == "team" else f"specialist {self.specialist_id}"


@attrs.frozen
class Links:
    """The links of a service, in the order they were added."""

    links: tuple[Link, ...] = ()

    def find(self, token: str) -> Link | None:
        """
        The link whose token is *token*, or ``None``.

        Every stored digest is compared, in constant time and without stopping at a match,
        so the time taken says nothing about which digests are near the one presented.
        """
        presented = digest_of(token) if TOKEN_PATTERN.fullmatch(token) else "sha256:"
        found = None
        for link in self.links:
            if hmac.compare_digest(presented, link.digest):
                found = link
        return found

    def add(
        self,
        feed: Feed,
        specialist_id: str | None = None,
        *,
        now: datetime | None = None,
    ) -> tuple[Links, Link, str]:
        """
        These links and a new one, the new link, and its token.

        The token is returned once and not kept: show it to the person who subscribes.
        """
        if (feed == "specialist") != (specialist_id is not None):
            msg = "a specialist's link names the specialist; a team link names none"
            raise ValueError(msg)
        token = new_token()
        taken = {link.id for link in self.links}
        link_id = _new_id(taken)
        link = Link(
            id=link_id,
            feed=feed,
            digest=digest_of(token),
            created_at=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
            specialist_id=specialist_id,
        )
        return Links((*self.links, link)), link, token

    def revoke(self, link_id: str) -> Links:
        """These links without *link_id*; a `LinkError` when there is no such link."""
        kept = tuple(link for link in self.links if link.id != link_id)
        if len(kept) == len(self.links):
            msg = f"no link has the id {link_id!r}"
            raise LinkError(msg)
        return Links(kept)

    def to_json(self) -> str:
        """The links file's text."""
        document = {
            "format": FORMAT,
            "version": VERSION,
            "links": [_link_to_json(link) for link in self.links],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: str | os.PathLike[str]) -> None:
        """
        Write the links file atomically: a reader sees the old links or the new.

        It holds digests only, which open nothing, so it needs no more protection than the
        folder it is in gives.
        """
        write_atomically(path, self.to_json().encode("utf-8"))


def read_links(path: str | os.PathLike[str], *, missing_ok: bool = False) -> Links:
    """
    The links in the file at *path*.

    Args:
        missing_ok: An absent file is no links (for the first ``ipsrules links add``).

    Raises:
        LinkError: The file cannot be read or is not a links file; the message names the file
            and the entry.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            data = file.read(16 * 1024 * 1024 + 1)
    except FileNotFoundError:
        if missing_ok:
            return Links()
        msg = f"{name}: no such links file"
        raise LinkError(msg) from None
    except OSError as error:
        msg = f"{name}: cannot read the links file ({error.strerror or error})"
        raise LinkError(msg) from None
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        msg = f"{name}: not a links file (not JSON in UTF-8: {error})"
        raise LinkError(msg) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or document.get("version") != VERSION
    ):
        msg = f"{name}: not a links file (expected format {FORMAT!r}, version {VERSION})"
        raise LinkError(msg)
    entries = document.get("links")
    if not isinstance(entries, list):
        msg = f"{name}: 'links' must be a list"
        raise LinkError(msg)
    links = tuple(_link_from_json(name, index, entry) for index, entry in enumerate(entries))
    ids = [link.id for link in links]
    for link_id in ids:
        if ids.count(link_id) > 1:
            msg = f"{name}: the link id {link_id!r} is used twice"
            raise LinkError(msg)
    return Links(links)


def _new_id(taken: set[str]) -> str:
    while True:
        link_id = f"L-{secrets.token_hex(4)}"
        if link_id not in taken:
            return link_id


def _link_to_json(link: Link) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": link.id, "feed": link.feed}
    if link.specialist_id is not None:
        entry["specialist_id"] = link.specialist_id
    entry["digest"] = link.digest
    entry["created_at"] = link.created_at.isoformat().replace("+00:00", "Z")
    return entry


def _link_from_json(name: str, index: int, entry: object) -> Link:
    where = f"{name}: links[{index}]"
    if not isinstance(entry, dict):
        msg = f"{where}: expected an object"
        raise LinkError(msg)
    link_id = entry.get("id")
    if not isinstance(link_id, str) or not _ID.fullmatch(link_id):
        msg = f"{where}.id: expected an id such as 'L-5f0c2a9d', got {link_id!r}"
        raise LinkError(msg)
    where = f"{name}: link {link_id}"
    feed = entry.get("feed")
    specialist_id = entry.get("specialist_id")
    team = feed == "team" and specialist_id is None
    one = feed == "specialist" and isinstance(specialist_id, str) and bool(specialist_id)
    if not (team or one):
        msg = (
            f"{where}: expected feed 'team' (no specialist_id) or 'specialist' with a "
            f"specialist_id, got feed {feed!r} and specialist_id {specialist_id!r}"
        )
        raise LinkError(msg)
    digest = entry.get("digest")
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        msg = f"{where}.digest: expected 'sha256:' and 64 hexadecimal digits"
        raise LinkError(msg)
    created = entry.get("created_at")
    created_at = aware_moment(created)
    if created_at is None:
        msg = f"{where}.created_at: expected a date and time with a UTC offset, got {created!r}"
        raise LinkError(msg)
    return Link(
        id=link_id,
        feed="team" if team else "specialist",
        digest=digest,
        created_at=created_at,
        specialist_id=specialist_id,
    )
