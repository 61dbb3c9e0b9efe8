"""Tests of ``ipsrules fidelity``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from ipsrules import Programme, dump, sample_programme
from ipsrules.cli import main
from ipsrules.fidelity import Rating, Review, compute_items
from ipsrules.fidelity._report import COLUMNS

START, END = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = ["--from", START.isoformat(), "--to", END.isoformat()]


@pytest.fixture(scope="module")
def sample() -> Programme:
    return sample_programme()


@pytest.fixture(scope="module")
def draft(sample: Programme) -> Review:
    """The review the command should build from the records alone."""
    items = compute_items(sample, start=START, end=END)
    return Review(items, programme_id=sample.id, start=START, end=END)


def rate_the_rest(draft: Review, overrides: dict[str, int] | None = None) -> list[Rating]:
    """A rating of 3 for every item the records do not score, plus *overrides*."""
    ratings = [Rating(entry.key, 3, f"note on {entry.key}") for entry in draft.missing]
    for key, score in (overrides or {}).items():
        ratings.append(Rating(key, score, "the rater disagrees"))
    return ratings


def write_ratings(path: Path, ratings: list[Rating]) -> Path:
    entries = [
        {"key": rating.key, "score": rating.score, "note": rating.note} for rating in ratings
    ]
    path.write_text(json.dumps(entries), "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["fidelity", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- without ratings: an incomplete review -----------------------------------------


def test_without_ratings_it_says_the_review_is_incomplete(
    capsys: pytest.CaptureFixture[str], draft: Review
) -> None:
    status, out, err = run(capsys, *PERIOD)

    assert (status, err) == (0, "")
    lines = out.splitlines()
    period = "2026-01-01 \N{EN DASH} 2026-06-30"
    assert lines[0] == f"IPS fidelity review: {draft.programme_id}, {period}"
    assert lines[1] == f"Incomplete review: {len(draft.missing)} of 25 items have no score yet"
    assert "/ 125" not in out
    assert lines[-1] == (
        "Items without a score: "
        + ", ".join(entry.key for entry in draft.missing)
        + " (--ratings RATINGS.json)"
    )


def test_the_table_has_a_line_per_item(capsys: pytest.CaptureFixture[str], draft: Review) -> None:
    _, out, _ = run(capsys, *PERIOD)

    lines = out.splitlines()
    header = next(index for index, line in enumerate(lines) if line.lstrip().startswith("#"))
    rows = lines[header + 1 : header + 26]
    for row, record in zip(rows, draft.to_records(), strict=True):
        cells = row.split()
        assert cells[0] == str(record["number"])
        assert cells[1] == record["key"]
        if record["source"] == "computed":
            assert cells[2:4] == [str(record["score"]), "computed"]
            assert row.endswith(str(record["evidence"]))
        else:
            assert "not scored" in row
            assert str(record["needs"]) in row  # what the records would need, not a guess


def test_json_without_ratings_has_no_total(
    capsys: pytest.CaptureFixture[str], draft: Review
) -> None:
    _, out, _ = run(capsys, *PERIOD, "--format", "json")

    document = json.loads(out)
    assert document["programme"] == draft.programme_id
    assert (document["from"], document["to"]) == ("2026-01-01", "2026-06-30")
    assert document["complete"] is False
    assert document["total"] is None
    assert document["band"] is None
    assert document["section_totals"] is None
    assert document["missing"] == [entry.key for entry in draft.missing]
    assert document["items"] == draft.to_records()


# --- with ratings: a complete review -------------------------------------------------


def test_with_ratings_it_gives_total_band_and_sections(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample: Programme, draft: Review
) -> None:
    ratings = rate_the_rest(draft)
    path = write_ratings(tmp_path / "ratings.json", ratings)
    review = Review(draft.computed, ratings, programme_id=sample.id, start=START, end=END)

    _, out, _ = run(capsys, *PERIOD, "--ratings", str(path), "--format", "json")

    document = json.loads(out)
    assert document["complete"] is True
    assert document["total"] == review.total
    assert document["band"] == review.band.value
    assert document["section_totals"] == {
        section.value: total for section, total in review.section_totals.items()
    }
    assert document["priorities"] == [score.item.key for score in review.priorities()]
    assert document["missing"] == []
    assert document["items"] == review.to_records()


def test_the_table_of_a_complete_review(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sample: Programme, draft: Review
) -> None:
    computed = next(result for result in draft.computed if result.computable)
    other = 1 if computed.score != 1 else 2
    ratings = rate_the_rest(draft, {computed.item.key: other})
    path = write_ratings(tmp_path / "ratings.json", ratings)
    review = Review(draft.computed, ratings, programme_id=sample.id, start=START, end=END)

    _, out, _ = run(capsys, *PERIOD, "--ratings", str(path))

    lines = out.splitlines()
    assert lines[1] == f"Total: {review.total} / 125, {review.band.label()}"
    assert lines[2].startswith("Sections: Staffing ")
    assert (
        f"Computed scores overridden by a rater: {computed.item.key} ({computed.score} → {other})"
    ) in out
    assert lines[-1].startswith("Improvement priorities: ")
    row = next(line for line in lines if f" {computed.item.key} " in line)
    assert row.endswith("the rater disagrees")  # an override shows the rater's reason
    for entry in draft.missing:
        row = next(line for line in lines if f" {entry.key} " in line)
        assert row.endswith(f"note on {entry.key}")


def test_csv_has_the_columns_and_a_row_per_item(
    capsys: pytest.CaptureFixture[str], draft: Review
) -> None:
    _, out, _ = run(capsys, *PERIOD, "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS
    assert [row["key"] for row in rows] == [record["key"] for record in draft.to_records()]


@pytest.mark.parametrize(("fmt", "method"), [("markdown", "to_markdown"), ("html", "to_html")])
@pytest.mark.parametrize("locale", ["en", "sv"])
def test_reports_are_those_of_the_review(
    capsys: pytest.CaptureFixture[str], draft: Review, fmt: str, method: str, locale: str
) -> None:
    _, out, _ = run(capsys, *PERIOD, "--format", fmt, "--locale", locale)

    assert out == getattr(draft, method)(locale=locale)


def test_the_table_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *PERIOD, "--locale", "sv")

    assert out.startswith("IPS fidelitetsgranskning: ")
    assert "Granskningen är ofullständig" in out


def test_a_programme_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    programme = Programme(id="tiny", name="Tiny service")
    path = tmp_path / "programme.json"
    dump(programme, path)

    status, out, _ = run(capsys, str(path), *PERIOD, "--format", "json")

    assert status == 0
    assert json.loads(out)["programme"] == "tiny"


# --- writing a file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"), [("review.html", "to_html"), ("review.md", "to_markdown")]
)
def test_output_file_format_follows_its_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, draft: Review, name: str, method: str
) -> None:
    status, out, _ = run(capsys, *PERIOD, "-o", str(tmp_path / name))

    assert (status, out) == (0, "")
    assert (tmp_path / name).read_text("utf-8") == getattr(draft, method)()


def test_format_wins_over_the_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, *PERIOD, "--format", "json", "-o", str(tmp_path / "review.html"))

    assert json.loads((tmp_path / "review.html").read_text("utf-8"))["complete"] is False


def test_an_output_file_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, *PERIOD, "-o", str(tmp_path / "no" / "such" / "r.md"))

    assert status == 2
    assert err.startswith(f"ipsrules: error: {tmp_path / 'no' / 'such' / 'r.md'}: cannot write")


# --- bad input -----------------------------------------------------------------------


def test_a_ratings_error_names_file_entry_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ratings.json"
    path.write_text(json.dumps([{"key": "disclosure", "score": 6}]), "utf-8")

    status, out, err = run(capsys, *PERIOD, "--ratings", str(path))

    assert (status, out) == (2, "")
    assert err == (
        f"ipsrules: error: {path}: ratings[0] (key 'disclosure'), field 'score': "
        "expected a whole number from 1 to 5, got 6\n"
    )


def test_a_missing_ratings_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, *PERIOD, "--ratings", str(tmp_path / "nope.json"))

    assert status == 2
    assert err == f"ipsrules: error: {tmp_path / 'nope.json'}: no such file\n"


def test_a_period_that_ends_before_it_starts(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--from", "2026-06-30", "--to", "2026-01-01")

    assert status == 2
    assert err == "ipsrules: error: --to: 2026-01-01 is before --from 2026-06-30\n"


def test_a_date_that_is_not_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--from", "2026-02-30", "--to", "2026-06-30")

    assert status == 2
    assert err.startswith("ipsrules: error: --from: '2026-02-30' is not a date")


def test_the_period_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--from", "2026-01-01")

    assert status == 2
    assert "the following arguments are required: --to" in err


def test_fidelity_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0

    assert "fidelity" in capsys.readouterr().out


def test_csv_notes_cannot_run_as_formulas(
    capsys: pytest.CaptureFixture[str], draft: Review, tmp_path: Path
) -> None:
    """A rater's note is free text that a coordinator opens in a spreadsheet."""
    notes = ['=HYPERLINK("http://evil.example","see")', "+1", "-1", "@SUM(A1)", "\uff20note"]
    keys = [entry.key for entry in draft.missing][: len(notes)]
    ratings = [Rating(key, 3, note) for key, note in zip(keys, notes, strict=True)]
    path = write_ratings(tmp_path / "ratings.json", ratings)

    status, out, _ = run(capsys, *PERIOD, "--ratings", str(path), "--format", "csv")

    assert status == 0
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(out))}
    assert {key: rows[key]["note"] for key in keys} == {
        key: "'" + note for key, note in zip(keys, notes, strict=True)
    }
