"""
The records an IPS service keeps: specialists, participants, jobs, studies, internships,
referrals, contacts, handovers and judgements of work ability.

Every record is a frozen value that checks itself when it is built, so an
invalid record cannot exist; a `Programme` also checks that its records refer
to one another correctly.
"""

from __future__ import annotations

import contextlib
import math
import operator
import sys
from array import array
from bisect import bisect_right
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
    MutableSequence,
    Sequence,
)
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timezone
from enum import StrEnum
from itertools import compress, islice, repeat
from operator import attrgetter, is_, is_not
from typing import Any, Final, NamedTuple, TypeVar, cast, overload
from zoneinfo import ZoneInfo

import attrs

from ._identity_cache import IdentityCache
from ._validators import (
    EARLIEST,
    FIRST_YEAR,
    LAST_YEAR,
    LATEST,
    MAX_CODE_LENGTH,
    MAX_TEXT_LENGTH,
)
from ._validators import Validator as _Validator
from ._validators import describe as _describe
from ._validators import fail as _fail
from ._validators import in_range as _in_range
from ._validators import not_before as _not_before
from ._validators import optional_plain_date as _optional_plain_date
from ._validators import optional_text as _optional_checked_text
from ._validators import plain_date as _plain_date
from ._validators import text as _checked_text
from ._validators import zone_problem as _zone_problem
from .exceptions import ValidationError


class ContactMode(StrEnum):
    """How a contact was made."""

    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"
    MESSAGE = "message"


class Party(StrEnum):
    """Whom the employment specialist was in contact with."""

    PARTICIPANT = "participant"
    EMPLOYER = "employer"
    TEAM = "team"
    FAMILY = "family"


class ExitReason(StrEnum):
    """Why a participant left the service, as the board reports count exits."""

    EMPLOYED = "employed"
    STUDYING = "studying"
    MOVED_ON = "moved_on"
    DROPPED_OUT = "dropped_out"
    OTHER = "other"


class ReferralState(StrEnum):
    """Where a referral stands: waiting, or decided one way or another."""

    REFERRED = "referred"
    ENROLLED = "enrolled"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


NO_INCOME_SUPPORT = "none"
"""The income support category of a participant who receives no public income support."""


class Setting(StrEnum):
    """Where a contact took place: IPS wants most of it out in the community."""

    COMMUNITY = "community"
    OFFICE = "office"
    REMOTE = "remote"


# --- validators -------------------------------------------------------------
# Each raises a ValidationError that names the record (through `_describe`)
# and the field, so a bad row in a spreadsheet export can be found and mended.


def _unknown(record: object, field: str, kind: str, target: str) -> ValidationError:
    """The error for a reference from *record* to a *kind* the programme does not have."""
    return ValidationError(_describe(record), field, f"refers to unknown {kind} {target!r}")


_code = _checked_text(MAX_CODE_LENGTH)
"""An id, or a reference to one: text that every output can carry, up to 64 characters."""

_text = _checked_text(MAX_TEXT_LENGTH)
"""A name or a category: text that every output can carry, up to 200 characters."""

# The same for a field that may be left empty: one call each, not a wrapper around the
# above, for every record a loader builds runs them (issue 15).
_optional_code = _optional_checked_text(MAX_CODE_LENGTH)
_optional_text = _optional_checked_text(MAX_TEXT_LENGTH)


