"""Tests of the ``ipsrules`` command."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import signal
import stat
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from importlib import metadata
from zoneinfo import ZoneInfo

import pytest

from ipsrules import (
    Job,
    Participant,
    Programme,
    Status,
    check,
    dump,
    dump_csv,
    dumps,
    sample_programme,
)
from ipsrules.cli import COLLECTOR_THRESHOLDS, main
from ipsrules.cli import _check as cli_check

TODAY = date(2026, 6, 1)
FIELDS = ["status", "participant", "specialist", "job", "rule", "seq", "opens", "closes", "id"]


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


def expected_rows(
    programme: Programme,
    today: date,
    statuses: tuple[str, ...] = ("missed", "due"),
    specialist: str | None = None,
) -> list[dict[str, object]]:
    """
    The rows the command should list, built here from `check()` and the records: each
    follow-up belongs to the specialist responsible on its deciding day, today moved into
    the window and into the participant's time in the service (docs/rules.md).
    """
    rows = []
    for result in check(programme, today=today):
        follow_up = result.follow_up
        if result.status.value not in statuses:
            continue
        participant = programme.participant(follow_up.participant_id)
        day = min(max(today, follow_up.opens), follow_up.closes)
        if participant.discharged_on is not None:
            day = min(day, participant.discharged_on)
        day = max(day, participant.enrolled_on)
        own = programme.responsible_specialist(participant.id, day)
        if specialist is not None and own != specialist:
            continue
        rows.append(
            {
                "status": result.status.value,
                "participant": follow_up.participant_id,
                "specialist": own,
                "job": follow_up.job_id,
                "rule": follow_up.rule.value,
                "seq": follow_up.seq,
                "opens": follow_up.opens.isoformat(),
                "closes": follow_up.closes.isoformat(),
                "id": follow_up.id,
            }
        )
    return rows


def by_id(rows):
    return {row["id"]: row for row in rows}


def run_json(capsys, *arguments: str) -> list[dict[str, object]]:
    assert main(["check", "--format", "json", *arguments]) == 0
    captured = capsys.readouterr()
    # Standard error holds at most the line that mentions data-quality findings.
    assert all("data-quality finding" in line for line in captured.err.splitlines())
    return json.loads(captured.out)


class TestFormats:
    def test_json_lists_missed_and_due_from_check(self, capsys, sample):
        """`--format json` gives the missed and due follow-ups that `check()` finds."""
        rows = run_json(capsys, "--today", TODAY.isoformat())
        expected = expected_rows(sample, TODAY)
        assert expected  # the sample has work to do on that day
        assert len(rows) == len(expected)
        assert by_id(rows) == by_id(expected)
        assert all(list(row) == FIELDS for row in rows)

    def test_json_is_sorted_missed_first_then_by_closes(self, capsys):
        """Missed rows come before due ones; within a status, by closing day then participant."""
        rows = run_json(capsys, "--today", TODAY.isoformat())
        keys = [(row["status"] != "missed", row["closes"], row["participant"]) for row in rows]
        assert keys == sorted(keys)
        assert rows[0]["status"] == "missed"
        assert rows[-1]["status"] == "due"

    def test_csv_has_a_header_and_the_same_rows(self, capsys, sample):
        """`--format csv` has a header row and one row per follow-up, as the csv module reads."""
        assert main(["check", "--today", TODAY.isoformat(), "--format", "csv"]) == 0
        out = capsys.readouterr().out
        reader = csv.DictReader(io.StringIO(out))
        assert reader.fieldnames == FIELDS
        rows = list(reader)
        expected = [
            {key: "" if value is None else str(value) for key, value in row.items()}
            for row in expected_rows(sample, TODAY)
        ]
        assert by_id(rows) == by_id(expected)
        assert len(rows) == len(expected)

    def test_table_is_aligned_with_a_summary(self, capsys, sample):
        """The table has a header, aligned columns and a closing line of counts per status."""
        assert main(["check", "--today", TODAY.isoformat()]) == 0
        lines = capsys.readouterr().out.splitlines()
        expected = expected_rows(sample, TODAY)
        header, *body = lines
        assert header.split() == [
            "status", "participant", "specialist", "job", "rule", "seq", "opens", "closes", "days"
        ]  # fmt: skip
        rows, summary = body[: len(expected)], body[len(expected) :]
        counts = Counter(row["status"] for row in expected)
        assert summary == [
            "",
            f"{len(expected)} follow-ups on 2026-06-01: "
            f"{counts['missed']} missed, {counts['due']} due",
        ]
        opens_at = header.index("opens")
        for line, row in zip(
            rows, sorted(expected, key=lambda row: row["status"] != "missed"), strict=True
        ):
            assert line[opens_at : opens_at + 10] == line.split()[6]
            assert line.split()[0] == row["status"]
        first_missed = next(row for row in expected if row["status"] == "missed")
        overdue = (TODAY - date.fromisoformat(str(first_missed["closes"]))).days
        assert any(line.endswith(f"{overdue} days overdue") for line in rows)

    def test_table_says_when_nothing_is_listed(self, capsys, tmp_path):
        """A programme without follow-ups gives one sentence, not an empty table."""
        path = tmp_path / "empty.json"
        dump(Programme(id="empty", name="Empty"), path)
        assert main(["check", str(path), "--today", TODAY.isoformat()]) == 0
        assert capsys.readouterr().out == "No follow-ups are missed or due on 2026-06-01.\n"

    def test_reads_a_file_and_standard_input(self, capsys, monkeypatch, tmp_path, sample):
        """FILE and '-' give what the bundled sample gives."""
        path = tmp_path / "sample.json"
        dump(sample, path)
        from_file = run_json(capsys, str(path), "--today", TODAY.isoformat())
        monkeypatch.setattr("sys.stdin", io.StringIO(dumps(sample)))
        from_stdin = run_json(capsys, "-", "--today", TODAY.isoformat())
        assert from_file == from_stdin == run_json(capsys, "--today", TODAY.isoformat())

    def test_reads_a_folder_of_csv_files(self, capsys, tmp_path, sample):
        """A folder as FILE is read as CSV files and gives what the bundled sample gives."""
        dump_csv(sample, tmp_path / "csv")
        from_folder = run_json(capsys, str(tmp_path / "csv"), "--today", TODAY.isoformat())
        assert from_folder == run_json(capsys, "--today", TODAY.isoformat())

    def test_today_defaults_to_the_day_in_the_programme_zone(self, capsys, sample):
        """Without --today the check is made on today's date in Europe/Stockholm."""
        today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
        rows = run_json(capsys, "--status", "due", "upcoming")
        assert by_id(rows) == by_id(expected_rows(sample, today, ("due", "upcoming")))


