"""Everything the sync and async clients share and that does no I/O: configuration, the API key, request
signing, the body of a signal, what each endpoint sends and how its answer is read, and when to retry.

The two clients only move bytes (httpx's ``Client`` or ``AsyncClient``) and sleep (``time`` or
``asyncio``); every decision is made here once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import math
import os
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx

from ._version import __version__
from .errors import AuthError, LegflowError, NetworkError, SignalRejected, error_from_response, retry_after_seconds
from .models import (
    FAILED_STATUSES,
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

log = logging.getLogger("legflow")

DEFAULT_URL = "http://127.0.0.1:8080"
SIGNALS_PATH = "/api/v1/signals"
#: Mixed into the signing key (see ``Credentials``); the server derives the same.
SIGNING_LABEL = b"legflow-signing-v2"

# lf_<10 lower-case letters or digits>_<43 base64url characters>: the id finds the key, the secret proves it.
_KEY = re.compile(r"^lf_([0-9a-z]{10})_([A-Za-z0-9_-]{43})$")

T = TypeVar("T")


class Credentials:
    """An API key split into what may travel (the id) and what must not (the secret)."""

    __slots__ = ("key_id", "_bearer", "_signing_key")

    def __init__(self, api_key: str) -> None:
        match = _KEY.match(api_key.strip())
        if not match:
            # The message never repeats the key: it ends up in logs and tracebacks.
            raise AuthError(
                "The API key is not a Legflow key (lf_<id>_<secret>, as shown once when it was created); "
                "create one in Legflow (POST /api/keys) and pass it as api_key= or LEGFLOW_API_KEY.",
                code="invalid_key",
            )
        self.key_id = f"lf_{match.group(1)}"
        self._bearer = match.group(0)
        # The signing key both sides derive: HMAC-SHA256 keyed by the hex sha256 of the secret, over a fixed
        # label. The server keeps it sealed under its own key, never anything it could be made from.
        secret_hash = hashlib.sha256(match.group(2).encode()).hexdigest().encode()
        self._signing_key = hmac.new(secret_hash, SIGNING_LABEL, hashlib.sha256).digest()

    @property
    def bearer(self) -> str:
        return f"Bearer {self._bearer}"

    def sign(self, method: str, path: str, timestamp: str, idempotency_key: str | None, body: bytes) -> str:
        """``X-Legflow-Signature``: ``v2=<hex>``, an HMAC-SHA256 over method, path, timestamp, Idempotency-Key
        and the body's SHA-256, one per line: a captured request cannot be sent under another key or route."""
        canonical = "\n".join(["v2", method.upper(), path, timestamp, idempotency_key or "", hashlib.sha256(body).hexdigest()])
        digest = hmac.new(self._signing_key, canonical.encode(), hashlib.sha256).hexdigest()
        return f"v2={digest}"

    def __repr__(self) -> str:
        return f"Credentials(key_id={self.key_id!r})"


@dataclass(frozen=True)
class Settings:
    """A client's resolved configuration (arguments first, then the environment, then defaults)."""

    base_url: str
    credentials: Credentials
    #: Seconds one attempt may wait for the server.
    timeout: float
    #: Seconds a call keeps retrying network failures, counted from its start.
    retry_for: float
    #: At most this many retries as well, when set (``0``: never retry).
    max_retries: int | None
    backoff: float
    clock: Callable[[], float]

    @classmethod
    def resolve(
        cls,
        url: str | None,
        api_key: str | None,
        *,
        timeout: float,
        retry_for: float,
        max_retries: int | None,
        backoff: float,
        clock: Callable[[], float] | None,
    ) -> Settings:
        base_url = (url or os.environ.get("LEGFLOW_URL") or DEFAULT_URL).rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, got {base_url!r}")
        key = api_key if api_key is not None else os.environ.get("LEGFLOW_API_KEY")
        if not key:
            raise AuthError("No API key: pass api_key= or set LEGFLOW_API_KEY.", code="missing_key")
        if not (math.isfinite(timeout) and timeout > 0):
            raise ValueError("timeout must be a number of seconds above 0")
        if not (math.isfinite(retry_for) and retry_for >= 0):
            raise ValueError("retry_for must be a number of seconds, 0 or more")
        if max_retries is not None and max_retries < 0:
            raise ValueError("max_retries must be 0 or more, or None")
        if not (math.isfinite(backoff) and backoff >= 0):
            raise ValueError("backoff must be a number of seconds, 0 or more")
        return cls(base_url, Credentials(key), timeout, retry_for, max_retries, backoff, clock or time.time)

    def describe(self) -> str:
        """For ``repr``: where, and which key by its id only."""
        return f"url={self.base_url!r}, key='{self.credentials.key_id}_…'"

    def http_options(self) -> dict[str, Any]:
        """Arguments for ``httpx.Client`` / ``httpx.AsyncClient``."""
        return {
            "base_url": self.base_url,
            "timeout": self.timeout,
            "headers": {"User-Agent": f"legflow-python/{__version__} httpx/{httpx.__version__}", "Accept": "application/json"},
            "follow_redirects": False,
        }


