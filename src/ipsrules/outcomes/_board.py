"""
The one-page board report: what the service does, for whom, at what cost, in English or Swedish.

Boards and funders read a sentence like "92 participants: 22 in employment, ...; 51 on the
waiting list; six employment specialists; 4.3 million SEK a year", then a few tables. The
report holds counts only: no participant code, name or employer is ever written in it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

import attrs

from ipsrules._model import Programme
from ipsrules.exceptions import ValidationError

from ._capacity import CASELOAD_TARGET, Capacity, Cost, capacity, cost
from ._metrics import OutcomeMetrics, Share, Summary, outcome_metrics
from ._quarterly import BENCHMARKS
from ._status import ParticipantStatus, StatusCounts, status_counts

Locale = Literal["en", "sv"]
LOCALES: Final[tuple[str, ...]] = ("en", "sv")
"""The languages a board report is written in."""

_NBSP: Final = "\u00a0"  # Swedish groups thousands with a no-break space: 1 234 567

_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
    "sv": (
        "inga",
        "en",
        "två",
        "tre",
        "fyra",
        "fem",
        "sex",
        "sju",
        "åtta",
        "nio",
        "tio",
        "elva",
        "tolv",
    ),
}
_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
_DASH: Final = "\u2013"  # an en dash stands for a figure that cannot be computed

# Every phrase of the report, per locale. A value with {n} takes a formatted number.
_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "{name}: board report",
        "dates": "Status on {day}. Outcomes from {start} to {end}.",
        "participants": "{n} participants",
        "participant": "{n} participant",
        "employment": "{n} in employment",
        "studying": "{n} studying",
        "internship": "{n} in an internship",
        "job_search": "{n} in planning and job search",
        "waiting": "{n} on the waiting list",
        "specialists": "{n} employment specialists",
        "specialist": "{n} employment specialist",
        "per_year": "{n} a year",
        "million": "{n} million {currency}",
        "amount": "{n} {currency}",
        "status_heading": "Participants on {day}",
        "status": "Status",
        "number": "Number",
        "share": "Share",
        "status_competitive_job": "Competitive job",
        "status_other_paid_job": "Other paid job",
        "status_studying": "Studying",
        "status_internship": "Internship or work trial",
        "status_job_search": "Planning and job search",
        "in_employment": "In employment (competitive and other paid jobs)",
        "active": "Active participants",
        "waiting_list": "On the waiting list",
        "outcomes_heading": "Outcomes from {start} to {end}",
        "measure": "Measure",
        "value": "Value",
        "basis": "Basis",
        "served": "Participants served",
        "employment_rate": "Employment rate (competitive job in the period)",
        "benchmarks": "benchmarks {minimum} minimum, {average} average, {excellent} excellent",
        "of": "{numerator} of {denominator}",
        "unknown": "{n} unknown",
        "job_starts": "Competitive job starts",
        "other_paid_job_starts": "Other paid job starts",
        "days_to_first_job": "Days from entry to first competitive job",
        "job_tenure": "Job tenure in days (competitive jobs held)",
        "hours_per_week": "Hours per week (competitive jobs held)",
        "mean_median": "mean {mean}, median {median}",
        "measured": "{n} measured",
        "studying_period": "Studied in the period",
        "internships_period": "In an internship in the period",
        "enrolled": "New participants",
        "exits": "Participants who left",
        "exits_to_work_or_studies": "Left for work or studies",
        "exits_without_income_support": "Left without public income support",
        "capacity_heading": "Capacity on {day}",
        "staff": "Employment specialists",
        "staff_value": "{people} ({fte} full-time equivalents)",
        "caseload": "Participants per full-time specialist",
        "caseload_value": "{caseload} (target {target})",
        "spare": "More participants who fit at the target",
        "to_clear": "Extra specialists to take the waiting list at the target",
        "to_clear_value": "{fte} full-time equivalents ({people} people)",
        "cost_heading": "Cost",
        "yearly_cost": "Cost a year",
        "period_cost": "Cost of the period",
        "per_served": "Per participant served",
        "per_job_start": "Per competitive job start",
        "none": _DASH,
        "footer": "Made by ipsrules from the service's records; counts only, no personal data.",
    },
    "sv": {
        "title": "{name}: rapport till styrelsen",
        "dates": "Läget den {day}. Resultat från {start} till {end}.",
        "participants": "{n} deltagare",
        "participant": "{n} deltagare",
        "employment": "{n} i arbete",
        "studying": "{n} studerar",
        "internship": "{n} i praktik",
        "job_search": "{n} i planering och arbetssökande",
        "waiting": "{n} på väntelistan",
        "specialists": "{n} arbetsspecialister",
        "specialist": "{n} arbetsspecialist",
        "per_year": "{n} per år",
        "million": "{n} miljoner {currency}",
        "amount": "{n} {currency}",
        "status_heading": "Deltagare den {day}",
        "status": "Status",
        "number": "Antal",
        "share": "Andel",
        "status_competitive_job": "Arbete på den öppna arbetsmarknaden",
        "status_other_paid_job": "Annat avlönat arbete",
        "status_studying": "Studerar",
        "status_internship": "Praktik eller arbetsprövning",
        "status_job_search": "Planering och arbetssökande",
        "in_employment": "I arbete (öppna arbetsmarknaden och annat avlönat arbete)",
        "active": "Aktiva deltagare",
        "waiting_list": "På väntelistan",
        "outcomes_heading": "Resultat från {start} till {end}",
        "measure": "Mått",
        "value": "Värde",
        "basis": "Underlag",
        "served": "Deltagare under perioden",
        "employment_rate": "Andel i arbete (arbete på öppna arbetsmarknaden under perioden)",
        "benchmarks": "riktmärken {minimum} lägsta, {average} genomsnitt, {excellent} utmärkt",
        "of": "{numerator} av {denominator}",
        "unknown": "{n} okända",
        "job_starts": "Påbörjade anställningar på öppna arbetsmarknaden",
        "other_paid_job_starts": "Påbörjade andra avlönade arbeten",
        "days_to_first_job": "Dagar från start i IPS till första anställningen",
        "job_tenure": "Anställningarnas längd i dagar",
        "hours_per_week": "Timmar per vecka i anställningarna",
        "mean_median": "medel {mean}, median {median}",
        "measured": "{n} mätta",
        "studying_period": "Studerade under perioden",
        "internships_period": "I praktik under perioden",
        "enrolled": "Nya deltagare",
        "exits": "Avslutade deltagare",
        "exits_to_work_or_studies": "Avslutade till arbete eller studier",
        "exits_without_income_support": "Avslutade utan offentlig försörjning",
        "capacity_heading": "Kapacitet den {day}",
        "staff": "Arbetsspecialister",
        "staff_value": "{people} ({fte} heltidstjänster)",
        "caseload": "Deltagare per heltidstjänst",
        "caseload_value": "{caseload} (mål {target})",
        "spare": "Fler deltagare som ryms inom målet",
        "to_clear": "Fler arbetsspecialister för att ta emot väntelistan inom målet",
        "to_clear_value": "{fte} heltidstjänster ({people} personer)",
        "cost_heading": "Kostnad",
        "yearly_cost": "Kostnad per år",
        "period_cost": "Kostnad för perioden",
        "per_served": "Per deltagare under perioden",
        "per_job_start": "Per påbörjad anställning",
        "none": _DASH,
        "footer": "Skapad av ipsrules ur verksamhetens register; bara antal, inga personuppgifter.",
    },
}

_CURRENCY_NAMES: Final[dict[str, dict[str, str]]] = {"sv": {"SEK": "kronor"}}


def _check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise ValidationError("board report", "locale", f"expected one of en, sv, got {locale!r}")
    return locale


# --- numbers and dates for a locale ---------------------------------------------


def format_number(value: float, locale: str = "en", *, digits: int = 0) -> str:
    """
    *value* with *digits* decimals as the locale writes it.

    English: ``1,234.5``. Swedish: decimal comma and a no-break space between thousands,
    ``1 234,5``.
    """
    _check_locale(locale)
    text = f"{value:,.{digits}f}"
    if locale == "sv":
        text = text.replace(",", _NBSP).replace(".", ",").replace("-", "\u2212")
    return text


def format_share(value: float | None, locale: str = "en") -> str:
    """A share from 0 to 1 as a percentage, one decimal: ``41.3%``, ``41,3 %``; a dash for none."""
    if value is None:
        return _TEXT[_check_locale(locale)]["none"]
    number = format_number(100 * value, locale, digits=1)
    return f"{number}{_NBSP}%" if locale == "sv" else f"{number}%"


def _whole_percent(value: float, locale: str) -> str:
    number = format_number(100 * value, locale)
    return f"{number}{_NBSP}%" if locale == "sv" else f"{number}%"


def format_day(day: date, locale: str = "en") -> str:
    """A date written out: ``30 September 2026``, ``30 september 2026``."""
    return f"{day.day} {_MONTHS[_check_locale(locale)][day.month - 1]} {day.year}"


def format_amount(amount: float, currency: str, locale: str = "en") -> str:
    """
    An amount of money: in millions with one decimal from a million up, else whole units.

    ``4.3 million SEK``, ``4,3 miljoner kronor``; ``850,000 SEK``, ``850 000 kronor``.
    """
    text = _TEXT[_check_locale(locale)]
    name = _CURRENCY_NAMES.get(locale, {}).get(currency, currency)
    if abs(amount) >= 1_000_000:
        return text["million"].format(
            n=format_number(amount / 1_000_000, locale, digits=1), currency=name
        )
    return text["amount"].format(n=format_number(amount, locale), currency=name)


def _count_words(count: int, locale: str) -> str:
    words = _WORDS[locale]
    return words[count] if 0 < count < len(words) else format_number(count, locale)


# --- the report -------------------------------------------------------------------


@attrs.frozen
class BoardReport:
    """
    The figures of a board report, written out by `to_markdown` or `to_html`.

    Attributes:
        programme: The programme's name.
        counts: The status counts on the period's last day.
        metrics: The outcome metrics of the period.
        capacity: The capacity on the period's last day.
        cost: The cost of the period, when a yearly cost was given.
    """

    programme: str
    counts: StatusCounts
    metrics: OutcomeMetrics
    capacity: Capacity
    cost: Cost | None = None

    def summary(self, locale: str = "en") -> str:
        """The report's opening sentence, as a board would quote it."""
        text = _TEXT[_check_locale(locale)]
        counts = self.counts

        def number(value: int) -> str:
            return format_number(value, locale)

        people = text["participant" if counts.active == 1 else "participants"]
        staff = self.capacity.specialists
        parts = [
            people.format(n=number(counts.active))
            + ": "
            + ", ".join(
                text[key].format(n=number(value))
                for key, value in (
                    ("employment", counts.employment),
                    ("studying", counts.studying),
                    ("internship", counts.internship),
                    ("job_search", counts.job_search),
                )
            ),
            text["waiting"].format(n=number(counts.waiting)),
            text["specialist" if staff == 1 else "specialists"].format(
                n=_count_words(staff, locale)
            ),
        ]
        if self.cost is not None:
            amount = format_amount(self.cost.yearly, self.cost.currency, locale)
            parts.append(text["per_year"].format(n=amount))
        return "; ".join(parts) + "."

    def _blocks(self, locale: str) -> list[_Block]:
        text = _TEXT[_check_locale(locale)]
        metrics, counts, room = self.metrics, self.counts, self.capacity
        period = metrics.period

        def number(value: float, digits: int = 0) -> str:
            return format_number(value, locale, digits=digits)

        def share_of(value: int) -> str:
            return format_share(value / counts.active if counts.active else None, locale)

        def basis(share: Share) -> str:
            parts = [text["of"].format(numerator=share.numerator, denominator=share.denominator)]
            if share.unknown:
                parts.append(text["unknown"].format(n=len(share.unknown)))
            return "; ".join(parts)

        def summary(measure: Summary) -> tuple[str, str]:
            if measure.mean is None or measure.median is None:
                return text["none"], text["measured"].format(n=0)
            value = text["mean_median"].format(
                mean=number(measure.mean, 1), median=number(measure.median, 1)
            )
            return value, text["measured"].format(n=measure.count)

        day = format_day(counts.day, locale)
        start, end = format_day(period.start, locale), format_day(period.end, locale)
        minimum, average, excellent = (
            _whole_percent(threshold, locale) for threshold, _ in reversed(BENCHMARKS)
        )
        status_rows = [
            (
                text[f"status_{status.value}"],
                number(counts.counts[status]),
                share_of(counts.counts[status]),
            )
            for status in ParticipantStatus
        ]
        rate = metrics.employment_rate
        blocks: list[_Block] = [
            _Block("h1", text["title"].format(name=self.programme)),
            _Block("p", text["dates"].format(day=day, start=start, end=end)),
            _Block("lead", self.summary(locale)),
            _Block("h2", text["status_heading"].format(day=day)),
            _Block(
                "table",
                header=(text["status"], text["number"], text["share"]),
                rows=(
                    *status_rows,
                    (text["in_employment"], number(counts.employment), share_of(counts.employment)),
                    (text["active"], number(counts.active), share_of(counts.active)),
                    (text["waiting_list"], number(counts.waiting), ""),
                ),
            ),
            _Block("h2", text["outcomes_heading"].format(start=start, end=end)),
            _Block(
                "table",
                header=(text["measure"], text["value"], text["basis"]),
                rows=(
                    (text["served"], number(metrics.served.value), ""),
                    (
                        text["employment_rate"],
                        format_share(rate.value, locale),
                        basis(rate)
                        + "; "
                        + text["benchmarks"].format(
                            minimum=minimum, average=average, excellent=excellent
                        ),
                    ),
                    (text["job_starts"], number(metrics.job_starts.value), ""),
                    (
                        text["other_paid_job_starts"],
                        number(metrics.other_paid_job_starts.value),
                        "",
                    ),
                    (text["days_to_first_job"], *summary(metrics.days_to_first_job)),
                    (text["job_tenure"], *summary(metrics.job_tenure)),
                    (text["hours_per_week"], *summary(metrics.hours_per_week)),
                    (text["studying_period"], number(metrics.studying.value), ""),
                    (text["internships_period"], number(metrics.internships.value), ""),
                    (text["enrolled"], number(metrics.enrolled.value), ""),
                    (text["exits"], number(metrics.exits.value), ""),
                    (
                        text["exits_to_work_or_studies"],
                        format_share(metrics.exits_to_work_or_studies.value, locale),
                        basis(metrics.exits_to_work_or_studies),
                    ),
                    (
                        text["exits_without_income_support"],
                        format_share(metrics.exits_without_income_support.value, locale),
                        basis(metrics.exits_without_income_support),
                    ),
                ),
            ),
            _Block("h2", text["capacity_heading"].format(day=day)),
            _Block(
                "table",
                header=(text["measure"], text["value"]),
                rows=(
                    (
                        text["staff"],
                        text["staff_value"].format(
                            people=number(room.specialists), fte=number(room.fte, 1)
                        ),
                    ),
                    (
                        text["caseload"],
                        text["caseload_value"].format(
                            caseload=text["none"]
                            if room.caseload_per_fte is None
                            else number(room.caseload_per_fte, 1),
                            target=number(room.target, 0 if room.target == int(room.target) else 1),
                        ),
                    ),
                    (text["spare"], number(room.spare_places)),
                    (
                        text["to_clear"],
                        text["to_clear_value"].format(
                            fte=number(room.fte_to_clear_waiting_list, 1),
                            people=number(room.specialists_to_clear_waiting_list),
                        ),
                    ),
                ),
            ),
        ]
        if self.cost is not None:
            money = self.cost

            def amount(value: float | None) -> str:
                if value is None:
                    return text["none"]
                return format_amount(value, money.currency, locale)

            blocks += [
                _Block("h2", text["cost_heading"]),
                _Block(
                    "table",
                    header=(text["measure"], text["value"]),
                    rows=(
                        (text["yearly_cost"], amount(money.yearly)),
                        (text["period_cost"], amount(money.period_cost)),
                        (text["per_served"], amount(money.per_participant_served)),
                        (text["per_job_start"], amount(money.per_job_start)),
                    ),
                ),
            ]
        blocks.append(_Block("footer", text["footer"]))
        return blocks

    def to_markdown(self, locale: str = "en") -> str:
        """The report as Markdown; text from the records is escaped."""
        out: list[str] = []
        for block in self._blocks(locale):
            if block.kind == "table":
                out.append(_markdown_table(block.header, block.rows))
            elif block.kind == "h1":
                out.append("# " + _markdown_escape(block.text))
            elif block.kind == "h2":
                out.append("## " + _markdown_escape(block.text))
            elif block.kind == "lead":
                out.append("**" + _markdown_escape(block.text) + "**")
            elif block.kind == "footer":
                out.append("*" + _markdown_escape(block.text) + "*")
            else:
                out.append(_markdown_escape(block.text))
        return "\n\n".join(out) + "\n"

    def to_html(self, locale: str = "en") -> str:
        """The report as one self-contained HTML page (no scripts, no external files); escaped."""
        blocks = self._blocks(locale)
        body: list[str] = []
        for block in blocks:
            if block.kind == "table":
                body.append(_html_table(block.header, block.rows))
            elif block.kind in ("h1", "h2"):
                body.append(f"<{block.kind}>{html.escape(block.text)}</{block.kind}>")
            elif block.kind == "lead":
                body.append(f'<p class="lead">{html.escape(block.text)}</p>')
            elif block.kind == "footer":
                body.append(f"<footer>{html.escape(block.text)}</footer>")
            else:
                body.append(f"<p>{html.escape(block.text)}</p>")
        title = html.escape(blocks[0].text)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{locale}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )


