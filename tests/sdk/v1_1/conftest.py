"""The client of the seed SDK, 1.1.0, pointed at m8tes-local the way its docs say: by
`M8TES_BASE_URL` and `M8TES_API_KEY` in the environment (the constructor reads both)."""

from __future__ import annotations

import pytest
from m8tes import M8tes


@pytest.fixture(scope="session", autouse=True)
def _the_pinned_sdk() -> None:
    from importlib.metadata import version

    assert version("m8tes") == "1.1.0", "this suite is for the seed SDK, m8tes 1.1.0"


@pytest.fixture
def client():
    with M8tes() as sdk:
        yield sdk


@pytest.fixture
def mate(client, unique):
    """A teammate with Gmail, for the tests that need one to run."""
    return client.teammates.create(name=f"mate-{unique}", tools=["gmail"])