def _non_negative(
    kind: type[int] | type[float],
    most: float | None = None,
    why: str = "",
    *,
    optional: bool = False,
) -> _Validator:
    """
    A finite number of at least 0 and, when *most* is given, at most *most* (*why* so);
    with *optional*, or ``None``.
    """
    # The fast accept below: a plain int (or float, for *kind* float) from 0 to *upper*.
    # The largest float is finite, so a float above it (infinity) and NaN fail it and take
    # the full path; bool is a subclass of int, not int, and takes it too.
    upper = float(most) if most is not None else sys.float_info.max
    floats_too = kind is float

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        cls = type(value)
        if (cls is int or (floats_too and cls is float)) and 0 <= value <= upper:  # type: ignore[operator]
            return
        allowed = (int, float) if kind is float else (int,)
        if isinstance(value, bool) or not isinstance(value, allowed):
            expected = "a number" if kind is float else "a whole number"
            raise _fail(record, field, f"expected {expected}, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise _fail(record, field, f"must not be negative, got {value!r}")
        if most is not None and value > most:
            raise _fail(record, field, f"must be at most {most:g}{why}, got {value!r}")

    return check


MAX_HOURS_PER_WEEK: Final = 168
"""The most hours a week a job, a study or an internship may have: the hours of a week."""

MAX_MINUTES: Final = 24 * 60
"""The most minutes a contact may last: a day."""

MIN_FTE: Final = 0.01
"""The least full-time equivalent a specialist may have: a hundredth of full time."""

_optional_hours = _non_negative(
    float, MAX_HOURS_PER_WEEK, " (the hours of a whole week)", optional=True
)


def _member(enum: type[StrEnum], *, optional: bool = False) -> _Validator:
    """A member of *enum*; with *optional*, or ``None``."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, enum):
            choices = ", ".join(member.value for member in enum)
            raise _fail(record, field, f"expected a {enum.__name__} ({choices}), got {value!r}")

    return check


def _needs(other: str) -> _Validator:
    """The field may only be set when the field named *other* of the same record is set."""

    def check(record: object, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and getattr(record, other) is None:
            raise _fail(record, field, f"is set but {other} is not")

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
    name: str | None = attrs.field(default=None, validator=_optional_text)
    fte: float = attrs.field(default=1.0, validator=_non_negative(float))
    employment_share: float | None = attrs.field(
        default=None, validator=_non_negative(float, optional=True)
    )
    started_on: date | None = attrs.field(default=None, validator=_optional_plain_date)
    left_on: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("started_on")]
    )

    def in_post(self, day: date) -> bool:
        """Whether the specialist works in the service on *day*: start to leaving, inclusive."""
        return (self.started_on is None or self.started_on <= day) and (
            self.left_on is None or day <= self.left_on
        )

    @fte.validator
    def _check_fte(self, field: attrs.Attribute[float], value: float) -> None:
        if not MIN_FTE <= value <= 1:
            raise _fail(self, field, f"must be from {MIN_FTE} to 1, got {value!r}")

    @employment_share.validator
    def _check_employment_share(self, field: attrs.Attribute[float | None], value: object) -> None:
        if isinstance(value, int | float) and value > 1:
            raise _fail(self, field, f"is a share from 0 to 1, got {value!r}")


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
    enrolled_on: date = attrs.field(validator=_plain_date)
    specialist_id: str | None = attrs.field(default=None, validator=_optional_code)
    discharged_on: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("enrolled_on")]
    )
    exit_reason: ExitReason | None = attrs.field(
        default=None, validator=[_member(ExitReason, optional=True), _needs("discharged_on")]
    )
    income_support_at_entry: str | None = attrs.field(default=None, validator=_optional_text)
    income_support_at_exit: str | None = attrs.field(
        default=None, validator=[_optional_text, _needs("discharged_on")]
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
    start: date = attrs.field(validator=_plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("start")]
    )
    end_known_on: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("start")]
    )
    reported_on: date | None = attrs.field(default=None, validator=_optional_plain_date)
    employer: str | None = attrs.field(default=None, validator=_optional_text)
    job_type: str | None = attrs.field(default=None, validator=_optional_text)
    competitive: bool = attrs.field(default=True)
    hours_per_week: float | None = attrs.field(default=None, validator=_optional_hours)
    follow_along_declined_on: date | None = attrs.field(
        default=None, validator=_optional_plain_date
    )

    @end_known_on.validator
    def _check_end_known_on(self, field: attrs.Attribute[date | None], value: object) -> None:
        if value is not None and self.end is None:
            raise _fail(self, field, "is set but the job has no end date")

    @competitive.validator
    def _check_competitive(self, field: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise _fail(self, field, f"expected True or False, got {value!r}")

    @property
    def end_learnt_on(self) -> date | None:
        """The day the end became known, which is *end_known_on*, else *end*."""
        return self.end_known_on if self.end_known_on is not None else self.end

    def held_on(self, day: date) -> bool:
        """Whether the job runs on *day* (from *start* to *end*, both inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


def in_work_at_entry(participant: Participant, jobs: Iterable[Job]) -> bool:
    """
    Whether *participant* held one of *jobs* (their own) on the day they enrolled.

    Someone in work at entry needs no job search: the rules ask no first employer
    contact of them, and fidelity does not time their search.
    """
    return any(job.held_on(participant.enrolled_on) for job in jobs)


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
    start: date = attrs.field(validator=_plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("start")]
    )
    kind: str | None = attrs.field(default=None, validator=_optional_text)
    hours_per_week: float | None = attrs.field(default=None, validator=_optional_hours)

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
    start: date = attrs.field(validator=_plain_date)
    end: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("start")]
    )
    employer: str | None = attrs.field(default=None, validator=_optional_text)
    hours_per_week: float | None = attrs.field(default=None, validator=_optional_hours)

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
    referred_on: date = attrs.field(validator=_plain_date)
    state: ReferralState = attrs.field(
        default=ReferralState.REFERRED, validator=_member(ReferralState)
    )
    decided_on: date | None = attrs.field(
        default=None, validator=[_optional_plain_date, _not_before("referred_on")]
    )
    participant_id: str | None = attrs.field(default=None, validator=_optional_code)
    source: str | None = attrs.field(default=None, validator=_optional_text)

    @decided_on.validator
    def _check_decided_on(self, field: attrs.Attribute[date | None], value: object) -> None:
        waiting = self.state is ReferralState.REFERRED
        if waiting and value is not None:
            raise _fail(self, field, "is set but the referral is still waiting (state referred)")
        if not waiting and value is None:
            raise _fail(self, field, f"is required when the state is {self.state.value}")

    @participant_id.validator
    def _check_participant_id(self, field: attrs.Attribute[str | None], value: object) -> None:
        enrolled = self.state is ReferralState.ENROLLED
        if enrolled and value is None:
            raise _fail(self, field, "is required when the state is enrolled")
        if not enrolled and value is not None:
            raise _fail(self, field, f"is set but the state is {self.state.value}, not enrolled")

    def waiting_on(self, day: date) -> bool:
        """Whether the referral is on the waiting list on *day*: referred, not yet decided."""
        return self.referred_on <= day and (self.decided_on is None or day < self.decided_on)


