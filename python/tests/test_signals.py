"""Sending signals: a straddle entered and exited, signing, clock skew, idempotent retries, wait()."""

from __future__ import annotations

import logging
import re
import time
from decimal import Decimal

import httpx
import pytest

from legflow import AuthError, Client, ClockSkewError, ConflictError, NetworkError, SignalConflict, SignalRejected, ValidationError, WaitTimeout
from legflow._core import Credentials

from .conftest import CAPPED, SLOW, STRADDLE
from .proxy import Relay
from .server import Trader, free_port

LOT = 65  # NIFTY's lot size


def strike_of(symbol: str) -> int:
    match = re.fullmatch(r"NIFTY\d{2}[A-Z]{3}\d{2}(\d+)(CE|PE)", symbol)
    assert match, symbol
    return int(match.group(1))


def test_a_straddle_entry_sells_the_atm_call_and_put_and_the_exit_buys_them_back(client: Client, trader: Trader) -> None:
    deployment = trader.deployments[STRADDLE]
    atm_before = client.option_chain("NIFTY", around=1)["atm"]

    entry = client.wait(client.send_signal(STRADDLE, "ENTRY", note="from the tests"))
    atm_after = client.option_chain("NIFTY", around=1)["atm"]

    assert entry.ok and entry.action == "ENTRY" and entry.source == "python"
    assert entry.normalized["data"]["note"] == "from the tests"
    assert [run.deployment_id for run in entry.runs] == [deployment]
    placed = {o["id"]: o for o in client.orders(deployment_id=deployment) if o["id"] in {p["id"] for p in entry.orders}}
    assert sorted((o["side"], o["qty"], o["status"], o["symbol"][-2:]) for o in placed.values()) == [("SELL", LOT, "FILLED", "CE"), ("SELL", LOT, "FILLED", "PE")]
    strikes = {strike_of(o["symbol"]) for o in placed.values()}
    assert len(strikes) == 1 and strikes <= {atm_before, atm_after}

    group = next(g for g in client.positions(deployment_id=deployment) if {leg["symbol"] for leg in g["legs"]} == {o["symbol"] for o in placed.values()} and g["status"] == "open")
    fills = {o["symbol"]: float(o["avgFillPrice"] or 0) for o in placed.values()}
    for leg in group["legs"]:
        assert (leg["side"], leg["qty"], leg["status"], leg["entryPrice"]) == ("SELL", LOT, "open", fills[leg["symbol"]])
        assert leg["stopPrice"] == pytest.approx(fills[leg["symbol"]] * 1.25, abs=0.05)  # the template's 25 % stop
    net = {p["symbol"]: p["qty"] for p in client.positions()}
    assert all(net[symbol] <= -LOT for symbol in fills)

    exit_ = client.wait(client.send_signal(STRADDLE, "EXIT"))
    assert exit_.ok
    after = client.positions(deployment_id=deployment)
    assert all(g["status"] == "closed" for g in after)
    bought = [o for o in client.orders(deployment_id=deployment) if o["side"] == "BUY" and o["symbol"] in fills]
    assert sorted(o["symbol"] for o in bought) == sorted(fills) and all(o["qty"] == LOT and o["status"] == "FILLED" for o in bought)
    assert all(p["qty"] == 0 for p in client.positions() if p["symbol"] in fills)


def test_the_secret_never_travels_only_the_key_id_and_a_signature(client: Client, trader: Trader) -> None:
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    try:
        with Client(relay.url, trader.api_key) as via_relay:
            signal = via_relay.send_signal(STRADDLE, "PING")
        assert signal.status == "accepted"
        wire = relay.sent.decode("latin-1")
        key_id, secret = trader.api_key[:13], trader.api_key[14:]  # lf_<10>_<secret>
        assert secret not in wire
        assert f"x-legflow-key: {key_id}\r\n" in wire.lower()
        assert re.search(r"x-legflow-signature: v2=[0-9a-f]{64}\r\n", wire.lower())
        assert re.search(r"idempotency-key: [0-9a-f-]{36}\r\n", wire.lower())
    finally:
        relay.close()


def test_a_request_signed_with_the_wrong_secret_or_an_unknown_key_is_refused(trader: Trader) -> None:
    key_id = trader.api_key[:13]
    with Client(trader.url, f"{key_id}_{'x' * 43}") as wrong_secret, pytest.raises(AuthError) as refused:
        wrong_secret.send_signal(STRADDLE, "ENTRY")
    assert (refused.value.status, refused.value.code) == (401, "invalid_signature")
    with Client(trader.url, f"lf_zzzzzzzzzz_{'x' * 43}") as unknown, pytest.raises(AuthError) as refused:
        unknown.send_signal(STRADDLE, "ENTRY")
    assert refused.value.code == "invalid_key"


