"""
The record checks as they were before issue 15 made them cheaper: a frozen copy.

`tests/test_record_checks.py` holds the records of `ipsrules` to these: for every value,
good or bad, a record must be accepted, or refused with the same error, as it was. The
classes keep their names, for an error names the record by its class.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs

from ipsrules import ContactMode, ExitReason, Party, ReferralState, Setting, ValidationError

# --- ipsrules/_validators.py as it was ----------------------------------------
EARLIEST: Final = date(1900, 1, 1)
"""The first day a record or a period may name."""

LATEST: Final = date(2999, 12, 31)
"""
The last day a record or a period may name. Every window, month sum, feed end (a day
later) and period built from a day up to it stays far inside what Python's dates can hold
(year 9999), so no operation on a valid record can overflow.
"""

MAX_CODE_LENGTH: Final = 64
"""The most characters an id (a record's code, or a reference to one) may have."""

MAX_TEXT_LENGTH: Final = 200
"""The most characters any other text field (a name, a category) may have."""

# Characters no field may hold: they cannot be written as UTF-8 (lone surrogates), or they
# would act on a terminal, a table or a calendar line instead of being shown (control
# characters, escape sequences, line and paragraph separators, and the bidirectional
# controls that reorder the rest of a line).
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cs", "Zl", "Zp"})
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _noncharacter(character: str) -> bool:
    """
    One of Unicode's 66 noncharacters (U+FDD0..U+FDEF, and the last two code points of
    every plane): never meant for interchange, and XML, so a workbook, cannot hold U+FFFE
    or U+FFFF.
    """
    point = ord(character)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""An attrs validator: called with the record, the field and the value."""


def describe(record: object) -> str:
    """
    Name a record for an error message, by its id where it has one.

    A record without an id that belongs to a participant at a moment (a contact) or on a
    day (a handover) is named by those, and a generic employer contact, which names no
    participant, by its specialist; any other by its kind.
    """
    kind = type(record).__name__
    record_id = getattr(record, "id", None)
    if record_id is not None:
        return f"{kind} {record_id!r}"
    if hasattr(record, "participant_id") and hasattr(record, "at"):
        participant_id = record.participant_id
        specialist_id = getattr(record, "specialist_id", None)
        if participant_id is None and specialist_id is not None:
            return f"{kind} of specialist {specialist_id!r} at {record.at!s}"
        return f"{kind} of participant {participant_id!r} at {record.at!s}"
    if hasattr(record, "participant_id") and hasattr(record, "on"):
        return f"{kind} of participant {record.participant_id!r} on {record.on!s}"
    return kind


def fail(record: object, field: attrs.Attribute[Any], reason: str) -> ValidationError:
    """The error for *field* of *record*, which the record is refused with."""
    return ValidationError(describe(record), field.name, reason)


def not_before(other: str) -> Validator:
    """The field, when set, is on or after the field named *other* of the same record."""

    def check(record: object, field: attrs.Attribute[Any], value: date | None) -> None:
        earlier = getattr(record, other)
        if value is not None and earlier is not None and value < earlier:
            raise fail(record, field, f"{value} is before {other} {earlier}")

    return check


def date_problem(value: date) -> str | None:
    """Why the day of *value* is outside `EARLIEST`..`LATEST`, or ``None`` when it is inside."""
    day = value.date() if isinstance(value, datetime) else value
    if day < EARLIEST:
        return f"{day} is before {EARLIEST}, the first day ipsrules accepts"
    if day > LATEST:
        return f"{day} is after {LATEST}, the last day ipsrules accepts"
    return None


def in_range(record: object, field: attrs.Attribute[Any], value: date) -> None:
    """The day of *value* is within `EARLIEST`..`LATEST`."""
    problem = date_problem(value)
    if problem is not None:
        if field.default is None and value > LATEST:  # an optional end, such as a job's
            problem += "; to say that it has not ended (yet), leave the field empty"
        raise fail(record, field, problem)


def plain_date(record: object, field: attrs.Attribute[Any], value: object) -> None:
    """
    The field is a date without a time (a `datetime` is a date too, and is refused), within
    `EARLIEST`..`LATEST`.
    """
    if isinstance(value, datetime) or not isinstance(value, date):
        raise fail(record, field, f"expected a date (without a time), got {value!r}")
    in_range(record, field, value)


def text_problem(value: str, max_length: int) -> str | None:
    """
    Why *value* is not text that every output can carry, or ``None`` when it is: at least
    one character that is not a space, at most *max_length* characters, and none that
    `_REFUSED_CATEGORIES` and `_BIDI_CONTROLS` name, nor a noncharacter.
    """
    if not value.strip():
        return f"expected a non-empty string, got {value!r}"
    if len(value) > max_length:
        return f"is {len(value)} characters long; the most allowed is {max_length}"
    if value.isprintable():  # the common case, without a loop: no refused character
        return None
    for position, character in enumerate(value):
        if (
            unicodedata.category(character) in _REFUSED_CATEGORIES
            or character in _BIDI_CONTROLS
            or _noncharacter(character)
        ):
            return (
                f"holds the character U+{ord(character):04X} at position {position + 1}, "
                "which outputs cannot carry (control characters, escape sequences, line "
                "separators, bidirectional controls, noncharacters and lone surrogates are "
                "refused)"
            )
    return None


def text(max_length: int) -> Validator:
    """The field is a string that `text_problem` finds nothing wrong with."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise fail(record, field, f"expected a non-empty string, got {value!r}")
        problem = text_problem(value, max_length)
        if problem is not None:
            raise fail(record, field, problem)

    return check


# --- ipsrules/_model.py as it was -----------------------------------------------

# --- validators -------------------------------------------------------------
# Each raises a ValidationError that names the record (through `_describe`)
# and the field, so a bad row in a spreadsheet export can be found and mended.


_code = text(MAX_CODE_LENGTH)
"""An id, or a reference to one: text that every output can carry, up to 64 characters."""

_text = text(MAX_TEXT_LENGTH)
"""A name or a category: text that every output can carry, up to 200 characters."""


def _optional(validator: Validator) -> Validator:
    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            validator(record, field, value)

    return check


def _non_negative(
    kind: type[int] | type[float], most: float | None = None, why: str = ""
) -> Validator:
    """A finite number of at least 0 and, when *most* is given, at most *most* (*why* so)."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        allowed = (int, float) if kind is float else (int,)
        if isinstance(value, bool) or not isinstance(value, allowed):
            expected = "a number" if kind is float else "a whole number"
            raise fail(record, field, f"expected {expected}, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise fail(record, field, f"must not be negative, got {value!r}")
        if most is not None and value > most:
            raise fail(record, field, f"must be at most {most:g}{why}, got {value!r}")

    return check


MAX_HOURS_PER_WEEK: Final = 168
"""The most hours a week a job, a study or an internship may have: the hours of a week."""

MAX_MINUTES: Final = 24 * 60
"""The most minutes a contact may last: a day."""

MIN_FTE: Final = 0.01
"""The least full-time equivalent a specialist may have: a hundredth of full time."""

_hours = _non_negative(float, MAX_HOURS_PER_WEEK, " (the hours of a whole week)")


def _member(enum: type[StrEnum]) -> Validator:
    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum):
            choices = ", ".join(member.value for member in enum)
            raise fail(record, field, f"expected a {enum.__name__} ({choices}), got {value!r}")

    return check


def _needs(other: str) -> Validator:
    """The field may only be set when the field named *other* of the same record is set."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and getattr(record, other) is None:
            raise fail(record, field, f"is set but {other} is not")

    return check


# --- records ----------------------------------------------------------------


@attrs.frozen
class Specialist:
    """
    An employment specialist.

    Attributes:
        id: The specialist's code, unique in the programme.
        name: A display name; never written to calendar feeds by default.
        fte: Full-time equivalent spent in the IPS service, from 0.01 (`MIN_FTE`) to 1.
        employment_share: The share of the specialist's working time spent on employment
            services, from 0 to 1, when known (fidelity item 2 asks for it).
        started_on: The specialist's first day in post, when known; ``None`` means in post
            from before any record.
        left_on: The specialist's last day in post, once they have left; not before
            *started_on*. ``None`` means still in post.
    """

    id: str = attrs.field(validator=_code)
    name: str | None = attrs.field(default=None, validator=_optional(_text))
    fte: float = attrs.field(default=1.0, validator=_non_negative(float))
    employment_share: float | None = attrs.field(
        default=None, validator=_optional(_non_negative(float))
    )
    started_on: date | None = attrs.field(default=None, validator=_optional(plain_date))
    left_on: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("started_on")]
    )

    def in_post(self, day: date) -> bool:
        """Whether the specialist works in the service on *day*: start to leaving, inclusive."""
        return (self.started_on is None or self.started_on <= day) and (
            self.left_on is None or day <= self.left_on
        )

    @fte.validator
    def _check_fte(self, field: attrs.Attribute[float], value: float) -> None:
        if not MIN_FTE <= value <= 1:
            raise fail(self, field, f"must be from {MIN_FTE} to 1, got {value!r}")

    @employment_share.validator
    def _check_employment_share(self, field: attrs.Attribute[float | None], value: object) -> None:
        if isinstance(value, int | float) and value > 1:
            raise fail(self, field, f"is a share from 0 to 1, got {value!r}")