@attrs.frozen
class _Block:
    kind: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}"
    ".lead{font-size:1.1rem;font-weight:600}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}"
    "td:nth-child(2){text-align:right;white-space:nowrap}footer{margin-top:2rem;color:#666;"
    "font-size:.85rem}"
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_markdown_escape(cell) for cell in cells) + " |"

    align = ["---"] + ["---:"] + ["---"] * (len(header) - 2)
    return "\n".join([line(header), "| " + " | ".join(align) + " |", *map(line, rows)])


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def board_report(
    programme: Programme,
    start: date,
    end: date,
    *,
    yearly_cost: float | None = None,
    currency: str = "SEK",
    target: float = CASELOAD_TARGET,
) -> BoardReport:
    """
    The board report of *programme*: status and capacity on *end*, outcomes from *start* to *end*.

    Args:
        programme: The programme.
        start: The first day of the period the outcomes cover.
        end: The last day, and the day of the status counts and the capacity.
        yearly_cost: What a year of the service costs, for the cost section; none without it.
        currency: The currency of *yearly_cost* (default ``"SEK"``, written "kronor" in Swedish).
        target: Participants per full-time specialist (default 20).

    Raises:
        ValidationError: *end* is before *start*, *target* is not above 0, or *yearly_cost*
            is negative.
    """
    metrics = outcome_metrics(programme, start, end)
    return BoardReport(
        programme=programme.name,
        counts=status_counts(programme, end),
        metrics=metrics,
        capacity=capacity(programme, end, target=target),
        cost=None if yearly_cost is None else cost(metrics, yearly_cost, currency=currency),
    )
