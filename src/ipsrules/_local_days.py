"""
The day of a contact's time in the programme's time zone, converted once per instant.

Matching and the data-quality checks both turn every contact's time into its local day.
Times repeat (a log of 750,000 contacts has some 26,000 instants) and a day has many of
them: one conversion per instant and one date object per day, not one per contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from itertools import repeat
from typing import Final
from zoneinfo import ZoneInfo

_NO_ZONE: Final = object()
"""The zone of a plain date, which has none: its own day."""

_FIXED: Final = frozenset({timezone, object})
"""
The types of zone whose times are each one instant whatever their `fold`: a fixed offset,
or none (`_NO_ZONE`, a plain date).
"""


class LocalDays:
    """The local day of a date or an aware time in *zone*: call it for each contact's ``at``."""

    __slots__ = ("_day_of", "_same", "_zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._day_of: dict[datetime, date] = {}
        self._same: dict[date, date] = {}

    def __call__(self, at: date | datetime) -> date:
        if not isinstance(at, datetime):
            return at  # a plain date is its own day
        if at.tzinfo is self._zone:  # a time in the zone itself needs no conversion
            day = at.date()
            return self._same.setdefault(day, day)
        # An instant is known by its time; the second of two times that differ only by
        # `fold` compares equal to the first but is another instant: converted on its own.
        known = self._day_of.get(at) if not at.fold else None
        if known is None:
            known = at.astimezone(self._zone).date()
            known = self._same.setdefault(known, known)
            if not at.fold:
                self._day_of[at] = known
        return known

    def of_each(self, ats: Sequence[date | datetime]) -> list[date]:
        """
        The local day of each of *ats*: each distinct time converted once, the rest looked
        up without a call.
        """
        distinct = dict.fromkeys(ats)
        zones = set(map(type, map(getattr, distinct, repeat("tzinfo"), repeat(_NO_ZONE))))
        if zones <= _FIXED or 1 not in map(getattr, ats, repeat("fold"), repeat(0)):
            # Equal times are then one instant, with one local day: a time is looked up by
            # its hash, which a datetime keeps (a loader shares equal times, too). Two equal
            # times with another `fold` are both in one zone with a repeated hour, so times
            # each with a fixed offset (as loaders make) need no look at each `fold`.
            day_of = {at: self(at) for at in distinct}
            return list(map(day_of.__getitem__, ats))
        # By identity: a time in a zone's repeated hour (`fold`) equals the earlier instant
        # of the same wall time, yet may have another local day.
        by_id = dict(zip(map(id, ats), ats, strict=True))
        day_by_id = {key: self(at) for key, at in by_id.items()}
        return list(map(day_by_id.__getitem__, map(id, ats)))