@dataclass(frozen=True)
class Call(Generic[T]):
    """One API call: what to send, and how to read a successful answer."""

    method: str
    path: str
    parse: Callable[[Any], T]
    params: Mapping[str, Any] | None = None
    json_body: Any = None
    #: A signed signal: the exact bytes that the signature covers, reused unchanged by every retry.
    signed_body: bytes | None = None
    idempotency_key: str | None = None
    #: Safe to send again after the request may have reached the server (reads, and keyed signals).
    repeatable: bool = True


def request_args(settings: Settings, call: Call[Any]) -> dict[str, Any]:
    """Arguments for ``build_request``; a signed call gets a fresh timestamp and signature each attempt."""
    args: dict[str, Any] = {"method": call.method, "url": call.path}
    if call.params:
        args["params"] = {k: v for k, v in call.params.items() if v is not None}
    if call.signed_body is not None:
        timestamp = str(int(settings.clock()))
        headers = {
            "Content-Type": "application/json",
            "X-Legflow-Key": settings.credentials.key_id,
            "X-Legflow-Timestamp": timestamp,
            "X-Legflow-Signature": settings.credentials.sign(call.method, call.path, timestamp, call.idempotency_key, call.signed_body),
        }
        if call.idempotency_key is not None:
            headers["Idempotency-Key"] = call.idempotency_key
        args["content"] = call.signed_body
        args["headers"] = headers
    else:
        args["headers"] = {"Authorization": settings.credentials.bearer}
        if call.json_body is not None:
            args["content"] = json.dumps(call.json_body, default=json_default).encode()
            args["headers"]["Content-Type"] = "application/json"
    return args


# Failures after which the request certainly did not reach the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures where it may have: retried only when sending twice is harmless.
_MAYBE_SENT = (httpx.ReadError, httpx.ReadTimeout, httpx.WriteError, httpx.WriteTimeout, httpx.RemoteProtocolError)
# Answers that say the server is not there (a proxy in front of a restarting server, or one starting): the
# request did nothing, or nothing a repeat could double when the call is repeatable.
_UNAVAILABLE = frozenset({502, 503, 504})
_MAX_RETRY_DELAY_S = 8.0
# The least time an attempt made at the end of a budget gets, so that it can succeed at all.
_LAST_ATTEMPT_S = 0.5


