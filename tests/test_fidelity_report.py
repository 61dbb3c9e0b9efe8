"""Tests of the fidelity reports: records, data frames, HTML, Markdown, files and the chart."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipsrules.fidelity
from ipsrules.fidelity import (
    SCALE,
    Band,
    Evidence,
    ItemResult,
    MissingExtraError,
    Rating,
    ReportFormatError,
    Review,
    Section,
    UnknownLocaleError,
    item,
)
from ipsrules.fidelity._report import COLUMNS, report_html
from ipsrules.fidelity._views import format_measure, item_html

START, END = date(2026, 1, 1), date(2026, 6, 30)
HOSTILE = '<script>alert("x")</script> | [link](javascript:alert(1)) & *bold* `code` \\'

# The items the tests compute, with a score, a measure and the records behind it.
COMPUTED_SCORES = {
    "caseload_size": (5, 17.5),
    "rapid_job_search": (4, 41.0),
    "job_development_frequency": (2, 2.25),
    "job_type_diversity": (5, 90.0),
    "employer_diversity": (4, 80.0),
    "competitive_jobs": (5, 100.0),
    "time_unlimited_follow_along": (4, 80.0),
    "community_based_services": (3, 45.0),
}

# A rater's note: any text of the one rule for text (docs/limits.md), over several lines too.
NOTES = st.text(
    st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
    | st.just("\n"),
    max_size=60,
)


def computed_items(evidence_note: str = "counted") -> tuple[ItemResult, ...]:
    """One result per scale item: those of COMPUTED_SCORES scored, the others not."""
    results = []
    for entry in SCALE:
        if entry.key in COMPUTED_SCORES:
            score, measure = COMPUTED_SCORES[entry.key]
            unit = entry.thresholds.unit if entry.thresholds is not None else "units"
            results.append(
                ItemResult(
                    entry,
                    score,
                    measure,
                    unit,
                    Evidence(f"{entry.key} {evidence_note}", {"n": 3}, ("IPS-0001", "IPS-0002")),
                )
            )
        else:
            results.append(
                ItemResult(
                    entry,
                    None,
                    None,
                    "",
                    Evidence("judged by a reviewer"),
                    needs=f"a reviewer's rating of {entry.key}",
                )
            )
    return tuple(results)


def judged_ratings(note: str | None = None, score: int = 3) -> list[Rating]:
    """A rating of every item not computed, all with *score* and *note*."""
    return [Rating(entry.key, score, note) for entry in SCALE if entry.key not in COMPUTED_SCORES]


def full_review(
    *, note: str | None = "seen in the case files", programme_id: str = "demo"
) -> Review:
    ratings = [
        *judged_ratings(note),
        Rating("community_based_services", 2, "Most contacts are at the office."),
    ]
    return Review(computed_items(), ratings, programme_id=programme_id, start=START, end=END)


def draft_review() -> Review:
    return Review(computed_items(), programme_id="demo", start=START, end=END)


# --- records ---------------------------------------------------------------------


def test_records_list_every_item_in_scale_order_with_the_columns() -> None:
    records = full_review().to_records()

    assert [record["number"] for record in records] == list(range(1, 26))
    assert all(tuple(record) == COLUMNS for record in records)


def test_a_computed_item_record_carries_its_measure_and_evidence() -> None:
    record = full_review().to_records()[0]

    assert record == {
        "number": 1,
        "key": "caseload_size",
        "section": "staffing",
        "title": "Caseload size",
        "score": 5,
        "source": "computed",
        "computed_score": 5,
        "measure": 17.5,
        "unit": item("caseload_size").thresholds.unit,
        "evidence": "caseload_size counted",
        "needs": None,
        "note": None,
        "status": "scored",
        "thresholds_from": "built-in",
    }


def test_a_rated_item_record_carries_the_note() -> None:
    record = full_review().to_records()[item("disclosure").number - 1]

    assert record["score"] == 3
    assert record["source"] == "rated"
    assert record["computed_score"] is None
    assert record["measure"] is None
    assert record["note"] == "seen in the case files"
    assert record["needs"] == "a reviewer's rating of disclosure"


def test_an_override_keeps_both_scores() -> None:
    record = full_review().to_records()[item("community_based_services").number - 1]

    assert (record["score"], record["source"], record["computed_score"]) == (2, "overridden", 3)
    assert record["measure"] == 45.0
    assert record["note"] == "Most contacts are at the office."


def test_records_of_a_draft_leave_unrated_items_without_a_score() -> None:
    records = draft_review().to_records()

    unscored = [record["key"] for record in records if record["score"] is None]
    assert unscored == [entry.key for entry in SCALE if entry.key not in COMPUTED_SCORES]
    assert all(record["source"] == "missing" for record in records if record["score"] is None)


def test_records_in_swedish_have_swedish_titles_and_english_keys() -> None:
    record = full_review().to_records(locale="sv")[0]

    assert record["title"] == "Klientgruppens storlek"
    assert record["key"] == "caseload_size"
    assert record["section"] == "staffing"


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(UnknownLocaleError):
        full_review().to_records(locale="de")


# --- data frames -----------------------------------------------------------------


def test_the_data_frame_has_one_row_per_item_indexed_by_number() -> None:
    review = full_review()

    frame = review.to_dataframe()

    assert list(frame.index) == list(range(1, 26))
    assert list(frame.columns) == list(COLUMNS[1:])
    assert frame.loc[1, "score"] == 5
    assert frame.loc[24, "source"] == "overridden"
    assert str(frame["score"].dtype) == "Int64"


def test_the_data_frame_of_a_draft_keeps_scores_integer_with_gaps() -> None:
    frame = draft_review().to_dataframe()

    assert str(frame["score"].dtype) == "Int64"
    assert int(frame["score"].isna().sum()) == 25 - len(COMPUTED_SCORES)


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail

    with pytest.raises(MissingExtraError, match=r"pip install 'ipsrules\[notebook\]'"):
        full_review().to_dataframe()


# --- HTML: what a parser sees ------------------------------------------------------


class _Page(HTMLParser):
    """The tags and the text of an HTML document, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

        self.shown: list[str] = []  # the text a reader sees: not the style or the title
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag in ("style", "title"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self._hidden and data.strip():
            self.shown.append(data)


def parse(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table", "thead",
    "tbody", "tr", "th", "td", "span", "ul", "ol", "li", "code", "strong", "details",
    "summary", "div", "br",
}  # fmt: skip


def test_the_html_report_is_standalone() -> None:
    document = full_review().to_html()
    page = parse(document)

    assert document.startswith("<!DOCTYPE html>")
    assert set(page.tags) <= SAFE_TAGS
    assert not {name for name, _ in page.attributes} & {"src", "href", "onload", "onclick"}
    assert "<style>" in document


def test_the_html_report_has_the_summary_priorities_overrides_and_items() -> None:
    review = full_review()
    text = " ".join(parse(review.to_html()).text)

    assert f"{review.total} / 125" in text
    assert review.band.label() in text
    for section in Section:
        assert section.label() in text
    for score in review.priorities():
        assert score.item.title() in text
    assert "Most contacts are at the office." in text
    assert "Computed scores overridden by a rater" in text
    assert "a reviewer's rating of disclosure" in text  # what the records would need
    assert "17.5 " + item("caseload_size").thresholds.unit in text


def test_the_html_report_in_swedish() -> None:
    review = full_review()
    text = " ".join(parse(review.to_html(locale="sv")).text)

    assert "Summa" in text
    assert review.band.label("sv") in text
    assert "Klientgruppens storlek" in text
    assert 'lang="sv"' in review.to_html(locale="sv")


def test_the_report_as_a_fragment_has_the_same_content() -> None:
    review = full_review()

    fragment = review.to_html(locale="sv", standalone=False)

    assert fragment.startswith('<div class="ipsrules-fidelity"><style>')
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert parse(fragment).shown == parse(review.to_html(locale="sv")).shown


def test_reports_refuse_an_unknown_locale() -> None:
    review = full_review()

    for write in (review.to_html, review.to_markdown, review.to_dataframe, review.chart):
        with pytest.raises(UnknownLocaleError, match="'fi'"):
            write(locale="fi")


def test_an_incomplete_report_lists_the_missing_items_and_no_total() -> None:
    review = draft_review()
    text = " ".join(parse(review.to_html()).text)

    assert "/ 125" not in text
    assert f"Incomplete review: {25 - len(COMPUTED_SCORES)} of 25 items" in text
    for entry in review.missing:
        assert entry.key in text


@given(NOTES.filter(str.strip), st.text(min_size=1).filter(str.strip))
def test_html_shows_any_note_and_programme_id_as_text(note: str, programme_id: str) -> None:
    review = full_review(note=note, programme_id=programme_id)

    for document in (review.to_html(), review._repr_html_()):
        page = parse(document)
        assert set(page.tags) <= SAFE_TAGS
        text = "".join(page.text)
        assert programme_id in text
        assert note in text


def test_html_escapes_a_hostile_note_and_programme_id() -> None:
    review = full_review(note=HOSTILE, programme_id=HOSTILE)

    for document in (review.to_html(), review._repr_html_()):
        assert "<script>" not in document
        page = parse(document)
        assert "script" not in page.tags
        assert HOSTILE in "".join(page.text)


def test_the_notebook_view_is_a_fragment_with_every_item() -> None:
    review = full_review()
    fragment = review._repr_html_()
    text = " ".join(parse(fragment).text)

    assert fragment.startswith('<div class="ipsrules-fidelity">')
    assert "<html" not in fragment
    for entry in SCALE:
        assert entry.title() in text


def test_an_item_shows_its_anchors_from_five_to_one() -> None:
    entry = item("caseload_size")
    text = parse(item_html(entry)).text

    anchors = [entry.anchor(score) for score in range(5, 0, -1)]
    assert [line for line in text if line in anchors] == anchors
    assert entry._repr_html_() == item_html(entry)


def test_a_computed_item_shows_its_evidence_and_records() -> None:
    result = computed_items(evidence_note=HOSTILE)[0]
    fragment = result._repr_html_()
    page = parse(fragment)

    assert "script" not in page.tags
    assert f"caseload_size {HOSTILE}" in "".join(page.text)
    assert "IPS-0001, IPS-0002" in "".join(page.text)


def test_a_computed_item_lists_fifty_record_ids_and_counts_the_rest() -> None:
    ids = tuple(f"IPS-{number:04d}" for number in range(1, 61))
    result = ItemResult(item(1), 5, 12.0, "participants", Evidence("counted", {}, ids))

    text = " ".join(parse(result._repr_html_()).shown)

    assert "60 records" in text
    assert ", ".join(ids[:50]) + ", … (+10)" in text
    assert ids[50] not in text


def test_a_result_that_is_not_computable_says_what_is_needed() -> None:
    result = computed_items()[1]
    text = " ".join(parse(result._repr_html_()).text)

    assert "Not computable from the records" in text
    assert "a reviewer's rating of employment_services_staff" in text


# --- Markdown ----------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row, split at the pipes that are not escaped."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def item_rows(markdown: str) -> list[str]:
    lines = markdown.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("| # |"))
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_the_markdown_report_has_the_summary_and_a_row_per_item() -> None:
    review = full_review()
    markdown = review.to_markdown()

    assert markdown.startswith("# IPS fidelity review: demo\n")
    assert f"- **Total:** {review.total} / 125" in markdown
    assert f"- **Band:** {review.band.label()}" in markdown
    rows = item_rows(markdown)
    assert len(rows) == 25
    assert _cells(rows[0])[:6] == [
        " 1 ",
        " Caseload size ",
        " 5 ",
        " computed ",
        " 5 ",
        " 17.5 " + item("caseload_size").thresholds.unit + " ",
    ]


