"""
What every fidelity view shares, and the notebook views of one item and one computed result.

The figures (`format_measure`, `period_text`), the styles and the evidence cell are here so
that `Item`, `ItemResult` and the review reports can all use them: this module imports none
of the record modules at run time, so they can import it. The labels are in
``ipsrules._locale`` with those of every other report.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ipsrules._document import escape_html
from ipsrules._locale import FIDELITY_LABELS, NO_FIGURE, check_locale, labels

if TYPE_CHECKING:
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
.ipsrules-fidelity .missing { color: #c0392b; }
.ipsrules-fidelity .muted { opacity: 0.75; font-size: 0.9em; }
""".strip()
"""The styles of every fidelity view, scoped to the ``ipsrules-fidelity`` class."""


def fragment(content: str) -> str:
    """An HTML fragment for a notebook cell, carrying its own styles."""
    return f'<div class="ipsrules-fidelity"><style>{CSS}</style>{content}</div>'


# A report lists the ids of at most this many records per item, and counts the rest.
_RECORDS_SHOWN = 50


def evidence_html(result: ItemResult | None, locale: str) -> str:
    """How *result* was counted, what it lacks, and its records folded away."""
    if result is None:
        return ""
    parts = [escape_html(result.evidence.summary)]
    if result.needs:
        parts.append(
            f'<br><span class="muted">{label("needs", locale)}: {escape_html(result.needs)}</span>'
        )
    records = result.evidence.records
    if records:
        shown = ", ".join(escape_html(record) for record in records[:_RECORDS_SHOWN])
        more = f", … (+{len(records) - _RECORDS_SHOWN})" if len(records) > _RECORDS_SHOWN else ""
        parts.append(
            f"<details><summary>{len(records)} {label('records', locale)}</summary>"
            f"{shown}{more}</details>"
        )
    return "".join(parts)


def item_result_html(result: ItemResult, locale: str = "en") -> str:
    """An HTML fragment for one computed item: its score, measure, evidence and needs."""
    check_locale(locale)
    item = result.item
    score = str(result.score) if result.score is not None else label("not_computable", locale)
    rows = [
        (label("item", locale), f"{item.number}. {escape_html(item.title(locale))}"),
        (label("computed", locale), escape_html(score)),
        (label("measure", locale), escape_html(measure_text(result))),
        (label("evidence", locale), evidence_html(result, locale)),
    ]
    body = "".join(f"<tr><th>{escape_html(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return fragment(f"<table><tbody>{body}</tbody></table>")


def item_html(item: Item, locale: str = "en") -> str:
    """An HTML fragment for one item of the scale: its description and anchors 5 down to 1."""
    check_locale(locale)
    anchors = "".join(
        f'<tr><td class="num">{score}</td><td>{escape_html(item.anchor(score, locale))}</td></tr>'
        for score in range(5, 0, -1)
    )
    return fragment(
        f"<p><strong>{item.number}. {escape_html(item.title(locale))}</strong> "
        f'<span class="muted">({escape_html(item.section.label(locale))}, '
        f"<code>{escape_html(item.key)}</code>)</span></p>"
        f"<p>{escape_html(item.description(locale))}</p>"
        f"<table><thead><tr><th>{label('score', locale)}</th><th>{label('anchors', locale)}</th>"
        f"</tr></thead><tbody>{anchors}</tbody></table>"
    )
