"""
Reviews: computed items and a rater's scores combined into a total, a band and priorities.

A review is a frozen value. It may be incomplete while a rater works through the items (see
`Review.missing`); asking an incomplete review for its total, band or section totals is an
error that names the items still to score. `Review.with_ratings` returns a new review with
more ratings, so a notebook can build one step by step without changing the last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ipsrules._document import JSON, to_json
from ipsrules._validators import text_problem
from ipsrules.exceptions import (
    IncompleteReviewError,
    ReviewError,
    UnknownItemError,
    ValidationError,
)
from ipsrules.fidelity._computed import ItemResult
from ipsrules.fidelity._report import (
    chart,
    comparison_html,
    records_frame,
    report_html,
    report_markdown,
    review_csv,
    review_html,
    review_records,
    review_text,
    write_report,
)
from ipsrules.fidelity._scale import SCALE, Band, Item, Section, band_for, item

if TYPE_CHECKING:
    import os

    import pandas
    from matplotlib.figure import Figure


def _item_key(value: object) -> str:
    """The key of the item that *value* (a key or a number) names."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return item(value).key
        except UnknownItemError:
            pass
    raise ReviewError(str(value), "no item of the IPS-25 scale has this key or number")


def _check_score(rating: Rating, _field: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ReviewError(rating.key, f"a score is a whole number 1..5, got {value!r}")


MAX_NOTE_LENGTH = 2000
"""The most characters a rater's note may have."""


def note_problem(note: str) -> str | None:
    """
    Why *note* is not a note every report can carry, or ``None``: the one rule for text
    (docs/limits.md), except that a note may run over several lines.
    """
    if not note.strip():
        return None  # an empty note is no note
    return text_problem(note.replace("\r\n", "\n").replace("\n", " "), MAX_NOTE_LENGTH)


def _check_note(rating: Rating, _field: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ReviewError(rating.key, f"a note is text, got {value!r}")
    problem = None if value is None else note_problem(value)
    if problem is not None:
        raise ReviewError(rating.key, f"the note {problem}")


@attrs.frozen
class Rating:
    """
    A rater's score for one item, with an optional note on the evidence.

    Attributes:
        key: The item's key; a number (1..25) is accepted and turned into the key.
        score: The score, a whole number 1..5.
        note: What the score rests on, in the rater's words.
    """

    key: str = attrs.field(converter=_item_key)
    score: int = attrs.field(validator=_check_score)
    note: str | None = attrs.field(default=None, validator=_check_note)

    @property
    def item(self) -> Item:
        """The item rated."""
        return item(self.key)


class ScoreSource(StrEnum):
    """Where an item's score in a review comes from."""

    COMPUTED = "computed"
    """Computed from the records (a rater who gave the same score only adds a note)."""
    RATED = "rated"
    """A rater's score for an item the records cannot score."""
    OVERRIDDEN = "overridden"
    """A rater's score that replaces a different computed score; both are kept."""
    MISSING = "missing"
    """No score yet: neither computed nor rated."""


@attrs.frozen
class ItemScore:
    """
    An item's place in a review.

    Attributes:
        item: The item.
        score: The score that counts, or ``None`` while the item is missing.
        source: Where the score comes from.
        computed: What the records gave, when the item was computed (computable or not).
        note: The rater's note, if any.
    """

    item: Item
    score: int | None
    source: ScoreSource
    computed: ItemResult | None = None
    note: str | None = None

    @property
    def computed_score(self) -> int | None:
        """The score computed from the records, kept when a rater overrides it."""
        return None if self.computed is None else self.computed.score


def _results(value: Iterable[ItemResult]) -> tuple[ItemResult, ...]:
    return tuple(value)


def _ratings(value: Iterable[Rating]) -> tuple[Rating, ...]:
    return tuple(value)


def _programme_id(review: Review, field: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("Review", field.name, f"expected a non-empty string, got {value!r}")


def _day(review: Review, field: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError("Review", field.name, f"expected a date, got {value!r}")


@attrs.frozen
class Review:
    """
    A fidelity review of one programme over one period.

    Build it from the results of `compute_items` and a rater's `Rating` s; every item must
    end up with exactly one score 1..5 for the review to be complete.

    Args:
        computed: Items computed from the records, at most one result per item.
        ratings: A rater's scores, at most one per item. A rating of an item the records
            scored differently overrides it (`ScoreSource.OVERRIDDEN`; both scores are kept).
        programme_id: The programme reviewed.
        start: The first day of the review period.
        end: The last day of the review period.

    Raises:
        ReviewError: An item computed twice or rated twice (a rating for an unknown item or
            with a score outside 1..5 is refused when the `Rating` is built).
        ipsrules.ValidationError: The period is not two dates in order.
    """

    computed: tuple[ItemResult, ...] = attrs.field(converter=_results)
    ratings: tuple[Rating, ...] = attrs.field(default=(), converter=_ratings)
    programme_id: str = attrs.field(kw_only=True, validator=_programme_id)
    start: date = attrs.field(kw_only=True, validator=_day)
    end: date = attrs.field(kw_only=True, validator=_day)
    _scores: tuple[ItemScore, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("Review", "end", f"{self.end} is before start {self.start}")
        computed: dict[str, ItemResult] = {}
        for result in self.computed:
            if not isinstance(result, ItemResult):
                raise ReviewError(str(result), "computed results must be ItemResult values")
            if result.item.key in computed:
                raise ReviewError(result.item.key, "computed twice")
            computed[result.item.key] = result
        rated: dict[str, Rating] = {}
        for rating in self.ratings:
            if not isinstance(rating, Rating):
                raise ReviewError(str(rating), "ratings must be Rating values")
            if rating.key in rated:
                raise ReviewError(rating.key, "rated twice")
            rated[rating.key] = rating
        object.__setattr__(
            self,
            "_scores",
            tuple(
                _item_score(entry, computed.get(entry.key), rated.get(entry.key)) for entry in SCALE
            ),
        )

    def __repr__(self) -> str:
        scored = sum(1 for s in self._scores if s.score is not None)
        return (
            f"<Review {self.programme_id!r} {self.start}..{self.end}: {scored} of "
            f"{len(SCALE)} items scored, {len(self.overrides)} overridden>"
        )

    def with_ratings(self, *ratings: Rating) -> Review:
        """A new review with *ratings* added; this one is left as it is."""
        return attrs.evolve(self, ratings=(*self.ratings, *ratings))

    @property
    def scores(self) -> tuple[ItemScore, ...]:
        """Every item of the scale, in order, with its score or as missing."""
        return self._scores

    def score_of(self, key_or_number: str | int) -> ItemScore:
        """The `ItemScore` of one item, by key or number."""
        return self._scores[item(key_or_number).number - 1]

    @property
    def overrides(self) -> tuple[ItemScore, ...]:
        """The items where a rater's score replaces a different computed score."""
        return tuple(s for s in self._scores if s.source is ScoreSource.OVERRIDDEN)

    @property
    def missing(self) -> tuple[Item, ...]:
        """The items without a score yet, in scale order."""
        return tuple(s.item for s in self._scores if s.score is None)

    @property
    def complete(self) -> bool:
        """Whether every item has a score."""
        return not self.missing

    def _require_complete(self, what: str) -> None:
        missing = self.missing
        if missing:
            raise IncompleteReviewError(tuple(entry.key for entry in missing), what)

    @property
    def total(self) -> int:
        """The sum of the 25 scores, 25..125; `IncompleteReviewError` until complete."""
        self._require_complete("total")
        return sum(s.score or 0 for s in self._scores)

    @property
    def band(self) -> Band:
        """The band of the total; `IncompleteReviewError` until complete."""
        self._require_complete("band")
        return band_for(self.total)

    @property
    def section_totals(self) -> Mapping[Section, int]:
        """The total of each section; `IncompleteReviewError` until complete."""
        self._require_complete("section totals")
        totals = dict.fromkeys(Section, 0)
        for s in self._scores:
            totals[s.item.section] += s.score or 0
        return MappingProxyType(totals)

    def priorities(self, n: int = 5) -> tuple[ItemScore, ...]:
        """
        The *n* lowest-scored items, lowest first, ties in scale order: where to improve.

        Items without a score are left out (see `missing`).
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be a whole number of at least 0, got {n!r}")
        scored = [s for s in self._scores if s.score is not None]
        scored.sort(key=lambda s: (s.score, s.item.number))
        return tuple(scored[:n])

    # --- reports (written by ipsrules.fidelity._report) ------------------------------

    def to_records(self, locale: str = "en") -> list[dict[str, str | int | float | None]]:
        """
        One plain dict per item, in scale order: ``number``, ``key``, ``section``, ``title``,
        ``score``, ``source``, ``computed_score``, ``measure``, ``unit``, ``evidence``,
        ``needs`` and ``note``; ``None`` where there is nothing. Titles are in *locale*.
        """
        return review_records(self, locale)

    def to_dict(self, locale: str = "en") -> dict[str, JSON]:
        """
        The review as JSON-ready data: what ``ipsrules fidelity --format json`` prints.

        Keys, always in this order: ``programme``, ``from`` and ``to`` (ISO dates),
        ``complete``; ``total``, ``band`` (its value) and ``section_totals`` (by section
        value), all three ``None`` while the review is incomplete; ``missing``,
        ``overrides`` and ``priorities`` (lists of item keys, no priorities while
        incomplete); and ``items``, the `to_records` of *locale*.
        """
        complete = self.complete
        section_totals: dict[str, JSON] | None = None
        if complete:
            section_totals = {section.value: self.section_totals[section] for section in Section}
        return {
            "programme": self.programme_id,
            **_headline(self),
            "section_totals": section_totals,
            "missing": [entry.key for entry in self.missing],
            "overrides": [score.item.key for score in self.overrides],
            "priorities": [score.item.key for score in self.priorities()] if complete else [],
            "items": list(self.to_records(locale)),
        }

    def to_json(self, locale: str = "en") -> str:
        """`to_dict` as indented JSON text, non-ASCII kept, with a final newline."""
        return to_json(self.to_dict(locale))

    def to_csv(self, locale: str = "en") -> str:
        """`to_records` as CSV: a header row of the record's keys, then one row per item."""
        return review_csv(self, locale)

    def to_text(self, locale: str = "en") -> str:
        """
        The review for a terminal: programme, period, total and band (or how many items
        still need a score), one aligned line per item, then the overrides and the
        priorities, or the items still without a score. ``ipsrules fidelity`` prints the
        same, and says after the last list how to give the missing ratings.
        """
        return review_text(self, locale)

    def to_dataframe(self, locale: str = "en") -> pandas.DataFrame:
        """
        `to_records` as a pandas data frame indexed by item number (needs pandas, from the
        ``notebook`` extra; `MissingExtraError` without it).
        """
        return records_frame(self.to_records(locale))

    def chart(self, earlier: Review | None = None, *, locale: str = "en") -> Figure:
        """
        A horizontal bar chart of the item scores, coloured by source, with an *earlier*
        review's scores beside them if given (needs matplotlib, from the ``notebook`` extra).
        """
        return chart(self, earlier, locale)

    def to_html(self, locale: str = "en", *, standalone: bool = True) -> str:
        """
        The report as a standalone HTML document (inline styles, no scripts, no external
        assets): total, band, sections, priorities, overrides, and every item with its
        score, source, measure, evidence and note; what data the records lack. With
        *standalone* false, the same as a fragment, for a notebook in another *locale*
        (``IPython.display.HTML(review.to_html("sv", standalone=False))``) or a web page.
        """
        return report_html(self, locale, standalone=standalone)

    def to_markdown(self, locale: str = "en") -> str:
        """The report of `to_html` as Markdown, for a wiki or a repository."""
        return report_markdown(self, locale)

    def write_report(self, path: str | os.PathLike[str], *, locale: str = "en") -> None:
        """
        Write the report to *path*: HTML for ``.html`` or ``.htm``, Markdown for ``.md``.

        Raises:
            ReportFormatError: *path* has another suffix; nothing is written.
            OSError: The file cannot be written; *path* is then unchanged.
        """
        write_report(self, path, locale)

    def _repr_html_(self) -> str:
        return review_html(self)

    def compare(self, earlier: Review) -> Comparison:
        """
        How this review differs from an *earlier* one of the same programme.

        Raises:
            ipsrules.ValidationError: The reviews are of different programmes.
        """
        if not isinstance(earlier, Review):
            raise TypeError(f"compare with a Review, got {type(earlier).__name__}")
        if earlier.programme_id != self.programme_id:
            raise ValidationError(
                "Review",
                "programme_id",
                f"cannot compare {self.programme_id!r} with a review of {earlier.programme_id!r}",
            )
        changes = tuple(
            ItemChange(item=now.item, earlier=then.score, later=now.score)
            for then, now in zip(earlier.scores, self.scores, strict=True)
        )
        return Comparison(earlier=earlier, later=self, changes=changes)


def _headline(review: Review) -> dict[str, JSON]:
    """A review's period, whether it is complete, and its total and band (``None`` until then)."""
    complete = review.complete
    return {
        "from": review.start.isoformat(),
        "to": review.end.isoformat(),
        "complete": complete,
        "total": review.total if complete else None,
        "band": review.band.value if complete else None,
    }


def _item_score(entry: Item, result: ItemResult | None, rating: Rating | None) -> ItemScore:
    computed_score = None if result is None else result.score
    if rating is None:
        if computed_score is None:
            return ItemScore(entry, None, ScoreSource.MISSING, result)
        return ItemScore(entry, computed_score, ScoreSource.COMPUTED, result)
    if computed_score is None:
        source = ScoreSource.RATED
    elif computed_score == rating.score:
        source = ScoreSource.COMPUTED
    else:
        source = ScoreSource.OVERRIDDEN
    return ItemScore(entry, rating.score, source, result, rating.note)


@attrs.frozen
class ItemChange:
    """
    One item's score in two reviews.

    Attributes:
        item: The item.
        earlier: Its score in the earlier review, or ``None`` if it had none.
        later: Its score in the later review, or ``None`` if it has none.
    """

    item: Item
    earlier: int | None
    later: int | None

    @property
    def delta(self) -> int | None:
        """Later minus earlier; ``None`` unless both reviews score the item."""
        if self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier


@attrs.frozen
class Comparison:
    """
    The trend between two reviews of one programme.

    Attributes:
        earlier: The earlier review.
        later: The later review.
        changes: Every item's scores in both, in scale order.
    """

    earlier: Review
    later: Review
    changes: tuple[ItemChange, ...]

    @property
    def total_delta(self) -> int | None:
        """The later total minus the earlier; ``None`` unless both reviews are complete."""
        if not (self.earlier.complete and self.later.complete):
            return None
        return self.later.total - self.earlier.total

    @property
    def earlier_band(self) -> Band | None:
        """The earlier review's band, or ``None`` if it is incomplete."""
        return self.earlier.band if self.earlier.complete else None

    @property
    def later_band(self) -> Band | None:
        """The later review's band, or ``None`` if it is incomplete."""
        return self.later.band if self.later.complete else None

    @property
    def band_changed(self) -> bool | None:
        """Whether the band moved; ``None`` unless both reviews are complete."""
        if self.earlier_band is None or self.later_band is None:
            return None
        return self.earlier_band is not self.later_band

    @property
    def improved(self) -> tuple[ItemChange, ...]:
        """The items that scored higher in the later review."""
        return tuple(c for c in self.changes if c.delta is not None and c.delta > 0)

    @property
    def declined(self) -> tuple[ItemChange, ...]:
        """The items that scored lower in the later review."""
        return tuple(c for c in self.changes if c.delta is not None and c.delta < 0)

    def to_dict(self) -> dict[str, JSON]:
        """
        The comparison as JSON-ready data.

        Keys, in this order: ``programme``; ``earlier`` and ``later``, each with ``from``,
        ``to`` (ISO dates), ``complete``, ``total`` and ``band`` (``None`` while
        incomplete); ``total_delta`` and ``band_changed`` (``None`` unless both reviews are
        complete); and ``changes``, one ``{number, key, earlier, later, delta}`` per item.
        """
        return {
            "programme": self.later.programme_id,
            "earlier": _headline(self.earlier),
            "later": _headline(self.later),
            "total_delta": self.total_delta,
            "band_changed": self.band_changed,
            "changes": [
                {
                    "number": change.item.number,
                    "key": change.item.key,
                    "earlier": change.earlier,
                    "later": change.later,
                    "delta": change.delta,
                }
                for change in self.changes
            ],
        }

    def _repr_html_(self) -> str:
        return comparison_html(self)


def ratings_from(
    scores: Mapping[str | int, int] | Sequence[tuple[str | int, int]],
) -> tuple[Rating, ...]:
    """Ratings without notes from ``{key or number: score}`` or ``[(key, score), ...]``."""
    pairs = scores.items() if isinstance(scores, Mapping) else scores
    return tuple(Rating(key, score) for key, score in pairs)
