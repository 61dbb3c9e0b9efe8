"""
Items computed from a programme's records for a review period, each with its evidence.

An item is scored here only where the records carry what its anchors measure; every other
item comes back not computable, with what a rater (or richer records) would need. Nothing is
guessed: a measure that rests on missing data is not computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from ipsrules.fidelity._scale import Item


def _counts(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _ids(value: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Evidence:
    """
    How a computed item was counted, so that an auditor can check it by hand.

    Attributes:
        summary: How the measure was counted, in a sentence or two.
        counts: The figures behind the measure, by name (``"participants"``, ``"fte"``, ...).
        records: The ids of every record the measure rests on (participants, jobs, contacts
            or specialists, as the summary says), in a stable order.
    """

    summary: str
    counts: Mapping[str, float] = attrs.field(factory=dict, converter=_counts, hash=False)
    records: tuple[str, ...] = attrs.field(default=(), converter=_ids)


@attrs.frozen
class ItemResult:
    """
    One item of the scale as far as the records can score it.

    Attributes:
        item: The item.
        score: Its score 1..5, or ``None`` when it cannot be computed from the records.
        measure: The measured figure, in *unit*, or ``None`` when not computed.
        unit: What the measure counts; empty when not computed.
        evidence: How it was counted (or, when not computable, why not).
        needs: What would be needed to score it when it is not computable: the data the
            records lack, or what a rater looks at for an item that is judged.
    """

    item: Item
    score: int | None
    measure: float | None
    unit: str
    evidence: Evidence
    needs: str | None = None

    @property
    def computable(self) -> bool:
        """Whether the records gave this item a score."""
        return self.score is not None