# Time zones whose offset is never None (`ZoneInfo` has one for every moment, a fixed
# `timezone` is one), so that a datetime with one is aware without asking it.
_ALWAYS_AWARE: Final = (ZoneInfo, timezone)


def _accepted_moment(value: object) -> bool:
    """Whether `_moment` accepts *value* in its first test (the answer for nearly every one)."""
    cls = type(value)
    if cls is datetime:
        return type(value.tzinfo) in _ALWAYS_AWARE and FIRST_YEAR <= value.year <= LAST_YEAR  # type: ignore[attr-defined]
    return cls is date and EARLIEST <= value <= LATEST  # type: ignore[operator]


def _moment(record: Contact, field: attrs.Attribute[date | datetime], value: object) -> None:
    # An aware datetime, or a plain date, within range is accepted in one test; anything
    # else (a subclass too) takes the full path below, which says what is wrong.
    if _accepted_moment(value):
        return
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise _fail(
                record,
                field,
                f"{value.isoformat()} has no time zone; give an aware datetime or a date",
            )
    elif not isinstance(value, date):
        raise _fail(record, field, f"expected a date or an aware datetime, got {value!r}")
    _in_range(record, field, value)


# What a generic contact must have, checked when its participant or specialist is empty,
# in the one call that checks either field's code (every contact runs them). attrs runs
# validators once every field is set, so these see the others; a bad party is reported as
# such first.


def _generic_party(record: Contact, field: attrs.Attribute[str | None], value: None) -> None:
    if isinstance(record.party, Party) and record.party is not Party.EMPLOYER:
        raise _fail(
            record,
            field,
            f"is required when the party is {record.party.value}; only a contact with an "
            "employer may name no participant (job development)",
        )


def _generic_specialist(record: Contact, field: attrs.Attribute[str | None], value: None) -> None:
    if record.participant_id is None:
        raise _fail(record, field, "is required for an employer contact that names no participant")


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

    participant_id: str | None = attrs.field(
        validator=_optional_checked_text(MAX_CODE_LENGTH, if_empty=_generic_party)
    )
    at: date | datetime = attrs.field(validator=_moment)
    mode: ContactMode = attrs.field(validator=_member(ContactMode))
    party: Party = attrs.field(default=Party.PARTICIPANT, validator=_member(Party))
    setting: Setting | None = attrs.field(default=None, validator=_member(Setting, optional=True))
    specialist_id: str | None = attrs.field(
        default=None,
        validator=_optional_checked_text(MAX_CODE_LENGTH, if_empty=_generic_specialist),
    )
    minutes: int | None = attrs.field(
        default=None, validator=_non_negative(int, MAX_MINUTES, " (a whole day)", optional=True)
    )
    id: str | None = attrs.field(default=None, validator=_optional_code)

    @property
    def generic(self) -> bool:
        """Whether this is a generic employer contact: job development for no one participant."""
        return self.participant_id is None

    def local_date(self, zone: ZoneInfo) -> date:
        """The day of the contact in *zone*, the programme's time zone."""
        if isinstance(self.at, datetime):
            return self.at.astimezone(zone).date()
        return self.at


CONTACT_FIELDS: Final = (
    "participant_id",
    "at",
    "mode",
    "party",
    "setting",
    "specialist_id",
    "minutes",
    "id",
)
"""The fields of `Contact`, in the order of its constructor: the columns of a `ContactLog`."""


class ContactLog(Sequence[Contact]):
    """
    A programme's contact log: a sequence of `Contact`, kept as one column per field.

    A service logs far more contacts than any other record (750,000 for 10,000
    participants over three years), and matching and the data-quality checks read only a
    few of their fields. Kept as columns, the log takes a fraction of the memory of one
    object per contact, and a loader fills it without building one. Each item is made when
    it is asked for, equal to the contact that was logged.

    It behaves as a tuple of contacts: it is indexed, sliced, iterated, added to a tuple of
    contacts or another log and hashed like one, and it equals a tuple (or a list) of the
    same contacts. `column` gives one field of every contact at once.
    """

    __slots__ = ("_columns", "_hash")

    _columns: tuple[tuple[Any, ...], ...]
    _hash: int | None

    def __init__(self, contacts: Iterable[Contact] = ()) -> None:
        """
        The log of *contacts*, which must all be `Contact` records.

        Raises:
            TypeError: An item is not a `Contact`.
        """
        rows = tuple(contacts)
        for index, contact in enumerate(rows):
            if type(contact) is not Contact:
                raise TypeError(f"item {index} is a {type(contact).__name__}, not a Contact")
        self._columns = _packed([list(map(attrgetter(name), rows)) for name in CONTACT_FIELDS])
        self._hash = None

    def column(self, field: str) -> tuple[Any, ...]:
        """
        The value of *field* (a field of `Contact`, such as ``"at"``) for every contact, in
        the order of the log.

        Raises:
            KeyError: *field* is not a field of `Contact`.
        """
        try:
            place = CONTACT_FIELDS.index(field)
        except ValueError:
            raise KeyError(field) from None
        return self._columns[place]

    def __len__(self) -> int:
        return len(self._columns[0])

    @overload
    def __getitem__(self, index: int) -> Contact: ...

    @overload
    def __getitem__(self, index: slice) -> ContactLog: ...

    def __getitem__(self, index: int | slice) -> Contact | ContactLog:
        if isinstance(index, slice):
            return _log_of_columns(tuple(column[index] for column in self._columns))
        participants, ats, modes, parties, settings, specialists, minutes, ids = self._columns
        return _contact_of(
            participants[index],
            ats[index],
            modes[index],
            parties[index],
            settings[index],
            specialists[index],
            minutes[index],
            ids[index],
        )

    def __iter__(self) -> Iterator[Contact]:
        return map(_contact_of, *self._columns)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ContactLog):
            return self._columns == other._columns
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(map(operator.eq, self, other))
        return NotImplemented

    def __add__(self, other: object) -> ContactLog:
        if isinstance(other, ContactLog):
            joined = zip(self._columns, other._columns, strict=True)
            return _log_of_columns(tuple(mine + theirs for mine, theirs in joined))
        if isinstance(other, tuple):
            return self + ContactLog(other)
        return NotImplemented

    def __radd__(self, other: object) -> ContactLog:
        if isinstance(other, tuple):
            return ContactLog(other) + self
        return NotImplemented

    def __hash__(self) -> int:
        # The hash of the tuple of the same contacts, which the log equals: made on the first
        # call (it makes every contact) and kept.
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __repr__(self) -> str:
        return f"ContactLog({list(self)!r})"

    def __reduce__(self) -> tuple[Callable[..., ContactLog], tuple[object, ...]]:
        return _log_of_columns, (self._columns,)


