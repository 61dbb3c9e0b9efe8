"""
The report of a check: which follow-ups are missed or due, those that need action first.

It is the question an employment specialist or a team leader asks on a Monday morning, and
what ``ipsrules check`` prints; an application gets the same listing as records, JSON, CSV,
a text table or a `Document`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import attrs

from ._document import (
    JSON,
    Alignment,
    Document,
    Paragraph,
    Table,
    records_to_csv,
    to_json,
    to_text_table,
)
from ._locale import CHECK_LABELS, format_day, labels
from ._matching import Result, Status, results_with
from ._model import Programme
from ._responsibility import responsible_for
from .exceptions import MissingPackageError
from .rules import Rule

if TYPE_CHECKING:
    import pandas

CHECK_COLUMNS: Final[tuple[str, ...]] = (
    "status",
    "participant",
    "specialist",
    "job",
    "rule",
    "seq",
    "opens",
    "closes",
)
"""The columns of a check report; its records, JSON and CSV add the follow-up's ``id``."""

DEFAULT_STATUSES: Final[frozenset[Status]] = frozenset({Status.MISSED, Status.DUE})
"""What a check report lists unless told otherwise: the follow-ups that need action."""

STATUS_ORDER: Final[tuple[Status, ...]] = (
    Status.MISSED,
    Status.DUE,
    Status.UPCOMING,
    Status.MET,
    Status.WAIVED,
)
"""The order of a check report: what needs action first."""

_RANK: Final = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def _statuses(value: Iterable[Status | str]) -> frozenset[Status]:
    return frozenset(Status(status) for status in value)


@attrs.frozen
class CheckReport:
    """
    Results of `check` on one day, in the order a reader acts on them.

    Build it with `check_report`. Results are listed missed first, then due, upcoming, met
    and waived; within a status by closing day, then participant.

    Attributes:
        today: The day judged on.
        statuses: The statuses listed.
        results: The results listed, in order.
        specialists: The employment specialist each result belongs to: the one responsible
            for its participant on the deciding day (`deciding_day`), ``None`` for none; in
            the order of *results*.
        timezone: The programme's IANA time zone, in which a contact's day is read.
    """

    today: date
    statuses: frozenset[Status] = attrs.field(converter=_statuses)
    results: tuple[Result, ...]
    specialists: tuple[str | None, ...] = attrs.field()
    timezone: str = "Europe/Stockholm"

    @specialists.validator
    def _one_per_result(
        self, attribute: attrs.Attribute[object], value: tuple[str | None, ...]
    ) -> None:
        if len(value) != len(self.results):
            msg = f"CheckReport: {len(value)} specialists for {len(self.results)} results"
            raise ValueError(msg)

    def to_records(self) -> list[dict[str, str | int | None]]:
        """One dict per result: `CHECK_COLUMNS` and the follow-up's ``id``, ISO dates."""
        return [
            {
                "status": result.status.value,
                "participant": result.follow_up.participant_id,
                "specialist": specialist,
                "job": result.follow_up.job_id,
                "rule": result.follow_up.rule.value,
                "seq": result.follow_up.seq,
                "opens": result.follow_up.opens.isoformat(),
                "closes": result.follow_up.closes.isoformat(),
                "id": result.follow_up.id,
            }
            for result, specialist in zip(self.results, self.specialists, strict=True)
        ]

    def to_dict(self) -> dict[str, JSON]:
        """
        The report as JSON-ready data: ``today``, ``statuses`` (in `STATUS_ORDER`) and
        ``results``, one `to_records` dict each.
        """
        return {
            "today": self.today.isoformat(),
            "statuses": [status.value for status in STATUS_ORDER if status in self.statuses],
            "results": self.to_records(),
        }

    def to_dataframe(self) -> pandas.DataFrame:
        """
        The records as a pandas DataFrame, one row per result in the report's order.

        Columns are `CHECK_COLUMNS` and ``id``, typed: ``status`` and ``rule`` are
        categories (every status, in `STATUS_ORDER`; every rule), ``seq`` is ``Int64``,
        ``opens`` and ``closes`` are ``datetime64[s]``, the rest ``string``, ``<NA>`` for
        an entry rule's job or a participant without a specialist. Needs pandas
        (``pip install 'ipsrules[pandas]'``; `ipsrules.MissingPackageError` without it).
        """
        try:
            import pandas  # the optional extra, imported when asked for
        except ImportError as exc:
            raise MissingPackageError("pandas", "CheckReport.to_dataframe()", "pandas") from exc
        records = self.to_records()
        dtypes: dict[str, Any] = {
            "status": pandas.CategoricalDtype([status.value for status in STATUS_ORDER]),
            "rule": pandas.CategoricalDtype([rule.value for rule in Rule]),
            "seq": "Int64",
            "opens": "datetime64[s]",
            "closes": "datetime64[s]",
        }
        return pandas.DataFrame(
            {
                column: pandas.Series(
                    [record[column] for record in records],
                    dtype=dtypes.get(column, pandas.StringDtype()),
                )
                for column in (*CHECK_COLUMNS, "id")
            }
        )

    def to_json(self) -> str:
        """The records as a JSON list: what ``ipsrules check --format json`` prints."""
        return to_json(self.to_records())

    def to_csv(self) -> str:
        """The records as CSV under a header row; an entry rule's job is an empty cell."""
        return records_to_csv((*CHECK_COLUMNS, "id"), self.to_records())

    def to_table(self, locale: str = "en") -> Table:
        """The results as a `Table`: `CHECK_COLUMNS` and how each stands in days."""
        text = labels(CHECK_LABELS, locale)
        header = tuple(text[f"column.{column}"] for column in (*CHECK_COLUMNS, "days"))
        zone = ZoneInfo(self.timezone)
        rows = []
        for result, record in zip(self.results, self.to_records(), strict=True):
            cells = [
                "-" if record[column] is None else str(record[column]) for column in CHECK_COLUMNS
            ]
            cells[0] = text[f"status.{result.status.value}"]
            rows.append((*cells, self._days(result, text, zone)))
        align: tuple[Alignment, ...] = tuple(
            "right" if column == "seq" else "left" for column in CHECK_COLUMNS
        )
        return Table(header, rows, align=align)

    def to_text(self, locale: str = "en") -> str:
        """
        The report for a terminal: an aligned table and a count per status, or one line
        saying that nothing is listed. What ``ipsrules check`` prints.
        """
        if not self.results:
            return self._nothing(locale) + "\n"
        return to_text_table(self.to_table(locale)) + "\n\n" + self._total(locale) + "\n"

    def to_document(self, locale: str = "en") -> Document:
        """The report as a `Document`: the table and the count per status, in *locale*."""
        text = labels(CHECK_LABELS, locale)
        title = text["title"].format(day=format_day(self.today, locale))
        if not self.results:
            return Document(title, locale, [Paragraph(self._nothing(locale))])
        return Document(
            title, locale, [self.to_table(locale), Paragraph(self._total(locale), "footer")]
        )

    def to_markdown(self, locale: str = "en") -> str:
        """The report as Markdown; see `to_document`."""
        return self.to_document(locale).to_markdown()

    def to_html(self, locale: str = "en") -> str:
        """The report as one self-contained HTML page; see `to_document`."""
        return self.to_document(locale).to_html()

    def _nothing(self, locale: str) -> str:
        text = labels(CHECK_LABELS, locale)
        wanted = text["or"].join(
            text[f"status.{status.value}"] for status in Status if status in self.statuses
        )
        return text["nothing"].format(statuses=wanted, day=self.today.isoformat())

    def _total(self, locale: str) -> str:
        text = labels(CHECK_LABELS, locale)
        counts = Counter(result.status for result in self.results)
        listed = ", ".join(
            text[f"count.{status.value}"].format(n=counts[status])
            for status in STATUS_ORDER
            if counts[status]
        )
        follow_ups = _plural(text, len(self.results), "follow_up", "follow_ups")
        return text["total"].format(
            follow_ups=follow_ups, day=self.today.isoformat(), counts=listed
        )

    def _days(self, result: Result, text: Mapping[str, str], zone: ZoneInfo) -> str:
        """How the follow-up stands in days, for a person reading the table, in *text*'s words."""
        follow_up = result.follow_up
        if result.status is Status.MISSED:
            days = _plural(text, (self.today - follow_up.closes).days, "day", "days")
            return text["overdue"].format(days=days)
        if result.status is Status.DUE:
            left = (follow_up.closes - self.today).days
            if left == 0:
                return text["last_day"]
            return text["left"].format(days=_plural(text, left, "day", "days"))
        if result.status is Status.UPCOMING:
            days = _plural(text, (follow_up.opens - self.today).days, "day", "days")
            return text["opens_in"].format(days=days)
        if result.status is Status.MET and result.met_by:
            day = result.met_by[0].local_date(zone)
            return text["met_on"].format(day=day.isoformat())
        return ""


