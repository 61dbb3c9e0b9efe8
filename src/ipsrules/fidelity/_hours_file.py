"""
Reading specialists' scheduled working hours from a JSON file, for community-based services.

Item 24 of the scale is the share of scheduled working time spent in the community. A service
that knows its specialists' hours writes them as ``{"ES1": 40, "ES5": 20}`` (hours a week),
and ``ipsrules fidelity --scheduled-hours HOURS.json`` passes them to `compute_items`.
"""

from __future__ import annotations

import math
import os

from ipsrules._reading import parse_json, read_text_file
from ipsrules.exceptions import LoadError

_MOST_HOURS = 168  # a week


def loads_scheduled_hours(text: str, *, source: str = "<string>") -> dict[str, float]:
    """
    Scheduled working hours a week by specialist, from the text of an hours file.

    Args:
        text: A JSON object of specialist ids and hours a week, more than 0 and at most 168.
        source: The name to give in errors, usually the file's path.

    Raises:
        LoadError: The text is not JSON, not an object, or gives hours that are not a number
            more than 0 and at most 168; the error names *source* and the specialist.
    """
    document = parse_json(text, source)
    if not isinstance(document, dict):
        raise LoadError(source, "expected a JSON object of specialist ids and hours a week")
    hours: dict[str, float] = {}
    for specialist_id, amount in document.items():
        if (
            isinstance(amount, bool)
            or not isinstance(amount, int | float)
            or not math.isfinite(amount)
            or not 0 < amount <= _MOST_HOURS
        ):
            raise LoadError(
                source,
                f"hours a week are a number more than 0 and at most {_MOST_HOURS}, got {amount!r}",
                field=specialist_id,
            )
        hours[specialist_id] = float(amount)
    return hours


def load_scheduled_hours(path: str | os.PathLike[str]) -> dict[str, float]:
    """
    Scheduled working hours a week by specialist, from a JSON file (UTF-8); see
    `loads_scheduled_hours`.

    Raises:
        LoadError: The file cannot be read or is not a valid hours file.
    """
    name, text = read_text_file(path)
    return loads_scheduled_hours(text, source=name)
