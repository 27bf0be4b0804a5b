"""A deployment's history a page at a time: ``limit`` and ``before`` ask for one page, ``all=True`` follows
the server's ``Link`` headers to the end and returns the whole history in the order one page has."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from legflow import AsyncClient, Client, LegflowError, ValidationError, _core

from .server import Trader, deploy, python_straddle

PAGED = "py-paged"
ROUND_TRIPS = 5


@pytest.fixture(scope="module")
def paged(trader: Trader) -> Iterator[str]:
    """A deployment of its own with five straddles sold and bought back: five groups, twenty orders."""
    template = trader.session.get("/api/templates/short-straddle").json()
    deployment_id = deploy(trader, PAGED, python_straddle(template, PAGED))
    with Client(trader.url, trader.api_key) as lf:
        for _ in range(ROUND_TRIPS):
            lf.wait(lf.send_signal(PAGED, "ENTRY"))
            lf.wait(lf.send_signal(PAGED, "EXIT"))
    yield deployment_id
    trader.session.post(f"/api/deployments/{deployment_id}/stop").raise_for_status()


def ids(items: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [item["id"] for item in items]


def test_one_page_is_the_newest_and_before_asks_for_the_older_ones(client: Client, paged: str) -> None:
    groups = ids(client.positions(deployment_id=paged))  # the default page holds 100: all five, oldest first
    assert len(groups) == ROUND_TRIPS
    newest = client.positions(deployment_id=paged, limit=2)
    assert ids(newest) == groups[-2:]
    assert ids(client.positions(deployment_id=paged, limit=2, before=newest[0]["id"])) == groups[-4:-2]

    orders = client.orders(deployment_id=paged)  # newest first
    assert len(orders) == ROUND_TRIPS * 4
    assert ids(client.orders(deployment_id=paged, limit=3)) == ids(orders[:3])
    assert ids(client.orders(deployment_id=paged, limit=3, before=orders[2]["id"])) == ids(orders[3:6])


def test_all_follows_the_links_page_by_page_to_the_whole_history(
    client: Client, paged: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    groups, orders = client.positions(deployment_id=paged), client.orders(deployment_id=paged)
    monkeypatch.setattr(_core, "MAX_PAGE", 2)  # pages of 2, so that five groups take three
    with caplog.at_level(logging.DEBUG, logger="legflow"):
        assert ids(client.positions(deployment_id=paged, all=True)) == ids(groups)
        assert sum("GET /api/positions" in line for line in caplog.messages) == 3
        caplog.clear()
        assert client.orders(deployment_id=paged, all=True) == orders
        assert sum("GET /api/orders" in line for line in caplog.messages) == ROUND_TRIPS * 4 // 2
    assert ids(client.orders(deployment_id=paged, all=True, before=orders[4]["id"])) == ids(orders[5:])
    assert ids(client.positions(deployment_id=paged, all=True, before=groups[-1]["id"])) == ids(groups[:-1])


@pytest.mark.asyncio
async def test_the_async_client_pages_the_same(trader: Trader, paged: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with AsyncClient(trader.url, trader.api_key) as lf:
        groups = await lf.positions(deployment_id=paged)
        assert ids(await lf.positions(deployment_id=paged, limit=1)) == ids(groups[-1:])
        monkeypatch.setattr(_core, "MAX_PAGE", 2)
        assert ids(await lf.positions(deployment_id=paged, all=True)) == ids(groups)
        assert len(await lf.orders(deployment_id=paged, all=True)) == ROUND_TRIPS * 4


def test_bad_paging_is_refused_before_sending_or_by_the_server(client: Client, paged: str) -> None:
    with pytest.raises(ValueError, match="deployment_id"):
        client.positions(limit=2)  # net positions come whole
    with pytest.raises(ValueError, match="deployment_id"):
        client.positions(all=True)
    with pytest.raises(ValueError, match="limit"):
        client.orders(all=True, limit=10)
    with pytest.raises(ValidationError) as refused:
        client.positions(deployment_id=paged, before="grp-none")
    assert (refused.value.status, refused.value.code, refused.value.details["before"]) == (400, "invalid_cursor", "grp-none")
    with pytest.raises(ValidationError) as refused:
        client.orders(limit=501)
    assert (refused.value.status, refused.value.code) == (400, "invalid_request")


def test_a_link_back_to_a_page_already_read_ends_the_walk_with_an_error() -> None:
    # Legflow never sends one; a broken proxy rewriting headers could, and the walk must not go on for ever.
    walk = _core.every_order(None, None, None)
    link = {"Link": '</api/orders?limit=500&before=ord-7>; rel="next"'}
    looping = httpx.Response(200, json=[{"id": "ord-8"}, {"id": "ord-7"}], headers=link, request=httpx.Request("GET", "http://127.0.0.1/api/orders"))
    first = walk.next_call()
    assert first is not None and ids(walk.read(first, looping)) == ["ord-8", "ord-7"]
    second = walk.next_call()
    assert second is not None and second.params is not None and second.params["before"] == "ord-7"
    with pytest.raises(LegflowError) as stopped:
        walk.read(second, looping)
    assert stopped.value.code == "invalid_response" and "before=ord-7" in str(stopped.value)
