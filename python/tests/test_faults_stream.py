"""The live stream through a proxy that accepts connections and resets them while the server behind it is
away: the stream's reconnect attempts fail that way, and it keeps trying until one goes through."""

from __future__ import annotations

from typing import Any

import pytest
from websockets.exceptions import ConnectionClosedError

from legflow import AsyncClient, Client
from legflow import stream as stream_module

from .proxy import Relay
from .server import Trader

#: Reconnect attempts the proxy resets before it forwards again.
RESETS = 2


def test_the_blocking_stream_reconnects_through_connections_reset_during_the_handshake(relay: Relay, trader: Trader) -> None:
    with Client(relay.url, trader.api_key) as lf, lf.stream("ticks") as ticks:
        assert ticks.read(timeout=10).type == "tick"
        relay.drop_next_connections(RESETS)
        relay.drop_next_answers(1)  # the next tick cuts the connection
        kinds = [ticks.read(timeout=15).type]
        while kinds[-1] != "stream.reconnected":
            kinds.append(ticks.read(timeout=15).type)
        assert ticks.read(timeout=10).type == "tick"
        assert ticks.reconnects == 1 and relay.reset_count == RESETS


@pytest.mark.asyncio
async def test_the_async_stream_reconnects_through_connections_reset_during_the_handshake(relay: Relay, trader: Trader) -> None:
    async with AsyncClient(relay.url, trader.api_key) as lf, lf.stream("ticks") as ticks:
        assert (await ticks.read(timeout=10)).type == "tick"
        relay.drop_next_connections(RESETS)
        relay.drop_next_answers(1)
        kinds = [(await ticks.read(timeout=15)).type]
        while kinds[-1] != "stream.reconnected":
            kinds.append((await ticks.read(timeout=15)).type)
        assert (await ticks.read(timeout=10)).type == "tick"
        assert ticks.reconnects == 1 and relay.reset_count == RESETS


def test_the_blocking_stream_reconnects_when_a_reset_wins_the_race_with_the_handshake(
    relay: Relay, trader: Trader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reset that reaches websockets before it has sent its upgrade request makes its blocking connect raise
    ``ConnectionClosedError`` rather than an ``OSError``. The relay above wins that race only now and then
    (it depends on thread scheduling), so here websockets' connect loses it for certain, twice."""
    real_connect = stream_module.sync_connect
    raced = 0

    def connect_losing_the_race(*args: Any, **kwargs: Any) -> Any:
        nonlocal raced
        if raced < RESETS:
            raced += 1
            raise ConnectionClosedError(None, None)
        return real_connect(*args, **kwargs)

    with Client(relay.url, trader.api_key) as lf, lf.stream("ticks") as ticks:
        monkeypatch.setattr(stream_module, "sync_connect", connect_losing_the_race)
        relay.drop_next_answers(1)
        kinds = [ticks.read(timeout=15).type]
        while kinds[-1] != "stream.reconnected":
            kinds.append(ticks.read(timeout=15).type)
        assert ticks.read(timeout=10).type == "tick"
        assert ticks.reconnects == 1 and raced == RESETS