_CONTACT_SLOTS: Final = tuple(getattr(Contact, name).__set__ for name in CONTACT_FIELDS)


def _packed(columns: list[Any]) -> tuple[tuple[Any, ...], ...]:
    """
    The columns of a log, from a list of checked columns (in the order of `Contact`'s
    fields): each let go as soon as it is copied, so that a log of millions of contacts is
    never held twice.
    """
    for place in range(len(columns)):
        columns[place] = tuple(columns[place])
    return tuple(columns)


def _contact_of(
    participant_id: str | None,
    at: date | datetime,
    mode: ContactMode,
    party: Party,
    setting: Setting | None,
    specialist_id: str | None,
    minutes: int | None,
    id: str | None,
) -> Contact:
    """The contact of one row of a log, checked when the log was made: not checked again."""
    contact: Contact = object.__new__(Contact)
    (
        set_participant,
        set_at,
        set_mode,
        set_party,
        set_setting,
        set_specialist,
        set_minutes,
        set_id,
    ) = _CONTACT_SLOTS
    set_participant(contact, participant_id)
    set_at(contact, at)
    set_mode(contact, mode)
    set_party(contact, party)
    set_setting(contact, setting)
    set_specialist(contact, specialist_id)
    set_minutes(contact, minutes)
    set_id(contact, id)
    return contact


def _log_of_columns(columns: tuple[tuple[Any, ...], ...]) -> ContactLog:
    log: ContactLog = object.__new__(ContactLog)
    log._columns = columns
    log._hash = None
    return log


def contact_log_of_columns(
    columns: Sequence[Sequence[Any]], distinct: Sequence[Collection[Any] | None] = ()
) -> ContactLog | None:
    """
    The log whose columns (in the order of `Contact`'s fields) are *columns*, or ``None``
    when a row may not be a valid contact: then build the contacts one by one, which says
    exactly what is wrong. A list of *columns* is taken over: its items are replaced by
    tuples of them.

    This is how a loader fills a log without an object per contact. It accepts exactly the
    rows that `Contact` accepts in the first test of each check (every row that a loader
    reads, in practice), and checks each field once per distinct value where its check
    needs no other field; the rows without a participant, which the rules of a generic
    employer contact govern, are checked one by one.

    A loader that has read each distinct value of a column once (`Columns`) gives them as
    *distinct*: for each column, ``None`` or a collection holding every object in it (the
    object itself, not only an equal one). The checks of that field then read only those.
    """
    if len(columns) != len(CONTACT_FIELDS) or len({len(column) for column in columns}) > 1:
        return None
    if distinct and len(distinct) != len(columns):
        return None
    checked: list[Collection[Any]] = list(columns)
    for place, values in enumerate(distinct):
        if values is not None:
            checked[place] = values
    participants, ats, modes, parties, settings, specialists, minutes, ids = checked
    # Types first, so that equal values of other types (a member equals its text, True
    # equals 1) never share a check; times are told apart by identity, as an instant in
    # two time zones is equal in both, yet each is checked.
    if not (
        set(map(type, modes)) <= {ContactMode}
        and set(map(type, parties)) <= {Party}
        and set(map(type, settings)) <= {Setting, type(None)}
        and set(map(type, minutes)) <= {int, type(None)}
        and all(value is None or 0 <= value <= MAX_MINUTES for value in set(minutes))
        and all(map(_accepted_moment, dict(zip(map(id, ats), ats, strict=True)).values()))
        and set(map(type, participants)) <= {str, type(None)}
        and set(map(type, specialists)) <= {str, type(None)}
        and _accepted_codes(list(set(participants)))
        and _accepted_codes(list(set(specialists)))
        and _accepted_codes(ids)
    ):
        return None
    # A contact without a participant is a generic employer contact: with an employer, by
    # a named specialist. (A contact may leave its specialist out only when it names a
    # participant: that is the same rule, seen from the other field.)
    if None in participants:
        participant_of, party_of, specialist_of = columns[0], columns[3], columns[5]
        for row in compress(range(len(participant_of)), map(is_, participant_of, repeat(None))):
            if party_of[row] is not Party.EMPLOYER or specialist_of[row] is None:
                return None
    return _log_of_columns(_packed(columns if isinstance(columns, list) else list(columns)))


