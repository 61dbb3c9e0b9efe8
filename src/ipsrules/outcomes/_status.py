"""
What each active participant is doing on a day, and who is waiting to get in.

A board report counts people, not jobs: someone who works and studies is counted once,
under the status that ranks highest (`PRECEDENCE`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

import attrs

from ipsrules._grouping import by_participant
from ipsrules._model import Programme, Referral


class ParticipantStatus(StrEnum):
    """What an active participant is doing on a day, highest in `PRECEDENCE` first."""

    COMPETITIVE_JOB = "competitive_job"
    OTHER_PAID_JOB = "other_paid_job"
    STUDYING = "studying"
    INTERNSHIP = "internship"
    JOB_SEARCH = "job_search"


PRECEDENCE: tuple[ParticipantStatus, ...] = tuple(ParticipantStatus)
"""
The statuses from highest to lowest: competitive job > other paid job > studies >
internship > job search or planning. A participant gets the highest that applies.
"""


class _Period(Protocol):
    @property
    def participant_id(self) -> str: ...

    def held_on(self, day: date) -> bool: ...


def status_on(programme: Programme, day: date) -> Mapping[str, ParticipantStatus]:
    """
    The status of every participant active on *day*, by participant id.

    A participant is active from enrolment to discharge, both days included
    (`Participant.active_on`). A job, study or internship counts on its first and its
    last day, and on every day between; one whose end lies after *day* is still held on
    *day*. The records are read as they stand now: a job reported late counts from its
    start, as it would in a report written today.
    """
    competitive = by_participant(job for job in programme.jobs if job.competitive)
    other_paid = by_participant(job for job in programme.jobs if not job.competitive)
    studies = by_participant(programme.studies)
    internships = by_participant(programme.internships)
    ranked: tuple[tuple[ParticipantStatus, Mapping[str, Sequence[_Period]]], ...] = (
        (ParticipantStatus.COMPETITIVE_JOB, competitive),
        (ParticipantStatus.OTHER_PAID_JOB, other_paid),
        (ParticipantStatus.STUDYING, studies),
        (ParticipantStatus.INTERNSHIP, internships),
    )
    statuses: dict[str, ParticipantStatus] = {}
    for participant in programme.participants:
        if not participant.active_on(day):
            continue
        status = ParticipantStatus.JOB_SEARCH
        for candidate, records in ranked:
            if any(record.held_on(day) for record in records.get(participant.id, ())):
                status = candidate
                break
        statuses[participant.id] = status
    return MappingProxyType(statuses)


@attrs.frozen
class StatusCounts:
    """
    How many active participants have each status on a day, and how many are waiting.

    Attributes:
        day: The day counted.
        counts: The number per status, every status present (zeros included).
        waiting: The number of referrals on the waiting list (`waiting_list`).
    """

    day: date
    counts: Mapping[ParticipantStatus, int]
    waiting: int

    @property
    def active(self) -> int:
        """All active participants: the sum of `counts`."""
        return sum(self.counts.values())

    @property
    def employment(self) -> int:
        """In paid work, the board report's "in employment": competitive plus other paid jobs."""
        return (
            self.counts[ParticipantStatus.COMPETITIVE_JOB]
            + self.counts[ParticipantStatus.OTHER_PAID_JOB]
        )

    @property
    def studying(self) -> int:
        """Studying (and not in paid work)."""
        return self.counts[ParticipantStatus.STUDYING]

    @property
    def internship(self) -> int:
        """In an internship or work trial (and not in paid work or studies)."""
        return self.counts[ParticipantStatus.INTERNSHIP]

    @property
    def job_search(self) -> int:
        """In planning or job search: active, with none of the above."""
        return self.counts[ParticipantStatus.JOB_SEARCH]


def status_counts(programme: Programme, day: date) -> StatusCounts:
    """The count of active participants per status on *day* and the waiting list's length."""
    tally = dict.fromkeys(ParticipantStatus, 0)
    for status in status_on(programme, day).values():
        tally[status] += 1
    return StatusCounts(
        day=day, counts=MappingProxyType(tally), waiting=len(waiting_list(programme, day))
    )


def waiting_list(programme: Programme, day: date) -> tuple[Referral, ...]:
    """
    The referrals waiting on *day*, longest waiting first (`Referral.waiting_on`).

    A referral waits from the day it arrives; on the day it is decided it has left the list.
    """
    waiting = [referral for referral in programme.referrals if referral.waiting_on(day)]
    waiting.sort(key=lambda referral: (referral.referred_on, referral.id))
    return tuple(waiting)