class Timer:
    """Elapsed time and waiting, for retry budgets and ``wait``. The tests swap in one that only pretends."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def sleep_async(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


#: The timer of both clients, read at each use.
timer = Timer()


class Retries:
    """The attempts of one call. Network failures are retried until ``retry_for`` seconds after the call
    started, or until ``deadline`` when one is given (``wait`` passes its own), and no more than
    ``max_retries`` times when that is set. Of the server's answers only 502, 503 and 504 are retried, and
    only for a call that is safe to send twice; any other answer stands.

    The first attempt may take the whole ``timeout`` (a slow answer is still an answer); a retry ends with
    the budget (but gets at least half a second), so a server that accepts and never answers costs about
    ``max(timeout, retry_for)``, not ``timeout`` times the number of attempts.
    """

    def __init__(self, settings: Settings, call: Call[Any], deadline: float | None = None) -> None:
        self.settings = settings
        self.call = call
        self.started = timer.now()
        self.deadline = self.started + settings.retry_for if deadline is None else deadline
        self.attempts = 0

    def timeout(self) -> float:
        """The next attempt's timeout, in seconds; counts the attempt."""
        self.attempts += 1
        if self.attempts == 1:
            return self.settings.timeout
        return min(self.settings.timeout, max(self.deadline - timer.now(), _LAST_ATTEMPT_S))

    def delay_after(self, exc: Exception) -> float:
        """Seconds to wait before the next attempt after ``exc``; raises ``NetworkError`` when there is none."""
        sendable = isinstance(exc, _NOT_SENT) or (self.call.repeatable and isinstance(exc, _MAYBE_SENT))
        delay = self._next_delay() if sendable else None
        if delay is None:
            raise self._network_error(exc) from exc
        self._log_retry(_describe(exc), delay)
        return delay

    def delay_after_answer(self, response: httpx.Response) -> float | None:
        """Seconds to wait before sending again after a 502, 503 or 504 to a repeatable call, at least what its
        ``Retry-After`` asks; None when the answer stands (any other, or the budget would not reach)."""
        if response.status_code not in _UNAVAILABLE or not self.call.repeatable:
            return None
        delay = self._next_delay(at_least=retry_after_seconds(response.headers, {}) or 0.0)
        if delay is not None:
            self._log_retry(f"HTTP {response.status_code}", delay)
        return delay

    def _next_delay(self, at_least: float = 0.0) -> float | None:
        retries = self.attempts - 1
        left = self.deadline - timer.now()
        capped = self.settings.max_retries is not None and retries >= self.settings.max_retries
        if capped or left <= 0 or at_least > left:
            return None
        # Exponential with jitter, so many clients retrying together do not arrive together; the last
        # attempt is made when the budget ends.
        delay = min(self.settings.backoff * 2.0**retries, _MAX_RETRY_DELAY_S) * (0.5 + random.random() / 2)
        return min(max(delay, at_least), left)

    def _log_retry(self, what: str, delay: float) -> None:
        log.info(
            "%s %s: %s (attempt %d); retrying in %.2f s, %.1f s of the retry budget left",
            self.call.method, self.call.path, what, self.attempts, delay, self.deadline - timer.now(),
        )

    def answered(self, response: httpx.Response) -> httpx.Response:
        # By method, path and status only: headers carry the key, bodies the trader's data.
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s: HTTP %d in %.0f ms (attempt %d)",
                self.call.method, response.request.url.raw_path.decode("ascii", "replace"),
                response.status_code, response.elapsed.total_seconds() * 1000, self.attempts,
            )
        return response

    def _network_error(self, exc: Exception) -> NetworkError:
        base_url, attempts = self.settings.base_url, self.attempts
        return NetworkError(
            f"{self.call.method} {base_url}{self.call.path} failed after {attempts} attempt{'s' if attempts > 1 else ''} "
            f"in {timer.now() - self.started:.1f} s: {_describe(exc)}. Is Legflow running at {base_url}?",
            attempts=attempts,
        )


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc) or 'no detail'}"


def read_response(call: Call[T], response: httpx.Response) -> T:
    """The parsed answer of a 2xx, or the matching exception for anything else."""
    body: Any = None
    if response.content:
        try:
            body = response.json()
        except ValueError:
            body = None
            if response.is_success:
                raise LegflowError(
                    f"{call.method} {call.path} answered {response.status_code} with a body that is not JSON.",
                    code="invalid_response",
                    status=response.status_code,
                ) from None
    if not response.is_success:
        raise error_from_response(response.status_code, body, response.headers, call.path)
    return call.parse(body)


def poll_delays() -> Iterator[float]:
    """Seconds between polls while waiting: quick at first (most signals finish in milliseconds)."""
    delay = 0.05
    while True:
        yield delay
        delay = min(delay * 1.5, 1.0)


