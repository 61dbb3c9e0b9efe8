"""
Statuses: which follow-ups the contact log meets, and which are due, upcoming or missed.

Contacts are indexed once per participant and kind of requirement, sorted by
day, and each window is found in its list by bisection: the cost grows with
the number of contacts and follow-ups, never with their product.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, datetime
from enum import StrEnum
from operator import itemgetter
from typing import Any

import attrs

from ._model import Contact, ContactMode, Party, Programme
from ._windows import FollowUp, _by_opening_day, _by_participant, _collector_paused
from .rules import IPS25, Requirement, Rule, RuleSet


class Status(StrEnum):
    """Where a follow-up stands on a given day."""

    MET = "met"
    """A qualifying contact falls inside the window."""
    MISSED = "missed"
    """The window has closed without a qualifying contact."""
    DUE = "due"
    """The window is open and has no qualifying contact yet."""
    UPCOMING = "upcoming"
    """The window has not opened yet."""
    WAIVED = "waived"
    """Never missed, because the job was reported too late or it is a reminder that has passed."""


@attrs.frozen
class Result:
    """
    A follow-up and its status on the day of the check.

    Attributes:
        follow_up: The follow-up.
        status: Its status.
        met_by: The qualifying contacts inside the window, in order of time; empty unless
            the status is `Status.MET`.
    """

    follow_up: FollowUp
    status: Status
    met_by: tuple[Contact, ...] = ()


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


# For each kind of contact (mode, party), the positions of the requirements it meets.
_Meets = dict[tuple[ContactMode, Party], tuple[int, ...]]


def _meets(requirements: list[Requirement]) -> _Meets:
    """Which requirements each kind of contact meets: it depends only on mode and party."""
    return {
        (mode, party): tuple(
            position
            for position, requirement in enumerate(requirements)
            if requirement.accepts_kind(mode, party)
        )
        for mode in ContactMode
        for party in Party
    }


def _index_contacts(
    programme: Programme, meets: _Meets, spans: dict[str, tuple[date, date]]
) -> dict[str, list[Any]]:
    """
    The contacts that can meet a follow-up, by participant.

    A contact can only meet a follow-up if it meets one of the requirements and falls in
    its participant's *span* (from the first day a window that needs a contact opens to
    the last day one closes, or today if sooner); every other contact is passed over.

    One pass over the log in its own order, which is the order the records lie in memory,
    so the pass costs little more than reading them. Each participant's contacts are one
    flat list ``[day, contact, kinds, day, contact, kinds, ...]``, where *kinds* are the
    positions of the requirements the contact meets: no object is made per contact.
    """
    by_participant: dict[str, list[Any]] = {}
    zone = programme.zone
    # The days of a log are few: one object per day, not one per contact.
    same_day: dict[date, date] = {}
    for contact in programme.contacts:
        kinds = meets[contact.mode, contact.party]
        if not kinds:
            continue
        # `Contact.local_date`, inlined: this loop runs once per contact of the log.
        at = contact.at
        if isinstance(at, datetime):
            day = at.astimezone(zone).date()
            day = same_day.setdefault(day, day)
        else:
            day = at
        span = spans.get(contact.participant_id)
        if span is None or day < span[0] or day > span[1]:
            continue
        entries = by_participant.get(contact.participant_id)
        if entries is None:
            by_participant[contact.participant_id] = [day, contact, kinds]
        else:
            entries += (day, contact, kinds)
    return by_participant


# One participant's log: parallel lists of days, contacts and their kinds (as in
# `_index_contacts`), sorted by day and, within a day, by `_contact_order`.
_Log = tuple[list[date], list[Contact], list[tuple[int, ...]]]


def _as_log(entries: list[Any]) -> _Log:
    """A flat list of `_index_contacts` as a sorted log."""
    days: list[date] = entries[0::3]
    contacts: list[Contact] = entries[1::3]
    kinds: list[tuple[int, ...]] = entries[2::3]
    if sorted(days) != days:  # a log not kept in order of time
        ordered = sorted(zip(days, contacts, kinds, strict=True), key=itemgetter(0))
        days = [day for day, _, _ in ordered]
        contacts = [contact for _, contact, _ in ordered]
        kinds = [kind for _, _, kind in ordered]
    if len(set(days)) < len(days):
        # Several contacts on one day: order them by every field, or `met_by` would
        # follow the input order. Only those days need the full key.
        for day, count in Counter(days).items():
            if count > 1:
                low = bisect_left(days, day)
                run = range(low, low + count)
                order = sorted(run, key=lambda index: _contact_order(contacts[index], day))
                contacts[low : low + count] = [contacts[index] for index in order]
                kinds[low : low + count] = [kinds[index] for index in order]
    return days, contacts, kinds


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
    with _collector_paused():
        return _check(programme, today, until, rules)


def _check(programme: Programme, today: date, until: date | None, rules: RuleSet) -> list[Result]:
    # The follow-ups come one participant at a time, so each participant's contacts are
    # looked up once, and the results are put in the order of `follow_ups` by their day.
    requirements: list[Requirement] = []
    position_of: dict[Rule, int] = {}
    for rule in Rule:
        if rule in rules.enabled and rule.needs_contact:
            requirement = rules.requirement(rule)
            if requirement not in requirements:
                requirements.append(requirement)
            position_of[rule] = requirements.index(requirement)
    reminders = {rule for rule in Rule if not rule.needs_contact}
    everyone = list(_by_participant(programme, rules))
    spans: dict[str, tuple[date, date]] = {}
    for participant, found in everyone:
        first = last = None
        for follow_up in found:
            if follow_up.rule in position_of and not follow_up.waived:
                if first is None or follow_up.opens < first:
                    first = follow_up.opens
                if last is None or follow_up.closes > last:
                    last = follow_up.closes
        if first is not None and last is not None:
            spans[participant.id] = (first, min(last, today))
    logs = _index_contacts(programme, _meets(requirements), spans)
    no_log: _Log = ([], [], [])
    by_day: dict[date, list[Result]] = {}
    for participant, found in everyone:
        if not found:
            continue
        entries = logs.get(participant.id)
        days, contacts, kinds = no_log if entries is None else _as_log(entries)
        for follow_up in found:
            opens = follow_up.opens
            closes = follow_up.closes
            met_by: tuple[Contact, ...] = ()
            if follow_up.waived:
                status = Status.WAIVED
            else:
                position = position_of.get(follow_up.rule)
                if position is not None:
                    low = bisect_left(days, opens)
                    high = bisect_right(days, closes, low)
                    if low < high:
                        met_by = tuple(
                            [
                                contact
                                for contact, kind in zip(
                                    contacts[low:high], kinds[low:high], strict=True
                                )
                                if position in kind
                            ]
                        )
                if met_by:
                    status = Status.MET
                elif today < opens:
                    status = Status.UPCOMING
                elif today <= closes:
                    status = Status.DUE
                elif follow_up.rule in reminders:
                    status = Status.WAIVED  # a reminder is never missed
                else:
                    status = Status.MISSED
            result = Result(follow_up, status, met_by)
            same_day = by_day.get(opens)
            if same_day is None:
                by_day[opens] = [result]
            else:
                same_day.append(result)
    return _by_opening_day(by_day, until)
