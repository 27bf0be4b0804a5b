"""What the client returns: a signal with its runs, a live event, and typed dicts for the read helpers.

Signals and events are small dataclasses because they carry behaviour (is it final? which orders did it
place?). Orders, positions, quotes and the rest are returned as the server sends them, plain dicts, typed
with ``TypedDict`` so editors and type checkers know the fields and a DataFrame takes them as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypedDict

SignalStatus = Literal["accepted", "running", "completed", "failed", "rejected", "ignored", "duplicate"]

#: Statuses after which a signal never changes again.
FINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "rejected", "ignored", "duplicate"})
#: Final statuses that mean the strategy did not do what the signal asked.
FAILED_STATUSES: frozenset[str] = frozenset({"failed", "rejected"})


@dataclass(frozen=True)
class Run:
    """One deployment's run of a signal through its graph, with the node-by-node trace once finished."""

    deployment_id: str
    status: str
    finished_at: datetime | None = None
    trace: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def steps(self) -> list[dict[str, Any]]:
        """Each node's step: ``nodeId``, ``type``, ``label``, ``status``, ``input``, ``output``, ``error``."""
        steps = (self.trace or {}).get("steps")
        return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []

    @property
    def failed_steps(self) -> list[dict[str, Any]]:
        return [s for s in self.steps if s.get("status") == "failed"]

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Run:
        trace = raw.get("trace")
        return cls(
            deployment_id=str(raw.get("deploymentId", "")),
            status=str(raw.get("status", "")),
            finished_at=_parse_time(raw.get("finishedAt")),
            trace=trace if isinstance(trace, dict) else None,
        )


@dataclass(frozen=True)
class Signal:
    """A signal as the server journaled it.

    ``send_signal`` returns one with ``id`` and ``status`` only; ``client.signal(id)`` and ``client.wait(id)``
    fill in the rest, ``runs`` included (one per deployment that listens on the channel).
    """

    id: str
    status: str
    runs: tuple[Run, ...] = field(default=(), repr=False)
    channel: str | None = None
    action: str | None = None
    source: str | None = None
    received_at: datetime | None = None
    #: The SIM market's clock when it arrived (differs from ``received_at`` when the server replays a past
    #: day to practise after hours, or runs on a virtual clock).
    market_at: datetime | None = None
    #: The signal as the server normalised it: ``symbol``, ``price``, ``qty``, ``data`` and so on.
    normalized: Mapping[str, Any] = field(default_factory=dict, repr=False)
    #: True when this reply is the first answer to an earlier send with the same Idempotency-Key.
    replayed: bool = False
    #: True when the server recognised the body as a repeat of a recent signal; ``id`` is the original's.
    duplicate: bool = False
    idempotency_key: str | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def ok(self) -> bool:
        """True once every deployment ran it to the end."""
        return self.status == "completed"

    @property
    def error(self) -> str | None:
        """Why it failed: each failed node with its error, or None."""
        parts = [
            f"{step.get('label') or step.get('nodeId')} ({step.get('type')}): {step.get('error') or 'failed'}"
            for run in self.runs
            for step in run.failed_steps
        ]
        return "; ".join(parts) or None

    @property
    def orders(self) -> list[PlacedOrder]:
        """The orders this signal placed, as its runs' traces record them when the order node ran. Match
        them by ``id`` against ``client.orders()`` for their state now."""
        found: dict[str, PlacedOrder] = {}
        for run in self.runs:
            for step in run.steps:
                output = step.get("output")
                messages = [m for port in output.values() if isinstance(port, list) for m in port] if isinstance(output, dict) else []
                for message in messages:
                    orders = message.get("vars", {}).get("orders") if isinstance(message, dict) else None
                    for order in orders if isinstance(orders, list) else []:
                        if isinstance(order, dict) and isinstance(order.get("id"), str):
                            found[order["id"]] = order  # type: ignore[assignment]
        return list(found.values())

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Signal:
        """From ``GET /api/signals/:id`` or a row of ``GET /api/signals``."""
        runs = raw.get("runs")
        normalized = raw.get("signal")
        return cls(
            id=str(raw["id"]),
            status=str(raw.get("status", "")),
            runs=tuple(Run.from_json(r) for r in runs if isinstance(r, dict)) if isinstance(runs, list) else (),
            channel=_str_or_none(raw.get("channel")),
            action=_str_or_none(raw.get("action")),
            source=_str_or_none(raw.get("source")),
            received_at=_parse_time(raw.get("receivedAt")),
            market_at=_parse_time(raw.get("marketAt")),
            normalized=normalized if isinstance(normalized, dict) else {},
        )

    @classmethod
    def from_send_reply(cls, raw: Mapping[str, Any], idempotency_key: str) -> Signal:
        """From the answer to ``POST /api/v1/signals``."""
        status = str(raw.get("status", ""))
        return cls(
            id=str(raw["signalId"]),
            status=status,
            replayed=bool(raw.get("replayed", False)),
            duplicate=status == "duplicate",
            idempotency_key=idempotency_key,
        )


