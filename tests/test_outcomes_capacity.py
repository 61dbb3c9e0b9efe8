"""Caseload against the target, room for more, and cost: worked examples and laws."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from fractions import Fraction
from random import Random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsrules import SAMPLE_REPORT_DATE, Programme, Specialist, ValidationError, sample_programme
from ipsrules.outcomes import (
    CASELOAD_TARGET,
    Capacity,
    Period,
    capacity,
    cost,
    exact,
    outcome_metrics,
    prorate,
)
from outcome_programmes import Q1_2025, days, outcome_programmes, small_programme

END_OF_Q1 = date(2025, 3, 31)


class TestCapacity:
    def test_small_programme_at_the_default_target(self) -> None:
        """A, B and F are active on 31 March, R1 and R4 wait; 1.5 FTE hold 30 at 20 each."""
        room = capacity(small_programme(), END_OF_Q1)
        assert CASELOAD_TARGET == 20
        assert (room.active, room.waiting, room.specialists, room.fte) == (3, 2, 2, 1.5)
        assert room.caseload_per_fte == 2.0
        assert (room.places, room.spare_places) == (30, 27)
        assert room.fte_to_clear_waiting_list == 0
        assert room.specialists_to_clear_waiting_list == 0

    def test_a_tight_target_needs_more_staff(self) -> None:
        """At 2 per FTE: 3 places, all taken; (3 + 2) / 2 - 1.5 = 1 FTE more, one person."""
        room = capacity(small_programme(), END_OF_Q1, target=2)
        assert (room.places, room.spare_places) == (3, 0)
        assert room.fte_to_clear_waiting_list == pytest.approx(1.0)
        assert room.specialists_to_clear_waiting_list == 1

    def test_part_of_a_person_rounds_up_to_a_whole_one(self) -> None:
        """At 1.5 per FTE: 5 / 1.5 - 1.5 = 1.83 FTE, so two people."""
        room = capacity(small_programme(), END_OF_Q1, target=1.5)
        assert room.places == 2
        assert room.fte_to_clear_waiting_list == pytest.approx(5 / 1.5 - 1.5)
        assert room.specialists_to_clear_waiting_list == 2

    def test_the_total_needed_at_the_target(self) -> None:
        """At 2 per FTE, 3 active and 2 waiting need 5/2 FTE in all: three full-time people."""
        room = capacity(small_programme(), END_OF_Q1, target=2)
        assert room.fte_needed == Fraction(5, 2)
        assert room.specialists_needed == 3
        assert room.fte_to_clear_waiting_list == room.fte_needed - room.fte == 1

    def test_the_sample_needs_eight_specialists_in_all(self) -> None:
        """92 active and 51 waiting at 20 each: 143/20 = 7.15 FTE, eight people; 5.5 in post."""
        room = capacity(sample_programme(), SAMPLE_REPORT_DATE)
        assert (room.active, room.waiting, room.specialists) == (92, 51, 6)
        assert room.fte == Fraction(11, 2)
        assert (room.fte_needed, room.specialists_needed) == (Fraction(143, 20), 8)
        assert room.fte_to_clear_waiting_list == Fraction(33, 20)
        assert room.specialists_to_clear_waiting_list == 2

    def test_a_whole_number_of_fte_needs_no_extra_person(self) -> None:
        """40 participants at 20 each is exactly 2 FTE: two people, not three."""
        room = Capacity(day=END_OF_Q1, active=25, waiting=15, specialists=2, fte=2.0)
        assert (room.fte_needed, room.specialists_needed) == (2, 2)
        assert room.specialists_to_clear_waiting_list == 0
        one_more = attrs.evolve(room, waiting=16)
        assert (one_more.specialists_needed, one_more.specialists_to_clear_waiting_list) == (3, 1)

    @pytest.mark.parametrize("order", list(itertools.permutations([0.7, 0.2, 0.1])))
    def test_fte_adds_up_exactly_in_any_order(self, order: tuple[float, ...]) -> None:
        """0.7 + 0.2 + 0.1 is one FTE whatever the order: 20 places, none lost to rounding."""
        programme = attrs.evolve(
            small_programme(),
            specialists=[Specialist(f"S{n}", fte=fte) for n, fte in enumerate(order, 1)],
        )
        room = capacity(programme, END_OF_Q1)
        assert room.fte == 1
        assert room.places == 20
        assert room.caseload_per_fte == 3.0

    @pytest.mark.parametrize(
        ("value", "fraction"),
        [
            (0.7, Fraction(7, 10)),
            (0.125, Fraction(1, 8)),
            (1 / 3, Fraction(1, 3)),
            (0.7 + 0.2 + 0.1, Fraction(1)),
            (2, Fraction(2)),
            (Fraction(2, 3), Fraction(2, 3)),
        ],
    )
    def test_exact_reads_a_float_as_the_number_written(
        self, value: float | Fraction, fraction: Fraction
    ) -> None:
        assert exact(value) == fraction

    @pytest.mark.parametrize("fte", [-0.5, "1", None, float("nan")])
    def test_a_bad_fte_is_refused(self, fte: object) -> None:
        """The error names the field."""
        with pytest.raises(ValidationError) as error:
            Capacity(day=END_OF_Q1, active=0, waiting=0, specialists=1, fte=fte)
        assert error.value.field == "fte"

    def test_float_sums_of_fte_do_not_cost_a_place(self) -> None:
        """0.7 + 0.2 + 0.1 FTE at 10 each is 10 places, though the sum is 0.9999999999999999."""
        fte = 0.7 + 0.2 + 0.1
        assert fte < 1
        room = Capacity(day=END_OF_Q1, active=0, waiting=0, specialists=3, fte=fte, target=10)
        assert room.places == 10

    def test_no_staff_no_caseload_figure(self) -> None:
        """Without specialists the caseload per FTE is None, and every waiting person needs room."""
        programme = attrs.evolve(small_programme(), specialists=())
        room = capacity(programme, END_OF_Q1)
        assert room.caseload_per_fte is None
        assert room.spare_places == 0
        assert room.fte_to_clear_waiting_list == pytest.approx(5 / 20)
        assert room.specialists_to_clear_waiting_list == 1

    @pytest.mark.parametrize("target", [0, -5, float("nan"), float("inf"), True, "20"])
    def test_a_target_must_be_a_positive_number(self, target: object) -> None:
        """The error names the field."""
        with pytest.raises(ValidationError) as error:
            capacity(small_programme(), END_OF_Q1, target=target)  # type: ignore[arg-type]
        assert error.value.field == "target"


class TestCost:
    def test_a_quarter_costs_its_days_of_the_year(self) -> None:
        """365,000 a year, 90 days of 2025: 90,000; 5 served, 2 job starts."""
        money = cost(outcome_metrics(small_programme(), *Q1_2025), 365_000)
        assert money.period_cost == pytest.approx(90_000)
        assert money.per_participant_served == pytest.approx(18_000)
        assert money.per_job_start == pytest.approx(45_000)
        assert money.currency == "SEK"

    def test_a_period_across_a_new_year_uses_each_years_length(self) -> None:
        """December 2024 is 31/366 of its year, January 2025 31/365 of its own."""
        yearly = 366 * 365
        period = Period(date(2024, 12, 1), date(2025, 1, 31))
        assert prorate(yearly, period) == pytest.approx(31 * 365 + 31 * 366)

    def test_a_whole_leap_year_costs_the_yearly_amount(self) -> None:
        """Proration by each year's own days: 2024 costs exactly one year."""
        assert prorate(4_300_000, Period(date(2024, 1, 1), date(2024, 12, 31))) == pytest.approx(
            4_300_000
        )

    def test_nothing_to_divide_by_gives_none(self) -> None:
        """No participant served and no job start: no cost per either."""
        money = cost(outcome_metrics(small_programme(), date(2023, 1, 1), date(2023, 3, 31)), 1e6)
        assert money.per_participant_served is None
        assert money.per_job_start is None

    @pytest.mark.parametrize("yearly", [-1, float("nan"), "1000"])
    def test_a_yearly_cost_must_be_a_number_not_below_zero(self, yearly: object) -> None:
        """The error names the field."""
        metrics = outcome_metrics(small_programme(), *Q1_2025)
        with pytest.raises(ValidationError) as error:
            cost(metrics, yearly)  # type: ignore[arg-type]
        assert error.value.field == "yearly"