def _accepted_codes(values: Collection[object]) -> bool:
    """
    Whether the checks of a code accept each of *values* that is not ``None`` in their first
    test (as `text` does: a plain string, short, printable, not blank), in loops run in C.
    """
    # Each pass over a log's ids reads 750,000 objects from memory: as few passes as may be.
    kinds = set(map(type, values))
    if not kinds <= _CODE_TYPES:
        return False
    given: Collection[Any] = values
    if type(None) in kinds:  # the codes: None is none
        given = [*compress(values, map(is_not, values, repeat(None)))]
    if not given:
        return True
    lengths = [*map(len, given)]
    joined = "".join(given)
    # A printable string holds no white space but the space: blank is then spaces only.
    return (
        min(lengths) > 0
        and max(lengths) <= MAX_CODE_LENGTH
        and joined.isprintable()
        and (" " not in joined or all(map(str.strip, given)))
    )


_CODE_TYPES: Final = frozenset({str, type(None)})


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
    on: date = attrs.field(validator=_plain_date)
    specialist_id: str | None = attrs.field(validator=_optional_code)
    id: str | None = attrs.field(default=None, validator=_optional_code)


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
    on: date = attrs.field(validator=_plain_date)
    able_to_work: bool = attrs.field()
    id: str | None = attrs.field(default=None, validator=_optional_code)

    @able_to_work.validator
    def _check_able_to_work(self, field: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise _fail(self, field, f"expected True or False, got {value!r}")


# --- the programme ----------------------------------------------------------

_Key = TypeVar("_Key")


def _zone_name(record: Programme, field: attrs.Attribute[str], value: object) -> None:
    _code(record, field, value)
    problem = _zone_problem(str(value))
    if problem is not None:
        raise _fail(record, field, problem)


# One typed converter per record list, not one generic one (nor `tuple`): mypy's attrs
# plugin takes the converter's parameter as the type in `__init__`, so these give callers
# `Iterable[Job]` and friends, while a TypeVar or `tuple` is left unresolved and rejects
# every list a caller passes.


def _specialists(records: Iterable[Specialist]) -> tuple[Specialist, ...]:
    return tuple(records)


def _participants(records: Iterable[Participant]) -> tuple[Participant, ...]:
    return tuple(records)


def _jobs(records: Iterable[Job]) -> tuple[Job, ...]:
    return tuple(records)


def _contacts(records: Iterable[Contact]) -> ContactLog:
    if isinstance(records, ContactLog):
        return records
    rows = tuple(records)
    try:
        return ContactLog(rows)
    except TypeError:  # not contacts: `_contact_log` names the first that is not
        return cast(ContactLog, rows)


def _contact_log(record: object, field: attrs.Attribute[Any], value: object) -> None:
    # Not a log: items that `ContactLog` refused (`_contacts`), named as it names them.
    if not isinstance(value, ContactLog):
        try:
            ContactLog(cast(tuple[Contact, ...], value))
        except TypeError as exc:
            raise _fail(record, field, str(exc)) from None


def _studies(records: Iterable[Study]) -> tuple[Study, ...]:
    return tuple(records)


def _internships(records: Iterable[Internship]) -> tuple[Internship, ...]:
    return tuple(records)


def _referrals(records: Iterable[Referral]) -> tuple[Referral, ...]:
    return tuple(records)


def _handovers(records: Iterable[Handover]) -> tuple[Handover, ...]:
    return tuple(records)


def _assessments(records: Iterable[WorkAbilityAssessment]) -> tuple[WorkAbilityAssessment, ...]:
    return tuple(records)


def _records_of(kind: type[object]) -> _Validator:
    def check(record: object, field: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise _fail(
                    record,
                    field,
                    f"item {index} is a {type(item).__name__}, not a {kind.__name__}",
                )

    return check


class Fault(NamedTuple):
    """A fault between the records of a programme: the list, the record's place in it, the error."""

    list_name: str
    place: int
    error: ValidationError


# The record lists in the order `Programme` checks them, and the references between them:
# a record list, its fields that name another record, and the list each one names.
_LISTS = (
    "specialists",
    "participants",
    "jobs",
    "contacts",
    "studies",
    "internships",
    "referrals",
    "handovers",
    "work_ability_assessments",
)
_REFERENCES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("participants", (("specialist_id", "specialists"),)),
    ("jobs", (("participant_id", "participants"),)),
    ("contacts", (("participant_id", "participants"), ("specialist_id", "specialists"))),
    ("studies", (("participant_id", "participants"),)),
    ("internships", (("participant_id", "participants"),)),
    ("referrals", (("participant_id", "participants"),)),
    ("handovers", (("participant_id", "participants"), ("specialist_id", "specialists"))),
    ("work_ability_assessments", (("participant_id", "participants"),)),
)
_KINDS = {"participants": "participant", "specialists": "specialist"}
_record_id = attrgetter("id")


def _field(records: Sequence[Any], name: str) -> Iterable[Any]:
    """The field *name* of every record: a contact log gives its column, without a record."""
    if isinstance(records, ContactLog):
        return records.column(name)
    return map(attrgetter(name), records)


def _unique(ids: tuple[Any, ...]) -> bool:
    """
    Whether no id of *ids* but ``None`` repeats: most programmes have no duplicate, which
    is told in C, without a list of the ids.
    """
    # Ids in increasing order (as a system numbers its records) are distinct: told by
    # comparing each with the next, in half the time of a set of 750,000. The first pair
    # out of order, or a None, ends the comparison.
    with contextlib.suppress(TypeError):
        if all(map(operator.lt, ids, islice(ids, 1, None))):
            return True
    distinct = set(ids)
    nones = ids.count(None) if None in distinct else 0
    return len(distinct) - (nones > 0) == len(ids) - nones


def record_faults(
    lists: Mapping[str, Sequence[Any]],
    unreadable: Mapping[str, AbstractSet[str]] | None = None,
    incomplete: AbstractSet[str] = frozenset(),
) -> Iterator[Fault]:
    """
    Every duplicate id and every reference to a record that *lists* do not hold, in the
    order `Programme` checks them: duplicates list by list, references record by record,
    then the handovers' days and the judgements' days.

    A loader that collects every problem of a file passes, in *unreadable*, the ids of
    records it could not build, so that references to them are not reported as well, and
    in *incomplete* the lists it could not read whole, whose references are not checked.
    A duplicate id is reported at each occurrence after the first.
    """
    for list_name in _LISTS:
        records = lists.get(list_name, ())
        if _unique(tuple(_field(records, "id"))):
            continue
        seen: set[str] = set()
        for index, record in enumerate(records):
            if record.id is None:
                continue
            if record.id in seen:
                error = ValidationError(
                    _describe(record), "id", f"duplicate id in the programme's {list_name}"
                )
                yield Fault(list_name, index, error)
            seen.add(record.id)
    skipped = unreadable or {}
    known = {
        target: {*map(_record_id, lists.get(target, ())), *skipped.get(target, ()), None}
        for target in _KINDS
    }
    for list_name, fields in _REFERENCES:
        records = lists.get(list_name, ())
        fields = tuple((field, target) for field, target in fields if target not in incomplete)
        # Most programmes have no fault: a set difference finds that without a loop.
        if all(set(_field(records, field)) <= known[target] for field, target in fields):
            continue
        for index, record in enumerate(records):
            for field, target in fields:
                value = getattr(record, field)
                if value not in known[target]:
                    yield Fault(list_name, index, _unknown(record, field, _KINDS[target], value))
    handovers = lists.get("handovers", ())
    assessments = lists.get("work_ability_assessments", ())
    if handovers or assessments:
        by_id = {participant.id: participant for participant in lists.get("participants", ())}
        for index, error in _handover_faults(handovers, by_id):
            yield Fault("handovers", index, error)
        for index, error in _assessment_faults(assessments, by_id):
            yield Fault("work_ability_assessments", index, error)


@attrs.frozen
class Programme:
    """
    An IPS service and all of its records.

    Building one checks that ids are unique and that every reference (a job's or
    contact's participant, a participant's or contact's specialist) points at a
    record of the programme; that a handover falls within its participant's time in the
    service, and that no participant has two handovers, or two judgements of work
    ability, on one day.

    Attributes:
        id: The programme's code; it is part of every follow-up id.
        name: A display name.
        timezone: The IANA time zone in which days are counted.
        specialists: The employment specialists.
        participants: The participants, past and present.
        jobs: The participants' jobs.
        contacts: The contact log: given as any iterable of contacts, kept as a `ContactLog`.
        studies: The participants' studies.
        internships: The participants' internships and work trials.
        referrals: The referrals to the service, waiting or decided.
        handovers: The changes of responsible specialist, beyond each participant's first
            (`Participant.specialist_id`).
        work_ability_assessments: The judgements of participants' ability to work.
    """

    id: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_text)
    timezone: str = attrs.field(default="Europe/Stockholm", validator=_zone_name)
    specialists: tuple[Specialist, ...] = attrs.field(
        default=(), converter=_specialists, validator=_records_of(Specialist)
    )
    participants: tuple[Participant, ...] = attrs.field(
        default=(), converter=_participants, validator=_records_of(Participant)
    )
    jobs: tuple[Job, ...] = attrs.field(default=(), converter=_jobs, validator=_records_of(Job))
    contacts: ContactLog = attrs.field(
        default=ContactLog(), converter=_contacts, validator=_contact_log
    )
    studies: tuple[Study, ...] = attrs.field(
        default=(), converter=_studies, validator=_records_of(Study)
    )
    internships: tuple[Internship, ...] = attrs.field(
        default=(), converter=_internships, validator=_records_of(Internship)
    )
    referrals: tuple[Referral, ...] = attrs.field(
        default=(), converter=_referrals, validator=_records_of(Referral)
    )
    handovers: tuple[Handover, ...] = attrs.field(
        default=(), converter=_handovers, validator=_records_of(Handover)
    )
    work_ability_assessments: tuple[WorkAbilityAssessment, ...] = attrs.field(
        default=(), converter=_assessments, validator=_records_of(WorkAbilityAssessment)
    )
    _specialist_by_id: dict[str, Specialist] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _participant_by_id: dict[str, Participant] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _job_by_id: dict[str, Job] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        for fault in record_faults({name: getattr(self, name) for name in _LISTS}):
            raise fault.error
        object.__setattr__(self, "_specialist_by_id", {s.id: s for s in self.specialists})
        object.__setattr__(self, "_participant_by_id", {p.id: p for p in self.participants})
        object.__setattr__(self, "_job_by_id", {job.id: job for job in self.jobs})

    @property
    def zone(self) -> ZoneInfo:
        """The programme's time zone."""
        return ZoneInfo(self.timezone)

    def specialist(self, specialist_id: str) -> Specialist:
        """The specialist with this id; `KeyError` if there is none."""
        return self._specialist_by_id[specialist_id]

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id; `KeyError` if there is none."""
        return self._participant_by_id[participant_id]

    def job(self, job_id: str) -> Job:
        """The job with this id; `KeyError` if there is none."""
        return self._job_by_id[job_id]

    # --- staff over time ---------------------------------------------------------

    def in_post(self, specialist_id: str, on: date) -> bool:
        """Whether the specialist works in the service on the day *on*; `KeyError` if unknown."""
        return self._specialist_by_id[specialist_id].in_post(on)

    def specialists_in_post(self, on: date) -> tuple[Specialist, ...]:
        """The specialists in post on the day *on*, in the programme's order."""
        return tuple(specialist for specialist in self.specialists if specialist.in_post(on))

    def handovers_of(self, participant_id: str) -> tuple[Handover, ...]:
        """
        The participant's handovers in order of day (empty without any); `KeyError` if the
        participant is unknown.
        """
        if participant_id not in self._participant_by_id:
            raise KeyError(participant_id)
        return _staffing_of(self).handovers.get(participant_id, ())

    def assigned_specialist(self, participant_id: str, on: date) -> str | None:
        """
        The specialist the records give the case to on the day *on*, in post or not.

        That is `Participant.specialist_id` from enrolment, then each handover from its
        day, until discharge; ``None`` before enrolment, after discharge, and while the case
        is given to nobody. `KeyError` if the participant is unknown.
        """
        participant = self._participant_by_id[participant_id]
        if not participant.active_on(on):
            return None
        timeline = _staffing_of(self).timelines.get(participant_id)
        if timeline is None:
            return participant.specialist_id
        days, specialist_ids = timeline
        place = bisect_right(days, on)
        return participant.specialist_id if place == 0 else specialist_ids[place - 1]

    def responsible_specialist(self, participant_id: str, on: date) -> str | None:
        """
        The specialist responsible for the participant on the day *on*, if any.

        The assigned specialist (`assigned_specialist`) when they are in post that day;
        otherwise ``None``: the participant waits for a responsible specialist. `KeyError`
        if the participant is unknown.
        """
        assigned = self.assigned_specialist(participant_id, on)
        if assigned is None or not self._specialist_by_id[assigned].in_post(on):
            return None
        return assigned

    def assigned_participants(self, specialist_id: str) -> frozenset[str]:
        """
        Every participant whose case the records give to the specialist at some time (from
        enrolment or by a handover): those whose follow-ups may be theirs on some day.
        `KeyError` if the specialist is unknown.
        """
        if specialist_id not in self._specialist_by_id:
            raise KeyError(specialist_id)
        return _staffing_of(self).assigned.get(specialist_id, frozenset())

    def caseload(self, specialist_id: str, on: date) -> tuple[str, ...]:
        """
        The participants the specialist is responsible for on the day *on*, in the
        programme's order (empty when they are not in post). `KeyError` if unknown.
        """
        if not self.in_post(specialist_id, on):
            return ()
        ever = _staffing_of(self).in_order.get(specialist_id, ())
        return tuple(pid for pid in ever if self.assigned_specialist(pid, on) == specialist_id)

    def for_participants(self, participant_ids: Iterable[str]) -> Programme:
        """
        The programme cut down to these participants and the records that belong to them.

        Every record that names a participant (jobs, contacts, studies, internships,
        referrals, handovers, judgements of work ability) is kept only if it names one of
        them; records that name nobody (referrals still waiting, declined or withdrawn;
        generic employer contacts) are dropped. The specialists all stay. Ids that are
        not in the programme are ignored, so the cut is always a valid programme.

        The first cut of a programme indexes its records by participant; later cuts cost
        what the chosen participants' records cost, not the whole programme.
        """
        places_of = _places_in(self)
        chosen = [places_of[pid] for pid in set(participant_ids) if pid in places_of]
        kept: dict[str, Any] = {}
        for list_number, list_name in enumerate(_PER_PARTICIPANT):
            records = getattr(self, list_name)
            # Merged in the programme's order, as a pass over the records would keep them.
            places = sorted(place for places in chosen for place in places[list_number])
            kept[list_name] = [records[place] for place in places]
        return attrs.evolve(self, **kept)

    def partition(self, key: Callable[[Participant], _Key]) -> dict[_Key, Programme]:
        """
        The programme cut into parts by *key* of each participant, in one pass.

        Each part is what `for_participants` gives for the participants with that key, so
        the participants of each first specialist (``key=lambda p: p.specialist_id``) can
        be checked without the rest; with handovers, a specialist's participants over time
        are `assigned_participants`. A key that no participant has has no part.
        """
        part_of = {participant.id: key(participant) for participant in self.participants}
        parts: dict[_Key, dict[str, Any]] = {}
        for list_name in _PER_PARTICIPANT:
            for record in getattr(self, list_name):
                participant_id = record.id if list_name == "participants" else record.participant_id
                if participant_id in part_of:
                    part = parts.setdefault(part_of[participant_id], {})
                    part.setdefault(list_name, []).append(record)
        return {
            part_key: attrs.evolve(
                self, **{name: records.get(name, ()) for name in _PER_PARTICIPANT}
            )
            for part_key, records in parts.items()
        }


