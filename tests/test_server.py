"""The feed server: secret links kept as digests, and the WSGI application, in and over HTTP."""

from __future__ import annotations

import io
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipsrules import ContactMode, dump, load
from ipsrules.cli import main
from ipsrules.exceptions import LinkError
from ipsrules.feeds import feed_bytes
from ipsrules.server import Links, feed_app, read_links
from ipsrules.synthetic import synthetic_programme

SECRET = b"k" * 32
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def programme_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server") / "programme.json"
    dump(synthetic_programme(participants=30, seed=5), path)
    return path


@pytest.fixture
def links_file(tmp_path: Path) -> Path:
    return tmp_path / "links.json"


def _add(path: Path, feed: Any, specialist: str | None = None) -> tuple[str, str]:
    links, link, token = read_links(path, missing_ok=True).add(feed, specialist)
    links.save(path)
    return link.id, token


def _get(app: Any, path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": headers.pop("method", "GET"),
        "PATH_INFO": path,
        "wsgi.errors": io.StringIO(),
    }
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def _specialist(programme_file: Path) -> str:
    return str(json.loads(programme_file.read_text())["specialists"][0]["id"])


# --- the links file -------------------------------------------------------------


def test_the_file_keeps_a_digest_never_the_token(links_file: Path) -> None:
    link_id, token = _add(links_file, "specialist", "ES1")
    text = links_file.read_text()
    assert token not in text
    assert link_id in text
    entry = json.loads(text)["links"][0]
    assert entry["digest"].startswith("sha256:")
    assert entry["specialist_id"] == "ES1"


def test_a_token_opens_its_link_and_no_other(links_file: Path) -> None:
    first, token = _add(links_file, "specialist", "ES1")
    second, other = _add(links_file, "team")
    links = read_links(links_file)
    found = links.find(token)
    assert found is not None
    assert found.id == first
    team = links.find(other)
    assert team is not None
    assert team.id == second
    assert team.feed == "team"
    assert links.find(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert links.find("") is None


@settings(max_examples=200)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
def test_a_guessed_token_opens_nothing(guess: str) -> None:
    links, _, token = Links().add("team")
    if guess != token:
        assert links.find(guess) is None


def test_tokens_are_long_and_never_repeat() -> None:
    links = Links()
    tokens = set()
    for _ in range(50):
        links, _, token = links.add("team")
        tokens.add(token)
    assert len(tokens) == 50
    assert all(len(token) == 43 for token in tokens)
    assert len({link.id for link in links.links}) == 50


def test_revoking_removes_the_link(links_file: Path) -> None:
    link_id, token = _add(links_file, "specialist", "ES1")
    read_links(links_file).revoke(link_id).save(links_file)
    assert read_links(links_file).find(token) is None
    with pytest.raises(LinkError, match="no link has the id"):
        read_links(links_file).revoke(link_id)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "other", "version": 1, "links": []}', "not a links file"),
        ('{"format": "ipsrules-feed-links", "version": 1, "links": {}}', "must be a list"),
        (
            '{"format": "ipsrules-feed-links", "version": 1, "links": [{"id": "x"}]}',
            r"links\[0\]\.id",
        ),
        (
            '{"format": "ipsrules-feed-links", "version": 1, "links": [{"id": "L-0000000a", '
            '"feed": "team", "digest": "md5:1", "created_at": "2026-01-01T00:00:00Z"}]}',
            r"link L-0000000a\.digest",
        ),
        (
            '{"format": "ipsrules-feed-links", "version": 1, "links": [{"id": "L-0000000a", '
            '"feed": "specialist", "digest": "sha256:' + "0" * 64 + '", '
            '"created_at": "2026-01-01T00:00:00Z"}]}',
            "specialist_id",
        ),
        (
            '{"format": "ipsrules-feed-links", "version": 1, "links": [{"id": "L-0000000a", '
            '"feed": "team", "digest": "sha256:' + "0" * 64 + '", "created_at": "2026-01-01"}]}',
            "created_at",
        ),
    ],
)
def test_a_bad_links_file_is_refused_naming_the_file_and_entry(
    links_file: Path, text: str, message: str
) -> None:
    links_file.write_text(text)
    with pytest.raises(LinkError, match=message) as caught:
        read_links(links_file)
    assert str(links_file) in str(caught.value)


