"""The asyncio client: ``Client``'s twin, method for method, with ``await``. Both build every request in
``_core``, so they sign, retry and read answers identically."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

import httpx

from . import _backtests, _core
from ._backtests import ProgressCallback
from ._core import Call, Settings
from .backtests import BacktestJob, BacktestResult
from .errors import LegflowError, WaitTimeout
from .models import (
    Account,
    Deployment,
    Graph,
    GraphSummary,
    NetPosition,
    OptionChain,
    Order,
    PositionGroup,
    Quote,
    Signal,
)
from .stream import AsyncEventStream
from .worker import Worker

T = TypeVar("T")


class AsyncClient:
    """``Client`` for asyncio: ``async with AsyncClient() as lf: signal = await lf.send_signal(...)``.

    The arguments and their defaults are ``Client``'s:

    ``url`` and ``api_key`` default to the ``LEGFLOW_URL`` and ``LEGFLOW_API_KEY`` environment variables
    (the URL then to ``http://127.0.0.1:8080``). Each attempt waits at most ``timeout`` seconds for the
    server. Network failures are retried with exponential backoff from ``backoff`` seconds until
    ``retry_for`` seconds after the call started (and at most ``max_retries`` times, when set; ``0`` never
    retries), and so are 502, 503 and 504 answers to calls that are safe to send twice (reads, signals);
    any other answer from the server is never retried.
    ``clock`` returns the Unix time used to sign signals (for a machine whose clock is known to be off).
    Use it as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 10.0,
        retry_for: float = 30.0,
        max_retries: int | None = None,
        backoff: float = 0.25,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._settings = Settings.resolve(
            url, api_key, timeout=timeout, retry_for=retry_for, max_retries=max_retries, backoff=backoff, clock=clock
        )
        self._http = httpx.AsyncClient(**self._settings.http_options())

    @property
    def url(self) -> str:
        return self._settings.base_url

    def __repr__(self) -> str:
        return f"AsyncClient({self._settings.describe()})"

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- signals -----------------------------------------------------------------------------------------

    async def send_signal(
        self,
        channel: str,
        action: str,
        *,
        symbol: str | None = None,
        price: float | Decimal | str | None = None,
        qty: float | Decimal | str | None = None,
        legs: Iterable[Mapping[str, Any]] | None = None,
        idempotency_key: str | None = None,
        **data: Any,
    ) -> Signal:
        """Sends a signed signal to every running deployment whose graph listens on ``channel``.

        Returns at once with the signal's ``id`` and ``status`` (``accepted``, or ``ignored`` when nothing
        listens on the channel); the graph runs after that: ``wait(signal)`` follows it to the end.
        Every retry reuses the same ``Idempotency-Key`` (generated unless given), so a signal whose answer
        was lost on the way back is never placed twice. Any other keyword goes into the signal's data.
        """
        call = _core.send_signal_call(
            self._settings, channel, action, symbol=symbol, price=price, qty=qty, legs=legs, idempotency_key=idempotency_key, data=data
        )
        return await self._send(call)

    async def signal(self, signal: str | Signal) -> Signal:
        """The signal now: status, and each deployment's run with its node-by-node trace."""
        return await self._send(_core.signal_call(_core.signal_id_of(signal)))

    async def signals(self, *, deployment_id: str | None = None, limit: int = 50) -> list[Signal]:
        """Recent signals, newest first (without runs: ``signal(id)`` has them)."""
        return await self._send(_core.signals_call(deployment_id, limit))

    async def wait(self, signal: str | Signal, timeout: float = 30.0, *, raise_on_failure: bool = True) -> Signal:
        """Polls until the signal reaches a final status and returns it with its runs.

        Raises ``SignalRejected`` when it ends ``failed`` or ``rejected`` (unless ``raise_on_failure`` is
        False), and ``WaitTimeout`` when ``timeout`` seconds pass first. Network failures are retried until
        then (a server restart is waited out); ``NetworkError`` when the server is still unreachable at the end.
        """
        signal_id = _core.signal_id_of(signal)
        call = _core.signal_call(signal_id)
        deadline = _core.timer.now() + timeout
        for delay in _core.poll_delays():
            current = await self._send(call, deadline=deadline)
            if current.is_final:
                return _core.final_signal(current, raise_on_failure)
            left = deadline - _core.timer.now()
            if left <= 0:
                raise WaitTimeout(f"Signal {signal_id} is still {current.status} after {timeout:g} s.", signal=current)
            await _core.timer.sleep_async(min(delay, left))
        raise AssertionError("unreachable")

    def stream(self, *topics: str, reconnect: bool = True) -> AsyncEventStream:
        """Live events, as ``Client.stream``; connected and subscribed on ``async with`` (or ``await open()``)."""
        return AsyncEventStream(self._settings, topics, reconnect=reconnect)

    def worker(self, *, concurrency: int = 8, reconnect: bool = True) -> Worker:
        """A worker that serves your Python functions to Python-function nodes: decorate them with
        ``@worker.function("name")``, then ``worker.run()`` (or ``start()``, or ``await run_async()``).
        Plain functions run ``concurrency`` at a time on threads; ``async def`` ones on the event loop."""
        return Worker(self._settings, concurrency=concurrency, reconnect=reconnect)

    # --- backtests ---------------------------------------------------------------------------------------

    @overload
    async def backtest(
        self,
        graph_id: str,
        version: int,
        from_: date | str,
        to: date | str,
        *,
        signals: str | os.PathLike[str] | None = None,
        journal: str | None = None,
        seed: int = 1,
        capital: float | Decimal = 1_000_000,
        wait: Literal[True] = True,
        timeout: float = 600.0,
        on_progress: ProgressCallback | None = None,
    ) -> BacktestResult: ...
    @overload
    async def backtest(
        self,
        graph_id: str,
        version: int,
        from_: date | str,
        to: date | str,
        *,
        signals: str | os.PathLike[str] | None = None,
        journal: str | None = None,
        seed: int = 1,
        capital: float | Decimal = 1_000_000,
        wait: Literal[False],
        timeout: float = 600.0,
        on_progress: ProgressCallback | None = None,
    ) -> BacktestJob: ...
    async def backtest(
        self,
        graph_id: str,
        version: int,
        from_: date | str,
        to: date | str,
        *,
        signals: str | os.PathLike[str] | None = None,
        journal: str | None = None,
        seed: int = 1,
        capital: float | Decimal = 1_000_000,
        wait: bool = True,
        timeout: float = 600.0,
        on_progress: ProgressCallback | None = None,
    ) -> BacktestResult | BacktestJob:
        """``Client.backtest``, awaited (``on_progress`` is a plain function, called on the event loop)."""
        body = _backtests.backtest_body(graph_id, version, from_, to, signals=signals, journal=journal, seed=seed, capital=capital)
        _backtests.check_wait(timeout, on_progress)
        if not wait:
            return await self._send(_backtests.create_call(body))
        deadline = _core.timer.now() + timeout
        # Subscribed before the job exists, so none of its events can come before the stream listens.
        events: AsyncEventStream | None
        try:
            events = await self.stream(_backtests.TOPIC).open()
        except LegflowError as exc:
            _core.log.info("backtest: no live progress (%s); polling the job instead", exc)
            events = None
        try:
            follow = _backtests.Follow(await self._send(_backtests.create_call(body)), deadline, timeout, on_progress)
            while not follow.job.is_final:
                left = follow.left()
                if events is None:
                    await _core.timer.sleep_async(min(_backtests.QUIET_POLL_S, left))
                    follow.stale = True
                else:
                    try:
                        follow.event(await events.read(timeout=min(_backtests.QUIET_POLL_S, left)))
                    except TimeoutError:
                        follow.stale = True  # quiet for a while: make sure no ending was missed
                    except LegflowError as exc:
                        _core.log.info("backtest: the live progress stopped (%s); polling the job instead", exc)
                        await events.close()
                        events, follow.stale = None, True
                if follow.stale:
                    follow.read(await self._send(_backtests.job_call(follow.job.id), deadline=deadline))
        finally:
            if events is not None:
                await events.close()
        return follow.outcome()

    async def backtests(self) -> list[BacktestJob]:
        """Your backtests, newest first, without their results (``backtest_job(id)`` has them)."""
        return await self._send(_backtests.list_call())

    async def backtest_job(self, backtest: str | BacktestJob) -> BacktestJob:
        """A backtest now: its status, progress, and once completed its ``result``."""
        return await self._send(_backtests.job_call(backtest))

    async def cancel_backtest(self, backtest: str | BacktestJob) -> BacktestJob:
        """Stops a queued or running backtest; ``ConflictError`` (``backtest_finished``) once it has ended."""
        return await self._send(_backtests.cancel_call(backtest))

    async def delete_backtest(self, backtest: str | BacktestJob) -> None:
        """Deletes a backtest and its result, cancelling it first if it is queued or running."""
        await self._send(_backtests.delete_call(backtest))

    # --- read-only helpers -------------------------------------------------------------------------------

    async def health(self) -> dict[str, Any]:
        return await self._send(_core.health_call())

    async def graphs(self) -> list[GraphSummary]:
        return await self._send(_core.graphs_call())

    async def graph(self, graph_id: str) -> Graph:
        """A graph's draft JSON and ``rev``."""
        return await self._send(_core.graph_call(graph_id))

    async def deployments(self) -> list[Deployment]:
        return await self._send(_core.deployments_call())

    async def deployment(self, deployment_id: str) -> Deployment:
        """One deployment with its channels (for a Python source: the channel to send to)."""
        return await self._send(_core.deployment_call(deployment_id))

    async def orders(
        self, *, deployment_id: str | None = None, limit: int | None = None, before: str | None = None, all: bool = False
    ) -> list[Order]:
        """Orders, newest first: a page, the newest ``limit`` (default and at most 500) older than the order
        ``before`` (an id) when given. ``all=True`` reads every page and returns them all."""
        if all:
            return await self._every_page(_core.every_order(deployment_id, limit, before))
        return await self._send(_core.orders_call(deployment_id, limit, before))

    @overload
    async def positions(self) -> list[NetPosition]: ...
    @overload
    async def positions(
        self, *, deployment_id: str, limit: int | None = None, before: str | None = None, all: bool = False
    ) -> list[PositionGroup]: ...
    async def positions(
        self, *, deployment_id: str | None = None, limit: int | None = None, before: str | None = None, all: bool = False
    ) -> list[NetPosition] | list[PositionGroup]:
        """Net positions per account and symbol; with ``deployment_id``, that deployment's position groups
        (the legs each entry opened, with their stops and targets), oldest first: a page, the newest
        ``limit`` (default 100, at most 500) older than the group ``before`` (an id) when given.
        ``all=True`` reads every page and returns them all."""
        if all:
            return await self._every_page(_core.every_position_group(deployment_id, limit, before))
        return await self._send(_core.positions_call(deployment_id, limit, before))

    async def accounts(self) -> list[Account]:
        return await self._send(_core.accounts_call())

    async def quote(self, symbol: str) -> Quote:
        """Last price, bid and ask of an underlying (``NIFTY``) or an option (``NIFTY01DEC2626000CE``)."""
        return await self._send(_core.quote_call(symbol))

    async def option_chain(self, underlying: str, *, expiry: str | None = None, around: int = 10) -> OptionChain:
        """Strikes around ATM with quotes and greeks; ``expiry`` as YYYY-MM-DD (default: the nearest)."""
        return await self._send(_core.option_chain_call(underlying, expiry, around))

    async def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None) -> Any:
        """Any other API route, authenticated with the key (see ``/api/openapi.json``); the decoded answer."""
        return await self._send(_core.raw_call(method, path, params, json))

    # --- transport ---------------------------------------------------------------------------------------

    async def _send(self, call: Call[T], *, deadline: float | None = None, read: Callable[[Call[T], httpx.Response], T] = _core.read_response) -> T:
        retries = _core.Retries(self._settings, call, deadline)
        while True:
            request = self._http.build_request(**_core.request_args(self._settings, call), timeout=retries.timeout())
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                await _core.timer.sleep_async(retries.delay_after(exc))
                continue
            unavailable_for = retries.delay_after_answer(response)
            if unavailable_for is not None:
                await response.aclose()
                await _core.timer.sleep_async(unavailable_for)
                continue
            return read(call, retries.answered(response))

    async def _every_page(self, walk: _core.PageWalk[T]) -> list[T]:
        while (call := walk.next_call()) is not None:
            await self._send(call, read=walk.read)
        return walk.result()
