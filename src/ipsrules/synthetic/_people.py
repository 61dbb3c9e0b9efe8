"""
The people of a synthetic programme: its specialists, and its participants with their plans.

A participant is planned before their records are drawn: when they enrol, what they do on
the report date, and when and why they leave. The plans hold the board report's mix; the
jobs, studies and internships are drawn around them afterwards.
"""

from __future__ import annotations

import heapq
from datetime import date, timedelta

import attrs

from ipsrules._model import NO_INCOME_SUPPORT, ExitReason, Participant, Specialist

from ._dates import weekday_within
from ._draws import Draws
from ._mix import DOING_MIX, ENROLLED_LATER, EXIT_MIX, Doing, apportion, per_active
from ._values import (
    FIRST_NAMES,
    INCOME_SUPPORT,
    INCOME_SUPPORT_WEIGHTS,
    OFF_SUPPORT,
    SURNAMES,
)


@attrs.frozen
class Plan:
    """One participant before their records are drawn: when they came, and what they do."""

    enrolled_on: date
    doing: Doing | None = None  # on the report date; None when not active on it
    discharged_on: date | None = None
    exit_reason: ExitReason | None = None


def draw_specialists(draws: Draws, count: int) -> list[Specialist]:
    """*count* specialists ``ES1``, ``ES2``, ...; about one in six works half time."""
    rng = draws.rng
    half_time = set(rng.sample(range(count), count // 6)) if count > 1 else set()
    return [
        Specialist(
            id=f"ES{number}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            fte=0.5 if number - 1 in half_time else 1.0,
        )
        for number in range(1, count + 1)
    ]


def draw_plans(draws: Draws, active: int, first: date) -> list[Plan]:
    """
    Who enrols when, what the active do on the report date, and who leaves why.

    *active* participants are in the service on the report date; besides them, some left
    before it and some enrol after it, from the waiting list.
    """
    rng = draws.rng
    report, known_on = draws.report_date, draws.known_on
    span = (report - first).days
    offsets = sorted(rng.randrange(span + 1) for _ in range(active))
    if offsets:
        offsets[0] = 0
    enrolments = [weekday_within(first + timedelta(days=n), first, report) for n in offsets]
    # The newest participants are the likeliest to be still planning or searching.
    doings = [
        doing
        for doing, count in zip(DOING_MIX, apportion(active, list(DOING_MIX.values())), strict=True)
        for _ in range(count)
    ]
    searching = doings.count(Doing.SEARCHING)
    ranked = sorted(
        range(active),
        key=lambda i: ((report - enrolments[i]).days + 1) * rng.lognormvariate(0, 0.8),
    )
    others = [doing for doing in doings if doing is not Doing.SEARCHING]
    rng.shuffle(others)
    doing_of = dict.fromkeys(ranked[:searching], Doing.SEARCHING)
    doing_of.update(zip(ranked[searching:], others, strict=True))
    found: list[Plan] = []
    last_exit = known_on - timedelta(days=7)
    for index, enrolled in enumerate(enrolments):
        doing = doing_of[index]
        if (report - enrolled).days >= 90 and last_exit > report and rng.random() < 0.05:
            # Leaves in the weeks after the report date, for a reason that fits.
            leaves = draws.day_within(report + timedelta(days=1), last_exit)
            if doing in (Doing.COMPETITIVE_JOB, Doing.OTHER_PAID_JOB):
                reason = ExitReason.EMPLOYED
            elif doing is Doing.STUDIES:
                reason = ExitReason.STUDYING
            else:
                reason = rng.choice((ExitReason.MOVED_ON, ExitReason.DROPPED_OUT, ExitReason.OTHER))
            found.append(Plan(enrolled, doing, leaves, reason))
        else:
            found.append(Plan(enrolled, doing))
    # Those who left before the report date: in the service for three months or more.
    if span >= 120:
        counts = apportion(per_active(active, sum(EXIT_MIX.values())), list(EXIT_MIX.values()))
        for reason, count in zip(EXIT_MIX, counts, strict=True):
            for _ in range(count):
                latest = report - timedelta(days=120)
                enrolled = weekday_within(
                    first + timedelta(days=rng.randrange((latest - first).days + 1)),
                    first,
                    latest,
                )
                stays = rng.randint(90, 600)
                leaves = min(enrolled + timedelta(days=stays), report - timedelta(days=1))
                leaves = weekday_within(leaves, enrolled, report - timedelta(days=1))
                found.append(Plan(enrolled, None, leaves, reason))
    # Those who enrol after it, from the waiting list.
    if (known_on - report).days >= 13:
        for _ in range(per_active(active, ENROLLED_LATER)):
            found.append(
                Plan(draws.day_within(report + timedelta(days=3), known_on - timedelta(days=10)))
            )
    return sorted(found, key=lambda plan: plan.enrolled_on)


def draw_participants(
    draws: Draws, plans: list[Plan], specialists: list[Specialist]
) -> list[Participant]:
    """The participants of *plans*, numbered in order, each on a specialist's caseload."""
    rng = draws.rng
    # Those active on the report date go to the specialist with the smallest caseload per
    # FTE, so caseloads are even on that day; the others to a specialist drawn by FTE.
    loads = [(0.0, rng.random(), index) for index in range(len(specialists))]
    heapq.heapify(loads)
    ftes = [specialist.fte for specialist in specialists]
    width = max(4, len(str(len(plans))))
    found: list[Participant] = []
    for number, plan in enumerate(plans, start=1):
        if plan.doing is not None:
            load, _, index = heapq.heappop(loads)
            heapq.heappush(loads, (load + 1 / ftes[index], rng.random(), index))
        else:
            index = rng.choices(range(len(specialists)), weights=ftes)[0]
        at_entry = None  # not recorded
        if rng.random() >= 0.06:
            at_entry = rng.choices(INCOME_SUPPORT, weights=INCOME_SUPPORT_WEIGHTS)[0]
        found.append(
            Participant(
                id=f"IPS-{number:0{width}d}",
                enrolled_on=plan.enrolled_on,
                specialist_id=specialists[index].id,
                discharged_on=plan.discharged_on,
                exit_reason=plan.exit_reason,
                income_support_at_entry=at_entry,
                income_support_at_exit=_support_at_exit(draws, at_entry, plan.exit_reason),
            )
        )
    return found


def _support_at_exit(draws: Draws, at_entry: str | None, reason: ExitReason | None) -> str | None:
    if reason is None:
        return None
    rng = draws.rng
    if rng.random() < 0.05:
        return None  # not recorded
    if at_entry == NO_INCOME_SUPPORT or rng.random() < OFF_SUPPORT.get(reason, 0.08):
        return NO_INCOME_SUPPORT
    if at_entry is None:
        return rng.choices(INCOME_SUPPORT[:-1], weights=INCOME_SUPPORT_WEIGHTS[:-1])[0]
    return at_entry
