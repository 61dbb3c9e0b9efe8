"""
`ContactLog`: a programme's contacts kept as columns, behaving as the tuple of them; and
`contact_log_of_columns`, the gate through which loaders fill a log without a `Contact`
per row: it accepts only rows that `Contact` accepts.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import Contact, ContactLog, ContactMode, Participant, Party, Programme, Setting
from ipsrules._model import CONTACT_FIELDS, _unique, contact_log_of_columns, record_faults
from ipsrules.exceptions import ValidationError
from ipsrules.strategies import contacts, generic_contacts, participants

PEOPLE = st.lists(participants(), min_size=1, max_size=3, unique_by=lambda p: p.id)


@st.composite
def logged(draw: st.DrawFn) -> list[Contact]:
    """Contacts as a log holds them: about participants, and generic employer contacts."""
    people = draw(PEOPLE)
    specialist_ids = ("S1", "S2")
    about = st.sampled_from(people).flatmap(
        lambda person: contacts(person, specialist_ids=specialist_ids)
    )
    return draw(st.lists(about | generic_contacts(specialist_ids), max_size=25))


def columns_of(rows: list[Contact]) -> list[list[Any]]:
    return [[getattr(row, name) for row in rows] for name in CONTACT_FIELDS]


# --- a sequence of contacts, as the tuple of them ------------------------------------------


@given(logged())
def test_a_log_is_the_tuple_of_its_contacts(rows: list[Contact]) -> None:
    log = ContactLog(rows)
    as_tuple = tuple(rows)
    assert len(log) == len(as_tuple)
    assert list(log) == rows
    assert [log[index] for index in range(-len(rows), len(rows))] == [
        as_tuple[index] for index in range(-len(rows), len(rows))
    ]
    assert log == as_tuple
    assert as_tuple == log  # the tuple's own comparison gives way to the log's
    assert log == rows
    assert hash(log) == hash(as_tuple)
    assert log == ContactLog(as_tuple)
    assert hash(log) == hash(ContactLog(as_tuple))
    for name in CONTACT_FIELDS:
        assert log.column(name) == tuple(getattr(row, name) for row in rows)
    assert pickle.loads(pickle.dumps(log)) == log
    half = len(rows) // 2
    assert ContactLog(rows[:half]) + ContactLog(rows[half:]) == log
    assert ContactLog(rows[:half]) + tuple(rows[half:]) == log
    assert tuple(rows[:half]) + ContactLog(rows[half:]) == log
    assert isinstance(tuple(rows[:half]) + ContactLog(rows[half:]), ContactLog)
    assert repr(log) == f"ContactLog({rows!r})"


@given(logged(), st.slices(30))
def test_a_slice_of_a_log_is_the_log_of_the_slice(rows: list[Contact], part: slice) -> None:
    log = ContactLog(rows)
    assert isinstance(log[part], ContactLog)
    assert log[part] == tuple(rows)[part]


@given(logged(), logged())
def test_logs_are_equal_when_their_contacts_are(one: list[Contact], other: list[Contact]) -> None:
    assert (ContactLog(one) == ContactLog(other)) == (one == other)
    assert (ContactLog(one) != tuple(other)) == (one != other)


def test_an_item_out_of_range_a_field_that_is_none_and_an_item_that_is_no_contact() -> None:
    contact = Contact("P1", date(2025, 1, 1), ContactMode.PHONE)
    log = ContactLog([contact])
    with pytest.raises(IndexError):
        log[1]
    with pytest.raises(KeyError, match="notes"):
        log.column("notes")
    with pytest.raises(TypeError, match="item 1 is a str, not a Contact"):
        ContactLog([contact, "P1"])  # type: ignore[list-item]
    assert log != "not a log"
    with pytest.raises(TypeError):
        log + [contact]  # type: ignore[operator]  # noqa: RUF005 - a list is refused
    assert ContactLog() == ()
    assert len(ContactLog()) == 0


def test_a_programme_keeps_its_contacts_as_a_log() -> None:
    """Given a list, a tuple or a log, a programme holds a log equal to it."""
    people = [Participant("P1", date(2025, 1, 1))]
    contact = Contact("P1", date(2025, 1, 2), ContactMode.PHONE)
    for given_as in ([contact], (contact,), ContactLog([contact])):
        programme = Programme("X", "X", participants=people, contacts=given_as)
        assert isinstance(programme.contacts, ContactLog)
        assert programme.contacts == (contact,)
    same = Programme("X", "X", participants=people, contacts=[contact])
    assert same == programme
    assert hash(same) == hash(programme)
    moved = attrs.evolve(programme, contacts=[*programme.contacts, contact])
    assert len(moved.contacts) == 2
    with pytest.raises(ValidationError, match=r"item 1 is a Participant, not a Contact"):
        Programme("X", "X", participants=people, contacts=[contact, people[0]])  # type: ignore[list-item]


# --- filled from columns: only what Contact accepts ----------------------------------------


@given(logged())
def test_valid_columns_make_the_log_of_their_rows(rows: list[Contact]) -> None:
    """Every contact a programme may hold, made by any of the library's strategies, passes."""
    log = contact_log_of_columns(columns_of(rows))
    assert log is not None
    assert log == rows


