"""The read-only helpers, and every error the server can answer, each as its own exception."""

from __future__ import annotations

import asyncio
import os

import pytest

from legflow import (
    AsyncClient,
    AuthError,
    Client,
    ConflictError,
    LegflowError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from legflow.errors import error_from_response

from .conftest import CAPPED, SLOW, STRADDLE
from .server import SIM_CAPITAL, Trader


def test_graphs_and_deployments_list_what_the_trader_deployed(client: Client, trader: Trader) -> None:
    graphs = {g["id"]: g for g in client.graphs()}
    assert set(trader.graphs.values()) <= set(graphs)
    assert graphs[trader.graphs[STRADDLE]]["versions"] == 1
    draft = client.graph(trader.graphs[STRADDLE])
    assert [n["params"]["channel"] for n in draft["graph"]["nodes"] if n["type"] == "source.python"] == [STRADDLE]

    deployments = {d["id"]: d for d in client.deployments()}
    for channel in (STRADDLE, CAPPED, SLOW):
        assert deployments[trader.deployments[channel]]["status"] == "running"
        assert deployments[trader.deployments[channel]]["mode"] == "sim"
    one = client.deployment(trader.deployments[STRADDLE])
    assert one["channels"] == [{"channel": STRADDLE, "source": "python", "url": f"{trader.url}/api/v1/signals"}]


def test_accounts_quote_and_option_chain(client: Client) -> None:
    (account,) = client.accounts()
    assert account["mode"] == "sim" and account["capital"] == SIM_CAPITAL

    spot = client.quote("NIFTY")
    assert spot["symbol"] == "NIFTY" and spot["bid"] <= spot["ltp"] <= spot["ask"] and 10_000 < spot["ltp"] < 50_000

    chain = client.option_chain("NIFTY", around=2)
    strikes = [row["strike"] for row in chain["rows"]]
    assert strikes == [chain["atm"] + 50 * i for i in range(-2, 3)]  # NIFTY strikes are 50 apart
    assert abs(chain["atm"] - chain["spot"]) <= 25
    call = chain["rows"][2]["ce"]
    assert call["symbol"].endswith(f"{int(chain['atm'])}CE") and 0.3 < call["greeks"]["delta"] < 0.7
    assert client.quote(call["symbol"])["ltp"] > 0


def test_unknown_things_are_not_found_errors(client: Client) -> None:
    for lookup in (lambda: client.signal("sig_nope"), lambda: client.deployment("d_nope"), lambda: client.graph("g_nope"), lambda: client.orders(deployment_id="d_nope")):
        with pytest.raises(NotFoundError) as missing:
            lookup()
        assert (missing.value.status, missing.value.code) == (404, "not_found")
    with pytest.raises(NotFoundError) as missing:
        client.quote("NOPE")
    assert missing.value.code == "unknown_symbol"
    with pytest.raises(NotFoundError) as missing:
        client.option_chain("NIFTY", expiry="2020-01-07")
    assert missing.value.code == "unknown_expiry" and len(missing.value.details["listed"]) > 0


def test_a_bad_query_is_a_validation_error_with_the_servers_details(client: Client) -> None:
    with pytest.raises(ValidationError) as refused:
        client.option_chain("NIFTY", around=0)
    assert refused.value.code == "invalid_request" and [p["path"] for p in refused.value.problems] == ["around"]


def test_a_stale_rev_is_a_conflict(client: Client, trader: Trader) -> None:
    draft = client.graph(trader.graphs[SLOW])
    with pytest.raises(ConflictError) as conflict:
        client.request("PUT", f"/api/graphs/{draft['id']}", json={"graph": draft["graph"], "rev": draft["rev"] + 5})
    assert conflict.value.status == 409
    assert client.graph(trader.graphs[SLOW])["rev"] == draft["rev"]  # nothing changed


def test_a_deleted_key_stops_working_at_once(trader: Trader) -> None:
    created = trader.session.post("/api/keys", json={"name": "short-lived"}).json()
    with Client(trader.url, created["key"]) as short_lived:
        assert short_lived.accounts()
        trader.session.delete(f"/api/keys/{created['id']}").raise_for_status()
        with pytest.raises(AuthError) as refused:
            short_lived.accounts()
        assert (refused.value.status, refused.value.code) == (401, "unauthenticated")
        with pytest.raises(AuthError) as refused:
            short_lived.send_signal(STRADDLE, "ENTRY")
        assert refused.value.code == "invalid_key"


def test_too_many_requests_is_a_rate_limit_error_saying_when_to_retry(client: Client) -> None:
    # The only limit an API key can reach today is the sign-in throttle (10 failures a minute per address).
    # It locks sign-ins from this address for a minute, so the session signs in before any test runs.
    answers = []
    for _ in range(12):
        try:
            client.request("POST", "/api/auth/login", json={"username": "admin", "password": "wrong"})
        except LegflowError as error:
            answers.append(error)
    assert all(isinstance(a, AuthError) for a in answers[:10])
    limited = answers[-1]
    assert isinstance(limited, RateLimitError) and limited.status == 429 and limited.retry_after is not None and 0 < limited.retry_after <= 60


def test_server_failures_and_foreign_answers_map_to_the_base_errors() -> None:
    # A 5xx, or an answer from something that is not Legflow (a proxy's HTML page), cannot be provoked
    # from a healthy server: the mapping itself is checked.
    failed = error_from_response(500, {"error": {"code": "internal", "message": "Something went wrong", "details": {}}}, {}, "/api/orders")
    assert isinstance(failed, ServerError) and failed.code == "internal"
    foreign = error_from_response(502, None, {}, "/api/orders")
    assert isinstance(foreign, ServerError) and foreign.code == "http_502" and "/api/orders" in foreign.message
    limited = error_from_response(429, None, {"retry-after": "7"}, "/api/v1/signals")
    assert isinstance(limited, RateLimitError) and limited.retry_after == 7


def test_the_key_never_shows_in_a_repr_or_an_error(trader: Trader) -> None:
    secret = trader.api_key[14:]
    with Client(trader.url, trader.api_key) as sync_client:
        assert secret not in repr(sync_client) and secret not in str(sync_client) and trader.api_key[:13] in repr(sync_client)
    async_client = AsyncClient(trader.url, trader.api_key)
    assert secret not in repr(async_client) and trader.api_key[:13] in repr(async_client)
    asyncio.run(async_client.close())
    with pytest.raises(AuthError) as refused:
        Client(trader.url, trader.api_key + "x")
    assert secret not in str(refused.value) and secret not in repr(refused.value)


def test_url_and_key_come_from_the_environment_when_omitted(trader: Trader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEGFLOW_URL", trader.url)
    monkeypatch.setenv("LEGFLOW_API_KEY", trader.api_key)
    with Client() as from_env:
        assert from_env.url == trader.url and from_env.accounts()[0]["mode"] == "sim"
    monkeypatch.delenv("LEGFLOW_API_KEY")
    with pytest.raises(AuthError, match="LEGFLOW_API_KEY"):
        Client()
    monkeypatch.delenv("LEGFLOW_URL")
    assert "LEGFLOW_URL" not in os.environ
    with Client(api_key=trader.api_key) as default_url:
        assert default_url.url == "http://127.0.0.1:8080"
