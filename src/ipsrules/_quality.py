"""
Data-quality findings: records that are valid but unlikely to be what the service meant.

The model refuses what cannot be true (a job that ends before it starts); it accepts what is
merely odd, because odd things happen. But a contact logged before the participant enrolled,
or a job that starts after discharge, usually means a mistyped day, and the rules then give
answers that look right and are not (such a job is not counted as a job start, and no
follow-up of it opens after the discharge). `quality` lists them with the record and the
field, so that the person who keeps the records can look, and mend them or leave them be.
"""

from __future__ import annotations

import shlex
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from enum import StrEnum
from itertools import compress, count
from typing import Final

import attrs

from ._contact_index import NO_CONTACTS, DayLog, contact_logs
from ._document import JSON, Document, Paragraph, Table, records_to_csv, to_json, to_text_table
from ._grouping import by_participant
from ._local_days import LocalDays
from ._locale import QUALITY_LABELS, format_number, labels
from ._model import (
    Contact,
    ContactLog,
    Handover,
    Internship,
    Job,
    Participant,
    Programme,
    Specialist,
    Study,
)

__all__ = [
    "FAR_FUTURE_YEARS",
    "PLAUSIBLE_HOURS_PER_WEEK",
    "QUALITY_COLUMNS",
    "Finding",
    "QualityCheck",
    "QualityReport",
    "Severity",
    "quality",
    "quality_mention",
    "quality_report",
]

PLAUSIBLE_HOURS_PER_WEEK: Final = 80
"""More hours a week than this in one job, study or internship is flagged: rarely true."""

FAR_FUTURE_YEARS: Final = 50
"""An end this many years or more after its start looks like a stand-in for "no end"."""

LATE_END_NOTICE_DAYS: Final = 90
"""A job's end learnt more than this many days after it happened is flagged."""


class Severity(StrEnum):
    """How much a finding matters."""

    WARNING = "warning"
    """Most likely a mistake, and one that changes what the rules or the reports say."""
    NOTE = "note"
    """May well be right, but worth a look."""


class QualityCheck(StrEnum):
    """What a finding is about: one kind of implausible record each (see docs/limits.md)."""

    CONTACT_BEFORE_ENROLMENT = "contact_before_enrolment"
    CONTACT_AFTER_DISCHARGE = "contact_after_discharge"
    STARTS_AFTER_DISCHARGE = "starts_after_discharge"
    LONG_HOURS = "long_hours"
    OVERLAPPING_JOBS = "overlapping_jobs"
    END_LEARNT_LATE = "end_learnt_late"
    FAR_FUTURE_END = "far_future_end"
    DECLINED_BEFORE_START = "declined_before_start"
    CONTACT_OUTSIDE_POST = "contact_outside_post"
    HANDOVER_OUTSIDE_POST = "handover_outside_post"


_SEVERITY: Final[Mapping[QualityCheck, Severity]] = {
    QualityCheck.CONTACT_BEFORE_ENROLMENT: Severity.WARNING,
    QualityCheck.CONTACT_AFTER_DISCHARGE: Severity.WARNING,
    QualityCheck.STARTS_AFTER_DISCHARGE: Severity.WARNING,
    QualityCheck.LONG_HOURS: Severity.WARNING,
    QualityCheck.OVERLAPPING_JOBS: Severity.NOTE,
    QualityCheck.END_LEARNT_LATE: Severity.NOTE,
    QualityCheck.FAR_FUTURE_END: Severity.WARNING,
    QualityCheck.DECLINED_BEFORE_START: Severity.WARNING,
    QualityCheck.CONTACT_OUTSIDE_POST: Severity.WARNING,
    QualityCheck.HANDOVER_OUTSIDE_POST: Severity.WARNING,
}

QUALITY_COLUMNS: Final[tuple[str, ...]] = (
    "severity",
    "check",
    "record",
    "id",
    "participant",
    "field",
    "message",
)
"""The columns of a quality report, in its records, JSON and CSV."""


