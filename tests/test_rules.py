"""The rule set is data: checked when built, changed with attrs.evolve, followed by the engine."""

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import (
    IPS25,
    Contact,
    ContactMode,
    Party,
    Requirement,
    Rule,
    ValidationError,
    follow_ups,
)
from ipsrules.rules import (
    ANY_MODE_WITH_PARTICIPANT,
    FACE_TO_FACE_WITH_EMPLOYER,
    FACE_TO_FACE_WITH_PARTICIPANT,
)
from ipsrules.strategies import programmes


class TestRequirement:
    @pytest.mark.parametrize(
        ("requirement", "mode", "party", "expected"),
        [
            (FACE_TO_FACE_WITH_PARTICIPANT, ContactMode.FACE_TO_FACE, Party.PARTICIPANT, True),
            (FACE_TO_FACE_WITH_PARTICIPANT, ContactMode.VIDEO, Party.PARTICIPANT, False),
            (FACE_TO_FACE_WITH_PARTICIPANT, ContactMode.FACE_TO_FACE, Party.EMPLOYER, False),
            (ANY_MODE_WITH_PARTICIPANT, ContactMode.MESSAGE, Party.PARTICIPANT, True),
            (ANY_MODE_WITH_PARTICIPANT, ContactMode.PHONE, Party.TEAM, False),
            (FACE_TO_FACE_WITH_EMPLOYER, ContactMode.FACE_TO_FACE, Party.EMPLOYER, True),
            (FACE_TO_FACE_WITH_EMPLOYER, ContactMode.PHONE, Party.EMPLOYER, False),
        ],
    )
    def test_accepts(self, requirement, mode, party, expected):
        """A requirement names the modes (or any) and the parties that qualify."""
        contact = Contact("P1", date(2025, 1, 1), mode, party=party)

        assert expected == requirement.accepts(contact)
        assert expected == requirement.accepts_kind(mode, party)

    def test_needs_a_party(self):
        """A requirement nobody can meet is refused."""
        with pytest.raises(ValidationError) as caught:
            Requirement(modes=None, parties=())

        assert (caught.value.record, caught.value.field) == ("Requirement", "parties")

    def test_is_a_hashable_value(self):
        """Equal requirements are equal and hash alike, whatever collection built them."""
        one = Requirement(modes=[ContactMode.PHONE], parties=[Party.PARTICIPANT])
        two = Requirement(modes={ContactMode.PHONE}, parties=(Party.PARTICIPANT,))

        assert one == two
        assert hash(one) == hash(two)


class TestRuleSet:
    def test_defaults_are_the_spec(self):
        """IPS25 holds the numbers of the specification."""
        assert (
            IPS25.pre_start_days,
            IPS25.start_days,
            IPS25.weeks,
            IPS25.follow_along_months,
            IPS25.job_end_days,
            IPS25.transition_review_days,
            IPS25.first_employer_contact_days,
        ) == (7, 4, 4, 12, 4, 14, 31)
        assert set(Rule) == IPS25.enabled
        assert IPS25.requirement(Rule.JOB_END) == ANY_MODE_WITH_PARTICIPANT
        assert IPS25.requirement(Rule.FIRST_EMPLOYER_CONTACT) == FACE_TO_FACE_WITH_EMPLOYER

    @pytest.mark.parametrize(
        "field",
        [
            "pre_start_days",
            "start_days",
            "weeks",
            "follow_along_months",
            "job_end_days",
            "transition_review_days",
            "first_employer_contact_days",
        ],
    )
    @pytest.mark.parametrize("value", [0, -3, 1.5, True, "4"])
    def test_lengths_are_whole_positive_numbers(self, field, value):
        """Every length is a whole number of at least 1, named in the error."""
        with pytest.raises(ValidationError) as caught:
            attrs.evolve(IPS25, **{field: value})

        assert ("RuleSet 'IPS-25'", field) == (caught.value.record, caught.value.field)

    def test_every_contact_rule_needs_a_requirement(self):
        """Leaving a rule without a requirement is refused, naming the rule."""
        partial = {r: q for r, q in IPS25.requirements.items() if r is not Rule.MONTH}

        with pytest.raises(ValidationError, match="month"):
            attrs.evolve(IPS25, requirements=partial)

    def test_a_reminder_takes_no_requirement(self):
        """The transition review is not met by contacts, so it cannot have a requirement."""
        with pytest.raises(ValidationError, match="transition_review"):
            attrs.evolve(
                IPS25,
                requirements={
                    **IPS25.requirements,
                    Rule.TRANSITION_REVIEW: ANY_MODE_WITH_PARTICIPANT,
                },
            )

    def test_requirements_cannot_be_changed_in_place(self):
        """A rule set is a value: its requirements are a read-only mapping."""
        with pytest.raises(TypeError):
            IPS25.requirements[Rule.MONTH] = ANY_MODE_WITH_PARTICIPANT  # type: ignore[index]

    def test_reminders_need_no_contact(self):
        """Only the transition review is a reminder."""
        assert [rule for rule in Rule if not rule.needs_contact] == [Rule.TRANSITION_REVIEW]

    @given(programmes(), st.sets(st.sampled_from(Rule)))
    def test_disabling_rules_removes_exactly_their_follow_ups(self, programme, disabled):
        """Switching rules off removes their follow-ups and changes no other."""
        rules = attrs.evolve(IPS25, enabled=set(Rule) - disabled)
        expected = [f for f in follow_ups(programme) if f.rule not in disabled]

        assert expected == follow_ups(programme, rules=rules)
