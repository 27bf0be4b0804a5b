"""Legflow's Python client: send signed signals to your strategies, follow them to their fills, stream
live events, and serve Python functions to your graphs' Python-function nodes (``client.worker()``).

    from legflow import Client

    with Client() as lf:  # LEGFLOW_URL and LEGFLOW_API_KEY
        signal = lf.send_signal("nifty-straddle", "ENTRY")
        done = lf.wait(signal)
        print(done.status, done.orders)
"""

from ._version import __version__
from .async_client import AsyncClient
from .backtests import BacktestJob, BacktestProgress, BacktestResult
from .client import Client
from .errors import (
    AuthError,
    BacktestFailed,
    BacktestTimeout,
    ClockSkewError,
    ConflictError,
    LegflowError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ServerError,
    SignalConflict,
    SignalRejected,
    ValidationError,
    WaitTimeout,
)
from .message import Leg, Message
from .models import FINAL_STATUSES, Event, Run, Signal
from .stream import AsyncEventStream, EventStream
from .worker import Worker

__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
    "Signal",
    "Run",
    "Event",
    "EventStream",
    "AsyncEventStream",
    "Worker",
    "Message",
    "Leg",
    "FINAL_STATUSES",
    "BacktestJob",
    "BacktestProgress",
    "BacktestResult",
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