@given(NOTES)
def test_markdown_rows_keep_their_cells_whatever_the_note(note: str) -> None:
    markdown = full_review(note=note).to_markdown()

    rows = item_rows(markdown)
    assert len(rows) == 25
    assert all(len(_cells(row)) == 8 for row in rows)
    assert "<script" not in markdown


def test_markdown_escapes_links_and_html_in_notes() -> None:
    markdown = full_review(note=HOSTILE).to_markdown()

    assert "<script>" not in markdown
    assert "\\](javascript" in markdown
    assert re.search(r"(?<!\\)\]\(", markdown) is None  # no bracket that could close a link
    assert "&lt;script&gt;" in markdown


def test_the_markdown_report_in_swedish() -> None:
    markdown = full_review().to_markdown(locale="sv")

    assert markdown.startswith("# IPS fidelitetsgranskning: demo\n")
    assert "- **Summa:**" in markdown


# --- files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"), [("r.html", "<!DOCTYPE html>"), ("r.HTM", "<!DOCTYPE html>"), ("r.md", "# ")]
)
def test_write_report_chooses_the_format_by_suffix(tmp_path: Path, name: str, start: str) -> None:
    review = full_review()

    review.write_report(tmp_path / name)

    text = (tmp_path / name).read_text("utf-8")
    assert text.startswith(start)
    assert text == (review.to_html() if start.startswith("<") else review.to_markdown())


