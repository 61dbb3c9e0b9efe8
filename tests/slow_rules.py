"""
The rules as they were first written: plain, slow and obviously right.

`ipsrules.follow_ups` and `ipsrules.check` are written for speed (one pass per participant,
grouping in place of sorting, only the contacts that can matter); the tests hold them
equal to these straightforward versions: every window computed on its own, one big sort,
every contact indexed.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from operator import itemgetter
from urllib.parse import quote

import attrs

from ipsrules import (
    IPS25,
    Contact,
    ContactMode,
    FollowUp,
    Job,
    Participant,
    Party,
    Programme,
    Requirement,
    Result,
    Rule,
    RuleSet,
    Status,
)


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
    return "".join(quote(part, safe="") + ":" for part in parts)


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


def _job_windows(job: Job, rules: RuleSet) -> Iterator[tuple[Rule, int, date, date]]:
    """Every window of one job as ``(rule, seq, opens, closes)``, before any cut-off."""
    start = job.start
    enabled = rules.enabled
    if Rule.PRE_START in enabled:
        yield Rule.PRE_START, 1, start - timedelta(days=rules.pre_start_days), start - _ONE_DAY
    if Rule.START in enabled:
        yield Rule.START, 1, start, start + timedelta(days=rules.start_days - 1)
    if Rule.WEEK in enabled:
        for week in range(1, rules.weeks + 1):
            opens = start + timedelta(days=7 * (week - 1))
            yield Rule.WEEK, week, opens, opens + timedelta(days=6)
    month_starts = [add_months(start, k) for k in range(1, rules.follow_along_months + 1)]
    if Rule.MONTH in enabled:
        # Month k runs from M(k-1) to M(k)-1; the first month is covered by the weeks.
        for month in range(2, rules.follow_along_months + 1):
            yield Rule.MONTH, month, month_starts[month - 2], month_starts[month - 1] - _ONE_DAY
    learnt = job.end_learnt_on
    if Rule.JOB_END in enabled and learnt is not None:
        yield Rule.JOB_END, 1, learnt, learnt + timedelta(days=rules.job_end_days - 1)
    if Rule.TRANSITION_REVIEW in enabled:
        review = month_starts[-1]
        yield (
            Rule.TRANSITION_REVIEW,
            1,
            review,
            review + timedelta(days=rules.transition_review_days - 1),
        )


def _job_follow_ups(
    programme_id: str, participant: Participant, job: Job, rules: RuleSet
) -> Iterator[FollowUp]:
    """The follow-ups of one job, with the spec's cut-offs applied in their order."""
    stops = [
        day for day in (participant.discharged_on, job.follow_along_declined_on) if day is not None
    ]
    last_open = min(stops) if stops else None
    reported = job.reported_on
    prefix = _id_prefix(programme_id, participant.id, job.id)
    for rule, seq, opens, closes in _job_windows(job, rules):
        # 1. Nothing opens after the job has ended, except the job_end contact itself.
        if job.end is not None and opens > job.end and rule is not Rule.JOB_END:
            continue
        # 2. Nothing opens after discharge or after follow-along was declined.
        if last_open is not None and opens > last_open:
            continue
        # 3. A late report waives what had closed and shortens what was open.
        waived = False
        if reported is not None:
            if closes < reported:
                waived = True
            elif opens < reported:
                opens = reported
        yield FollowUp(
            id=_id_with(prefix, rule, seq),
            participant_id=participant.id,
            job_id=job.id,
            rule=rule,
            seq=seq,
            opens=opens,
            closes=closes,
            waived=waived,
        )


def _sort_key(follow_up: FollowUp) -> tuple[date, str, int, int, str]:
    return (
        follow_up.opens,
        follow_up.participant_id,
        _RULE_ORDER[follow_up.rule],
        follow_up.seq,
        follow_up.job_id or "",
    )


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
    jobs_of: defaultdict[str, list[Job]] = defaultdict(list)
    for job in programme.jobs:
        jobs_of[job.participant_id].append(job)

    found: list[FollowUp] = []
    for participant in programme.participants:
        jobs = jobs_of.get(participant.id, ())
        for job in jobs:
            found.extend(_job_follow_ups(programme.id, participant, job, rules))
        entry = participant.enrolled_on
        if Rule.FIRST_EMPLOYER_CONTACT in rules.enabled and not any(
            job.held_on(entry) for job in jobs
        ):
            found.append(
                FollowUp(
                    id=follow_up_id(
                        programme.id, participant.id, None, Rule.FIRST_EMPLOYER_CONTACT, 1
                    ),
                    participant_id=participant.id,
                    job_id=None,
                    rule=Rule.FIRST_EMPLOYER_CONTACT,
                    seq=1,
                    opens=entry,
                    closes=entry + timedelta(days=rules.first_employer_contact_days - 1),
                )
            )
    if until is not None:
        found = [follow_up for follow_up in found if follow_up.opens <= until]
    found.sort(key=_sort_key)
    return found


