"""The IPS-25 scale as data: items, labels, thresholds at every cut point, and bands."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipsrules
from ipsrules.fidelity import (
    LOCALES,
    SCALE,
    Band,
    Direction,
    ScoreError,
    Section,
    Thresholds,
    UnknownItemError,
    UnknownLocaleError,
    band_for,
    item,
)

QUANTITATIVE = [entry for entry in SCALE if entry.thresholds is not None]


class TestItems:
    def test_twenty_five_items_in_order(self):
        """The scale has items 1..25, in order, with unique keys."""
        assert list(range(1, 26)) == [entry.number for entry in SCALE]
        assert len({entry.key for entry in SCALE}) == 25

    def test_sections(self):
        """Items 1-3 are staffing, 4-11 organisation, 12-25 services."""
        sections = [entry.section for entry in SCALE]

        assert (
            sections
            == [Section.STAFFING] * 3 + [Section.ORGANISATION] * 8 + [Section.SERVICES] * 14
        )

    @pytest.mark.parametrize(
        ("number", "key"),
        [
            (1, "caseload_size"),
            (2, "employment_services_staff"),
            (15, "rapid_job_search"),
            (17, "job_development_frequency"),
            (19, "job_type_diversity"),
            (20, "employer_diversity"),
            (21, "competitive_jobs"),
            (23, "time_unlimited_follow_along"),
            (24, "community_based_services"),
            (25, "assertive_engagement"),
        ],
    )
    def test_lookup_by_key_and_number(self, number, key):
        """An item is found by its key or its number, and both give the same item."""
        assert item(key) is item(number)
        assert (number, key) == (item(key).number, item(number).key)

    @pytest.mark.parametrize("wrong", [0, 26, -1, "caseload", "", True, 1.0, None])
    def test_unknown_item(self, wrong):
        """An unknown key or number is a typed error that names it."""
        with pytest.raises(UnknownItemError) as caught:
            item(wrong)

        assert wrong == caught.value.item
        assert isinstance(caught.value, ipsrules.Error)

    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_label_in_every_locale(self, locale):
        """Every item has a title, a one-line description and five distinct anchors."""
        for entry in SCALE:
            assert entry.title(locale).strip()
            description = entry.description(locale)
            assert description.strip()
            assert "\n" not in description
            anchors = [entry.anchor(score, locale) for score in range(1, 6)]
            assert len(set(anchors)) == 5, entry.key

    def test_swedish_names_from_the_translation(self):
        """Items 1-3 carry the names of the Swedish translation of the 2008 form."""
        assert item(1).title("sv") == "Klientgruppens storlek"
        assert item(2).title("sv") == "Arbetscoachernas sysselsättning"
        assert item(3).title("sv") == "Arbetscoachernas helhetsansvar"
        assert [section.label("sv") for section in Section] == [
            "Personal",
            "Organisation",
            "Tjänster",
        ]

    def test_unknown_locale(self):
        """An unknown locale is a typed error, for items, sections and bands alike."""
        for ask in (
            lambda: item(1).title("de"),
            lambda: item(1).description("fr"),
            lambda: item(1).anchor(3, "no"),
            lambda: Section.STAFFING.label("da"),
            lambda: Band.GOOD.label("fi"),
        ):
            with pytest.raises(UnknownLocaleError):
                ask()

    @pytest.mark.parametrize("score", [0, 6, -1, True, 2.5])
    def test_anchor_outside_the_scale(self, score):
        """There is no anchor outside 1..5."""
        with pytest.raises(ScoreError):
            item(1).anchor(score)

    def test_judged_item_has_no_thresholds(self):
        """Asking a judged item for a score from a measure is an error, not a guess."""
        assert item("job_development_quality").thresholds is None
        with pytest.raises(ScoreError):
            item("job_development_quality").score_for(3)


# Every quantitative threshold at every cut point: just below, at and just above, with the
# expected scores written out from the scale, not derived from the thresholds.
BOUNDARIES = [
    # caseload size: 5 = 20 or fewer, 4 = 21-25, 3 = 26-30, 2 = 31-40, 1 = 41 or more
    ("caseload_size", 19.9, 5), ("caseload_size", 20, 5), ("caseload_size", 20.1, 4),
    ("caseload_size", 21, 4), ("caseload_size", 25, 4), ("caseload_size", 25.1, 3),
    ("caseload_size", 26, 3), ("caseload_size", 30, 3), ("caseload_size", 30.1, 2),
    ("caseload_size", 31, 2), ("caseload_size", 40, 2), ("caseload_size", 40.1, 1),
    ("caseload_size", 41, 1), ("caseload_size", 0, 5),
    # employment services staff: 5 = 96%+, 4 = 90-95, 3 = 75-89, 2 = 60-74, 1 = <60
    ("employment_services_staff", 100, 5), ("employment_services_staff", 96, 5),
    ("employment_services_staff", 95.9, 4), ("employment_services_staff", 90, 4),
    ("employment_services_staff", 89.9, 3), ("employment_services_staff", 75, 3),
    ("employment_services_staff", 74.9, 2), ("employment_services_staff", 60, 2),
    ("employment_services_staff", 59.9, 1), ("employment_services_staff", 0, 1),
    # rapid job search: 5 = 30 days or fewer, 4 = 31-60, 3 = 61-150, 2 = 151-270, 1 = 271+
    ("rapid_job_search", 29, 5), ("rapid_job_search", 30, 5), ("rapid_job_search", 30.5, 4),
    ("rapid_job_search", 31, 4), ("rapid_job_search", 60, 4), ("rapid_job_search", 61, 3),
    ("rapid_job_search", 150, 3), ("rapid_job_search", 151, 2), ("rapid_job_search", 270, 2),
    ("rapid_job_search", 270.5, 1), ("rapid_job_search", 271, 1),
    # individualised job search: 5 = 90%+, 4 = 75-89, 3 = 50-74, 2 = 25-49, 1 = <25
    ("individualized_job_search", 90, 5), ("individualized_job_search", 89.9, 4),
    ("individualized_job_search", 75, 4), ("individualized_job_search", 74.9, 3),
    ("individualized_job_search", 50, 3), ("individualized_job_search", 49.9, 2),
    ("individualized_job_search", 25, 2), ("individualized_job_search", 24.9, 1),
    # job development: anchors at 2, 4, 5 and 6 a week, closest point (midpoints 3, 4.5, 5.5)
    ("job_development_frequency", 7, 5), ("job_development_frequency", 6, 5),
    ("job_development_frequency", 5.5, 5), ("job_development_frequency", 5.49, 4),
    ("job_development_frequency", 5, 4), ("job_development_frequency", 4.5, 4),
    ("job_development_frequency", 4.49, 3), ("job_development_frequency", 4, 3),
    ("job_development_frequency", 3, 3), ("job_development_frequency", 2.99, 2),
    ("job_development_frequency", 2, 2), ("job_development_frequency", 1.99, 1),
    ("job_development_frequency", 0, 1),
    # diversity of job types and of employers: 5 = 85%+, 4 = 70-84, 3 = 60-69, 2 = 50-59
    *[
        (key, measure, score)
        for key in ("job_type_diversity", "employer_diversity")
        for measure, score in (
            (100, 5), (85, 5), (84.9, 4), (70, 4), (69.9, 3), (60, 3), (59.9, 2), (50, 2),
            (49.9, 1), (0, 1),
        )
    ],
    # competitive jobs: 5 = 95%+, 4 = 85-94, 3 = 75-84, 2 = 64-74, 1 = <64
    ("competitive_jobs", 95, 5), ("competitive_jobs", 94.9, 4), ("competitive_jobs", 85, 4),
    ("competitive_jobs", 84.9, 3), ("competitive_jobs", 75, 3), ("competitive_jobs", 74.9, 2),
    ("competitive_jobs", 64, 2), ("competitive_jobs", 63.9, 1),
    # community-based services: 5 = 65%+, 4 = 50-64, 3 = 40-49, 2 = 30-39, 1 = <30
    ("community_based_services", 65, 5), ("community_based_services", 64.9, 4),
    ("community_based_services", 50, 4), ("community_based_services", 49.9, 3),
    ("community_based_services", 40, 3), ("community_based_services", 39.9, 2),
    ("community_based_services", 30, 2), ("community_based_services", 29.9, 1),
    # five-element items (team contact, supervisor, agency focus, executive support)
    *[
        (key, count, score)
        for key in ("team_contact", "supervisor_role", "agency_focus", "executive_support")
        for count, score in ((5, 5), (4, 4), (3, 3), (2, 2), (1, 1), (0, 1))
    ],
    # disclosure: four elements, 1 = none
    ("disclosure", 4, 5), ("disclosure", 3, 4), ("disclosure", 2, 3), ("disclosure", 1, 2),
    ("disclosure", 0, 1),
    # assertive engagement: six strategies, 1 = two or fewer
    ("assertive_engagement", 6, 5), ("assertive_engagement", 5, 4),
    ("assertive_engagement", 4, 3), ("assertive_engagement", 3, 2),
    ("assertive_engagement", 2, 1), ("assertive_engagement", 0, 1),
]  # fmt: skip


# Every cut point of every quantitative item, with the scores the scale gives just below it,
# at it and just above it, written out from the scale's anchors.
CUTS = [
    # caseload: fewer is better; 20 or fewer 5, 21-25 4, 26-30 3, 31-40 2, 41+ 1
    ("caseload_size", 20, 5, 5, 4), ("caseload_size", 25, 4, 4, 3),
    ("caseload_size", 30, 3, 3, 2), ("caseload_size", 40, 2, 2, 1),
    ("employment_services_staff", 96, 4, 5, 5), ("employment_services_staff", 90, 3, 4, 4),
    ("employment_services_staff", 75, 2, 3, 3), ("employment_services_staff", 60, 1, 2, 2),
    ("rapid_job_search", 30, 5, 5, 4), ("rapid_job_search", 60, 4, 4, 3),
    ("rapid_job_search", 150, 3, 3, 2), ("rapid_job_search", 270, 2, 2, 1),
    ("individualized_job_search", 90, 4, 5, 5), ("individualized_job_search", 75, 3, 4, 4),
    ("individualized_job_search", 50, 2, 3, 3), ("individualized_job_search", 25, 1, 2, 2),
    ("job_development_frequency", 5.5, 4, 5, 5), ("job_development_frequency", 4.5, 3, 4, 4),
    ("job_development_frequency", 3, 2, 3, 3), ("job_development_frequency", 2, 1, 2, 2),
    ("job_type_diversity", 85, 4, 5, 5), ("job_type_diversity", 70, 3, 4, 4),
    ("job_type_diversity", 60, 2, 3, 3), ("job_type_diversity", 50, 1, 2, 2),
    ("employer_diversity", 85, 4, 5, 5), ("employer_diversity", 70, 3, 4, 4),
    ("employer_diversity", 60, 2, 3, 3), ("employer_diversity", 50, 1, 2, 2),
    ("competitive_jobs", 95, 4, 5, 5), ("competitive_jobs", 85, 3, 4, 4),
    ("competitive_jobs", 75, 2, 3, 3), ("competitive_jobs", 64, 1, 2, 2),
    ("community_based_services", 65, 4, 5, 5), ("community_based_services", 50, 3, 4, 4),
    ("community_based_services", 40, 2, 3, 3), ("community_based_services", 30, 1, 2, 2),
    *[
        (key, cut, below, at, above)
        for key in ("team_contact", "supervisor_role", "agency_focus", "executive_support")
        for cut, below, at, above in ((5, 4, 5, 5), (4, 3, 4, 4), (3, 2, 3, 3), (2, 1, 2, 2))
    ],
    ("disclosure", 4, 4, 5, 5), ("disclosure", 3, 3, 4, 4), ("disclosure", 2, 2, 3, 3),
    ("disclosure", 1, 1, 2, 2),
    ("assertive_engagement", 6, 4, 5, 5), ("assertive_engagement", 5, 3, 4, 4),
    ("assertive_engagement", 4, 2, 3, 3), ("assertive_engagement", 3, 1, 2, 2),
]  # fmt: skip
JUST = 0.01


class TestThresholds:
    @pytest.mark.parametrize(("key", "cut", "below", "at", "above"), CUTS)
    def test_every_cut_point(self, key, cut, below, at, above):
        """Just below, at and just above each cut point, the score is the scale's."""
        entry = item(key)

        assert entry.score_for(cut - JUST) == below
        assert entry.score_for(cut) == at
        assert entry.score_for(cut + JUST) == above

    def test_cut_table_covers_every_cut(self):
        """The table above names every cut point of every item with thresholds."""
        assert {(entry.key, cut) for entry in QUANTITATIVE for cut in entry.thresholds.cuts} == {
            (key, cut) for key, cut, *_ in CUTS
        }

    @pytest.mark.parametrize(("key", "measure", "score"), BOUNDARIES)
    def test_boundaries(self, key, measure, score):
        """Each cut point scores as the scale's anchors say, just below, at and just above."""
        assert score == item(key).score_for(measure)

    def test_every_quantitative_item_is_covered(self):
        """The boundary table reaches every item that has thresholds."""
        assert {entry.key for entry in QUANTITATIVE} == {key for key, _, _ in BOUNDARIES}

    def test_fewer_than_ten_competitive_jobs(self):
        """With fewer than 10 jobs, competitive jobs score 1 whatever their share."""
        competitive = item("competitive_jobs")

        assert competitive.score_for(100, count=9) == 1
        assert competitive.score_for(100, count=10) == 5
        assert competitive.score_for(100) == 5

    def test_only_items_one_and_two_are_confirmed(self):
        """The cut points checked against a copy of the scale are those of items 1 and 2."""
        assert {"caseload_size", "employment_services_staff"} == {
            entry.key for entry in QUANTITATIVE if entry.thresholds.confirmed
        }
        assert all(entry.thresholds.source for entry in QUANTITATIVE)

    @pytest.mark.parametrize("measure", [-1, -0.001, math.nan, math.inf, "3", None, True])
    def test_bad_measure(self, measure):
        """A measure that is negative, not finite or not a number is refused."""
        with pytest.raises(ScoreError):
            item("caseload_size").score_for(measure)

    @pytest.mark.parametrize(
        ("direction", "cuts"),
        [
            (Direction.LOWER_IS_BETTER, (40, 30, 25, 20)),
            (Direction.HIGHER_IS_BETTER, (50, 60, 70, 85)),
            (Direction.HIGHER_IS_BETTER, (85, 70, 70, 50)),
            (Direction.HIGHER_IS_BETTER, (85, 70, 60)),
            (Direction.HIGHER_IS_BETTER, (85, 70, 60, math.nan)),
        ],
    )
    def test_cuts_out_of_order(self, direction, cuts):
        """Cut points run from the best score to the worst, strictly, four of them."""
        with pytest.raises(ScoreError):
            Thresholds(unit="x", direction=direction, cuts=cuts)

    @given(
        entry=st.sampled_from(QUANTITATIVE),
        measures=st.lists(
            st.floats(min_value=0, max_value=1000, allow_nan=False), min_size=2, max_size=2
        ),
    )
    def test_monotone(self, entry, measures):
        """A better measure never scores lower: smaller caseloads, larger shares, ..."""
        worse, better = sorted(measures)
        if entry.thresholds.direction is Direction.LOWER_IS_BETTER:
            worse, better = better, worse

        assert entry.score_for(better) >= entry.score_for(worse)

    @given(
        entry=st.sampled_from(QUANTITATIVE),
        measure=st.floats(min_value=0, allow_nan=False, allow_infinity=False),
        count=st.none() | st.integers(min_value=0, max_value=50),
    )
    def test_scores_are_one_to_five(self, entry, measure, count):
        """Any finite measure of at least 0 scores 1..5."""
        assert entry.score_for(measure, count=count) in {1, 2, 3, 4, 5}


