"""
The sample programme bundled with the package: synthetic, with no real person in it.
"""

from __future__ import annotations

from importlib import resources

from . import io
from ._model import Programme

_SAMPLE = "sample-programme.json"


def sample_programme() -> Programme:
    """
    The bundled sample: a synthetic Swedish IPS service of 6 specialists and 92 participants.

    It is ``synthetic_programme()`` as written by ``scripts/make_sample_programme.py``, read
    back from the package's data folder, for trying the library and the ``ipsrules`` command
    without any real records.
    """
    text = (resources.files("ipsrules") / "data" / _SAMPLE).read_text(encoding="utf-8")
    return io.loads(text, source=f"ipsrules/data/{_SAMPLE}")
