"""Reviews combine computed items and ratings, check them, total them and compare them."""

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipsrules
from ipsrules import ValidationError
from ipsrules.fidelity import (
    SCALE,
    Band,
    Evidence,
    IncompleteReviewError,
    ItemResult,
    Rating,
    Review,
    ReviewError,
    ScoreError,
    ScoreSource,
    Section,
    item,
    ratings_from,
)

START, END = date(2025, 1, 1), date(2025, 12, 31)


def computed(key, score):
    """A computed result of *score* for item *key*, as compute_items would give."""
    return ItemResult(
        item=item(key),
        score=score,
        measure=None if score is None else 1.0,
        unit="" if score is None else "things",
        evidence=Evidence(summary="counted"),
        needs="data" if score is None else None,
    )


def review(results=(), ratings=(), **period):
    period = {"programme_id": "demo", "start": START, "end": END, **period}
    return Review(results, ratings, **period)


def all_rated(score_of=lambda number: 4):
    return [Rating(entry.number, score_of(entry.number)) for entry in SCALE]


class TestRating:
    def test_number_becomes_key(self):
        """A rating by number names its item by key."""
        rating = Rating(1, 3, "twelve per specialist")

        assert (rating.key, rating.item.number, rating.note) == (
            "caseload_size",
            1,
            "twelve per specialist",
        )

    @pytest.mark.parametrize("wrong", [0, 26, "no_such_item", True, None])
    def test_unknown_item(self, wrong):
        """A rating for an item that does not exist is a ReviewError naming it."""
        with pytest.raises(ReviewError) as caught:
            Rating(wrong, 3)

        assert caught.value.item == str(wrong)
        assert isinstance(caught.value, ipsrules.Error)

    @pytest.mark.parametrize("score", [0, 6, -1, 2.5, "3", True, None])
    def test_score_outside_the_scale(self, score):
        """A score that is not a whole number 1..5 is refused, naming the item."""
        with pytest.raises(ReviewError) as caught:
            Rating("disclosure", score)

        assert caught.value.item == "disclosure"


class TestSources:
    def test_computed_rated_overridden_missing(self):
        """Each item's score says where it came from, and an override keeps both scores."""
        results = [
            computed("caseload_size", 5),
            computed("rapid_job_search", 4),
            computed("competitive_jobs", None),
        ]
        ratings = [
            Rating("rapid_job_search", 2, "dates in the log look wrong"),
            Rating("competitive_jobs", 3),
            Rating("disclosure", 4),
        ]
        scores = review(results, ratings).scores

        assert [s.item for s in scores] == list(SCALE)
        caseload, rapid = scores[0], scores[14]
        competitive, disclosure, quality = scores[20], scores[12], scores[17]
        assert (caseload.score, caseload.source) == (5, ScoreSource.COMPUTED)
        assert (rapid.score, rapid.source, rapid.computed_score) == (2, ScoreSource.OVERRIDDEN, 4)
        assert rapid.note == "dates in the log look wrong"
        assert (competitive.score, competitive.source) == (3, ScoreSource.RATED)
        assert competitive.computed is results[2]
        assert (disclosure.score, disclosure.source, disclosure.computed) == (
            4,
            ScoreSource.RATED,
            None,
        )
        assert (quality.score, quality.source) == (None, ScoreSource.MISSING)

    def test_overrides(self):
        """Only ratings that differ from a computed score are overrides."""
        results = [computed("caseload_size", 5), computed("rapid_job_search", 4)]
        ratings = [Rating(1, 5, "agreed"), Rating(15, 3)]
        done = review(results, ratings)

        assert [s.item.key for s in done.overrides] == ["rapid_job_search"]
        assert done.score_of(1).source is ScoreSource.COMPUTED
        assert done.score_of("caseload_size").note == "agreed"


class TestValidation:
    def test_rated_twice(self):
        """An item rated twice (by key and by number) is a ReviewError naming it."""
        with pytest.raises(ReviewError) as caught:
            review(ratings=[Rating(13, 4), Rating("disclosure", 5)])

        assert caught.value.item == "disclosure"
        assert "twice" in caught.value.reason

    def test_computed_twice(self):
        """Two computed results for one item are refused."""
        with pytest.raises(ReviewError) as caught:
            review([computed(1, 5), computed(1, 4)])

        assert caught.value.item == "caseload_size"

    def test_with_ratings_refuses_a_second_rating(self):
        """Adding a rating for an item already rated is refused too."""
        with pytest.raises(ReviewError):
            review(ratings=[Rating(13, 4)]).with_ratings(Rating(13, 5))

    def test_period_in_order(self):
        """A review period that ends before it starts is refused."""
        with pytest.raises(ValidationError):
            review(start=END, end=START)

    def test_not_a_rating(self):
        """A plain tuple is not a rating."""
        with pytest.raises(ReviewError):
            review(ratings=[("disclosure", 4)])


