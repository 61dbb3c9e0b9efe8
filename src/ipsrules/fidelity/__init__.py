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
    ResultStatus,
    TooFew,
    compute_items,
    items_frame,
)
from ipsrules.fidelity._hours_file import load_scheduled_hours, loads_scheduled_hours
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
    BUILT_IN,
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
from ipsrules.fidelity._scale_file import load_scale, loads_scale, scale_toml

__all__ = [
    "BUILT_IN",
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
    "ResultStatus",
    "Review",
    "ReviewError",
    "ScoreError",
    "ScoreSource",
    "Section",
    "Thresholds",
    "TooFew",
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
# Scale files: cut points an auditor corrects without code.
__all__ += ["load_scale", "loads_scale", "scale_toml"]
# Scheduled working hours, for community-based services (item 24).
__all__ += ["load_scheduled_hours", "loads_scheduled_hours"]
