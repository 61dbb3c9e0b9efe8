"""
The follow-up rules as data.

A `RuleSet` holds every number and every contact requirement that the rules
engine uses; the engine has no constants of its own. Change a rule set with
`attrs.evolve`::

    longer = attrs.evolve(IPS25, follow_along_months=18)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from ._model import Contact, ContactMode, Party
from .exceptions import ValidationError


class Rule(StrEnum):
    """
    The kinds of follow-up, in the order they fall in a job's life.

    The order of the members is the order used to sort follow-ups.
    """

    PRE_START = "pre_start"
    START = "start"
    WEEK = "week"
    MONTH = "month"
    JOB_END = "job_end"
    TRANSITION_REVIEW = "transition_review"
    FIRST_EMPLOYER_CONTACT = "first_employer_contact"

    @property
    def needs_contact(self) -> bool:
        """Whether a contact meets this rule; a transition review is only a reminder."""
        return self is not Rule.TRANSITION_REVIEW


def _modes(value: Iterable[ContactMode] | None) -> frozenset[ContactMode] | None:
    return None if value is None else frozenset(value)


def _parties(value: Iterable[Party]) -> frozenset[Party]:
    return frozenset(value)


def _rules(value: Iterable[Rule]) -> frozenset[Rule]:
    return frozenset(value)


@attrs.frozen(cache_hash=True)  # the matcher looks contacts up by requirement, often
class Requirement:
    """
    What kind of contact meets a follow-up.

    Attributes:
        modes: The contact modes that count, or ``None`` for any mode.
        parties: Whom the contact must be with.
    """

    modes: frozenset[ContactMode] | None = attrs.field(converter=_modes)
    parties: frozenset[Party] = attrs.field(converter=_parties)

    @parties.validator
    def _check_parties(self, _field: attrs.Attribute[Any], value: frozenset[Party]) -> None:
        if not value:
            raise ValidationError("Requirement", "parties", "needs at least one party")

    def accepts(self, contact: Contact) -> bool:
        """Whether *contact* is of a kind that meets this requirement."""
        return self.accepts_kind(contact.mode, contact.party)

    def accepts_kind(self, mode: ContactMode, party: Party) -> bool:
        """Whether a contact made by *mode* with *party* meets this requirement."""
        return party in self.parties and (self.modes is None or mode in self.modes)


FACE_TO_FACE_WITH_PARTICIPANT = Requirement(
    modes={ContactMode.FACE_TO_FACE}, parties={Party.PARTICIPANT}
)
"""Met by a face-to-face meeting with the participant."""

ANY_MODE_WITH_PARTICIPANT = Requirement(modes=None, parties={Party.PARTICIPANT})
"""Met by any contact with the participant; a phone call or a message counts."""

FACE_TO_FACE_WITH_EMPLOYER = Requirement(modes={ContactMode.FACE_TO_FACE}, parties={Party.EMPLOYER})
"""Met by a face-to-face meeting with an employer about the participant."""


def _frozen_requirements(
    value: Mapping[Rule, Requirement],
) -> Mapping[Rule, Requirement]:
    return MappingProxyType(dict(value))


# The most each length may be: ten years, in its own unit. With days no later than
# 2999-12-31 (docs/limits.md), every window then stays far inside the calendar.
_MOST: Final = {"weeks": 520, "follow_along_months": 120}
_MOST_DAYS: Final = 3660


def _positive(rule_set: RuleSet, field: attrs.Attribute[Any], value: object) -> None:
    most = _MOST.get(field.name, _MOST_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise ValidationError(
            f"RuleSet {rule_set.name!r}",
            field.name,
            f"expected a whole number from 1 to {most} (ten years), got {value!r}",
        )


@attrs.frozen
class RuleSet:
    """
    The parameters of the follow-up rules; see :doc:`/rules` for their meaning.

    Every ``*_days`` field is the length of a window in days, both ends counted:
    ``start_days=4`` gives the window ``[S, S+3]``.

    Attributes:
        name: A label for reports.
        pre_start_days: The ``pre_start`` window ends the day before the start: ``[S-n, S-1]``.
        start_days: The ``start`` window begins on the start: ``[S, S+n-1]``.
        weeks: How many ``week`` windows of seven days follow the start.
        follow_along_months: The last ``month`` window ends the day before start + this many
            months; the ``transition_review`` falls then.
        job_end_days: The ``job_end`` window begins the day the end became known.
        transition_review_days: The length of the ``transition_review`` window.
        first_employer_contact_days: The ``first_employer_contact`` window begins on the day of
            enrolment: ``[enrolled_on, enrolled_on+n-1]``.
        requirements: Which contacts meet each rule that needs a contact.
        enabled: The rules that are applied; leave one out to switch it off.
    """

    name: str = "IPS-25"
    pre_start_days: int = attrs.field(default=7, validator=_positive)
    start_days: int = attrs.field(default=4, validator=_positive)
    weeks: int = attrs.field(default=4, validator=_positive)
    follow_along_months: int = attrs.field(default=12, validator=_positive)
    job_end_days: int = attrs.field(default=4, validator=_positive)
    transition_review_days: int = attrs.field(default=14, validator=_positive)
    first_employer_contact_days: int = attrs.field(default=31, validator=_positive)
    requirements: Mapping[Rule, Requirement] = attrs.field(
        factory=lambda: {
            Rule.PRE_START: FACE_TO_FACE_WITH_PARTICIPANT,
            Rule.START: FACE_TO_FACE_WITH_PARTICIPANT,
            Rule.WEEK: FACE_TO_FACE_WITH_PARTICIPANT,
            Rule.MONTH: FACE_TO_FACE_WITH_PARTICIPANT,
            Rule.JOB_END: ANY_MODE_WITH_PARTICIPANT,
            Rule.FIRST_EMPLOYER_CONTACT: FACE_TO_FACE_WITH_EMPLOYER,
        },
        converter=_frozen_requirements,
        hash=False,
    )
    enabled: frozenset[Rule] = attrs.field(default=frozenset(Rule), converter=_rules)

    @requirements.validator
    def _check_requirements(
        self, _field: attrs.Attribute[Any], value: Mapping[Rule, Requirement]
    ) -> None:
        record = f"RuleSet {self.name!r}"
        missing = [rule.value for rule in Rule if rule.needs_contact and rule not in value]
        if missing:
            raise ValidationError(record, "requirements", f"none for {', '.join(missing)}")
        if Rule.TRANSITION_REVIEW in value:
            raise ValidationError(
                record, "requirements", "transition_review is a reminder, not a contact"
            )

    def requirement(self, rule: Rule) -> Requirement:
        """The kind of contact that meets *rule*; `KeyError` for a reminder."""
        return self.requirements[rule]


IPS25 = RuleSet()
"""
The default rules: those of the IPS fidelity scale's follow-along and rapid job search
items, and the contact routine of Swedish IPS services.
"""
