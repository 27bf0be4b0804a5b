"""Live events over the server's WebSocket ``/ws``, as a blocking iterator or an async one.

Both reconnect by themselves: when the connection drops (a restart of the server, a network blip), they
wait with backoff, connect again, subscribe again to the same topics and hand out a ``stream.reconnected``
event, because events sent while disconnected are not replayed. A refused API key is never retried.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from typing import Any

from websockets.asyncio.client import ClientConnection as AsyncConnection
from websockets.asyncio.client import connect as async_connect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection as SyncConnection
from websockets.sync.client import connect as sync_connect

from ._core import Settings, log
from ._ws import CONNECT_FAILURES, Backoff, RedactedLog, connect_error, decode_frame, ws_url
from .errors import LegflowError, NetworkError, ValidationError
from .models import Event

#: What ``stream()`` follows when no topic is named: everything of your own, without the market ticks.
DEFAULT_TOPICS = ("signals", "runs", "orders", "positions")
_OPEN_TIMEOUT_S = 10.0
_PATH = "/ws"


class _Plan:
    """What both streams share: where to connect, with which headers, and how to read each frame."""

    def __init__(self, settings: Settings, topics: Iterable[str]) -> None:
        self.url = ws_url(settings, _PATH)
        self.headers = {"Authorization": settings.credentials.bearer}
        self.logger = RedactedLog(settings)
        self.topics = list(dict.fromkeys(topics)) or list(DEFAULT_TOPICS)
        self.subscribe = json.dumps({"type": "subscribe", "topics": self.topics})
        self.backoff = Backoff()
        self.reconnects = 0

    def next_delay(self) -> float:
        return self.backoff.next_delay()

    def lost(self) -> None:
        log.info("stream: the connection to %s was lost; connecting again", self.url)

    def retry_failed(self, error: NetworkError) -> None:
        log.debug("stream: %s; trying again", error.message)

    def connected(self, pending: deque[Event], is_reconnect: bool) -> None:
        self.backoff.reset()
        if is_reconnect:
            self.reconnects += 1
            log.info("stream: connected again to %s and subscribed to %s (reconnect %d)", self.url, ", ".join(self.topics), self.reconnects)
            pending.append(Event("stream.reconnected", {"reconnects": self.reconnects, "topics": list(self.topics)}))

    def handshake_reply(self, text: str | bytes, pending: deque[Event]) -> bool:
        """True once the server confirmed the subscription; events seen before it are kept."""
        message = decode_frame(text)
        if message.get("type") == "subscribed":
            return True
        if message.get("type") == "error":
            raise _frame_error(message)
        event = _event(message)
        if event is not None:
            pending.append(event)
        return False

    def frame(self, text: str | bytes) -> Event | None:
        message = decode_frame(text)
        if message.get("type") == "error":
            raise _frame_error(message)
        return _event(message)

    def connect_error(self, exc: Exception) -> LegflowError:
        return connect_error(self.url, _PATH, exc)


class EventStream:
    """A blocking iterator of live events: ``for event in client.stream("signals", "orders"): ...``.

    Connected and subscribed once ``client.stream()`` returns, so nothing sent after that is missed.
    ``read(timeout=...)`` waits at most that long (``TimeoutError``); ``close()`` ends the iteration, from
    any thread.
    """

    def __init__(self, settings: Settings, topics: Iterable[str], *, reconnect: bool = True) -> None:
        self._plan = _Plan(settings, topics)
        self._reconnect = reconnect
        self._ws: SyncConnection | None = None
        self._pending: deque[Event] = deque()
        self._opened = False
        self._closing = threading.Event()

    @property
    def topics(self) -> list[str]:
        return list(self._plan.topics)

    @property
    def reconnects(self) -> int:
        """How many times the stream has connected again after losing its connection."""
        return self._plan.reconnects

    def open(self) -> EventStream:
        """Connects and subscribes; ``client.stream()`` has already done it."""
        self._opened = True
        self._ws = self._connect(is_reconnect=False)
        return self

    def read(self, timeout: float | None = None) -> Event:
        """The next event; ``TimeoutError`` when none comes within ``timeout`` seconds."""
        if not self._opened and not self._closing.is_set():
            self.open()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._pending:
                return self._pending.popleft()
            if self._closing.is_set():
                raise LegflowError("The stream is closed.", code="stream_closed")
            if self._ws is None:
                self._reconnect_until(deadline)
                continue
            try:
                text = self._ws.recv(timeout=_left(deadline))
            except ConnectionClosed:
                self._ws = None
                if self._closing.is_set():
                    continue
                if not self._reconnect:
                    raise NetworkError(f"The connection to {self._plan.url} was lost.") from None
                self._plan.lost()
                continue
            event = self._plan.frame(text)
            if event is not None:
                return event

    def close(self) -> None:
        self._closing.set()
        ws, self._ws = self._ws, None
        if ws is not None:
            ws.close()

    def __iter__(self) -> EventStream:
        return self

    def __next__(self) -> Event:
        try:
            return self.read()
        except LegflowError as exc:
            if exc.code == "stream_closed":
                raise StopIteration from None
            raise

    def __enter__(self) -> EventStream:
        if not self._opened and not self._closing.is_set():
            self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connect(self, *, is_reconnect: bool) -> SyncConnection:
        plan = self._plan
        try:
            # Entered as a context manager (closed by close()): websockets 17 deprecates bare connections.
            ws = sync_connect(
                plan.url, additional_headers=plan.headers, open_timeout=_OPEN_TIMEOUT_S, close_timeout=2, logger=plan.logger
            ).__enter__()
        except CONNECT_FAILURES as exc:
            raise plan.connect_error(exc) from exc
        try:
            ws.send(plan.subscribe)
            while not plan.handshake_reply(ws.recv(timeout=_OPEN_TIMEOUT_S), self._pending):
                pass
        except (ConnectionClosed, TimeoutError) as exc:
            ws.close()
            raise NetworkError(f"{plan.url} closed before confirming the subscription: {exc}") from exc
        except LegflowError:
            ws.close()
            raise
        plan.connected(self._pending, is_reconnect)
        return ws

    def _reconnect_until(self, deadline: float | None) -> None:
        while not self._closing.is_set():
            delay = self._plan.next_delay()
            left = _left(deadline)
            if left is not None and left < delay:
                self._closing.wait(left)
                raise TimeoutError("No event within the timeout (the stream is reconnecting).")
            if self._closing.wait(delay):
                return
            try:
                self._ws = self._connect(is_reconnect=True)
                return
            except NetworkError as exc:
                self._plan.retry_failed(exc)


class AsyncEventStream:
    """The async twin of ``EventStream``: ``async with client.stream("orders") as events: async for e in events``."""

    def __init__(self, settings: Settings, topics: Iterable[str], *, reconnect: bool = True) -> None:
        self._plan = _Plan(settings, topics)
        self._reconnect = reconnect
        self._ws: AsyncConnection | None = None
        self._pending: deque[Event] = deque()
        self._opened = False
        self._closed = False

    @property
    def topics(self) -> list[str]:
        return list(self._plan.topics)

    @property
    def reconnects(self) -> int:
        return self._plan.reconnects

    async def open(self) -> AsyncEventStream:
        """Connects and subscribes (``async with`` does it)."""
        self._opened = True
        self._ws = await self._connect(is_reconnect=False)
        return self

    async def read(self, timeout: float | None = None) -> Event:
        """The next event; ``TimeoutError`` when none comes within ``timeout`` seconds."""
        if not self._opened and not self._closed:
            await self.open()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._pending:
                return self._pending.popleft()
            if self._closed:
                raise LegflowError("The stream is closed.", code="stream_closed")
            if self._ws is None:
                await self._reconnect_until(deadline)
                continue
            try:
                text = await asyncio.wait_for(self._ws.recv(), _left(deadline))
            except ConnectionClosed:
                self._ws = None
                if self._closed:
                    continue
                if not self._reconnect:
                    raise NetworkError(f"The connection to {self._plan.url} was lost.") from None
                self._plan.lost()
                continue
            except asyncio.TimeoutError:
                raise TimeoutError("No event within the timeout.") from None
            event = self._plan.frame(text)
            if event is not None:
                return event

    async def close(self) -> None:
        self._closed = True
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close()

    def __aiter__(self) -> AsyncEventStream:
        return self

    async def __anext__(self) -> Event:
        try:
            return await self.read()
        except LegflowError as exc:
            if exc.code == "stream_closed":
                raise StopAsyncIteration from None
            raise

    async def __aenter__(self) -> AsyncEventStream:
        if not self._opened and not self._closed:
            await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _connect(self, *, is_reconnect: bool) -> AsyncConnection:
        plan = self._plan
        try:
            ws = await async_connect(
                plan.url, additional_headers=plan.headers, open_timeout=_OPEN_TIMEOUT_S, close_timeout=2, logger=plan.logger
            )
        except CONNECT_FAILURES as exc:
            raise plan.connect_error(exc) from exc
        try:
            await ws.send(plan.subscribe)
            while not plan.handshake_reply(await asyncio.wait_for(ws.recv(), _OPEN_TIMEOUT_S), self._pending):
                pass
        except (ConnectionClosed, asyncio.TimeoutError) as exc:
            await ws.close()
            raise NetworkError(f"{plan.url} closed before confirming the subscription: {exc}") from exc
        except LegflowError:
            await ws.close()
            raise
        plan.connected(self._pending, is_reconnect)
        return ws

    async def _reconnect_until(self, deadline: float | None) -> None:
        while not self._closed:
            delay = self._plan.next_delay()
            left = _left(deadline)
            if left is not None and left < delay:
                await asyncio.sleep(left)
                raise TimeoutError("No event within the timeout (the stream is reconnecting).")
            await asyncio.sleep(delay)
            try:
                self._ws = await self._connect(is_reconnect=True)
                return
            except NetworkError as exc:
                self._plan.retry_failed(exc)


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _event(message: dict[str, Any]) -> Event | None:
    kind, data = message.get("type"), message.get("data")
    # welcome, subscribed, pong and the like carry no data: they are the protocol, not events.
    if not isinstance(kind, str) or not isinstance(data, dict):
        return None
    return Event(kind, data)


def _frame_error(message: dict[str, Any]) -> LegflowError:
    error = message.get("error")
    if not isinstance(error, dict):
        error = {}
    details = error.get("details")
    return ValidationError(
        str(error.get("message", "The server refused a stream message.")),
        code=str(error.get("code", "invalid_message")),
        details=details if isinstance(details, dict) else {},
    )
