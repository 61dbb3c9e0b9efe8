"""
The one rendering layer: a report is a `Document` of blocks, written out by one renderer per format.

A report builds its figures into headings, paragraphs, tables and lists once; HTML, Markdown
and plain text come from here, each with its one escaping function, so that text from the
records (a programme's name, an id) can never break a page, a table or a spreadsheet. CSV and
JSON of records come from here too, so that every report writes them the same way.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, TypeAlias

import attrs

from ipsrules._locale import check_locale

Role = Literal["plain", "lead", "footer", "note", "muted", "closing"]
"""
What a paragraph is for: body text, the opening sentence, the closing line, a note, a quieter
remark, or a closing line that HTML writes as a quiet paragraph rather than a ``<footer>``.
"""

_ROLES: Final = ("plain", "lead", "footer", "note", "muted", "closing")

Alignment = Literal["left", "right", "center"]
"""How a table column lines up; numbers read best on the right."""

Cell: TypeAlias = str | int | float | None
"""A value of a CSV cell: ``None`` is written as an empty cell."""

JSON: TypeAlias = "str | int | float | bool | Sequence[JSON] | Mapping[str, JSON] | None"
"""Data that `to_json` writes as it is: the result of a report's ``to_dict``."""

Look = Literal["plain", "strong", "code", "muted", "alert"]
"""How a span of text stands out: not at all, in bold, as code, quieter, or as a warning."""

MarkdownEscape = Literal["backslash", "entities"]
"""How Markdown keeps ``<``, ``>`` and ``&`` literal; see `escape_markdown`."""


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"{type(instance).__name__}.{attribute.name}: expected text, got {value!r}"
        raise TypeError(msg)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    texts = tuple(value)
    for text in texts:
        if not isinstance(text, str):
            msg = f"expected text, got {text!r}"
            raise TypeError(msg)
    return texts


def _rows(value: Iterable[TableRow | Iterable[str | Iterable[Inline]]]) -> tuple[TableRow, ...]:
    return tuple(row if isinstance(row, Row | GroupRow) else _contents(row) for row in value)


def _alignments(value: Iterable[Alignment]) -> tuple[Alignment, ...]:
    return tuple(value)


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


def _content(value: str | Iterable[Inline]) -> Content:
    if isinstance(value, str):
        return value
    if not isinstance(value, Iterable):
        msg = f"expected text or spans, got {value!r}"
        raise TypeError(msg)
    spans = tuple(value)
    for span in spans:
        if not isinstance(span, _INLINES):
            msg = f"expected text or spans, got {span!r}"
            raise TypeError(msg)
    return spans


def _contents(value: Iterable[str | Iterable[Inline]]) -> tuple[Content, ...]:
    if isinstance(value, str):
        msg = f"expected a sequence of cells, got text {value!r}"
        raise TypeError(msg)
    return tuple(_content(item) for item in value)


@attrs.frozen
class Span:
    """
    A run of text in a paragraph, a list item or a cell, with a look.

    Attributes:
        text: The text, or spans that all have this look too (a code span in muted text).
        look: ``"plain"``, ``"strong"``, ``"code"``, ``"muted"`` or ``"alert"``; Markdown
            shows muted and alert text plain, and code only when it is a plain word.
    """

    text: Content = attrs.field(converter=_content)
    look: Look = attrs.field(
        default="plain",
        validator=attrs.validators.in_(("plain", "strong", "code", "muted", "alert")),
    )


@attrs.frozen
class ScoreBar:
    """
    A bar as long as a score of 0 to 5, for the eye only: HTML draws it, Markdown leaves it out.

    Attributes:
        score: 0 to 5.
    """

    score: int = attrs.field(validator=[attrs.validators.ge(0), attrs.validators.le(5)])


@attrs.frozen
class Folded:
    """
    Text folded away under a summary: HTML folds it; Markdown shows the summary in brackets.

    Attributes:
        summary: What shows while folded, such as ``"60 records"``.
        text: What unfolds.
    """

    summary: str = attrs.field(validator=_text)
    text: str = attrs.field(validator=_text)


@attrs.frozen
class LineBreak:
    """A line break in HTML; a space in Markdown, where a cell or an item stays on one line."""