def test_a_captured_signed_request_sent_again_is_refused_and_runs_once(client: Client, trader: Trader) -> None:
    # What an eavesdropper holds: the exact headers and bytes the client sent.
    credentials = Credentials(trader.api_key)
    body = b'{"channel":"%s","action":"PING","note":"captured"}' % STRADDLE.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Legflow-Key": credentials.key_id,
        "X-Legflow-Timestamp": timestamp,
        "X-Legflow-Signature": credentials.sign("POST", "/api/v1/signals", timestamp, None, body),
    }
    before = len(client.signals(limit=500))
    assert httpx.post(f"{trader.url}/api/v1/signals", headers=headers, content=body).status_code == 200
    replay = httpx.post(f"{trader.url}/api/v1/signals", headers=headers, content=body)
    assert (replay.status_code, replay.json()["error"]["code"]) == (401, "replayed_signature")
    # The Idempotency-Key is signed too: adding one to the captured request breaks the signature.
    keyed = httpx.post(f"{trader.url}/api/v1/signals", headers={**headers, "Idempotency-Key": "new-key"}, content=body)
    assert (keyed.status_code, keyed.json()["error"]["code"]) == (401, "invalid_signature")
    assert len(client.signals(limit=500)) == before + 1


@pytest.mark.parametrize("offset", [-400, +400])
def test_a_clock_more_than_five_minutes_off_is_refused_with_the_skew(client: Client, trader: Trader, offset: int) -> None:
    before = len(client.signals(limit=500))
    with Client(trader.url, trader.api_key, clock=lambda: time.time() + offset) as skewed, pytest.raises(ClockSkewError) as refused:
        skewed.send_signal(STRADDLE, "ENTRY")
    assert isinstance(refused.value, AuthError) and refused.value.status == 401
    assert refused.value.skew_seconds == pytest.approx(-offset, abs=2)
    assert "check the clock" in str(refused.value)
    assert len(client.signals(limit=500)) == before  # nothing was recorded


def test_a_clock_off_by_less_than_five_minutes_is_accepted(trader: Trader) -> None:
    with Client(trader.url, trader.api_key, clock=lambda: time.time() - 250) as skewed:
        assert skewed.send_signal(STRADDLE, "PING").status == "accepted"


def test_sending_again_with_the_same_idempotency_key_places_the_orders_once(client: Client, trader: Trader) -> None:
    first = client.send_signal(STRADDLE, "ENTRY", idempotency_key="tests-entry-1", time="2026-11-24T10:00:00Z")
    again = client.send_signal(STRADDLE, "ENTRY", idempotency_key="tests-entry-1", time="2026-11-24T10:00:00Z")
    assert (again.id, again.replayed, first.replayed) == (first.id, True, False)
    done = client.wait(first)
    mine = [o for o in client.orders(deployment_id=trader.deployments[STRADDLE]) if f":{first.id}:" in o["clientOrderId"]]
    assert len(done.orders) == 2 and len(mine) == 2

    with pytest.raises(SignalRejected) as refused:
        client.send_signal(STRADDLE, "EXIT", idempotency_key="tests-entry-1")
    assert (refused.value.status, refused.value.code, refused.value.signal_id) == (409, "idempotency_mismatch", first.id)
    client.wait(client.send_signal(STRADDLE, "EXIT"))


def test_an_answer_lost_on_the_way_back_is_retried_and_places_nothing_twice(trader: Trader) -> None:
    relay = Relay(int(trader.url.rsplit(":", 1)[1]))
    try:
        with Client(relay.url, trader.api_key, backoff=0.05) as via_relay:
            via_relay.health()  # a connection in the pool, so the cut below hits the signal's answer
            relay.drop_next_answers(1)
            signal = via_relay.send_signal(STRADDLE, "ENTRY")
            assert signal.replayed  # the server had it: the retry got the first answer back
            done = via_relay.wait(signal)
        assert relay.sent.count(b"POST /api/v1/signals") == 2
        assert relay.sent.lower().count(f"idempotency-key: {signal.idempotency_key}".encode()) == 2
        with Client(trader.url, trader.api_key) as direct:
            mine = [o for o in direct.orders(deployment_id=trader.deployments[STRADDLE]) if f":{signal.id}:" in o["clientOrderId"]]
            assert len(done.orders) == 2 and len(mine) == 2
            direct.wait(direct.send_signal(STRADDLE, "EXIT"))
    finally:
        relay.close()


def test_an_unreachable_server_is_a_network_error_after_the_retries(trader: Trader) -> None:
    with Client(f"http://127.0.0.1:{free_port()}", trader.api_key, max_retries=2, backoff=0.01) as nowhere:
        started = time.monotonic()
        with pytest.raises(NetworkError) as failed:
            nowhere.send_signal(STRADDLE, "ENTRY")
    assert failed.value.attempts == 3 and time.monotonic() - started < 2
    assert "Is Legflow running" in str(failed.value)


