"""502, 503 and 504: what a proxy answers while the server behind it is down, restarting or slow. A call
that is safe to send twice (a read, a signal with its Idempotency-Key) is sent again within ``retry_for``;
any other call, and any other 5xx, is answered at once with ``ServerError``.

Time is a fake that passes only when the client sleeps (see test_faults_retries), so nothing here waits.
"""

from __future__ import annotations

import pytest

from legflow import AsyncClient, Client, ServerError

from .conftest import STRADDLE
from .fake_timer import FakeTimer
from .proxy import Relay
from .server import Trader


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_read_answered_unavailable_twice_is_sent_again_and_answers(relay: Relay, timer: FakeTimer, trader: Trader, status: int) -> None:
    relay.answer_next_requests(2, status)
    with Client(relay.url, trader.api_key) as lf:
        accounts = lf.accounts()
    assert accounts[0]["mode"] == "sim"
    assert relay.sent.count(b"GET /api/accounts ") == 3 and len(timer.slept) == 2


def test_a_signal_answered_503_twice_arrives_once(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.answer_next_requests(2, 503)
    with Client(relay.url, trader.api_key) as lf:
        sent = lf.send_signal(STRADDLE, "PING")
    assert (sent.status, sent.replayed) == ("accepted", False)
    assert relay.sent.count(b"POST /api/v1/signals ") == 3
    assert relay.sent.lower().count(f"idempotency-key: {sent.idempotency_key}".encode()) == 3


def test_a_signal_whose_answer_a_gateway_swapped_for_504_is_placed_once(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.replace_next_answers(1, 504)
    with Client(relay.url, trader.api_key) as lf:
        sent = lf.send_signal(STRADDLE, "PING")
    assert sent.replayed  # the server had the first: the second got its answer back, and ran nothing
    with Client(trader.url, trader.api_key) as direct:
        assert [s.id for s in direct.signals(limit=5)].count(sent.id) == 1


def test_retry_after_is_waited_and_one_past_the_budget_is_not(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.answer_next_requests(1, 503, {"Retry-After": "4"})
    with Client(relay.url, trader.api_key) as lf:
        lf.health()
    assert timer.slept[0] >= 4
    relay.answer_next_requests(1, 503, {"Retry-After": "60"})
    with Client(relay.url, trader.api_key, retry_for=30) as lf, pytest.raises(ServerError) as failed:
        lf.health()
    assert failed.value.status == 503 and len(timer.slept) == 1


def test_a_write_that_is_not_safe_to_repeat_and_other_5xx_are_not_retried(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.answer_next_requests(1, 503)
    with Client(relay.url, trader.api_key) as lf, pytest.raises(ServerError) as failed:
        lf.request("POST", "/api/keys", json={"name": "never made"})
    assert (failed.value.status, failed.value.code) == (503, "http_503")
    relay.answer_next_requests(1, 500)
    with Client(relay.url, trader.api_key) as lf, pytest.raises(ServerError) as failed:
        lf.orders()
    assert failed.value.status == 500
    assert relay.sent.count(b"POST /api/keys ") == 1 and relay.sent.count(b"GET /api/orders") == 1 and timer.slept == []


def test_an_outage_past_the_budget_ends_with_the_last_answer(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.answer_next_requests(1000, 503)
    with Client(relay.url, trader.api_key, retry_for=5) as lf:
        started = timer.now()
        with pytest.raises(ServerError) as failed:
            lf.orders()
    assert failed.value.status == 503 and timer.now() - started == pytest.approx(5.0)
    with Client(relay.url, trader.api_key, max_retries=0) as lf, pytest.raises(ServerError):
        lf.orders()
    assert relay.sent.count(b"GET /api/orders") == len(timer.slept) + 2


@pytest.mark.asyncio
async def test_the_async_client_sends_again_the_same(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.answer_next_requests(2, 503)
    async with AsyncClient(relay.url, trader.api_key) as lf:
        assert (await lf.accounts())[0]["mode"] == "sim"
    assert relay.sent.count(b"GET /api/accounts ") == 3