def _handover_faults(
    handovers: Sequence[Handover], participants: Mapping[str, Participant]
) -> Iterator[tuple[int, ValidationError]]:
    """
    Each handover outside its participant's time in the service, and each second one for a
    participant on one day, with its place (a handover of an unknown participant is
    `record_faults`' to report, and is not checked here).
    """
    seen: set[tuple[str, date]] = set()
    for index, handover in enumerate(handovers):
        participant = participants.get(handover.participant_id)
        if participant is None:
            continue
        if handover.on < participant.enrolled_on:
            yield (
                index,
                ValidationError(
                    _describe(handover),
                    "on",
                    f"{handover.on} is before participant {participant.id!r} enrolled on "
                    f"{participant.enrolled_on}; the first specialist is the participant's "
                    "specialist_id",
                ),
            )
            continue
        left = participant.discharged_on
        if left is not None and handover.on > left:
            yield (
                index,
                ValidationError(
                    _describe(handover),
                    "on",
                    f"{handover.on} is after participant {participant.id!r} was discharged "
                    f"on {left}",
                ),
            )
            continue
        key = (handover.participant_id, handover.on)
        if key in seen:
            yield (
                index,
                ValidationError(
                    _describe(handover),
                    "on",
                    f"participant {participant.id!r} has another handover on {handover.on}; "
                    "which one holds would be a guess",
                ),
            )
        seen.add(key)