Inline: TypeAlias = Span | ScoreBar | Folded | LineBreak
"""One span of a run of text."""

Content: TypeAlias = str | tuple[Inline, ...]
"""What a paragraph, a list item or a cell holds: text, or a run of spans."""

_INLINES: Final = (Span, ScoreBar, Folded, LineBreak)


def plain_text(content: Content) -> str:
    """*content* as plain text: the text of its spans, a folded span as its summary in brackets."""
    if isinstance(content, str):
        return content
    return "".join(_plain_span(span) for span in content)


def _plain_span(span: Inline) -> str:
    if isinstance(span, Span):
        return plain_text(span.text)
    if isinstance(span, Folded):
        return f" ({span.summary})"
    if isinstance(span, LineBreak):
        return " "
    return ""


@attrs.frozen
class Heading:
    """
    A heading; level 1 is the document's title, 2 a section, up to 6.

    Attributes:
        text: The heading.
        level: 1 to 6.
    """

    text: str = attrs.field(validator=_text)
    level: int = attrs.field(default=2, validator=[attrs.validators.ge(1), attrs.validators.le(6)])


@attrs.frozen
class Paragraph:
    """
    A paragraph of text with a role that the formats show in their own way.

    Attributes:
        text: The paragraph: text, or a run of spans.
        role: ``"plain"``, ``"lead"`` (bold), ``"footer"`` (small, at the end), ``"note"``,
            ``"muted"`` (quieter; plain in Markdown) or ``"closing"`` (a footer that HTML
            writes as a quiet paragraph).
    """

    text: Content = attrs.field(converter=_content)
    role: Role = attrs.field(default="plain", validator=attrs.validators.in_(_ROLES))


_CLASS_NAME: Final = re.compile(r"[a-z][a-z0-9-]*")


@attrs.frozen
class Row:
    """
    A table row with an emphasis: HTML gives the row the class *emphasis*, such as ``missing``.

    Attributes:
        cells: One cell per column: text, or a run of spans.
        emphasis: A class name (lower case letters, digits, hyphens), or ``""`` for none.
    """

    cells: tuple[Content, ...] = attrs.field(converter=_contents)
    emphasis: str = attrs.field(default="", validator=_text)

    @emphasis.validator
    def _check_emphasis(self, attribute: attrs.Attribute[object], emphasis: str) -> None:
        if emphasis and _CLASS_NAME.fullmatch(emphasis) is None:
            msg = f"Row: expected a class name as emphasis, got {emphasis!r}"
            raise ValueError(msg)


@attrs.frozen
class GroupRow:
    """
    A row that opens a group of rows, such as a section of a scale, across every column.

    Attributes:
        text: The group's name.
    """

    text: str = attrs.field(validator=_text)


TableRow: TypeAlias = "tuple[Content, ...] | Row | GroupRow"
"""A row of a table: its cells, a `Row` with an emphasis, or a `GroupRow`."""


def _cells_of(row: TableRow) -> tuple[Content, ...] | None:
    if isinstance(row, GroupRow):
        return None
    return row.cells if isinstance(row, Row) else row


@attrs.frozen
class Table:
    """
    A table of cells under a header row; every row has a cell for each column.

    Attributes:
        header: The column titles.
        rows: The rows, each as many cells as the header, or a `Row` or a `GroupRow`.
        align: How each column lines up; missing columns are ``"left"``.
        numbers: Whether HTML marks the cells of right-aligned columns as numbers
            (``class="num"``), for a stylesheet that lines them up.
        row_headers: Whether the first cell of each row heads it (``<th>`` in HTML).
    """

    header: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[TableRow, ...] = attrs.field(converter=_rows)
    align: tuple[Alignment, ...] = attrs.field(default=(), converter=_alignments)
    numbers: bool = attrs.field(default=False, kw_only=True)
    row_headers: bool = attrs.field(default=False, kw_only=True)

    @rows.validator
    def _check_rows(self, attribute: attrs.Attribute[object], rows: tuple[TableRow, ...]) -> None:
        for row in rows:
            cells = _cells_of(row)
            if cells is not None and len(cells) != len(self.header):
                msg = f"Table: a row has {len(cells)} cells for {len(self.header)} columns: {row!r}"
                raise ValueError(msg)

    @align.validator
    def _check_align(self, attribute: attrs.Attribute[object], align: tuple[str, ...]) -> None:
        if len(align) > len(self.header) or not set(align) <= {"left", "right", "center"}:
            msg = f"Table: expected left, right or center per column, got {align!r}"
            raise ValueError(msg)

    def alignment(self, column: int) -> Alignment:
        """How column *column* (from 0) lines up."""
        return self.align[column] if column < len(self.align) else "left"