def test_write_report_in_swedish(tmp_path: Path) -> None:
    review = full_review()

    review.write_report(tmp_path / "r.md", locale="sv")

    assert (tmp_path / "r.md").read_text("utf-8") == review.to_markdown(locale="sv")


def test_write_report_replaces_a_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "review.md"
    path.write_text("the last review", "utf-8")

    full_review().write_report(path)

    assert path.read_text("utf-8") == full_review().to_markdown()
    assert list(tmp_path.iterdir()) == [path]


def test_write_report_refuses_an_unknown_suffix_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match=r"r\.txt: cannot tell the report format"):
        full_review().write_report(tmp_path / "r.txt")

    assert list(tmp_path.iterdir()) == []


# --- the chart ---------------------------------------------------------------------------


def test_the_chart_has_a_bar_per_scored_item() -> None:
    review = full_review()

    figure = review.chart()

    axes = figure.axes[0]
    assert len(axes.patches) == 25
    assert [bar.get_width() for bar in axes.patches] == [score.score for score in review.scores]
    labels = [tick.get_text() for tick in axes.get_yticklabels()]
    assert labels == [f"{entry.number}. {entry.title()}" for entry in SCALE]
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_the_chart_of_a_draft_marks_the_items_not_scored() -> None:
    figure = draft_review().chart(locale="sv")

    axes = figure.axes[0]
    assert len(axes.patches) == len(COMPUTED_SCORES)
    notes = [text.get_text() for text in axes.texts]
    assert notes == ["ej bedömd"] * (25 - len(COMPUTED_SCORES))


