"""
Fidelity reviews as people read them: records, CSV, text, data frames, HTML, Markdown, a chart.

Everything here reads a `Review` (or its items) and writes something; nothing here scores.
The HTML and Markdown reports are built as documents of ``ipsrules._document``, which writes
and escapes every format, so a note that holds ``<script>`` or ``|`` cannot break a report.
pandas and matplotlib are optional (``pip install 'ipsrules[notebook]'``) and imported only
by the functions that need them.
"""

from __future__ import annotations

import os
from itertools import pairwise
from typing import TYPE_CHECKING, TypeAlias

from ipsrules._atomic import write_atomically
from ipsrules._document import (
    Alignment,
    Block,
    BulletList,
    Content,
    Document,
    GroupRow,
    Heading,
    KeyValues,
    NumberedList,
    Paragraph,
    PerFormat,
    Row,
    ScoreBar,
    Span,
    Table,
    TableRow,
    records_to_csv,
    to_text_table,
)
from ipsrules._locale import check_locale
from ipsrules.exceptions import MissingExtraError, ReportFormatError
from ipsrules.fidelity._scale import SCALE, Section, thresholds_from
from ipsrules.fidelity._views import (
    NO_SCORE,
    STYLE,
    computed_text,
    evidence_spans,
    format_measure,
    label,
    measure_text,
    period_text,
    thresholds_lines,
    view,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from pandas import DataFrame

    from ipsrules.fidelity._review import Comparison, ItemScore, Review


Record: TypeAlias = dict[str, str | int | float | None]
"""One item of a review as plain values: what `to_records` lists."""

COLUMNS = (
    "number",
    "key",
    "section",
    "title",
    "score",
    "source",
    "computed_score",
    "measure",
    "unit",
    "evidence",
    "needs",
    "note",
    "status",
    "thresholds_from",
)
"""The keys of a record, in order; ``csv`` and data frames use them as columns."""


# --- plain records ----------------------------------------------------------------


def review_records(review: Review, locale: str = "en") -> list[Record]:
    """One plain record per item of the scale, in scale order (see `COLUMNS`)."""
    check_locale(locale)
    return [_record(score, locale) for score in review.scores]


def _record(score: ItemScore, locale: str) -> Record:
    item, result = score.item, score.computed
    return {
        "number": item.number,
        "key": item.key,
        "section": item.section.value,
        "title": item.title(locale),
        "score": score.score,
        "source": score.source.value,
        "computed_score": result.score if result is not None else None,
        "measure": result.measure if result is not None else None,
        "unit": result.unit if result is not None and result.measure is not None else None,
        "evidence": result.evidence.summary if result is not None else None,
        "needs": result.needs if result is not None else None,
        "note": score.note,
        "status": result.status.value if result is not None else None,
        "thresholds_from": thresholds_from(result.item) if result is not None else None,
    }


def records_frame(records: list[Record]) -> DataFrame:
    """The *records* as a pandas data frame indexed by item number, pandas imported here."""
    try:
        import pandas  # the optional extra, imported when asked for
    except ImportError as exc:
        raise _missing("pandas", "to_dataframe()") from exc
    frame = pandas.DataFrame.from_records(records, columns=list(COLUMNS))
    # Nullable integers, so an item without a score stays an integer column with <NA>.
    for column in ("score", "computed_score"):
        frame[column] = frame[column].astype("Int64")
    return frame.set_index("number")


def _missing(name: str, needed_by: str) -> MissingExtraError:
    return MissingExtraError(name, needed_by, "notebook")


def review_csv(review: Review, locale: str = "en") -> str:
    """The records of *review* as CSV under a header of `COLUMNS`."""
    return records_to_csv(COLUMNS, review_records(review, locale))


# --- plain text ----------------------------------------------------------------------


def review_text(review: Review, locale: str = "en", *, how_to_rate: str = "") -> str:
    """
    Plain text for a terminal: the summary, then one line per item, then what to do.

    *how_to_rate* follows the list of items without a score: the command line tells there
    how to give the ratings.
    """
    check_locale(locale)
    out = [
        f"{label('title', locale)}: {review.programme_id}, "
        + period_text(review.start, review.end),
    ]
    if review.complete:
        out.append(f"{label('total', locale)}: {review.total} / 125, {review.band.label(locale)}")
        out.append(
            f"{label('sections', locale)}: "
            + ", ".join(
                f"{section.label(locale)} {review.section_totals[section]}"
                f" / {5 * sum(1 for item in SCALE if item.section is section)}"
                for section in Section
            )
        )
    else:
        out.append(label("incomplete", locale).format(count=len(review.missing)))
    header = (
        label("number", locale),
        label("key", locale),
        label("score", locale),
        label("source", locale),
        label("computed", locale),
        label("measure", locale),
        label("details", locale),
    )
    rows: list[tuple[str, ...]] = []
    for score, record in zip(review.scores, review_records(review, locale), strict=True):
        measure = record["measure"]
        rows.append(
            (
                str(record["number"]),
                str(record["key"]),
                "" if record["score"] is None else str(record["score"]),
                label(f"source.{record['source']}", locale)
                if record["source"] is not None
                else label("not_scored", locale),
                computed_text(score.computed, locale) or NO_SCORE,
                "" if measure is None else format_measure(float(measure), str(record["unit"])),
                _details(record),
            )
        )
    table = Table(header, rows, align=("right", "left", "right", "left", "right"))
    out += ["", to_text_table(table), ""]
    out += thresholds_lines(review.computed, locale)
    if review.overrides:
        out.append("")
        out.append(
            f"{label('overrides', locale)}: "
            + ", ".join(
                f"{score.item.key} ({score.computed.score if score.computed else NO_SCORE} → "
                f"{score.score})"
                for score in review.overrides
            )
        )
    if review.complete:
        out.append("")
        out.append(
            f"{label('priorities', locale)}: "
            + ", ".join(f"{score.item.key} ({score.score})" for score in review.priorities())
        )
    else:
        out.append("")
        out.append(
            f"{label('missing', locale)}: "
            + ", ".join(item.key for item in review.missing)
            + (f" ({how_to_rate})" if how_to_rate else "")
        )
    return "\n".join(out) + "\n"


def _details(record: Record) -> str:
    """The last column: what a reader of each kind of item wants to see first."""
    if record["source"] == "missing":
        return str(record["needs"] or "")  # what would let the item be scored
    if record["source"] == "computed" and not record["note"]:
        return str(record["evidence"] or "")
    return str(record["note"] or "")  # why the rater scored it so


# --- HTML and Markdown ------------------------------------------------------------------


def _source(score: ItemScore, locale: str) -> str:
    return label(f"source.{score.source.value}", locale)


def _summary(review: Review, locale: str) -> PerFormat:
    """Programme, period, total and band; HTML says there what an incomplete review lacks."""
    pairs: list[tuple[str, Content]] = [
        (label("programme", locale), review.programme_id),
        (label("period", locale), period_text(review.start, review.end)),
    ]
    if review.complete:
        pairs.append((label("total", locale), f"{review.total} / 125"))
        pairs.append((label("band", locale), review.band.label(locale)))
        return PerFormat([KeyValues(pairs)], [KeyValues(pairs)])
    message = label("incomplete", locale).format(count=len(review.missing))
    return PerFormat(
        [KeyValues([*pairs, (label("total", locale), (Span(message, "alert"),))])],
        [KeyValues(pairs), Paragraph(message, "lead")],
    )


def _section_table(review: Review, locale: str) -> Table:
    totals = review.section_totals
    counts = {section: sum(1 for item in SCALE if item.section is section) for section in Section}
    return Table(
        (label("section", locale), label("score", locale)),
        [
            (section.label(locale), f"{totals[section]} / {5 * counts[section]}")
            for section in Section
        ],
        align=("left", "right"),
        numbers=True,
    )


def _computed_text(score: ItemScore, locale: str) -> str:
    """The computed score of an item's row: empty for a rated item, a dash when not computable."""
    return computed_text(score.computed, locale)


def _items_table(review: Review, locale: str, *, evidence: bool) -> Table:
    """Every item under its section, with a bar for its score; *evidence* adds that column."""
    head = [
        label("number", locale),
        label("item", locale),
        label("score", locale),
        "",
        label("source", locale),
        label("computed", locale),
        label("measure", locale),
    ]
    if evidence:
        head.append(label("evidence", locale))
    head.append(label("note", locale))
    rows: list[TableRow] = []
    for section in Section:
        rows.append(GroupRow(section.label(locale)))
        for score in review.scores:
            item, result = score.item, score.computed
            if item.section is not section:
                continue
            emphasis = ""
            if score.source == "overridden":
                emphasis = "overridden"
            elif score.score is None:
                emphasis = "missing"
            cells: list[Content] = [
                str(item.number),
                item.title(locale),
                "" if score.score is None else str(score.score),
                () if score.score is None else (ScoreBar(score.score),),
                _source(score, locale),
                _computed_text(score, locale),
                measure_text(result),
            ]
            if evidence:
                cells.append(evidence_spans(result, locale))
            cells.append(score.note or "")
            rows.append(Row(cells, emphasis))
    return Table(
        head, rows, align=("right", "left", "right", "left", "left", "right"), numbers=True
    )


def _flat_items_table(review: Review, locale: str) -> Table:
    """Every item in one flat table for Markdown: no bars, records as a count."""
    head = (
        label("number", locale),
        label("item", locale),
        label("score", locale),
        label("source", locale),
        label("computed", locale),
        label("measure", locale),
        label("evidence", locale),
        label("note", locale),
    )
    rows = [
        (
            str(score.item.number),
            score.item.title(locale),
            "" if score.score is None else str(score.score),
            _source(score, locale),
            _computed_text(score, locale),
            measure_text(score.computed),
            evidence_spans(score.computed, locale, needs=False),
            score.note or "",
        )
        for score in review.scores
    ]
    align: tuple[Alignment, ...] = ("right", "left", "right", "left", "right", "right")
    return Table(head, rows, align=align)


def review_html(review: Review, locale: str = "en") -> str:
    """An HTML fragment for a notebook: summary, sections and every item with its score."""
    check_locale(locale)
    blocks: list[Block] = [_summary(review, locale)]
    if review.complete:
        blocks.append(_section_table(review, locale))
    blocks.append(_items_table(review, locale, evidence=False))
    return view(locale, *blocks)


def review_document(review: Review, locale: str = "en") -> Document:
    """The report of *review* as a document: what `report_html` and `report_markdown` write."""
    check_locale(locale)
    title = f"{label('title', locale)}: {review.programme_id}"
    blocks: list[Block] = [
        Paragraph(label("scale_note", locale), "muted"),
        _summary(review, locale),
    ]
    if review.complete:
        blocks += [
            Heading(label("sections", locale)),
            _section_table(review, locale),
            Heading(label("priorities", locale)),
            Paragraph(label("priorities_intro", locale)),
        ]
        priorities = review.priorities()
        if priorities:
            blocks.append(
                NumberedList(
                    f"{score.item.number}. {score.item.title(locale)}: {score.score}"
                    for score in priorities
                )
            )
    else:
        blocks += [
            Heading(label("missing", locale)),
            BulletList(
                (Span(f"{item.number}. {item.title(locale)} ("), Span(item.key, "code"), Span(")"))
                for item in review.missing
            ),
        ]
    blocks.append(Heading(label("overrides", locale)))
    if review.overrides:
        blocks.append(
            BulletList(
                f"{score.item.number}. {score.item.title(locale)}: "
                f"{_computed_score(score)} → {score.score}"
                + (f" ({score.note})" if score.note else "")
                for score in review.overrides
            )
        )
    else:
        blocks.append(Paragraph(label("overrides_none", locale)))
    blocks += [
        Heading(label("items", locale)),
        PerFormat(
            [_items_table(review, locale, evidence=True)], [_flat_items_table(review, locale)]
        ),
    ]
    blocks += [
        Heading(label("thresholds", locale)),
        *(Paragraph(line) for line in thresholds_lines(review.computed, locale)),
    ]
    not_computable = [result for result in review.computed if not result.computable]
    if not_computable:
        blocks += [
            Heading(label("not_computable", locale)),
            Paragraph(label("not_computable_intro", locale)),
            BulletList(
                f"{result.item.number}. {result.item.title(locale)}: {result.needs or ''}"
                for result in not_computable
            ),
        ]
    blocks.append(Paragraph(label("generated", locale), "closing"))
    return Document(
        f"{title}, {period_text(review.start, review.end)}",
        locale,
        blocks,
        markdown_title=title,
        style=STYLE,
        markdown_escape="entities",
    )


def report_html(review: Review, locale: str = "en", *, standalone: bool = True) -> str:
    """
    The report as a standalone HTML document (inline CSS, no scripts, no external assets),
    or with *standalone* false as a fragment to show in a notebook or embed in a page.
    """
    return review_document(review, locale).to_html(standalone=standalone)


def report_markdown(review: Review, locale: str = "en") -> str:
    """A Markdown report with the same content as `report_html`, for a wiki or a repository."""
    return review_document(review, locale).to_markdown()


def _computed_score(score: ItemScore) -> str:
    computed = score.computed
    return NO_SCORE if computed is None or computed.score is None else str(computed.score)


def comparison_html(comparison: Comparison, locale: str = "en") -> str:
    """An HTML fragment for the trend between two reviews: totals, bands and every item."""
    check_locale(locale)
    earlier, later = comparison.earlier, comparison.later

    def total(review: Review) -> str:
        return f"{review.total} / 125" if review.complete else label("incomplete_short", locale)

    def band(review: Review) -> str:
        return review.band.label(locale) if review.complete else ""

    summary = Table(
        ("", label("earlier", locale), label("later", locale), label("change", locale)),
        [
            (
                label("period", locale),
                period_text(earlier.start, earlier.end),
                period_text(later.start, later.end),
                "",
            ),
            (label("total", locale), total(earlier), total(later), _signed(comparison.total_delta)),
            (label("band", locale), band(earlier), band(later), ""),
        ],
        align=("left", "left", "left", "right"),
        numbers=True,
        row_headers=True,
    )
    changes = Table(
        (
            label("number", locale),
            label("item", locale),
            label("earlier", locale),
            label("later", locale),
            label("change", locale),
        ),
        [
            (
                str(change.item.number),
                change.item.title(locale),
                "" if change.earlier is None else str(change.earlier),
                "" if change.later is None else str(change.later),
                _signed(change.delta),
            )
            for change in comparison.changes
        ],
        align=("right", "left", "right", "right", "right"),
        numbers=True,
    )
    return view(locale, Paragraph([Span(later.programme_id, "strong")]), summary, changes)


def _signed(delta: int | None) -> str:
    """A change as a reader scans for it: +2, \N{MINUS SIGN}1, 0; empty when unknown."""
    if delta is None:
        return ""
    if delta > 0:
        return f"+{delta}"
    if delta < 0:
        return f"\N{MINUS SIGN}{-delta}"
    return "0"


_REPORTS = {".html": report_html, ".htm": report_html, ".md": report_markdown}


def write_report(review: Review, path: str | os.PathLike[str], locale: str = "en") -> None:
    """
    Write the HTML (``.html``, ``.htm``) or Markdown (``.md``) report to *path*, atomically.

    Raises:
        ReportFormatError: *path* ends in another suffix; nothing is written.
        OSError: The file cannot be written; *path* is then unchanged.
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    render = _REPORTS.get(suffix)
    if render is None:
        raise ReportFormatError(os.fspath(path), tuple(_REPORTS))
    write_atomically(path, render(review, locale).encode("utf-8"))


# --- chart ----------------------------------------------------------------------------


_SOURCE_COLOURS = {"computed": "#3b6ea8", "rated": "#5f9e6e", "overridden": "#d9902f"}
_EARLIER_COLOUR = "#b8b8b8"


def chart(review: Review, earlier: Review | None = None, locale: str = "en") -> Figure:
    """
    A horizontal bar chart of the 25 item scores, item 1 at the top, coloured by source.

    With *earlier*, each item has a grey bar for the earlier review under the current one,
    to show the trend between two review periods. Items without a score have no bar and are
    labelled as such. The figure is built without pyplot, so it works on any backend
    (including none) and is not kept alive by pyplot's list of open figures.
    """
    check_locale(locale)
    try:
        from matplotlib.figure import Figure  # the optional extra, imported when asked for
        from matplotlib.patches import Patch
    except ImportError as exc:
        raise _missing("matplotlib", "chart()") from exc
    figure = Figure(figsize=(8.5, 9.5), layout="constrained")
    axes = figure.add_subplot()
    scores = {score.item: score for score in review.scores}
    earlier_scores = {score.item: score for score in (earlier or review).scores}
    height = 0.4 if earlier is not None else 0.7
    offset = height / 2 if earlier is not None else 0.0
    positions = list(range(len(SCALE)))
    for position, item in zip(positions, SCALE, strict=True):
        score = scores[item]
        if score.score is not None:
            axes.barh(
                position - offset,
                score.score,
                height=height,
                color=_SOURCE_COLOURS[score.source.value],
            )
        else:
            axes.text(
                0.05,
                position - offset,
                label("unscored_chart", locale),
                va="center",
                fontsize=8,
                color="#a33",
            )
        if earlier is not None:
            before = earlier_scores[item]
            if before.score is not None:
                axes.barh(position + offset, before.score, height=height, color=_EARLIER_COLOUR)
    axes.set_yticks(positions, [f"{item.number}. {item.title(locale)}" for item in SCALE])
    axes.invert_yaxis()
    axes.set_xlim(0, 5)
    axes.set_xticks(range(6))
    axes.set_xlabel(label("score", locale))
    axes.grid(axis="x", color="#e0e0e0")
    axes.set_axisbelow(True)
    legend = [
        Patch(color=colour, label=label(f"source.{source}", locale))
        for source, colour in _SOURCE_COLOURS.items()
    ]
    if earlier is not None:
        legend.append(
            Patch(
                color=_EARLIER_COLOUR,
                label=f"{label('earlier', locale)} ({period_text(earlier.start, earlier.end)})",
            )
        )
    figure.legend(handles=legend, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    # A line between sections: staffing, organisation, services.
    for position, (above, below) in enumerate(pairwise(SCALE)):
        if above.section is not below.section:
            axes.axhline(position + 0.5, color="#888888", linewidth=0.8)
    total = f"{review.total} / 125" if review.complete else label("incomplete_short", locale)
    axes.set_title(
        f"{review.programme_id}, {period_text(review.start, review.end)}: {total}", fontsize=10
    )
    return figure