@attrs.frozen
class BulletList:
    """
    A list of items in no particular order.

    Attributes:
        items: The items, each one line: text, or a run of spans.
    """

    items: tuple[Content, ...] = attrs.field(converter=_contents)


@attrs.frozen
class NumberedList:
    """
    A list of items in order, numbered from 1.

    Attributes:
        items: The items, each one line: text, or a run of spans.
    """

    items: tuple[Content, ...] = attrs.field(converter=_contents)


def _pairs(value: Iterable[tuple[str, str | Iterable[Inline]]]) -> tuple[tuple[str, Content], ...]:
    pairs = []
    for key, content in value:
        if not isinstance(key, str):
            msg = f"KeyValues: expected text as a key, got {key!r}"
            raise TypeError(msg)
        pairs.append((key, _content(content)))
    return tuple(pairs)


@attrs.frozen
class KeyValues:
    """
    Named values, such as a report's programme and period: a two-column table in HTML, a list
    of ``**name:** value`` in Markdown.

    Attributes:
        pairs: (name, value) pairs, in order; a value is text or a run of spans.
    """

    pairs: tuple[tuple[str, Content], ...] = attrs.field(converter=_pairs)


def _format_blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    blocks = tuple(value)
    if any(isinstance(block, PerFormat) for block in blocks):
        msg = "PerFormat: blocks of one format cannot hold another PerFormat"
        raise TypeError(msg)
    return blocks


@attrs.frozen
class PerFormat:
    """
    Blocks that HTML and Markdown show differently, such as a table that HTML shows with bars
    and folded records and Markdown shows flat; each renderer takes its own blocks.

    Attributes:
        html: The blocks of HTML.
        markdown: The blocks of Markdown.
    """

    html: tuple[Block, ...] = attrs.field(converter=_format_blocks)
    markdown: tuple[Block, ...] = attrs.field(converter=_format_blocks)


@attrs.frozen
class Style:
    """
    A stylesheet scoped to one class: HTML puts the page's body, or a fragment, in that class.

    A page with a style is written for any screen (a viewport meta tag); a fragment carries
    the style with it, so that a notebook shows it as the page does.

    Attributes:
        css: The stylesheet, its rules under ``.scope``.
        scope: The class name.
    """

    css: str = attrs.field(validator=_text)
    scope: str = attrs.field(validator=_text)

    @scope.validator
    def _check_scope(self, attribute: attrs.Attribute[object], scope: str) -> None:
        if _CLASS_NAME.fullmatch(scope) is None:
            msg = f"Style: expected a class name as scope, got {scope!r}"
            raise ValueError(msg)


Block: TypeAlias = "Heading | Paragraph | Table | BulletList | NumberedList | KeyValues | PerFormat"
"""One block of a document."""


@attrs.frozen
class Document:
    """
    A report as blocks, in one language; the renderers write it in each format.

    The title is the page's title and its first heading: the blocks follow it. An empty
    title writes no heading, for a fragment that a notebook shows under its own.

    Attributes:
        title: The report's title.
        language: The locale it is written in, one of `ipsrules.outcomes.LOCALES`.
        blocks: Headings, paragraphs, tables and lists, in order.
        markdown_title: The title of the Markdown, when it is shorter than *title*.
        style: A scoped stylesheet for HTML; without one, HTML uses `CSS`.
        markdown_escape: How Markdown keeps ``<``, ``>`` and ``&`` literal; see
            `escape_markdown`.
    """

    title: str = attrs.field(validator=_text)
    language: str = attrs.field(converter=check_locale)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)
    markdown_title: str | None = attrs.field(default=None, kw_only=True)
    style: Style | None = attrs.field(default=None, kw_only=True)
    markdown_escape: MarkdownEscape = attrs.field(
        default="backslash",
        kw_only=True,
        validator=attrs.validators.in_(("backslash", "entities")),
    )

    def to_markdown(self) -> str:
        """The document as Markdown; see `to_markdown`."""
        return to_markdown(self)

    def to_html(self, *, standalone: bool = True) -> str:
        """The document as an HTML page, or a fragment; see `to_html`."""
        return to_html(self, standalone=standalone)


