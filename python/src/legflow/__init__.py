"""Legflow's Python client: send signed signals to your strategies, follow them to their fills, and
stream live events.

    from legflow import Client

    with Client() as lf:  # LEGFLOW_URL and LEGFLOW_API_KEY
        signal = lf.send_signal("nifty-straddle", "ENTRY")
        done = lf.wait(signal)
        print(done.status, done.orders)
"""

from ._version import __version__
from .async_client import AsyncClient
from .client import Client
from .errors import (
    AuthError,
    ClockSkewError,
    ConflictError,
    LegflowError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ServerError,
    SignalRejected,
    ValidationError,
    WaitTimeout,
)
from .models import FINAL_STATUSES, Event, Run, Signal
from .stream import AsyncEventStream, EventStream

__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
    "Signal",
    "Run",
    "Event",
    "EventStream",
    "AsyncEventStream",
    "FINAL_STATUSES",
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
    "WaitTimeout",
]