def test_a_missing_links_file_is_an_error_unless_allowed(links_file: Path) -> None:
    with pytest.raises(LinkError, match="no such links file"):
        read_links(links_file)
    assert read_links(links_file, missing_ok=True).links == ()


# --- the application ------------------------------------------------------------


def test_a_link_serves_its_specialists_feed(programme_file: Path, links_file: Path) -> None:
    specialist = _specialist(programme_file)
    _, token = _add(links_file, "specialist", specialist)
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    status, headers, body = _get(app, f"/feeds/{token}.ics")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert int(headers["Content-Length"]) == len(body)
    assert headers["ETag"].startswith('"')
    assert headers["Referrer-Policy"] == "no-referrer"
    expected = feed_bytes(
        load(programme_file),
        today=NOW.date(),
        specialist_id=specialist,
        generated_at=parsedate_to_datetime(headers["Last-Modified"]),
        uid_secret=SECRET,
    )
    # The library's feed of that specialist on that day, stamped with Last-Modified.
    assert body == expected


def test_the_team_link_serves_the_whole_programme(programme_file: Path, links_file: Path) -> None:
    _, team = _add(links_file, "team")
    _, one = _add(links_file, "specialist", _specialist(programme_file))
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    whole = _get(app, f"/feeds/{team}.ics")[2]
    part = _get(app, f"/feeds/{one}.ics")[2]
    assert whole.count(b"BEGIN:VEVENT") > part.count(b"BEGIN:VEVENT") > 0


