"""
The one-page board report: what the service does, for whom, at what cost, in English or Swedish.

Boards and funders read a sentence like "92 participants: 22 in employment, ...; 51 on the
waiting list; six employment specialists; 4.3 million SEK a year", then a few tables. The
report holds counts only: no participant code, name or employer is ever written in it.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Final

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
from ipsrules.exceptions import MissingPackageError, ValidationError

from ._budget import Budget
from ._capacity import CASELOAD_TARGET, Capacity, Cost, capacity, cost
from ._continuity import Continuity, continuity
from ._metrics import Disagreements, Metric, OutcomeMetrics, Share, Summary, outcome_metrics
from ._quarterly import BENCHMARKS
from ._status import ParticipantStatus, StatusCounts, status_counts

if TYPE_CHECKING:
    import pandas

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
        continuity: Handovers in the period, and who is without a specialist.
        cost: The cost of the period, when a yearly cost or a budget was given.
    """

    programme: str
    counts: StatusCounts
    metrics: OutcomeMetrics
    capacity: Capacity
    continuity: Continuity
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
            parts.append(_cost_phrase(self.cost, counts.day.year, locale))
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

        def disagreement(check: Disagreements) -> str:
            kinds = dict(check.kinds)
            return text["disagreement_basis"].format(
                checked=number(check.checked),
                **{kind: number(len(ids)) for kind, ids in kinds.items()},
            )

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
                    *(
                        (text[share.name], format_share(share.value, locale), basis(share))
                        for share in (
                            metrics.exits_to_work,
                            metrics.exits_to_studies,
                            metrics.exits_to_work_or_studies,
                            metrics.exits_with_job,
                        )
                    ),
                    (
                        text["exit_job_disagreements"],
                        number(metrics.exit_job_disagreements.value),
                        disagreement(metrics.exit_job_disagreements),
                    ),
                    (
                        text["exits_without_income_support"],
                        format_share(metrics.exits_without_income_support.value, locale),
                        basis(metrics.exits_without_income_support),
                    ),
                    (
                        text["judged_able_started_work"],
                        format_share(metrics.judged_able_started_work.value, locale),
                        basis(metrics.judged_able_started_work),
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
                            people=number(room.specialists), fte=_fte(room.fte, locale)
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
                        text["needed"],
                        text["to_clear_value"].format(
                            fte=_fte(room.fte_needed, locale),
                            people=number(room.specialists_needed),
                        ),
                    ),
                    (
                        text["to_clear"],
                        text["to_clear_value"].format(
                            fte=_fte(room.fte_to_clear_waiting_list, locale),
                            people=number(room.specialists_to_clear_waiting_list),
                        ),
                    ),
                ),
            ),
        ]
        kept = self.continuity
        handovers = kept.handovers

        def days(measure: Summary) -> str:
            if not measure.values or measure.mean is None:
                return ""
            return text["days_basis"].format(
                mean=number(measure.mean, 1), longest=number(max(measure.values))
            )

        blocks += [
            Heading(text["continuity_heading"].format(start=start, end=end)),
            Table(
                align=_FIGURE_ALIGN,
                header=(text["measure"], text["value"], text["basis"]),
                rows=(
                    (
                        text["handovers"],
                        number(sum(handovers.values)),
                        text["handovers_basis"].format(
                            n=number(kept.handed_over.value),
                            served=number(handovers.count),
                            mean=text["none"]
                            if handovers.mean is None
                            else number(handovers.mean, 2),
                        ),
                    ),
                    (
                        text["without_specialist"],
                        number(kept.without_specialist.count),
                        days(kept.without_specialist),
                    ),
                    (
                        text["without_specialist_on_day"].format(day=day),
                        number(kept.without_specialist_on_day.value),
                        "",
                    ),
                    (
                        text["waiting_for_specialist"].format(day=day),
                        number(kept.waiting_for_specialist.count),
                        days(kept.waiting_for_specialist),
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

            budgets = (
                [(text["yearly_cost"], amount(money.yearly))]
                if money.yearly is not None
                else [
                    (
                        text["budget_line"].format(
                            start=format_day(line.period.start, locale),
                            end=format_day(line.period.end, locale),
                        ),
                        amount(float(line.amount)),
                    )
                    for line in money.budget.lines_in(period)
                ]
            )
            blocks += [
                Heading(text["cost_heading"]),
                Table(
                    align=_FIGURE_ALIGN,
                    header=(text["measure"], text["value"]),
                    rows=(
                        *budgets,
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
        counted), ``capacity``, ``continuity`` (its figures the same way, and ``caseloads``:
        participants per specialist in post on the last day) and ``cost`` (``None`` without
        a yearly cost or budget); dates are ISO strings, and the keys are always in this
        order.
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
                "fte": float(room.fte),
                "target": room.target,
                "caseload_per_fte": room.caseload_per_fte,
                "spare_places": room.spare_places,
                "fte_needed": float(room.fte_needed),
                "specialists_needed": room.specialists_needed,
                "fte_to_clear_waiting_list": float(room.fte_to_clear_waiting_list),
                "specialists_to_clear_waiting_list": room.specialists_to_clear_waiting_list,
            },
            "continuity": {
                **{metric.name: _metric(metric) for metric in self.continuity.all()},
                "caseloads": dict(self.continuity.caseloads),
            },
            "cost": None
            if self.cost is None
            else {
                "currency": self.cost.currency,
                "yearly": self.cost.yearly,
                "budgets": [
                    {
                        "start": line.period.start.isoformat(),
                        "end": line.period.end.isoformat(),
                        "amount": float(line.amount),
                        "in_period": float(line.part(period)),
                    }
                    for line in self.cost.budget.lines_in(period)
                ],
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

    def to_dataframe(self) -> pandas.DataFrame:
        """
        Every figure as a row of a pandas DataFrame, the columns of `FIGURE_COLUMNS`:
        ``section`` and ``name`` are ``string``, ``value`` is ``Float64``, ``numerator``,
        ``denominator`` and ``unknown`` are ``Int64``, ``<NA>`` where a figure has none.
        Needs pandas (``pip install 'ipsrules[reports]'``).
        """
        try:
            import pandas  # optional: imported only when asked for
        except ImportError as exc:
            raise MissingPackageError("pandas", "BoardReport.to_dataframe()", "reports") from exc
        records = self.to_records()
        dtypes = {"section": "string", "name": "string", "value": "Float64"}
        return pandas.DataFrame(
            {
                column: pandas.Series(
                    [record[column] for record in records], dtype=dtypes.get(column, "Int64")
                )
                for column in FIGURE_COLUMNS
            }
        )

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
        return self.summary(locale) + "\n\n" + to_text_table(table) + "\n" + self._checks()

    def _checks(self) -> str:
        """
        The codes behind each disagreement and of who waits for a specialist, for someone to
        look up; empty without any.
        """
        found = [
            f"{metric.name}.{kind}: {', '.join(ids)}\n"
            for metric in self.metrics.all()
            if isinstance(metric, Disagreements)
            for kind, ids in metric.kinds
            if ids
        ]
        waiting = self.continuity.waiting_for_specialist
        if waiting.evidence:
            found.append(
                "waiting_for_specialist: "
                + ", ".join(
                    f"{code} ({days:.0f} days)"
                    for code, days in zip(waiting.evidence, waiting.values, strict=True)
                )
                + "\n"
            )
        return "\nTo check:\n" + "".join(found) if found else ""

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
            elif isinstance(metric, Disagreements):
                rows.append(("outcomes", metric.name, metric.value, None, metric.checked, None))
                rows += [
                    ("outcomes", f"{metric.name}.{kind}", len(ids), None, metric.checked, None)
                    for kind, ids in metric.kinds
                ]
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
            ("capacity", "fte", float(room.fte), None, None, None),
            ("capacity", "target", room.target, None, None, None),
            ("capacity", "caseload_per_fte", room.caseload_per_fte, room.active, None, None),
            ("capacity", "spare_places", room.spare_places, None, None, None),
            ("capacity", "fte_needed", float(room.fte_needed), None, None, None),
            ("capacity", "specialists_needed", room.specialists_needed, None, None, None),
            (
                "capacity",
                "fte_to_clear_waiting_list",
                float(room.fte_to_clear_waiting_list),
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
        kept = self.continuity
        served = kept.handovers.count

        def days(measure: Summary) -> list[_Figure]:
            longest = max(measure.values, default=None)
            return [
                ("continuity", measure.name, measure.count, None, None, None),
                (
                    "continuity",
                    measure.name + "_days_mean",
                    measure.mean,
                    None,
                    measure.count,
                    None,
                ),
                ("continuity", measure.name + "_days_longest", longest, None, measure.count, None),
            ]

        on_day = kept.without_specialist_on_day
        rows += [
            ("continuity", "handovers", int(sum(kept.handovers.values)), None, served, None),
            ("continuity", "handovers_per_participant", kept.handovers.mean, None, served, None),
            ("continuity", "handed_over", kept.handed_over.value, None, served, None),
            *days(kept.without_specialist),
            ("continuity", on_day.name, on_day.value, None, None, None),
            *days(kept.waiting_for_specialist),
        ]
        rows += [
            ("caseload", specialist, participants, None, None, None)
            for specialist, participants in kept.caseloads
        ]
        if self.cost is not None:
            money = self.cost
            if money.yearly is not None:
                rows.append(("cost", "yearly", money.yearly, None, None, None))
            rows += [
                ("cost", f"budget {line.period}", float(line.amount), None, None, None)
                for line in money.budget.lines_in(self.metrics.period)
            ]
            rows += [
                ("cost", "period", money.period_cost, None, None, None),
                ("cost", "per_participant_served", money.per_participant_served, None, None, None),
                ("cost", "per_job_start", money.per_job_start, None, None, None),
            ]
        return rows


_Figure = tuple[str, str, float | int | None, int | None, int | None, int | None]


def _cost_phrase(money: Cost, year: int, locale: str) -> str:
    """
    The cost as the opening sentence says it: the yearly sum ("4.3 million SEK a year"); for
    budgets per year or period, the budget of the report day's year when it has one for
    every day ("4.3 million SEK in 2026"), else the cost of the period.
    """
    text = labels(BOARD_LABELS, locale)
    if money.yearly is not None:
        return text["per_year"].format(n=format_amount(money.yearly, money.currency, locale))
    in_year = money.budget.year_amount(year)
    if in_year is not None:
        amount = format_amount(float(in_year), money.currency, locale)
        return text["in_year"].format(n=amount, year=year)
    amount = format_amount(money.period_cost, money.currency, locale)
    return text["for_period"].format(n=amount)


def _metric(metric: Metric) -> dict[str, JSON]:
    data: dict[str, JSON] = {"value": metric.value, "definition": metric.definition}
    if isinstance(metric, Disagreements):
        data["checked"] = metric.checked
        data["kinds"] = {kind: list(ids) for kind, ids in metric.kinds}
    if isinstance(metric, Share):
        data.update(numerator=metric.numerator, denominator=metric.denominator)
        data["unknown"] = list(metric.unknown)
    if isinstance(metric, Summary):
        data.update(count=metric.count, mean=metric.mean, median=metric.median)
        data["unknown"] = list(metric.unknown)
    data["evidence"] = list(metric.evidence)
    return data


def _fte(value: Fraction, locale: str) -> str:
    """
    FTE as a team writes it, from the exact value: two decimals when it has hundredths
    (7.15, 0.25), else one (5.5, 2.0); rounded half to even from the fraction, never from a
    binary float, so 1.65 stays 1.65.
    """
    hundredths = round(value, 2)
    digits = 1 if hundredths == round(value, 1) else 2
    return format_number(float(hundredths), locale, digits=digits)


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
    budget: Budget | None = None,
    currency: str = "SEK",
    target: float = CASELOAD_TARGET,
) -> BoardReport:
    """
    The board report of *programme*: status and capacity on *end*, outcomes from *start* to *end*.

    Args:
        programme: The programme.
        start: The first day of the period the outcomes cover.
        end: The last day, and the day of the status counts and the capacity.
        yearly_cost: What a year of the service costs, every year, for the cost section.
        budget: Instead of *yearly_cost*, budgets per year or per period (`Budget`); the
            report has no cost section without either.
        currency: The currency of *yearly_cost* (default ``"SEK"``, written "kronor" in Swedish).
        target: Participants per full-time specialist (default 20).

    Raises:
        ValidationError: *end* is before *start*, *target* is not from 0.1 to 1000,
            *yearly_cost* is negative, both *yearly_cost* and *budget* are given, or the
            budget leaves a day of the period without a budget.
    """
    if yearly_cost is not None and budget is not None:
        raise ValidationError("board_report", "budget", "give a yearly cost or a budget, not both")
    metrics = outcome_metrics(programme, start, end)
    money = budget if budget is not None else yearly_cost
    return BoardReport(
        programme=programme.name,
        counts=status_counts(programme, end),
        metrics=metrics,
        capacity=capacity(programme, end, target=target),
        continuity=continuity(programme, start, end),
        cost=None if money is None else cost(metrics, money, currency=currency),
    )
