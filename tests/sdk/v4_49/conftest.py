"""The client of the SDK people install today, 4.49.0, pointed at m8tes-local the way its
docs say: by `M8TES_BASE_URL` and `M8TES_API_KEY` in the environment (the constructor reads
both when `base_url=` and `api_key=` are not given)."""

from __future__ import annotations

import time

import pytest
from m8tes import M8tes


@pytest.fixture(scope="session", autouse=True)
def _the_pinned_sdk() -> None:
    from importlib.metadata import version

    assert version("m8tes") == "4.49.0", "this suite is for m8tes 4.49.0"


@pytest.fixture
def client():
    with M8tes() as sdk:
        yield sdk


@pytest.fixture
def mate(client, unique):
    """A teammate with Gmail, for the tests that need one to run."""
    return client.agents.create(name=f"mate-{unique}", tools=["gmail"])


@pytest.fixture
def finished(client):
    """Runs `message` on a teammate to the end, through create_and_wait."""

    def run(mate, message="Say hello", **options):
        options.setdefault("poll_timeout", 20)
        return client.runs.create_and_wait(
            message=message, teammate_id=mate.id, poll_interval=0.1, **options
        )

    return run


@pytest.fixture
def parked(client):
    """Starts an approval-mode run and waits until it is parked on its first gate; returns
    the run and the pending request."""

    def start(mate, message="Check my inbox", mode="approval", **options):
        run = client.runs.create(
            message=message, teammate_id=mate.id, stream=False,
            human_in_the_loop=True, permission_mode=mode, **options,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if client.runs.get(run.id).status == "awaiting_approval":
                pending = [r for r in client.runs.permissions(run.id) if r.status == "pending"]
                if pending:
                    return run, pending[0]
            time.sleep(0.05)
        raise AssertionError(f"run {run.id} never reached a gate")

    return start
