"""What the live stream (``/ws``) and the worker (``/ws/workers``) share: the WebSocket address, the
backoff between connection attempts, how a failed connection becomes an exception, and websockets' own
log without the API key."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from ._core import Settings
from .errors import AuthError, LegflowError, NetworkError, error_from_response

_MAX_DELAY_S = 10.0

#: What opening a connection raises when it fails. ConnectionClosed too: when a proxy resets the connection
#: before websockets has sent its upgrade request, the blocking ``connect`` raises that, not an OSError.
CONNECT_FAILURES = (OSError, TimeoutError, asyncio.TimeoutError, InvalidHandshake, ConnectionClosed)


def ws_url(settings: Settings, path: str) -> str:
    scheme, rest = settings.base_url.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{path}"


class Backoff:
    """Delays before connection attempts: 0.25 s doubling to 10 s, with jitter; ``reset()`` once connected."""

    def __init__(self) -> None:
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(0.25 * 2.0**self.failures, _MAX_DELAY_S) * (0.5 + random.random() / 2)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


def decode_frame(text: str | bytes) -> dict[str, Any]:
    """A JSON object frame; anything else reads as an empty one."""
    try:
        frame = json.loads(text)
    except ValueError:
        return {}
    return frame if isinstance(frame, dict) else {}


def connect_error(url: str, path: str, exc: Exception) -> LegflowError:
    """A failed connection: fatal when the server refused it (a bad key, a wrong path), retryable
    (``NetworkError``) when it could not be reached."""
    if isinstance(exc, LegflowError):
        return exc
    if isinstance(exc, InvalidStatus):
        response = exc.response
        try:
            body: Any = json.loads(response.body or b"")
        except ValueError:
            body = None
        error = error_from_response(response.status_code, body, {k.lower(): v for k, v in response.headers.raw_items()}, path)
        if isinstance(error, AuthError) or response.status_code in (400, 404):
            return error
    return NetworkError(f"Could not connect to {url}: {type(exc).__name__}: {exc}")


class RedactedLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    """websockets' own log (``websockets.client``) with the API key masked: at DEBUG it writes every
    header of the handshake, ``Authorization`` included. Pass it as ``connect(logger=...)``."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(logging.getLogger("websockets.client"), {})
        self._key = settings.credentials.bearer.split(" ", 1)[1]
        self._mask = f"{settings.credentials.key_id}_…"

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().log(level, self._scrub(msg), *(self._scrub(arg) for arg in args), **kwargs)

    def _scrub(self, value: Any) -> Any:
        return value.replace(self._key, self._mask) if isinstance(value, str) and self._key in value else value
