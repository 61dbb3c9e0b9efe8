"""
Secret UIDs: the library asks for the secret, the command line keeps one in a file that only
its owner reads, and a UID cannot be traced back to a participant code without it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from ipsrules import LoadError, Rule, ValidationError, check, follow_up_id, sample_programme
from ipsrules import feeds as feeds_module
from ipsrules._secret import create_secret, default_secret_path, load_secret, read_secret
from ipsrules.cli import main
from ipsrules.feeds import PUBLIC, PUBLIC_UID_KEY, event_uid, feed_bytes, iter_feed

TODAY = date(2026, 11, 20)
STAMP = "2026-11-20T02:00:00+00:00"
SECRET = bytes(range(100, 132))


def uids(data: bytes) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(data).walk("VEVENT")]


# --- the library ----------------------------------------------------------------------------


class TestLibrary:
    @pytest.mark.parametrize("function", ["feed_bytes", "iter_feed", "to_calendar"])
    def test_no_secret_no_feed(self, function: str) -> None:
        """There is no default: a call that forgets the secret is refused, not keyed publicly."""
        with pytest.raises(TypeError, match="uid_secret"):
            getattr(feeds_module, function)(sample_programme(), today=TODAY)

    def test_write_feed_needs_one_too(self, tmp_path: Path) -> None:
        with pytest.raises(TypeError, match="uid_secret"):
            feeds_module.write_feed(tmp_path / "f.ics", sample_programme())  # type: ignore[call-arg]
        assert not (tmp_path / "f.ics").exists()

    def test_event_uid_needs_one(self) -> None:
        with pytest.raises(TypeError):
            event_uid("demo:P1::first_employer_contact:1")  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("secret", "words"),
        [
            (None, "ipsrules.feeds.PUBLIC"),
            ("text secret of forty characters, not bytes", "as bytes"),
            (b"", "0 bytes is too short"),
            (b"fifteen bytes!!", "15 bytes is too short"),
        ],
    )
    def test_a_secret_that_protects_nothing_is_refused(self, secret: object, words: str) -> None:
        for call in (
            lambda: feed_bytes(sample_programme(), uid_secret=secret),  # type: ignore[arg-type]
            lambda: iter_feed(sample_programme(), uid_secret=secret),  # type: ignore[arg-type]
            lambda: event_uid("x", secret),  # type: ignore[arg-type]
        ):
            with pytest.raises(ValidationError, match="uid_secret") as info:
                call()
            assert words in str(info.value)

    def test_public_is_explicit_and_documented(self) -> None:
        follow_up = follow_up_id("demo", "P1", None, Rule.FIRST_EMPLOYER_CONTACT, 1)
        digest = hmac.new(PUBLIC_UID_KEY, follow_up.encode(), hashlib.sha256).hexdigest()
        assert event_uid(follow_up, PUBLIC) == f"{digest[:32]}@ipsrules"
        assert event_uid(follow_up, SECRET) != event_uid(follow_up, PUBLIC)

    def test_sixteen_bytes_are_enough(self) -> None:
        assert event_uid("x", b"0123456789abcdef").endswith("@ipsrules")


# --- the attack that worked before -----------------------------------------------------------


def employer_contact_uids(data: bytes) -> set[str]:
    calendar = Calendar.from_ical(data)
    return {
        str(event["UID"])
        for event in calendar.walk("VEVENT")
        if "first employer contact" in [str(c) for c in event["CATEGORIES"].cats]
    }


def brute_force(programme_id: str, uids_seen: set[str], key: bytes) -> dict[str, str]:
    """
    What an outsider who holds a feed's UIDs (from a CalDAV URL or a server log, say) can
    learn: every code of the form IPS-0000 to IPS-9999, hashed as a first-employer-contact
    follow-up under *key*, and matched against the UIDs.
    """
    found = {}
    for number in range(10_000):
        code = f"IPS-{number:04}"
        follow_up = f"{programme_id}:{code}::first_employer_contact:1"
        digest = hmac.new(key, follow_up.encode(), hashlib.sha256).hexdigest()
        uid = f"{digest[:32]}@ipsrules"
        if uid in uids_seen:
            found[uid] = code
    return found


class TestAttack:
    def test_public_uids_give_the_codes_away(self) -> None:
        """The old default: every first-employer-contact UID is matched to its code."""
        sample = sample_programme()
        seen = employer_contact_uids(feed_bytes(sample, today=TODAY, uid_secret=PUBLIC, full=True))
        assert len(seen) > 100
        assert len(brute_force(sample.id, seen, PUBLIC_UID_KEY)) == len(seen)

    def test_the_cli_feed_gives_nothing_away(self, capsysbinary, tmp_path, monkeypatch) -> None:
        """
        The CLI's feed of the sample, keyed by the secret it made: the same attack, with the
        public key and with the secrets an attacker might try, matches no UID.
        """
        monkeypatch.setenv("IPSRULES_SECRET_FILE", str(tmp_path / "feed-secret"))
        assert main(["feed", "--full", "--today", TODAY.isoformat()]) == 0
        seen = employer_contact_uids(capsysbinary.readouterr().out)
        assert len(seen) > 100
        sample = sample_programme()
        for guess in (PUBLIC_UID_KEY, b"", b"secret", sample.id.encode(), bytes(32)):
            assert brute_force(sample.id, seen, guess) == {}
        # The UIDs are those of the secret in the file, which the attacker does not have.
        secret = bytes.fromhex((tmp_path / "feed-secret").read_text())
        assert len(brute_force(sample.id, seen, secret)) == len(seen)


# --- the secret file -------------------------------------------------------------------------


class TestSecretFile:
    def test_default_path(self, tmp_path: Path) -> None:
        home = Path.home()
        assert default_secret_path({}) == home / ".config" / "ipsrules" / "feed-secret"
        config = str(tmp_path / "cfg")
        assert default_secret_path({"XDG_CONFIG_HOME": config}) == (
            tmp_path / "cfg" / "ipsrules" / "feed-secret"
        )
        # XDG: a relative XDG_CONFIG_HOME is invalid and ignored.
        assert default_secret_path({"XDG_CONFIG_HOME": "relative"}).is_relative_to(home)
        named = {"IPSRULES_SECRET_FILE": "/srv/s", "XDG_CONFIG_HOME": config}
        assert default_secret_path(named) == Path("/srv/s")

    @pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
    def test_made_for_its_owner_alone_whatever_the_umask(self, tmp_path: Path) -> None:
        path = tmp_path / "new" / "ipsrules" / "feed-secret"
        old = os.umask(0)
        try:
            secret, made = load_secret(path)
        finally:
            os.umask(old)
        assert made
        assert len(secret) == 32
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert path.read_text() == secret.hex() + "\n"
        assert [p.name for p in path.parent.iterdir()] == ["feed-secret"]  # no temporary left
        assert load_secret(path) == (secret, False)

    def test_an_existing_secret_is_never_overwritten(self, tmp_path: Path) -> None:
        path = tmp_path / "feed-secret"
        path.write_text(SECRET.hex() + "\n")
        path.chmod(0o600)
        assert create_secret(path) is None
        assert read_secret(path) == SECRET
        assert [p.name for p in tmp_path.iterdir()] == ["feed-secret"]

    @pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
    @pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o620, 0o602, 0o700 | 0o010])
    def test_a_file_others_can_touch_is_refused(self, tmp_path: Path, mode: int) -> None:
        path = tmp_path / "feed-secret"
        path.write_text(SECRET.hex() + "\n")
        path.chmod(mode)
        with pytest.raises(LoadError, match="group and others must have no access"):
            read_secret(path)

    @pytest.mark.parametrize(
        "content",
        [b"", b"\n", b"ab" * 31 + b"\n", b"ab" * 33 + b"\n", b"zz" * 32, b"ab" * 32 + b"\n\n"],
    )
    def test_a_malformed_file_is_refused(self, tmp_path: Path, content: bytes) -> None:
        path = tmp_path / "feed-secret"
        path.write_bytes(content)
        path.chmod(0o600)
        with pytest.raises(LoadError, match="64 hexadecimal digits") as info:
            read_secret(path)
        assert info.value.path == str(path)

    def test_a_line_end_either_way_is_read(self, tmp_path: Path) -> None:
        for ending in (b"", b"\n", b"\r\n"):
            path = tmp_path / "feed-secret"
            path.write_bytes(SECRET.hex().upper().encode() + ending)
            path.chmod(0o600)
            assert read_secret(path) == SECRET


# --- the command line ------------------------------------------------------------------------


def feed(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ipsrules", "feed", "--today", TODAY.isoformat(), *arguments],
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """A process environment whose home and configuration folder are empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPSRULES_")}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