@dataclass(frozen=True)
class Event:
    """One live event from the WebSocket.

    ``type`` is one of ``signal.received``, ``signal.status``, ``run.node``, ``order.updated``,
    ``position.updated``, ``deployment.stopped`` and ``tick``, or ``stream.reconnected`` after the stream lost
    its connection and made a new one (events in between were not delivered: read the current state again if
    it matters). An event carries its resource as the REST read returns it: ``order`` as in ``orders()``
    (rupees, ``createdAt`` ISO), ``group`` as in ``positions(deployment_id)`` without ``ltp`` and ``greeks``.
    """

    type: str
    data: Mapping[str, Any]

    @property
    def signal_id(self) -> str | None:
        return _str_or_none(self.data.get("signalId"))

    @property
    def deployment_id(self) -> str | None:
        return _str_or_none(self.data.get("deploymentId"))

    @property
    def status(self) -> str | None:
        return _str_or_none(self.data.get("status"))

    @property
    def order(self) -> Order | None:
        order = self.data.get("order")
        return order if isinstance(order, dict) else None  # type: ignore[return-value]

    @property
    def group(self) -> PositionGroup | None:
        """``position.updated``: the group as the change left it, in rupees."""
        group = self.data.get("group")
        return group if isinstance(group, dict) else None  # type: ignore[return-value]


# Typed dicts for the read helpers: the server's own JSON, field for field.


class GraphSummary(TypedDict):
    id: str
    name: str
    rev: int
    updatedAt: int
    versions: int


class Graph(TypedDict):
    id: str
    graph: dict[str, Any]
    rev: int
    updatedAt: int


class Channel(TypedDict, total=False):
    channel: str
    source: str
    url: str
    secret: str
    alertMessage: str


class Schedule(TypedDict, total=False):
    """When a deployment takes signals (IST; exchange holidays closed); outside it a run is recorded as skipped."""

    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]
    start: str
    stop: str
    exchange: str
    description: str
    open: bool
    closedBecause: str


class Deployment(TypedDict, total=False):
    id: str
    graphId: str
    version: int
    mode: Literal["sim", "live"]
    accountId: str
    multiplier: int
    status: Literal["running", "stopped"]
    createdAt: int
    updatedAt: int
    schedule: Schedule | None
    channels: list[Channel]
    #: Create and start answers: what to know first (a holiday calendar that is provisional).
    warnings: list[str]


class Order(TypedDict):
    id: str
    clientOrderId: str
    accountId: str
    deploymentId: str | None
    symbol: str
    side: Literal["BUY", "SELL"]
    qty: int
    type: str
    price: float | None
    status: str
    filledQty: int
    avgFillPrice: float | None
    rejectReason: str | None
    createdAt: str
    modifications: list[OrderModification]


class OrderModification(TypedDict):
    """One accepted change of an open order: a chased limit moved (`price`), or converted to MARKET (`None`)."""

    time: str
    type: str
    price: float | None


class PlacedOrder(TypedDict, total=False):
    """An order as a run's trace records it, at the moment the order node placed it."""

    id: str
    legId: str
    symbol: str
    side: Literal["BUY", "SELL"]
    qty: int
    type: str
    price: float | None
    status: str
    fillPrice: float | None


class Greeks(TypedDict):
    """Position greeks: the sum over held legs (sold legs count negative)."""

    delta: float
    gamma: float
    theta: float
    vega: float


class PartialExit(TypedDict):
    """Lots a partial exit closed, at its fill price (rupees); ``time`` is epoch ms."""

    lots: float
    qty: int
    price: float
    reason: str
    time: int


class PositionLeg(TypedDict, total=False):
    id: str
    symbol: str
    side: Literal["BUY", "SELL"]
    lots: int
    qty: int
    status: str
    entryPrice: float | None
    stopPrice: float | None
    targetPrice: float | None
    exitPrice: float | None
    exitReason: str | None
    realisedPnl: float
    charges: float
    netPnl: float
    #: Wait and trade: the premium at which the entry goes out, while it waits.
    waitingFor: float | None
    #: Stopped out, and watched for its premium to return to the entry price.
    awaitingReturn: bool
    partialExits: list[PartialExit]
    ltp: float | None
    greeks: Greeks | None


class PositionGroup(TypedDict, total=False):
    """A deployment's position group: the legs one entry opened, with the risk policies on them."""

    id: str
    #: What the entry named the group (adding legs to an open group finds it by this).
    tag: str | None
    deploymentId: str
    accountId: str
    mode: str
    status: str
    createdAt: int
    closedAt: int | None
    #: Rupees, gross; ``charges`` are the group's brokerage, taxes and fees, ``netPnl`` the difference.
    realisedPnl: float
    charges: float
    netPnl: float
    #: The group's greeks now (None when no leg is held).
    greeks: Greeks | None
    legs: list[PositionLeg]


class NetPosition(TypedDict, total=False):
    """An account's net position in one symbol (negative ``qty`` is short)."""

    accountId: str
    symbol: str
    qty: int
    avgPrice: float
    ltp: float
    realisedPnl: float
    unrealisedPnl: float
    pnl: float
    charges: float
    netPnl: float


class Account(TypedDict, total=False):
    id: str
    name: str
    mode: Literal["sim", "live"]
    capital: float
    #: The daily loss limit (kill switch), rupees; None for none.
    maxDailyLoss: float | None
    cash: float
    realisedPnl: float
    unrealisedPnl: float
    charges: float
    equity: float
    marginUsed: float
    marginFree: float


class Quote(TypedDict):
    symbol: str
    ltp: float
    bid: float
    ask: float
    time: str


class ChainSide(TypedDict):
    symbol: str
    quote: dict[str, Any]
    greeks: dict[str, float]


class ChainRow(TypedDict):
    strike: float
    ce: ChainSide
    pe: ChainSide


class OptionChain(TypedDict):
    underlying: str
    expiry: str
    spot: float
    atm: float
    #: What the greeks were computed with: ``rate`` and ``dividendYield``.
    rates: dict[str, float]
    rows: list[ChainRow]


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None
