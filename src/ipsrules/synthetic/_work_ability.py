"""
Judgements of work ability in a synthetic programme: for some participants, one made around
referral, and for a few of them a second one some months into the service.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ipsrules._model import Programme, WorkAbilityAssessment

from ._dates import weekday


def draw_judgements(
    programme: Programme, rng: random.Random, known_on: date
) -> list[WorkAbilityAssessment]:
    """
    About two in five participants judged in the weeks before they enrolled, mostly able to
    work; one in four of those judged again three to ten months later, while still in the
    service and by *known_on*. In order of day, numbered ``WA0001``, ...
    """
    found: list[WorkAbilityAssessment] = []
    for participant in programme.participants:
        if rng.random() >= 0.4:
            continue
        first = weekday(participant.enrolled_on - timedelta(days=rng.randint(7, 40)))
        if first >= participant.enrolled_on:  # a weekend moved it onto the day of entry
            first = participant.enrolled_on
        able = rng.random() < 0.8
        found.append(WorkAbilityAssessment(participant.id, first, able))
        if rng.random() < 0.25:
            again = weekday(participant.enrolled_on + timedelta(days=rng.randint(90, 300)))
            if again <= known_on and participant.active_on(again):
                found.append(
                    WorkAbilityAssessment(participant.id, again, able or rng.random() < 0.5)
                )
    found.sort(key=lambda judged: (judged.on, judged.participant_id))
    return [
        WorkAbilityAssessment(j.participant_id, j.on, j.able_to_work, id=f"WA{number:04d}")
        for number, j in enumerate(found, start=1)
    ]
