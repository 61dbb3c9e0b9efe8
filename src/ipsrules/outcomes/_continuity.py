"""
Continuity: whether each participant keeps one employment specialist, and who is left
without one.

Service users ask first of all for one contact person who stays. These figures say how
often cases changed hands in a period, who had no responsible specialist, and who is still
waiting for a new one after their specialist left; `docs/outcomes.md` defines each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import attrs

from ipsrules._grouping import by_participant
from ipsrules._model import Handover, Participant, Programme, Specialist
from ipsrules._period import Period

from ._metrics import Count, Summary


@attrs.frozen
class Responsibility:
    """
    Days on which one specialist is responsible for one participant.

    Attributes:
        participant_id: Whose case.
        specialist_id: The specialist responsible.
        first: The first day.
        last: The last day, or ``None`` while it lasts.
    """

    participant_id: str
    specialist_id: str
    first: date
    last: date | None

    def days_in(self, first: date, last: date) -> int:
        """How many days of *first* to *last* (both included) it covers."""
        start = max(self.first, first)
        end = last if self.last is None else min(self.last, last)
        return max(0, (end - start).days + 1)


def _assignments(
    participant: Participant, handovers: Iterable[Handover]
) -> list[tuple[date, str | None]]:
    """
    The specialist the records give the case to from each day on: the participant's own
    `specialist_id` from enrolment, then each of their *handovers*; a handover on the day of
    enrolment replaces the first assignment.
    """
    marks: dict[date, str | None] = {participant.enrolled_on: participant.specialist_id}
    for handover in handovers:
        marks[handover.on] = handover.specialist_id
    return sorted(marks.items())


def responsibilities(programme: Programme, participant: Participant) -> tuple[Responsibility, ...]:
    """
    The spans in which a specialist is responsible for *participant*, in order of day.

    A specialist is responsible from the day the case is given to them (enrolment or a
    handover) until it is given to another, the participant leaves, or the specialist
    leaves, whichever comes first, and only on days they are in post.
    """
    staff = {specialist.id: specialist for specialist in programme.specialists}
    marks = _assignments(participant, programme.handovers_of(participant.id))
    return _responsibilities(participant, marks, staff)


def _responsibilities(
    participant: Participant,
    marks: list[tuple[date, str | None]],
    staff: Mapping[str, Specialist],
) -> tuple[Responsibility, ...]:
    spans: list[Responsibility] = []
    for index, (first, specialist_id) in enumerate(marks):
        if specialist_id is None:
            continue
        last: date | None = participant.discharged_on
        if index + 1 < len(marks):
            last = marks[index + 1][0] - timedelta(days=1)
        specialist = staff[specialist_id]
        if specialist.started_on is not None:
            first = max(first, specialist.started_on)
        if specialist.left_on is not None:
            last = specialist.left_on if last is None else min(last, specialist.left_on)
        if last is None or first <= last:
            spans.append(Responsibility(participant.id, specialist_id, first, last))
    return tuple(spans)


def handovers_in(programme: Programme, participant: Participant, period: Period) -> int:
    """
    How many times in *period* the case passed to a new specialist: handovers whose day is
    in the period and which name a specialist other than the last one named before (a first
    assignment, a handover to nobody, or back to the same specialist is not counted).
    """
    return _handovers_in(_assignments(participant, programme.handovers_of(participant.id)), period)


def _handovers_in(marks: list[tuple[date, str | None]], period: Period) -> int:
    count = 0
    named: str | None = None
    for day, specialist_id in marks:
        if specialist_id is None:
            continue
        if named is not None and specialist_id != named and day in period:
            count += 1
        named = specialist_id
    return count


@attrs.frozen
class Continuity:
    """
    The continuity figures of a programme over a period and on its last day.

    Attributes:
        period: The days covered; the figures "on the day" are for its last day.
        handovers: Handovers in the period per participant served (evidence: participants).
        handed_over: Participants served whose case passed to a new specialist in the period.
        without_specialist: Participants served who had days in the period, while active,
            with no responsible specialist, and how many such days each.
        without_specialist_on_day: Participants active on the last day with no responsible
            specialist then.
        waiting_for_specialist: Participants active on the last day with no responsible
            specialist who had one before, with the days waited since their last one.
        caseloads: The number of participants each specialist in post on the last day is
            responsible for, by specialist id, in the programme's order.
    """

    period: Period
    handovers: Summary
    handed_over: Count
    without_specialist: Summary
    without_specialist_on_day: Count
    waiting_for_specialist: Summary
    caseloads: tuple[tuple[str, int], ...]

    def all(self) -> tuple[Count | Summary, ...]:
        """Every figure but the caseloads, in the order of the attributes."""
        return (
            self.handovers,
            self.handed_over,
            self.without_specialist,
            self.without_specialist_on_day,
            self.waiting_for_specialist,
        )


def continuity(programme: Programme, start: date, end: date) -> Continuity:
    """
    The continuity of *programme* from *start* to *end*, both days included, and on *end*.

    Raises:
        ValidationError: *end* is before *start*.
    """
    period = Period(start, end)
    served: list[str] = []
    counts: list[float] = []
    handed: list[str] = []
    without: list[tuple[str, float]] = []
    without_on_day: list[str] = []
    waiting: list[tuple[str, float]] = []
    staff = {specialist.id: specialist for specialist in programme.specialists}
    handovers = by_participant(programme.handovers)
    caseload = {specialist.id: 0 for specialist in programme.specialists if specialist.in_post(end)}
    for participant in programme.participants:
        first = max(participant.enrolled_on, start)
        last = end if participant.discharged_on is None else min(participant.discharged_on, end)
        if first > last:
            continue
        served.append(participant.id)
        marks = _assignments(participant, handovers.get(participant.id, ()))
        number = _handovers_in(marks, period)
        counts.append(float(number))
        if number:
            handed.append(participant.id)
        spans = _responsibilities(participant, marks, staff)
        covered = sum(span.days_in(first, last) for span in spans)
        if covered < (last - first).days + 1:
            without.append((participant.id, float((last - first).days + 1 - covered)))
        if not participant.active_on(end):
            continue
        now = next((span for span in spans if span.days_in(end, end)), None)
        if now is not None:
            caseload[now.specialist_id] += 1
            continue
        without_on_day.append(participant.id)
        before = [span.last for span in spans if span.last is not None and span.last < end]
        if before:
            waiting.append((participant.id, float((end - max(before)).days)))
    return Continuity(
        period=period,
        handovers=Summary(
            "handovers",
            "Handovers in the period for each participant served: handovers whose day is in "
            "the period and which pass the case to a specialist other than the last one named "
            "before (a first assignment, a handover to nobody, or back to the same specialist "
            "is not counted). Evidence: participant ids.",
            tuple(counts),
            tuple(served),
        ),
        handed_over=Count(
            "handed_over",
            "Participants served whose case passed to a new specialist in the period (at "
            "least one handover, as counted in handovers).",
            tuple(handed),
        ),
        without_specialist=Summary(
            "without_specialist",
            "Participants served who, on at least one day of the period on which they were "
            "active, had no responsible specialist (none assigned, or the one assigned not in "
            "post); the values are the number of such days. Evidence: participant ids.",
            tuple(days for _, days in without),
            tuple(pid for pid, _ in without),
        ),
        without_specialist_on_day=Count(
            "without_specialist_on_day",
            "Participants active on the last day of the period with no responsible specialist "
            "that day.",
            tuple(without_on_day),
        ),
        waiting_for_specialist=Summary(
            "waiting_for_specialist",
            "Participants active on the last day of the period with no responsible specialist "
            "that day who had one before (their specialist left, or the case was released "
            "without a new one); the values are the days waited, from the day after their last "
            "responsible specialist's last day to the last day of the period. Evidence: "
            "participant ids.",
            tuple(days for _, days in waiting),
            tuple(pid for pid, _ in waiting),
        ),
        caseloads=tuple(caseload.items()),
    )
