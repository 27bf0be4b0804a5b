"""What a Python-function node hands your function, and how its return value goes back to the graph.

Your function receives a ``Message``: the signal that started the run, the vars set so far along the
path, and the legs chosen by leg nodes before it. It returns ``None`` to stop the path, or a dict of
fields to set in the message's vars; the key ``"legs"``, when present, replaces the legs instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, cast


class LegLevel(TypedDict):
    type: Literal["points", "pct"]
    value: float


class LegTrail(TypedDict):
    type: Literal["points", "pct"]
    every: float
    by: float


class _LegRequired(TypedDict):
    id: str
    underlying: str
    optionType: Literal["CE", "PE", "FUT"]
    side: Literal["BUY", "SELL"]
    lots: int
    strike: float
    expiry: str


class Leg(_LegRequired, total=False):
    """One option (or future) leg as the graph holds it. To replace legs, return them (changed copies of
    these dicts); Legflow derives ``symbol``, ``lotSize``, ``qty`` and ``exchange`` again from the instrument file."""

    exchange: str
    lotSize: int
    qty: int
    symbol: str
    stopLoss: LegLevel | None
    target: LegLevel | None
    trail: LegTrail | None
    underlyingStop: float
    underlyingTarget: float
    stopToCostOnOtherStop: bool
    watchReturnAfterStop: bool
    waitMovePct: float


class CallDeployment(TypedDict):
    id: str
    mode: Literal["sim", "live"]


class CallMessage(TypedDict):
    """What a Python-function node sends its function, as it comes over the wire."""

    signal: dict[str, Any]
    vars: dict[str, Any]
    legs: list[Leg]
    deployment: CallDeployment
    nodeId: str


class CallFrame(TypedDict):
    """A call as the server sends it on ``/ws/workers`` (the ``WorkerCall`` schema of its OpenAPI document)."""

    type: Literal["call"]
    id: str
    function: str
    timeoutMs: int
    message: CallMessage


@dataclass(frozen=True)
class Message:
    """One call of your function by a Python-function node."""

    #: The signal: ``id``, ``source``, ``channel``, ``action``, ``symbol``, ``price``, ``qty``, ``data``, …
    signal: Mapping[str, Any]
    #: Fields set by earlier nodes on this path (``transform.set``, other Python nodes, an entry's orders).
    vars: Mapping[str, Any]
    #: The legs chosen so far (empty before a leg node).
    legs: list[Leg]
    deployment_id: str
    node_id: str
    #: How long the server waits for your answer, in seconds.
    timeout: float
    call_id: str = field(repr=False)

    @property
    def action(self) -> str:
        return str(self.signal.get("action", ""))

    @property
    def channel(self) -> str:
        return str(self.signal.get("channel", ""))

    @property
    def symbol(self) -> str | None:
        symbol = self.signal.get("symbol")
        return symbol if isinstance(symbol, str) else None

    @property
    def price(self) -> float | None:
        price = self.signal.get("price")
        return float(price) if isinstance(price, (int, float)) else None

    @property
    def data(self) -> Mapping[str, Any]:
        """The signal's other fields (what ``send_signal(**data)`` or an alert carried)."""
        data = self.signal.get("data")
        return data if isinstance(data, dict) else {}

    @classmethod
    def from_call(cls, frame: CallFrame) -> Message:
        # Read field by field all the same: a frame from an older or newer server may lack one.
        message = frame.get("message")
        body: Mapping[str, Any] = message if isinstance(message, dict) else {}
        deployment = body.get("deployment")
        return cls(
            signal=_dict(body.get("signal")),
            vars=_dict(body.get("vars")),
            legs=cast("list[Leg]", [leg for leg in body.get("legs") or [] if isinstance(leg, dict)]),
            deployment_id=str(deployment.get("id", "")) if isinstance(deployment, dict) else "",
            node_id=str(body.get("nodeId", "")),
            timeout=float(frame.get("timeoutMs", 0)) / 1000,
            call_id=str(frame.get("id", "")),
        )


def answer_of(name: str, returned: Any) -> dict[str, Any] | None:
    """The wire form of a function's return value: ``None``, or ``{"vars": …, "legs": …}``.

    Raises ``TypeError`` for anything else (reported as the function's error)."""
    if returned is None:
        return None
    if not isinstance(returned, Mapping):
        raise TypeError(
            f"{name} returned {type(returned).__name__}; return None to stop the path, or a dict of fields to set "
            '(with "legs" to replace the legs)'
        )
    fields = dict(returned)
    answer: dict[str, Any] = {}
    if "legs" in fields:
        answer["legs"] = list(fields.pop("legs"))
    if fields:
        answer["vars"] = fields
    return answer


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
