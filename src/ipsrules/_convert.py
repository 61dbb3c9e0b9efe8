"""
The converter core that the JSON and CSV formats share: records to plain values and back.

One cattrs converter does all records, strict where cattrs' defaults would coerce
(``str(5)``, ``bool("no")``, ``float("1")``), and its faults become `LoadError` values
that name the record and the field. The CSV reader reads its cells with the same parsers
of days and times, so both formats accept and refuse the same values with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Any, Final, get_args

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_unstructure_fn, override

from ._model import (
    Contact,
    ContactLog,
    Handover,
    Internship,
    Job,
    Participant,
    Programme,
    Referral,
    Specialist,
    Study,
    WorkAbilityAssessment,
    record_faults,
)
from .exceptions import LoadError, LoadProblemsError, Problem, ValidationError

__all__ = [
    "CONVERTER",
    "DATE",
    "DAY",
    "MOMENT",
    "PROBLEM_LIMIT",
    "RECORD_FIELD_ORDER",
    "RECORD_LISTS",
    "TEXT",
    "BadValueError",
    "FieldPlan",
    "Problems",
    "SharedValues",
    "field_plans",
    "find_record",
    "parse_date",
    "parse_moment",
    "programme_faults",
    "record_error",
    "record_problems",
]

RECORD_LISTS: Final[dict[str, type[Any]]] = {
    "specialists": Specialist,
    "participants": Participant,
    "jobs": Job,
    "contacts": Contact,
    "studies": Study,
    "internships": Internship,
    "referrals": Referral,
    "handovers": Handover,
    "work_ability_assessments": WorkAbilityAssessment,
}
"""The record lists of a programme, in the order they are written, and their record classes."""

RECORD_FIELD_ORDER: Final[dict[str, dict[str, int]]] = {
    list_name: {field.name: number for number, field in enumerate(attrs.fields(cls))}
    for list_name, cls in RECORD_LISTS.items()
}
"""Each record list's fields by their place: the problems of a record come in this order."""

_NULLABLE: Final = {Contact: "participant_id", Handover: "specialist_id"}
"""
Fields that Python asks for by name but that may be ``None``: in a file, left out (or an
empty cell) means ``None``, as for every other field that may be unset.
"""

DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A day as the formats write it: ``YYYY-MM-DD``."""

# The offset is optional here so that a naive datetime reaches the model, which refuses
# it with its own message; the schema requires the offset.
_DATETIME: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)


class BadValueError(ValueError):
    """A value of the wrong type or shape; the message is meant for the user."""


# --- the converter ------------------------------------------------------------
# The hooks below are per *type* (dates, enums, numbers), never per record class.


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"expected a string, got {value!r}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise BadValueError(f"expected true or false, got {value!r}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValueError(f"expected a whole number, got {value!r}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValueError(f"expected a number, got {value!r}")
    return float(value)


def parse_date(value: object) -> date:
    """The day that *value*, ``YYYY-MM-DD``, stands for."""
    if isinstance(value, str) and DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadValueError(f"{value!r} is not a day of the calendar") from None
    raise BadValueError(f"expected a date in ISO format YYYY-MM-DD, got {value!r}")


def _structure_date(value: object, _: object) -> date:
    if type(value) is date:  # parsed already: the CSV reader shares each day it reads
        return value
    return parse_date(value)


def _structure_moment(value: object, _: object) -> date | datetime:
    if isinstance(value, date):  # parsed already, by the CSV reader (a naive one is refused
        return value  # by the model, as it would be from text)
    return parse_moment(value)


def parse_moment(value: object) -> date | datetime:
    """The day, or the date and time with its offset, that *value* stands for."""
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise BadValueError(f"{value!r} is not a valid date and time") from None
    if isinstance(value, str) and DATE.fullmatch(value):
        return parse_date(value)
    raise BadValueError(
        "expected a date (YYYY-MM-DD) or a date and time with an offset "
        f"(YYYY-MM-DDTHH:MM:SS+01:00), got {value!r}"
    )


def _is_moment(type_: object) -> bool:
    return set(get_args(type_)) == {date, datetime}


def _unstructure_moment(value: date) -> str:
    return value.isoformat()


def _structure_enum(value: object, enum: type[StrEnum]) -> StrEnum:
    allowed = [member.value for member in enum]
    if isinstance(value, str) and value in allowed:
        return enum(value)
    raise BadValueError(f"expected one of {', '.join(allowed)}, got {value!r}")


def _omitting_none(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Unstructure a record in field order, leaving out optional fields (default None) unset."""
    order = [field.name for field in attrs.fields(cls)]
    overrides: dict[str, Any] = {
        field.name: override(omit_if_default=True)
        for field in attrs.fields(cls)
        if field.default is None
    }
    unstructure = make_dict_unstructure_fn(cls, converter, **overrides)

    def in_order(record: Any) -> dict[str, Any]:
        # cattrs puts the omittable keys last; the model's order reads better.
        result = unstructure(record)
        return {key: result[key] for key in order if key in result}

    return in_order


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Class hooks go by the most specific base class: StrEnum before str.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(StrEnum, _structure_enum)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook_func(_is_moment, _structure_moment)
    converter.register_unstructure_hook(date, _unstructure_moment)
    converter.register_unstructure_hook(datetime, _unstructure_moment)
    converter.register_unstructure_hook_func(_is_moment, _unstructure_moment)
    converter.register_unstructure_hook_factory(attrs.has, _omitting_none)
    # The contact log is a list of contacts in JSON, as every other record list is.
    converter.register_unstructure_hook(
        ContactLog, lambda log: [converter.unstructure(contact, Contact) for contact in log]
    )
    converter.register_structure_hook(
        ContactLog, lambda value, _: ContactLog(converter.structure(value, tuple[Contact, ...]))
    )
    for cls, name in _NULLABLE.items():
        converter.register_structure_hook(cls, _filling(converter.get_structure_hook(cls), name))
    return converter


