"""Python functions as graph nodes: a worker connects to the server's ``/ws/workers``, registers its
functions by name and answers the calls that Python-function nodes (``transform.python``) make.

    worker = client.worker()

    @worker.function("vol_filter")
    def vol_filter(msg: Message) -> dict | None:
        return {"vol": 0.14} if msg.action == "ENTRY" else None

    worker.run()  # blocks; reconnects by itself

Calls run concurrently: plain functions in a thread pool, ``async def`` functions on the worker's event
loop. Several workers (processes or machines) may serve the same name; the server spreads the calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import re
import threading
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from ._core import Settings, json_default, log
from ._ws import CONNECT_FAILURES, Backoff, RedactedLog, connect_error, decode_frame, ws_url
from .errors import NetworkError, ValidationError
from .message import CallFrame, Message, answer_of

PATH = "/ws/workers"
#: The server's rule for function names.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$")
_OPEN_TIMEOUT_S = 10.0

Handler = Callable[[Message], Any | Awaitable[Any]]
F = TypeVar("F", bound=Handler)


class Worker:
    """Serves Python functions to your deployments' Python-function nodes (``client.worker()``).

    ``run()`` blocks until ``stop()`` or Ctrl-C; ``await run_async()`` is the same on your event loop;
    ``start()`` runs it on a background thread (handy in a notebook) and returns once registered.
    With ``reconnect`` (the default) a lost connection is made again with backoff, and the functions are
    registered again. A refused API key raises ``AuthError`` at once and is never retried.
    """

    def __init__(self, settings: Settings, *, concurrency: int = 8, reconnect: bool = True) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be 1 or more")
        self._url = ws_url(settings, PATH)
        self._headers = {"Authorization": settings.credentials.bearer}
        self._wire_log = RedactedLog(settings)
        self._concurrency = concurrency
        self._reconnect = reconnect
        self._handlers: dict[str, Handler] = {}
        self._stopping = threading.Event()
        self._registered = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ws: ClientConnection | None = None
        self._closing: asyncio.Future[None] | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        #: Calls answered since the worker started (results and errors).
        self.calls = 0

    @property
    def functions(self) -> list[str]:
        return list(self._handlers)

    def __repr__(self) -> str:
        return f"Worker(url={self._url!r}, functions={self.functions!r})"

    def function(self, name: str) -> Callable[[F], F]:
        """Registers the decorated function under ``name``, the name a Python-function node calls."""
        if not NAME.match(name):
            raise ValueError(f"{name!r} is not a function name: a letter or '_', then letters, digits, '_', '.', ':' or '-' (at most 100)")
        if name in self._handlers:
            raise ValueError(f"a function named {name!r} is registered already")
        if self._loop is not None:
            raise RuntimeError("register functions before run() or start()")

        def register(handler: F) -> F:
            self._handlers[name] = handler
            return handler

        return register

    # --- running -----------------------------------------------------------------------------------------

    def run(self) -> None:
        """Serves calls until ``stop()`` or Ctrl-C. In a notebook (a running event loop), use ``start()``."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("run() blocks, and an event loop is running here: use worker.start() or await worker.run_async()")
        try:
            asyncio.run(self.run_async())
        except KeyboardInterrupt:
            log.info("worker stopped (Ctrl-C)")

    def start(self, timeout: float = 15.0) -> Worker:
        """Runs the worker on a daemon thread; returns once its functions are registered."""
        if self._thread is not None:
            raise RuntimeError("the worker is running already")
        self._thread = threading.Thread(target=self._run_in_thread, name="legflow-worker", daemon=True)
        self._thread.start()
        while not self._registered.wait(0.05):
            if self._failure is not None or not self._thread.is_alive():
                self.stop()
                raise self._failure or NetworkError(f"The worker stopped before registering at {self._url}.")
            timeout -= 0.05
            if timeout <= 0:
                self.stop()
                raise NetworkError(f"The worker could not register its functions at {self._url} in time.")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stops serving: from any thread; calls in progress are not answered (the server fails them)."""
        self._stopping.set()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop has just finished
                loop.call_soon_threadsafe(self._close_connection)
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def run_async(self) -> None:
        """Serves calls on the running event loop until ``stop()``."""
        if not self._handlers:
            raise RuntimeError("no functions to serve: decorate one with @worker.function(name) first")
        self._loop = asyncio.get_running_loop()
        pool = ThreadPoolExecutor(self._concurrency, thread_name_prefix="legflow-fn")
        backoff = Backoff()
        try:
            while not self._stopping.is_set():
                try:
                    await self._session(pool, backoff)
                except NetworkError as exc:
                    if not self._reconnect:
                        raise
                    delay = backoff.next_delay()
                    log.warning("worker: %s; connecting again in %.1f s", exc.message, delay)
                    await self._sleep(delay)
        finally:
            self._registered.clear()
            self._loop = None
            pool.shutdown(wait=False, cancel_futures=True)

    def _run_in_thread(self) -> None:
        try:
            asyncio.run(self.run_async())
        except BaseException as exc:  # handed to start(), which raises it in the caller's thread
            self._failure = exc

    async def _session(self, pool: ThreadPoolExecutor, backoff: Backoff) -> None:
        """One connection: register, then answer calls until it closes. A lost connection is a NetworkError."""
        try:
            ws = await connect(
                self._url,
                additional_headers=self._headers,
                open_timeout=_OPEN_TIMEOUT_S,
                ping_interval=20,
                ping_timeout=20,
                close_timeout=2,
                logger=self._wire_log,
            )
        except CONNECT_FAILURES as exc:
            raise connect_error(self._url, PATH, exc) from exc
        self._ws = ws
        tasks: set[asyncio.Task[None]] = set()
        try:
            if self._stopping.is_set():
                return
            await ws.send(json.dumps({"type": "register", "functions": self.functions}))
            async for text in ws:
                frame = decode_frame(text)
                kind = frame.get("type")
                if kind == "call":
                    task = asyncio.create_task(self._answer(ws, pool, cast("CallFrame", frame)))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                elif kind == "registered":
                    backoff.reset()
                    self._registered.set()
                    log.info("worker: serving %s at %s", ", ".join(self.functions), self._url)
                elif kind == "error":
                    self._server_error(frame)
        except ConnectionClosed:
            pass
        finally:
            self._ws = None
            for task in tasks:
                task.cancel()
            await ws.close()
        if not self._stopping.is_set():
            raise NetworkError(f"the connection to {self._url} was lost")

    async def _answer(self, ws: ClientConnection, pool: ThreadPoolExecutor, frame: CallFrame) -> None:
        msg = Message.from_call(frame)
        name = str(frame.get("function", ""))
        reply: dict[str, Any]
        try:
            handler = self._handlers.get(name)
            if handler is None:
                raise LookupError(f"this worker has no function named {name!r}")
            if inspect.iscoroutinefunction(handler):
                returned = await handler(msg)
            else:
                returned = await asyncio.get_running_loop().run_in_executor(pool, handler, msg)
            reply = {"type": "result", "id": msg.call_id, "result": answer_of(name, returned)}
            text = json.dumps(reply, default=json_default, allow_nan=False)
        except Exception as exc:  # the function's failure is the call's answer, never the worker's end
            log.exception("worker: %s raised on call %s", name, msg.call_id)
            text = json.dumps({"type": "error", "id": msg.call_id, "error": {"type": type(exc).__name__, "message": str(exc)}})
        self.calls += 1
        try:
            await ws.send(text)
        except ConnectionClosed:
            log.warning("worker: the connection closed before %s's answer to call %s was sent", name, msg.call_id)

    def _server_error(self, frame: Mapping[str, Any]) -> None:
        error = frame.get("error")
        error = error if isinstance(error, dict) else {}
        if error.get("code") == "unknown_call":
            log.warning("worker: an answer came too late (the node's timeout had passed): %s", error.get("message"))
            return
        if not self._registered.is_set():
            # The server refused the registration itself: a problem no reconnect will fix.
            raise ValidationError(str(error.get("message", "registration refused")), code=str(error.get("code", "invalid_message")))
        log.error("worker: the server refused a frame: %s", error.get("message"))

    def _close_connection(self) -> None:
        if self._ws is not None:
            # Held so the task is not collected before it has closed the connection.
            self._closing = asyncio.ensure_future(self._ws.close())

    async def _sleep(self, seconds: float) -> None:
        """Sleeps, ending early when the worker is stopped."""
        deadline = asyncio.get_running_loop().time() + seconds
        while not self._stopping.is_set():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.1))