class TestTotals:
    def test_incomplete_review_names_the_missing_items(self):
        """Total, band and section totals wait for every item, and say which are missing."""
        partial = review([computed(1, 5)], [Rating(2, 4)])

        assert not partial.complete
        assert len(partial.missing) == 23
        assert partial.missing[0].key == "vocational_generalists"
        for ask in (lambda: partial.total, lambda: partial.band, lambda: partial.section_totals):
            with pytest.raises(IncompleteReviewError) as caught:
                ask()
            assert caught.value.missing == tuple(entry.key for entry in partial.missing)
            assert "vocational_generalists" in str(caught.value)

    def test_step_by_step(self):
        """with_ratings returns a new, more complete review and leaves the old one alone."""
        first = review([computed(1, 5)])
        second = first.with_ratings(*[Rating(n, 4) for n in range(2, 26)])

        assert len(first.missing) == 24
        assert second.complete
        assert second.total == 5 + 24 * 4
        assert second.band is Band.GOOD

    def test_section_totals(self):
        """Section totals add up each section, and together make the total."""
        done = review(ratings=all_rated(lambda number: 1 + number % 5))
        totals = done.section_totals

        assert totals[Section.STAFFING] == 2 + 3 + 4
        assert sum(totals.values()) == done.total

    @pytest.mark.parametrize(
        ("scores", "band"),
        [
            ({}, Band.GOOD),
            (
                {
                    1: 5,
                    2: 5,
                    3: 5,
                    4: 5,
                    5: 5,
                    6: 5,
                    7: 5,
                    8: 5,
                    9: 5,
                    10: 5,
                    11: 5,
                    12: 5,
                    13: 5,
                    14: 5,
                    15: 5,
                },
                Band.EXEMPLARY,
            ),
        ],
    )
    def test_band(self, scores, band):
        """The band follows the total: 100 is good, 115 exemplary."""
        done = review(ratings=all_rated(lambda number: scores.get(number, 4)))

        assert done.band is band

    def test_priorities(self):
        """The lowest scores come first, ties in scale order, missing items left out."""
        ratings = [Rating(n, 5) for n in range(1, 25)]
        ratings[20] = Rating(21, 1)
        ratings[2] = Rating(3, 2)
        ratings[16] = Rating(17, 2)
        partial = review(ratings=ratings)

        assert [s.item.number for s in partial.priorities(3)] == [21, 3, 17]
        assert len(partial.priorities(100)) == 24
        assert partial.priorities(0) == ()
        with pytest.raises(ValueError):  # noqa: PT011 - the message is incidental
            partial.priorities(-1)

    @given(st.lists(st.integers(min_value=1, max_value=5), min_size=25, max_size=25))
    def test_total_and_band_of_any_complete_review(self, scores):
        """Any complete review totals 25..125 and its band matches band_for."""
        done = review(ratings=ratings_from(dict(enumerate(scores, start=1))))

        assert done.total == sum(scores)
        assert 25 <= done.total <= 125
        assert done.band is ipsrules.fidelity.band_for(sum(scores))
        lowest = done.priorities(1)[0]
        assert lowest.score == min(scores)
        assert lowest.item.number == scores.index(min(scores)) + 1

    def test_frozen(self):
        """A review is a value: its fields cannot be changed in place."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            review().ratings = ()


class TestCompare:
    def test_trend(self):
        """Per-item deltas, the total's delta and the band change between two reviews."""
        before = review(
            ratings=all_rated(lambda number: 4), start=date(2024, 1, 1), end=date(2024, 12, 31)
        )
        after = review(ratings=all_rated(lambda number: 5 if number <= 15 else 4))
        comparison = after.compare(before)

        assert comparison.total_delta == 15
        assert (comparison.earlier_band, comparison.later_band) == (Band.GOOD, Band.EXEMPLARY)
        assert comparison.band_changed is True
        assert [c.item.number for c in comparison.improved] == list(range(1, 16))
        assert comparison.declined == ()
        assert comparison.changes[0].delta == 1
        assert comparison.changes[20].delta == 0

    def test_incomplete_side(self):
        """With an incomplete review, items still compare but the total does not."""
        before = review(ratings=[Rating(1, 2)])
        after = review(ratings=all_rated())
        comparison = after.compare(before)

        assert comparison.changes[0].delta == 2
        assert comparison.changes[1].delta is None
        assert (comparison.total_delta, comparison.band_changed) == (None, None)

    def test_other_programme(self):
        """Reviews of different programmes are not compared."""
        with pytest.raises(ValidationError):
            review().compare(review(programme_id="other"))


class TestShape:
    def test_repr_is_short(self):
        """A review prints as one line a notebook can show, not every record id."""
        partial = review([computed(1, 5)], [Rating(15, 2)])

        assert (
            repr(partial)
            == "<Review 'demo' 2025-01-01..2025-12-31: 2 of 25 items scored, 0 overridden>"
        )

    def test_evidence_repr_counts_ids(self):
        """Evidence lists its record ids in full but prints only how many there are."""
        evidence = Evidence(summary="s", records=[f"P{n}" for n in range(5000)])

        assert len(evidence.records) == 5000
        assert "<5000 ids>" in repr(evidence)

    @pytest.mark.parametrize("programme_id", ["", "  ", None, 7])
    def test_programme_id(self, programme_id):
        """A review names its programme."""
        with pytest.raises(ValidationError) as caught:
            review(programme_id=programme_id)

        assert caught.value.field == "programme_id"

    @pytest.mark.parametrize("score", [0, 6, 2.0, True])
    def test_computed_score_outside_the_scale(self, score):
        """A computed result cannot carry a score the scale does not have."""
        with pytest.raises(ScoreError):
            computed("caseload_size", score)