def _filling(structure: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    """*structure*, with the field *name* set to ``None`` when a record leaves it out."""

    def fill(value: Any, cls: Any) -> Any:
        if isinstance(value, dict) and name not in value:
            value = {**value, name: None}
        return structure(value, cls)

    return fill


CONVERTER: Final = _make_converter()
"""The converter of every record, from and to JSON values."""


# --- the fast path -------------------------------------------------------------
# Building a record through the converter costs a dozen Python calls a field; a log of
# 700,000 contacts took some 15 s that way. Each format also has a fast path that reads
# a field with one call (a dictionary lookup for an enumeration, one shared parse for a
# day) and builds the record with its own constructor, so that every check of the model
# still runs. The fast path never explains: on anything it is not sure of it gives up,
# and the converter reads that record again, to build it or to say what is wrong.

TEXT: Final = "text"
DAY: Final = "day"
MOMENT: Final = "moment"
# A contact's own id is unique, and a log has millions: sharing would only keep them all.
_UNSHARED: Final = frozenset({(Contact, "id")})


def _scalar_type(field: attrs.Attribute[Any]) -> object:
    """The type of a field without its ``None``: ``float`` for ``float | None``."""
    options = [option for option in get_args(field.type) if option is not type(None)]
    return options[0] if len(options) == 1 else field.type


@attrs.frozen
class FieldPlan:
    """How the fast path reads one field of a record class."""

    name: str
    kind: object
    """`TEXT` (shared text), `DAY`, `MOMENT`, an enumeration, ``bool``, ``int``, ``float``,
    or ``str`` (text kept as it is)."""
    optional: bool
    """Whether ``None`` is a value of the field."""
    default: object
    """The value when the field is left out, or `attrs.NOTHING` when it must be given."""


def field_plans(cls: type[Any]) -> tuple[FieldPlan, ...] | None:
    """
    Each field of *cls* in the order of its constructor, with how it is read; ``None`` when
    the class cannot be built by position (a field outside the constructor, a factory).
    """
    attrs.resolve_types(cls)  # the model's annotations are strings until resolved
    plans: list[FieldPlan] = []
    for field in attrs.fields(cls):
        if not field.init or field.kw_only or isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return None
        kind = _scalar_type(field)
        if kind is str and (cls, field.name) not in _UNSHARED:
            kind = TEXT
        elif kind is date:
            kind = DAY
        elif kind == date | datetime:
            kind = MOMENT
        optional = type(None) in get_args(field.type)
        default = field.default
        if default is attrs.NOTHING and _NULLABLE.get(cls) == field.name:
            default = None
        if kind not in (TEXT, DAY, MOMENT, str, bool, int, float) and not (
            isinstance(kind, type) and issubclass(kind, StrEnum)
        ):
            return None
        plans.append(FieldPlan(field.name, kind, optional, default))
    return tuple(plans)


@attrs.define
class SharedValues:
    """
    The values that many records repeat, each made once per load and shared by every record
    that has it: participants' and specialists' codes, days, times, UTC offsets.

    A log of 7 million contacts names its participant and specialist 7 million times each,
    and each date and time would carry an offset object of its own: made afresh for every
    record, these alone took about 1.4 GB for 100,000 participants.
    """

    texts: dict[str, str] = attrs.Factory(dict)
    days: dict[str, date] = attrs.Factory(dict)
    zones: dict[tzinfo, tzinfo] = attrs.Factory(dict)
    moments: dict[str, date | datetime] = attrs.Factory(dict)

    def text(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def day(self, text: str) -> date:
        """The day *text* stands for (`parse_date`), made once per distinct text."""
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = parse_date(text)
        return found

    def moment(self, text: str) -> date | datetime:
        """
        The day or time *text* stands for (`parse_moment`), made once per distinct text
        (a log of 750,000 contacts has some 26,000 times), its offset shared.
        """
        if len(text) == 10:  # no date and time is this short: a day, or a fault
            return self.day(text)
        found = self.moments.get(text)
        if found is None:
            found = self.moments[text] = self._moment(text)
        return found

    def _moment(self, text: str) -> date | datetime:
        value = parse_moment(text)
        if isinstance(value, datetime):
            zone = value.tzinfo
            if zone is not None and zone is not UTC:
                shared = self.zones.setdefault(zone, zone)
                if shared is not zone:
                    return value.replace(tzinfo=shared)
        return value


# --- errors -------------------------------------------------------------------

PROBLEM_LIMIT: Final = 100
"""How many problems a `LoadProblemsError` lists; it counts the rest ("and 12 more")."""


def record_problems(exc: ClassValidationError) -> list[tuple[str | None, str, BaseException]]:
    """
    Every fault that cattrs grouped for one record, as (field, reason, error): the faults of
    its fields in field order, then those of the record as a whole (unknown keys, or the
    model's own first complaint about values that each could be read).
    """
    found: list[tuple[str | None, str, BaseException]] = []
    with_notes, without_notes = exc.group_exceptions()
    for error, note in with_notes:
        field = note.name if isinstance(note, AttributeValidationNote) else None
        found.append((field, _reason(error), error))
    for error in without_notes:
        if isinstance(error, ForbiddenExtraKeysError):
            extra = sorted(error.extra_fields)
            allowed = ", ".join(field.name for field in attrs.fields(error.cl))
            found.append(
                (
                    extra[0],
                    f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}; "
                    f"the keys of a {error.cl.__name__.lower()} are: {allowed}",
                    error,
                )
            )
        elif isinstance(error, ValidationError):
            found.append((error.field, error.reason, error))
        else:
            found.append((None, _reason(error), error))
    return found or [(None, str(exc), exc)]


def _reason(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return "is required but missing"
    if isinstance(error, ValidationError):
        return error.reason
    return str(error)


def record_error(path: str, record: str, exc: ClassValidationError) -> LoadError:
    """
    The first of *exc*'s faults as a `LoadError`, for a reader that reports one problem at a
    time (`record_problems` gives them all).
    """
    field, reason, cause = record_problems(exc)[0]
    error = LoadError(path, reason, record=record, field=field)
    error.__cause__ = cause
    return error


def find_record(
    exc: ValidationError, built: Mapping[str, Sequence[object]]
) -> tuple[str, int] | None:
    """
    The list and place of the record that `Programme` named in *exc* (``"Job 'J7'"``), for
    a reader that reports one problem at a time (`record_faults` gives every fault with its
    place); ``None`` when the fault is in the programme itself.
    """
    kind = exc.record.split(" ", 1)[0]
    list_name = next((name for name, cls in RECORD_LISTS.items() if cls.__name__ == kind), None)
    if list_name is None:
        return None
    for fault in record_faults(built):
        if fault.list_name == list_name and fault.error.reason == exc.reason:
            return fault.list_name, fault.place
    return None


def assembled_programme(
    id: str, name: str, timezone: str | None, lists: Mapping[str, Sequence[Any]]
) -> Programme:
    """
    The programme of a file's own fields (*timezone* ``None`` for the default) and its
    record *lists*, by name, as a reader built them: a contact log read into columns is
    kept as it is, and the programme's converters make the rest tuples.
    """
    fields: dict[str, Any] = dict(lists)
    if timezone is not None:
        fields["timezone"] = timezone
    return Programme(id=id, name=name, **fields)


def programme_faults(values: Mapping[str, str]) -> list[ValidationError]:
    """
    The faults of a programme's own fields (``id``, ``name``, ``timezone``) in *values*,
    each found by building a programme of that field beside stand-ins for the others,
    so that a fault in one does not hide a fault in another.
    """
    stand_ins: dict[str, Any] = {"id": "programme", "name": "programme"}
    faults: list[ValidationError] = []
    for key, value in values.items():
        try:
            Programme(**{**stand_ins, key: value})
        except ValidationError as exc:
            faults.append(exc)
    return faults


class Problems:
    """
    The problems of one load, gathered as they are found and given back in file order.

    Each is added with a key that places it in the file (which list or file, which record
    or line, which field); only the first `PROBLEM_LIMIT` by that key are kept, the others
    are counted, so a file with a fault in every row costs no more memory than one with a
    hundred.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self._kept: list[tuple[tuple[int, ...], int, Problem]] = []

    def add(self, key: tuple[int, ...], problem: Problem) -> None:
        """Note *problem*, found at *key* in the file (compared as tuples)."""
        self.count += 1
        self._kept.append((key, self.count, problem))
        if len(self._kept) >= 10 * PROBLEM_LIMIT:
            self._trim()

    def _trim(self) -> None:
        self._kept.sort(key=lambda kept: kept[:2])
        del self._kept[PROBLEM_LIMIT:]

    def __bool__(self) -> bool:
        return self.count > 0

    def check(self) -> None:
        """
        Raise what was found: nothing for none, the one problem as a `LoadError` (the
        reader's own, such as a `WorkbookError`, when that is its cause), several as a
        `LoadProblemsError` that lists them in file order.
        """
        if not self.count:
            return
        self._trim()
        problems = [problem for _, _, problem in self._kept]
        if self.count == 1:
            only = problems[0]
            if isinstance(only.cause, LoadError):  # a reader's own error: raised as it is
                raise only.cause
            raise LoadError(
                only.path,
                only.reason,
                record=only.record,
                field=only.field,
                line=only.line,
                column=only.column,
            ) from only.cause
        raise LoadProblemsError(self.source, problems, self.count) from problems[0].cause