class TestFilters:
    @pytest.mark.parametrize("specialist", ["ES1", "ES5"])
    def test_specialist_lists_only_their_participants(self, capsys, sample, specialist):
        """Every listed participant is on that specialist's caseload, and none is left out."""
        rows = run_json(capsys, "--today", TODAY.isoformat(), "--specialist", specialist)
        assert rows
        caseload = sample.assigned_participants(specialist)
        assert {row["participant"] for row in rows} <= caseload
        assert by_id(rows) == by_id(expected_rows(sample, TODAY, specialist=specialist))

    def test_status_chooses_what_is_listed(self, capsys, sample):
        """`--status upcoming met` lists those two statuses, upcoming first."""
        rows = run_json(capsys, "--today", TODAY.isoformat(), "--status", "upcoming", "met")
        assert {row["status"] for row in rows} == {"upcoming", "met"}
        assert by_id(rows) == by_id(expected_rows(sample, TODAY, ("upcoming", "met")))
        statuses = [row["status"] for row in rows]
        assert statuses == sorted(statuses, key=["upcoming", "met"].index)

    def test_status_may_be_repeated(self, capsys, sample):
        """`--status waived --status missed` adds up."""
        rows = run_json(capsys, "--today", "2026-06-01", "--status", "waived", "--status", "missed")
        assert Counter(row["status"] for row in rows) == Counter(
            row["status"] for row in expected_rows(sample, TODAY, ("waived", "missed"))
        )


def invalid_record(tmp_path):
    document = json.loads(dumps(sample_programme()))
    document["jobs"][2]["start"] = "2025-02-30"
    path = tmp_path / "bad-record.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return [str(path)], ["bad-record.json", "jobs[2]", "start"]


def invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "ipsrules.programme", ', encoding="utf-8")
    return [str(path)], ["broken.json"]


def missing_file(tmp_path):
    return [str(tmp_path / "absent.json")], ["absent.json", "no such file"]


def invalid_csv_cell(tmp_path):
    folder = tmp_path / "records"
    dump_csv(sample_programme(), folder)
    jobs = (folder / "jobs.csv").read_bytes().decode("utf-8").split("\r\n")
    cells = jobs[3].split(",")
    cells[2] = "10/03/2025"  # the start of the third job, on line 4
    jobs[3] = ",".join(cells)
    (folder / "jobs.csv").write_bytes("\r\n".join(jobs).encode("utf-8"))
    return [str(folder)], ["jobs.csv, line 4, column 'start'", "'10/03/2025'"]


