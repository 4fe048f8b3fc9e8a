"""What both SDK suites share: the server under test, a unique name per test, a webhook
receiver, and the list of failed tests that `cargo xtask test` prints.

The server is a real `m8tes-local` that xtask starts with a fresh data folder and a fresh key;
both reach the SDK only through the environment it documents (`M8TES_BASE_URL`,
`M8TES_API_KEY`). Each suite's own conftest builds the client from its SDK.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def pytest_configure(config: pytest.Config) -> None:
    for name in ("M8TES_BASE_URL", "M8TES_API_KEY"):
        if not os.environ.get(name):
            raise pytest.UsageError(
                f"{name} is not set: run `cargo xtask test --only sdk-conformance`, or start "
                "m8tes-local and set M8TES_BASE_URL and M8TES_API_KEY (tests/sdk/README.md)"
            )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Appends each failed test's id to the file xtask names, so its failure lists them."""
    path = os.environ.get("M8TES_SDK_FAILURES")
    if path and report.failed:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{report.nodeid}\n")


@pytest.fixture
def unique() -> str:
    """A short suffix no other test uses, for names and end-user ids."""
    return uuid.uuid4().hex[:10]


@dataclass
class Delivery:
    """One POST the receiver got: its headers (names lower-cased) and raw body."""

    headers: dict[str, str]
    body: bytes


class WebhookReceiver:
    """A loopback HTTP server that answers 200 to every POST and keeps what it got."""

    def __init__(self) -> None:
        self._received: queue.Queue[Delivery] = queue.Queue()
        #: Every delivery so far, in arrival order, whoever consumed it from the queue.
        self.everything: list[Delivery] = []
        received, everything = self._received, self.everything

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                everything.append(Delivery(headers, body))
                received.put(everything[-1])
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/hooks"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for(self, matches, timeout: float = 15.0) -> Delivery:
        """The first delivery for which `matches(delivery)` is true; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"no matching delivery within {timeout}s; got {[d.body[:120] for d in seen]}"
                )
            try:
                delivery = self._received.get(timeout=left)
            except queue.Empty:
                continue
            seen.append(delivery)
            if matches(delivery):
                return delivery

    def drain(self, seconds: float) -> list[Delivery]:
        """Everything that arrives within `seconds`."""
        got = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                got.append(self._received.get(timeout=left))
            except queue.Empty:
                break
        return got

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver():
    hooks = WebhookReceiver()
    yield hooks
    hooks.close()