def _plural(text: Mapping[str, str], count: int, one: str, many: str) -> str:
    return text[one if count == 1 else many].format(n=count)


def check_report(
    programme: Programme,
    *,
    today: date,
    statuses: Iterable[Status | str] = DEFAULT_STATUSES,
    specialist: str | None = None,
) -> CheckReport:
    """
    The results of `check` on *today* with one of *statuses*, those that need action first.

    Args:
        programme: The records.
        today: The day on which to judge.
        statuses: The statuses to list (default: missed and due).
        specialist: Only the follow-ups that belong to the employment specialist with this
            id: those of participants they are responsible for on the deciding day, which is
            *today* for a window open today, the day it opens for one still to come, and the
            day it closed for one that has closed (see "Whose follow-up it is" in the rules).
            An id that is not in the programme lists nothing.
    """
    wanted = _statuses(statuses)
    results: list[Result] = []
    specialists: list[str | None] = []
    scope = programme
    if specialist is not None:
        # A follow-up's status depends on its own participant's records alone: check only
        # those who were ever given to the specialist.
        known = any(s.id == specialist for s in programme.specialists)
        scope = programme.for_participants(
            programme.assigned_participants(specialist) if known else ()
        )
    for result in results_with(scope, today=today, statuses=wanted):
        own = responsible_for(programme, result.follow_up, today)
        if specialist is None or own == specialist:
            results.append(result)
            specialists.append(own)
    # The sort is stable and `check` lists results by opens, participant, rule, seq and job,
    # so ties here keep that order.
    order = sorted(range(len(results)), key=lambda index: _order(results[index]))
    return CheckReport(
        today=today,
        statuses=wanted,
        results=tuple(results[index] for index in order),
        specialists=tuple(specialists[index] for index in order),
        timezone=programme.timezone,
    )


def _order(result: Result) -> tuple[int, date, str]:
    follow_up = result.follow_up
    return (_RANK[result.status], follow_up.closes, follow_up.participant_id)
