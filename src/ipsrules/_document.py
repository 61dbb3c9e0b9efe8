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

Role = Literal["plain", "lead", "footer", "note"]
"""What a paragraph is for: body text, the opening sentence, the closing line, or a note."""

Alignment = Literal["left", "right", "center"]
"""How a table column lines up; numbers read best on the right."""

Cell: TypeAlias = str | int | float | None
"""A value of a CSV cell: ``None`` is written as an empty cell."""

JSON: TypeAlias = "str | int | float | bool | Sequence[JSON] | Mapping[str, JSON] | None"
"""Data that `to_json` writes as it is: the result of a report's ``to_dict``."""


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


def _rows(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in value)


def _alignments(value: Iterable[Alignment]) -> tuple[Alignment, ...]:
    return tuple(value)


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


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
        text: The paragraph.
        role: ``"plain"``, ``"lead"`` (bold), ``"footer"`` (small, at the end) or ``"note"``.
    """

    text: str = attrs.field(validator=_text)
    role: Role = attrs.field(
        default="plain", validator=attrs.validators.in_(("plain", "lead", "footer", "note"))
    )


@attrs.frozen
class Table:
    """
    A table of text cells under a header row; every row has a cell for each column.

    Attributes:
        header: The column titles.
        rows: The rows, each as many cells as the header.
        align: How each column lines up; missing columns are ``"left"``.
    """

    header: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    align: tuple[Alignment, ...] = attrs.field(default=(), converter=_alignments)

    @rows.validator
    def _check_rows(self, attribute: attrs.Attribute[object], rows: tuple[tuple[str, ...]]) -> None:
        for row in rows:
            if len(row) != len(self.header):
                msg = f"Table: a row has {len(row)} cells for {len(self.header)} columns: {row!r}"
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
        items: The items, each one line of text.
    """

    items: tuple[str, ...] = attrs.field(converter=_texts)


Block: TypeAlias = Heading | Paragraph | Table | BulletList
"""One block of a document."""


@attrs.frozen
class Document:
    """
    A report as blocks, in one language; the renderers write it in each format.

    The title is the page's title and its first heading: the blocks follow it.

    Attributes:
        title: The report's title.
        language: The locale it is written in, one of `ipsrules.outcomes.LOCALES`.
        blocks: Headings, paragraphs, tables and lists, in order.
    """

    title: str = attrs.field(validator=_text)
    language: str = attrs.field(converter=check_locale)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)

    def to_markdown(self) -> str:
        """The document as Markdown; see `to_markdown`."""
        return to_markdown(self)

    def to_html(self, *, standalone: bool = True) -> str:
        """The document as an HTML page, or a fragment; see `to_html`."""
        return to_html(self, standalone=standalone)


# --- escaping, one function per format --------------------------------------------

_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")


def escape_markdown(text: str) -> str:
    """
    *text* as Markdown shows it literally: every character that marks up is escaped.

    A line break becomes a space, so that text from a record can never end a table row
    or a heading early.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))


def escape_html(text: str) -> str:
    """*text* as HTML shows it literally, in an element or in a quoted attribute."""
    return html.escape(text, quote=True)


# --- Markdown ---------------------------------------------------------------------

_MARKDOWN_RULE: Final[Mapping[str, str]] = {"left": "---", "right": "---:", "center": ":---:"}


def to_markdown(document: Document) -> str:
    """*document* as Markdown, blocks apart by a blank line; all text is escaped."""
    out = ["# " + escape_markdown(document.title)]
    out += [_markdown_block(block) for block in document.blocks]
    return "\n\n".join(out) + "\n"


def _markdown_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + escape_markdown(block.text)
    if isinstance(block, Paragraph):
        text = escape_markdown(block.text)
        if block.role == "lead":
            return f"**{text}**"
        if block.role == "footer":
            return f"*{text}*"
        if block.role == "note":
            return f"> {text}"
        return text
    if isinstance(block, Table):
        return _markdown_table(block)
    return "\n".join("- " + escape_markdown(item) for item in block.items)


def _markdown_table(table: Table) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(escape_markdown(cell) for cell in cells) + " |"

    rule = [_MARKDOWN_RULE[table.alignment(column)] for column in range(len(table.header))]
    return "\n".join([line(table.header), "| " + " | ".join(rule) + " |", *map(line, table.rows)])


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
    `CSS` inline and no scripts or external files. Otherwise the body's elements only, to
    put into a page of one's own.
    """
    body = "\n".join(
        [f"<h1>{escape_html(document.title)}</h1>", *map(_html_block, document.blocks)]
    )
    if not standalone:
        return body + "\n"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape_html(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape_html(document.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + body
        + "\n</body>\n</html>\n"
    )


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape_html(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        text = escape_html(block.text)
        if block.role == "footer":
            return f"<footer>{text}</footer>"
        if block.role == "plain":
            return f"<p>{text}</p>"
        return f'<p class="{block.role}">{text}</p>'
    if isinstance(block, Table):
        return _html_table(block)
    items = "\n".join(f"<li>{escape_html(item)}</li>" for item in block.items)
    return f"<ul>\n{items}\n</ul>"


def _html_table(table: Table) -> str:
    # Alignment is left to `CSS`, so that the page keeps one stylesheet.
    head = "".join(f"<th>{escape_html(cell)}</th>" for cell in table.header)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{escape_html(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


# --- plain text, CSV and JSON -------------------------------------------------------


def to_text_table(table: Table) -> str:
    """
    *table* as aligned plain text for a terminal: columns two spaces apart, no trailing spaces.

    Lines end with ``\\n`` except the last, so that a caller can add a summary below.
    """
    lines = [table.header, *table.rows]
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


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """
    A header row of *columns*, then *rows*, as CSV (Python's ``csv`` module, ``\\n`` line ends).

    ``None`` is an empty cell; a cell with a comma, a quote or a line break is quoted (a
    carriage return quotes its whole row).
    """
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes only the line breaks of its own line ending: a row with a
    # carriage return has every cell quoted, or a reader would split the row there.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in (columns, *rows):
        cells = tuple("" if cell is None else cell for cell in row)
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