# --- properties ----------------------------------------------------------------------

fte_values = st.sampled_from([1.0, 0.8, 0.5, 0.25, 0.1])
targets = st.integers(min_value=1, max_value=40) | st.floats(min_value=0.5, max_value=40)


@given(outcome_programmes(), days(), fte_values, targets)
def test_more_fte_never_lowers_spare_places(
    programme: Programme, day: date, extra: float, target: float
) -> None:
    """Hiring never takes room away, and never raises what is needed to clear the list."""
    more = attrs.evolve(
        programme, specialists=(*programme.specialists, Specialist("NEW", fte=extra))
    )
    before, after = capacity(programme, day, target=target), capacity(more, day, target=target)
    assert after.spare_places >= before.spare_places
    assert after.fte_to_clear_waiting_list <= before.fte_to_clear_waiting_list
    assert after.specialists_to_clear_waiting_list <= before.specialists_to_clear_waiting_list


@given(outcome_programmes(), days(), targets, st.randoms(use_true_random=False))
def test_the_order_of_the_specialists_never_matters(
    programme: Programme, day: date, target: float, random: Random
) -> None:
    """Exact FTE arithmetic: the same team listed in any order has the same capacity."""
    staff = list(programme.specialists)
    random.shuffle(staff)
    shuffled = attrs.evolve(programme, specialists=staff)
    assert capacity(shuffled, day, target=target) == capacity(programme, day, target=target)