def test_the_chart_compares_with_an_earlier_review() -> None:
    later, earlier = full_review(), draft_review()

    figure = later.chart(earlier=earlier)

    assert len(figure.axes[0].patches) == 25 + len(COMPUTED_SCORES)


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)

    with pytest.raises(MissingExtraError, match=r"ipsrules\[notebook\]"):
        full_review().chart()


# --- figures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "unit", "text"),
    [
        (
            17.5,
            "participants per full-time specialist",
            "17.5 participants per full-time specialist",
        ),
        (20.0, "days", "20 days"),
        (2.256, "contacts", "2.26 contacts"),
        (62.0, "% of time", "62% of time"),
        (0.0, "", "0"),
    ],
)
def test_format_measure(measure: float, unit: str, text: str) -> None:
    assert format_measure(measure, unit) == text


def test_report_html_of_a_complete_review_names_its_band() -> None:
    review = full_review()

    assert review.band in Band
    assert review.band.label() in report_html(review)


# --- comparing two reviews ---------------------------------------------------------------


def earlier_review(score: int = 2, programme_id: str = "demo") -> Review:
    """The review before `full_review`: every judged item *score*, no override."""
    return Review(
        computed_items(),
        judged_ratings(score=score),
        programme_id=programme_id,
        start=date(2025, 7, 1),
        end=date(2025, 12, 31),
    )


def change_cells(fragment: str) -> list[list[str]]:
    """The rows of the item table of a comparison: number, title, earlier, later, change."""
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td>(.*?)</tr>", fragment)
    return [[number, *re.findall(r"<td[^>]*>(.*?)</td>", rest)] for number, rest in rows]


