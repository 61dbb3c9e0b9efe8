"""Tests of ``ipsrules feed``."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from icalendar import Calendar

import ipsrules.feeds
from ipsrules import (
    Disclosure,
    Include,
    Participant,
    Programme,
    Specialist,
    dump,
    sample_programme,
)
from ipsrules import feeds as _feeds
from ipsrules.cli import main

TODAY = date(2026, 6, 1)
STAMP = "2026-06-01T02:00:00+00:00"
GENERATED = datetime(2026, 6, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


SECRET = bytes(range(32))
"""The secret in the file that every test here points ``IPSRULES_SECRET_FILE`` at."""


@pytest.fixture(autouse=True)
def secret_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A secret file of the tests' own, so that no test makes one in the user's home."""
    path = tmp_path_factory.mktemp("config") / "feed-secret"
    path.write_text(SECRET.hex() + "\n")
    path.chmod(0o600)
    monkeypatch.setenv("IPSRULES_SECRET_FILE", str(path))
    return path


def feed_bytes(programme: Programme, **options: object) -> bytes:
    return _feeds.feed_bytes(programme, **{"uid_secret": SECRET, **options})  # type: ignore[arg-type]


def event_uid(follow_up: str) -> str:
    return _feeds.event_uid(follow_up, SECRET)


def run(capsysbinary: pytest.CaptureFixture[bytes], *arguments: str) -> bytes:
    assert main(["feed", "--today", TODAY.isoformat(), "--generated-at", STAMP, *arguments]) == 0
    captured = capsysbinary.readouterr()
    # Standard error holds at most the line that mentions data-quality findings.
    assert all(b"data-quality finding" in line for line in captured.err.splitlines())
    return captured.out


def uids(data: bytes) -> set[str]:
    return {str(event["UID"]) for event in Calendar.from_ical(data).walk("VEVENT")}


class TestOutput:
    def test_stdout_is_the_library_feed_byte_for_byte(self, capsysbinary, sample):
        out = run(capsysbinary)
        assert out == feed_bytes(sample, today=TODAY, generated_at=GENERATED)
        assert out.count(b"\r\n") == out.count(b"\n")  # CRLF survives standard output

    def test_specialist_and_participant(self, capsysbinary, sample):
        out = run(capsysbinary, "--specialist", "ES2")
        assert out == feed_bytes(sample, today=TODAY, specialist_id="ES2", generated_at=GENERATED)
        participant = sample.participants[0].id
        out = run(capsysbinary, "--participant", participant)
        assert out == feed_bytes(
            sample, today=TODAY, participant_id=participant, generated_at=GENERATED
        )

    def test_options_reach_the_feed(self, capsysbinary, sample, tmp_path):
        secret = tmp_path / "secret"
        secret.write_bytes(b"ab" * 32 + b"\n")
        secret.chmod(0o600)
        out = run(
            capsysbinary,
            "--until",
            "2025-06-30",
            "--omit-met",
            "--disclose",
            "employer-name",
            "specialist-name",
            "--secret-file",
            str(secret),
            "--locale",
            "sv",
            "--full",
        )
        assert out == feed_bytes(
            sample,
            today=TODAY,
            until=date(2025, 6, 30),
            include=Include.NONE,
            disclose=Disclosure.EMPLOYER_NAME | Disclosure.SPECIALIST_NAME,
            uid_secret=b"\xab" * 32,
            locale="sv",
            full=True,
            generated_at=GENERATED,
        )

    def test_output_file(self, capsysbinary, sample, tmp_path):
        target = tmp_path / "feed.ics"
        assert run(capsysbinary, "-o", str(target)) == b""
        assert target.read_bytes() == feed_bytes(sample, today=TODAY, generated_at=GENERATED)

    def test_reads_a_programme_file(self, capsysbinary, sample, tmp_path):
        path = tmp_path / "programme.json"
        dump(sample, path)
        assert run(capsysbinary, str(path)) == run(capsysbinary)