@given(outcome_programmes(), days(), targets)
def test_the_total_needed_holds_everyone_at_the_target(
    programme: Programme, day: date, target: float
) -> None:
    """The FTE needed holds active and waiting exactly; the people needed are it rounded up."""
    room = capacity(programme, day, target=target)
    assert room.fte_needed * exact(target) == room.active + room.waiting
    assert room.specialists_needed - 1 < room.fte_needed <= room.specialists_needed
    assert room.fte_to_clear_waiting_list == max(0, room.fte_needed - room.fte)
    assert room.fte + room.fte_to_clear_waiting_list >= room.fte_needed


@given(outcome_programmes(), days(), targets)
def test_capacity_figures_are_consistent(programme: Programme, day: date, target: float) -> None:
    """Spare places fill the gap to the places; the extra FTE would take the whole list."""
    room = capacity(programme, day, target=target)
    assert room.spare_places >= 0
    assert room.spare_places == 0 or room.active + room.spare_places == room.places
    assert room.fte_to_clear_waiting_list >= 0
    people = room.specialists_to_clear_waiting_list
    assert people - 1 < room.fte_to_clear_waiting_list <= people or people == 0
    if room.fte_to_clear_waiting_list > 0:
        grown = attrs.evolve(room, fte=room.fte + room.fte_to_clear_waiting_list, active=0)
        assert grown.places >= room.active + room.waiting
    if room.caseload_per_fte is not None:
        assert math.isclose(room.caseload_per_fte * room.fte, room.active)


@given(outcome_programmes(), days(), targets, targets)
def test_a_higher_target_never_lowers_spare_places(
    programme: Programme, day: date, low: float, high: float
) -> None:
    """Allowing more participants per specialist makes room, never less."""
    low, high = sorted((low, high))
    assert (
        capacity(programme, day, target=high).spare_places
        >= capacity(programme, day, target=low).spare_places
    )


@given(
    st.floats(min_value=0, max_value=1e8),
    days(),
    st.integers(min_value=0, max_value=800),
    st.integers(min_value=0, max_value=800),
)
def test_proration_adds_up_over_a_split_period(
    yearly: float, start: date, first: int, second: int
) -> None:
    """Cutting a period in two splits its cost in two; a period never costs a negative sum."""
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second + 1)
    whole = prorate(yearly, Period(start, end))
    parts = prorate(yearly, Period(start, middle)) + prorate(
        yearly, Period(middle + timedelta(days=1), end)
    )
    assert whole == pytest.approx(parts, rel=1e-9, abs=1e-6)
    assert whole >= 0
