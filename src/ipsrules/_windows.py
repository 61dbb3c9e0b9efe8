"""
Follow-ups: the windows in which a contact is needed, computed from the records.

This module knows the calendar arithmetic of the rules and the cut-offs that
drop or waive windows; it knows nothing of contacts (see `_matching`).
"""

from __future__ import annotations

import calendar
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from operator import attrgetter
from typing import TypeVar
from urllib.parse import quote

import attrs

from ._model import Job, Participant, Programme
from .rules import IPS25, Rule, RuleSet


@attrs.frozen
class FollowUp:
    """
    A window of days in which a participant needs a contact of a given kind.

    Attributes:
        id: Stable across runs and machines; see `follow_up_id`.
        participant_id: Whose follow-up it is.
        job_id: The job it follows, or ``None`` for a rule of the participant's entry.
        rule: Which rule asks for it.
        seq: The week or month number for ``week`` and ``month``; 1 otherwise.
        opens: The first day of the window.
        closes: The last day of the window (inclusive).
        waived: The job was reported after the window closed, so it can never be missed.
    """

    id: str
    participant_id: str
    job_id: str | None
    rule: Rule
    seq: int
    opens: date
    closes: date
    waived: bool = False

    def __contains__(self, day: date) -> bool:
        """Whether *day* falls inside the window."""
        return self.opens <= day <= self.closes


def follow_up_id(
    programme_id: str, participant_id: str, job_id: str | None, rule: Rule, seq: int
) -> str:
    """
    The stable id of a follow-up: its key parts, percent-encoded and joined by ``:``.

    It depends on nothing but these parts, so an unrelated record never changes it.
    For example ``"sthlm:P%3A7:J1:week:2"`` (the ``:`` inside ``P:7`` is escaped); an
    entry rule leaves the job part empty.
    """
    return _id_with(_id_prefix(programme_id, participant_id, job_id), rule, seq)


def _id_prefix(programme_id: str, participant_id: str, job_id: str | None) -> str:
    """The part of a follow-up id that all follow-ups of one job (or entry) share."""
    parts = (programme_id, participant_id, job_id or "")
    return "".join(_quoted(part) + ":" for part in parts)


# The characters that `quote(part, safe="")` leaves as they are: most ids are made of them.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(part: str) -> str:
    """*part* percent-encoded for an id, as `urllib.parse.quote` with no safe characters."""
    return part if _UNRESERVED.fullmatch(part) else quote(part, safe="")


def _id_with(prefix: str, rule: Rule, seq: int) -> str:
    """A follow-up id from its shared prefix; rule values and numbers need no quoting."""
    return f"{prefix}{rule.value}:{seq}"


