"""
Each participant's contacts in order of their local day: the index that `check` reads.

Matching asks, for every window, which of one participant's contacts fall inside it.
Filed once per programme by participant and local day, the log answers that by bisection,
so the cost grows with the follow-ups and the contacts inside their windows, never with
their product.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import islice
from operator import le
from typing import NamedTuple

from ._identity_cache import IdentityCache
from ._local_days import LocalDays
from ._model import Contact, Programme


class ContactLog(NamedTuple):
    """One participant's contacts and the local day of each, in order of day."""

    days: list[date]
    contacts: list[Contact]
    """Contacts of one day in the order they were logged."""


NO_CONTACTS = ContactLog([], [])
"""The log of a participant without contacts; read, never change."""


def _file_contacts(programme: Programme) -> Mapping[str, ContactLog]:
    """
    Each participant's contact log, by participant id; participants without contacts lack
    one, and generic employer contacts (no participant) are in none.
    """
    local_day = LocalDays(programme.zone)
    days_of: dict[str, list[date]] = {}
    contacts_of: dict[str, list[Contact]] = {}
    for contact in programme.contacts:
        participant_id = contact.participant_id
        if participant_id is None:
            continue  # a generic employer contact meets no participant's follow-up
        day = local_day(contact.at)
        days = days_of.get(participant_id)
        if days is None:
            days_of[participant_id] = [day]
            contacts_of[participant_id] = [contact]
        else:
            days.append(day)
            contacts_of[participant_id].append(contact)
    logs: dict[str, ContactLog] = {}
    for participant_id, days in days_of.items():
        logged = contacts_of[participant_id]
        if not all(map(le, days, islice(days, 1, None))):  # not logged in order of time
            order = sorted(range(len(days)), key=days.__getitem__)  # stable
            days = [days[place] for place in order]
            logged = [logged[place] for place in order]
        logs[participant_id] = ContactLog(days, logged)
    return logs


contact_logs = IdentityCache(_file_contacts)
"""
Each participant's contact log, by participant id (participants without contacts lack one):
filed on a programme's first check and kept while the programme lives, so that checking
a loaded programme again costs no second filing.
"""
