"""The exceptions the client raises, one class per thing a caller can do something about.

Every server error arrives as ``{"error": {"code", "message", "details"}}`` with an HTTP status; the
status (and, where it matters, the code) picks the class, and the code, message and details are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backtests import BacktestJob
    from .models import Signal

__all__ = [
    "LegflowError",
    "AuthError",
    "ClockSkewError",
    "ValidationError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "NetworkError",
    "ServerError",
    "SignalRejected",
    "SignalConflict",
    "WaitTimeout",
    "BacktestFailed",
    "BacktestTimeout",
]


class LegflowError(Exception):
    """Base of every error the client raises."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "error",
        status: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.details: dict[str, Any] = dict(details or {})

    def __str__(self) -> str:
        where = f"HTTP {self.status} " if self.status is not None else ""
        return f"{self.message} ({where}{self.code})"


class AuthError(LegflowError):
    """The API key is missing, malformed, unknown or deleted, or the request's signature does not match."""


class ClockSkewError(AuthError):
    """The request was signed with a timestamp more than 300 s from the server's clock.

    ``skew_seconds`` is how far this machine's clock is off (positive: behind the server).
    """

    @property
    def skew_seconds(self) -> int | None:
        value = self.details.get("skewSeconds")
        return int(value) if isinstance(value, (int, float)) else None


class ValidationError(LegflowError):
    """The server refused the input; ``details`` says which field and why (``problems`` or ``issues``)."""

    @property
    def problems(self) -> list[dict[str, Any]]:
        """Each problem as ``{"path", "message"}``, whichever list the server sent."""
        found = self.details.get("problems", self.details.get("issues", []))
        return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


class NotFoundError(LegflowError):
    """No such resource, or it belongs to someone else (the server does not say which)."""


class ConflictError(LegflowError):
    """The request conflicts with the current state (for example a stale graph ``rev``)."""


class RateLimitError(LegflowError):
    """Too many requests; ``retry_after`` is how many seconds to wait, when the server says."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class NetworkError(LegflowError):
    """The server could not be reached or the connection broke, after every retry."""

    def __init__(self, message: str, *, attempts: int = 1, **kwargs: Any) -> None:
        super().__init__(message, code="network", **kwargs)
        self.attempts = attempts


class ServerError(LegflowError):
    """The server failed (HTTP 5xx). A 502, 503 or 504 (a proxy whose server is down or restarting) is first
    retried within the retry budget when the call is safe to send twice (reads, signals); anything else is
    not retried: the request may have had an effect."""


class SignalRejected(LegflowError):
    """A signal was refused or did not complete.

    Raised by ``send_signal`` when the Idempotency-Key was already used for a different signal, and by
    ``wait`` when the signal ends ``failed`` or ``rejected``: then ``signal`` holds it with its runs, and the
    message names the node that failed and why.
    """

    def __init__(self, message: str, *, signal: Signal | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.signal = signal

    @property
    def signal_id(self) -> str | None:
        if self.signal is not None:
            return self.signal.id
        value = self.details.get("signalId")
        return value if isinstance(value, str) else None


class SignalConflict(SignalRejected, ConflictError):
    """The server has an earlier signal with this action, ``id`` and ``time`` but another body (HTTP 409
    ``conflict``): this one was recorded as ``rejected`` and not run, since one alert cannot say two things.
    ``signal_id`` names the earlier signal and ``rejected_signal_id`` this one. Give each signal its own
    ``id`` or ``time``; sending the earlier body again is answered as a duplicate, not refused.
    """

    @property
    def rejected_signal_id(self) -> str | None:
        value = self.details.get("rejectedSignalId")
        return value if isinstance(value, str) else None


class WaitTimeout(LegflowError, TimeoutError):
    """``wait`` gave up before the signal reached a final status; ``signal`` is its last known state."""

    def __init__(self, message: str, *, signal: Signal, **kwargs: Any) -> None:
        super().__init__(message, code="wait_timeout", **kwargs)
        self.signal = signal


class BacktestFailed(LegflowError):
    """A backtest ended ``failed`` (``code`` and ``message`` are the job's error: ``invalid_signals_file``,
    ``interrupted``, …) or ``cancelled`` (code ``backtest_cancelled``); ``job`` is the job as it ended."""

    def __init__(self, message: str, *, job: BacktestJob, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.job = job


class BacktestTimeout(LegflowError, TimeoutError):
    """``backtest`` stopped waiting before the job ended; the job goes on (``client.backtest_job(id)`` reads
    it later, ``client.cancel_backtest(id)`` stops it). ``job`` is its last known state."""

    def __init__(self, message: str, *, job: BacktestJob, **kwargs: Any) -> None:
        super().__init__(message, code="wait_timeout", **kwargs)
        self.job = job


def error_from_response(status: int, body: Any, headers: Mapping[str, str], path: str) -> LegflowError:
    """The exception for an HTTP error reply; ``body`` is the decoded JSON, or None when it was not JSON."""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = str(error.get("code") or f"http_{status}")
        message = str(error.get("message") or f"HTTP {status}")
        raw_details = error.get("details")
        details: dict[str, Any] = raw_details if isinstance(raw_details, dict) else {}
    else:
        code, message, details = f"http_{status}", f"The server answered HTTP {status} to {path} without a Legflow error body.", {}
    kwargs: dict[str, Any] = {"code": code, "status": status, "details": details}
    if status == 401 and code == "stale_timestamp":
        return ClockSkewError(message, **kwargs)
    if status in (401, 403):
        return AuthError(message, **kwargs)
    if status == 404:
        return NotFoundError(message, **kwargs)
    if status == 409:
        if code == "idempotency_mismatch":
            return SignalRejected(message, **kwargs)
        if code == "conflict":
            return SignalConflict(message, **kwargs)
        return ConflictError(message, **kwargs)
    if status == 429:
        return RateLimitError(message, retry_after=retry_after_seconds(headers, details), **kwargs)
    if status in (400, 413, 415, 422):
        return ValidationError(message, **kwargs)
    if status >= 500:
        return ServerError(message, **kwargs)
    return LegflowError(message, **kwargs)


def retry_after_seconds(headers: Mapping[str, str], details: Mapping[str, Any]) -> float | None:
    """How long the server asked to wait: its ``Retry-After`` header in seconds, else ``retryAfterSeconds``."""
    header = headers.get("retry-after")
    if header is not None:
        try:
            return float(header)
        except ValueError:
            pass  # an HTTP date: rare enough to fall back on the details
    value = details.get("retryAfterSeconds")
    return float(value) if isinstance(value, (int, float)) else None