class TestOutputPaths:
    def test_dash_is_standard_output(self, capsysbinary, sample):
        assert run(capsysbinary, "-o", "-") == feed_bytes(
            sample, today=TODAY, generated_at=GENERATED
        )

    def test_a_fifo_is_written_through(self, capsysbinary, sample, tmp_path):
        fifo = tmp_path / "feed.ics"
        os.mkfifo(fifo)
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        received = bytearray()
        try:
            # A thread drains the pipe while the command writes more than a pipe holds.
            done = threading.Event()

            def drain() -> None:
                while True:
                    # Asked before reading: an end of file read before the command wrote
                    # must not end the loop once the command has finished.
                    finished = done.is_set()
                    try:
                        piece = os.read(reader, 65536)
                    except BlockingIOError:
                        if finished:
                            return
                        time.sleep(0.001)
                        continue
                    if not piece:  # no writer yet, or the command is done
                        if finished:
                            return
                        time.sleep(0.001)
                        continue
                    received.extend(piece)

            thread = threading.Thread(target=drain)
            thread.start()
            try:
                run(capsysbinary, "-o", str(fifo), "--specialist", "ES1")
            finally:
                done.set()
                thread.join(timeout=60)
        finally:
            os.close(reader)
        assert bytes(received) == feed_bytes(
            sample, today=TODAY, specialist_id="ES1", generated_at=GENERATED
        )
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    def test_a_sigterm_while_writing_leaves_the_old_feed_and_no_temporary(self, tmp_path):
        """
        The command line turns SIGTERM into an orderly exit (143, one line): Python's default
        ended the process at once and left the temporary file behind (issue 17).
        """
        target = tmp_path / "feed.ics"
        target.write_bytes(b"the old feed")
        script = f"""
import os, signal
import ipsrules.feeds
from ipsrules.cli import main

def iter_feed(programme, **options):
    yield b"BEGIN:VCALENDAR\\r\\n"
    os.kill(os.getpid(), signal.SIGTERM)
    yield b"END:VCALENDAR\\r\\n"

ipsrules.feeds.iter_feed = iter_feed
raise SystemExit(main(["feed", "-o", {str(target)!r}]))
"""
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, check=False, timeout=120
        )
        assert done.returncode == 143, done.stderr
        assert done.stderr == b"ipsrules: terminated\n"
        assert target.read_bytes() == b"the old feed"
        assert os.listdir(tmp_path) == ["feed.ics"]


