"""
Caseload against the IPS target, room for more participants, and what the service costs.

IPS-25 item 1 scores 5 for 20 or fewer participants per full-time employment specialist;
the figures here say how far a service is from that and what it would take to reach it.
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ipsrules._model import Programme
from ipsrules._period import Period
from ipsrules._validators import text_problem
from ipsrules.exceptions import ValidationError

from ._budget import Amount, Budget
from ._metrics import OutcomeMetrics
from ._status import waiting_list

CASELOAD_TARGET = 20
"""Participants per full-time employment specialist at which IPS-25 item 1 scores 5."""

TARGET_RANGE = (0.1, 1000)
"""The least and the most participants per full-time specialist a target may be."""

_DENOMINATOR = 1_000_000
"""An FTE or a target is read as the closest fraction whose denominator is at most this."""


def exact(value: float | Fraction) -> Fraction:
    """
    *value* as an exact fraction: ``0.7`` is 7/10, not the binary number nearest to 0.7.

    A float is read as the closest fraction with a denominator of at most a million, which
    is the decimal it was written as for anything with up to six decimals (0.25, 0.125) and
    the fraction for thirds and sixths (1/3 as 0.3333333333333333). Sums of these are exact,
    so 0.7 + 0.2 + 0.1 FTE is one full-time equivalent, in any order.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(value).limit_denominator(_DENOMINATOR)


def _to_fraction(value: object) -> object:
    """A number as an exact fraction; anything else as it is, for the validator to refuse."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return exact(value)


def _fte(record: object, field: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Fraction) or value < 0:
        raise ValidationError(
            type(record).__name__, field.name, f"expected a number, 0 or more, got {value!r}"
        )


def _target(record: object, field: attrs.Attribute[Any], value: object) -> None:
    low, high = TARGET_RANGE
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValidationError(
            type(record).__name__, field.name, f"must be from {low} to {high}, got {value!r}"
        )


@attrs.frozen
class Capacity:
    """
    The caseload on a day against a target of participants per full-time specialist.

    Attributes:
        day: The day measured.
        active: Participants active on *day*.
        waiting: Referrals on the waiting list on *day*.
        specialists: The number of employment specialists in post on *day* (people).
        fte: Their summed full-time equivalents, an exact fraction (a float is read by
            `exact`).
        target: Participants per full-time specialist (default `CASELOAD_TARGET`).
    """

    day: date
    active: int
    waiting: int
    specialists: int
    fte: Fraction = attrs.field(converter=_to_fraction, validator=_fte)
    target: float = attrs.field(default=CASELOAD_TARGET, validator=_target)

    @property
    def caseload_per_fte(self) -> float | None:
        """Active participants per full-time equivalent; ``None`` when there is no FTE."""
        return float(self.active / self.fte) if self.fte > 0 else None

    @property
    def places(self) -> int:
        """Participants the staff can hold at the target: ``floor(target * fte)``, exactly."""
        return math.floor(exact(self.target) * self.fte)

    @property
    def spare_places(self) -> int:
        """How many more participants fit at the target: ``max(0, places - active)``."""
        return max(0, self.places - self.active)

    @property
    def fte_needed(self) -> Fraction:
        """
        The FTE needed in total to hold the active participants and the waiting list at the
        target: ``(active + waiting) / target``, exactly.
        """
        return (self.active + self.waiting) / exact(self.target)

    @property
    def specialists_needed(self) -> int:
        """
        The full-time specialists (whole people) needed in total for the same: `fte_needed`
        rounded up.
        """
        return math.ceil(self.fte_needed)

    @property
    def fte_to_clear_waiting_list(self) -> Fraction:
        """
        Extra FTE needed to take the whole waiting list at the target.

        ``max(0, fte_needed - fte)``: 0 when the spare places suffice.
        """
        return max(Fraction(0), self.fte_needed - self.fte)

    @property
    def specialists_to_clear_waiting_list(self) -> int:
        """Extra full-time specialists (whole people) for the same: the FTE rounded up."""
        return math.ceil(self.fte_to_clear_waiting_list)


def capacity(programme: Programme, day: date, *, target: float = CASELOAD_TARGET) -> Capacity:
    """
    The capacity of *programme* on *day* at *target* participants per full-time specialist.

    The specialists in post on *day* (`Specialist.in_post`: from `started_on` to
    `left_on`, both included) count, each with their `Specialist.fte`, read as an exact
    fraction (`exact`) and summed exactly, so the order of the specialists never matters.

    Raises:
        ValidationError: *target* is not a number from 0.1 to 1000 (`TARGET_RANGE`).
    """
    in_post = [specialist for specialist in programme.specialists if specialist.in_post(day)]
    return Capacity(
        day=day,
        active=sum(1 for participant in programme.participants if participant.active_on(day)),
        waiting=len(waiting_list(programme, day)),
        specialists=len(in_post),
        fte=sum((exact(specialist.fte) for specialist in in_post), Fraction(0)),
        target=target,
    )


def _currency(record: object, field: attrs.Attribute[Any], value: object) -> None:
    problem = text_problem(value, 16) if isinstance(value, str) else "not text"
    if problem is not None:
        raise ValidationError(
            type(record).__name__, field.name, f"expected a currency code, got {value!r}"
        )


def prorate(yearly: Amount, period: Period) -> float:
    """
    The part of a yearly amount that falls in *period*.

    Each calendar year the period touches contributes ``yearly * days of the period in that
    year / days in that year``, so a whole calendar year costs exactly *yearly*, leap or not,
    and a quarter its share of its own year's days (Q3: 92/365). The same as
    ``Budget.every_year(yearly).amount_for(period)``, as a float.
    """
    return float(Budget.every_year(yearly).amount_for(period))


@attrs.frozen
class Cost:
    """
    What the service costs over a period, per participant served and per job start.

    Attributes:
        period: The days costed.
        budget: What the service costs: one yearly sum, or budgets per year or period.
        currency: The currency code, such as ``"SEK"``.
        served: Participants served in the period.
        job_starts: Competitive job starts in the period.
        amount: The cost of the period, exactly (`Budget.amount_for`).
    """

    period: Period
    budget: Budget
    currency: str = attrs.field(validator=_currency)
    served: int
    job_starts: int
    amount: Fraction

    @property
    def yearly(self) -> float | None:
        """The cost of every year when the budget is one yearly sum, else ``None``."""
        return None if self.budget.yearly is None else float(self.budget.yearly)

    @property
    def period_cost(self) -> float:
        """The cost of the period (`amount`) as a float."""
        return float(self.amount)

    @property
    def per_participant_served(self) -> float | None:
        """The period's cost divided by the participants served; ``None`` when nobody was."""
        return float(self.amount / self.served) if self.served else None

    @property
    def per_job_start(self) -> float | None:
        """The period's cost divided by competitive job starts; ``None`` when there were none."""
        return float(self.amount / self.job_starts) if self.job_starts else None


def cost(metrics: OutcomeMetrics, budget: Budget | Amount, *, currency: str = "SEK") -> Cost:
    """
    The cost of the period of *metrics* given the service's *budget*.

    *budget* is a `Budget`, or a number: the same cost for every calendar year
    (`Budget.every_year`).

    Raises:
        ValidationError: a yearly cost is negative or not a number, *currency* is empty, or
            a day of the period has no budget.
    """
    if not isinstance(budget, Budget):
        budget = Budget.every_year(budget)
    return Cost(
        period=metrics.period,
        budget=budget,
        currency=currency,
        served=metrics.served.value,
        job_starts=metrics.job_starts.value,
        amount=budget.amount_for(metrics.period),
    )
