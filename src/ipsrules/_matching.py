"""
Statuses: which follow-ups the contact log meets, and which are due, upcoming or missed.

Contacts are indexed once per participant and kind of requirement, sorted by
day, and each window is found in its list by bisection: the cost grows with
the number of contacts and follow-ups, never with their product.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, datetime
from enum import StrEnum
from operator import itemgetter

import attrs

from ._model import Contact, ContactMode, Party, Programme
from ._windows import FollowUp, follow_ups
from .rules import IPS25, Requirement, RuleSet


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
        if not targets:
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
