"""
What was worked out from an immutable object, kept while the object lives.

Kept beside the object, not in it, so that a record stays a plain value; found by the
object's identity, because hashing a programme would hash every one of its records.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class IdentityCache(Generic[_Key, _Value]):
    """``make(key)`` for each *key* object, worked out once and dropped when *key* dies."""

    def __init__(self, make: Callable[[_Key], _Value]) -> None:
        self._make = make
        self._known: dict[int, tuple[weakref.ref[_Key], _Value]] = {}

    def __call__(self, key: _Key) -> _Value:
        place = id(key)
        known = self._known.get(place)
        if known is not None and known[0]() is key:
            return known[1]
        value = self._make(key)

        known_values = self._known

        def forget(_: object) -> None:
            known_values.pop(place, None)

        self._known[place] = (weakref.ref(key, forget), value)
        return value
