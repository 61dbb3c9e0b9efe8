"""
Fidelity reviews as people read them: records, CSV, text, data frames, HTML, Markdown, a chart.

Everything here reads a `Review` (or its items) and writes something; nothing here scores.
Every piece of text that comes from records or raters (ids, notes, evidence) is escaped for
the format it goes into, so a note that holds ``<script>`` or ``|`` cannot break a report.
pandas and matplotlib are optional (``pip install 'ipsrules[notebook]'``) and imported only
by the functions that need them.
"""

from __future__ import annotations

import html
import os
import re
from itertools import pairwise
from typing import TYPE_CHECKING, TypeAlias

from ipsrules._atomic import write_atomically
from ipsrules._document import Table, escape_html, records_to_csv, to_text_table
from ipsrules._locale import check_locale
from ipsrules.exceptions import MissingExtraError, ReportFormatError
from ipsrules.fidelity._scale import SCALE, Section
from ipsrules.fidelity._views import (
    CSS,
    NO_SCORE,
    evidence_html,
    format_measure,
    fragment,
    label,
    measure_text,
    period_text,
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
    msg = (
        f"{needed_by} needs {name}, which is not installed; install it with "
        "pip install 'ipsrules[notebook]'"
    )
    return MissingExtraError(msg, name=name)


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
    for record in review_records(review, locale):
        measure = record["measure"]
        rows.append(
            (
                str(record["number"]),
                str(record["key"]),
                "" if record["score"] is None else str(record["score"]),
                label(f"source.{record['source']}", locale)
                if record["source"] is not None
                else label("not_scored", locale),
                NO_SCORE if record["computed_score"] is None else str(record["computed_score"]),
                "" if measure is None else format_measure(float(measure), str(record["unit"])),
                _details(record),
            )
        )
    table = Table(header, rows, align=("right", "left", "right", "left", "right"))
    out += ["", to_text_table(table)]
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


# --- HTML -----------------------------------------------------------------------------


def _source(score: ItemScore, locale: str) -> str:
    return label(f"source.{score.source.value}", locale)


def _bar(score: int | None) -> str:
    if score is None:
        return ""
    return f'<span class="bar" style="width: {score * 1.2:.1f}em" aria-hidden="true"></span>'


def _summary_rows(review: Review, locale: str) -> list[tuple[str, str]]:
    rows = [
        (label("programme", locale), escape_html(review.programme_id)),
        (
            label("period", locale),
            period_text(review.start, review.end),
        ),
    ]
    if review.complete:
        rows.append((label("total", locale), f"{review.total} / 125"))
        rows.append((label("band", locale), escape_html(review.band.label(locale))))
    else:
        message = label("incomplete", locale).format(count=len(review.missing))
        rows.append(
            (label("total", locale), f'<span class="missing">{escape_html(message)}</span>')
        )
    return rows


def _section_table(review: Review, locale: str) -> str:
    if not review.complete:
        return ""
    totals = review.section_totals
    counts = {section: sum(1 for item in SCALE if item.section is section) for section in Section}
    rows = "".join(
        f"<tr><td>{escape_html(section.label(locale))}</td>"
        f'<td class="num">{totals[section]} / {5 * counts[section]}</td></tr>'
        for section in Section
    )
    return (
        f"<table><thead><tr><th>{label('section', locale)}</th><th>{label('score', locale)}</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _items_table(review: Review, locale: str, *, evidence: bool) -> str:
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
    rows: list[str] = []
    for section in Section:
        rows.append(f'<tr><th colspan="{len(head)}">{escape_html(section.label(locale))}</th></tr>')
        for score in review.scores:
            item, result = score.item, score.computed
            if item.section is not section:
                continue
            css = ""
            if score.source == "overridden":
                css = ' class="overridden"'
            elif score.score is None:
                css = ' class="missing"'
            computed = ""
            if result is not None:
                computed = str(result.score) if result.score is not None else NO_SCORE
            cells = [
                f'<td class="num">{item.number}</td>',
                f"<td>{escape_html(item.title(locale))}</td>",
                f'<td class="num">{"" if score.score is None else score.score}</td>',
                f"<td>{_bar(score.score)}</td>",
                f"<td>{escape_html(_source(score, locale))}</td>",
                f'<td class="num">{computed}</td>',
                f"<td>{escape_html(measure_text(result))}</td>",
            ]
            if evidence:
                cells.append(f"<td>{evidence_html(result, locale)}</td>")
            cells.append(f"<td>{escape_html(score.note or '')}</td>")
            rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    header = "".join(f"<th>{escape_html(cell)}</th>" for cell in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _priorities_list(review: Review, locale: str) -> str:
    priorities = review.priorities()
    if not priorities:
        return ""
    entries = "".join(
        f"<li>{score.item.number}. {escape_html(score.item.title(locale))}: {score.score}</li>"
        for score in priorities
    )
    return f"<ol>{entries}</ol>"


def review_html(review: Review, locale: str = "en") -> str:
    """An HTML fragment for a notebook: summary, sections and every item with its score."""
    check_locale(locale)
    summary = "".join(
        f"<tr><th>{escape_html(k)}</th><td>{v}</td></tr>" for k, v in _summary_rows(review, locale)
    )
    return fragment(
        f"<table><tbody>{summary}</tbody></table>"
        + _section_table(review, locale)
        + _items_table(review, locale, evidence=False)
    )


def report_html(review: Review, locale: str = "en", *, standalone: bool = True) -> str:
    """
    The report as a standalone HTML document (inline CSS, no scripts, no external assets),
    or with *standalone* false as a fragment to show in a notebook or embed in a page.
    """
    check_locale(locale)
    title = (
        f"{label('title', locale)}: {review.programme_id}, {period_text(review.start, review.end)}"
    )
    summary = "".join(
        f"<tr><th>{escape_html(k)}</th><td>{v}</td></tr>" for k, v in _summary_rows(review, locale)
    )
    body = [
        f"<h1>{escape_html(title)}</h1>",
        f'<p class="muted">{escape_html(label("scale_note", locale))}</p>',
        f"<table><tbody>{summary}</tbody></table>",
    ]
    if review.complete:
        body.append(f"<h2>{label('sections', locale)}</h2>")
        body.append(_section_table(review, locale))
        body.append(f"<h2>{label('priorities', locale)}</h2>")
        body.append(f"<p>{label('priorities_intro', locale)}</p>")
        body.append(_priorities_list(review, locale))
    else:
        missing = "".join(
            f"<li>{item.number}. {escape_html(item.title(locale))} "
            f"(<code>{escape_html(item.key)}</code>)</li>"
            for item in review.missing
        )
        body.append(f"<h2>{label('missing', locale)}</h2><ul>{missing}</ul>")
    body.append(f"<h2>{label('overrides', locale)}</h2>")
    body.append(_overrides_html(review, locale))
    body.append(f"<h2>{label('items', locale)}</h2>")
    body.append(_items_table(review, locale, evidence=True))
    body.append(_not_computable_html(review, locale))
    body.append(f'<p class="muted">{label("generated", locale)}</p>')
    content = "\n".join(part for part in body if part)
    if not standalone:
        return fragment(content)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{locale}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape_html(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
        f'<body class="ipsrules-fidelity">\n{content}\n</body>\n</html>\n'
    )


def _overrides_html(review: Review, locale: str) -> str:
    if not review.overrides:
        return f"<p>{label('overrides_none', locale)}</p>"
    entries = "".join(
        f"<li>{score.item.number}. {escape_html(score.item.title(locale))}: "
        f"{_computed_score(score)} → {score.score}"
        + (f" ({escape_html(score.note)})" if score.note else "")
        + "</li>"
        for score in review.overrides
    )
    return f"<ul>{entries}</ul>"


def _computed_score(score: ItemScore) -> str:
    computed = score.computed
    return NO_SCORE if computed is None or computed.score is None else str(computed.score)


def _not_computable_html(review: Review, locale: str) -> str:
    results = [result for result in review.computed if not result.computable]
    if not results:
        return ""
    entries = "".join(
        f"<li>{result.item.number}. {escape_html(result.item.title(locale))}: "
        f"{escape_html(result.needs or '')}</li>"
        for result in results
    )
    return (
        f"<h2>{label('not_computable', locale)}</h2><p>{label('not_computable_intro', locale)}</p>"
        f"<ul>{entries}</ul>"
    )


def comparison_html(comparison: Comparison, locale: str = "en") -> str:
    """An HTML fragment for the trend between two reviews: totals, bands and every item."""
    check_locale(locale)
    earlier, later = comparison.earlier, comparison.later

    def total(review: Review) -> str:
        return f"{review.total} / 125" if review.complete else label("incomplete_short", locale)

    def band(review: Review) -> str:
        return escape_html(review.band.label(locale)) if review.complete else ""

    delta = comparison.total_delta
    head = (
        f"<tr><th></th><th>{label('earlier', locale)}</th><th>{label('later', locale)}</th>"
        f"<th>{label('change', locale)}</th></tr>"
    )
    summary = (
        f"<tr><th>{label('period', locale)}</th>"
        f"<td>{period_text(earlier.start, earlier.end)}</td>"
        f"<td>{period_text(later.start, later.end)}</td><td></td></tr>"
        f"<tr><th>{label('total', locale)}</th><td>{total(earlier)}</td><td>{total(later)}</td>"
        f'<td class="num">{_signed(delta)}</td></tr>'
        f"<tr><th>{label('band', locale)}</th><td>{band(earlier)}</td><td>{band(later)}</td>"
        "<td></td></tr>"
    )
    rows = "".join(
        f'<tr><td class="num">{change.item.number}</td>'
        f"<td>{escape_html(change.item.title(locale))}</td>"
        f'<td class="num">{"" if change.earlier is None else change.earlier}</td>'
        f'<td class="num">{"" if change.later is None else change.later}</td>'
        f'<td class="num">{_signed(change.delta)}</td></tr>'
        for change in comparison.changes
    )
    items_head = (
        f"<tr><th>{label('number', locale)}</th><th>{label('item', locale)}</th>"
        f"<th>{label('earlier', locale)}</th><th>{label('later', locale)}</th>"
        f"<th>{label('change', locale)}</th></tr>"
    )
    return fragment(
        f"<p><strong>{escape_html(later.programme_id)}</strong></p>"
        f"<table><thead>{head}</thead><tbody>{summary}</tbody></table>"
        f"<table><thead>{items_head}</thead><tbody>{rows}</tbody></table>"
    )


def _signed(delta: int | None) -> str:
    """A change as a reader scans for it: +2, \N{MINUS SIGN}1, 0; empty when unknown."""
    if delta is None:
        return ""
    if delta > 0:
        return f"+{delta}"
    if delta < 0:
        return f"\N{MINUS SIGN}{-delta}"
    return "0"


# --- Markdown ---------------------------------------------------------------------------

# The marks that make text something else mid-line: emphasis, code, links (no link can
# form without brackets), table cells and strike-through; `<`, `>` and `&` are HTML-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """*text* as literal Markdown: on one line, HTML escaped, Markdown's own marks escaped."""
    one_line = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def report_markdown(review: Review, locale: str = "en") -> str:
    """A Markdown report with the same content as `report_html`, for a wiki or a repository."""
    check_locale(locale)
    lines = [
        f"# {_md(label('title', locale))}: {_md(review.programme_id)}",
        "",
        _md(label("scale_note", locale)),
        "",
        f"- **{label('programme', locale)}:** {_md(review.programme_id)}",
        f"- **{label('period', locale)}:** {period_text(review.start, review.end)}",
    ]
    if review.complete:
        lines.append(f"- **{label('total', locale)}:** {review.total} / 125")
        lines.append(f"- **{label('band', locale)}:** {_md(review.band.label(locale))}")
        lines += ["", f"## {label('sections', locale)}", ""]
        lines += [f"| {label('section', locale)} | {label('score', locale)} |", "| --- | ---: |"]
        for section in Section:
            count = sum(1 for item in SCALE if item.section is section)
            lines.append(
                f"| {_md(section.label(locale))} | {review.section_totals[section]} / {5 * count} |"
            )
        lines += [
            "",
            f"## {label('priorities', locale)}",
            "",
            _md(label("priorities_intro", locale)),
            "",
        ]
        lines += [
            f"{rank}. {score.item.number}. {_md(score.item.title(locale))}: {score.score}"
            for rank, score in enumerate(review.priorities(), start=1)
        ]
    else:
        message = label("incomplete", locale).format(count=len(review.missing))
        lines += ["", f"**{_md(message)}**", "", f"## {label('missing', locale)}", ""]
        lines += [
            f"- {item.number}. {_md(item.title(locale))} (`{item.key}`)" for item in review.missing
        ]
    lines += ["", f"## {label('overrides', locale)}", ""]
    if review.overrides:
        lines += [
            f"- {score.item.number}. {_md(score.item.title(locale))}: "
            f"{_computed_score(score)} → {score.score}"
            + (f" ({_md(score.note)})" if score.note else "")
            for score in review.overrides
        ]
    else:
        lines.append(_md(label("overrides_none", locale)))
    head = [
        label("number", locale),
        label("item", locale),
        label("score", locale),
        label("source", locale),
        label("computed", locale),
        label("measure", locale),
        label("evidence", locale),
        label("note", locale),
    ]
    lines += ["", f"## {label('items', locale)}", ""]
    lines += [
        "| " + " | ".join(head) + " |",
        "| ---: | --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for score in review.scores:
        item, result = score.item, score.computed
        computed = ""
        if result is not None:
            computed = str(result.score) if result.score is not None else NO_SCORE
        evidence = ""
        if result is not None:
            evidence = _md(result.evidence.summary)
            if result.evidence.records:
                evidence += f" ({len(result.evidence.records)} {label('records', locale)})"
        cells = [
            str(item.number),
            _md(item.title(locale)),
            "" if score.score is None else str(score.score),
            _md(_source(score, locale)),
            computed,
            _md(measure_text(result)),
            evidence,
            _md(score.note or ""),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    not_computable = [result for result in review.computed if not result.computable]
    if not_computable:
        lines += [
            "",
            f"## {label('not_computable', locale)}",
            "",
            _md(label("not_computable_intro", locale)),
            "",
        ]
        lines += [
            f"- {result.item.number}. {_md(result.item.title(locale))}: {_md(result.needs or '')}"
            for result in not_computable
        ]
    lines += ["", f"*{_md(label('generated', locale))}*", ""]
    return "\n".join(lines)


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
