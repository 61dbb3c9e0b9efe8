"""Tests of ``ipsrules feed``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from icalendar import Calendar

from ipsrules import (
    Disclosure,
    Include,
    Participant,
    Programme,
    Specialist,
    dump,
    event_uid,
    feed_bytes,
    sample_programme,
)
from ipsrules.cli import main

TODAY = date(2026, 6, 1)
STAMP = "2026-06-01T02:00:00+00:00"
GENERATED = datetime(2026, 6, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


@pytest.fixture(autouse=True)
def no_secret_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPSRULES_UID_SECRET", raising=False)


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
        secret.write_bytes(b"not so secret\n")
        out = run(
            capsysbinary,
            "--until",
            "2025-06-30",
            "--omit-met",
            "--disclose",
            "employer-name",
            "specialist-name",
            "--uid-secret-file",
            str(secret),
        )
        assert out == feed_bytes(
            sample,
            today=TODAY,
            until=date(2025, 6, 30),
            include=Include.NONE,
            disclose=Disclosure.EMPLOYER_NAME | Disclosure.SPECIALIST_NAME,
            uid_secret=b"not so secret",
            generated_at=GENERATED,
        )

    def test_secret_from_the_environment(self, capsysbinary, sample, monkeypatch):
        monkeypatch.setenv("IPSRULES_UID_SECRET", "from the environment")
        out = run(capsysbinary, "--participant", sample.participants[0].id)
        expected = feed_bytes(
            sample,
            today=TODAY,
            participant_id=sample.participants[0].id,
            uid_secret=b"from the environment",
            generated_at=GENERATED,
        )
        assert out == expected

    def test_output_file(self, capsysbinary, sample, tmp_path):
        target = tmp_path / "feed.ics"
        assert run(capsysbinary, "-o", str(target)) == b""
        assert target.read_bytes() == feed_bytes(sample, today=TODAY, generated_at=GENERATED)

    def test_reads_a_programme_file(self, capsysbinary, sample, tmp_path):
        path = tmp_path / "programme.json"
        dump(sample, path)
        assert run(capsysbinary, str(path)) == run(capsysbinary)


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
        # Together the files hold every event of the whole feed, each once.
        everything = uids(feed_bytes(programme, today=TODAY, generated_at=GENERATED))
        parts = [uids(path.read_bytes()) for path in folder.iterdir()]
        assert sum(len(part) for part in parts) == len(everything)
        assert set().union(*parts) == everything

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


def case_missing_secret_file(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "absent"
    return ["--uid-secret-file", str(path)], ["--uid-secret-file", "absent"]


def case_empty_secret_file(tmp_path: Path) -> tuple[list[str], list[str]]:
    path = tmp_path / "empty"
    path.write_bytes(b"\n")
    return ["--uid-secret-file", str(path)], ["is empty"]


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
            case_missing_secret_file,
            case_empty_secret_file,
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

    def test_empty_secret_in_the_environment(self, capsys, monkeypatch):
        monkeypatch.setenv("IPSRULES_UID_SECRET", "")
        assert main(["feed"]) == 2
        assert "IPSRULES_UID_SECRET is set but empty" in capsys.readouterr().err

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