class TestBands:
    @pytest.mark.parametrize(
        ("total", "band"),
        [
            (125, Band.EXEMPLARY), (115, Band.EXEMPLARY), (114, Band.GOOD), (100, Band.GOOD),
            (99, Band.FAIR), (74, Band.FAIR), (73, Band.NOT_SUPPORTED_EMPLOYMENT),
            (25, Band.NOT_SUPPORTED_EMPLOYMENT),
        ],
    )  # fmt: skip
    def test_band_edges(self, total, band):
        """Each band runs between the totals the scale gives, both ends included."""
        assert band == band_for(total)

    @pytest.mark.parametrize("total", [24, 126, 0, -5, 100.0, True, "100"])
    def test_total_outside_the_scale(self, total):
        """A total that 25 items scored 1..5 cannot reach is refused."""
        with pytest.raises(ScoreError):
            band_for(total)

    @given(st.integers(min_value=25, max_value=124))
    def test_bands_monotone(self, total):
        """One more point never lowers the band."""
        order = list(Band)

        assert order.index(band_for(total + 1)) <= order.index(band_for(total))

    def test_labels(self):
        """Bands have English and Swedish names."""
        assert Band.FAIR.label() == "Fair fidelity"
        assert Band.GOOD.label("sv") == "God programtrohet"
