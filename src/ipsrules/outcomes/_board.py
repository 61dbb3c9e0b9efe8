"""
The one-page board report: what the service does, for whom, at what cost, in English or Swedish.

Boards and funders read a sentence like "92 participants: 22 in employment, ...; 51 on the
waiting list; six employment specialists; 4.3 million SEK a year", then a few tables. The
report holds counts only: no participant code, name or employer is ever written in it.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import attrs

from ipsrules._document import (
    JSON,
    Alignment,
    Block,
    Cell,
    Document,
    Heading,
    Paragraph,
    Table,
    records_to_csv,
    to_json,
    to_text_table,
)
from ipsrules._locale import (
    BOARD_LABELS,
    count_in_words,
    format_amount,
    format_day,
    format_number,
    format_percent,
    format_share,
    labels,
)
from ipsrules._model import Programme

from ._capacity import CASELOAD_TARGET, Capacity, Cost, capacity, cost
from ._metrics import Count, OutcomeMetrics, Share, Summary, outcome_metrics
from ._quarterly import BENCHMARKS
from ._status import ParticipantStatus, StatusCounts, status_counts

FIGURE_COLUMNS: Final[tuple[str, ...]] = (
    "section",
    "name",
    "value",
    "numerator",
    "denominator",
    "unknown",
)
"""The columns of `BoardReport.to_records` and `BoardReport.to_csv`: one row per figure."""

# The figures of every table of the page are in its second column.
_FIGURE_ALIGN: Final[tuple[Alignment, ...]] = ("left", "right")


# --- the report -------------------------------------------------------------------


@attrs.frozen
class BoardReport:
    """
    The figures of a board report: a page by `to_markdown` or `to_html`, data by `to_dict`.

    The page is a `Document` (`to_document`); the figures one per line are `to_records`,
    `to_csv` and `to_text`, what ``ipsrules outcomes`` prints.

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
        text = labels(BOARD_LABELS, locale)
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
                n=count_in_words(staff, locale)
            ),
        ]
        if self.cost is not None:
            amount = format_amount(self.cost.yearly, self.cost.currency, locale)
            parts.append(text["per_year"].format(n=amount))
        return "; ".join(parts) + "."

    def to_document(self, locale: str = "en") -> Document:
        """The report as a `Document` of headings, paragraphs and tables, in *locale*."""
        text = labels(BOARD_LABELS, locale)
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
            format_percent(threshold, locale) for threshold, _ in reversed(BENCHMARKS)
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
        blocks: list[Block] = [
            Paragraph(text["dates"].format(day=day, start=start, end=end)),
            Paragraph(self.summary(locale), "lead"),
            Heading(text["status_heading"].format(day=day)),
            Table(
                align=_FIGURE_ALIGN,
                header=(text["status"], text["number"], text["share"]),
                rows=(
                    *status_rows,
                    (text["in_employment"], number(counts.employment), share_of(counts.employment)),
                    (text["active"], number(counts.active), share_of(counts.active)),
                    (text["waiting_list"], number(counts.waiting), ""),
                ),
            ),
            Heading(text["outcomes_heading"].format(start=start, end=end)),
            Table(
                align=_FIGURE_ALIGN,
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
            Heading(text["capacity_heading"].format(day=day)),
            Table(
                align=_FIGURE_ALIGN,
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
                Heading(text["cost_heading"]),
                Table(
                    align=_FIGURE_ALIGN,
                    header=(text["measure"], text["value"]),
                    rows=(
                        (text["yearly_cost"], amount(money.yearly)),
                        (text["period_cost"], amount(money.period_cost)),
                        (text["per_served"], amount(money.per_participant_served)),
                        (text["per_job_start"], amount(money.per_job_start)),
                    ),
                ),
            ]
        blocks.append(Paragraph(text["footer"], "footer"))
        return Document(text["title"].format(name=self.programme), locale, blocks)

    def to_markdown(self, locale: str = "en") -> str:
        """The report as Markdown; text from the records is escaped."""
        return self.to_document(locale).to_markdown()

    def to_html(self, locale: str = "en") -> str:
        """The report as one self-contained HTML page (no scripts, no external files); escaped."""
        return self.to_document(locale).to_html()

    def to_dict(self) -> dict[str, JSON]:
        """
        Every figure as JSON-ready data: what ``ipsrules outcomes --format json`` prints.

        Keys ``programme``, ``period``, ``status``, ``outcomes`` (each metric with its
        definition, numerator, denominator, unknowns and evidence: the ids of the records
        counted), ``capacity`` and ``cost`` (``None`` without a yearly cost); dates are ISO
        strings, and the keys are always in this order.
        """
        counts, room, period = self.counts, self.capacity, self.metrics.period
        return {
            "programme": self.programme,
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "status": {
                "day": counts.day.isoformat(),
                "counts": {status.value: value for status, value in counts.counts.items()},
                "employment": counts.employment,
                "active": counts.active,
                "waiting": counts.waiting,
            },
            "outcomes": {metric.name: _metric(metric) for metric in self.metrics.all()},
            "capacity": {
                "day": room.day.isoformat(),
                "active": room.active,
                "waiting": room.waiting,
                "specialists": room.specialists,
                "fte": room.fte,
                "target": room.target,
                "caseload_per_fte": room.caseload_per_fte,
                "spare_places": room.spare_places,
                "fte_to_clear_waiting_list": room.fte_to_clear_waiting_list,
                "specialists_to_clear_waiting_list": room.specialists_to_clear_waiting_list,
            },
            "cost": None
            if self.cost is None
            else {
                "currency": self.cost.currency,
                "yearly": self.cost.yearly,
                "period": self.cost.period_cost,
                "per_participant_served": self.cost.per_participant_served,
                "per_job_start": self.cost.per_job_start,
            },
        }

    def to_json(self) -> str:
        """`to_dict` as indented JSON text."""
        return to_json(self.to_dict())

    def to_records(self) -> list[dict[str, Cell]]:
        """Every figure as a dict of `FIGURE_COLUMNS`: the rows of `to_csv`."""
        return [dict(zip(FIGURE_COLUMNS, row, strict=True)) for row in self._figures()]

    def to_csv(self) -> str:
        """Every figure as a CSV row of `FIGURE_COLUMNS` under a header row; empty for ``None``."""
        return records_to_csv(FIGURE_COLUMNS, self.to_records())

    def to_text(self, locale: str = "en") -> str:
        """
        The report for a terminal: the `summary` in *locale*, then one aligned line per figure.

        The lines name the figures as `to_csv` does, whatever the locale.
        """
        lines: list[tuple[str, str, str, str]] = []
        for section, name, value, numerator, denominator, unknown in self._figures():
            basis = ""
            if section == "outcomes" and denominator is not None and numerator is not None:
                basis = f"{numerator} of {denominator}" + (
                    f", {unknown} unknown" if unknown else ""
                )
            elif denominator is not None:
                basis = f"n = {denominator}"
            lines.append((section, name, _plain(value), basis))
        table = Table(("section", "name", "value", "basis"), lines, align=("left", "left", "right"))
        return self.summary(locale) + "\n\n" + to_text_table(table) + "\n"

    def _figures(self) -> list[_Figure]:
        """Every figure as (section, name, value, numerator, denominator, unknown)."""
        counts, room = self.counts, self.capacity
        rows: list[_Figure] = [
            ("status", status.value, value, None, None, None)
            for status, value in counts.counts.items()
        ]
        rows += [
            ("status", "employment", counts.employment, None, None, None),
            ("status", "active", counts.active, None, None, None),
            ("status", "waiting", counts.waiting, None, None, None),
        ]
        for metric in self.metrics.all():
            if isinstance(metric, Share):
                rows.append(
                    (
                        "outcomes",
                        metric.name,
                        metric.value,
                        metric.numerator,
                        metric.denominator,
                        len(metric.unknown),
                    )
                )
            elif isinstance(metric, Summary):
                rows.append(
                    ("outcomes", metric.name + "_mean", metric.mean, None, metric.count, None)
                )
                rows.append(
                    ("outcomes", metric.name + "_median", metric.median, None, metric.count, None)
                )
            else:
                rows.append(("outcomes", metric.name, metric.value, None, None, None))
        rows += [
            ("capacity", "specialists", room.specialists, None, None, None),
            ("capacity", "fte", room.fte, None, None, None),
            ("capacity", "target", room.target, None, None, None),
            ("capacity", "caseload_per_fte", room.caseload_per_fte, room.active, None, None),
            ("capacity", "spare_places", room.spare_places, None, None, None),
            (
                "capacity",
                "fte_to_clear_waiting_list",
                room.fte_to_clear_waiting_list,
                None,
                None,
                None,
            ),
            (
                "capacity",
                "specialists_to_clear_waiting_list",
                room.specialists_to_clear_waiting_list,
                None,
                None,
                None,
            ),
        ]
        if self.cost is not None:
            money = self.cost
            rows += [
                ("cost", "yearly", money.yearly, None, None, None),
                ("cost", "period", money.period_cost, None, None, None),
                ("cost", "per_participant_served", money.per_participant_served, None, None, None),
                ("cost", "per_job_start", money.per_job_start, None, None, None),
            ]
        return rows


_Figure = tuple[str, str, float | int | None, int | None, int | None, int | None]


def _metric(metric: Count | Share | Summary) -> dict[str, JSON]:
    data: dict[str, JSON] = {"value": metric.value, "definition": metric.definition}
    if isinstance(metric, Share):
        data.update(numerator=metric.numerator, denominator=metric.denominator)
        data["unknown"] = list(metric.unknown)
    if isinstance(metric, Summary):
        data.update(count=metric.count, mean=metric.mean, median=metric.median)
        data["unknown"] = list(metric.unknown)
    data["evidence"] = list(metric.evidence)
    return data


def _plain(value: float | int | None) -> str:
    """A figure as the text table writes it: up to three decimals, a hyphen for none."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}".rstrip("0").rstrip(".")


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
        ValidationError: *end* is before *start*, *target* is not from 0.1 to 1000, or *yearly_cost*
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
