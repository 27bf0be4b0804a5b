"""Retries under a time budget: a call keeps trying through an outage until ``retry_for`` seconds have
passed, however many attempts that takes; ``wait`` keeps trying until its own timeout; a server that
accepts and never answers costs the budget, not ``timeout`` times the attempts.

The outages come from a relay that refuses connections, as a restarting server does. Time is a fake that
passes only when the client sleeps, so these tests take milliseconds and no machine is too slow for them;
only the server that never answers needs real timeouts (a second or two).
"""

from __future__ import annotations

import time

import pytest

from legflow import AsyncClient, Client, NetworkError, _core

from .conftest import STRADDLE
from .fake_timer import FakeTimer
from .proxy import Relay
from .server import Trader


def test_a_signal_sent_during_an_outage_longer_than_three_retries_arrives_once(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.refuse()
    timer.at(5.0, relay.accept_again)  # a 5 s restart: three retries (1.75 s at most) used to give up
    with Client(relay.url, trader.api_key) as lf:
        sent = lf.send_signal(STRADDLE, "PING")
    assert (sent.status, sent.replayed) == ("accepted", False)
    assert len(timer.slept) > 3 and sum(timer.slept) >= 5.0
    assert relay.sent.count(b"POST /api/v1/signals") == 1  # refused attempts never reached anything
    with Client(trader.url, trader.api_key) as direct:
        assert direct.signal(sent.id).id == sent.id


def test_an_outage_longer_than_the_budget_is_a_network_error_when_the_budget_ends(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.refuse()
    with Client(relay.url, trader.api_key) as lf:
        started = timer.now()
        with pytest.raises(NetworkError) as failed:
            lf.orders()
        assert timer.now() - started == pytest.approx(30.0)  # the default retry_for
        assert failed.value.attempts == len(timer.slept) + 1 > 4
        assert "ConnectError" in str(failed.value) and "in 30.0 s" in str(failed.value) and "Is Legflow running" in str(failed.value)

    with Client(relay.url, trader.api_key, retry_for=5) as impatient:
        started = timer.now()
        with pytest.raises(NetworkError):
            impatient.orders()
        assert timer.now() - started == pytest.approx(5.0)


def test_max_retries_still_caps_the_attempts_and_retry_for_0_never_retries(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.refuse()
    for lf, attempts in (
        (Client(relay.url, trader.api_key, max_retries=2), 3),
        (Client(relay.url, trader.api_key, max_retries=0), 1),
        (Client(relay.url, trader.api_key, retry_for=0), 1),
    ):
        with lf, pytest.raises(NetworkError) as failed:
            lf.accounts()
        assert failed.value.attempts == attempts
    with pytest.raises(ValueError, match="retry_for"):
        Client(relay.url, trader.api_key, retry_for=-1)
    with pytest.raises(ValueError, match="max_retries"):
        Client(relay.url, trader.api_key, max_retries=-1)


def test_wait_keeps_trying_through_an_outage_until_its_own_timeout(relay: Relay, trader: Trader, monkeypatch: pytest.MonkeyPatch) -> None:
    with Client(relay.url, trader.api_key) as lf:
        sent = lf.send_signal(STRADDLE, "PING")
        lf.wait(sent)  # done, on the real clock: from here on only the network is in question
        timer = FakeTimer()
        monkeypatch.setattr(_core, "timer", timer)

        relay.refuse()
        timer.at(45.0, relay.accept_again)  # longer than a call's own 30 s budget, within the wait's 60 s
        started = timer.now()
        assert lf.wait(sent, timeout=60).status == "completed"
        assert timer.now() - started >= 45.0

        relay.refuse()
        started = timer.now()
        with pytest.raises(NetworkError):
            lf.wait(sent, timeout=20)
        assert timer.now() - started == pytest.approx(20.0)


def test_a_server_that_accepts_and_never_answers_fails_within_the_budget(relay: Relay, trader: Trader) -> None:
    relay.hang()
    # Three retries of 1 s attempts took over 4.8 s; the budget ends the call at about 1.5 s.
    with Client(relay.url, trader.api_key, timeout=1, retry_for=1.5) as lf:
        started = time.monotonic()
        with pytest.raises(NetworkError) as failed:
            lf.orders()
    assert time.monotonic() - started < 4.0  # a generous bound: the point is it is not attempts x timeout
    assert failed.value.attempts >= 2 and "ReadTimeout" in str(failed.value)
    with Client(trader.url, trader.api_key) as direct:
        assert direct.health()  # the real server was never at fault


@pytest.mark.asyncio
async def test_the_async_client_keeps_the_same_budget(relay: Relay, timer: FakeTimer, trader: Trader) -> None:
    relay.refuse()
    timer.at(5.0, relay.accept_again)
    async with AsyncClient(relay.url, trader.api_key) as lf:
        sent = await lf.send_signal(STRADDLE, "PING")
        assert sent.status == "accepted" and len(timer.slept) > 3

        relay.refuse()
        started = timer.now()
        with pytest.raises(NetworkError) as failed:
            await lf.wait(sent, timeout=20)
        assert timer.now() - started == pytest.approx(20.0) and failed.value.attempts > 4
