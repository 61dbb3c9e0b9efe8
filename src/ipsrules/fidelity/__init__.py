"""
IPS-25 fidelity: the scale as data, items computed from a programme's records, and reviews.

A fidelity review scores 25 items from 1 to 5. ``ipsrules.fidelity`` holds the scale
(`SCALE`, `item`, `Band`, `band_for`), computes every item that the records can measure for a
review period with the evidence behind it (`compute_items`), and combines those with a
rater's scores into a `Review` with a total, a band, section totals and priorities.
"""

from ipsrules.exceptions import (
    FidelityError,
    IncompleteReviewError,
    MissingExtraError,
    ReportFormatError,
    ReviewError,
    ScoreError,
    UnknownItemError,
    UnknownLocaleError,
)
from ipsrules.fidelity._computed import (
    COMPUTED_KEYS,
    ITEM_COLUMNS,
    Evidence,
    ItemResult,
    compute_items,
    items_frame,
)
from ipsrules.fidelity._ratings_file import load_ratings, loads_ratings
from ipsrules.fidelity._review import (
    Comparison,
    ItemChange,
    ItemScore,
    Rating,
    Review,
    ScoreSource,
    ratings_from,
)
from ipsrules.fidelity._scale import (
    LOCALES,
    MAX_TOTAL,
    MIN_TOTAL,
    SCALE,
    Band,
    Direction,
    Item,
    Section,
    Thresholds,
    band_for,
    item,
)

__all__ = [
    "COMPUTED_KEYS",
    "ITEM_COLUMNS",
    "LOCALES",
    "MAX_TOTAL",
    "MIN_TOTAL",
    "SCALE",
    "Band",
    "Comparison",
    "Direction",
    "Evidence",
    "FidelityError",
    "IncompleteReviewError",
    "Item",
    "ItemChange",
    "ItemResult",
    "ItemScore",
    "Rating",
    "Review",
    "ReviewError",
    "ScoreError",
    "ScoreSource",
    "Section",
    "Thresholds",
    "UnknownItemError",
    "UnknownLocaleError",
    "band_for",
    "compute_items",
    "item",
    "items_frame",
    "ratings_from",
]
# Reports and ratings files.
__all__ += ["MissingExtraError", "ReportFormatError", "load_ratings", "loads_ratings"]
