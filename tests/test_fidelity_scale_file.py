"""Scale files: cut points an auditor corrects without code, and reports that say where from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ipsrules import Job, LoadError, Participant, Programme, Specialist
from ipsrules.cli import main
from ipsrules.fidelity import (
    BUILT_IN,
    SCALE,
    ResultStatus,
    Review,
    compute_items,
    item,
    load_scale,
    loads_scale,
    scale_toml,
)

START, END = date(2025, 1, 1), date(2025, 12, 31)

COMPETITIVE = """
# Corrected from the manual.
[items.competitive_jobs]
cuts = [90, 80, 70, 60]
confirmed = true
source = "Fidelity Review Manual, 4th ed., item 21"
"""


def pilot(jobs: int = 6) -> Programme:
    """A pilot with *jobs* competitive jobs, each with its own type and employer."""
    return Programme(
        id="pilot",
        name="Pilot",
        specialists=[Specialist("ES1")],
        participants=[Participant("P1", date(2024, 1, 1))],
        jobs=[
            Job(f"J{n}", "P1", date(2025, 3, 1), job_type=f"type {n}", employer=f"firm {n}")
            for n in range(jobs)
        ],
    )


def by_key(results):
    return {r.item.key: r for r in results}


class TestLoading:
    def test_the_built_in_scale_round_trips(self):
        """The template of the built-in cut points loads back to the same cut points."""
        loaded = loads_scale(scale_toml(), source="template.toml")

        assert [entry.key for entry in loaded] == [entry.key for entry in SCALE]
        for entry, built_in in zip(loaded, SCALE, strict=True):
            if built_in.thresholds is None:
                assert entry.thresholds is None
                continue
            assert entry.thresholds.cuts == built_in.thresholds.cuts
            assert entry.thresholds.minimum_count == built_in.thresholds.minimum_count
            assert entry.thresholds.confirmed == built_in.thresholds.confirmed
            assert entry.thresholds.source == built_in.thresholds.source
            assert entry.thresholds.loaded_from == "template.toml"

    def test_one_item_corrected_the_rest_built_in(self):
        """Only the items in the file change; they remember the file, the others do not."""
        loaded = loads_scale(COMPETITIVE, source="audit.toml")
        competitive = loaded[20].thresholds

        assert competitive.cuts == (90, 80, 70, 60)
        assert competitive.minimum_count is None  # the file sets no minimum
        assert (competitive.confirmed, competitive.loaded_from) == (True, "audit.toml")
        assert competitive.unit == item("competitive_jobs").thresholds.unit
        assert loaded[0] is SCALE[0]
        assert SCALE[20].thresholds.cuts == (95, 85, 75, 64)  # the built-in scale is unchanged

    def test_an_empty_file_changes_nothing(self):
        assert loads_scale("") == SCALE

    def test_a_file_on_disk(self, tmp_path: Path):
        path = tmp_path / "scale.toml"
        path.write_text(COMPETITIVE, "utf-8")

        assert load_scale(path)[20].thresholds.loaded_from == str(path)

    def test_a_missing_file(self, tmp_path: Path):
        with pytest.raises(LoadError) as caught:
            load_scale(tmp_path / "nowhere.toml")

        assert caught.value.path == str(tmp_path / "nowhere.toml")


BAD = [
    ("cuts = [", None, None, "not TOML"),
    ("[item.caseload_size]\ncuts = [1, 2, 3, 4]", None, "item", "unknown key"),
    ('[items.caseload]\ncuts = [1, 2, 3, 4]\nsource = "x"', "items.caseload", None, "no item"),
    ('[items.disclosure_x]\nsource = "x"', "items.disclosure_x", None, "no item"),
    ('[items.vocational_generalists]\ncuts = [1, 2, 3, 4]\nsource = "x"', None, None, "judged"),
    ('[items.caseload_size]\ncuts = [20, 25, 30, 40]\nsource = "x"\npage = 3', None, "page", ""),
    ('[items.caseload_size]\nsource = "x"', None, "cuts", "required"),
    ('[items.caseload_size]\ncuts = [20, 25, 30]\nsource = "x"', None, "cuts", "four"),
    ('[items.caseload_size]\ncuts = [20, 25, 30, "40"]\nsource = "x"', None, "cuts", "four"),
    ('[items.caseload_size]\ncuts = [20, 25, 30, nan]\nsource = "x"', None, "cuts", "finite"),
    ('[items.caseload_size]\ncuts = [40, 30, 25, 20]\nsource = "x"', None, "cuts", "lower is"),
    ("[items.caseload_size]\ncuts = [20, 25, 30, 40]", None, "source", "come from"),
    ('[items.caseload_size]\ncuts = [20, 25, 30, 40]\nsource = " "', None, "source", "come from"),
    (
        '[items.competitive_jobs]\ncuts = [95, 85, 75, 64]\nsource = "x"\nminimum_count = 0',
        None,
        "minimum_count",
        "at least 1",
    ),
    (
        '[items.competitive_jobs]\ncuts = [95, 85, 75, 64]\nsource = "x"\nminimum_count = 9.5',
        None,
        "minimum_count",
        "whole number",
    ),
    (
        '[items.caseload_size]\ncuts = [20, 25, 30, 40]\nsource = "x"\nconfirmed = "yes"',
        None,
        "confirmed",
        "true or false",
    ),
]


@pytest.mark.parametrize(("text", "record", "field", "reason"), BAD)
def test_a_bad_file_names_file_item_and_field(text, record, field, reason):
    """Every fault is a LoadError naming the file, the item table and the field."""
    with pytest.raises(LoadError) as caught:
        loads_scale(text, source="audit.toml")

    error = caught.value
    assert error.path == "audit.toml"
    assert str(error).startswith("audit.toml")
    assert reason in error.reason
    assert error.field == field
    if record is not None:
        assert error.record == record
    elif field is not None and field != "item":
        assert error.record.startswith("items.")


class TestScoringByAFile:
    def test_a_corrected_cut_changes_the_score_and_says_where_from(self):
        """83% competitive jobs score 3 by the built-in cuts (75) and 4 by the file's (80)."""
        jobs = [
            Job(f"J{n}", "P1", date(2025, 3, 1), competitive=n >= 3, employer="x", job_type="y")
            for n in range(18)
        ]
        records = Programme(
            id="demo",
            name="Demo",
            specialists=[Specialist("ES1")],
            participants=[Participant("P1", date(2024, 1, 1))],
            jobs=jobs,
        )
        built_in = by_key(compute_items(records, start=START, end=END))["competitive_jobs"]
        loaded = by_key(
            compute_items(
                records, start=START, end=END, scale=loads_scale(COMPETITIVE, source="audit.toml")
            )
        )["competitive_jobs"]

        assert (built_in.score, loaded.score) == (3, 4)
        assert built_in.measure == loaded.measure == pytest.approx(100 * 15 / 18)
        assert "Cut points from audit.toml." in loaded.evidence.summary
        assert loaded.to_dict()["thresholds_from"] == "audit.toml"
        assert built_in.to_dict()["thresholds_from"] == BUILT_IN

    def test_a_file_without_the_minimum_scores_a_pilot(self):
        """Six competitive jobs of six: not enough records built in, a 5 by a file without it."""
        built_in = by_key(compute_items(pilot(), start=START, end=END))["competitive_jobs"]
        loaded = by_key(
            compute_items(pilot(), start=START, end=END, scale=loads_scale(COMPETITIVE))
        )["competitive_jobs"]

        assert built_in.status is ResultStatus.NOT_ENOUGH_RECORDS
        assert (loaded.status, loaded.score) == (ResultStatus.SCORED, 5)

    def test_a_file_can_ask_for_a_minimum_elsewhere(self):
        """A minimum on diversity of employers makes six jobs too few there as well."""
        text = (
            "[items.employer_diversity]\ncuts = [85, 70, 60, 50]\nminimum_count = 10\n"
            'source = "the auditor"\n'
        )
        found = by_key(compute_items(pilot(), start=START, end=END, scale=loads_scale(text)))

        assert found["employer_diversity"].too_few.count == 6
        assert found["job_type_diversity"].score == 5

    def test_a_scale_that_is_not_the_scale(self):
        from ipsrules.fidelity import ScoreError

        with pytest.raises(ScoreError):
            compute_items(pilot(), start=START, end=END, scale=SCALE[:24])
        with pytest.raises(ScoreError):
            compute_items(pilot(), start=START, end=END, scale=(SCALE[1], SCALE[0], *SCALE[2:]))


