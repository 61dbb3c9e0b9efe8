"""
The cut points of the scale from a TOML file, so that an auditor can correct them without code.

The built-in cut points are partly recalled, not checked against the published scale (see
``docs/fidelity-scale.md``). An auditor who holds the manual writes the items to correct in
a file, each with the cut points, where they come from and whether they are checked:

.. code-block:: toml

    [items.competitive_jobs]
    cuts = [95, 85, 75, 64]
    minimum_count = 10
    confirmed = true
    source = "Fidelity Review Manual, 4th ed. (2019), item 21"

Only the numbers can change: what an item measures (its unit) and which way it improves are
how ipsrules computes it. Every item left out of the file keeps its built-in cut points, and
each loaded item remembers the file (`Thresholds.loaded_from`), which every report shows.
"""

from __future__ import annotations

import math
import os
import tomllib

import attrs

from ipsrules._reading import read_text_file
from ipsrules.exceptions import LoadError, ScoreError
from ipsrules.fidelity._scale import SCALE, Item, Thresholds

_FIELDS = ("cuts", "minimum_count", "confirmed", "source")


def loads_scale(text: str, *, source: str = "<string>") -> tuple[Item, ...]:
    """
    The scale with the cut points of a scale file's text.

    Args:
        text: TOML: a table ``[items.KEY]`` per item to correct, with ``cuts`` (four
            numbers, for scores 5, 4, 3 and 2), ``source`` (where they come from, not
            empty), and optionally ``minimum_count`` (the least number of records the item
            needs, a whole number of at least 1) and ``confirmed`` (``true`` when checked
            against the published scale; ``false`` if left out).
        source: The name to give in errors and in `Thresholds.loaded_from`, usually the
            file's path.

    Returns:
        The 25 items of `SCALE`, in order, those in the file with its cut points.

    Raises:
        LoadError: The text is not TOML, has a key other than ``items``, names an item the
            scale does not have or one judged by a rater (without cut points), or a field
            that is unknown, missing or wrong; the error names *source*, the item and the
            field.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LoadError(source, f"not TOML: {exc}") from None
    for name in document:
        if name != "items":
            raise LoadError(
                source, f"unknown key {name!r}; a scale file holds [items.KEY] tables", field=name
            )
    items = document.get("items", {})
    if not isinstance(items, dict):
        raise LoadError(source, "expected [items.KEY] tables", field="items")
    by_key = {entry.key: entry for entry in SCALE}
    changed: dict[str, Thresholds] = {}
    for key, table in items.items():
        where = f"items.{key}"
        entry = by_key.get(key)
        if entry is None:
            raise LoadError(
                source,
                "the scale has no item with this key; its keys are: "
                + ", ".join(item.key for item in SCALE),
                record=where,
            )
        if entry.thresholds is None:
            raise LoadError(
                source,
                f"item {entry.number} is judged by a rater and has no cut points",
                record=where,
            )
        if not isinstance(table, dict):
            raise LoadError(source, "expected a table of fields", record=where)
        changed[key] = _thresholds(entry.thresholds, table, source, where)
    return tuple(
        attrs.evolve(entry, thresholds=changed[entry.key]) if entry.key in changed else entry
        for entry in SCALE
    )


def load_scale(path: str | os.PathLike[str]) -> tuple[Item, ...]:
    """
    The scale with the cut points of a scale file (TOML, UTF-8); see `loads_scale`.

    Raises:
        LoadError: The file cannot be read or is not a valid scale file; the error names the
            file, the item and the field at fault.
    """
    name, text = read_text_file(path)
    return loads_scale(text, source=name)


def _thresholds(
    built_in: Thresholds, table: dict[str, object], source: str, where: str
) -> Thresholds:
    for name in table:
        if name not in _FIELDS:
            raise LoadError(
                source,
                f"unknown field; the fields of an item are: {', '.join(_FIELDS)}",
                record=where,
                field=name,
            )
    cuts = table.get("cuts")
    if cuts is None:
        raise LoadError(source, "is required but missing", record=where, field="cuts")
    if not isinstance(cuts, list) or len(cuts) != 4 or not all(_is_number(cut) for cut in cuts):
        raise LoadError(
            source,
            f"expected four finite numbers, for scores 5, 4, 3 and 2, got {cuts!r}",
            record=where,
            field="cuts",
        )
    origin = table.get("source")
    if not isinstance(origin, str) or not origin.strip():
        raise LoadError(
            source,
            "expected where the cut points come from (for example the manual and page), "
            f"got {origin!r}",
            record=where,
            field="source",
        )
    minimum = table.get("minimum_count")
    if minimum is not None and (
        isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1
    ):
        raise LoadError(
            source,
            f"expected a whole number of at least 1, got {minimum!r}",
            record=where,
            field="minimum_count",
        )
    confirmed = table.get("confirmed", False)
    if not isinstance(confirmed, bool):
        raise LoadError(
            source, f"expected true or false, got {confirmed!r}", record=where, field="confirmed"
        )
    try:
        return Thresholds(
            unit=built_in.unit,
            direction=built_in.direction,
            cuts=tuple(cuts),
            minimum_count=minimum,
            confirmed=confirmed,
            source=origin.strip(),
            loaded_from=source,
        )
    except ScoreError as exc:
        raise LoadError(
            source,
            f"{exc}; this item is {built_in.direction.value.replace('_', ' ')}",
            record=where,
            field="cuts",
        ) from None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def scale_toml(scale: tuple[Item, ...] = SCALE) -> str:
    """
    The cut points of *scale* as a scale file: a start for an auditor's corrections.

    Every item with cut points is written, with its unit and direction as comments.
    """
    lines = [
        "# Cut points of the IPS-25 fidelity scale for ipsrules (see docs/fidelity-scale.md).",
        "# Correct an item from the published scale, set its source and confirmed = true,",
        "# and delete the items you leave alone: they keep the cut points built into ipsrules.",
    ]
    for entry in scale:
        thresholds = entry.thresholds
        if thresholds is None:
            continue
        lines += [
            "",
            f"# {entry.number}. {entry.title()}: {thresholds.unit}, "
            f"{thresholds.direction.value.replace('_', ' ')}",
            f"[items.{entry.key}]",
            "cuts = [" + ", ".join(_number(cut) for cut in thresholds.cuts) + "]",
        ]
        if thresholds.minimum_count is not None:
            lines.append(f"minimum_count = {thresholds.minimum_count}")
        lines.append(f"confirmed = {'true' if thresholds.confirmed else 'false'}")
        lines.append(f"source = {_toml_string(thresholds.source)}")
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    """A cut point as TOML: whole numbers without a decimal point, others as Python reads them."""
    return str(int(value)) if value.is_integer() else repr(value)


def _toml_string(text: str) -> str:
    """*text* as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