class _Odd(tzinfo):
    """A time zone of the user's own making: a fixed offset, but not a library's class."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


class _Code(str):
    """A subclass of str: the checks take the long way for it."""


STOCKHOLM = ZoneInfo("Europe/Stockholm")
GOOD = Contact("P1", datetime(2025, 3, 1, 10, tzinfo=STOCKHOLM), ContactMode.PHONE)
ODD_CODE = _Code("P1")
ODD_ID = _Code("C")
ODD_TIME = datetime(2025, 3, 1, 10, tzinfo=_Odd())

# A value for one field, in a row that is otherwise GOOD's: what Contact does with it decides.
VALUES: dict[str, list[object]] = {
    "participant_id": [None, "", " ", "P\x07", "P" * 64, "P" * 65, ODD_CODE, 1, "P\u2028"],
    "at": [
        date(2025, 3, 1),
        datetime(2025, 3, 1, 10),  # no time zone
        ODD_TIME,
        datetime(2025, 3, 1, 9, tzinfo=UTC),  # the same instant as GOOD's
        datetime(2025, 3, 1, 10, tzinfo=timezone(timedelta(hours=1))),
        date(1899, 1, 1),
        "2025-03-01",
    ],
    "mode": ["phone", *ContactMode, None],
    "party": ["employer", *Party, None],
    "setting": ["remote", *Setting, None, 1],
    "specialist_id": [None, "S1", "", "S" * 65, 7],
    "minutes": [None, 0, 1440, 1441, -1, True, 1.0, "30", 2**70],
    "id": [None, "C1", "", " C ", "C\n", "C" * 65, ODD_ID],
}
LONG_WAY = (ODD_CODE, ODD_ID, ODD_TIME)
"""Values that `Contact` takes only by the full path of its checks: the gate may refuse them."""


def _accepted(values: dict[str, object]) -> bool:
    try:
        Contact(**values)  # type: ignore[arg-type]
    except (ValidationError, TypeError):
        return False
    return True


@pytest.mark.parametrize("field", CONTACT_FIELDS)
@pytest.mark.parametrize("party", [Party.PARTICIPANT, Party.EMPLOYER])
def test_a_value_passes_only_when_a_contact_would_take_it(field: str, party: Party) -> None:
    """Each value on its own, and beside a good row (so that equal values must not merge)."""
    good = attrs.evolve(GOOD, party=party)
    base = {name: getattr(good, name) for name in CONTACT_FIELDS}
    for value in VALUES[field]:
        row = {**base, field: value}
        for rows in ([row], [base, row], [row, base]):
            expected = all(_accepted(each) for each in rows)
            columns = [[each[name] for each in rows] for name in CONTACT_FIELDS]
            # Given each column's distinct objects, as `Columns` gives them: the same answer.
            hinted = contact_log_of_columns([*map(list, columns)], [*map(_distinct, columns)])
            log = contact_log_of_columns(columns)
            assert hinted == log
            if log is not None:  # never a row that Contact refuses
                assert expected, (field, value)
                assert log == [Contact(**each) for each in rows]  # type: ignore[arg-type]
            elif not any(value is odd for odd in LONG_WAY):  # and every plain one it takes
                assert not expected, (field, value)


def _distinct(column: Sequence[object]) -> list[object]:
    """Each object of *column* once (by identity: equal objects may differ)."""
    return [*{id(value): value for value in column}.values()]


@given(logged(), st.lists(st.booleans(), min_size=8, max_size=8))
def test_distinct_values_given_change_nothing(rows: list[Contact], given: list[bool]) -> None:
    """Whichever columns come with their distinct values, the log is the same."""
    columns = columns_of(rows)
    distinct = [
        _distinct(column) if hint else None for column, hint in zip(columns, given, strict=True)
    ]
    assert contact_log_of_columns([*map(list, columns)], distinct) == rows


def test_distinct_values_are_all_that_is_checked() -> None:
    """The checks read the values given as distinct (so a loader must give all of them)."""
    columns = columns_of([GOOD])
    assert contact_log_of_columns([*map(list, columns)], [None] * 8) is not None
    for place, bad in ((1, "2025-03-01"), (2, "phone"), (6, -1), (7, " ")):
        distinct: list[list[object] | None] = [None] * 8
        distinct[place] = [columns[place][0], bad]
        assert contact_log_of_columns([*map(list, columns)], distinct) is None, place
    assert contact_log_of_columns(columns, [None] * 7) is None  # one for each column


def test_the_rules_of_a_generic_employer_contact() -> None:
    """No participant: only with an employer, and only with a named specialist."""
    base = {name: getattr(GOOD, name) for name in CONTACT_FIELDS}
    cases = [
        ({"participant_id": None, "party": Party.EMPLOYER, "specialist_id": "S1"}, True),
        ({"participant_id": None, "party": Party.EMPLOYER, "specialist_id": None}, False),
        ({"participant_id": None, "party": Party.PARTICIPANT, "specialist_id": "S1"}, False),
        ({"participant_id": "P1", "party": Party.TEAM, "specialist_id": None}, True),
    ]
    for change, accepted in cases:
        row = {**base, **change}
        assert _accepted(row) is accepted
        log = contact_log_of_columns([[base[n], row[n]] for n in CONTACT_FIELDS])
        assert (log is not None) is accepted, change
        columns = [[base[n], row[n]] for n in CONTACT_FIELDS]
        hinted = contact_log_of_columns(columns, [*map(_distinct, columns)])
        assert (hinted is not None) is accepted, change


def test_columns_of_unequal_lengths_or_the_wrong_number_of_columns() -> None:
    columns = columns_of([GOOD, GOOD])
    assert contact_log_of_columns(columns) is not None
    assert contact_log_of_columns(columns[:-1]) is None
    assert contact_log_of_columns([*columns[:-1], columns[-1][:1]]) is None


@given(st.lists(st.none() | st.sampled_from(["C1", "C2", "C3"]), max_size=8), st.booleans())
def test_duplicate_ids_are_found_in_a_log_as_in_a_tuple(
    ids: list[str | None], as_log: bool
) -> None:
    """Each id seen before is a duplicate, whatever `None`s (no id) stand between them."""
    logged = [
        Contact("P1", date(2025, 1, 1), ContactMode.PHONE, id=contact_id) for contact_id in ids
    ]
    records: Sequence[Contact] = ContactLog(logged) if as_log else tuple(logged)
    participant = Participant("P1", date(2025, 1, 1))
    faults = record_faults({"contacts": records, "participants": (participant,)})
    expected = [
        index for index, contact_id in enumerate(ids) if contact_id in ids[:index] and contact_id
    ]
    assert [(fault.list_name, fault.place) for fault in faults] == [
        ("contacts", place) for place in expected
    ]


@given(st.lists(st.none() | st.text(alphabet="ab", max_size=2), max_size=8))
def test_ids_are_distinct_when_no_id_repeats(ids: list[str | None]) -> None:
    """In order or not (the order is a shortcut), with or without `None`s (no id)."""
    given_ids = [one for one in ids if one is not None]
    expected = len(set(given_ids)) == len(given_ids)
    assert _unique(tuple(ids)) is expected
    assert _unique(tuple(sorted(given_ids))) is expected


def test_ids_in_increasing_order_with_one_repeated() -> None:
    assert _unique(("C1", "C2", "C3"))
    assert not _unique(("C1", "C2", "C2", "C3"))
    assert not _unique(("C1", None, "C1"))
    assert _unique((None, None, "C1"))