def add_months(day: date, months: int) -> date:
    """
    *day* plus a number of calendar months, clamped to the end of a shorter month.

    The same as ``day + dateutil.relativedelta(months=months)``: 31 January + 1 month is
    28 February (29 in a leap year).
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_ONE_DAY = timedelta(days=1)
_RULE_ORDER = {rule: position for position, rule in enumerate(Rule)}
_FIXED_RULES = (Rule.PRE_START, Rule.START, Rule.WEEK)


class _Plan:
    """
    A rule set's windows worked out once, as offsets from a job's start and id suffixes.

    `follow_ups` meets the same rule set for every job: the offsets, the id suffixes and
    the switches are the same each time, so they are computed here and not per job.
    """

    def __init__(self, rules: RuleSet) -> None:
        enabled = rules.enabled
        # (rule, seq, id suffix, opens - start, closes - start) of the windows a fixed number
        # of days from the start, in the order of `Rule` and then seq.
        fixed: list[tuple[Rule, int, str, timedelta, timedelta]] = []
        if Rule.PRE_START in enabled:
            before = timedelta(days=rules.pre_start_days)
            fixed.append((Rule.PRE_START, 1, "pre_start:1", -before, -_ONE_DAY))
        if Rule.START in enabled:
            fixed.append(
                (Rule.START, 1, "start:1", timedelta(0), timedelta(days=rules.start_days - 1))
            )
        if Rule.WEEK in enabled:
            for week in range(1, rules.weeks + 1):
                opens = timedelta(days=7 * (week - 1))
                fixed.append((Rule.WEEK, week, f"week:{week}", opens, opens + timedelta(days=6)))
        self.fixed = tuple(fixed)
        self.months = rules.follow_along_months
        self.month = Rule.MONTH in enabled
        self.month_suffixes = tuple(f"month:{month}" for month in range(self.months + 1))
        self.job_end = Rule.JOB_END in enabled
        self.job_end_length = timedelta(days=rules.job_end_days - 1)
        self.review = Rule.TRANSITION_REVIEW in enabled
        self.review_length = timedelta(days=rules.transition_review_days - 1)
        self.entry = Rule.FIRST_EMPLOYER_CONTACT in enabled
        self.entry_length = timedelta(days=rules.first_employer_contact_days - 1)
        self.entry_suffix = _id_with("", Rule.FIRST_EMPLOYER_CONTACT, 1)
        # M(1) .. M(n) of each start day seen so far: many jobs start on the same day.
        self.month_starts: dict[date, list[date]] = {}

    def month_starts_of(self, start: date) -> list[date]:
        """``[start + 1 month, ..., start + n months]``, clamped as `add_months` does."""
        found = self.month_starts.get(start)
        if found is None:
            found = [add_months(start, k) for k in range(1, self.months + 1)]
            self.month_starts[start] = found
        return found


def _job_follow_ups(
    participant_prefix: str, participant: Participant, job: Job, plan: _Plan, found: list[FollowUp]
) -> None:
    """
    Append the follow-ups of one job to *found*, with the spec's cut-offs applied in order.

    The cut-offs, as in :doc:`/rules`: 1. nothing opens after the job has ended, except
    the job_end contact itself; 2. nothing opens after discharge or after follow-along was
    declined; 3. a late report waives what had closed and shortens what was open.
    """
    start = job.start
    end = job.end
    participant_id = participant.id
    job_id = job.id
    # Cut-off 2 (the job_end window obeys only this one), then 1 and 2 together.
    last_open = participant.discharged_on
    declined = job.follow_along_declined_on
    if declined is not None and (last_open is None or declined < last_open):
        last_open = declined
    cut = last_open
    if end is not None and (cut is None or end < cut):
        cut = end
    reported = job.reported_on
    prefix = participant_prefix + _quoted(job_id) + ":"
    append = found.append

    def add(rule: Rule, seq: int, suffix: str, opens: date, closes: date) -> None:
        waived = False
        if reported is not None:
            if closes < reported:
                waived = True
            elif opens < reported:
                opens = reported
        append(FollowUp(prefix + suffix, participant_id, job_id, rule, seq, opens, closes, waived))

    for rule, seq, suffix, to_open, to_close in plan.fixed:
        opens = start + to_open
        if cut is None or opens <= cut:
            add(rule, seq, suffix, opens, start + to_close)
    month_starts = plan.month_starts_of(start) if plan.month or plan.review else []
    if plan.month:
        # Month k runs from M(k-1) to M(k)-1; the first month is covered by the weeks.
        suffixes = plan.month_suffixes
        for month in range(2, plan.months + 1):
            opens = month_starts[month - 2]
            if cut is not None and opens > cut:
                break  # the months open in order: none after this one opens in time either
            add(Rule.MONTH, month, suffixes[month], opens, month_starts[month - 1] - _ONE_DAY)
    learnt = job.end_known_on if job.end_known_on is not None else end
    if plan.job_end and learnt is not None and (last_open is None or learnt <= last_open):
        add(Rule.JOB_END, 1, "job_end:1", learnt, learnt + plan.job_end_length)
    if plan.review:
        review = month_starts[-1]
        if cut is None or review <= cut:
            add(
                Rule.TRANSITION_REVIEW,
                1,
                "transition_review:1",
                review,
                review + plan.review_length,
            )


def _within_participant(follow_up: FollowUp) -> tuple[int, int, str]:
    return _RULE_ORDER[follow_up.rule], follow_up.seq, follow_up.job_id or ""


def _by_participant(
    programme: Programme, rules: RuleSet
) -> Iterator[tuple[Participant, list[FollowUp]]]:
    """
    Each participant, in order of id, with their follow-ups in order of rule, seq and job.

    `follow_ups` sorts by (opens, participant, rule, seq, job): with the participants and
    each one's follow-ups already in that order, a stable grouping by the opening day is
    the whole sort (see `_by_opening_day`).
    """
    plan = _Plan(rules)
    jobs_of: dict[str, list[Job]] = {}
    for job in programme.jobs:
        jobs = jobs_of.get(job.participant_id)
        if jobs is None:
            jobs_of[job.participant_id] = [job]
        else:
            jobs.append(job)
    programme_prefix = _quoted(programme.id) + ":"
    for participant in sorted(programme.participants, key=attrgetter("id")):
        found: list[FollowUp] = []
        participant_prefix = programme_prefix + _quoted(participant.id) + ":"
        jobs = jobs_of.get(participant.id, [])
        for job in jobs:
            _job_follow_ups(participant_prefix, participant, job, plan, found)
        entry = participant.enrolled_on
        if plan.entry and not any(job.held_on(entry) for job in jobs):
            found.append(
                FollowUp(
                    participant_prefix + ":" + plan.entry_suffix,
                    participant.id,
                    None,
                    Rule.FIRST_EMPLOYER_CONTACT,
                    1,
                    entry,
                    entry + plan.entry_length,
                )
            )
        if len(jobs) > 1:
            # One job's windows come out in order of rule and seq; several must be merged.
            found.sort(key=_within_participant)
        yield participant, found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """
    Pause Python's cycle collector while follow-ups and results are made, then restore it.

    Making a hundred thousand small records sets the collector off again and again, and
    each time it walks every record of the programme: on a large programme that is most of
    the time spent. These records hold no cycles, so reference counting frees them as
    always; the collector is switched back on (if it was on) however the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_Item = TypeVar("_Item")


def _by_opening_day(by_day: dict[date, list[_Item]], until: date | None) -> list[_Item]:
    """The lists of *by_day* joined in order of day, leaving out days after *until*."""
    ordered: list[_Item] = []
    for day in sorted(by_day):
        if until is not None and day > until:
            break
        ordered.extend(by_day[day])
    return ordered


def follow_ups(
    programme: Programme, *, until: date | None = None, rules: RuleSet = IPS25
) -> list[FollowUp]:
    """
    Every follow-up that the rules ask of *programme*'s records.

    Args:
        programme: The records.
        until: Leave out follow-ups whose window opens after this day.
        rules: The rule set to apply.

    Returns:
        The follow-ups sorted by the day they open, then participant, rule (in the order of
        `Rule`), sequence number and job.
    """
    by_day: dict[date, list[FollowUp]] = {}
    with _collector_paused():
        for _participant, found in _by_participant(programme, rules):
            for follow_up in found:
                same_day = by_day.get(follow_up.opens)
                if same_day is None:
                    by_day[follow_up.opens] = [follow_up]
                else:
                    same_day.append(follow_up)
        return _by_opening_day(by_day, until)
