"""
A feed server: each specialist's calendar feed (and the team's) at a secret link, over HTTP.

Calendar clients (Outlook, Google Calendar, Apple Calendar, Thunderbird) subscribe to a URL
and fetch it again every few hours. `feed_app` is the WSGI application that answers them:
``GET /feeds/<token>.ics`` gives the feed that the link opens, judged on today in the
programme's time zone, and nothing else is ever answered but a bare ``404 Not Found``. The
links are made and revoked with `ipsrules.server.Links` or ``ipsrules links``, and their
file holds only digests (see `Links`).

Answers carry an ``ETag`` and a ``Last-Modified`` and honour ``If-None-Match`` and
``If-Modified-Since`` with ``304 Not Modified``, so a client that polls often costs a
digest and a few headers. A feed is a function of the programme, the day and the link, and
its ``DTSTAMP`` is the later of the file's time and the day's start: two servers that share
the files, or one that restarts, give the same bytes and the same ``ETag``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import attrs

from ._links import Link, Links, read_links
from ._model import Programme
from .exceptions import LinkError, LoadError, ServeError
from .feeds import FeedState, feed_bytes
from .formats import load_path

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["Link", "LinkError", "Links", "ServeError", "feed_app", "read_links", "serve"]

CONTENT_TYPE = "text/calendar; charset=utf-8"
_PATH = re.compile(r"/feeds/([A-Za-z0-9_-]{1,64})\.ics")
_NOT_FOUND = b"Not found\n"
_SERVER_ERROR = b"Server error\n"
# Headers on every answer: nothing to sniff, no link to leak in a Referer, no caching by
# anyone but the client that asked.
_COMMON = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "private, no-cache"),
]


@attrs.frozen
class _Stamp:
    """What identifies a version of a file: a changed stamp means read it again."""

    mtime_ns: int
    size: int
    inode: int

    @classmethod
    def of(cls, path: str) -> _Stamp:
        status = os.stat(path)
        return cls(status.st_mtime_ns, status.st_size, status.st_ino)


@attrs.frozen
class _Feed:
    body: bytes
    etag: str
    last_modified: datetime


class _Files:
    """The programme and the links, read again whenever their files change."""

    def __init__(self, programme: str, links: str) -> None:
        self._programme_path = programme
        self._links_path = links
        self._lock = threading.Lock()
        self._programme: tuple[_Stamp, Programme] | None = None
        self._refused: _Stamp | None = None  # a version that failed: not read again
        self._links: tuple[_Stamp, Links] | None = None

    def programme(self, log: Callable[[str], None]) -> tuple[_Stamp, Programme]:
        """The programme, read again if its file changed; the last good one if that fails."""
        with self._lock:
            try:
                stamp = _folder_stamp(self._programme_path)
                current = self._programme
                if (current is None or current[0] != stamp) and stamp != self._refused:
                    self._programme = (stamp, load_path(self._programme_path))
            except (OSError, LoadError) as error:
                self._refused = stamp
                if self._programme is None:
                    raise
                log(f"ipsrules.server: serving the last good programme: {error}")
            if self._programme is None:
                raise LoadError(self._programme_path, "no programme could be read")
            return self._programme

    def links(self) -> Links:
        with self._lock:
            stamp = _Stamp.of(self._links_path)
            if self._links is None or self._links[0] != stamp:
                self._links = (stamp, read_links(self._links_path))
            return self._links[1]


def feed_app(
    programme: str | os.PathLike[str],
    links: str | os.PathLike[str],
    *,
    clock: Callable[[], datetime] | None = None,
    state: str | os.PathLike[str] | None = None,
    **feed_options: Any,
) -> WSGIApplication:
    """
    The WSGI application that serves the feeds of *programme* at the links in *links*.

    Both files are read again when they change, so a revoked link stops working at the next
    request and a programme written by the nightly export is served at once. A programme
    file that cannot be read is never served half: the error is logged (without any link)
    and the last good programme stays in service; with none, the answer is a bare 500.

    Args:
        programme: A programme file (JSON) or a folder of CSV files.
        links: A links file, as ``ipsrules links add`` writes it.
        clock: Now, as an aware datetime (default: the system clock); the day judged on is
            its date in the programme's time zone.
        state: A file of the feeds' `~ipsrules.feeds.FeedState`, so that no event's
            SEQUENCE ever goes back (made if absent, saved after each new feed). Give the
            server a state file of its own: feeds written elsewhere with another one
            would be numbered apart.
        feed_options: Passed on to `ipsrules.feeds.feed_bytes` for every feed: ``uid_secret``
            (required, as there), ``locale``, ``include``, ``disclose`` and the others,
            except the day, the specialist, the time stamp and the state, which the server
            decides.

    Raises:
        TypeError: *feed_options* give one of what the server decides, or no
            ``uid_secret``: the server decides neither the day nor the secret silently.
        LoadError: The state file cannot be read.
    """
    if "uid_secret" not in feed_options:
        msg = "feed_app needs uid_secret=, the service's secret (or feeds.PUBLIC for a demo)"
        raise TypeError(msg)
    for decided in ("today", "specialist_id", "participant_id", "generated_at", "state"):
        if decided in feed_options:
            msg = f"feed_app decides {decided!r} itself; it cannot be given"
            raise TypeError(msg)
    files = _Files(os.fspath(programme), os.fspath(links))
    state_path = None if state is None else os.fspath(state)
    feed_state = None if state_path is None else _read_state(state_path)
    # Feeds that share a state are made one at a time, each saved before the next.
    state_lock = threading.Lock()
    now = clock or (lambda: datetime.now(UTC))
    # The newest feed of each target (a specialist, or the team), with the day and the
    # version of the programme it was made for: one entry per target, never more.
    cache: dict[str | None, tuple[Any, _Feed]] = {}
    cache_lock = threading.Lock()

    def render(link: Link, stamp: _Stamp, current: Programme) -> _Feed | None:
        today = now().astimezone(current.zone).date()
        specialist = link.specialist_id
        version = (today, stamp)
        with cache_lock:
            cached = cache.get(specialist)
        if cached is not None and cached[0] == version:
            return cached[1]
        if specialist is not None and specialist not in {s.id for s in current.specialists}:
            return None
        generated_at = max(
            datetime.fromtimestamp(stamp.mtime_ns / 1e9, UTC).replace(microsecond=0),
            datetime.combine(today, time(), current.zone).astimezone(UTC),
        )
        with state_lock:
            if feed_state is not None and feed_state.stamp is not None:
                generated_at = max(generated_at, feed_state.stamp)
            body = feed_bytes(
                current,
                today=today,
                specialist_id=specialist,
                generated_at=generated_at,
                state=feed_state,
                **feed_options,
            )
            if feed_state is not None and state_path is not None:
                feed_state.save(state_path)
        feed = _Feed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', generated_at)
        with cache_lock:
            cache[specialist] = (version, feed)
        return feed

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        match = _PATH.fullmatch(environ.get("PATH_INFO", ""))
        if method not in ("GET", "HEAD") or match is None:
            return _answer(start_response, "404 Not Found", _NOT_FOUND, method)
        try:
            link = files.links().find(match.group(1))
            if link is None:
                return _answer(start_response, "404 Not Found", _NOT_FOUND, method)
            stamp, current = files.programme(lambda message: _log(environ, message))
            feed = render(link, stamp, current)
        except Exception as error:
            _log(environ, f"ipsrules.server: a feed failed: {type(error).__name__}: {error}")
            return _answer(start_response, "500 Internal Server Error", _SERVER_ERROR, method)
        if feed is None:
            return _answer(start_response, "404 Not Found", _NOT_FOUND, method)
        headers = [
            ("ETag", feed.etag),
            ("Last-Modified", format_datetime(feed.last_modified, usegmt=True)),
        ]
        if _not_modified(environ, feed):
            start_response("304 Not Modified", [*headers, *_COMMON])
            return []
        headers += [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(feed.body)))]
        start_response("200 OK", [*headers, *_COMMON])
        return [] if method == "HEAD" else [feed.body]

    return application


def serve(
    app: WSGIApplication,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    threads: int = 4,
    ready: Callable[[str], object] | None = None,
) -> None:
    """
    Run *app* with waitress, a production WSGI server (the ``serve`` extra), until Ctrl-C
    stops it; then it returns.

    It listens on *host* only (by default this machine): put it behind the service's
    HTTPS reverse proxy, which must not log full request paths (they hold the links).
    *ready* is called with the address of the feeds once the port is listened on, so that
    nothing says the feeds are served before they are.

    Raises:
        ServeError: waitress is not installed, or the port cannot be listened on.
    """
    try:
        from waitress.server import create_server  # type: ignore[import-untyped]
    except ImportError:
        msg = "serving feeds needs waitress: pip install 'ipsrules[serve]'"
        raise ServeError(msg) from None
    channels: dict[int, Any] = {}  # the server's sockets, to close them if it cannot start
    try:
        server = create_server(
            app, map=channels, host=host, port=port, threads=threads, ident="ipsrules"
        )
    except OSError as error:
        for channel in list(channels.values()):
            channel.close()
        msg = f"cannot listen on {host}:{port} ({error.strerror or error})"
        raise ServeError(msg) from None
    if ready is not None:
        ready(f"http://{host}:{port}/feeds/")
    server.run()  # until Ctrl-C, which waitress turns into a return


def _answer(
    start_response: StartResponse, status: str, body: bytes, method: str
) -> Iterator[bytes] | list[bytes]:
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            *_COMMON,
        ],
    )
    return [] if method == "HEAD" else [body]


def _not_modified(environ: WSGIEnvironment, feed: _Feed) -> bool:
    """RFC 9110: If-None-Match decides when it is there; If-Modified-Since only otherwise."""
    tags = environ.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        offered = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return "*" in offered or feed.etag in offered
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return feed.last_modified <= moment


def _log(environ: WSGIEnvironment, message: str) -> None:
    stream = environ.get("wsgi.errors") or sys.stderr
    stream.write(message + "\n")
    stream.flush()


def _folder_stamp(path: str) -> _Stamp:
    """A file's stamp, or for a folder of CSV files the newest of its files'."""
    if not os.path.isdir(path):
        return _Stamp.of(path)
    stamps = [_Stamp.of(path)]
    stamps += [_Stamp.of(entry.path) for entry in os.scandir(path) if entry.is_file()]
    return _Stamp(
        max(stamp.mtime_ns for stamp in stamps),
        sum(stamp.size for stamp in stamps),
        stamps[0].inode,
    )


def _read_state(path: str) -> FeedState:
    try:
        return FeedState.load(path, missing_ok=True)
    except OSError as error:
        raise LoadError(path, f"cannot read the feed state ({error.strerror or error})") from None
