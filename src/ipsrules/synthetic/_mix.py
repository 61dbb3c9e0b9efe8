"""
The status mix of a board report's example, scaled to any number of active participants.

The generator deals out what each active participant does on the report date, who left
before it and how many referrals wait, in these proportions; so the status counts on that day
are known exactly, whatever the size of the programme.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from ipsrules._model import ExitReason


class Doing(StrEnum):
    """What an active participant does on the report date, in the order of precedence."""

    COMPETITIVE_JOB = "competitive_job"
    OTHER_PAID_JOB = "other_paid_job"
    STUDIES = "studies"
    INTERNSHIP = "internship"
    SEARCHING = "searching"


# The board report's example, per 92 active participants: 22 in employment (19 in competitive
# jobs, 3 in other paid work), 15 studying, 31 in an internship, 24 in planning or job search.
REFERENCE_ACTIVE = 92
DOING_MIX = {
    Doing.COMPETITIVE_JOB: 19,
    Doing.OTHER_PAID_JOB: 3,
    Doing.STUDIES: 15,
    Doing.INTERNSHIP: 31,
    Doing.SEARCHING: 24,
}
# Per 92 active participants: those who left before the report date, by exit reason.
EXIT_MIX = {
    ExitReason.EMPLOYED: 8,
    ExitReason.STUDYING: 3,
    ExitReason.MOVED_ON: 4,
    ExitReason.DROPPED_OUT: 6,
    ExitReason.OTHER: 3,
}
# The share of those in other paid work or studies who do an internship alongside.
ALONGSIDE = {Doing.OTHER_PAID_JOB: 0.3, Doing.STUDIES: 0.2}
# Per 92 active participants: 51 referrals wait on the report date; of those, 6 are enrolled
# and 4 declined or withdrawn before the records end. 5 more arrive after the report date;
# 9 were declined and 7 withdrawn before it.
WAITING = 51
ENROLLED_LATER = 6
DECIDED_LATER = 4
REFERRED_LATER = 5
DECLINED = 9
WITHDRAWN = 7


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split *total* in proportion to *weights*, whole numbers by largest remainder."""
    whole = sum(weights)
    counts = [total * weight // whole for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def per_active(active: int, reference: int) -> int:
    """A count given per 92 active participants, scaled to *active*."""
    return apportion(active, (reference, REFERENCE_ACTIVE - reference))[0]
