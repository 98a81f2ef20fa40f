"""The harness's own tests. ``pytester`` runs octt-py's plugin in inner pytest sessions so the
exact text a user sees is under test."""

import pytest

pytest_plugins = ["pytester"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long sweeps (marker ``exhaustive``) run only when ``-m`` asks for them."""
    if "exhaustive" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="exhaustive sweep: run it with -m exhaustive")
    for item in items:
        if item.get_closest_marker("exhaustive"):
            item.add_marker(skip)