def _details(value: Iterable[tuple[str, str]] | Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple((str(key), str(text)) for key, text in pairs)


@attrs.frozen
class Finding:
    """
    One record that is valid but implausible.

    Attributes:
        check: What kind of finding it is.
        record: The kind of record, as the model names it: ``"Job"``, ``"Contact"``, ...
        id: The record's id; ``None`` for a contact logged without one (its participant and
            day are then in the message).
        participant_id: The participant the record belongs to; ``None`` for a contact with
            an employer for no one participant (job development).
        field: The field to look at first.
        details: The values the message quotes, by name (days as ``YYYY-MM-DD``).
    """

    check: QualityCheck
    record: str
    id: str | None
    participant_id: str | None
    field: str
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_details)

    @property
    def severity(self) -> Severity:
        """How much the finding matters; the same for every finding of one `check`."""
        return _SEVERITY[self.check]

    def message(self, locale: str = "en") -> str:
        """What is odd and what follows from it, in one sentence in *locale*."""
        key = f"check.{self.check.value}"
        if self.check is QualityCheck.STARTS_AFTER_DISCHARGE and self.record != "Job":
            key += ".other"  # only a job plans follow-ups and counts as a start
        return labels(QUALITY_LABELS, locale)[key].format(**dict(self.details))


def quality(programme: Programme) -> tuple[Finding, ...]:
    """
    The records of *programme* that are valid but implausible, by participant in the
    programme's order, then by kind of record; then the contacts and handovers that name a
    specialist who was not in post on their day, in the programme's order.

    Each finding names the record and the field; docs/limits.md says what each check looks
    for and why. A programme with no finding is not proof of good data, only of none of
    these mistakes.
    """
    jobs = by_participant(programme.jobs)
    studies = by_participant(programme.studies)
    internships = by_participant(programme.internships)
    # Each participant's contacts in order of local day, as matching files them (and keeps
    # them for the check that follows): the days outside their time in the service are
    # found by bisection, and a contact is made only for a finding. Generic employer
    # contacts (job development) belong to no participant's records.
    logs = contact_logs(programme)
    log = programme.contacts
    found: list[Finding] = []
    for participant in programme.participants:
        own_jobs = jobs.get(participant.id, [])
        found.extend(_contacts(participant, log, logs.get(participant.id, NO_CONTACTS)))
        found.extend(_jobs(participant, own_jobs))
        activities: list[Job | Study | Internship] = [
            *own_jobs,
            *studies.get(participant.id, []),
            *internships.get(participant.id, []),
        ]
        for activity in activities:
            found.extend(_activity(participant, activity))
    found.extend(_outside_post(programme, LocalDays(programme.zone)))
    return tuple(found)


def _outside_post(programme: Programme, local_day: LocalDays) -> Iterator[Finding]:
    """
    Contacts and handovers that name a specialist on a day outside their time in post: a
    mistyped day, or a record kept under a colleague's code. Item 17 leaves such a contact
    out, and a case handed to someone not in post has nobody responsible.
    """
    # Only a specialist with a first or last day can be out of post: every command runs
    # these checks, so the contacts of the others cost no conversion to a local day.
    dated = {
        specialist.id: specialist
        for specialist in programme.specialists
        if specialist.started_on is not None or specialist.left_on is not None
    }
    log = programme.contacts
    ats = log.column("at")
    specialist_ids = log.column("specialist_id")
    # The rows that name such a specialist, found in C: a log of 750,000 contacts is not
    # walked in Python to find the few.
    for row in compress(count(), map(dated.__contains__, specialist_ids)):
        specialist = dated[specialist_ids[row]]
        day = local_day(ats[row])
        if not specialist.in_post(day):
            yield _staff_finding(
                QualityCheck.CONTACT_OUTSIDE_POST, log[row], specialist, "specialist_id", day
            )
    for handover in programme.handovers:
        if handover.specialist_id is None:
            continue
        specialist = programme.specialist(handover.specialist_id)
        if not specialist.in_post(handover.on):
            yield _staff_finding(
                QualityCheck.HANDOVER_OUTSIDE_POST, handover, specialist, "on", handover.on
            )