# --- escaping, one function per format --------------------------------------------

_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>#|~])")
_MARKDOWN_INLINE: Final = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_WHITE_SPACE: Final = re.compile(r"\s+")


def escape_markdown(text: str, escape: MarkdownEscape = "backslash") -> str:
    """
    *text* as Markdown shows it literally: every character that marks up is escaped.

    Markdown passes HTML through, so with *escape* ``"entities"`` (the fidelity reports)
    ``<``, ``>`` and ``&`` become entities, which every renderer shows as text, and each
    run of white space (any line break, a tab) becomes one space. With ``"backslash"`` (the
    board and check reports, as before) they are escaped with a backslash and a line break
    becomes a space. Either way text from a record can never end a table row or a heading
    early.
    """
    if escape == "entities":
        one_line = _WHITE_SPACE.sub(" ", text)
        return _MARKDOWN_INLINE.sub(r"\\\1", html.escape(one_line, quote=False))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))


def escape_html(text: str) -> str:
    """*text* as HTML shows it literally, in an element or in a quoted attribute."""
    return html.escape(text, quote=True)


# --- Markdown ---------------------------------------------------------------------

_MARKDOWN_RULE: Final[Mapping[str, str]] = {"left": "---", "right": "---:", "center": ":---:"}
_CODE_WORD: Final = re.compile(r"[A-Za-z0-9_.:/-]+")


def to_markdown(document: Document) -> str:
    """*document* as Markdown, blocks apart by a blank line; all text is escaped."""
    writer = _Markdown(document.markdown_escape)
    title = document.title if document.markdown_title is None else document.markdown_title
    out = ["# " + writer.text(title)]
    out += [writer.block(block) for block in _for_markdown(document.blocks)]
    return "\n\n".join(out) + "\n"


def _for_markdown(blocks: Iterable[Block]) -> Iterable[Block]:
    for block in blocks:
        if isinstance(block, PerFormat):
            yield from block.markdown
        else:
            yield block


def _for_html(blocks: Iterable[Block]) -> Iterable[Block]:
    for block in blocks:
        if isinstance(block, PerFormat):
            yield from block.html
        else:
            yield block


@attrs.frozen
class _Markdown:
    """The Markdown writer of one document, with its way of escaping."""

    escape: MarkdownEscape

    def text(self, text: str) -> str:
        return escape_markdown(text, self.escape)

    def content(self, content: Content) -> str:
        """*content* on one line, with no white space at either end."""
        if isinstance(content, str):
            return self.text(content).strip()
        return "".join(self.span(span) for span in content).strip()

    def span(self, span: Inline) -> str:
        if isinstance(span, Span):
            text = span.text
            if span.look == "code" and isinstance(text, str) and _CODE_WORD.fullmatch(text):
                return f"`{text}`"
            inner = self.text(text) if isinstance(text, str) else "".join(map(self.span, text))
            return f"**{inner}**" if span.look == "strong" else inner
        if isinstance(span, Folded):
            return f" ({self.text(span.summary)})"
        if isinstance(span, LineBreak):
            return " "
        return ""  # a score bar: the score is in a cell of its own

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return "#" * block.level + " " + self.text(block.text)
        if isinstance(block, Paragraph):
            text = self.content(block.text)
            if block.role == "lead":
                return f"**{text}**"
            if block.role in ("footer", "closing"):
                return f"*{text}*"
            if block.role == "note":
                return f"> {text}"
            return text
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, KeyValues):
            return "\n".join(
                f"- **{self.text(key)}:** {self.content(value)}" for key, value in block.pairs
            )
        if isinstance(block, NumberedList):
            return "\n".join(
                f"{number}. {self.content(item)}" for number, item in enumerate(block.items, 1)
            )
        if isinstance(block, BulletList):
            return "\n".join("- " + self.content(item) for item in block.items)
        msg = f"a PerFormat block inside another: {block!r}"
        raise TypeError(msg)

    def table(self, table: Table) -> str:
        def line(cells: Sequence[Content]) -> str:
            return "| " + " | ".join(self.content(cell) for cell in cells) + " |"

        rule = [_MARKDOWN_RULE[table.alignment(column)] for column in range(len(table.header))]
        rows = []
        for row in table.rows:
            if isinstance(row, GroupRow):
                blank: list[Content] = [""] * (len(table.header) - 1)
                rows.append(line([(Span(row.text, "strong"),), *blank]))
            else:
                rows.append(line(row.cells if isinstance(row, Row) else row))
        return "\n".join([line(table.header), "| " + " | ".join(rule) + " |", *rows])


