"""Scheduled working hours from a file, for community-based services (item 24)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipsrules import LoadError
from ipsrules.cli import main
from ipsrules.fidelity import load_scheduled_hours, loads_scheduled_hours

PERIOD = ["--from", "2025-11-01", "--to", "2026-10-31"]


def run(capsys, *argv):
    status = main(["fidelity", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_hours_by_specialist():
    assert loads_scheduled_hours('{"ES1": 40, "ES5": 20.5}') == {"ES1": 40.0, "ES5": 20.5}


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("[40]", None, "JSON object"),
        ('{"ES1": 0}', "ES1", "more than 0"),
        ('{"ES1": 169}', "ES1", "at most 168"),
        ('{"ES1": "40"}', "ES1", "'40'"),
        ('{"ES1": true}', "ES1", "True"),
        ('{"ES1": 40, "ES1": 30}', None, "ES1"),
        ("{", None, ""),
    ],
)
def test_a_bad_hours_file_names_file_and_specialist(text, field, reason):
    with pytest.raises(LoadError) as caught:
        loads_scheduled_hours(text, source="hours.json")

    assert caught.value.path == "hours.json"
    assert caught.value.field == field
    assert reason in str(caught.value)


def test_a_missing_file(tmp_path: Path):
    with pytest.raises(LoadError):
        load_scheduled_hours(tmp_path / "none.json")


def test_the_command_line_measures_scheduled_hours(capsys, tmp_path: Path):
    """With 40 hours a week for every specialist of the sample, item 24 says so."""
    path = tmp_path / "hours.json"
    ids = [f"ES{n}" for n in range(1, 7)]
    path.write_text(json.dumps(dict.fromkeys(ids, 40)), "utf-8")

    status, out, _ = run(capsys, *PERIOD, "--scheduled-hours", str(path), "--format", "json")

    assert status == 0
    item_24 = json.loads(out)["items"][23]
    assert "scheduled working time in post for 6 specialists" in item_24["evidence"]


def test_hours_for_an_unknown_specialist_exit_2(capsys, tmp_path: Path):
    path = tmp_path / "hours.json"
    path.write_text('{"NOBODY": 40}', "utf-8")

    status, out, err = run(capsys, *PERIOD, "--scheduled-hours", str(path))

    assert (status, out) == (2, "")
    assert str(path) in err
    assert "NOBODY" in err
    assert "Traceback" not in err
