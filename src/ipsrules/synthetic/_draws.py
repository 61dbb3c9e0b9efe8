"""The one seeded source of random draws that every part of a synthetic programme shares."""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs


@attrs.frozen
class Draws:
    """
    The random source of one programme, with the days it is planned around.

    Every part draws from the one `random.Random`, in a fixed order, so that the same seed
    gives the same records on every run and every machine.
    """

    rng: random.Random
    known_on: date  # the last day the records describe
    report_date: date
    contacts_until: date

    def day_within(self, opens: date, closes: date) -> date:
        """A day in ``[opens, closes]``, a weekday where the range has one."""
        span = (closes - opens).days
        first = self.rng.randint(0, span)
        for step in range(span + 1):
            day = opens + timedelta(days=(first + step) % (span + 1))
            if day.weekday() < 5:
                return day
        return opens + timedelta(days=first)
