"""Live events over /ws: following a signal to its fills, reconnecting after the server restarts, and the
same with the async client."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from legflow import FINAL_STATUSES, AsyncClient, AuthError, Client, ClockSkewError, Event, NetworkError, ValidationError

from .conftest import STRADDLE
from .proxy import Relay
from .server import LegflowServer, Trader, sign_in

LOT = 65


def until_final(read: Callable[[], Event], signal_id: str) -> list[Event]:
    seen: list[Event] = []
    while True:
        event = read()
        seen.append(event)
        if event.type == "signal.status" and event.signal_id == signal_id and event.status in FINAL_STATUSES:
            return seen


def test_the_stream_follows_a_signal_from_receipt_through_each_node_to_its_fills(client: Client) -> None:
    with client.stream("signals", "runs", "orders") as events:
        sent = client.send_signal(STRADDLE, "ENTRY")
        seen = until_final(lambda: events.read(timeout=10), sent.id)
    done = client.signal(sent)

    received = [e for e in seen if e.type == "signal.received" and e.signal_id == sent.id]
    assert [(e.data["channel"], e.data["action"], e.status) for e in received] == [(STRADDLE, "ENTRY", "accepted")]
    steps = [e.data["step"] for e in seen if e.type == "run.node" and e.signal_id == sent.id]
    assert [s["type"] for s in steps] == ["source.python", "transform.switch", "legs.strategy", "risk.leg", "exec.enter"]
    assert all(s["status"] == "ok" for s in steps)
    mine = {o["id"] for o in done.orders}
    fills = [e.order for e in seen if e.type == "order.updated" and e.order and e.order["id"] in mine and e.order["status"] == "FILLED"]
    assert sorted((o["side"], o["qty"], o["symbol"][-2:]) for o in fills) == [("SELL", LOT, "CE"), ("SELL", LOT, "PE")]
    # An event's order is the order as ``orders()`` reads it: the same creation time, ISO in both.
    listed = {o["id"]: o for o in client.orders()}
    assert [o["createdAt"] for o in fills] == [listed[o["id"]]["createdAt"] for o in fills]
    assert all(datetime.fromisoformat(o["createdAt"].replace("Z", "+00:00")) for o in fills)
    assert seen[-1].status == "completed" == done.status
    client.wait(client.send_signal(STRADDLE, "EXIT"))


def test_an_unknown_key_is_refused_at_once_not_retried(trader: Trader) -> None:
    with Client(trader.url, f"lf_zzzzzzzzzz_{'x' * 43}") as stranger:
        started = time.monotonic()
        with pytest.raises(AuthError) as refused:
            stranger.stream("signals")
    assert refused.value.status == 401 and time.monotonic() - started < 2


def test_an_unknown_topic_is_a_validation_error(client: Client) -> None:
    with pytest.raises(ValidationError, match="unknown topic"):
        client.stream("everything")


def test_closing_the_stream_from_another_thread_ends_the_loop(client: Client) -> None:
    events = client.stream("ticks")
    threading.Timer(1.5, events.close).start()
    started = time.monotonic()
    received = [event.type for event in events]
    assert time.monotonic() - started < 5 and set(received) <= {"tick"}


def test_a_dropped_connection_is_reconnected_or_reported(trader: Trader) -> None:
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    try:
        with Client(relay.url, trader.api_key) as lf:
            with lf.stream("ticks") as ticks:
                relay.drop_next_answers(1)  # the next tick cuts the connection
                kinds = [ticks.read(timeout=10).type]
                while kinds[-1] != "stream.reconnected":
                    kinds.append(ticks.read(timeout=10).type)
                assert ticks.read(timeout=5).type == "tick" and ticks.reconnects == 1
            with lf.stream("ticks", reconnect=False) as ticks:
                relay.drop_next_answers(1)
                with pytest.raises(NetworkError, match="lost"):
                    while True:
                        ticks.read(timeout=10)
    finally:
        relay.close()


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LegflowServer, Trader]]:
    """A server of its own, to restart without disturbing the other tests."""
    server = LegflowServer(tmp_path_factory.mktemp("legflow-restart")).start()
    trader = sign_in(server)
    yield server, trader
    trader.session.close()
    server.stop()


def test_the_stream_reconnects_when_the_server_restarts(own_server: tuple[LegflowServer, Trader]) -> None:
    server, trader = own_server
    with Client(trader.url, trader.api_key) as lf, lf.stream("ticks") as ticks:
        assert ticks.read(timeout=5).type == "tick"
        server.restart()  # closes every socket (1001 going away), then listens again on the same port
        after = [ticks.read(timeout=20).type for _ in range(2)]
        while after[0] == "tick":  # ticks already in flight before the close
            after = [after[1], ticks.read(timeout=20).type]
        assert after == ["stream.reconnected", "tick"] and ticks.reconnects == 1


@pytest.mark.asyncio
async def test_the_async_client_sends_waits_and_streams(trader: Trader) -> None:
    async with AsyncClient(trader.url, trader.api_key) as lf:
        async with lf.stream("signals", "orders") as events:
            sent = await lf.send_signal(STRADDLE, "ENTRY")
            seen: list[Event] = []
            while not (seen and seen[-1].type == "signal.status" and seen[-1].signal_id == sent.id and seen[-1].status in FINAL_STATUSES):
                seen.append(await events.read(timeout=10))
        done = await lf.wait(sent)
        mine = {o["id"] for o in done.orders}
        fills = [e.order for e in seen if e.type == "order.updated" and e.order and e.order["id"] in mine and e.order["status"] == "FILLED"]
        assert sorted((o["side"], o["qty"]) for o in fills) == [("SELL", LOT), ("SELL", LOT)]
        placed = [o for o in await lf.orders(deployment_id=done.runs[0].deployment_id) if o["id"] in mine]
        assert len(placed) == 2
        await lf.wait(await lf.send_signal(STRADDLE, "EXIT"))

    async with AsyncClient(trader.url, trader.api_key, clock=lambda: time.time() - 600) as skewed:
        with pytest.raises(ClockSkewError):
            await skewed.send_signal(STRADDLE, "ENTRY")


@pytest.mark.asyncio
async def test_the_async_stream_reconnects_when_the_server_restarts(own_server: tuple[LegflowServer, Trader]) -> None:
    server, trader = own_server
    async with AsyncClient(trader.url, trader.api_key) as lf, lf.stream("ticks") as ticks:
        assert (await ticks.read(timeout=5)).type == "tick"
        await asyncio.to_thread(server.restart)
        kinds = [(await ticks.read(timeout=20)).type]
        while kinds[-1] != "stream.reconnected":
            kinds.append((await ticks.read(timeout=20)).type)
        assert (await ticks.read(timeout=5)).type == "tick" and ticks.reconnects == 1
