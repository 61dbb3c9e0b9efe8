"""
Follow-ups: the windows in which a contact is needed, computed from the records.

This module knows the calendar arithmetic of the rules and the cut-offs that
drop or waive windows; it knows nothing of contacts (see `_matching`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import starmap
from operator import attrgetter
from typing import Final, TypeVar
from urllib.parse import quote

import attrs
from dateutil.relativedelta import relativedelta

from ._grouping import by_participant
from ._model import Job, Participant, Programme, in_work_at_entry
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


FollowUpFields = tuple[str, str, str | None, Rule, int, date, date, bool]
"""A follow-up's fields, in order, before it is made (`follow_up_of`)."""

_FOLLOW_UP_SLOTS: Final = tuple(
    getattr(FollowUp, field.name).__set__ for field in attrs.fields(FollowUp)
)


def follow_up_of(
    id: str,
    participant_id: str,
    job_id: str | None,
    rule: Rule,
    seq: int,
    opens: date,
    closes: date,
    waived: bool,
) -> FollowUp:
    """
    `FollowUp(...)` without its ``__init__``, which sets each field through the frozen
    class's guard: this takes two thirds of the time (a feed makes 100,000 follow-ups).
    """
    follow_up: FollowUp = object.__new__(FollowUp)
    set_id, set_participant, set_job, set_rule, set_seq, set_opens, set_closes, set_waived = (
        _FOLLOW_UP_SLOTS
    )
    set_id(follow_up, id)
    set_participant(follow_up, participant_id)
    set_job(follow_up, job_id)
    set_rule(follow_up, rule)
    set_seq(follow_up, seq)
    set_opens(follow_up, opens)
    set_closes(follow_up, closes)
    set_waived(follow_up, waived)
    return follow_up


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

    This is ``day + dateutil.relativedelta(months=months)``: 31 January + 1 month is
    28 February (29 in a leap year).
    """
    added: date = day + relativedelta(months=months)
    return added


_ONE_DAY = timedelta(days=1)
_RULE_ORDER = {rule: position for position, rule in enumerate(Rule)}


@attrs.frozen
class _Window:
    """A window of a job before its cut-offs are applied."""

    rule: Rule
    seq: int
    suffix: str
    """The end of the follow-up id: rule and seq, as `_id_with` writes them."""
    opens: date
    closes: date


class _Plan:
    """
    A rule set's windows worked out once, as offsets from a job's start and id suffixes.

    `follow_ups` meets the same rule set for every job, and many jobs start on the same
    day: the windows that depend only on the start are worked out once per start day.
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
        # M(1) .. M(n) are these steps from the start: calendar months, clamped.
        self.month_steps = tuple(relativedelta(months=k) for k in range(1, self.months + 1))
        self.month = Rule.MONTH in enabled
        self.job_end = Rule.JOB_END in enabled
        self.job_end_length = timedelta(days=rules.job_end_days - 1)
        self.review = Rule.TRANSITION_REVIEW in enabled
        self.review_length = timedelta(days=rules.transition_review_days - 1)
        self.entry = Rule.FIRST_EMPLOYER_CONTACT in enabled
        self.entry_suffix = _id_with("", Rule.FIRST_EMPLOYER_CONTACT, 1)
        self.entry_length = timedelta(days=rules.first_employer_contact_days - 1)
        self._from_start: dict[date, tuple[tuple[_Window, ...], _Window]] = {}

    def windows_from(self, start: date) -> tuple[tuple[_Window, ...], _Window]:
        """
        The windows of a job that starts on *start*, before any cut-off: the fixed ones,
        then the months, in the order of `Rule` and seq (neither job_end nor the review);
        and the transition review, at M(n) as follow-along ends.
        """
        found = self._from_start.get(start)
        if found is None:
            windows = [
                _Window(rule, seq, suffix, start + to_open, start + to_close)
                for rule, seq, suffix, to_open, to_close in self.fixed
            ]
            starts: list[date] = [start + step for step in self.month_steps]
            if self.month:
                # Month k runs from M(k-1) to M(k)-1; the first month is covered by the weeks.
                windows.extend(
                    _Window(
                        Rule.MONTH,
                        month,
                        f"month:{month}",
                        starts[month - 2],
                        starts[month - 1] - _ONE_DAY,
                    )
                    for month in range(2, self.months + 1)
                )
            review = starts[-1]
            found = self._from_start[start] = (
                tuple(windows),
                _Window(
                    Rule.TRANSITION_REVIEW,
                    1,
                    "transition_review:1",
                    review,
                    review + self.review_length,
                ),
            )
        return found