def test_an_invalid_signal_is_a_validation_error_naming_each_problem(client: Client) -> None:
    with pytest.raises(ValidationError) as refused:
        client.send_signal("no spaces allowed", "ENTRY NOW")
    assert refused.value.status == 400 and refused.value.code == "invalid_signal"
    assert {p["path"] for p in refused.value.problems} == {"channel", "action"}
    with pytest.raises(ValidationError) as refused:
        client.send_signal(STRADDLE, "ENTRY", idempotency_key="k" * 300)
    assert refused.value.code == "invalid_idempotency_key"


def test_wait_raises_signal_rejected_with_the_failing_node_when_the_strategy_refuses(client: Client, trader: Trader) -> None:
    sent = client.send_signal(CAPPED, "ENTRY")
    with pytest.raises(SignalRejected) as rejected:
        client.wait(sent)
    failed = rejected.value.signal
    assert failed is not None and failed.status == "failed" and rejected.value.signal_id == sent.id
    assert "Enter at market" in str(rejected.value) and "above the limit of 1" in str(rejected.value)
    assert client.orders(deployment_id=trader.deployments[CAPPED]) == []
    assert client.wait(sent, raise_on_failure=False).status == "failed"


def test_wait_gives_up_after_its_timeout_and_then_follows_the_signal_to_the_end(client: Client) -> None:
    sent = client.send_signal(SLOW, "ENTRY")
    with pytest.raises(WaitTimeout) as slow:
        client.wait(sent, timeout=0.3)
    assert isinstance(slow.value, TimeoutError) and slow.value.signal.status in ("accepted", "running")
    assert client.wait(sent, timeout=10).status == "completed"


def test_a_signal_nobody_listens_to_is_ignored_with_a_warning(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="legflow"):
        signal = client.send_signal("nobody-listens", "ENTRY")
    assert signal.status == "ignored"
    assert "nobody-listens" in caplog.text
    assert client.wait(signal).status == "ignored"


def test_two_deliberate_identical_sends_are_two_signals(client: Client) -> None:
    first, second = client.send_signal(STRADDLE, "PING"), client.send_signal(STRADDLE, "PING")
    assert first.id != second.id and not second.duplicate
    assert {s.id for s in client.signals(limit=10)} >= {first.id, second.id}


def test_the_same_bytes_under_two_idempotency_keys_are_two_signals(client: Client) -> None:
    first = client.send_signal(STRADDLE, "PING", time="2026-11-24T09:30:00.000Z")
    again = client.send_signal(STRADDLE, "PING", time="2026-11-24T09:30:00.000Z")  # another idempotency key, the same bytes
    assert (again.duplicate, again.status) == (False, "accepted")
    assert again.id != first.id


def test_the_same_action_id_and_time_with_another_body_is_a_signal_conflict(client: Client) -> None:
    alert = {"id": "tests-conflict-1", "time": "2026-11-24T09:45:00.000Z"}
    first = client.send_signal(STRADDLE, "PING", price=100, **alert)
    resent = client.send_signal(STRADDLE, "PING", price=100, **alert)  # another idempotency key, the same alert
    assert (resent.duplicate, resent.id) == (True, first.id)
    with pytest.raises(SignalConflict) as refused:
        client.send_signal(STRADDLE, "PING", price=101, **alert)
    conflict = refused.value
    assert (conflict.status, conflict.code, conflict.signal_id) == (409, "conflict", first.id)
    assert isinstance(conflict, SignalRejected) and isinstance(conflict, ConflictError)
    assert "same action, id and time" in str(conflict)
    assert conflict.rejected_signal_id is not None and client.signal(conflict.rejected_signal_id).status == "rejected"
    assert client.wait(first).status == "completed"  # the first one stands


def test_symbol_price_qty_legs_and_extra_fields_reach_the_graph_as_sent(client: Client) -> None:
    legs = [{"symbol": "NIFTY01DEC2625900CE", "side": "SELL", "qty": 65}, {"symbol": "NIFTY01DEC2625900PE", "side": "SELL", "qty": 65}]
    sent = client.send_signal(STRADDLE, "ping", symbol="NIFTY", price=Decimal("25880.55"), qty=2, legs=(leg for leg in legs), reason="iv rank 72")
    seen = client.wait(sent).normalized
    assert (seen["action"], seen["symbol"], seen["price"], seen["qty"]) == ("PING", "NIFTY", 25880.55, 2)
    assert seen["data"]["legs"] == legs and seen["data"]["reason"] == "iv rank 72"
    with pytest.raises(TypeError, match="legs must be a list of dicts"):
        client.send_signal(STRADDLE, "PING", legs="NIFTY straddle")  # type: ignore[arg-type]
