"""
Each participant's contacts in order of their local day: the index that `check` reads.

Matching asks, for every window, which of one participant's contacts fall inside it.
Filed once per programme by participant and local day, the log answers that by bisection,
so the cost grows with the follow-ups and the contacts inside their windows, never with
their product.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import count, islice
from operator import le
from typing import NamedTuple

from ._identity_cache import IdentityCache
from ._local_days import LocalDays
from ._model import Contact, Programme


class DayLog(NamedTuple):
    """
    One participant's contacts in order of local day: each one's day, and its place in the
    programme's `ContactLog` (whose columns give its fields, and which makes the contact).
    """

    days: list[date]
    rows: Sequence[int]
    """Places of one day in the order they were logged (machine integers, 8 bytes each)."""


NO_CONTACTS = DayLog([], array("L"))
"""The log of a participant without contacts; read, never change."""


def _file_contacts(programme: Programme) -> Mapping[str, DayLog]:
    """
    Each participant's log, by participant id; participants without contacts lack one,
    and generic employer contacts (no participant) are in none.

    Read from the contact log's columns: no contact is made.
    """
    log = programme.contacts
    participants = log.column("participant_id")
    day_of_row = LocalDays(programme.zone).of_each(log.column("at"))
    # Each participant's rows and days in the log's order, appended in C: no Python code
    # runs per contact.
    days_of: dict[str | None, list[date]] = {key: [] for key in dict.fromkeys(participants)}
    rows_of: dict[str | None, array[int]] = {key: array("L") for key in days_of}
    deque(map(array.append, map(rows_of.__getitem__, participants), count()), maxlen=0)
    deque(map(list.append, map(days_of.__getitem__, participants), day_of_row), maxlen=0)
    logs: dict[str, DayLog] = {}
    for participant_id, days in days_of.items():
        if participant_id is None:
            continue  # a generic employer contact meets no participant's follow-up
        rows = rows_of[participant_id]
        if not all(map(le, days, islice(days, 1, None))):  # not logged in order of time
            order = sorted(range(len(days)), key=days.__getitem__)  # stable
            days = [days[place] for place in order]
            rows = array("L", [rows[place] for place in order])
        logs[participant_id] = DayLog(days, rows)
    return logs


contact_logs = IdentityCache(_file_contacts)
"""
Each participant's log, by participant id (participants without contacts lack one):
filed on a programme's first check and kept while the programme lives, so that checking
a loaded programme again costs no second filing.
"""


def _none_named(programme: Programme) -> dict[int, Contact]:
    return {}


named_contacts: IdentityCache[Programme, dict[int, Contact]] = IdentityCache(_none_named)
"""
The contacts that checks of a programme have named in a result's `met_by`, by place in its
log: each made once while the programme lives, so that checking it again makes none (as it
files no log again), and every result names the same object for the same contact.
"""
