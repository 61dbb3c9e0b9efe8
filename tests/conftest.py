"""Shared settings: hypothesis profiles chosen by the environment, and a config folder per test."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    # CI is a fresh two-core machine: more examples, no deadline, never flaky on a slow start.
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


@pytest.fixture(autouse=True)
def _own_config_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """
    Every test has a configuration folder of its own, so that no command run by a test makes
    a feed secret in the home of the user who runs the tests.
    """
    if "IPSRULES_SECRET_FILE" not in os.environ:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