class TestReports:
    def review(self, scale=SCALE):
        results = compute_items(pilot(12), start=START, end=END, scale=scale)
        return Review(results, programme_id="pilot", start=START, end=END)

    @pytest.mark.parametrize("locale", ["en", "sv"])
    def test_every_format_says_where_the_cut_points_come_from(self, locale):
        """Text, HTML, Markdown, JSON and CSV name the scale file and the items it set."""
        review = self.review(loads_scale(COMPETITIVE, source="audit.toml"))
        words = {"en": "Items 21: cut points from audit.toml.", "sv": "Punkt 21: gränsvärden"}

        for text in (
            review.to_text(locale),
            review.to_html(locale),
            review.to_markdown(locale),
        ):
            assert words[locale] in text
            assert "audit.toml" in text
        records = json.loads(review.to_json(locale))["items"]
        assert records[20]["thresholds_from"] == "audit.toml"
        assert records[0]["thresholds_from"] == BUILT_IN
        assert records[2]["thresholds_from"] is None  # judged: no cut points
        assert "audit.toml" in review.to_csv(locale)

    def test_all_built_in(self):
        text = self.review().to_text()

        assert "Every computed item is scored by the cut points built into ipsrules." in text
        assert "Alla beräknade punkter" in self.review().to_markdown("sv")


class TestCommandLine:
    def run(self, capsys, *argv):
        status = main(["fidelity", *argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    def test_scale_option(self, capsys, tmp_path: Path):
        path = tmp_path / "audit.toml"
        path.write_text(COMPETITIVE, "utf-8")

        status, out, _ = self.run(
            capsys, "--from", "2025-11-01", "--to", "2026-10-31", "--scale", str(path)
        )

        assert status == 0
        assert f"Items 21: cut points from {path}." in out

    def test_a_bad_scale_file_exits_2_naming_it(self, capsys, tmp_path: Path):
        path = tmp_path / "audit.toml"
        path.write_text('[items.caseload_size]\ncuts = [20, 25]\nsource = "x"\n', "utf-8")

        status, out, err = self.run(
            capsys, "--from", "2025-11-01", "--to", "2026-10-31", "--scale", str(path)
        )

        assert (status, out) == (2, "")
        assert f"{path}: items.caseload_size, field 'cuts'" in err
        assert "Traceback" not in err