@attrs.frozen
class Participant:
    """
    A person taking part in the IPS service, known by a pseudonymous code.

    Attributes:
        id: The participant's pseudonymous code, unique in the programme.
        enrolled_on: The day the participant entered the service.
        specialist_id: The employment specialist who holds the case from enrolment, if any;
            a `Handover` passes the case to another from a later day.
        discharged_on: The day the participant left the service, if they have.
        exit_reason: Why they left; needs *discharged_on*.
        income_support_at_entry: The participant's main public income support when they
            entered, an open category such as ``"activity_compensation"`` or
            ``"financial_assistance"``; `NO_INCOME_SUPPORT` (``"none"``) for none, and
            ``None`` when it is not known.
        income_support_at_exit: The same when they left; needs *discharged_on*.
    """

    id: str = attrs.field(validator=_code)
    enrolled_on: date = attrs.field(validator=plain_date)
    specialist_id: str | None = attrs.field(default=None, validator=_optional(_code))
    discharged_on: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("enrolled_on")]
    )
    exit_reason: ExitReason | None = attrs.field(
        default=None, validator=[_optional(_member(ExitReason)), _needs("discharged_on")]
    )
    income_support_at_entry: str | None = attrs.field(default=None, validator=_optional(_text))
    income_support_at_exit: str | None = attrs.field(
        default=None, validator=[_optional(_text), _needs("discharged_on")]
    )

    def active_on(self, day: date) -> bool:
        """Whether the participant is in the service on *day*: enrolment to discharge, inclusive."""
        return self.enrolled_on <= day and (self.discharged_on is None or day <= self.discharged_on)