class TestSplit:
    def test_one_file_per_specialist_and_one_for_the_rest(self, capsysbinary, sample, tmp_path):
        unassigned = Participant("P-alone", enrolled_on=date(2026, 5, 20))
        # Every kind of record of the sample stays in: each part must carry its own.
        programme = attrs.evolve(
            sample,
            specialists=[*sample.specialists, Specialist("ES/7")],
            participants=[*sample.participants, unassigned],
        )
        assert programme.studies
        assert programme.internships
        assert programme.referrals
        source = tmp_path / "programme.json"
        dump(programme, source)
        folder = tmp_path / "feeds"
        assert run(capsysbinary, str(source), "--split", str(folder)) == b""
        names = sorted(path.name for path in folder.iterdir())
        expected = sorted(
            [f"specialist-{s.id}.ics" for s in sample.specialists]
            + ["specialist-ES%2F7.ics", "unassigned.ics"]
        )
        assert names == expected
        # Each file holds what the whole-programme feed holds for that caseload.
        for specialist in programme.specialists:
            name = "specialist-ES%2F7.ics" if specialist.id == "ES/7" else None
            data = (folder / (name or f"specialist-{specialist.id}.ics")).read_bytes()
            assert data == feed_bytes(
                programme, today=TODAY, specialist_id=specialist.id, generated_at=GENERATED
            )
        rest = (folder / "unassigned.ics").read_bytes()
        assert uids(rest) == {
            event_uid(f"{sample.id}:P-alone::first_employer_contact:1"),
        }
        assert b"X-WR-CALNAME:IPS follow-ups: no specialist\r\n" in rest
        assert run(capsysbinary, str(source), "--split", str(folder), "--locale", "sv") == b""
        svenska = (folder / "unassigned.ics").read_bytes()
        assert "X-WR-CALNAME:IPS-uppföljningar: ingen arbetsspecialist\r\n".encode() in svenska
        # Together the files hold every event of the whole feed, each once.
        everything = uids(feed_bytes(programme, today=TODAY, generated_at=GENERATED))
        parts = [uids(path.read_bytes()) for path in folder.iterdir()]
        assert sum(len(part) for part in parts) == len(everything)
        assert set().union(*parts) == everything

    def test_a_feed_that_fails_leaves_every_feed_as_it_was(
        self, capsysbinary, tmp_path, monkeypatch
    ):
        """
        Every feed is made before the first is replaced (issue 17): --split used to write
        feed after feed, so a failure half way left fresh and stale feeds side by side.
        """
        folder = tmp_path / "feeds"
        run(capsysbinary, "--split", str(folder))
        before = {path.name: path.read_bytes() for path in folder.iterdir()}
        assert len(before) == 7
        made: list[int] = []

        def third_fails(programme, **options):
            made.append(1)
            if len(made) == 3:
                raise OSError(28, "No space left on device")
            return original(programme, **options)

        original = ipsrules.feeds.iter_feed

        monkeypatch.setattr("ipsrules.cli._feed.iter_feed", third_fails)
        monkeypatch.setattr("ipsrules.feeds.iter_feed", third_fails)
        status = main(["feed", "--today", "2026-09-01", "--split", str(folder)])
        err = capsysbinary.readouterr().err.decode()
        assert status == 2
        assert err == (
            f"ipsrules: error: {folder / 'specialist-ES3.ics'}: cannot write the file "
            "(No space left on device)\n"
        )
        assert {path.name: path.read_bytes() for path in folder.iterdir()} == before

    def test_every_feed_is_replaced_when_all_are_made(self, capsysbinary, tmp_path):
        folder = tmp_path / "feeds"
        run(capsysbinary, "--split", str(folder))
        before = {path.name: path.read_bytes() for path in folder.iterdir()}
        (folder / "specialist-ES1.ics").chmod(0o640)
        assert main(["feed", "--today", "2026-09-01", "--split", str(folder)]) == 0
        after = {path.name: path.read_bytes() for path in folder.iterdir()}
        assert after.keys() == before.keys()
        assert all(after[name] != before[name] for name in before if name != "unassigned.ics")
        assert (folder / "specialist-ES1.ics").stat().st_mode & 0o777 == 0o640

    def test_a_folder_that_cannot_be_written_is_one_line(self, capsysbinary, tmp_path):
        (tmp_path / "file").write_bytes(b"not a folder")
        folder = tmp_path / "file" / "feeds"
        assert main(["feed", "--split", str(folder)]) == 2
        err = capsysbinary.readouterr().err.decode()
        assert err.startswith("ipsrules: error: --split: cannot create")
        assert err.count("\n") == 1

    def test_ids_that_differ_in_case_are_refused(self, capsysbinary, tmp_path):
        programme = Programme(id="x", name="x", specialists=[Specialist("es1"), Specialist("ES1")])
        source = tmp_path / "programme.json"
        dump(programme, source)
        assert main(["feed", str(source), "--split", str(tmp_path / "out")]) == 2
        assert b"would share the file" in capsysbinary.readouterr().err


