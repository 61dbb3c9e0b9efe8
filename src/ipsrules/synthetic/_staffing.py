"""
Staff who come and go in a synthetic programme: a specialist who starts after the service
opened, one who leaves after the report date, and the handovers of their cases.

The days are planned before the contact log, so that job development is logged only while
a specialist is in post; the cases and contacts are moved once the records are drawn. Both
draw from a source of their own, so that the rest of the records (and the figures on the
report date) stay what they were: on the report date every specialist is in post and holds
the cases they held before.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs

from ipsrules._model import Contact, Handover, Participant, Programme, Specialist

from ._dates import weekday

# The leaver's cases go to colleagues on the first working day after they leave; about one
# in four waits this much longer for a new specialist.
_WAIT = timedelta(days=14)


@attrs.frozen
class StaffChanges:
    """Who starts late and who leaves, and on which days."""

    starter: str
    starts: date
    leaver: str
    leaves: date

    def dated(self, staff: list[Specialist]) -> list[Specialist]:
        """*staff* with the starter's first day and the leaver's last day in post."""
        return [
            attrs.evolve(s, started_on=self.starts)
            if s.id == self.starter
            else attrs.evolve(s, left_on=self.leaves)
            if s.id == self.leaver
            else s
            for s in staff
        ]


def plan_staff_changes(
    staff: list[Specialist], rng: random.Random, opened: date, report_date: date, until: date
) -> StaffChanges | None:
    """
    The last specialist starts two to three months after the service *opened*, and the
    second leaves on the Friday about two weeks after *report_date*; ``None`` (nobody comes
    or goes) with fewer than three specialists, or when the records from *opened* to
    *until* do not reach past both days and the wait for a new specialist.
    """
    if len(staff) < 3:
        return None
    starts = weekday(opened + timedelta(days=rng.randint(60, 90)))
    leaves = _friday_before(report_date + timedelta(days=16))
    if not (starts < report_date < leaves and leaves + 2 * _WAIT < until):
        return None
    return StaffChanges(staff[-1].id, starts, staff[1].id, leaves)


def apply_staff_changes(
    programme: Programme, changes: StaffChanges, rng: random.Random
) -> Programme:
    """
    *programme*, whose specialists are already dated, with the cases moved as a team would
    move them: the starter's cases from before they started are held by a colleague and
    handed to them on their first day; the leaver's open cases are handed to colleagues on
    the next working day, or two weeks later for about one in four (who wait for a new
    specialist meanwhile); and every contact is in the name of a specialist in post.
    """
    starter, leaver, starts, leaves = (
        changes.starter,
        changes.leaver,
        changes.starts,
        changes.leaves,
    )
    others = [s.id for s in programme.specialists if s.id not in (starter, leaver)]
    monday = weekday(leaves + timedelta(days=1))
    people: list[Participant] = []
    handovers: list[Handover] = []
    for participant in programme.participants:
        first = participant.specialist_id
        if first == starter and participant.enrolled_on < starts:
            first = rng.choice(others)
            if participant.active_on(starts):
                handovers.append(Handover(participant.id, starts, starter))
        elif first == leaver and participant.enrolled_on > leaves:
            first = rng.choice([*others, starter])
        elif first == leaver and participant.active_on(monday):
            on = monday + _WAIT if rng.random() < 0.25 else monday
            if participant.active_on(on):
                handovers.append(Handover(participant.id, on, rng.choice([*others, starter])))
        if first != participant.specialist_id:
            participant = attrs.evolve(participant, specialist_id=first)
        people.append(participant)
    handovers.sort(key=lambda handover: (handover.on, handover.participant_id))
    moved = attrs.evolve(
        programme,
        participants=people,
        handovers=[
            attrs.evolve(handover, id=f"H{number:04d}")
            for number, handover in enumerate(handovers, start=1)
        ],
    )
    contacts = _made_by_staff_in_post(moved, {starter, leaver}, rng)
    return attrs.evolve(moved, contacts=contacts)


def _made_by_staff_in_post(
    programme: Programme, changed: set[str], rng: random.Random
) -> list[Contact]:
    """
    The contacts, each in the name of a specialist in post on its day: one logged for a
    specialist who had not started or had left goes to the participant's responsible
    specialist, or to a colleague covering while the participant waits for one. Only the
    specialists in *changed* have days out of post.
    """
    zone = programme.zone
    found: list[Contact] = []
    for contact in programme.contacts:
        specialist_id = contact.specialist_id
        if specialist_id not in changed:
            found.append(contact)
            continue
        day = contact.local_date(zone)
        if specialist_id is None or programme.in_post(specialist_id, day):
            found.append(contact)
            continue
        responsible = None
        if contact.participant_id is not None:
            responsible = programme.responsible_specialist(contact.participant_id, day)
        if responsible is None:
            responsible = rng.choice([s.id for s in programme.specialists_in_post(day)])
        found.append(attrs.evolve(contact, specialist_id=responsible))
    return found


def _friday_before(day: date) -> date:
    """*day* if it is a Friday, else the Friday before it."""
    return day - timedelta(days=(day.weekday() - 4) % 7)