def final_signal(signal: Signal, raise_on_failure: bool) -> Signal:
    if raise_on_failure and signal.status in FAILED_STATUSES:
        raise SignalRejected(
            f"Signal {signal.id} {signal.status}: {signal.error or 'see its runs for the trace'}",
            code=f"signal_{signal.status}",
            signal=signal,
        )
    return signal


# --- the calls -----------------------------------------------------------------------------------------


def send_signal_call(
    settings: Settings,
    channel: str,
    action: str,
    *,
    symbol: str | None,
    price: float | Decimal | str | None,
    qty: float | Decimal | str | None,
    legs: Iterable[Mapping[str, Any]] | None,
    idempotency_key: str | None,
    data: Mapping[str, Any],
) -> Call[Signal]:
    payload: dict[str, Any] = {"channel": channel, "action": action}
    for name, value in (("symbol", symbol), ("price", price), ("qty", qty)):
        if value is not None:
            payload[name] = value
    if legs is not None:
        leg_list = None if isinstance(legs, (str, bytes, Mapping)) else list(legs)
        if leg_list is None or not all(isinstance(leg, Mapping) for leg in leg_list):
            raise TypeError("legs must be a list of dicts, e.g. [{'symbol': ..., 'side': 'SELL', 'qty': 65}]")
        payload["legs"] = [dict(leg) for leg in leg_list]
    payload.update(data)
    # When the signal was made: it also keeps two deliberate, identical sends apart, which the server would
    # otherwise take for one alert delivered twice. Retries reuse these exact bytes, time included.
    payload.setdefault("time", datetime.fromtimestamp(settings.clock(), timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"))
    body = json.dumps(payload, default=json_default, allow_nan=False, ensure_ascii=False, separators=(",", ":")).encode()
    key = idempotency_key if idempotency_key is not None else str(uuid.uuid4())

    def parse(raw: Any) -> Signal:
        signal = Signal.from_send_reply(raw, key)
        if signal.status == "ignored":
            log.warning("No running deployment listens on the Python channel %r: signal %s was recorded and ignored.", channel, signal.id)
        return signal

    return Call("POST", SIGNALS_PATH, parse, signed_body=body, idempotency_key=key)


def signal_call(signal_id: str) -> Call[Signal]:
    return Call("GET", f"/api/signals/{_segment(signal_id)}", Signal.from_json)


def signals_call(deployment_id: str | None, limit: int) -> Call[list[Signal]]:
    return Call("GET", "/api/signals", lambda raw: [Signal.from_json(r) for r in raw], params={"deploymentId": deployment_id, "limit": limit})


def health_call() -> Call[dict[str, Any]]:
    return _get("/api/health")


def graphs_call() -> Call[list[GraphSummary]]:
    return _get("/api/graphs")


def graph_call(graph_id: str) -> Call[Graph]:
    return _get(f"/api/graphs/{_segment(graph_id)}")


def deployments_call() -> Call[list[Deployment]]:
    return _get("/api/deployments")


def deployment_call(deployment_id: str) -> Call[Deployment]:
    return _get(f"/api/deployments/{_segment(deployment_id)}")


def orders_call(deployment_id: str | None, limit: int | None, before: str | None) -> Call[list[Order]]:
    return _get("/api/orders", {"deploymentId": deployment_id, "limit": limit, "before": before})


def positions_call(deployment_id: str | None, limit: int | None, before: str | None) -> Call[list[NetPosition] | list[PositionGroup]]:
    if deployment_id is None and (limit is not None or before is not None):
        raise ValueError("limit and before page a deployment's position groups: pass deployment_id= too (net positions come whole)")
    return _get("/api/positions", {"deploymentId": deployment_id, "limit": limit, "before": before})


#: The most one page of a history holds: ``all=True`` reads pages this size, the fewest requests.
MAX_PAGE = 500


def every_order(deployment_id: str | None, limit: int | None, before: str | None) -> PageWalk[Order]:
    _no_limit_for_all(limit)
    return PageWalk(lambda page_before: orders_call(deployment_id, MAX_PAGE, page_before), before, oldest_first=False)


def every_position_group(deployment_id: str | None, limit: int | None, before: str | None) -> PageWalk[PositionGroup]:
    if deployment_id is None:
        raise ValueError("all=True reads a deployment's position groups page by page: pass deployment_id= too")
    _no_limit_for_all(limit)
    return PageWalk(lambda page_before: _groups_page(deployment_id, page_before), before, oldest_first=True)


def _groups_page(deployment_id: str, before: str | None) -> Call[list[PositionGroup]]:
    return _get("/api/positions", {"deploymentId": deployment_id, "limit": MAX_PAGE, "before": before})


def _no_limit_for_all(limit: int | None) -> None:
    if limit is not None:
        raise ValueError("all=True reads every page; limit= is for one page (leave it out)")


class PageWalk(Generic[T]):
    """Every page of a history (a deployment's position groups, orders), following each answer's
    ``Link: <…&before=<id>>; rel="next"``: the calls to make, and the pages joined in the order one page
    has (``oldest_first`` for groups; orders come newest first). The server pages newest first, so the
    pages of an oldest-first history are joined last page first.

    Only the ``before`` of the link is taken, and asked for with this client's own URL, so a proxy that
    serves Legflow under a path of its own is followed correctly.
    """

    def __init__(self, call_before: Callable[[str | None], Call[list[T]]], before: str | None, *, oldest_first: bool) -> None:
        self._call_before = call_before
        self._next: str | None = before
        self._seen: set[str] = set()
        self._pages: list[list[T]] = []
        self._oldest_first = oldest_first
        self._done = False

    def next_call(self) -> Call[list[T]] | None:
        """The next page's call; None once the last page is read."""
        return None if self._done else self._call_before(self._next)

    def read(self, call: Call[list[T]], response: httpx.Response) -> list[T]:
        """Reads a page's answer (``read_response``), keeping the page and where the next one starts."""
        page = read_response(call, response)
        self._pages.append(page)
        url = response.links.get("next", {}).get("url")
        before = httpx.URL(url).params.get("before") if url else None
        if before is not None and before in self._seen:
            # A link back to a page already read would never end.
            raise LegflowError(
                f"{call.method} {call.path} linked back to a page it had answered (before={before}).",
                code="invalid_response",
                status=response.status_code,
            )
        if before is not None:
            self._seen.add(before)
        self._next, self._done = before, before is None
        return page

    def result(self) -> list[T]:
        pages = reversed(self._pages) if self._oldest_first else iter(self._pages)
        return [item for page in pages for item in page]


def accounts_call() -> Call[list[Account]]:
    return _get("/api/accounts")


def quote_call(symbol: str) -> Call[Quote]:
    return _get("/api/market/quote", {"symbol": symbol})


def option_chain_call(underlying: str, expiry: str | None, around: int) -> Call[OptionChain]:
    return _get("/api/market/chain", {"underlying": underlying, "expiry": expiry, "around": around})


def raw_call(method: str, path: str, params: Mapping[str, Any] | None, json_body: Any) -> Call[Any]:
    if not path.startswith("/"):
        raise ValueError("path must start with /, e.g. /api/accounts")
    method = method.upper()
    # Reads can be sent twice; anything else is retried only when it certainly never arrived.
    return Call(method, path, _identity, params=params, json_body=json_body, repeatable=method in ("GET", "HEAD", "OPTIONS"))


def signal_id_of(signal: str | Signal) -> str:
    return signal.id if isinstance(signal, Signal) else signal


def _identity(raw: Any) -> Any:
    return raw


def _get(path: str, params: Mapping[str, Any] | None = None) -> Call[Any]:
    """A read: the answer is the server's JSON as it is (the typed dicts in ``models`` describe it)."""
    return Call("GET", path, _identity, params=params)


def _segment(value: str) -> str:
    if not value:
        raise ValueError("an id must not be empty")
    return quote(value, safe="")


def json_default(value: Any) -> Any:
    # Decimals go as text, which the server reads as an exact number (TradingView sends numbers quoted too).
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    # numpy and pandas scalars (float32, int64, bool_) as plain numbers, without importing either.
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__.startswith("numpy"):
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable; send numbers, text, lists or dicts")