def _assessment_faults(
    assessments: Sequence[WorkAbilityAssessment], participants: Mapping[str, Participant]
) -> Iterator[tuple[int, ValidationError]]:
    """Each second judgement of a participant on one day, with its place."""
    seen: set[tuple[str, date]] = set()
    for index, assessment in enumerate(assessments):
        if assessment.participant_id not in participants:
            continue
        key = (assessment.participant_id, assessment.on)
        if key in seen:
            yield (
                index,
                ValidationError(
                    _describe(assessment),
                    "on",
                    f"participant {assessment.participant_id!r} has another judgement of work "
                    f"ability on {assessment.on}",
                ),
            )
        seen.add(key)


@attrs.frozen
class _Staffing:
    """Handovers filed by participant, for the questions of who holds a case on a day."""

    handovers: dict[str, tuple[Handover, ...]]
    """Each participant's handovers in order of day; participants without any lack one."""
    timelines: dict[str, tuple[list[date], list[str | None]]]
    """Each participant's handover days and the specialist from each."""
    assigned: dict[str, frozenset[str]]
    """Each specialist's participants, ever: from enrolment or by a handover."""
    in_order: dict[str, tuple[str, ...]]
    """The same, in the programme's order of participants."""


def _file_staffing(programme: Programme) -> _Staffing:
    theirs: dict[str, list[Handover]] = {}
    for handover in programme.handovers:
        theirs.setdefault(handover.participant_id, []).append(handover)
    handovers = {pid: tuple(sorted(found, key=attrgetter("on"))) for pid, found in theirs.items()}
    timelines = {
        pid: ([h.on for h in found], [h.specialist_id for h in found])
        for pid, found in handovers.items()
    }
    in_order: dict[str, list[str]] = {}
    for participant in programme.participants:
        given_to = {participant.specialist_id}
        given_to.update(handover.specialist_id for handover in handovers.get(participant.id, ()))
        for specialist_id in given_to:
            if specialist_id is not None:
                in_order.setdefault(specialist_id, []).append(participant.id)
    return _Staffing(
        handovers,
        timelines,
        {sid: frozenset(pids) for sid, pids in in_order.items()},
        {sid: tuple(pids) for sid, pids in in_order.items()},
    )


_staffing_of = IdentityCache(_file_staffing)
"""A programme's handovers filed by participant, on the first question and kept while it lives."""


# The record lists of a programme that belong to one participant each: all but the staff.
_PER_PARTICIPANT = _LISTS[1:]


_Places = dict[str, tuple[MutableSequence[int], ...]]


def _find_places(programme: Programme) -> _Places:
    """
    Where each participant's records are: by participant id, for each list of
    `_PER_PARTICIPANT` in turn, the positions of their records in it.
    """
    index: _Places = {}
    for list_number, list_name in enumerate(_PER_PARTICIPANT):
        for place, record in enumerate(getattr(programme, list_name)):
            participant_id = record.id if list_name == "participants" else record.participant_id
            if participant_id is None:  # a referral not (yet) enrolled, a generic contact
                continue
            places = index.get(participant_id)
            if places is None:
                places = index[participant_id] = tuple(array("L") for _ in _PER_PARTICIPANT)
            places[list_number].append(place)
    return index


_places_in = IdentityCache(_find_places)
"""
The places of a programme's records, worked out on its first cut and kept while it lives,
so that an application that keeps a programme loaded cuts caseloads from it cheaply.
"""
