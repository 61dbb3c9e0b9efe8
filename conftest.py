"""
Run the code examples in the documentation as tests.

Every ``python`` code block in ``docs/*.md`` is executed by Sybil: blocks of ``>>>``
examples are checked as doctests, other blocks run as plain code (and say what they
expect with ``assert``). The blocks of one page share a namespace, top to bottom, like a
reader following along in one interpreter. Blocks that are only illustrative use another
language tag (``console``, ``text``, ``json``) and are not run.
"""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

DOCS_DIR = Path(__file__).parent / "docs"

_OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _setup(namespace: dict[str, Any]) -> None:
    # Pages that check themselves (api.md checks that it documents every public name)
    # find their own source through this name.
    namespace["DOCS_DIR"] = DOCS_DIR


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=_OPTIONFLAGS),
        DocTestDirectiveParser(optionflags=_OPTIONFLAGS),
        SkipParser(),
    ],
    patterns=["*.md"],
    path="docs",
    excludes=["_build/*"],
    setup=_setup,
).pytest()
