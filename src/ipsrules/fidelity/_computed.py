"""
Items computed from a programme's records for a review period, each with its evidence.

An item is scored here only where the records carry what its anchors measure; every other
item comes back not computable, with what a rater (or richer records) would need. Nothing is
guessed: a measure that rests on missing data is not computed.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from ipsrules._document import JSON
from ipsrules._grouping import by_participant
from ipsrules._local_days import LocalDays
from ipsrules._matching import Result, Status, check
from ipsrules._model import (
    ContactMode,
    Job,
    Participant,
    Party,
    Programme,
    Setting,
    Specialist,
    in_work_at_entry,
)
from ipsrules._period import Period
from ipsrules.exceptions import MissingExtraError, ScoreError, ValidationError
from ipsrules.fidelity._scale import SCALE, Item, check_scale, thresholds_from
from ipsrules.fidelity._views import item_result_html
from ipsrules.rules import IPS25, Rule, RuleSet

if TYPE_CHECKING:
    import pandas


def _counts(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _ids(value: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(value)


def _count_ids(value: tuple[str, ...]) -> str:
    """A short stand-in for a long list of ids in a repr (a notebook prints it)."""
    return f"<{len(value)} ids>"


@attrs.frozen
class Evidence:
    """
    How a computed item was counted, so that an auditor can check it by hand.

    Attributes:
        summary: How the measure was counted, in a sentence or two.
        counts: The figures behind the measure, by name (``"participants"``, ``"fte"``, ...).
        records: The ids of every record the measure rests on (participants, jobs, contacts
            or specialists, as the summary says), in a stable order.
    """

    summary: str
    counts: Mapping[str, float] = attrs.field(factory=dict, converter=_counts, hash=False)
    records: tuple[str, ...] = attrs.field(default=(), converter=_ids, repr=_count_ids)


class ResultStatus(StrEnum):
    """What the records made of an item."""

    SCORED = "scored"
    """Scored from the records."""
    NOT_COMPUTABLE = "not_computable"
    """The records lack what the item measures, or the item is judged by a rater."""
    NOT_ENOUGH_RECORDS = "not_enough_records"
    """Measured, but on too few records for the measure to mean anything (see `TooFew`)."""


@attrs.frozen
class TooFew:
    """
    Too few records for an item's measure to mean anything, so it is not scored from them.

    Attributes:
        count: How many records the measure rests on.
        needed: How many the scale (or the loaded scale file) asks for.
        of: What is counted, as a key: ``"jobs"``.
    """

    count: int
    needed: int
    of: str

    def to_dict(self) -> dict[str, JSON]:
        """``count``, ``needed`` and ``of`` as JSON-ready data."""
        return {"count": self.count, "needed": self.needed, "of": self.of}


@attrs.frozen
class ItemResult:
    """
    One item of the scale as far as the records can score it.

    Attributes:
        item: The item.
        score: Its score 1..5, or ``None`` when it cannot be computed from the records.
        measure: The measured figure, in *unit*, or ``None`` when not computed (and for
            time-unlimited follow-along scored 1 before any job reached four months). An
            item with too few records keeps its measure but has no score.
        unit: What the measure counts; empty when not computed.
        evidence: How it was counted (or, when not computable, why not).
        needs: What would be needed to score it when it is not computable: the data the
            records lack, or what a rater looks at for an item that is judged.
        too_few: How many records the measure rests on and how many the scale asks for,
            when they are too few (`ResultStatus.NOT_ENOUGH_RECORDS`); else ``None``.
    """

    item: Item
    score: int | None = attrs.field()
    measure: float | None
    unit: str
    evidence: Evidence
    needs: str | None = None
    too_few: TooFew | None = None

    @score.validator
    def _check_score(self, _field: attrs.Attribute[int | None], value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ScoreError(f"item {self.item.key!r}: a score is 1..5 or None, got {value!r}")
        if self.too_few is not None:
            raise ScoreError(f"item {self.item.key!r}: too few records to score, got {value!r}")

    @property
    def computable(self) -> bool:
        """Whether the records gave this item a score."""
        return self.score is not None

    @property
    def status(self) -> ResultStatus:
        """Scored, not computable, or measured on too few records to score."""
        if self.score is not None:
            return ResultStatus.SCORED
        if self.too_few is not None:
            return ResultStatus.NOT_ENOUGH_RECORDS
        return ResultStatus.NOT_COMPUTABLE

    def to_dict(self) -> dict[str, JSON]:
        """
        The result as JSON-ready data: ``number``, ``key``, ``status`` (a `ResultStatus`
        value), ``score``, ``measure``, ``unit``, ``evidence`` (``summary``, ``counts`` and
        ``records``), ``needs``, ``too_few`` (`TooFew.to_dict`) and ``thresholds_from`` (the
        scale file of the item's cut points, ``"built-in"``, or ``None`` for a judged item);
        ``None`` where there is nothing.
        """
        return {
            "number": self.item.number,
            "key": self.item.key,
            "status": self.status.value,
            "score": self.score,
            "measure": self.measure,
            "unit": self.unit,
            "evidence": {
                "summary": self.evidence.summary,
                "counts": dict(self.evidence.counts),
                "records": list(self.evidence.records),
            },
            "needs": self.needs,
            "too_few": None if self.too_few is None else self.too_few.to_dict(),
            "thresholds_from": thresholds_from(self.item),
        }

    def _repr_html_(self) -> str:
        return item_result_html(self)


ITEM_COLUMNS = (
    "number",
    "key",
    "status",
    "score",
    "measure",
    "unit",
    "evidence",
    "records",
    "needs",
)
"""The columns of `items_frame`: the item, what the records made of it, and the evidence."""


def items_frame(results: Iterable[ItemResult]) -> pandas.DataFrame:
    """
    The results of `compute_items` as a pandas DataFrame, one row per item in the order
    given, indexed by item ``number``.

    ``status`` is the `ResultStatus` value (``scored``, ``not_computable``,
    ``not_enough_records``); ``score`` is ``Int64`` and ``measure`` ``Float64`` (``<NA>``
    for an item the records cannot score); ``key``, ``unit``, ``evidence`` (the evidence's
    summary) and ``needs`` are ``string``; ``records`` is how many records the evidence
    names. Needs pandas (``pip install 'ipsrules[notebook]'``; `MissingExtraError` without
    it).
    """
    try:
        import pandas  # the optional extra, imported when asked for
    except ImportError as exc:
        raise MissingExtraError("pandas", "items_frame()", "notebook") from exc
    rows = [
        (
            result.item.number,
            result.item.key,
            result.status.value,
            result.score,
            result.measure,
            result.unit,
            result.evidence.summary,
            len(result.evidence.records),
            result.needs,
        )
        for result in results
    ]
    dtypes = (
        "int64",
        "string",
        "string",
        "Int64",
        "Float64",
        "string",
        "string",
        "int64",
        "string",
    )
    frame = pandas.DataFrame(
        {
            column: pandas.Series([row[place] for row in rows], dtype=dtype)
            for place, (column, dtype) in enumerate(zip(ITEM_COLUMNS, dtypes, strict=True))
        }
    )
    return frame.set_index("number")


# --- the period and its records ---------------------------------------------------------

_FOLLOW_ALONG_RULES = (Rule.PRE_START, Rule.START, Rule.WEEK, Rule.MONTH, Rule.JOB_END)
_SHOWN_IDS = 5  # how many offending ids a `needs` text names before "and N more"


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN_IDS])
    more = len(ids) - _SHOWN_IDS
    return shown + (f" and {more} more" if more > 0 else "")


def _share(part: float, whole: float) -> float:
    return 100.0 * part / whole


def exact(value: float) -> Fraction:
    """
    A full-time equivalent as the decimal it was written as: ``0.7`` is exactly 7/10.

    A float's shortest repr is the decimal a person typed (``repr(0.7) == "0.7"``), so
    sums of these fractions are the sums on paper: 0.7 + 0.2 + 0.1 is exactly 1 in any
    order, where the same floats add up to 0.9999999999999999 in one order and 1.0 in another.
    """
    return Fraction(repr(float(value)))


@attrs.frozen
class _ReviewScope:
    """What a review looks at: a programme's records over its period, indexed once for all."""

    programme: Programme
    period: Period
    rules: RuleSet
    # The face-to-face employer contacts, each its day in the programme's time zone and its
    # place in the programme's contact log, in the order of the log: only rapid job search
    # looks at days outside the period, and only at these. (A pair for every contact would
    # cost hundreds of megabytes on a county.)
    employer_meetings: tuple[tuple[date, int], ...]
    # The places in the log of the contacts whose day falls in the period, in order. The
    # items read the log's columns at these places; a `Contact` is made only to be named.
    in_period: Sequence[int]
    # Scheduled working hours a week by specialist, where the service gave them (item 24).
    scheduled_hours: Mapping[str, float]

    @property
    def weeks(self) -> float:
        return self.period.days / 7

    def jobs_in_period(self) -> list[Job]:
        return [job for job in self.programme.jobs if self.period.overlaps(job.start, job.end)]

    def on_caseload(self, participant: Participant) -> tuple[date, date] | None:
        """The first and last day of the period the participant was in the service, if any."""
        first = max(participant.enrolled_on, self.period.start)
        last = self.period.end
        if participant.discharged_on is not None:
            last = min(last, participant.discharged_on)
        return (first, last) if first <= last else None

    def days_in_post(self, specialist: Specialist) -> int:
        """The days of the period on which *specialist* was in post (started, not yet left)."""
        first, last = self.period.start, self.period.end
        if specialist.started_on is not None:
            first = max(first, specialist.started_on)
        if specialist.left_on is not None:
            last = min(last, specialist.left_on)
        return max(0, (last - first).days + 1)


def responsible_spans(
    programme: Programme, participant: Participant, first: date, last: date
) -> list[tuple[str | None, date, date]]:
    """
    The days from *first* to *last* (days the participant is on the caseload) as runs of
    ``(specialist, first day, last day)``, by the specialist responsible on each day as
    `Programme.responsible_specialist` says: the assigned specialist (from enrolment, then
    each handover) on the days they are in post, ``None`` on the days nobody is.
    """
    changes = [(participant.enrolled_on, participant.specialist_id)]
    changes += [(h.on, h.specialist_id) for h in programme.handovers_of(participant.id)]
    spans: list[tuple[str | None, date, date]] = []
    for index, (since, sid) in enumerate(changes):
        until = last if index + 1 == len(changes) else changes[index + 1][0] - _ONE_DAY
        start, end = max(since, first), min(until, last)
        if start > end:
            continue
        if sid is None:
            spans.append((None, start, end))
            continue
        specialist = programme.specialist(sid)
        on = max(start, specialist.started_on or start)
        off = min(end, specialist.left_on or end)
        if on > off:
            spans.append((None, start, end))
            continue
        if start < on:
            spans.append((None, start, on - _ONE_DAY))
        spans.append((sid, on, off))
        if off < end:
            spans.append((None, off + _ONE_DAY, end))
    return spans


def responsible_days(
    programme: Programme, participant: Participant, first: date, last: date
) -> dict[str | None, int]:
    """The days of `responsible_spans` counted by specialist (``None``: nobody responsible)."""
    days: dict[str | None, int] = {}
    for sid, start, end in responsible_spans(programme, participant, first, last):
        days[sid] = days.get(sid, 0) + (end - start).days + 1
    return days


def days_without_a_job(jobs: Sequence[Job], start: date, end: date) -> int:
    """The days from *start* to *end* on which none of *jobs* is held."""
    covered = 0
    cursor = start  # the first day not yet looked at
    for job in sorted(jobs, key=lambda j: j.start):
        job_start = max(job.start, cursor)
        job_end = end if job.end is None else min(job.end, end)
        if job_start <= job_end:
            covered += (job_end - job_start).days + 1
            cursor = job_end + _ONE_DAY
    return (end - start).days + 1 - covered


_ONE_DAY = timedelta(days=1)


def _not_computable(entry: Item, why: str, needs: str, records: Sequence[str] = ()) -> ItemResult:
    return ItemResult(
        item=entry,
        score=None,
        measure=None,
        unit="",
        evidence=Evidence(summary=why, counts={}, records=tuple(records)),
        needs=needs,
    )


def _scored(
    entry: Item,
    measure: float,
    summary: str,
    counts: Mapping[str, float],
    records: Sequence[str],
    *,
    count: int | None = None,
    exact_measure: Fraction | None = None,
) -> ItemResult:
    thresholds = entry.thresholds
    if thresholds is None:  # pragma: no cover - only items with thresholds come here
        raise ScoreError(f"item {entry.key!r} has no thresholds to score a measure")
    if thresholds.loaded_from is not None:
        unconfirmed = "" if thresholds.confirmed else ", marked there as not confirmed"
        summary += f" Cut points from {thresholds.loaded_from}{unconfirmed}."
    elif not thresholds.confirmed:
        summary += " The cut points of this item are recalled, not yet confirmed."
    return ItemResult(
        item=entry,
        score=thresholds.score_for(
            measure if exact_measure is None else exact_measure, count=count
        ),
        measure=measure,
        unit=thresholds.unit,
        evidence=Evidence(summary=summary, counts=counts, records=tuple(records)),
    )


def _no_specialists(entry: Item) -> ItemResult:
    return _not_computable(
        entry,
        "The programme lists no employment specialists.",
        "the programme's employment specialists (Specialist records, with their fte)",
    )


# --- staffing ---------------------------------------------------------------------------


def _caseload_size(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    active: list[str] = []
    participant_days = 0
    held: dict[str | None, int] = {}  # participant-days by responsible specialist
    for participant in scope.programme.participants:
        span = scope.on_caseload(participant)
        if span is not None:
            first, last = span
            active.append(participant.id)
            participant_days += (last - first).days + 1
            for sid, days in responsible_days(scope.programme, participant, first, last).items():
                held[sid] = held.get(sid, 0) + days
    if not active:
        return _not_computable(
            entry,
            "No participant was on the caseload during the period.",
            "participants enrolled on or before the end of the period and not discharged "
            "before its start",
        )
    # Full-time equivalents in post, day by day, summed exactly (see `exact`).
    in_post = {s.id: (s, scope.days_in_post(s)) for s in specialists if scope.days_in_post(s)}
    fte_days = sum((exact(s.fte) * days for s, days in in_post.values()), start=Fraction(0))
    if not fte_days:
        return _not_computable(
            entry,
            "No specialist was in post during the period.",
            "specialists in post during the period (Specialist.started_on and left_on)",
        )
    days = scope.period.days
    ratio = Fraction(participant_days) / fte_days
    measure = float(ratio)
    mean_active = participant_days / days
    mean_fte = fte_days / days
    nobody = held.get(None, 0)
    summary = (
        f"On an average day of the period {mean_active:.1f} participants were on the caseload "
        f"(enrolled and not yet discharged; the day of discharge counts), and "
        f"{float(mean_fte):g} full-time equivalents were in post ({len(in_post)} "
        f"specialists, each for the days between starting and leaving): {measure:.1f} per "
        "full-time specialist, from participant-days over full-time-equivalent days, summed "
        "exactly. Each specialist's own caseload per full-time equivalent, over the days in "
        "post, is in the counts (caseload:ID)"
        + (
            f"; on {nobody} participant-days nobody was responsible (no specialist assigned, "
            "or the assigned one not in post)."
            if nobody
            else "."
        )
        + " Records: the participants on the caseload."
    )
    counts: dict[str, float] = {
        "participants_on_caseload": len(active),
        "mean_participants_per_day": mean_active,
        "specialists": len(in_post),
        "full_time_equivalents": float(mean_fte),
        "days": days,
        "participant_days_without_responsible_specialist": nobody,
    }
    counts.update(
        {
            f"caseload:{sid}": float(Fraction(held.get(sid, 0)) / (exact(s.fte) * in_days))
            for sid, (s, in_days) in in_post.items()
        }
    )
    return _scored(entry, measure, summary, counts, active, exact_measure=ratio)


def _employment_services_staff(entry: Item, scope: _ReviewScope) -> ItemResult:
    if not scope.programme.specialists:
        return _no_specialists(entry)
    specialists = [s for s in scope.programme.specialists if scope.days_in_post(s)]
    if not specialists:
        return _not_computable(
            entry,
            "No specialist was in post during the period.",
            "specialists in post during the period (Specialist.started_on and left_on)",
        )
    unknown = [s.id for s in specialists if s.employment_share is None]
    if unknown:
        return _not_computable(
            entry,
            f"{len(unknown)} of {len(specialists)} specialists have no employment_share.",
            "each specialist's share of working time on employment services "
            f"(Specialist.employment_share; missing for {_listed(unknown)}), or a rater's "
            "score from schedules and interviews",
            unknown,
        )
    shares = {s.id: 100.0 * (s.employment_share or 0.0) for s in specialists}
    measure = sum(shares.values()) / len(shares)
    summary = (
        f"The share of working time on employment services recorded for each of the "
        f"{len(specialists)} specialists in post (Specialist.employment_share), averaged: "
        f"{measure:.0f}%. The records hold one share per specialist, not one per period. "
        "Specialists not in post in the period are left out. Records: the specialists."
    )
    counts: dict[str, float] = {"specialists": len(specialists)}
    counts.update({f"employment_share:{sid}": share for sid, share in shares.items()})
    return _scored(entry, measure, summary, counts, list(shares))


# --- services -----------------------------------------------------------------------------


def _rapid_job_search(entry: Item, scope: _ReviewScope) -> ItemResult:
    first_meeting: dict[str, date] = {}
    enrolled = {p.id: p.enrolled_on for p in scope.programme.participants}
    participant_of = scope.programme.contacts.column("participant_id")
    for day, row in scope.employer_meetings:
        pid = participant_of[row]
        if pid is None or day < enrolled[pid]:
            continue  # job development for nobody, or before entry: not this search's start
        known = first_meeting.get(pid)
        if known is None or day < known:
            first_meeting[pid] = day
    jobs_of = by_participant(scope.programme.jobs)
    period = scope.period

    met: list[str] = []  # first contact in the period: the wait is known
    waiting: list[str] = []  # on the caseload in the period with no contact yet: censored
    waits: dict[str, int] = {}
    for participant in scope.programme.participants:
        if in_work_at_entry(participant, jobs_of.get(participant.id, ())):
            continue  # no job search to time
        entry_day, left = participant.enrolled_on, participant.discharged_on
        if entry_day > period.end or (left is not None and left < period.start):
            continue  # not on the caseload in the period
        first = first_meeting.get(participant.id)
        if first is not None and first < period.start:
            continue  # the search started before the period: timed by an earlier review
        if first is not None and first <= period.end:
            met.append(participant.id)
            waits[participant.id] = (first - entry_day).days
        else:
            # Still waiting at the end of the period, or when they left: the time waited so
            # far, a lower bound of the wait.
            stop = period.end if left is None else min(left, period.end)
            waiting.append(participant.id)
            waits[participant.id] = (stop - entry_day).days
    if not waits:
        return _not_computable(
            entry,
            "No participant looking for work was on the caseload in the period without a "
            "first face-to-face employer contact before it.",
            "participants on the caseload in the period, not in work at entry, whose first "
            "face-to-face contact with an employer after entry (Contact with mode "
            "face_to_face and party employer) is in the period or has not happened yet",
        )
    counted = met + waiting
    measure = sum(waits.values()) / len(waits)
    summary = (
        f"{len(counted)} participants, averaged: {len(met)} whose first face-to-face employer "
        f"contact after entry fell in the period (days from entry to it), and "
        f"{len(waiting)} still waiting for one at the end of the period or when they left "
        f"(the days waited so far, so the mean, {measure:.1f} days, is at least the true "
        f"mean; longest {max(waits.values())}). Participants in work at entry, and those "
        "whose first contact came before the period, are left out. Records: the participants "
        "with a first contact, then those still waiting."
    )
    counts: dict[str, float] = {
        "participants": len(counted),
        "mean_days": measure,
        "longest_days": max(waits.values()),
        "first_contact_in_period": len(met),
        "still_waiting": len(waiting),
    }
    if met:
        counts["mean_days_first_contact"] = sum(waits[p] for p in met) / len(met)
    if waiting:
        counts["mean_days_waited_so_far"] = sum(waits[p] for p in waiting) / len(waiting)
    return _scored(entry, measure, summary, counts, counted)


_FEW_JOB_SEEKERS = 3  # the scale's exception for small caseloads: "fewer than 3 looking"


def _job_seekers(scope: _ReviewScope, in_post: Mapping[str, Specialist]) -> dict[str, float]:
    """
    Each specialist's job seekers on an average day in post: the participants they were
    responsible for, on the caseload and in no job that day.
    """
    jobs_of = by_participant(scope.programme.jobs)
    seeker_days = dict.fromkeys(in_post, 0)
    for participant in scope.programme.participants:
        span = scope.on_caseload(participant)
        if span is None:
            continue
        jobs = jobs_of.get(participant.id, ())
        for sid, start, end in responsible_spans(scope.programme, participant, *span):
            if sid in seeker_days:
                seeker_days[sid] += days_without_a_job(jobs, start, end)
    return {
        sid: seeker_days[sid] / scope.days_in_post(specialist)
        for sid, specialist in in_post.items()
    }


def _job_development_frequency(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    in_period = scope.in_period
    if not in_period:
        return _not_computable(
            entry,
            "The contact log has no contact in the period.",
            "the contact log of the period, with face-to-face employer contacts",
        )
    # Client-specific and generic contacts alike: the scale counts both. Each meeting is its
    # day and its place in the log, whose columns give its fields.
    log, period = scope.programme.contacts, scope.period
    participant_of, at_of = log.column("participant_id"), log.column("at")
    specialist_of, id_of = log.column("specialist_id"), log.column("id")
    meetings = [(day, row) for day, row in scope.employer_meetings if day in period]
    unattributed = [row for _, row in meetings if specialist_of[row] is None]
    if unattributed:
        ids = [id_of[row] or f"{participant_of[row]}@{at_of[row]}" for row in unattributed]
        return _not_computable(
            entry,
            f"{len(unattributed)} of {len(meetings)} face-to-face employer contacts in the "
            "period name no specialist, so the rate per specialist cannot be counted.",
            f"specialist_id on every face-to-face employer contact ({_listed(ids)})",
            ids,
        )
    in_post = {s.id: s for s in specialists if scope.days_in_post(s)}
    if not in_post:
        return _not_computable(
            entry,
            "No specialist was in post during the period.",
            "specialists in post during the period (Specialist.started_on and left_on)",
        )
    by_specialist = dict.fromkeys(in_post, 0)
    counted: list[int] = []
    outside: list[int] = []  # on a day its specialist was not in post: a records error
    for day, row in meetings:
        specialist = in_post.get(specialist_of[row] or "")
        if specialist is None or not specialist.in_post(day):
            outside.append(row)
            continue
        by_specialist[specialist.id] += 1
        counted.append(row)
    generic = sum(1 for row in counted if participant_of[row] is None)
    seekers = _job_seekers(scope, in_post)
    small = [sid for sid, mean in seekers.items() if mean < _FEW_JOB_SEEKERS]
    # Per specialist, per week in post: the scale's words ("per employment specialist per
    # week"), not per full-time equivalent. The per-FTE rate is kept in the evidence.
    rates = {
        sid: by_specialist[sid] * 7 / scope.days_in_post(specialist)
        for sid, specialist in in_post.items()
    }
    measure = sum(rates.values()) / len(rates)
    summary = (
        f"{len(counted)} face-to-face employer contacts in the period ({generic} of them "
        f"generic, for no one participant) by {len(in_post)} specialists in post. Each "
        f"specialist's contacts a week in post, averaged over the specialists: "
        f"{measure:.2f} (per specialist, as the scale counts, whatever the specialist's "
        "full-time equivalent)."
    )
    if outside:
        ids = [id_of[row] or f"{specialist_of[row]}@{at_of[row]}" for row in outside]
        summary += (
            f" {len(outside)} more are left out: their specialist was not in post that day "
            f"(started_on and left_on; {_listed(ids)})."
        )
    if small:
        summary += (
            f" Fewer than {_FEW_JOB_SEEKERS} job seekers on average (responsible for, on the "
            f"caseload, in no job): {', '.join(small)}. The scale's exception for them (the "
            "top score also at twice the number of job seekers) is recalled, not confirmed, "
            "so it is not applied: a rater may (job_seekers:ID in the counts)."
        )
    summary += (
        " Whether a supervisor reviews a tracking form, which the anchors also ask, is for "
        "a rater. Records: the contacts counted (those with an id)."
    )
    counts: dict[str, float] = {
        "employer_contacts": len(counted),
        "generic_employer_contacts": generic,
        "employer_contacts_outside_post": len(outside),
        "specialists": len(in_post),
        "weeks": scope.weeks,
    }
    counts.update({f"per_week:{sid}": rate for sid, rate in rates.items()})
    counts.update({f"per_fte_week:{sid}": rate / in_post[sid].fte for sid, rate in rates.items()})
    counts.update({f"job_seekers:{sid}": mean for sid, mean in seekers.items()})
    records = [id_of[row] for row in counted if id_of[row] is not None]
    return _scored(entry, measure, summary, counts, records)


def _too_few_jobs(entry: Item, jobs: Sequence[Job]) -> int | None:
    """The least number of jobs the item's thresholds ask for, when *jobs* are fewer."""
    minimum = entry.thresholds.minimum_count if entry.thresholds else None
    return minimum if minimum is not None and len(jobs) < minimum else None


def _not_enough_jobs(
    entry: Item,
    jobs: Sequence[Job],
    needed: int,
    measure: float,
    summary: str,
    counts: Mapping[str, float],
) -> ItemResult:
    thresholds = entry.thresholds
    return ItemResult(
        item=entry,
        score=None,
        measure=measure,
        unit=thresholds.unit if thresholds else "",
        evidence=Evidence(
            summary=summary
            + f" Not enough records: {len(jobs)} jobs, and the scale asks for at least "
            f"{needed}, so the records do not score this item. Records: the jobs.",
            counts=counts,
            records=tuple(job.id for job in jobs),
        ),
        needs=f"at least {needed} jobs held in the period ({len(jobs)} were), or a rater's score",
        too_few=TooFew(count=len(jobs), needed=needed, of="jobs"),
    )


def _normalised(value: str) -> str:
    return " ".join(value.split()).casefold()


def _distinct_share(
    entry: Item, scope: _ReviewScope, field: str, what: str, share_of: str
) -> ItemResult:
    jobs = scope.jobs_in_period()
    if not jobs:
        return _not_computable(
            entry, "No job was held during the period.", "jobs held during the period"
        )
    missing = [job.id for job in jobs if getattr(job, field) is None]
    if missing:
        return _not_computable(
            entry,
            f"{len(missing)} of {len(jobs)} jobs held during the period have no {field}.",
            f"{field} on every job held during the period ({_listed(missing)})",
            missing,
        )
    per_value: dict[str, int] = {}
    for job in jobs:
        value = _normalised(str(getattr(job, field)))
        per_value[value] = per_value.get(value, 0) + 1
    repeats = len(jobs) - len(per_value)
    measure = _share(len(per_value), len(jobs))
    largest = max(per_value.values())
    summary = (
        f"{len(jobs)} jobs were held at some time in the period, {repeats} of them with the "
        f"same {what} as a job counted before (compared without regard to case or spacing), "
        f"so {measure:.0f}% of jobs are {share_of}. The most common one has {largest} of the "
        f"jobs ({_share(largest, len(jobs)):.0f}%)."
    )
    counts: dict[str, float] = {
        "jobs": len(jobs),
        f"distinct_{field}s": len(per_value),
        f"jobs_with_a_repeated_{field}": repeats,
        f"largest_{field}_share": _share(largest, len(jobs)),
    }
    needed = _too_few_jobs(entry, jobs)
    if needed is not None:
        return _not_enough_jobs(entry, jobs, needed, measure, summary, counts)
    summary += " Records: the jobs."
    return _scored(entry, measure, summary, counts, [job.id for job in jobs])


def _job_type_diversity(entry: Item, scope: _ReviewScope) -> ItemResult:
    return _distinct_share(entry, scope, "job_type", "type", "of different types")


def _employer_diversity(entry: Item, scope: _ReviewScope) -> ItemResult:
    return _distinct_share(entry, scope, "employer", "employer", "with different employers")


def _competitive_jobs(entry: Item, scope: _ReviewScope) -> ItemResult:
    jobs = scope.jobs_in_period()
    if not jobs:
        return _not_computable(
            entry, "No job was held during the period.", "jobs held during the period"
        )
    competitive = sum(1 for job in jobs if job.competitive)
    measure = _share(competitive, len(jobs))
    summary = (
        f"{competitive} of the {len(jobs)} jobs held at some time in the period are "
        f"competitive: {measure:.0f}%."
    )
    counts = {"jobs": len(jobs), "competitive_jobs": competitive}
    needed = _too_few_jobs(entry, jobs)
    if needed is not None:
        return _not_enough_jobs(entry, jobs, needed, measure, summary, counts)
    summary += " Records: the jobs."
    return _scored(entry, measure, summary, counts, [job.id for job in jobs], count=len(jobs))


_HALF = 50.0  # "at least half": the one proportion the follow-along anchors themselves give


def _time_unlimited_follow_along(entry: Item, scope: _ReviewScope) -> ItemResult:
    results = check(scope.programme, today=scope.period.end, rules=scope.rules)
    decided = [
        result
        for result in results
        if result.follow_up.rule in _FOLLOW_ALONG_RULES
        and result.follow_up.closes in scope.period
        and result.status in (Status.MET, Status.MISSED)
    ]
    if not decided:
        return _not_computable(
            entry,
            "No follow-along follow-up (pre_start, start, week, month, job_end) closed in "
            "the period.",
            "jobs whose follow-along windows close in the period, and the contact log",
        )
    met = dict.fromkeys(_FOLLOW_ALONG_RULES, 0)
    total = dict.fromkeys(_FOLLOW_ALONG_RULES, 0)
    for result in decided:
        total[result.follow_up.rule] += 1
        met[result.follow_up.rule] += result.status is Status.MET

    # Jobs whose fourth month in work ends in the period: was the participant met face to
    # face in each of those four months (a week follow-up, then months 2, 3 and 4)?
    by_job: dict[str, dict[tuple[Rule, int], Result]] = {}
    for result in results:
        follow_up = result.follow_up
        if follow_up.job_id is not None and follow_up.rule in (Rule.WEEK, Rule.MONTH):
            by_job.setdefault(follow_up.job_id, {})[follow_up.rule, follow_up.seq] = result
    four_months: list[str] = []
    sustained = 0
    for job_id, windows in by_job.items():
        last = windows.get((Rule.MONTH, 4))
        if last is None or last.follow_up.closes not in scope.period:
            continue
        months = [windows.get((Rule.MONTH, seq)) for seq in (2, 3, 4)]
        weeks = [r for (rule, _), r in windows.items() if rule is Rule.WEEK]
        needed = [*months, *weeks]
        if not weeks or any(r is None or r.status is Status.WAIVED for r in needed):
            continue  # reported late, or not followed for four months: not judged here
        four_months.append(job_id)
        if all(r is not None and r.status is Status.MET for r in months) and any(
            r.status is Status.MET for r in weeks
        ):
            sustained += 1

    counts: dict[str, float] = {}
    for rule in _FOLLOW_ALONG_RULES:
        counts[f"{rule.value}_met"] = met[rule]
        counts[f"{rule.value}_decided"] = total[rule]
    counts["jobs_followed_four_months"] = len(four_months)
    counts["jobs_met_each_of_four_months"] = sustained
    records = [result.follow_up.id for result in decided] + four_months

    def shares() -> str:
        return "; ".join(
            f"{rule.value} {met[rule]} of {total[rule]}" for rule in _FOLLOW_ALONG_RULES
        )

    if total[Rule.MONTH] and not met[Rule.MONTH]:
        score = 1
        measure = 0.0 if four_months else None
    elif not four_months:
        return _not_computable(
            entry,
            f"Follow-ups met in the period: {shares()}; but no job reached the end of its "
            "fourth month in work during the period.",
            "jobs whose fourth month in work ends in the period (not reported late, not "
            "ended or declined before)",
            records,
        )
    else:
        measure = _share(sustained, len(four_months))

        def in_place(rule: Rule) -> bool:
            return total[rule] == 0 or _share(met[rule], total[rule]) >= _HALF

        if measure < _HALF:
            score = 2
        elif not (in_place(Rule.WEEK) and in_place(Rule.MONTH)):
            score = 3
        elif not all(in_place(rule) for rule in (Rule.PRE_START, Rule.START, Rule.JOB_END)):
            score = 4
        else:
            score = 5
    summary = (
        f"From ipsrules.check() on the last day of the period, the follow-along follow-ups "
        f"that closed in it: {shares()} met. Of {len(four_months)} jobs whose fourth month "
        f"in work ended in the period, {sustained} had a face-to-face meeting in each of "
        "the four months. Reading of the anchors: 1 when no month follow-up was met; 2 when "
        "fewer than half of those jobs were met for four months; 3 when at least half were, "
        "but week or month follow-ups were met less than half the time; 4 when those were "
        "met but pre-start, start or job-end contacts were met less than half the time; 5 "
        "otherwise. The planned step-down to the treatment team is not in the records; a "
        "rater checks it. Records: the follow-ups counted, then the jobs followed for four "
        "months."
    )
    return ItemResult(
        item=entry,
        score=score,
        measure=measure,
        unit="% of jobs met face to face in each of their first four months",
        evidence=Evidence(summary=summary, counts=counts, records=records),
    )


def _community_based_services(entry: Item, scope: _ReviewScope) -> ItemResult:
    specialists = scope.programme.specialists
    if not specialists:
        return _no_specialists(entry)
    in_period = scope.in_period
    log = scope.programme.contacts
    specialist_of, minutes_of = log.column("specialist_id"), log.column("minutes")
    setting_of, id_of = log.column("setting"), log.column("id")
    # (specialist, minutes, in the community, id) of every contact that has the first three
    timed = [
        (specialist_of[row], minutes_of[row], setting_of[row] is Setting.COMMUNITY, id_of[row])
        for row in in_period
        if setting_of[row] is not None
        and minutes_of[row] is not None
        and specialist_of[row] is not None
    ]
    untimed = len(in_period) - len(timed)
    community: dict[str, int] = {}
    minutes: dict[str, int] = {}
    for sid, length, outside, _ in timed:
        minutes[sid] = minutes.get(sid, 0) + length
        if outside:
            community[sid] = community.get(sid, 0) + length
    # The denominator of each specialist: scheduled working time in post where the service
    # gave it (the scale's measure), else the logged contact time (a stand-in).
    scheduled: dict[str, float] = {}
    for specialist in specialists:
        hours = scope.scheduled_hours.get(specialist.id)
        days = scope.days_in_post(specialist)
        if hours is not None and days:
            scheduled[specialist.id] = hours * 60 * days / 7
    logged = [
        s.id
        for s in specialists
        if s.id not in scheduled and minutes.get(s.id) and scope.days_in_post(s)
    ]
    rated = [s.id for s in specialists if s.id in scheduled or s.id in logged]
    if not rated:
        return _not_computable(
            entry,
            f"None of the {len(in_period)} contacts in the period has a setting, minutes "
            "and a specialist, and no specialist's scheduled hours were given.",
            "each specialist's scheduled working hours a week (compute_items("
            "scheduled_hours=...)), or contacts in the period with setting, minutes and "
            "specialist_id",
        )
    shares = {
        sid: _share(community.get(sid, 0), scheduled[sid] if sid in scheduled else minutes[sid])
        for sid in rated
    }
    measure = sum(shares.values()) / len(shares)
    parts = []
    if scheduled:
        parts.append(f"of scheduled working time in post for {len(scheduled)} specialists")
    if logged:
        parts.append(
            f"of logged contact time for {len(logged)} specialists without scheduled hours "
            "(standing in for them)"
        )
    summary = (
        f"Each specialist's share of working time in the community (contacts with setting "
        f"community, in minutes), averaged over {len(rated)} specialists: {measure:.0f}%. "
        f"The share is {' and '.join(parts)}. {untimed} contacts without setting, minutes "
        "or specialist are left out. Records: the contacts counted (those with an id)."
    )
    counts: dict[str, float] = {
        "contacts_timed": len(timed),
        "contacts_left_out": untimed,
        "minutes": sum(minutes.values()),
        "community_minutes": sum(community.values()),
        "specialists_rated": len(rated),
        "specialists_on_scheduled_hours": len(scheduled),
        "specialists_on_contact_time": len(logged),
    }
    counts.update({f"community_share:{sid}": share for sid, share in shares.items()})
    counts.update({f"scheduled_minutes:{sid}": value for sid, value in scheduled.items()})
    records = [cid for *_, cid in timed if cid is not None]
    return _scored(entry, measure, summary, counts, records)


# --- the judged items ----------------------------------------------------------------------

_RATER_LOOKS_AT: Mapping[str, str] = {
    "vocational_generalists": "which of the six phases each specialist carries out, from "
    "interviews and case records",
    "team_assignment": "which treatment teams each specialist belongs to and the share of "
    "the caseload they supply, from team rosters and interviews",
    "team_contact": "the five signs of frequent team contact, from observing a team meeting, "
    "the shared record and interviews",
    "vr_collaboration": "how often specialists and vocational rehabilitation counsellors meet "
    "and talk about shared participants, from logs and interviews",
    "vocational_unit": "whether specialists form a unit with group supervision and cover, "
    "from observing unit supervision and interviews",
    "supervisor_role": "the five parts of the supervisor's role, from interviews with the "
    "supervisor and specialists and field-mentoring logs",
    "zero_exclusion": "referral and eligibility practice, from policies, referral records and "
    "interviews",
    "agency_focus": "the five signs of an agency focus on work, from intake forms, care plans, "
    "displays and outcome reports",
    "executive_support": "the five signs of leadership support, from interviews with the "
    "agency's leaders and steering-group minutes",
    "work_incentives_planning": "how benefits planning is offered and by whom, from "
    "interviews and case records",
    "disclosure": "the four signs of good help with disclosure, from interviews with "
    "specialists and participants",
    "work_based_assessment": "vocational profiles and how they are kept up to date, from case "
    "records",
    "individualized_job_search": "the share of employer contacts based on the participant's "
    "preferences, from job search plans and employer-contact logs",
    "job_development_quality": "how specialists approach employers, from observing job "
    "development in the field and interviews",
    "individualized_follow_along": "the range and sources of in-work support, from case "
    "records and interviews",
    "assertive_engagement": "the six outreach strategies, from policies, outreach records and "
    "interviews",
}


def _judged(entry: Item) -> ItemResult:
    return _not_computable(
        entry,
        "Judged by a rater: the records do not carry what this item's anchors ask.",
        "a rater's score; a rater looks at " + _RATER_LOOKS_AT[entry.key],
    )


_COMPUTED: Mapping[str, Callable[[Item, _ReviewScope], ItemResult]] = {
    "caseload_size": _caseload_size,
    "employment_services_staff": _employment_services_staff,
    "rapid_job_search": _rapid_job_search,
    "job_development_frequency": _job_development_frequency,
    "job_type_diversity": _job_type_diversity,
    "employer_diversity": _employer_diversity,
    "competitive_jobs": _competitive_jobs,
    "time_unlimited_follow_along": _time_unlimited_follow_along,
    "community_based_services": _community_based_services,
}

COMPUTED_KEYS = tuple(key for key in (entry.key for entry in SCALE) if key in _COMPUTED)
"""The keys of the items that `compute_items` can score from records, in scale order."""


def _plain_day(name: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError("review period", name, f"expected a date, got {value!r}")
    return value


def _checked_hours(programme: Programme, value: object) -> Mapping[str, float]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise ValidationError(
            "compute_items", "scheduled_hours", f"expected a mapping, got {value!r:.80}"
        )
    known = {s.id for s in programme.specialists}
    hours: dict[str, float] = {}
    for sid, amount in value.items():
        if sid not in known:
            raise ValidationError(
                "scheduled_hours", str(sid), "the programme has no specialist with this id"
            )
        if (
            isinstance(amount, bool)
            or not isinstance(amount, int | float)
            or not 0 < amount <= _HOURS_IN_A_WEEK
        ):
            raise ValidationError(
                "scheduled_hours",
                str(sid),
                f"hours a week are a number more than 0 and at most {_HOURS_IN_A_WEEK}, "
                f"got {amount!r}",
            )
        hours[sid] = float(amount)
    return MappingProxyType(hours)


_HOURS_IN_A_WEEK = 168


def compute_items(
    programme: Programme,
    *,
    start: date,
    end: date,
    rules: RuleSet = IPS25,
    scale: Sequence[Item] = SCALE,
    scheduled_hours: Mapping[str, float] | None = None,
) -> tuple[ItemResult, ...]:
    """
    Every item of the scale, scored from *programme*'s records where they allow it.

    Returns one `ItemResult` per item, in the order of the scale. The items of
    `COMPUTED_KEYS` are scored from the records of the period *start* to *end* (both days
    included) when the records carry what they need; every other result is not computable
    and says in `ItemResult.needs` what would be needed, or what a rater looks at.

    Args:
        programme: The records.
        start: The first day of the review period.
        end: The last day of the review period; follow-ups are checked as on this day.
        rules: The follow-up rules, for time-unlimited follow-along.
        scale: The items with the cut points to score by: `SCALE`, or a scale read from a
            file by `load_scale`.
        scheduled_hours: Each specialist's scheduled working hours a week (for example
            ``{"ES1": 40, "ES2": 20}``), where the service has them: community-based
            services (item 24) is then the share of those hours spent in the community, as
            the scale measures it. A specialist left out is measured against logged
            contact time instead.

    Raises:
        ipsrules.ValidationError: *start* or *end* is not a date, or *end* is before
            *start*; *scheduled_hours* names a specialist the programme does not have, or
            gives hours that are not more than 0 and at most 168.
        ScoreError: *scale* is not the 25 items of the scale in order.
    """
    start = _plain_day("start", start)
    end = _plain_day("end", end)
    if end < start:
        raise ValidationError("review period", "end", f"{end} is before start {start}")
    items = check_scale(scale)
    hours = _checked_hours(programme, scheduled_hours)
    # One pass over the log's columns, making no contact: the items read the columns at
    # the places of the period's contacts and of the face-to-face employer contacts.
    log = programme.contacts
    modes, parties = log.column("mode"), log.column("party")
    employer_meetings: list[tuple[date, int]] = []
    in_period = array("L")
    for row, day in enumerate(LocalDays(programme.zone).of_each(log.column("at"))):
        if start <= day <= end:
            in_period.append(row)
        if modes[row] is ContactMode.FACE_TO_FACE and parties[row] is Party.EMPLOYER:
            employer_meetings.append((day, row))
    scope = _ReviewScope(
        programme=programme,
        period=Period(start, end),
        rules=rules,
        employer_meetings=tuple(employer_meetings),
        in_period=in_period,
        scheduled_hours=hours,
    )
    return tuple(
        _COMPUTED[entry.key](entry, scope) if entry.key in _COMPUTED else _judged(entry)
        for entry in items
    )