@attrs.frozen
class Job:
    """
    A job a participant holds or held.

    Attributes:
        id: The job's code, unique in the programme.
        participant_id: Who holds the job.
        start: The first working day.
        end: The last working day, once the job has ended.
        end_known_on: The day the specialist learnt that the job ended or would end (defaults
            to *end* where the rules need it). It needs *end*, and it is not before *start*: an
            end known from the outset, as in a fixed-term job, is known on the first day.
        reported_on: The day the job was reported to the service, when that was late.
        employer: The employer's name; never written to calendar feeds by default.
        job_type: A free category such as ``"retail"``, used for fidelity's diversity items.
        competitive: Whether this is a competitive job (open market, market pay, not set
            aside for people with disabilities).
        hours_per_week: Contracted hours a week.
        follow_along_declined_on: The day the participant declined further follow-along
            support for this job.
    """

    id: str = attrs.field(validator=_code)
    participant_id: str = attrs.field(validator=_code)
    start: date = attrs.field(validator=plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("start")]
    )
    end_known_on: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("start")]
    )
    reported_on: date | None = attrs.field(default=None, validator=_optional(plain_date))
    employer: str | None = attrs.field(default=None, validator=_optional(_text))
    job_type: str | None = attrs.field(default=None, validator=_optional(_text))
    competitive: bool = attrs.field(default=True)
    hours_per_week: float | None = attrs.field(default=None, validator=_optional(_hours))
    follow_along_declined_on: date | None = attrs.field(
        default=None, validator=_optional(plain_date)
    )

    @end_known_on.validator
    def _check_end_known_on(self, field: attrs.Attribute[date | None], value: object) -> None:
        if value is not None and self.end is None:
            raise fail(self, field, "is set but the job has no end date")

    @competitive.validator
    def _check_competitive(self, field: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise fail(self, field, f"expected True or False, got {value!r}")

    @property
    def end_learnt_on(self) -> date | None:
        """The day the end became known, which is *end_known_on*, else *end*."""
        return self.end_known_on if self.end_known_on is not None else self.end

    def held_on(self, day: date) -> bool:
        """Whether the job runs on *day* (from *start* to *end*, both inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen
class Study:
    """
    A period of education a participant follows: IPS supports studies as well as jobs.

    Attributes:
        id: The study's code, unique in the programme.
        participant_id: Who studies.
        start: The first day.
        end: The last day, once it has ended.
        kind: A free category such as ``"adult_education"`` or ``"university"``.
        hours_per_week: Scheduled hours a week.
    """

    id: str = attrs.field(validator=_code)
    participant_id: str = attrs.field(validator=_code)
    start: date = attrs.field(validator=plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("start")]
    )
    kind: str | None = attrs.field(default=None, validator=_optional(_text))
    hours_per_week: float | None = attrs.field(default=None, validator=_optional(_hours))

    def held_on(self, day: date) -> bool:
        """Whether the study runs on *day* (from *start* to *end*, both inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen
class Internship:
    """
    An unpaid placement or work trial: work experience, but not a competitive job.

    Attributes:
        id: The internship's code, unique in the programme.
        participant_id: Who does it.
        start: The first day.
        end: The last day, once it has ended.
        employer: The host workplace's name; never written to calendar feeds by default.
        hours_per_week: Scheduled hours a week.
    """

    id: str = attrs.field(validator=_code)
    participant_id: str = attrs.field(validator=_code)
    start: date = attrs.field(validator=plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("start")]
    )
    employer: str | None = attrs.field(default=None, validator=_optional(_text))
    hours_per_week: float | None = attrs.field(default=None, validator=_optional(_hours))

    def held_on(self, day: date) -> bool:
        """Whether the internship runs on *day* (from *start* to *end*, both inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen
class Referral:
    """
    A referral to the service: the waiting list is the referrals not yet decided.

    Attributes:
        id: The referral's code, unique in the programme.
        referred_on: The day the referral arrived.
        state: Where it stands now.
        decided_on: The day it left the waiting list (enrolled, declined or withdrawn);
            required for those states, refused for a referral still waiting, and not before
            *referred_on*.
        participant_id: The participant it became; required when *state* is enrolled and
            refused otherwise.
        source: Who referred, as a free category such as ``"psychiatry"``.
    """

    id: str = attrs.field(validator=_code)
    referred_on: date = attrs.field(validator=plain_date)
    state: ReferralState = attrs.field(
        default=ReferralState.REFERRED, validator=_member(ReferralState)
    )
    decided_on: date | None = attrs.field(
        default=None, validator=[_optional(plain_date), not_before("referred_on")]
    )
    participant_id: str | None = attrs.field(default=None, validator=_optional(_code))
    source: str | None = attrs.field(default=None, validator=_optional(_text))

    @decided_on.validator
    def _check_decided_on(self, field: attrs.Attribute[date | None], value: object) -> None:
        waiting = self.state is ReferralState.REFERRED
        if waiting and value is not None:
            raise fail(self, field, "is set but the referral is still waiting (state referred)")
        if not waiting and value is None:
            raise fail(self, field, f"is required when the state is {self.state.value}")

    @participant_id.validator
    def _check_participant_id(self, field: attrs.Attribute[str | None], value: object) -> None:
        enrolled = self.state is ReferralState.ENROLLED
        if enrolled and value is None:
            raise fail(self, field, "is required when the state is enrolled")
        if not enrolled and value is not None:
            raise fail(self, field, f"is set but the state is {self.state.value}, not enrolled")

    def waiting_on(self, day: date) -> bool:
        """Whether the referral is on the waiting list on *day*: referred, not yet decided."""
        return self.referred_on <= day and (self.decided_on is None or day < self.decided_on)


def _moment(record: Contact, field: attrs.Attribute[date | datetime], value: object) -> None:
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise fail(
                record,
                field,
                f"{value.isoformat()} has no time zone; give an aware datetime or a date",
            )
    elif not isinstance(value, date):
        raise fail(record, field, f"expected a date or an aware datetime, got {value!r}")
    in_range(record, field, value)


@attrs.frozen
class Contact:
    """
    One contact an employment specialist made, as it was logged.

    A contact with an employer may name no participant: job development, when the
    specialist meets an employer to learn about the business with no particular job seeker
    in mind (a *generic* employer contact). Such a contact must name its specialist, and it
    never meets any participant's follow-up.

    Attributes:
        participant_id: The participant the contact was with or about; ``None`` only for a
            generic employer contact (party employer, with *specialist_id*). It has no
            default, so that leaving it out is never a mistake that goes unseen.
        at: When it happened: a plain date, or a time-zone aware datetime that is turned
            into a day in the programme's time zone.
        mode: How it was made.
        party: Whom it was with: the participant, or an employer about the participant, ...
        setting: Where it took place.
        specialist_id: The employment specialist who made it; required when the contact
            names no participant.
        minutes: How long it lasted.
        id: An optional code, unique in the programme, linking back to the case log.
    """

    participant_id: str | None = attrs.field(validator=_optional(_code))
    at: date | datetime = attrs.field(validator=_moment)
    mode: ContactMode = attrs.field(validator=_member(ContactMode))
    party: Party = attrs.field(default=Party.PARTICIPANT, validator=_member(Party))
    setting: Setting | None = attrs.field(default=None, validator=_optional(_member(Setting)))
    specialist_id: str | None = attrs.field(default=None, validator=_optional(_code))
    minutes: int | None = attrs.field(
        default=None, validator=_optional(_non_negative(int, MAX_MINUTES, " (a whole day)"))
    )
    id: str | None = attrs.field(default=None, validator=_optional(_code))

    # Checked once every field is set (attrs runs validators after assigning them all), on
    # the fields that a generic contact must have; a bad party is reported as such first.
    @participant_id.validator
    def _check_generic(self, field: attrs.Attribute[str | None], value: object) -> None:
        if value is None and isinstance(self.party, Party) and self.party is not Party.EMPLOYER:
            raise fail(
                self,
                field,
                f"is required when the party is {self.party.value}; only a contact with an "
                "employer may name no participant (job development)",
            )

    @specialist_id.validator
    def _check_generic_specialist(self, field: attrs.Attribute[str | None], value: object) -> None:
        if value is None and self.participant_id is None:
            raise fail(self, field, "is required for an employer contact that names no participant")

    @property
    def generic(self) -> bool:
        """Whether this is a generic employer contact: job development for no one participant."""
        return self.participant_id is None

    def local_date(self, zone: ZoneInfo) -> date:
        """The day of the contact in *zone*, the programme's time zone."""
        if isinstance(self.at, datetime):
            return self.at.astimezone(zone).date()
        return self.at


@attrs.frozen
class Handover:
    """
    A change of the employment specialist responsible for a participant, from a day on.

    The first assignment is `Participant.specialist_id`, from enrolment; each handover
    replaces it, or the one before, from its day *on*. A specialist is responsible only on
    the days they are in post (`Specialist.in_post`): a case assigned to someone who has
    left, or not yet started, waits for a responsible specialist.

    Attributes:
        participant_id: Whose case is handed over.
        on: The first day the new specialist is responsible; within the participant's time
            in the service (enrolment to discharge).
        specialist_id: The specialist responsible from *on*; ``None`` when from that day no
            specialist holds the case (it waits to be handed to a new one).
        id: An optional code, unique in the programme's handovers.
    """

    participant_id: str = attrs.field(validator=_code)
    on: date = attrs.field(validator=plain_date)
    specialist_id: str | None = attrs.field(validator=_optional(_code))
    id: str | None = attrs.field(default=None, validator=_optional(_code))


@attrs.frozen
class WorkAbilityAssessment:
    """
    A judgement of a participant's ability to work, as the service or a partner recorded it.

    Outcome reports count, of those judged able to work, how many started work. A
    participant may be judged more than once; the judgements are kept as they were made.

    Attributes:
        participant_id: Who was judged.
        on: The day of the judgement; it may fall before enrolment (a judgement made at
            referral) or after it.
        able_to_work: The outcome: whether the participant was judged able to work.
        id: An optional code, unique in the programme's assessments.
    """

    participant_id: str = attrs.field(validator=_code)
    on: date = attrs.field(validator=plain_date)
    able_to_work: bool = attrs.field()
    id: str | None = attrs.field(default=None, validator=_optional(_code))

    @able_to_work.validator
    def _check_able_to_work(self, field: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise fail(self, field, f"expected True or False, got {value!r}")