def test_a_comparison_shows_totals_bands_and_every_change() -> None:
    later, earlier = full_review(), earlier_review()
    comparison = later.compare(earlier)

    fragment = comparison._repr_html_()

    text = " ".join(parse(fragment).shown)
    assert f"{earlier.total} / 125" in text
    assert f"{later.total} / 125" in text
    assert f"+{later.total - earlier.total}" in text
    assert earlier.band.label() in text
    rows = change_cells(fragment)
    assert [row[0] for row in rows] == [str(number) for number in range(1, 26)]
    judged = {entry.key for entry in SCALE} - set(COMPUTED_SCORES)
    for row, entry in zip(rows, SCALE, strict=True):
        if entry.key in judged:
            assert row[2:] == ["2", "3", "+1"]
        elif entry.key == "community_based_services":
            assert row[2:] == ["3", "2", "\N{MINUS SIGN}1"]  # the override in the later review
        else:
            score = str(COMPUTED_SCORES[entry.key][0])
            assert row[2:] == [score, score, "0"]


def test_a_comparison_with_an_incomplete_review_has_no_total_change() -> None:
    comparison = full_review().compare(draft_review())

    fragment = comparison._repr_html_()

    assert "incomplete" in " ".join(parse(fragment).shown)
    rows = change_cells(fragment)
    assert rows[item("disclosure").number - 1][2:] == ["", "3", ""]


def test_a_comparison_escapes_the_programme_id() -> None:
    comparison = full_review(programme_id=HOSTILE).compare(earlier_review(programme_id=HOSTILE))

    page = parse(comparison._repr_html_())

    assert "script" not in page.tags
    assert HOSTILE in page.shown


# --- JSON-ready data, CSV and text -----------------------------------------------------------


def test_the_dict_of_a_complete_review_has_its_figures_and_items() -> None:
    review = full_review()

    data = review.to_dict(locale="sv")

    assert list(data) == [
        "programme", "from", "to", "complete", "total", "band", "section_totals", "missing",
        "overrides", "priorities", "items",
    ]  # fmt: skip
    assert (data["total"], data["band"]) == (review.total, review.band.value)
    assert data["overrides"] == ["community_based_services"]
    assert data["items"] == review.to_records(locale="sv")
    assert json.loads(review.to_json(locale="sv")) == data


def test_the_dict_of_a_draft_has_no_total() -> None:
    data = draft_review().to_dict()

    assert (data["complete"], data["total"], data["band"], data["section_totals"]) == (
        False,
        None,
        None,
        None,
    )
    assert data["priorities"] == []


def test_csv_and_text_of_a_review() -> None:
    review = draft_review()

    rows = list(csv.DictReader(io.StringIO(review.to_csv())))
    text = review.to_text()

    assert tuple(rows[0]) == COLUMNS
    assert [row["key"] for row in rows] == [entry.key for entry in SCALE]
    assert text.startswith("IPS fidelity review: demo, 2026-01-01")
    assert text.splitlines()[-1].startswith("Items without a score: ")
    assert "--ratings" not in text  # the command line adds how to rate


def test_the_dict_of_a_comparison() -> None:
    later, earlier = full_review(), earlier_review()

    data = later.compare(earlier).to_dict()

    assert data["total_delta"] == later.total - earlier.total
    assert data["band_changed"] == (later.band is not earlier.band)
    assert data["earlier"] == {
        "from": "2025-07-01",
        "to": "2025-12-31",
        "complete": True,
        "total": earlier.total,
        "band": earlier.band.value,
    }
    change = data["changes"][item("community_based_services").number - 1]
    assert change == {
        "number": 24,
        "key": "community_based_services",
        "earlier": 3,
        "later": 2,
        "delta": -1,
    }
    json.dumps(data)  # JSON-ready


def test_the_dict_of_an_item_result() -> None:
    result = computed_items()[0]

    assert result.to_dict() == {
        "number": 1,
        "key": "caseload_size",
        "status": "scored",
        "score": 5,
        "measure": 17.5,
        "unit": result.unit,
        "evidence": {
            "summary": "caseload_size counted",
            "counts": {"n": 3},
            "records": ["IPS-0001", "IPS-0002"],
        },
        "needs": None,
        "too_few": None,
        "thresholds_from": "built-in",
    }


