"""
Software nobody here wrote, for the interoperability tests of the calendar feeds.

- ``icaljs``: Mozilla's ical.js, the parser inside Thunderbird, run by Node.js. One Node
  process serves the whole session: each feed goes in as a line of JSON and what ical.js
  understood comes back as a line of JSON (see ``js/ical-to-json.mjs``).
- ``radicale``: a real Radicale CalDAV server on 127.0.0.1 with a free port, a temporary
  folder store and no authentication, started once per session and stopped at its end.

Where a tool is missing, a developer's run skips these tests and says how to install it;
in CI (the ``CI`` variable is set) a missing tool is an error, so that CI can never go
green without having run them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

JS_DIR = Path(__file__).parent / "js"
ICALJS_SCRIPT = JS_DIR / "ical-to-json.mjs"
INSTALL = (
    "install them with the README's test command, or by hand: "
    "`.venv/bin/pip install -e '.[test]'` (Radicale, caldav, recurring-ical-events) and "
    "`npm ci --prefix tests/interop/js` (ical.js; needs Node.js and npm)"
)
RADICALE_START_TIMEOUT = 30.0  # seconds; a cold start on a slow CI machine takes about one


def unavailable(what: str) -> NoReturn:
    """Skip for want of *what* on a developer's machine; fail in CI, which must run these."""
    message = f"{what}; {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(f"interoperability tests cannot run in CI: {message}", pytrace=False)
    pytest.skip(message)


def require_module(name: str) -> Any:
    """Import a test-only package, or skip (locally) / fail (in CI) without it."""
    try:
        return __import__(name)
    except ImportError:
        unavailable(f"the Python package {name!r} is not installed")


class IcalJs:
    """A Node.js process running ical.js, parsing one feed per request."""

    def __init__(self, node: str, errors: IO[str]) -> None:
        # Standard error goes to a file: a pipe nobody reads could fill up and stall Node.
        self._errors = errors
        self._process = subprocess.Popen(
            [node, str(ICALJS_SCRIPT), "--lines"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            encoding="utf-8",
        )

    def parse(self, feed: bytes) -> dict[str, Any]:
        """What ical.js makes of *feed*: calendar properties, zones and events (as JSON)."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        try:
            self._process.stdin.write(json.dumps(feed.decode("utf-8")) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            self._process.wait(timeout=10)
            self._errors.seek(0)
            message = f"ical.js stopped with status {self._process.returncode}:\n"
            pytest.fail(message + self._errors.read(), pytrace=False)
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


@pytest.fixture(scope="session")
def caldav() -> Any:
    """The `caldav` client package."""
    return require_module("caldav")


@pytest.fixture(scope="session")
def recurring_ical_events() -> Any:
    """The `recurring-ical-events` package, which expands events over a range of days."""
    return require_module("recurring_ical_events")


@pytest.fixture(scope="session")
def icaljs() -> Iterator[IcalJs]:
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js (`node`) is not on the PATH")
    if not (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        unavailable(f"ical.js is not installed in {JS_DIR / 'node_modules'}")
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        parser = IcalJs(node, errors)
        yield parser
        parser.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means it is serving
    except OSError:
        return False


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a Radicale server that lives as long as the test session."""
    require_module("radicale")
    store = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    log = (store / "radicale.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",  # no configuration file: only what is said here
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--storage-filesystem-folder",
            str(store / "collections"),
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + RADICALE_START_TIMEOUT
        while not _answers(url):
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"Radicale exited with {server.returncode}:\n{log.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Radicale did not answer on {url} in {RADICALE_START_TIMEOUT} s")
            time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def caldav_principal(radicale: str, caldav: Any) -> Iterator[Any]:
    """A `caldav` principal on the session's Radicale server; any user name is let in."""
    with caldav.DAVClient(url=radicale, username="specialist", password="unused") as client:
        yield client.principal()
