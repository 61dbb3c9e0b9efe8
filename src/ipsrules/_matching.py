"""
Statuses: which follow-ups the contact log meets, and which are due, upcoming or missed.

Each participant's contacts come from a log of them in order of day, which the
check files once (`contact_logs`), and each window's contacts are found in it by
bisection: the cost grows with the number of follow-ups and the contacts inside
their windows, never with their product.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from enum import StrEnum
from typing import Final

import attrs

from ._contact_index import NO_CONTACTS, contact_logs, named_contacts
from ._model import Contact, ContactMode, Party, Programme
from ._windows import FollowUp, by_opening_day, follow_up_fields_by_participant, follow_up_of
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

    def to_dict(self) -> dict[str, str | int | bool | list[str] | None]:
        """
        The result as JSON-ready data, for an application that passes it on.

        The follow-up's ``id``, ``participant``, ``job`` (``None`` for an entry rule),
        ``rule``, ``seq``, ``opens``, ``closes`` and ``waived``, then ``status`` and
        ``met_by``: when each qualifying contact took place. Dates are ISO strings.
        """
        follow_up = self.follow_up
        return {
            "id": follow_up.id,
            "participant": follow_up.participant_id,
            "job": follow_up.job_id,
            "rule": follow_up.rule.value,
            "seq": follow_up.seq,
            "opens": follow_up.opens.isoformat(),
            "closes": follow_up.closes.isoformat(),
            "waived": follow_up.waived,
            "status": self.status.value,
            "met_by": [contact.at.isoformat() for contact in self.met_by],
        }


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


def _accepted(requirement: Requirement) -> dict[tuple[ContactMode, Party], bool]:
    """Which kinds of contact meet *requirement*: it depends only on mode and party."""
    return {
        (mode, party): requirement.accepts_kind(mode, party)
        for mode in ContactMode
        for party in Party
    }


def _accepted_in_order(
    days: list[date], contacts: list[Contact], accepted: dict[tuple[ContactMode, Party], bool]
) -> tuple[Contact, ...]:
    """
    The contacts of a window (of these *days*) that meet its requirement, in the total
    order of `_contact_order`: for a window with two contacts on one day.
    """
    met = [
        (day, contact)
        for day, contact in zip(days, contacts, strict=True)
        if accepted[contact.mode, contact.party]
    ]
    met.sort(key=lambda entry: _contact_order(entry[1], entry[0]))
    return tuple(contact for _, contact in met)


ALL_STATUSES: Final[frozenset[Status]] = frozenset(Status)


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
    return results_with(programme, today=today, statuses=ALL_STATUSES, until=until, rules=rules)


def results_with(
    programme: Programme,
    *,
    today: date,
    statuses: AbstractSet[Status],
    until: date | None = None,
    rules: RuleSet = IPS25,
    met_since: date | None = None,
) -> list[Result]:
    """
    The results of `check` whose status is one of *statuses*, in the same order; with
    *met_since*, a met result only when the first contact in its `Result.met_by` is on
    that local day or later.

    A report asks for a few statuses of many follow-ups (most are met), and a feed for the
    recent met ones: a result that is not asked for is never made, nor are the contacts
    that would meet it.
    """
    # Each participant's contacts are in their log, in order of day: a window's contacts
    # are found by bisection. The follow-ups come one participant at a time, and the
    # results are put in the order of `follow_ups` by their opening day.
    logs = contact_logs(programme)
    accepts: dict[Rule, dict[tuple[ContactMode, Party], bool]] = {}
    by_requirement: dict[Requirement, dict[tuple[ContactMode, Party], bool]] = {}
    for rule in Rule:
        if rule in rules.enabled and rule.needs_contact:
            requirement = rules.requirement(rule)
            if requirement not in by_requirement:
                by_requirement[requirement] = _accepted(requirement)
            accepts[rule] = by_requirement[requirement]
    waived, met, upcoming, due, missed = (
        Status.WAIVED,
        Status.MET,
        Status.UPCOMING,
        Status.DUE,
        Status.MISSED,
    )
    by_day: dict[date, list[Result]] = {}
    # The contacts are read from the log's columns, and a contact is made only to be named
    # in `Result.met_by`, once per programme.
    want_met, want_waived = met in statuses, waived in statuses
    log = programme.contacts
    modes, parties = log.column("mode"), log.column("party")
    named = named_contacts(programme)

    def contact_at(row: int) -> Contact:
        contact = named.get(row)
        if contact is None:
            contact = named[row] = log[row]
        return contact

    for participant, found in follow_up_fields_by_participant(programme, rules):
        days, rows = logs.get(participant.id, NO_CONTACTS)
        # A contact logged for a day after today has not happened yet: never search past it.
        limit = bisect_right(days, today)
        for fields in found:
            _, _, _, rule, _, opens, closes, was_waived = fields
            if was_waived:
                if not want_waived:
                    continue
                result = Result(follow_up_of(*fields), waived)
            else:
                accepted = accepts.get(rule)
                met_by: tuple[Contact, ...] = ()
                if accepted is not None and limit:
                    low = bisect_left(days, opens, 0, limit)
                    high = bisect_right(days, closes, low, limit)
                    if high - low == 1:  # the usual case, without a list
                        row = rows[low]
                        if accepted[modes[row], parties[row]]:
                            if not want_met or (met_since is not None and days[low] < met_since):
                                continue
                            met_by = (contact_at(row),)
                    elif low < high:
                        window = rows[low:high]
                        accepted_rows = [
                            row for row in window if accepted[modes[row], parties[row]]
                        ]
                        if accepted_rows and (
                            not want_met
                            # The first to meet it is on the earliest day (ties on a day
                            # are ordered below, never across days).
                            or (
                                met_since is not None
                                and days[low + window.index(accepted_rows[0])] < met_since
                            )
                        ):
                            continue
                        met_by = tuple(map(contact_at, accepted_rows))
                        if len(met_by) > 1 and len(set(days[low:high])) < high - low:
                            # Two on one day: their order must not be the log's.
                            met_by = _accepted_in_order(
                                days[low:high], list(map(contact_at, window)), accepted
                            )
                if met_by:
                    result = Result(follow_up_of(*fields), met, met_by)
                else:
                    if today < opens:
                        status = upcoming
                    elif today <= closes:
                        status = due
                    elif not rule.needs_contact:
                        status = waived  # a reminder is never missed
                    else:
                        status = missed
                    if status not in statuses:
                        continue
                    result = Result(follow_up_of(*fields), status)
            same_day = by_day.get(opens)
            if same_day is None:
                by_day[opens] = [result]
            else:
                same_day.append(result)
    return by_opening_day(by_day, until)
