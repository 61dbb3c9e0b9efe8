"""CI runs the test command that the README gives, so a green CI vouches for the README."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.index("Run the whole test suite")
    block = re.search(r"```console\n(.*?)\n```", readme[intro:], re.DOTALL)
    assert block is not None, "no console block after 'Run the whole test suite'"
    return block[1]


def ci_test_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    heading = lines.index("""echo "== tests (the README's test command)\"""")
    return lines[heading + 1]


def test_ci_runs_the_readmes_test_command() -> None:
    assert ci_test_command() == readme_test_command()


def test_the_test_command_installs_what_the_interop_tests_need() -> None:
    command = readme_test_command()
    assert "'.[test]'" in command  # Radicale, caldav and recurring-ical-events
    assert "npm ci --prefix tests/interop/js" in command  # ical.js, from the lock file
    assert command.endswith(".venv/bin/python -m pytest")  # everything, interop included
