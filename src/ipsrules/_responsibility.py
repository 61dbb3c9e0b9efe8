"""
Whose follow-up it is: the specialist responsible for a follow-up, judged on a day.

A case can change hands while a follow-up's window is open, so "the participant's
specialist" is not enough to say whose list or calendar a follow-up belongs in. One rule
decides it everywhere (``check --specialist``, `check_report`, per-specialist feeds): the
specialist responsible on the *deciding day*, which is the day of the check moved into the
window and into the participant's time in the service (``docs/rules.md``, "Whose follow-up
it is").
"""

from __future__ import annotations

from datetime import date

from ._model import Programme
from ._windows import FollowUp

__all__ = ["deciding_day", "responsible_for"]


def deciding_day(programme: Programme, follow_up: FollowUp, today: date) -> date:
    """
    The day whose responsible specialist the follow-up belongs to: *today* while its window
    is open, the day it opens while it is upcoming, the day it closed once it has closed;
    and never outside the participant's time in the service, so that a window that runs
    past discharge stays with whoever held the case on the last day.
    """
    day = min(max(today, follow_up.opens), follow_up.closes)
    participant = programme.participant(follow_up.participant_id)
    if participant.discharged_on is not None and day > participant.discharged_on:
        return participant.discharged_on
    return max(day, participant.enrolled_on)


def responsible_for(programme: Programme, follow_up: FollowUp, today: date) -> str | None:
    """
    The specialist the follow-up belongs to on *today*, or ``None`` when nobody was
    responsible for its participant on the deciding day (`deciding_day`).
    """
    return programme.responsible_specialist(
        follow_up.participant_id, deciding_day(programme, follow_up, today)
    )