# --- the modules ------------------------------------------------------------------------------


def _runtime_imports(path: Path) -> set[str]:
    """The fidelity modules that *path* imports when it runs (``TYPE_CHECKING`` left out)."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for node in ast.walk(branch)
    }
    modules: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or id(node) in typing_only:
            continue
        if node.module == "ipsrules.fidelity":  # from ipsrules.fidelity import _report
            modules |= {alias.name for alias in node.names if alias.name.startswith("_")}
        elif (node.module or "").startswith("ipsrules.fidelity."):
            modules.add(node.module.rpartition(".")[2])
    return modules


def test_the_fidelity_modules_import_one_way() -> None:
    package = Path(ipsrules.fidelity.__file__).parent
    imports = {path.stem: _runtime_imports(path) for path in package.glob("_*.py")}
    order: list[str] = []  # each module after every module it imports

    while len(order) < len(imports):
        ready = sorted(m for m in imports if m not in order and imports[m] <= set(order))
        assert ready, f"an import cycle among {sorted(set(imports) - set(order))}"
        order += ready


@pytest.mark.parametrize(
    "note",
    [
        '=HYPERLINK("http://evil.example","notes")',
        "+1",
        "-1",
        "@SUM(A1)",
        "\uff1d1",
    ],
)
def test_csv_notes_that_start_a_formula_are_neutralised(note: str) -> None:
    """
    A rater's note is free text in a CSV that people open in a spreadsheet. (A note that
    starts with a tab or a carriage return is refused before it gets there: a control character.)
    """
    rows = list(csv.DictReader(io.StringIO(full_review(note=note).to_csv(), newline="")))
    noted = [row["note"] for row in rows if row["note"].endswith(note[1:])]
    assert noted
    assert all(cell == "'" + note for cell in noted)
    assert all(row["score"].isdigit() or row["score"] == "" for row in rows)


# --- not enough records ------------------------------------------------------------------


def pilot_review() -> Review:
    """A pilot's review: six competitive jobs, too few for item 21 to mean anything."""
    from ipsrules import Job, Participant, Programme, Specialist
    from ipsrules.fidelity import compute_items

    records = Programme(
        id="pilot",
        name="Pilot",
        specialists=[Specialist("ES1")],
        participants=[Participant("P1", date(2025, 1, 1))],
        jobs=[Job(f"J{n}", "P1", date(2026, 2, 1)) for n in range(6)],
    )
    results = compute_items(records, start=START, end=END)
    return Review(results, programme_id="pilot", start=START, end=END)


@pytest.mark.parametrize(
    ("locale", "words"),
    [("en", "not enough records (6 of 10 jobs)"), ("sv", "för få poster (6 av 10 arbeten)")],
)
def test_not_enough_records_in_every_format(locale: str, words: str) -> None:
    review = pilot_review()
    competitive = review.score_of("competitive_jobs")

    assert competitive.score is None
    assert competitive.computed.measure == 100.0
    for text in (review.to_text(locale), review.to_html(locale), review.to_markdown(locale)):
        assert words in text
    record = json.loads(review.to_json(locale))["items"][20]
    assert (record["status"], record["score"], record["measure"]) == (
        "not_enough_records",
        None,
        100.0,
    )
    row = list(csv.DictReader(io.StringIO(review.to_csv(locale))))[20]
    assert row["status"] == "not_enough_records"
    assert "6 were" in row["needs"]


def test_not_enough_records_in_a_notebook() -> None:
    result = pilot_review().score_of(21).computed

    assert "not enough records (6 of 10 jobs)" in result._repr_html_()
    assert result.to_dict()["too_few"] == {"count": 6, "needed": 10, "of": "jobs"}


def test_a_score_with_too_few_records_is_refused() -> None:
    from ipsrules.fidelity import ScoreError, TooFew

    entry = item("competitive_jobs")
    with pytest.raises(ScoreError):
        ItemResult(entry, 5, 100.0, "%", Evidence("x"), too_few=TooFew(6, 10, "jobs"))
