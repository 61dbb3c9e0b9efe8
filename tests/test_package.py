"""The package's public names, imported when first used, and what a command loads."""

import importlib
import json
import re
import subprocess
import sys

import pytest

import ipsrules

# The modules a command may never need: calendar feeds, fidelity, outcomes, the feed server,
# pandas and workbooks.
_HEAVY = (
    "icalendar",
    "ipsrules.feeds",
    "ipsrules.fidelity",
    "ipsrules.outcomes",
    "ipsrules.server",
    "openpyxl",
    "pandas",
)


def _modules_after(code: str) -> set[str]:
    """The modules loaded after running *code* in a new interpreter."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


class TestPublicNames:
    @pytest.mark.parametrize("name", ipsrules.__all__)
    def test_each_is_the_object_of_its_module(self, name: str) -> None:
        value = getattr(ipsrules, name)
        module = importlib.import_module(ipsrules._MODULE_OF[name], "ipsrules")
        assert value is getattr(module, name)

    def test_every_public_name_is_listed_once(self) -> None:
        listed = sorted(name for names in ipsrules._MODULES.values() for name in names)
        assert listed == sorted(ipsrules.__all__)
        assert len(set(listed)) == len(listed)

    def test_star_import_gives_them_all(self) -> None:
        space: dict[str, object] = {}
        exec("from ipsrules import *", space)  # the statement under test
        assert set(ipsrules.__all__) <= set(space)

    def test_dir_lists_names_not_yet_used(self) -> None:
        assert set(ipsrules.__all__) <= set(dir(ipsrules))

    @pytest.mark.parametrize("name", ["feeds", "formats", "rules", "exceptions", "fidelity"])
    def test_public_modules_are_attributes(self, name: str) -> None:
        assert getattr(ipsrules, name) is importlib.import_module(f"ipsrules.{name}")

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        with pytest.raises(AttributeError, match="'ipsrules' has no attribute 'nothing'"):
            ipsrules.nothing  # noqa: B018 - the lookup under test
        assert not hasattr(ipsrules, "_check_report_")


class TestWhatLoads:
    def test_importing_the_package_loads_no_module_of_its_own(self) -> None:
        loaded = _modules_after("import ipsrules")
        assert {name for name in loaded if name.startswith("ipsrules.")} == set()

    def test_a_name_loads_only_its_module_and_what_that_needs(self) -> None:
        loaded = _modules_after("from ipsrules import Contact")
        assert "ipsrules._model" in loaded
        assert not loaded & set(_HEAVY)

    def test_check_loads_no_feed_fidelity_or_outcomes_code(self) -> None:
        loaded = _modules_after(
            "from ipsrules.cli import main\n"
            "import contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert main(['check', '--today', '2026-06-01']) == 0"
        )
        assert "ipsrules._check_report" in loaded
        assert not loaded & set(_HEAVY)

    @pytest.mark.parametrize(
        ("argv", "stream"), [(["--help"], "stdout"), (["nope"], "stderr"), ([], "stderr")]
    )
    def test_help_and_usage_errors_still_name_every_command(
        self, argv: list[str], stream: str
    ) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "ipsrules", *argv],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        commands = ["check", "feed", "outcomes", "fidelity", "quality", "template", "serve"]
        text = getattr(done, stream)
        if argv == ["--help"]:
            # A command is indented by four spaces; its help wraps further in.
            listed = re.findall(r"^    (\w+) ", text, flags=re.MULTILINE)
            assert listed == [*commands, "links"]
        elif argv:
            assert "invalid choice: 'nope' (choose from " in text
            assert all(f"'{command}'" in text for command in [*commands, "links"])
        else:
            assert "the following arguments are required: COMMAND" in text