# --- HTML -------------------------------------------------------------------------

CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}"
    ".lead{font-size:1.1rem;font-weight:600}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}"
    "td:nth-child(2){text-align:right;white-space:nowrap}footer{margin-top:2rem;color:#666;"
    "font-size:.85rem}"
)
"""The one stylesheet of every HTML report; a table's second column holds its figures."""


def to_html(document: Document, *, standalone: bool = True) -> str:
    """
    *document* as HTML; all text is escaped.

    Standalone (the default): one self-contained page in the document's language, with
    `CSS` (or the document's scoped `Style`) inline and no scripts or external files.
    Otherwise the body's elements only, to put into a page of one's own; with a `Style`, in
    a ``<div>`` of its scope that carries the style.
    """
    heading = [f"<h1>{escape_html(document.title)}</h1>"] if document.title else []
    body = "\n".join([*heading, *map(_html_block, _for_html(document.blocks))])
    style = document.style
    if not standalone:
        if style is not None:
            return f'<div class="{style.scope}"><style>{style.css}</style>{body}</div>'
        return body + "\n"
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape_html(document.language)}">\n<head>\n<meta charset="utf-8">\n'
    )
    if style is not None:
        return (
            head + '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape_html(document.title)}</title>\n<style>\n{style.css}\n</style>\n"
            f'</head>\n<body class="{style.scope}">\n{body}\n</body>\n</html>\n'
        )
    return (
        head
        + f"<title>{escape_html(document.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + body
        + "\n</body>\n</html>\n"
    )


_HTML_LOOK: Final[Mapping[str, tuple[str, str]]] = {
    "plain": ("", ""),
    "strong": ("<strong>", "</strong>"),
    "code": ("<code>", "</code>"),
    "muted": ('<span class="muted">', "</span>"),
    "alert": ('<span class="alert">', "</span>"),
}


def _html_content(content: Content) -> str:
    if isinstance(content, str):
        return escape_html(content)
    return "".join(map(_html_span, content))


def _html_span(span: Inline) -> str:
    if isinstance(span, Span):
        start, end = _HTML_LOOK[span.look]
        return start + _html_content(span.text) + end
    if isinstance(span, ScoreBar):
        width = span.score * 1.2
        return f'<span class="bar" style="width: {width:.1f}em" aria-hidden="true"></span>'
    if isinstance(span, Folded):
        return (
            f"<details><summary>{escape_html(span.summary)}</summary>"
            f"{escape_html(span.text)}</details>"
        )
    return "<br>"


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape_html(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        text = _html_content(block.text)
        if block.role == "footer":
            return f"<footer>{text}</footer>"
        if block.role == "plain":
            return f"<p>{text}</p>"
        if block.role == "closing":
            return f'<p class="muted">{text}</p>'
        return f'<p class="{block.role}">{text}</p>'
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, KeyValues):
        rows = "\n".join(
            f"<tr><th>{escape_html(key)}</th><td>{_html_content(value)}</td></tr>"
            for key, value in block.pairs
        )
        return f"<table>\n<tbody>\n{rows}\n</tbody>\n</table>"
    if isinstance(block, BulletList | NumberedList):
        tag = "ul" if isinstance(block, BulletList) else "ol"
        items = "\n".join(f"<li>{_html_content(item)}</li>" for item in block.items)
        return f"<{tag}>\n{items}\n</{tag}>"
    msg = f"a PerFormat block inside another: {block!r}"
    raise TypeError(msg)