class TestCommandLine:
    def test_first_use_makes_the_secret_and_says_so_once(
        self, environment: dict[str, str], tmp_path: Path
    ) -> None:
        first = feed("--specialist", "ES1", "--generated-at", STAMP, env=environment)
        assert first.returncode == 0
        path = tmp_path / "config" / "ipsrules" / "feed-secret"
        assert first.stderr.decode().startswith(f"ipsrules: made a new feed secret in '{path}'")
        assert first.stderr.count(b"\n") == 1
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        second = feed("--specialist", "ES1", "--generated-at", STAMP, env=environment)
        assert (second.returncode, second.stderr) == (0, b"")
        # Stable from run to run, and made with the secret in the file.
        assert second.stdout == first.stdout
        secret = bytes.fromhex(path.read_text())
        assert first.stdout == feed_bytes(
            sample_programme(),
            uid_secret=secret,
            specialist_id="ES1",
            today=TODAY,
            generated_at=datetime(2026, 11, 20, 2, tzinfo=UTC),
        )

    def test_the_file_can_be_named(self, environment: dict[str, str], tmp_path: Path) -> None:
        by_option = feed("--secret-file", str(tmp_path / "a"), env=environment)
        assert by_option.returncode == 0
        assert (tmp_path / "a").exists()
        environment["IPSRULES_SECRET_FILE"] = str(tmp_path / "b")
        by_variable = feed(env=environment)
        assert by_variable.returncode == 0
        assert (tmp_path / "b").exists()
        assert not (tmp_path / "config").exists()  # neither used the default
        assert set(uids(by_option.stdout)).isdisjoint(uids(by_variable.stdout))

    def test_machines_that_share_the_file_share_the_uids(
        self, environment: dict[str, str], tmp_path: Path
    ) -> None:
        (tmp_path / "shared").write_text(SECRET.hex() + "\n")
        (tmp_path / "shared").chmod(0o600)
        out = feed("--secret-file", str(tmp_path / "shared"), env=environment).stdout
        results = check(sample_programme(), today=TODAY)
        expected = {event_uid(r.follow_up.id, SECRET) for r in results}
        assert set(uids(out)) <= expected
        assert uids(out)

    def test_rotation_changes_every_uid_once(
        self, environment: dict[str, str], tmp_path: Path
    ) -> None:
        """docs/feeds.md: to rotate, replace the file; every UID changes, then stays."""
        path = tmp_path / "config" / "ipsrules" / "feed-secret"
        before = uids(feed("--full", env=environment).stdout)
        path.unlink()  # the documented rotation: remove the file, the next run makes one
        rotated = feed("--full", env=environment)
        assert b"made a new feed secret" in rotated.stderr
        after = uids(rotated.stdout)
        assert len(after) == len(before) > 500
        assert set(after).isdisjoint(before)
        assert uids(feed("--full", env=environment).stdout) == after

    @pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
    def test_a_shared_secret_file_is_refused_without_a_traceback(
        self, environment: dict[str, str], tmp_path: Path
    ) -> None:
        path = tmp_path / "secret"
        path.write_text(SECRET.hex() + "\n")
        path.chmod(0o644)
        answer = feed("--secret-file", str(path), env=environment)
        assert answer.returncode == 2
        assert answer.stdout == b""
        assert answer.stderr.decode() == (
            f"ipsrules: error: {path}: its permissions are -rw-r--r--: group and others must "
            f"have no access to a secret (run: chmod 600 '{path}')\n"
        )


def test_a_file_system_without_hard_links(tmp_path: Path, monkeypatch) -> None:
    """The secret is still made exclusively, with its mode, where os.link is refused."""

    def refuse(*_arguments: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    path = tmp_path / "feed-secret"
    secret, made = load_secret(path)
    assert made
    assert read_secret(path) == secret
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["feed-secret"]
    assert create_secret(path) is None  # never overwritten
    assert read_secret(path) == secret
