"""A real server restart in the middle of a call: the server is stopped, and started again on the same port
and data only once the client has retried three times (where it used to give up), so the outage is
longer than the old retries whatever the machine's speed. The client's defaults carry it through."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from legflow import Client

from .server import LegflowServer, Trader, deploy, python_straddle, sign_in

CHANNEL = "py-restart"
LOT = 65


@pytest.fixture(scope="module")
def restartable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LegflowServer, Trader]]:
    """A server of its own, to stop without disturbing the other tests, with a straddle on CHANNEL."""
    server = LegflowServer(tmp_path_factory.mktemp("legflow-restart-retries")).start()
    trader = sign_in(server)
    deploy(trader, CHANNEL, python_straddle(trader.session.get("/api/templates/short-straddle").json(), CHANNEL))
    yield server, trader
    trader.session.close()
    server.stop()


class RetryCounter(logging.Handler):
    """Counts the retries the client logs; ``reached`` is set at ``enough``."""

    def __init__(self, enough: int) -> None:
        super().__init__(logging.INFO)
        self.enough = enough
        self.count = 0
        self.reached = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "retrying in" in record.getMessage():
            self.count += 1
            if self.count >= self.enough:
                self.reached.set()


@contextmanager
def down_until_retried(server: LegflowServer, retries: int = 3) -> Iterator[RetryCounter]:
    """Stops ``server`` now and starts it again once the client has logged ``retries`` retries."""
    counter = RetryCounter(retries)
    logger = logging.getLogger("legflow")
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.INFO)
    failures: list[BaseException] = []

    def start_again() -> None:
        counter.reached.wait()
        try:
            server.start()
        except BaseException as exc:  # handed to the test below
            failures.append(exc)

    server.stop()
    restarting = threading.Thread(target=start_again, daemon=True)
    restarting.start()
    try:
        yield counter
    finally:
        counter.reached.set()  # a test that failed early still leaves the server running
        restarting.join()
        logger.removeHandler(counter)
        logger.setLevel(level)
    if failures:
        raise failures[0]


def test_an_entry_sent_while_the_server_restarts_is_placed_once(restartable: tuple[LegflowServer, Trader]) -> None:
    server, trader = restartable
    with Client(trader.url, trader.api_key, backoff=0.05) as lf:
        with down_until_retried(server) as retried:
            sent = lf.send_signal(CHANNEL, "ENTRY")
        assert retried.count >= 3 and sent.status == "accepted"
        done = lf.wait(sent)
        assert done.status == "completed"
        placed = [o for o in lf.orders(deployment_id=trader.deployments[CHANNEL]) if f":{sent.id}:" in o["clientOrderId"]]
        assert sorted((o["side"], o["qty"]) for o in placed) == [("SELL", LOT), ("SELL", LOT)]
        lf.wait(lf.send_signal(CHANNEL, "EXIT"))


def test_wait_waits_out_a_restart(restartable: tuple[LegflowServer, Trader]) -> None:
    server, trader = restartable
    with Client(trader.url, trader.api_key, backoff=0.05) as lf:
        sent = lf.send_signal(CHANNEL, "PING")
        with down_until_retried(server) as retried:
            done = lf.wait(sent, timeout=60)
        assert retried.count >= 3 and done.status == "completed" and done.id == sent.id
