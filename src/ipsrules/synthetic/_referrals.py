"""
The referrals of a synthetic programme: one per participant, and the waiting list.

They are drawn last, after the contact log, so that the waiting list can change without
changing any contact.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from ipsrules._model import Participant, Referral, ReferralState

from ._draws import Draws
from ._mix import DECIDED_LATER, DECLINED, REFERRED_LATER, WAITING, WITHDRAWN, per_active
from ._values import REFERRAL_SOURCE_WEIGHTS, REFERRAL_SOURCES


def draw_referrals(
    draws: Draws, people: list[Participant], active: int, first: date
) -> list[Referral]:
    """
    One enrolled referral per participant, the waiting list, and the referrals declined
    or withdrawn; numbered in the order they arrived.
    """
    rng = draws.rng
    report, known_on = draws.report_date, draws.known_on
    oldest = max(first - timedelta(days=30), report - timedelta(days=300))
    drafts: list[tuple[date, ReferralState, date | None, str | None]] = []
    for participant in people:
        enrolled = participant.enrolled_on
        if enrolled > report:  # came off the waiting list of the report date
            referred = draws.day_within(oldest, report)
        else:
            # The wait grows as the service fills: about a month at the start, about
            # five months by the report date.
            progress = (enrolled - first).days / max(1, (report - first).days)
            typical = 30 + 120 * progress
            wait = min(300, max(3, round(rng.lognormvariate(math.log(typical), 0.5))))
            referred = enrolled - timedelta(days=wait)
        drafts.append((referred, ReferralState.ENROLLED, enrolled, participant.id))
    enrolled_later = sum(participant.enrolled_on > report for participant in people)
    waiting = per_active(active, WAITING)
    decided_later = 0
    if known_on > report:
        decided_later = min(per_active(active, DECIDED_LATER), waiting - enrolled_later)
    for _ in range(decided_later):
        state = rng.choice((ReferralState.DECLINED, ReferralState.WITHDRAWN))
        decided = draws.day_within(report + timedelta(days=1), known_on)
        drafts.append((draws.day_within(oldest, report), state, decided, None))
    for _ in range(waiting - enrolled_later - decided_later):
        drafts.append((draws.day_within(oldest, report), ReferralState.REFERRED, None, None))
    if known_on > report:
        for _ in range(per_active(active, REFERRED_LATER)):
            referred = draws.day_within(report + timedelta(days=1), known_on)
            drafts.append((referred, ReferralState.REFERRED, None, None))
    decided_before = [ReferralState.DECLINED] * per_active(active, DECLINED) + [
        ReferralState.WITHDRAWN
    ] * per_active(active, WITHDRAWN)
    for state in decided_before:
        referred = draws.day_within(first - timedelta(days=30), report - timedelta(days=30))
        decided = min(report, referred + timedelta(days=rng.randint(7, 90)))
        drafts.append((referred, state, decided, None))
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i][0], i))
    width = max(4, len(str(len(drafts))))
    return [
        Referral(
            id=f"R{number:0{width}d}",
            referred_on=drafts[index][0],
            state=drafts[index][1],
            decided_on=drafts[index][2],
            participant_id=drafts[index][3],
            source=rng.choices(REFERRAL_SOURCES, weights=REFERRAL_SOURCE_WEIGHTS)[0],
        )
        for number, index in enumerate(order, start=1)
    ]