def test_everything_else_is_a_bare_not_found(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    answers = [
        _get(app, "/"),
        _get(app, "/feeds/"),
        _get(app, f"/feeds/{token}"),
        _get(app, f"/feeds/{token[:-1]}x.ics"),
        _get(app, f"/feeds/{token}.ics/../x"),
        _get(app, f"/feeds/{token}.ics", method="POST"),
        _get(app, f"/feeds/{token}.ics", method="DELETE"),
    ]
    for status, headers, body in answers:
        assert status == "404 Not Found"
        assert body == b"Not found\n"
        assert headers["Content-Type"] == "text/plain; charset=utf-8"
        assert "ETag" not in headers


def test_head_gives_the_headers_without_the_body(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    got = _get(app, f"/feeds/{token}.ics")
    status, headers, body = _get(app, f"/feeds/{token}.ics", method="HEAD")
    assert status == "200 OK"
    assert body == b""
    assert headers["ETag"] == got[1]["ETag"]
    assert headers["Content-Length"] == str(len(got[2]))


def test_conditional_requests_get_not_modified(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    path = f"/feeds/{token}.ics"
    _, headers, _ = _get(app, path)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert _get(app, path, if_none_match=etag)[0] == "304 Not Modified"
    assert _get(app, path, if_none_match=f'"other", W/{etag}')[0] == "304 Not Modified"
    assert _get(app, path, if_none_match="*")[0] == "304 Not Modified"
    assert _get(app, path, if_none_match='"other"')[0] == "200 OK"
    assert _get(app, path, if_modified_since=modified)[0] == "304 Not Modified"
    earlier = format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True)
    assert _get(app, path, if_modified_since=earlier)[0] == "200 OK"
    assert _get(app, path, if_modified_since="not a date")[0] == "200 OK"
    # If-None-Match decides when both are given (RFC 9110, 13.1.3).
    assert _get(app, path, if_none_match='"other"', if_modified_since=modified)[0] == "200 OK"
    _status, not_modified, body = _get(app, path, if_none_match=etag)
    assert body == b""
    assert not_modified["ETag"] == etag


def test_the_feed_changes_with_the_day(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    now = [NOW]
    app = feed_app(programme_file, links_file, clock=lambda: now[0], uid_secret=SECRET)
    first = _get(app, f"/feeds/{token}.ics")[1]
    now[0] = datetime(2026, 12, 20, 9, 30, tzinfo=UTC)
    second = _get(app, f"/feeds/{token}.ics")[1]
    assert first["ETag"] != second["ETag"]
    assert first["Last-Modified"] != second["Last-Modified"]


def test_two_servers_give_the_same_bytes(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    one = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    two = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    assert _get(one, f"/feeds/{token}.ics") == _get(two, f"/feeds/{token}.ics")


def test_a_revoked_link_stops_at_the_next_request(programme_file: Path, links_file: Path) -> None:
    link_id, token = _add(links_file, "team")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    assert _get(app, f"/feeds/{token}.ics")[0] == "200 OK"
    read_links(links_file).revoke(link_id).save(links_file)
    assert _get(app, f"/feeds/{token}.ics")[0] == "404 Not Found"


def test_a_link_to_a_specialist_no_longer_there_is_not_found(
    programme_file: Path, links_file: Path
) -> None:
    _, token = _add(links_file, "specialist", "ES-gone")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    assert _get(app, f"/feeds/{token}.ics")[:3:2] == ("404 Not Found", b"Not found\n")


def test_a_broken_programme_keeps_the_last_good_one(tmp_path: Path, links_file: Path) -> None:
    path = tmp_path / "programme.json"
    dump(synthetic_programme(participants=10, seed=1), path)
    _, token = _add(links_file, "team")
    app = feed_app(path, links_file, clock=lambda: NOW, uid_secret=SECRET)
    good = _get(app, f"/feeds/{token}.ics")
    path.write_text("{ broken")
    environ_errors = io.StringIO()
    status, _, body = _get_with_errors(app, f"/feeds/{token}.ics", environ_errors)
    assert (status, body) == (good[0], good[2])
    assert "last good programme" in environ_errors.getvalue()
    assert token not in environ_errors.getvalue()


def test_with_no_good_programme_the_error_shows_nothing(tmp_path: Path, links_file: Path) -> None:
    path = tmp_path / "programme.json"
    path.write_text('{"secret": "participant P1 is in hospital"')
    _, token = _add(links_file, "team")
    app = feed_app(path, links_file, clock=lambda: NOW, uid_secret=SECRET)
    errors = io.StringIO()
    status, _headers, body = _get_with_errors(app, f"/feeds/{token}.ics", errors)
    assert status == "500 Internal Server Error"
    assert body == b"Server error\n"
    assert token not in errors.getvalue()


def _get_with_errors(app: Any, path: str, errors: io.StringIO) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.errors": errors}
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_the_server_decides_the_day_and_the_specialist(
    programme_file: Path, links_file: Path
) -> None:
    with pytest.raises(TypeError, match="today"):
        feed_app(programme_file, links_file, today=NOW.date(), uid_secret=SECRET)


# --- over real HTTP ---------------------------------------------------------------


@pytest.fixture
def http_server(programme_file: Path, links_file: Path) -> Iterator[str]:
    waitress_server = pytest.importorskip("waitress.server")
    _add(links_file, "team")  # the file exists before the server starts
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    server = waitress_server.create_server(app, host="127.0.0.1", port=0, ident="ipsrules")
    stop = threading.Event()

    def run() -> None:
        # The loop's own thread closes the sockets: closing them from another thread while
        # the loop waits on them is a race (EBADF in select).
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.task_dispatcher.shutdown()
        server.asyncore.close_all(server._map)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)


def test_over_http_with_a_real_client(
    http_server: str, programme_file: Path, links_file: Path
) -> None:
    requests = pytest.importorskip("requests")
    link_id, token = _add(links_file, "specialist", _specialist(programme_file))
    url = f"{http_server}/feeds/{token}.ics"
    with requests.Session() as http:  # closes its connections, which waitress then drops
        first = http.get(url, timeout=10)
        assert first.status_code == 200
        assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert first.content.startswith(b"BEGIN:VCALENDAR")
        again = http.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert again.status_code == 304
        assert again.content == b""
        since = http.get(
            url, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=10
        )
        assert since.status_code == 304
        guessed = http.get(f"{http_server}/feeds/{'A' * 43}.ics", timeout=10)
        assert guessed.status_code == 404
        assert guessed.content == b"Not found\n"
        read_links(links_file).revoke(link_id).save(links_file)
        revoked = http.get(url, timeout=10)
        assert revoked.status_code == 404
        assert revoked.content == guessed.content


# --- the command line ----------------------------------------------------------------


def test_links_add_list_and_revoke(
    links_file: Path, capsys: pytest.CaptureFixture[str], programme_file: Path
) -> None:
    specialist = _specialist(programme_file)
    status = main(
        [
            "links",
            "add",
            "--links",
            str(links_file),
            "--specialist",
            specialist,
            "--base-url",
            "https://ips.example/",
            "--programme",
            str(programme_file),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0
    assert out.startswith("https://ips.example/feeds/")
    assert out.endswith(".ics\n")
    token = out.strip().removeprefix("https://ips.example/feeds/").removesuffix(".ics")
    assert read_links(links_file).find(token) is not None
    assert token not in links_file.read_text()
    assert "shown only now" in err
    assert main(["links", "list", "--links", str(links_file)]) == 0
    listing = capsys.readouterr().out
    link_id = listing.split()[0]
    assert f"specialist {specialist}" in listing
    assert token not in listing
    assert main(["links", "revoke", "--links", str(links_file), link_id]) == 0
    assert read_links(links_file).find(token) is None


def test_links_add_refuses_an_unknown_specialist(
    links_file: Path, capsys: pytest.CaptureFixture[str], programme_file: Path
) -> None:
    args = ["links", "add", "--links", str(links_file), "--specialist", "NOPE"]
    status = main([*args, "--programme", str(programme_file)])
    assert status == 2
    assert "no specialist 'NOPE'" in capsys.readouterr().err
    assert not links_file.exists()


def test_links_commands_report_bad_files_in_one_line(
    links_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    links_file.write_text("[]")
    for argv in (
        ["links", "list", "--links", str(links_file)],
        ["links", "revoke", "--links", str(links_file), "L-00000000"],
        ["links", "add", "--links", str(links_file), "--team"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("ipsrules: error: ")
        assert err.count("\n") == 1
    assert links_file.read_text() == "[]"


def test_serve_refuses_a_missing_links_file(
    links_file: Path, capsys: pytest.CaptureFixture[str], programme_file: Path
) -> None:
    assert main(["serve", str(programme_file), "--links", str(links_file)]) == 2
    assert "no such links file" in capsys.readouterr().err


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "x.json", "--links", "l.json", "--port", "70000"]) == 2
    assert "expected a port" in capsys.readouterr().err


def test_a_broken_links_file_fails_closed(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    app = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    assert _get(app, f"/feeds/{token}.ics")[0] == "200 OK"
    text = links_file.read_text()
    links_file.write_text(text.replace('"team"', '"everyone"'))
    status, _, body = _get(app, f"/feeds/{token}.ics")
    assert (status, body) == ("500 Internal Server Error", b"Server error\n")
    links_file.write_text(text)
    assert _get(app, f"/feeds/{token}.ics")[0] == "200 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_serve_command_over_http(programme_file: Path, links_file: Path) -> None:
    pytest.importorskip("waitress")
    requests = pytest.importorskip("requests")
    _, token = _add(links_file, "specialist", _specialist(programme_file))
    port = _free_port()
    command = [sys.executable, "-m", "ipsrules", "serve", str(programme_file)]
    command += ["--links", str(links_file), "--port", str(port)]
    command += ["--secret-file", str(links_file.parent / "secret"), "--locale", "sv"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/feeds/{token}.ics"
        deadline = time.monotonic() + 30
        while True:
            try:
                with requests.Session() as http:
                    answer = http.get(url, timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert answer.status_code == 200
        assert answer.content.startswith(b"BEGIN:VCALENDAR")
        assert "uppföljning".encode() in answer.content.lower()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert process.returncode == 130  # as every command after Ctrl-C
    assert f"serving feeds on http://127.0.0.1:{port}/feeds/" in err
    assert token not in err
    assert "made a new feed secret" in err
    assert (links_file.parent / "secret").exists()


def test_a_state_keeps_sequence_from_going_back(tmp_path: Path, links_file: Path) -> None:
    """A contact corrected from face to face to phone: the event changes, SEQUENCE goes up."""
    path = tmp_path / "programme.json"
    programme = synthetic_programme(participants=20, seed=3)
    dump(programme, path)
    _, token = _add(links_file, "team")
    state = tmp_path / "state.json"
    now = [NOW]
    app = feed_app(path, links_file, clock=lambda: now[0], state=state, uid_secret=SECRET)
    first = _sequences(_get(app, f"/feeds/{token}.ics")[2])
    assert state.exists()
    face_to_face = [c for c in programme.contacts if c.mode.value == "face_to_face"]
    corrected = attrs.evolve(
        programme,
        contacts=[
            attrs.evolve(c, mode=ContactMode.PHONE) if c in face_to_face else c
            for c in programme.contacts
        ],
    )
    dump(corrected, path)
    now[0] = NOW.replace(hour=10)
    second = _sequences(_get(app, f"/feeds/{token}.ics")[2])
    # A restarted server goes on from the same state file.
    again = feed_app(path, links_file, clock=lambda: now[0], state=state, uid_secret=SECRET)
    third = _sequences(_get(again, f"/feeds/{token}.ics")[2])
    shared = set(first) & set(second)
    assert shared
    assert all(second[uid] >= first[uid] for uid in shared)
    assert any(second[uid] > first[uid] for uid in shared)
    assert third == second


def _sequences(feed: bytes) -> dict[str, int]:
    text = feed.replace(b"\r\n ", b"").decode()
    uids = re.findall(r"^UID:(.*)\r$", text, flags=re.MULTILINE)
    numbers = re.findall(r"^SEQUENCE:(\d+)\r$", text, flags=re.MULTILINE)
    assert len(uids) == len(numbers)
    return dict(zip(uids, map(int, numbers), strict=True))


def test_feeds_in_swedish(programme_file: Path, links_file: Path) -> None:
    _, token = _add(links_file, "team")
    english = feed_app(programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET)
    swedish = feed_app(
        programme_file, links_file, clock=lambda: NOW, uid_secret=SECRET, locale="sv"
    )
    en = _get(english, f"/feeds/{token}.ics")[2]
    sv = _get(swedish, f"/feeds/{token}.ics")[2]
    assert en != sv
    assert _uids(en) == _uids(sv)


def _uids(feed: bytes) -> list[bytes]:
    return re.findall(rb"^UID:(.*)\r$", feed, flags=re.MULTILINE)


def test_the_secret_is_required(programme_file: Path, links_file: Path) -> None:
    with pytest.raises(TypeError, match="uid_secret"):
        feed_app(programme_file, links_file, clock=lambda: NOW)


def test_serve_without_waitress_says_so_before_anything_else(
    programme_file: Path, links_file: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Nothing announces feeds that will not be served: the missing extra comes first."""
    _add(links_file, "team")
    monkeypatch.setitem(sys.modules, "waitress", None)
    monkeypatch.setitem(sys.modules, "waitress.server", None)
    arguments = ["serve", str(programme_file), "--links", str(links_file)]
    assert main([*arguments, "--secret-file", str(links_file.parent / "secret")]) == 2
    err = capsys.readouterr().err
    assert "serving feeds on" not in err
    assert err.rstrip().endswith("serving feeds needs waitress: pip install 'ipsrules[serve]'")


def test_a_port_in_use_is_said_before_anything_else(
    programme_file: Path, links_file: Path, capsys
) -> None:
    pytest.importorskip("waitress")
    _add(links_file, "team")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        arguments = ["serve", str(programme_file), "--links", str(links_file), "--port", port]
        assert main([*arguments, "--secret-file", str(links_file.parent / "secret")]) == 2
    err = capsys.readouterr().err
    assert "serving feeds on" not in err
    assert f"ipsrules: error: cannot listen on 127.0.0.1:{port}" in err
