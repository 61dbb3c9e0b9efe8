"""
The sample programme bundled with the package: synthetic, with no real person in it.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Final

from ._model import Programme
from .formats import loads

_SAMPLE = "sample-programme.json"

SAMPLE_REPORT_DATE: Final = date(2026, 9, 30)
"""
The sample programme's report date, the end of the third quarter of 2026.

On that day 92 participants are active: 22 in employment (a competitive job or other paid
work), 15 studying, 31 in an internship and 24 in planning or job search; 51 referrals wait,
and six employment specialists hold the caseload, as in a typical board report.
"""


def sample_programme() -> Programme:
    """
    The bundled sample: a synthetic Swedish IPS service of 6 specialists and 122 participants.

    92 of the participants are active on `SAMPLE_REPORT_DATE`; the others left before it or
    enrolled after it, from the waiting list.

    It is ``synthetic_programme()`` as written by ``scripts/make_sample_programme.py``, read
    back from the package's data folder, for trying the library and the ``ipsrules`` command
    without any real records.
    """
    text = (resources.files("ipsrules") / "data" / _SAMPLE).read_text(encoding="utf-8")
    return loads(text, source=f"ipsrules/data/{_SAMPLE}")