def _staff_finding(
    check: QualityCheck, record: Contact | Handover, specialist: Specialist, field: str, day: date
) -> Finding:
    started = "" if specialist.started_on is None else specialist.started_on.isoformat()
    left = "" if specialist.left_on is None else specialist.left_on.isoformat()
    return Finding(
        check,
        type(record).__name__,
        record.id,
        record.participant_id,
        field,
        {"day": day.isoformat(), "specialist": specialist.id, "post": f"{started}..{left}"},
    )


def _finding(
    check: QualityCheck, record: object, participant: Participant, field: str, **details: object
) -> Finding:
    return Finding(
        check,
        type(record).__name__,
        getattr(record, "id", None),
        participant.id,
        field,
        {key: _shown(value) for key, value in details.items()},
    )


def _shown(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format_number(value, digits=0 if value == int(value) else 1)
    return str(value)


def _contacts(participant: Participant, log: ContactLog, filed: DayLog) -> Iterator[Finding]:
    """The participant's contacts before enrolment or after discharge, in the log's order."""
    enrolled = participant.enrolled_on
    discharged = participant.discharged_on
    days, rows = filed
    before = bisect_left(days, enrolled)
    after = len(days) if discharged is None else bisect_right(days, discharged, before)
    early = zip(rows[:before], days[:before], strict=True)
    late = zip(rows[after:], days[after:], strict=True)
    for row, day in sorted([*early, *late]):
        contact = log[row]
        if day < enrolled:
            yield _finding(
                QualityCheck.CONTACT_BEFORE_ENROLMENT,
                contact,
                participant,
                "at",
                day=day,
                enrolled=enrolled,
            )
        else:
            yield _finding(
                QualityCheck.CONTACT_AFTER_DISCHARGE,
                contact,
                participant,
                "at",
                day=day,
                discharged=discharged,
            )


def _jobs(participant: Participant, jobs: list[Job]) -> Iterator[Finding]:
    ordered = sorted(jobs, key=lambda job: (job.start, job.id))
    for later_index, later in enumerate(ordered):
        for earlier in ordered[:later_index]:
            if earlier.end is None or earlier.end >= later.start:
                yield _finding(
                    QualityCheck.OVERLAPPING_JOBS,
                    later,
                    participant,
                    "start",
                    start=later.start,
                    other=earlier.id,
                )
                break
        if later.end is not None and later.end_known_on is not None:
            late = (later.end_known_on - later.end).days
            if late > LATE_END_NOTICE_DAYS:
                yield _finding(
                    QualityCheck.END_LEARNT_LATE,
                    later,
                    participant,
                    "end_known_on",
                    end=later.end,
                    known=later.end_known_on,
                    days=late,
                )
        declined = later.follow_along_declined_on
        if declined is not None and declined < later.start:
            yield _finding(
                QualityCheck.DECLINED_BEFORE_START,
                later,
                participant,
                "follow_along_declined_on",
                declined=declined,
                start=later.start,
            )


def _activity(participant: Participant, record: Job | Study | Internship) -> Iterator[Finding]:
    discharged = participant.discharged_on
    if discharged is not None and record.start > discharged:
        yield _finding(
            QualityCheck.STARTS_AFTER_DISCHARGE,
            record,
            participant,
            "start",
            start=record.start,
            discharged=discharged,
        )
    hours = record.hours_per_week
    if hours is not None and hours > PLAUSIBLE_HOURS_PER_WEEK:
        yield _finding(
            QualityCheck.LONG_HOURS,
            record,
            participant,
            "hours_per_week",
            hours=float(hours),
            most=PLAUSIBLE_HOURS_PER_WEEK,
        )
    end = record.end
    if end is not None and end.year - record.start.year >= FAR_FUTURE_YEARS:
        yield _finding(
            QualityCheck.FAR_FUTURE_END, record, participant, "end", end=end, start=record.start
        )


# --- the report -----------------------------------------------------------------------


@attrs.frozen
class QualityReport:
    """
    The findings of `quality`, warnings first, as what ``ipsrules quality`` prints.

    Attributes:
        findings: The findings, warnings before notes, otherwise in `quality`'s order.
    """

    findings: tuple[Finding, ...]

    def counts(self) -> dict[Severity, int]:
        """How many findings of each severity, every severity listed."""
        counted = Counter(finding.severity for finding in self.findings)
        return {severity: counted[severity] for severity in Severity}

    def to_records(self, locale: str = "en") -> list[dict[str, str | None]]:
        """One dict per finding: `QUALITY_COLUMNS`, the message in *locale*."""
        return [
            {
                "severity": finding.severity.value,
                "check": finding.check.value,
                "record": finding.record,
                "id": finding.id,
                "participant": finding.participant_id,
                "field": finding.field,
                "message": finding.message(locale),
            }
            for finding in self.findings
        ]

    def to_dict(self, locale: str = "en") -> dict[str, JSON]:
        """JSON-ready data: the count of each severity and the findings."""
        return {
            "counts": {severity.value: n for severity, n in self.counts().items()},
            "findings": self.to_records(locale),
        }

    def to_json(self, locale: str = "en") -> str:
        """The findings as a JSON list of `to_records` dicts."""
        return to_json(self.to_records(locale))

    def to_csv(self, locale: str = "en") -> str:
        """The findings as CSV under a header of `QUALITY_COLUMNS`."""
        return records_to_csv(QUALITY_COLUMNS, self.to_records(locale))

    def to_table(self, locale: str = "en") -> Table:
        """The findings as a `Table`, with labels and severities in *locale*."""
        text = labels(QUALITY_LABELS, locale)
        header = tuple(text[f"column.{column}"] for column in QUALITY_COLUMNS if column != "check")
        rows = [
            (
                text[f"severity.{record['severity']}"],
                str(record["record"]),
                record["id"] or "-",
                record["participant"] or "-",
                str(record["field"]),
                str(record["message"]),
            )
            for record in self.to_records(locale)
        ]
        return Table(header, rows)

    def to_text(self, locale: str = "en") -> str:
        """A table for a terminal and a count, or one line saying there is nothing to report."""
        if not self.findings:
            return labels(QUALITY_LABELS, locale)["nothing"] + "\n"
        return to_text_table(self.to_table(locale)) + "\n\n" + self.summary(locale) + "\n"

    def to_document(self, locale: str = "en") -> Document:
        """The report as a `Document`: the table and the count, in *locale*."""
        text = labels(QUALITY_LABELS, locale)
        if not self.findings:
            return Document(text["title"], locale, [Paragraph(text["nothing"])])
        return Document(
            text["title"], locale, [self.to_table(locale), Paragraph(self.summary(locale))]
        )

    def summary(self, locale: str = "en") -> str:
        """How many findings of each severity, in one line."""
        text = labels(QUALITY_LABELS, locale)
        counts = self.counts()
        return text["summary"].format(
            warnings=text["warning" if counts[Severity.WARNING] == 1 else "warnings"].format(
                n=counts[Severity.WARNING]
            ),
            notes=text["note" if counts[Severity.NOTE] == 1 else "notes"].format(
                n=counts[Severity.NOTE]
            ),
        )


def quality_report(programme: Programme) -> QualityReport:
    """The findings of `quality` on *programme* as a report, warnings first."""
    findings = quality(programme)
    order = {severity: rank for rank, severity in enumerate(Severity)}
    return QualityReport(tuple(sorted(findings, key=lambda finding: order[finding.severity])))


def quality_mention(findings: tuple[Finding, ...], file: str, locale: str = "en") -> str | None:
    """
    The line that every command but ``quality`` writes to standard error about *findings*
    in the programme read from *file*, or ``None`` when there are none.
    """
    if not findings:
        return None
    text = labels(QUALITY_LABELS, locale)
    shown = shlex.quote(file)
    if len(findings) == 1:
        return text["mention.one"].format(file=shown)
    return text["mention"].format(count=len(findings), file=shown)
