"""
The package's shape, as far as import-linter cannot check it: no module uses another
module's private name, and no library module changes process-wide state.

The layers themselves are import-linter contracts in ``pyproject.toml`` (``lint-imports``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ipsrules"
MODULES = sorted(SRC.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private_uses(path: Path) -> Iterator[str]:
    """Each private name that *path* takes from another module, as ``line: what``."""
    tree = ast.parse(path.read_text("utf-8"))
    modules: set[str] = set()  # local names bound to a module of the package
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name) and not _is_submodule(path, node, alias.name):
                    source = "." * node.level + (node.module or "")
                    yield f"{node.lineno}: from {source} import {alias.name}"
                elif _is_submodule(path, node, alias.name):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ipsrules"):
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            yield f"{node.lineno}: {node.value.id}.{node.attr}"


def _is_submodule(path: Path, node: ast.ImportFrom, name: str) -> bool:
    """Whether ``from X import name`` imports a module of the package (a file or folder)."""
    if node.level:
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
    elif (node.module or "").startswith("ipsrules"):
        base = SRC.parent
    else:
        return False
    folder = base.joinpath(*(node.module or "").split(".")) if node.module else base
    return (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_no_module_uses_another_modules_private_name(path: Path) -> None:
    assert list(_private_uses(path)) == []


@pytest.mark.parametrize("path", MODULES, ids=_module_name)
def test_no_process_wide_switch(path: Path) -> None:
    """
    The collector, the locale, warnings filters, the time zone and signal handlers stay the
    caller's; only the command line (``cli/``), whose process it is, handles signals and sets
    the collector's thresholds, for the length of a command.
    """
    tree = ast.parse(path.read_text("utf-8"))
    signals = {("signal", "signal"), ("signal", "pthread_sigmask"), ("signal", "siginterrupt")}
    thresholds = {("gc", "set_threshold")}
    if "cli" in path.relative_to(SRC).parts:
        signals = thresholds = set()
    switched = [
        f"{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr)
        in {
            ("gc", "disable"),
            ("gc", "enable"),
            ("gc", "freeze"),
            *thresholds,
            ("locale", "setlocale"),
            ("warnings", "simplefilter"),
            ("warnings", "filterwarnings"),
            ("time", "tzset"),
            ("sys", "setrecursionlimit"),
            *signals,
        }
    ]
    assert switched == []


def test_the_checks_see_a_private_name_and_a_switch(tmp_path: Path) -> None:
    """The two checks above can fail: they find what they look for in a module made here."""
    bad = SRC / "fidelity" / "_probe_for_test_layers.py"
    bad.write_text(
        "import gc\nfrom ipsrules._windows import _hidden\nfrom ipsrules import _model\n"
        "x = _model._secret\ngc.disable()\n",
        "utf-8",
    )
    try:
        assert [use.split(":")[0] for use in _private_uses(bad)] == ["2", "4"]
        with pytest.raises(AssertionError):
            test_no_process_wide_switch(bad)
    finally:
        bad.unlink()


_FORMATTERS = {"json", "csv", "html", "io", "string"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", sorted((SRC / "cli").glob("*.py")), ids=_module_name)
def test_the_command_line_formats_nothing(path: Path) -> None:
    """Every output format is the library's: the command line parses arguments and calls it."""
    assert _imported_modules(path) & _FORMATTERS == set()
