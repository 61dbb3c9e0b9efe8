"""
A programme's records grouped by the participant they belong to.

Rules, outcomes and fidelity all ask "which of these records are this participant's?":
they group the same way, here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Owned(Protocol):
    @property
    def participant_id(self) -> str: ...


_Record = TypeVar("_Record", bound=_Owned)


def by_participant(records: Iterable[_Record]) -> dict[str, list[_Record]]:
    """*records* grouped by participant id, each participant's in the order given."""
    grouped: dict[str, list[_Record]] = {}
    for record in records:
        theirs = grouped.get(record.participant_id)
        if theirs is None:
            grouped[record.participant_id] = [record]
        else:
            theirs.append(record)
    return grouped