def case_unknown_participant(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["--participant", "P-none"], ["no participant 'P-none'"]


def case_unknown_specialist(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["--specialist", "ES99"], ["unknown specialist 'ES99'", "ES1"]


def case_bad_until(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["--until", "2026-13-01"], ["--until", "2026-13-01"]


def case_naive_generated_at(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["--generated-at", "2026-06-01T02:00"], ["--generated-at", "no UTC offset"]


def case_bad_generated_at(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["--generated-at", "tonight"], ["--generated-at", "'tonight'"]


def case_secret_file_others_can_read(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "shared-secret"
    path.write_text("ab" * 32 + "\n")
    path.chmod(0o640)
    return ["--secret-file", str(path)], ["shared-secret", "-rw-r-----", "chmod 600"]


def case_malformed_secret_file(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "not-a-secret"
    path.write_text("hunter2\n")
    path.chmod(0o600)
    return ["--secret-file", str(path)], ["not-a-secret", "64 hexadecimal digits"]


def case_secret_file_in_a_file(tmp_path: Path) -> tuple[list[str], list[str]]:
    (tmp_path / "plain").write_text("x")
    return ["--secret-file", str(tmp_path / "plain" / "secret")], ["secret file", "plain"]


def case_malformed_state(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "state.json"
    path.write_text('{"format": "ipsrules-feed-state", "version": 1, "events": []}')
    return ["--state", str(path)], ["state.json", "'events'"]


def case_state_ahead_of_generated_at(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "state.json"
    path.write_text(
        '{"format": "ipsrules-feed-state", "version": 1, "stamp": "2026-06-02T00:00:00+00:00",'
        ' "events": {}}'
    )
    return ["--state", str(path), "--generated-at", "2026-06-01T02:00:00Z"], [
        "generated_at",
        "earlier than the DTSTAMP of the latest feed",
    ]


def case_unwritable_output(tmp_path: Path) -> tuple[list[str], list[str]]:
    return ["-o", str(tmp_path / "no" / "such" / "feed.ics")], ["cannot write", "feed.ics"]


def case_control_character_in_a_code(tmp_path: Path) -> tuple[list[str], list[str]]:
    # The model refuses such a code, so the file is written by hand; it is refused at load.
    document = {"format": "ipsrules.programme", "version": 1, "id": "x", "name": "x"}
    document["participants"] = [{"id": "P\x1b1", "enrolled_on": "2026-05-01"}]
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return [str(path)], ["participants[0] (id 'P\\x1b1'), field 'id'", "control character"]


class TestBadInput:
    @pytest.mark.parametrize(
        "case",
        [
            case_unknown_participant,
            case_unknown_specialist,
            case_bad_until,
            case_naive_generated_at,
            case_bad_generated_at,
            case_secret_file_others_can_read,
            case_malformed_secret_file,
            case_secret_file_in_a_file,
            case_malformed_state,
            case_state_ahead_of_generated_at,
            case_unwritable_output,
            case_control_character_in_a_code,
        ],
    )
    def test_exits_2_with_a_message(self, capsys, tmp_path, case):
        arguments, fragments = case(tmp_path)
        assert main(["feed", "--today", "2026-06-01", *arguments]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("ipsrules: error: ")
        assert captured.err.count("\n") == 1
        for fragment in fragments:
            assert fragment in captured.err

    def test_unknown_locale(self, capsys):
        assert main(["feed", "--locale", "fi"]) == 2
        assert "invalid choice: 'fi'" in capsys.readouterr().err

    def test_split_and_output_are_exclusive(self, capsys, tmp_path):
        assert main(["feed", "-o", "a.ics", "--split", str(tmp_path)]) == 2
        assert "not allowed with argument" in capsys.readouterr().err


def test_closed_pipe_is_not_a_traceback() -> None:
    """A reader that stops early gets no BrokenPipeError traceback from the binary output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ipsrules", "feed", "--today", "2026-06-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(15) == b"BEGIN:VCALENDAR"
    process.stdout.close()  # the feed is far longer than a pipe's buffer
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert errors == b""