def bad_date(tmp_path):
    return ["--today", "2026-02-30"], ["--today", "2026-02-30"]


def not_a_date(tmp_path):
    return ["--today", "June 1"], ["--today", "YYYY-MM-DD", "'June 1'"]


def unknown_specialist(tmp_path):
    return ["--specialist", "ES99"], ["unknown specialist 'ES99'", "ES1"]


class TestBadInput:
    @pytest.mark.parametrize(
        "case",
        [
            missing_file,
            invalid_json,
            invalid_record,
            invalid_csv_cell,
            bad_date,
            not_a_date,
            unknown_specialist,
        ],
    )
    def test_exits_2_with_a_message(self, capsys, tmp_path, case):
        """Bad input prints one `ipsrules: error:` line on stderr and exits with status 2."""
        arguments, fragments = case(tmp_path)
        assert main(["check", *arguments]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("ipsrules: error: ")
        assert captured.err.count("\n") == 1
        assert "Traceback" not in captured.err
        for fragment in fragments:
            assert fragment in captured.err

    def test_unknown_option_is_a_usage_error(self, capsys):
        """argparse's own errors also end in status 2, returned from `main`."""
        assert main(["check", "--colour"]) == 2
        assert "unrecognized arguments: --colour" in capsys.readouterr().err

    def test_a_command_is_required(self, capsys):
        """`ipsrules` alone shows the usage and exits with status 2."""
        assert main([]) == 2
        assert "usage: ipsrules" in capsys.readouterr().err


class TestEntryPoints:
    def test_version(self, capsys):
        """`--version` prints the installed distribution's version."""
        assert main(["--version"]) == 0
        assert capsys.readouterr().out == f"ipsrules {metadata.version('ipsrules')}\n"

    def test_python_dash_m(self, sample):
        """`python -m ipsrules check` runs the command in a new interpreter."""
        done = subprocess.run(
            [sys.executable, "-m", "ipsrules", "check", "--today", "2026-06-01"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].startswith("status")
        assert lines[-1].startswith(f"{len(expected_rows(sample, TODAY))} follow-ups on 2026-06-01")

    def test_closed_pipe_is_not_a_traceback(self):
        """A reader that stops early (`| head`) gets no BrokenPipeError traceback."""
        process = subprocess.Popen(
            [sys.executable, "-m", "ipsrules", "check", "--today", "2026-06-01", "--status"]
            + [status.value for status in Status],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.read(100).startswith(b"status")
        process.stdout.close()  # the listing is far longer than a pipe's buffer
        errors = process.stderr.read()
        process.stderr.close()
        assert process.wait(timeout=60) == 141
        assert errors == b""


class TestInterruptions:
    """Ctrl-C, SIGTERM and a standard output that is gone: one line, never a traceback."""

    def test_ctrl_c_is_status_130_and_one_line(self, capsys, monkeypatch):
        def interrupted(file):
            raise KeyboardInterrupt

        monkeypatch.setattr("ipsrules.cli._check.read_programme", interrupted)
        assert main(["check"]) == 130
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", "ipsrules: interrupted\n")

    @pytest.mark.parametrize(
        ("signal_name", "status", "line"),
        [("SIGINT", 130, b"ipsrules: interrupted\n"), ("SIGTERM", 143, b"ipsrules: terminated\n")],
    )
    def test_a_real_signal_in_every_command(self, signal_name, status, line):
        """The signal arrives while the programme is read; Python used to print a traceback."""
        for command in (
            ["check"],
            ["feed"],
            ["outcomes", "--from", "2026-01-01", "--to", "2026-03-31"],
        ):
            module = {"check": "_check", "feed": "_feed", "outcomes": "_outcomes"}[command[0]]
            script = f"""
import os, signal
import ipsrules.cli.{module} as command
from ipsrules.cli import main

def read_programme(file):
    os.kill(os.getpid(), signal.{signal_name})
    return None

command.read_programme = read_programme
raise SystemExit(main({command!r}))
"""
            done = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, check=False, timeout=120
            )
            assert (done.returncode, done.stderr, done.stdout) == (status, line, b""), command

    def test_the_sigterm_handler_is_the_command_lines_only(self):
        """The library installs no handler; main() puts back the one it found."""
        before = signal.getsignal(signal.SIGTERM)
        assert main(["check", "--today", "2026-06-01", "--format", "json"]) == 0
        assert signal.getsignal(signal.SIGTERM) is before
        script = (
            "import datetime, gc, signal, ipsrules, tempfile, os\n"
            "thresholds = gc.get_threshold()\n"
            "folder = tempfile.mkdtemp()\n"
            "ipsrules.dump(ipsrules.sample_programme(), os.path.join(folder, 'p.json'))\n"
            "ipsrules.dump_csv(ipsrules.sample_programme(), os.path.join(folder, 'csv'))\n"
            "today = datetime.date(2026, 6, 1)\n"
            "ipsrules.check(ipsrules.load_csv(os.path.join(folder, 'csv')), today=today)\n"
            "assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL\n"
            "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
            "assert gc.get_threshold() == thresholds\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr

    def test_the_collector_runs_less_often_only_while_a_command_runs(self, monkeypatch):
        """main() sets the collector's thresholds for its command, then puts back what it found."""
        seen = []

        def run(arguments):
            seen.append(gc.get_threshold())
            return ""

        monkeypatch.setattr(cli_check, "run", run)
        before = gc.get_threshold()
        gc.set_threshold(1234, 11, 12)
        try:
            assert main(["check", "--today", "2026-06-01"]) == 0
            after = gc.get_threshold()
        finally:
            gc.set_threshold(*before)
        assert seen == [COLLECTOR_THRESHOLDS]
        assert after == (1234, 11, 12)

    def test_a_closed_standard_output_is_one_line(self):
        """`ipsrules check >&-` used to end in an AttributeError traceback."""
        done = subprocess.run(
            ["/bin/sh", "-c", f"exec {sys.executable} -m ipsrules check >&-"],
            capture_output=False,
            stderr=subprocess.PIPE,
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr == b"ipsrules: error: standard output is closed; nothing was written\n"

    def test_a_full_standard_output_is_one_line(self):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "ipsrules", "check"],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
            )
        assert done.returncode == 2
        assert done.stderr == (
            b"ipsrules: error: cannot write to standard output (No space left on device)\n"
        )


class TestOutputPaths:
    """Where `-o` writes (docs/limits.md): each command, the same rules."""

    PERIOD = ("--from", "2026-01-01", "--to", "2026-03-31")

    @pytest.mark.parametrize("command", ["outcomes", "fidelity"])
    def test_dash_is_standard_output(self, capsys, command):
        assert main([command, *self.PERIOD, "--format", "json"]) == 0
        printed = capsys.readouterr().out
        assert main([command, *self.PERIOD, "--format", "json", "-o", "-"]) == 0
        assert capsys.readouterr().out == printed
        assert not os.path.exists("-")

    @pytest.mark.parametrize("command", ["outcomes", "fidelity"])
    def test_a_folder_is_refused_in_one_line(self, capsys, tmp_path, command):
        assert main([command, *self.PERIOD, "--format", "json", "-o", str(tmp_path)]) == 2
        assert capsys.readouterr().err == (
            f"ipsrules: error: {tmp_path}: cannot write the file "
            "(is a folder; name a file inside it)\n"
        )
        assert os.listdir(tmp_path) == []

    def test_a_folder_that_cannot_be_written_is_one_line(self, capsys, tmp_path):
        (tmp_path / "file").write_text("not a folder", encoding="utf-8")
        target = tmp_path / "file" / "report.json"
        assert main(["outcomes", *self.PERIOD, "-o", str(target)]) == 2
        assert capsys.readouterr().err == (
            f"ipsrules: error: {target}: cannot write the file "
            "(a part of its path is a file, not a folder)\n"
        )

    @pytest.mark.skipif(os.geteuid() == 0, reason="root may write any folder")
    def test_a_read_only_folder_is_one_line(self, capsys, tmp_path):
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
        assert main(["outcomes", *self.PERIOD, "-o", str(folder / "r.json")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ipsrules: error: {folder / 'r.json'}: cannot write the file")
        assert "Permission denied" in err

    def test_dev_full_is_written_through_and_its_error_shown(self, capsys):
        assert main(["outcomes", *self.PERIOD, "-o", "/dev/full"]) == 2
        assert capsys.readouterr().err == (
            "ipsrules: error: /dev/full: cannot write the file (No space left on device)\n"
        )
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_check_csv_neutralises_formulas(capsys, tmp_path):
    """`ipsrules check --format csv` is for spreadsheets: a code cannot become a formula."""
    code = '=HYPERLINK("http://evil.example","P1")'
    programme = Programme(
        id="x",
        name="x",
        participants=[
            Participant(code, enrolled_on=date(2026, 1, 1)),
        ],
        jobs=[Job("@J1", participant_id=code, start=date(2026, 2, 1))],
    )
    dump(programme, tmp_path / "p.json")
    args = ["check", str(tmp_path / "p.json"), "--today", "2026-06-01", "--format", "csv"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert {row["participant"] for row in rows} == {"'" + code}
    assert {row["job"] for row in rows} <= {"", "'@J1"}
