"""
Caseload against the IPS target, room for more participants, and what the service costs.

IPS-25 item 1 scores 5 for 20 or fewer participants per full-time employment specialist;
the figures here say how far a service is from that and what it would take to reach it.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import attrs

from ipsrules._model import Programme
from ipsrules._period import Period
from ipsrules._validators import text_problem
from ipsrules.exceptions import ValidationError

from ._metrics import OutcomeMetrics
from ._status import waiting_list

CASELOAD_TARGET = 20
"""Participants per full-time employment specialist at which IPS-25 item 1 scores 5."""

TARGET_RANGE = (0.1, 1000)
"""The least and the most participants per full-time specialist a target may be."""

MAX_YEARLY_COST = 10**12
"""The largest yearly cost accepted: a trillion, in any currency, so every sum stays exact."""

# FTEs are sums of floats such as 0.8 + 0.2: round before ceil and floor so that
# 2.0000000000000004 is 2, not 3.
_DIGITS = 9


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
        specialists: The number of employment specialists (people).
        fte: Their summed full-time equivalents.
        target: Participants per full-time specialist (default `CASELOAD_TARGET`).
    """

    day: date
    active: int
    waiting: int
    specialists: int
    fte: float
    target: float = attrs.field(default=CASELOAD_TARGET, validator=_target)

    @property
    def caseload_per_fte(self) -> float | None:
        """Active participants per full-time equivalent; ``None`` when there is no FTE."""
        return self.active / self.fte if self.fte > 0 else None

    @property
    def places(self) -> int:
        """Participants the staff can hold at the target: ``floor(target * fte)``."""
        return math.floor(round(self.target * self.fte, _DIGITS))

    @property
    def spare_places(self) -> int:
        """How many more participants fit at the target: ``max(0, places - active)``."""
        return max(0, self.places - self.active)

    @property
    def fte_to_clear_waiting_list(self) -> float:
        """
        Extra FTE needed to take the whole waiting list at the target.

        ``max(0, (active + waiting) / target - fte)``: 0 when the spare places suffice.
        """
        needed = (self.active + self.waiting) / self.target - self.fte
        return needed if round(needed, _DIGITS) > 0 else 0.0

    @property
    def specialists_to_clear_waiting_list(self) -> int:
        """Extra full-time specialists (whole people) for the same: the FTE rounded up."""
        return math.ceil(round(self.fte_to_clear_waiting_list, _DIGITS))


def capacity(programme: Programme, day: date, *, target: float = CASELOAD_TARGET) -> Capacity:
    """
    The capacity of *programme* on *day* at *target* participants per full-time specialist.

    Every specialist in the programme counts with their `Specialist.fte`; the records do
    not say when a specialist started or left.

    Raises:
        ValidationError: *target* is not a number from 0.1 to 1000 (`TARGET_RANGE`).
    """
    return Capacity(
        day=day,
        active=sum(1 for participant in programme.participants if participant.active_on(day)),
        waiting=len(waiting_list(programme, day)),
        specialists=len(programme.specialists),
        fte=math.fsum(specialist.fte for specialist in programme.specialists),
        target=target,
    )


def _not_negative(record: object, field: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            type(record).__name__, field.name, f"expected a number, got {value!r}"
        )
    if not math.isfinite(value) or value < 0:
        raise ValidationError(
            type(record).__name__, field.name, f"must not be negative, got {value!r}"
        )
    if value > MAX_YEARLY_COST:
        raise ValidationError(
            type(record).__name__,
            field.name,
            f"must be at most {MAX_YEARLY_COST:,}".replace(",", " ") + f", got {value!r}",
        )


def _currency(record: object, field: attrs.Attribute[Any], value: object) -> None:
    problem = text_problem(value, 16) if isinstance(value, str) else "not text"
    if problem is not None:
        raise ValidationError(
            type(record).__name__, field.name, f"expected a currency code, got {value!r}"
        )


def prorate(yearly: float, period: Period) -> float:
    """
    The part of a yearly amount that falls in *period*.

    Each calendar year the period touches contributes ``yearly * days of the period in that
    year / days in that year``, so a whole calendar year costs exactly *yearly*, leap or not,
    and a quarter its share of its own year's days (Q3: 92/365).
    """
    total = 0.0
    for year in range(period.start.year, period.end.year + 1):
        first = max(period.start, date(year, 1, 1))
        last = min(period.end, date(year, 12, 31))
        in_year = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        total += yearly * ((last - first).days + 1) / in_year
    return total


@attrs.frozen
class Cost:
    """
    What the service costs over a period, per participant served and per job start.

    Attributes:
        period: The days costed.
        yearly: The cost of a year of the service.
        currency: The currency code, such as ``"SEK"``.
        served: Participants served in the period.
        job_starts: Competitive job starts in the period.
    """

    period: Period
    yearly: float = attrs.field(validator=_not_negative)
    currency: str = attrs.field(validator=_currency)
    served: int
    job_starts: int

    @property
    def period_cost(self) -> float:
        """The yearly cost prorated to the period (see `prorate`)."""
        return prorate(self.yearly, self.period)

    @property
    def per_participant_served(self) -> float | None:
        """The period's cost divided by the participants served; ``None`` when nobody was."""
        return self.period_cost / self.served if self.served else None

    @property
    def per_job_start(self) -> float | None:
        """The period's cost divided by competitive job starts; ``None`` when there were none."""
        return self.period_cost / self.job_starts if self.job_starts else None


def cost(metrics: OutcomeMetrics, yearly: float, *, currency: str = "SEK") -> Cost:
    """
    The cost of the period of *metrics* given the service's *yearly* cost.

    Raises:
        ValidationError: *yearly* is negative or not a number, or *currency* is empty.
    """
    return Cost(
        period=metrics.period,
        yearly=yearly,
        currency=currency,
        served=metrics.served.value,
        job_starts=metrics.job_starts.value,
    )
