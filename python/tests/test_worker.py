"""Python functions as graph nodes: a worker serves ``pytest_adjust`` to the session's NODE deployment
(straddle legs → the function → a log line), and each test reads the run's trace."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from legflow import AsyncClient, AuthError, Client, Message, Signal, Worker

from .conftest import NODE, NODE_FUNCTION, NODE_TIMEOUT_MS
from .proxy import Relay
from .server import Trader

LOT = 65


def run_through(client: Client, action: str = "ENTRY", **data: Any) -> tuple[Signal, dict[str, dict[str, Any]]]:
    """Sends a signal to the NODE deployment and returns it, finished, with its steps by node id."""
    done = client.wait(client.send_signal(NODE, action, **data), timeout=15, raise_on_failure=False)
    return done, {step["nodeId"]: step for step in done.runs[0].steps}


@pytest.fixture
def worker(client: Client) -> Iterator[Worker]:
    """A worker to decorate a function on; started by the test, always stopped after it."""
    w = client.worker()
    yield w
    w.stop()


def test_the_function_sets_vars_and_replaces_legs(client: Client, worker: Worker) -> None:
    seen: list[Message] = []

    @worker.function(NODE_FUNCTION)
    def adjust(msg: Message) -> dict[str, Any]:
        seen.append(msg)
        first = dict(msg.legs[0], lots=2)
        return {"worker": "one", "vol": 0.12, "legs": [first]}

    worker.start()
    done, steps = run_through(client, reason="iv rank 72")

    assert done.status == "completed"
    out = steps["fn"]["output"]["out"][0]
    assert steps["fn"]["status"] == "ok" and out["vars"] == {"worker": "one", "vol": 0.12}
    assert [(leg["side"], leg["qty"], leg["symbol"][-2:]) for leg in out["legs"]] == [("SELL", 2 * LOT, "CE")]
    assert steps["log"]["status"] == "ok"
    [msg] = seen
    assert (msg.action, msg.channel, msg.data["reason"], msg.timeout) == ("ENTRY", NODE, "iv rank 72", NODE_TIMEOUT_MS / 1000)
    assert [(leg["side"], leg["optionType"], leg["lots"]) for leg in msg.legs] == [("SELL", "CE", 1), ("SELL", "PE", 1)]
    assert msg.deployment_id == done.runs[0].deployment_id and msg.node_id == "fn" and msg.vars == {}


def test_returning_none_stops_the_path(client: Client, worker: Worker) -> None:
    worker.function(NODE_FUNCTION)(lambda msg: None)
    worker.start()
    done, steps = run_through(client)
    assert done.status == "completed"
    assert list(steps) == ["src", "straddle", "fn"] and steps["fn"]["output"] == {}


def test_a_slow_function_times_out_and_its_late_answer_is_refused(client: Client, worker: Worker, caplog: pytest.LogCaptureFixture) -> None:
    @worker.function(NODE_FUNCTION)
    def slow(msg: Message) -> dict[str, Any]:
        time.sleep(msg.timeout + 0.5)
        return {"worker": "late"}

    worker.start()
    with caplog.at_level(logging.WARNING, logger="legflow"):
        done, steps = run_through(client)
        assert done.status == "failed"
        assert steps["fn"]["status"] == "failed"
        assert steps["fn"]["error"] == f'Python function "{NODE_FUNCTION}": no answer within {NODE_TIMEOUT_MS} ms'
        assert "log" not in steps
        deadline = time.monotonic() + 5
        while "came too late" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    assert "came too late" in caplog.text


def test_an_exception_fails_the_node_naming_it(client: Client, worker: Worker) -> None:
    @worker.function(NODE_FUNCTION)
    def broken(msg: Message) -> None:
        raise ValueError("no quotes for NIFTY")

    worker.start()
    done, steps = run_through(client)
    assert done.status == "failed"
    assert steps["fn"]["error"] == f'Python function "{NODE_FUNCTION}": raised ValueError: no quotes for NIFTY'
    assert done.error and "raised ValueError" in str(done.error)


def test_a_value_that_is_not_an_answer_fails_the_node(client: Client, worker: Worker) -> None:
    worker.function(NODE_FUNCTION)(lambda msg: 42)
    worker.start()
    done, steps = run_through(client)
    assert done.status == "failed" and "raised TypeError: pytest_adjust returned int" in steps["fn"]["error"]


def test_without_a_worker_the_node_fails_saying_so(client: Client) -> None:
    done, steps = run_through(client)
    assert done.status == "failed"
    assert steps["fn"]["error"].startswith(f'Python function "{NODE_FUNCTION}": no worker of yours serves it')


def test_two_workers_serving_one_function_share_the_calls(client: Client) -> None:
    workers = [client.worker(), client.worker()]
    for name, w in zip(["one", "two"], workers, strict=True):
        w.function(NODE_FUNCTION)(lambda msg, name=name: {"worker": name})
    try:
        for w in workers:
            w.start()
        served = [run_through(client)[1]["fn"]["output"]["out"][0]["vars"]["worker"] for _ in range(4)]
    finally:
        for w in workers:
            w.stop()
    assert sorted(served) == ["one", "one", "two", "two"]
    assert [w.calls for w in workers] == [2, 2]


def test_the_worker_connects_again_after_losing_its_connection(trader: Trader, client: Client) -> None:
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    try:
        with Client(relay.url, trader.api_key) as via_relay:
            worker = via_relay.worker()
            worker.function(NODE_FUNCTION)(lambda msg: {"worker": "relayed"})
            with worker:
                relay.drop_next_answers(1)  # the call is cut on its way: the server fails it at once
                done, steps = run_through(client)
                assert steps["fn"]["error"] == f'Python function "{NODE_FUNCTION}": its worker disconnected before answering'
                deadline = time.monotonic() + 10
                while True:
                    done, steps = run_through(client)
                    if done.status == "completed" or time.monotonic() > deadline:
                        break
                    time.sleep(0.3)
                assert steps["fn"]["output"]["out"][0]["vars"] == {"worker": "relayed"}
    finally:
        relay.close()


def test_a_refused_key_raises_at_once(trader: Trader) -> None:
    with Client(trader.url, f"lf_zzzzzzzzzz_{'x' * 43}") as stranger:
        worker = stranger.worker()
        worker.function("anything")(lambda msg: None)
        with pytest.raises(AuthError):
            worker.start()


def test_names_are_checked_when_decorating(client: Client) -> None:
    worker = client.worker()
    with pytest.raises(ValueError, match="not a function name"):
        worker.function("1st")
    worker.function("ok")(lambda msg: None)
    with pytest.raises(ValueError, match="registered already"):
        worker.function("ok")


@pytest.mark.asyncio
async def test_an_async_worker_serves_async_functions(trader: Trader) -> None:
    async with AsyncClient(trader.url, trader.api_key) as lf:
        worker = lf.worker()

        @worker.function(NODE_FUNCTION)
        async def adjust(msg: Message) -> dict[str, Any]:
            await asyncio.sleep(0.01)
            return {"worker": "async", "legs": msg.legs[1:]}

        serving = asyncio.create_task(worker.run_async())
        try:
            sent = None
            for _ in range(50):  # until registered: a signal before that finds no worker
                sent = await lf.wait(await lf.send_signal(NODE, "ENTRY"), raise_on_failure=False)
                if sent.status == "completed":
                    break
                await asyncio.sleep(0.1)
            assert sent is not None and sent.status == "completed"
            fn = next(s for s in sent.runs[0].steps if s["nodeId"] == "fn")
            assert fn["output"]["out"][0]["vars"] == {"worker": "async"}
            assert [leg["symbol"][-2:] for leg in fn["output"]["out"][0]["legs"]] == ["PE"]
        finally:
            worker.stop()
            await asyncio.wait_for(serving, 5)
