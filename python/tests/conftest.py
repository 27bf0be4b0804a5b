from __future__ import annotations

from collections.abc import Iterator

import pytest

from legflow import Client, _core

from .fake_timer import FakeTimer
from .proxy import Relay
from .server import LegflowServer, Trader, deploy, python_delay, python_function, python_straddle, sign_in

#: The channels the session's deployments listen on.
STRADDLE = "py-straddle"  # the short-straddle template, 1 lot, 25 % stops
CAPPED = "py-capped"  # the same with at most 1 open lot: every entry is refused
SLOW = "py-slow"  # waits 2 s, places nothing
NODE = "py-node"  # straddle legs through the Python function NODE_FUNCTION (timeout NODE_TIMEOUT_MS), then a log line
NODE_FUNCTION = "pytest_adjust"
NODE_TIMEOUT_MS = 500


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LegflowServer]:
    running = LegflowServer(tmp_path_factory.mktemp("legflow-data")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def trader(server: LegflowServer) -> Iterator[Trader]:
    trader = sign_in(server)
    template = trader.session.get("/api/templates/short-straddle").json()
    deploy(trader, STRADDLE, python_straddle(template, STRADDLE))
    deploy(trader, CAPPED, python_straddle(template, CAPPED, max_open_lots=1))
    deploy(trader, SLOW, python_delay(SLOW, 2))
    deploy(trader, NODE, python_function(NODE, NODE_FUNCTION, timeout_ms=NODE_TIMEOUT_MS))
    yield trader
    trader.session.close()


@pytest.fixture
def client(trader: Trader) -> Iterator[Client]:
    with Client(trader.url, trader.api_key, backoff=0.05) as c:
        yield c


@pytest.fixture
def relay(trader: Trader) -> Iterator[Relay]:
    """A relay in front of the session's server, to make the faults of a network or a proxy."""
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def timer(monkeypatch: pytest.MonkeyPatch) -> FakeTimer:
    """The clients' time, faked: it passes only when they sleep."""
    fake = FakeTimer()
    monkeypatch.setattr(_core, "timer", fake)
    return fake
