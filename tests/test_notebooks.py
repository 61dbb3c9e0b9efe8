"""
The notebooks in ``docs/notebooks`` are run by nbmake (``--nbmake`` in pytest's options) and
by the docs build; these tests keep them in the shape that makes both honest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "docs" / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook() -> None:
    assert [path.name for path in NOTEBOOKS] == ["fidelity-audit.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    # The docs run them afresh at every build: a stored output could show what an older
    # release computed.
    notebook = json.loads(path.read_text("utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]

    assert code
    assert all(cell["outputs"] == [] for cell in code)
    assert all(cell["execution_count"] is None for cell in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebooks_run_on_the_python3_kernel(path: Path) -> None:
    notebook = json.loads(path.read_text("utf-8"))

    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
