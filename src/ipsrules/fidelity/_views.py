"""
What every fidelity view shares, and the notebook views of one item and one computed result.

The figures (`format_measure`, `period_text`), the styles and the evidence cell are here so
that `Item`, `ItemResult` and the review reports can all use them: this module imports none
of the record modules at run time, so they can import it. Every view is a document of
``ipsrules._document``, which writes its HTML; the labels are in ``ipsrules._locale`` with
those of every other report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ipsrules._document import (
    Document,
    Folded,
    Inline,
    KeyValues,
    LineBreak,
    Paragraph,
    Span,
    Style,
    Table,
)
from ipsrules._locale import FIDELITY_LABELS, NO_FIGURE, check_locale, labels

if TYPE_CHECKING:
    from ipsrules._document import Block
    from ipsrules.fidelity._computed import ItemResult
    from ipsrules.fidelity._scale import Item


def label(key: str, locale: str = "en") -> str:
    """The report label *key* in *locale*."""
    return labels(FIDELITY_LABELS, locale)[key]


NO_SCORE = NO_FIGURE
"""What stands for a computed score that the records cannot give: an en dash."""


def period_text(start: date, end: date) -> str:
    """A review period as people write it, the two days joined by an en dash."""
    return f"{start.isoformat()} \N{EN DASH} {end.isoformat()}"


# --- figures ------------------------------------------------------------------------


def _number(value: float) -> str:
    """A measure with at most two decimals and no trailing zeros: 12, 12.5, 0.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_measure(measure: float, unit: str) -> str:
    """A measure with its unit as a reader expects it: ``17.5 participants ...``, ``62% ...``."""
    if unit.startswith("%"):
        return f"{_number(measure)}{unit}"
    return f"{_number(measure)} {unit}".strip()


def measure_text(result: ItemResult | None) -> str:
    """The measure of *result* with its unit; empty when nothing was measured."""
    if result is None or result.measure is None:
        return ""
    return format_measure(result.measure, result.unit)


def computed_text(result: ItemResult | None, locale: str) -> str:
    """
    An item's computed score as a report shows it: the score; "not enough records (6 of 10
    jobs)" when there were too few to score; `NO_SCORE` when not computable; empty when the
    item was not computed at all.
    """
    if result is None:
        return ""
    if result.score is not None:
        return str(result.score)
    too_few = result.too_few
    if too_few is not None:
        return label("too_few", locale).format(
            count=too_few.count, needed=too_few.needed, of=label(f"of.{too_few.of}", locale)
        )
    return NO_SCORE


def thresholds_lines(results: Sequence[ItemResult], locale: str) -> list[str]:
    """
    Where the cut points of the computed items come from, one sentence per source: each scale
    file with the items it set, then the items scored by the built-in cut points.
    """
    scored = [r for r in results if r.item.thresholds is not None and r.measure is not None]
    if not scored:
        return [label("thresholds_none", locale)]
    files: dict[str, list[int]] = {}
    built_in = 0
    for result in scored:
        thresholds = result.item.thresholds
        path = thresholds.loaded_from if thresholds is not None else None
        if path is None:
            built_in += 1
        else:
            files.setdefault(path, []).append(result.item.number)
    if not files:
        return [label("thresholds_all_built_in", locale)]
    lines = [
        label("thresholds_from", locale).format(
            items=", ".join(str(number) for number in numbers), path=path
        )
        for path, numbers in files.items()
    ]
    if built_in:
        lines.append(label("thresholds_rest_built_in", locale))
    return lines


# --- HTML -----------------------------------------------------------------------------

# Colours that read on a light and on a dark page (JupyterLab and the docs have both): text
# keeps the page's colour; backgrounds and borders are translucent.
CSS = """
.ipsrules-fidelity { font-family: system-ui, sans-serif; line-height: 1.4; }
.ipsrules-fidelity table { border-collapse: collapse; margin: 0.5em 0 1em; }
.ipsrules-fidelity th, .ipsrules-fidelity td {
  border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.25em 0.5em; text-align: left;
  vertical-align: top;
}
.ipsrules-fidelity th { background: rgba(127, 127, 127, 0.12); }
.ipsrules-fidelity td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ipsrules-fidelity .bar { display: inline-block; height: 0.8em; background: #3b6ea8; }
.ipsrules-fidelity .overridden { background: rgba(230, 160, 40, 0.18); }
.ipsrules-fidelity .missing, .ipsrules-fidelity .alert { color: #c0392b; }
.ipsrules-fidelity .muted { opacity: 0.75; font-size: 0.9em; }
""".strip()
"""The styles of every fidelity view, scoped to the ``ipsrules-fidelity`` class."""


STYLE = Style(CSS, "ipsrules-fidelity")
"""`CSS` as the scoped style of every fidelity document."""


def view(locale: str, *blocks: Block) -> str:
    """An HTML fragment for a notebook cell of *blocks*, carrying its own styles."""
    return Document("", locale, blocks, style=STYLE).to_html(standalone=False)


# A report lists the ids of at most this many records per item, and counts the rest.
_RECORDS_SHOWN = 50


def evidence_spans(
    result: ItemResult | None, locale: str, *, needs: bool = True
) -> tuple[Inline, ...]:
    """How *result* was counted, what it lacks (unless *needs* is false), its records folded."""
    if result is None:
        return ()
    spans: list[Inline] = [Span(result.evidence.summary)]
    if needs and result.needs:
        spans += [LineBreak(), Span(f"{label('needs', locale)}: {result.needs}", "muted")]
    records = result.evidence.records
    if records:
        shown = ", ".join(records[:_RECORDS_SHOWN])
        more = f", … (+{len(records) - _RECORDS_SHOWN})" if len(records) > _RECORDS_SHOWN else ""
        spans.append(Folded(f"{len(records)} {label('records', locale)}", shown + more))
    return tuple(spans)


def item_result_html(result: ItemResult, locale: str = "en") -> str:
    """An HTML fragment for one computed item: its score, measure, evidence and needs."""
    check_locale(locale)
    item = result.item
    score = computed_text(result, locale) if result.computable or result.too_few else ""
    score = score or label("not_computable", locale)
    values = KeyValues(
        [
            (label("item", locale), f"{item.number}. {item.title(locale)}"),
            (label("computed", locale), score),
            (label("measure", locale), measure_text(result)),
            (label("evidence", locale), evidence_spans(result, locale)),
        ]
    )
    return view(locale, values)


def item_html(item: Item, locale: str = "en") -> str:
    """An HTML fragment for one item of the scale: its description and anchors 5 down to 1."""
    check_locale(locale)
    title = Paragraph(
        [
            Span(f"{item.number}. {item.title(locale)}", "strong"),
            Span(" "),
            Span(
                [Span(f"({item.section.label(locale)}, "), Span(item.key, "code"), Span(")")],
                "muted",
            ),
        ]
    )
    anchors = Table(
        (label("score", locale), label("anchors", locale)),
        [(str(score), item.anchor(score, locale)) for score in range(5, 0, -1)],
        align=("right",),
        numbers=True,
    )
    return view(locale, title, Paragraph(item.description(locale)), anchors)