def _html_table(table: Table) -> str:
    # Alignment is left to the stylesheet, so that the page keeps one stylesheet.
    head = "".join(f"<th>{escape_html(cell)}</th>" for cell in table.header)
    body = "\n".join(_html_row(table, row) for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _html_row(table: Table, row: TableRow) -> str:
    if isinstance(row, GroupRow):
        return f'<tr><th colspan="{len(table.header)}">{escape_html(row.text)}</th></tr>'
    cells = []
    for column, cell in enumerate(row.cells if isinstance(row, Row) else row):
        tag = "th" if table.row_headers and column == 0 else "td"
        number = table.numbers and tag == "td" and table.alignment(column) == "right"
        start = f'<{tag} class="num">' if number else f"<{tag}>"
        cells.append(f"{start}{_html_content(cell)}</{tag}>")
    emphasis = f' class="{row.emphasis}"' if isinstance(row, Row) and row.emphasis else ""
    return f"<tr{emphasis}>" + "".join(cells) + "</tr>"


# --- plain text, CSV and JSON -------------------------------------------------------


def to_text_table(table: Table) -> str:
    """
    *table* as aligned plain text for a terminal: columns two spaces apart, no trailing spaces.

    Lines end with ``\\n`` except the last, so that a caller can add a summary below.
    """
    lines = [table.header]
    for row in table.rows:
        if isinstance(row, GroupRow):
            lines.append((row.text, *[""] * (len(table.header) - 1)))
        else:
            lines.append(tuple(map(plain_text, row.cells if isinstance(row, Row) else row)))
    widths = [max(len(line[column]) for line in lines) for column in range(len(table.header))]

    def cell(column: int, text: str) -> str:
        alignment = table.alignment(column)
        if alignment == "right":
            return text.rjust(widths[column])
        if alignment == "center":
            return text.center(widths[column])
        return text.ljust(widths[column])

    return "\n".join(
        "  ".join(cell(column, text) for column, text in enumerate(line)).rstrip() for line in lines
    )


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""
The first characters that make a spreadsheet read a cell as a formula: OWASP's list (``=``,
``+``, ``-``, ``@``, tab, carriage return) and the full-width forms of the first four, which
some spreadsheets turn into the ASCII ones as they read a file.
"""


_FORMULA_FIRST: Final = frozenset(FORMULA_STARTS)  # each start is one character


def formula_safe(text: str) -> str:
    """
    *text* as a cell that a spreadsheet shows rather than runs: a ``'`` before a formula's start.

    OWASP's advice for CSV injection: ``=HYPERLINK(...)`` in a participant's id or a rater's
    note would otherwise become a live formula when a coordinator opens the file in Excel.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """
    A header row of *columns*, then *rows*, as CSV (Python's ``csv`` module, ``\\n`` line ends).

    ``None`` is an empty cell; a cell with a comma, a quote or a line break is quoted (a
    carriage return quotes its whole row). The CSV is for people, who open it in a
    spreadsheet: a text cell that starts as a formula does is written `formula_safe`, with a
    leading ``'``. Numbers (``int`` and ``float`` cells, which the reports compute) are
    written as numbers, a negative one with its ``-``.
    """
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes only the line breaks of its own line ending: a row with a
    # carriage return has every cell quoted, or a reader would split the row there.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in (columns, *rows):
        # `formula_safe`, inline: a report has a cell per column for every follow-up.
        cells = tuple(
            ""
            if cell is None
            else "'" + cell
            if isinstance(cell, str) and cell[:1] in _FORMULA_FIRST
            else cell
            for cell in row
        )
        carriage = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (quoted if carriage else plain).writerow(cells)
    return buffer.getvalue()


def records_to_csv(columns: Sequence[str], records: Iterable[Mapping[str, Cell]]) -> str:
    """*records* as CSV under a header of *columns*; each record has a value for each column."""
    return to_csv(columns, ([record[column] for column in columns] for record in records))


def to_json(data: JSON) -> str:
    """
    *data* as JSON: indented by two, non-ASCII kept, keys in the order given, a final newline.

    Reports build their dicts in a fixed key order, so the same figures give the same bytes.
    """
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