def _job_follow_ups(
    participant_prefix: str,
    participant: Participant,
    job: Job,
    plan: _Plan,
    found: list[FollowUpFields],
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
    # Cut-offs 1 and 2; the windows of one start day are shared, never changed.
    uncut, review = plan.windows_from(start)
    windows = [window for window in uncut if cut is None or window.opens <= cut]
    learnt = job.end_known_on if job.end_known_on is not None else end
    if plan.job_end and learnt is not None and (last_open is None or learnt <= last_open):
        windows.append(_Window(Rule.JOB_END, 1, "job_end:1", learnt, learnt + plan.job_end_length))
    if plan.review and (cut is None or review.opens <= cut):
        windows.append(review)
    prefix = participant_prefix + _quoted(job_id) + ":"
    reported = job.reported_on
    if reported is None:  # the usual case: nothing to waive or shorten
        found.extend(
            [
                (
                    prefix + window.suffix,
                    participant_id,
                    job_id,
                    window.rule,
                    window.seq,
                    window.opens,
                    window.closes,
                    False,
                )
                for window in windows
            ]
        )
        return
    # Cut-off 3: a late report.
    for window in windows:
        opens, closes = window.opens, window.closes
        waived = closes < reported
        found.append(
            (
                prefix + window.suffix,
                participant_id,
                job_id,
                window.rule,
                window.seq,
                opens if waived or opens >= reported else reported,
                closes,
                waived,
            )
        )


def _within_participant(fields: FollowUpFields) -> tuple[int, int, str]:
    _, _, job_id, rule, seq, _, _, _ = fields
    return _RULE_ORDER[rule], seq, job_id or ""


def follow_ups_by_participant(
    programme: Programme, rules: RuleSet
) -> Iterator[tuple[Participant, list[FollowUp]]]:
    """
    Each participant, in order of id, with their follow-ups in order of rule, seq and job.

    `follow_ups` sorts by (opens, participant, rule, seq, job): with the participants and
    each one's follow-ups already in that order, a stable grouping by the opening day is
    the whole sort (see `by_opening_day`).
    """
    for participant, found in follow_up_fields_by_participant(programme, rules):
        yield participant, list(starmap(follow_up_of, found))


def follow_up_fields_by_participant(
    programme: Programme, rules: RuleSet
) -> Iterator[tuple[Participant, list[FollowUpFields]]]:
    """
    `follow_ups_by_participant` with each follow-up's fields, not made yet: `check` makes
    only those that it reports (most are met, and a report asks for the others).
    """
    plan = _Plan(rules)
    jobs_of = by_participant(programme.jobs)
    programme_prefix = _quoted(programme.id) + ":"
    for participant in sorted(programme.participants, key=attrgetter("id")):
        found: list[FollowUpFields] = []
        participant_prefix = programme_prefix + _quoted(participant.id) + ":"
        jobs = jobs_of.get(participant.id, [])
        for job in jobs:
            _job_follow_ups(participant_prefix, participant, job, plan, found)
        if plan.entry and not in_work_at_entry(participant, jobs):
            entry = participant.enrolled_on
            found.append(
                (
                    participant_prefix + ":" + plan.entry_suffix,
                    participant.id,
                    None,
                    Rule.FIRST_EMPLOYER_CONTACT,
                    1,
                    entry,
                    entry + plan.entry_length,
                    False,
                )
            )
        if len(jobs) > 1:
            # One job's windows come out in order of rule and seq; several must be merged.
            found.sort(key=_within_participant)
        yield participant, found


_Item = TypeVar("_Item")


def by_opening_day(by_day: dict[date, list[_Item]], until: date | None) -> list[_Item]:
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
    for _participant, found in follow_ups_by_participant(programme, rules):
        for follow_up in found:
            same_day = by_day.get(follow_up.opens)
            if same_day is None:
                by_day[follow_up.opens] = [follow_up]
            else:
                same_day.append(follow_up)
    return by_opening_day(by_day, until)
