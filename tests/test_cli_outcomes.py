"""Tests of ``ipsrules outcomes``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from ipsrules import dump, dump_csv, sample_programme
from ipsrules.cli import main
from ipsrules.outcomes import board_report
from outcome_programmes import small_programme

PERIOD = ("--from", "2026-07-01", "--to", "2026-09-30")
SMALL = ("--from", "2025-01-01", "--to", "2025-03-31")


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(["outcomes", *arguments]) == 0
    out, err = capsys.readouterr()
    # Standard error holds at most the line that mentions data-quality findings.
    assert all("data-quality finding" in line for line in err.splitlines())
    return out


@pytest.fixture(name="small_file")
def _small_file(tmp_path):
    path = tmp_path / "small.json"
    dump(small_programme(), path)
    return str(path)


class TestFormats:
    def test_table_on_the_sample_opens_with_the_board_sentence(self, capsys) -> None:
        """Without FILE the bundled sample: 92 participants on 30 September 2026."""
        out = run(capsys, *PERIOD, "--yearly-cost", "4300000")
        first, _, table = out.partition("\n\n")
        assert first == (
            "92 participants: 22 in employment, 15 studying, 31 in an internship, 24 in planning "
            "and job search; 51 on the waiting list; six employment specialists; "
            "4.3 million SEK a year."
        )
        lines = table.splitlines()
        assert lines[0].split() == ["section", "name", "value", "basis"]
        assert lines[8].split() == ["status", "waiting", "51"]

    def test_table_in_swedish_opens_with_the_swedish_sentence(self, capsys) -> None:
        """--locale applies to the table's first line too."""
        out = run(capsys, *PERIOD, "--locale", "sv")
        assert out.startswith("92 deltagare: 22 i arbete, 15 studerar, 31 i praktik, ")

    def test_json_carries_definitions_and_evidence(self, capsys, small_file) -> None:
        """The small programme's figures, worked out by hand in test_outcomes_metrics."""
        document = json.loads(run(capsys, small_file, *SMALL, "--format", "json"))
        assert document["period"] == {"start": "2025-01-01", "end": "2025-03-31"}
        assert document["status"]["active"] == 3
        assert document["status"]["waiting"] == 2
        rate = document["outcomes"]["employment_rate"]
        assert (rate["value"], rate["numerator"], rate["denominator"]) == (0.6, 3, 5)
        assert rate["evidence"] == ["A", "B", "F"]
        assert "Denominator" in rate["definition"]
        assert document["outcomes"]["exits_without_income_support"]["unknown"] == ["F"]
        assert document["capacity"]["spare_places"] == 27
        assert document["cost"] is None

    def test_reads_a_folder_of_csv_files(self, capsys, tmp_path) -> None:
        """The same figures from the CSV form of the small programme."""
        dump_csv(small_programme(), tmp_path / "small")
        document = json.loads(run(capsys, str(tmp_path / "small"), *SMALL, "--format", "json"))
        assert document["outcomes"]["employment_rate"]["evidence"] == ["A", "B", "F"]
        assert document["status"]["waiting"] == 2

    def test_csv_one_row_per_figure(self, capsys, small_file) -> None:
        """With the cost section when a yearly cost is given."""
        out = run(capsys, small_file, *SMALL, "--format", "csv", "--yearly-cost", "365000")
        rows = {(r["section"], r["name"]): r for r in csv.DictReader(io.StringIO(out))}
        assert rows["outcomes", "employment_rate"]["numerator"] == "3"
        assert rows["outcomes", "employment_rate"]["denominator"] == "5"
        assert float(rows["cost", "period"]["value"]) == pytest.approx(90_000)
        assert rows["cost", "per_job_start"]["value"] == "45000.0"

    def test_markdown_and_html_in_swedish(self, capsys) -> None:
        """The board report, escaped, with the Swedish sentence."""
        markdown = run(capsys, *PERIOD, "--format", "markdown", "--locale", "sv")
        assert "**92 deltagare: 22 i arbete, 15 studerar, 31 i praktik" in markdown
        page = run(capsys, *PERIOD, "--format", "html", "--locale", "sv")
        assert page.startswith("<!DOCTYPE html>")
        assert '<html lang="sv">' in page

    def test_output_file(self, capsys, tmp_path) -> None:
        """-o writes the file and prints nothing."""
        target = tmp_path / "board.html"
        assert run(capsys, *PERIOD, "--format", "html", "-o", str(target)) == ""
        assert "92 participants" in target.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir()] == ["board.html"]

    def test_target_changes_the_capacity(self, capsys, small_file) -> None:
        """At 2 per FTE the small programme needs 2.5 FTE in all: three people, one more."""
        document = json.loads(run(capsys, small_file, *SMALL, "--format", "json", "--target", "2"))
        assert document["capacity"]["specialists_to_clear_waiting_list"] == 1
        assert document["capacity"]["fte_needed"] == 2.5
        assert document["capacity"]["specialists_needed"] == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--from", "2025-03-31", "--to", "2025-01-01"), "--to: 2025-01-01 is before --from"),
        (("--from", "2025-13-01", "--to", "2025-12-31"), "--from: '2025-13-01' is not a date"),
        ((*SMALL, "--yearly-cost", "much"), "--yearly-cost: expected a number"),
        ((*SMALL, "--yearly-cost", "-5"), "--yearly-cost: expected a number from 0 to 1e+12"),
        ((*SMALL, "--target", "0"), "--target: expected a number from 0.1 to 1000"),
        ((*SMALL, "--currency", " "), "--currency: expected a currency code"),
        ((*SMALL, "--budget", "2025"), "--budget: expected WHEN=AMOUNT"),
        ((*SMALL, "--budget", "25=1"), "--budget: expected a year or YYYY-MM-DD..YYYY-MM-DD"),
        ((*SMALL, "--budget", "2025=lots"), "--budget: expected a number"),
        ((*SMALL, "--budget", "2025-02-30..2025-12-31=1"), "--budget: '2025-02-30' is not a date"),
        ((*SMALL, "--budget", "2025-12-31..2025-01-01=1"), "ends before it starts"),
        (
            (*SMALL, "--budget", "2024=1"),
            "--budget: Budget, field 'lines': no budget covers 2025-01-01",
        ),
        (
            (*SMALL, "--budget", "2025=1", "--budget", "2025-06-01..2026-05-31=1"),
            "overlap on 2025-06-01",
        ),
        (("missing.json", *SMALL), "missing.json"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, arguments, message) -> None:
    """Never a traceback: one line naming the option or file at fault."""
    assert main(["outcomes", *arguments]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("ipsrules: error: ")
    assert message in err
    assert err.count("\n") == 1


class TestBudgets:
    """--budget: a sum per calendar year or per span of days, instead of --yearly-cost."""

    def test_a_period_across_two_budget_years(self, capsys, small_file) -> None:
        """December 2024 at 1,000 a day (366,000 for 2024), January 2025 at 2,000 a day."""
        out = run(
            capsys,
            small_file,
            "--from", "2024-12-01", "--to", "2025-01-31",
            "--budget", "2024=366000", "--budget", "2025=730000",
            "--format", "json",
        )  # fmt: skip
        money = json.loads(out)["cost"]
        assert money["period"] == 31 * 1_000 + 31 * 2_000
        assert money["yearly"] is None
        assert [b["in_period"] for b in money["budgets"]] == [31_000, 62_000]

    def test_a_budget_year_from_july_to_june(self, capsys, small_file) -> None:
        out = run(
            capsys,
            small_file,
            *SMALL,
            "--budget", "2024-07-01..2025-06-30=365000",
            "--format", "markdown",
        )  # fmt: skip
        assert "| Budget from 1 July 2024 to 30 June 2025 | 365,000 SEK |" in out
        assert "| Cost of the period | 90,000 SEK |" in out

    def test_yearly_cost_and_budget_exclude_each_other(self, capsys) -> None:
        assert main(["outcomes", *SMALL, "--yearly-cost", "1", "--budget", "2025=1"]) == 2
        assert "not allowed with argument" in capsys.readouterr().err


def test_from_and_to_are_required(capsys) -> None:
    """A usage error from argparse, status 2."""
    assert main(["outcomes"]) == 2
    assert "--from" in capsys.readouterr().err


def test_unwritable_output_is_an_input_error(capsys, tmp_path) -> None:
    """A directory that does not exist: status 2, and nothing half-written."""
    target = tmp_path / "nowhere" / "board.md"
    assert main(["outcomes", *PERIOD, "-o", str(target)]) == 2
    assert "cannot write the file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "write"),
    [
        ("table", lambda report: report.to_text("sv")),
        ("json", lambda report: report.to_json()),
        ("csv", lambda report: report.to_csv()),
        ("markdown", lambda report: report.to_markdown("sv")),
        ("html", lambda report: report.to_html("sv")),
    ],
)
def test_every_format_is_the_librarys(capsys, fmt, write) -> None:
    """The command prints what `BoardReport` writes; its JSON is `to_dict` as it is."""
    out = run(capsys, *PERIOD, "--yearly-cost", "4300000", "--format", fmt, "--locale", "sv")
    # The command reads numbers with a fraction: 4300000.0, and 20.0 for the default target.
    report = board_report(
        sample_programme(),
        date(2026, 7, 1),
        date(2026, 9, 30),
        yearly_cost=4_300_000.0,
        target=20.0,
    )
    assert out == write(report)
    if fmt == "json":
        assert json.loads(out) == report.to_dict()
