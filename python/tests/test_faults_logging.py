"""What the client logs (logger ``legflow``): each request at DEBUG, each retry and each reconnect at INFO,
and never the API key's secret, in its own lines or in those of httpx and websockets beneath it (websockets
writes every handshake header at DEBUG, ``Authorization`` included)."""

from __future__ import annotations

import logging

import pytest

from legflow import Client

from .conftest import STRADDLE
from .proxy import Relay
from .server import Trader


def test_requests_retries_and_reconnects_are_logged_without_the_key(trader: Trader, caplog: pytest.LogCaptureFixture) -> None:
    secret = trader.api_key[14:]  # lf_ + 10 characters of id + _
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    caplog.set_level(logging.DEBUG)  # every logger, the libraries' too
    try:
        with Client(relay.url, trader.api_key, backoff=0.05) as lf:
            lf.health()  # a connection in the pool, so the cut below hits the signal's answer
            relay.drop_next_answers(1)
            sent = lf.send_signal(STRADDLE, "PING")
            with lf.stream("ticks") as ticks:
                relay.drop_next_answers(1)  # the next tick cuts the stream's connection
                while ticks.read(timeout=15).type != "stream.reconnected":
                    pass
            worker = lf.worker()
            worker.function("logging_probe")(lambda msg: None)
            with worker:
                pass
    finally:
        relay.close()

    ours = [r.getMessage() for r in caplog.records if r.name == "legflow"]
    assert "GET /api/health: HTTP 200" in "\n".join(ours)
    assert any(m.startswith("POST /api/v1/signals: ") and "(attempt 1); retrying in" in m for m in ours)
    assert any(m.startswith("POST /api/v1/signals: HTTP 2") and "(attempt 2)" in m for m in ours) and sent.replayed
    assert any("stream: the connection to" in m and "was lost" in m for m in ours)
    assert any("stream: connected again" in m and "(reconnect 1)" in m for m in ours)
    assert any("worker: serving logging_probe" in m for m in ours)

    headers = [r.getMessage() for r in caplog.records if r.name == "websockets.client" and "Authorization" in r.getMessage()]
    assert len(headers) >= 3  # the stream, its reconnect and the worker: each header line is there, masked
    assert all(f"{trader.api_key[:13]}_…" in line for line in headers)
    assert secret not in caplog.text
    assert not [r for r in caplog.records if secret in r.getMessage()]