def _contact_order(contact: Contact, day: date) -> tuple[object, ...]:
    """
    A total order on contacts, so that results never depend on input order.

    Within a day, a contact with only a date comes before timed ones, which follow in order
    of their instant; the other fields break the remaining ties. (The enums are strings, so
    they compare without looking up their values.)
    """
    at = contact.at
    return (
        day,
        isinstance(at, datetime),
        at,
        contact.mode,
        contact.party,
        contact.setting or "",
        contact.specialist_id or "",
        -1 if contact.minutes is None else contact.minutes,
        contact.id or "",
    )


@attrs.frozen
class _Log:
    """One participant's contacts of one kind, as parallel lists sorted by day."""

    days: list[date]
    contacts: list[Contact]

    def within(self, opens: date, closes: date) -> tuple[Contact, ...]:
        low = bisect_left(self.days, opens)
        high = bisect_right(self.days, closes, lo=low)
        return tuple(self.contacts[low:high])


def _log(entries: list[tuple[date, Contact]]) -> _Log:
    entries.sort(key=itemgetter(0))
    days = [day for day, _ in entries]
    if len(set(days)) < len(days):
        # Several contacts on one day: order them by every field, or `met_by` would
        # follow the input order. Rare, so the full key is built only then.
        entries.sort(key=lambda entry: _contact_order(entry[1], entry[0]))
    return _Log(days=days, contacts=[contact for _, contact in entries])


def _index_contacts(
    programme: Programme, requirements: set[Requirement], today: date
) -> dict[Requirement, dict[str, _Log]]:
    """For each requirement, the contacts up to *today* that meet it, by participant."""
    grouped: dict[Requirement, defaultdict[str, list[tuple[date, Contact]]]] = {
        requirement: defaultdict(list) for requirement in requirements
    }
    # Which requirements a contact meets depends only on its mode and party: work that out
    # once per kind of contact, not once per contact.
    meets = {
        (mode, party): [
            grouped[requirement]
            for requirement in requirements
            if requirement.accepts_kind(mode, party)
        ]
        for mode in ContactMode
        for party in Party
    }
    zone = programme.zone
    for contact in programme.contacts:
        targets = meets[contact.mode, contact.party]
        if not targets or contact.participant_id is None:  # generic: meets no follow-up
            continue
        day = contact.local_date(zone)
        if day > today:
            continue
        entry = (day, contact)
        for by_participant in targets:
            by_participant[contact.participant_id].append(entry)
    return {
        requirement: {pid: _log(entries) for pid, entries in by_participant.items()}
        for requirement, by_participant in grouped.items()
    }


def check(
    programme: Programme,
    *,
    today: date,
    until: date | None = None,
    rules: RuleSet = IPS25,
) -> list[Result]:
    """
    The status of every follow-up of *programme* on the day *today*.

    A contact logged for a day after *today* has not happened yet as far as this
    check knows, and counts for nothing.

    Args:
        programme: The records.
        today: The day on which to judge.
        until: Leave out follow-ups whose window opens after this day.
        rules: The rule set to apply.

    Returns:
        One result per follow-up, in the order of `follow_ups`.
    """
    wanted = follow_ups(programme, until=until, rules=rules)
    requirement_of = {rule: rules.requirement(rule) for rule in rules.enabled if rule.needs_contact}
    logs = _index_contacts(programme, set(requirement_of.values()), today)
    results: list[Result] = []
    for follow_up in wanted:
        met_by: tuple[Contact, ...] = ()
        requirement = requirement_of.get(follow_up.rule)
        if follow_up.waived:
            status = Status.WAIVED
        elif requirement is not None and (met_by := _met_by(logs[requirement], follow_up)):
            status = Status.MET
        elif today < follow_up.opens:
            status = Status.UPCOMING
        elif today <= follow_up.closes:
            status = Status.DUE
        elif follow_up.rule.needs_contact:
            status = Status.MISSED
        else:
            status = Status.WAIVED  # a reminder is never missed
        results.append(Result(follow_up=follow_up, status=status, met_by=met_by))
    return results


def _met_by(logs: dict[str, _Log], follow_up: FollowUp) -> tuple[Contact, ...]:
    log = logs.get(follow_up.participant_id)
    if log is None:
        return ()
    return log.within(follow_up.opens, follow_up.closes)
