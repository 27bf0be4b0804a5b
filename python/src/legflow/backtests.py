"""Backtest jobs as the client returns them: the job (``BacktestJob``), a progress report
(``BacktestProgress``) and a completed job's result (``BacktestResult``), whose parts are typed dicts of the
server's JSON, field for field, in rupees and ISO times (``trades_df()`` and ``days_df()`` make DataFrames).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

if TYPE_CHECKING:
    import pandas as pd

BacktestStatus = Literal["queued", "running", "completed", "failed", "cancelled"]
#: Statuses after which a backtest never changes again.
BACKTEST_FINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


class BacktestSignalsSource(TypedDict, total=False):
    """Where a job's signals came from: a CSV by its size and digest, or a deployment's journal."""

    kind: Literal["csv", "journal"]
    bytes: int
    sha256: str
    deploymentId: str


# What a job keeps of its request (the signals file's size and digest, not its text); ``from`` and ``to`` are
# IST dates, YYYY-MM-DD, inclusive. The functional form, since ``from`` is a Python keyword.
BacktestRequest = TypedDict(
    "BacktestRequest",
    {"graphId": str, "version": int, "from": str, "to": str, "seed": int, "capital": float, "signals": BacktestSignalsSource | None},
)


class BacktestSummary(TypedDict):
    """Rupees after charges unless named gross; rates and ratios as fractions; None where undefined (no trade)."""

    netPnl: float
    grossPnl: float
    charges: float
    trades: int
    wins: int
    losses: int
    winRate: float | None
    averageWin: float | None
    averageLoss: float | None
    expectancy: float | None
    profitFactor: float | None
    maxDrawdown: float
    maxDrawdownPct: float
    maxConsecutiveWins: int
    maxConsecutiveLosses: int
    sharpe: float | None
    sortino: float | None
    tradingDays: int
    daysTraded: int


class BacktestTrade(TypedDict):
    """One leg from entry to exit; times ISO in UTC, prices and P&L in rupees (``pnl`` net of charges)."""

    groupId: str
    legId: str
    symbol: str
    side: Literal["BUY", "SELL"]
    qty: int
    entryTime: str
    entryPrice: float
    exitTime: str
    exitPrice: float
    exitReason: str
    grossPnl: float
    charges: float
    pnl: float


class BacktestDay(TypedDict):
    """One trading day of the range (days without a trade too)."""

    date: str
    trades: int
    grossPnl: float
    charges: float
    pnl: float


class MonthYearRow(TypedDict):
    year: int
    #: January to December; None for a month with no trading day in the range.
    months: list[float | None]
    total: float


class WeekdayRow(TypedDict):
    weekday: str
    days: int
    daysTraded: int
    trades: int
    pnl: float
    wins: int
    losses: int
    winRate: float | None


class DteRow(TypedDict):
    """Trades by days to expiry at entry."""

    bucket: str
    minDays: int | None
    maxDays: int | None
    trades: int
    pnl: float
    wins: int
    losses: int
    winRate: float | None


class BacktestTables(TypedDict):
    monthYear: list[MonthYearRow]
    weekday: list[WeekdayRow]
    dte: list[DteRow]


class EquityPoint(TypedDict, total=False):
    date: str
    time: str
    equity: float


class DrawdownPoint(TypedDict, total=False):
    date: str
    time: str
    drawdown: float
    drawdownPct: float


class Curves(TypedDict):
    equity: list[EquityPoint]
    drawdown: list[DrawdownPoint]


class BacktestCurves(TypedDict):
    """By day, and at each exit."""

    daily: Curves
    exits: Curves


# What makes the result reproducible: the graph's digest, the range, the seed, the settings and the signals
# (with the file's rows that did not become signals, by line).
BacktestInputs = TypedDict(
    "BacktestInputs",
    {
        "graph": dict[str, str],
        "from": str,
        "to": str,
        "seed": int | None,
        "settings": dict[str, Any],
        "signals": dict[str, Any],
        "signalsFile": dict[str, Any] | None,
        "journal": dict[str, Any] | None,
    },
)


@dataclass(frozen=True)
class BacktestProgress:
    """``day`` of ``days`` trading days played; ``date`` is the day just played (None when read from the job
    rather than from its live event)."""

    backtest_id: str
    day: int
    days: int
    date: date | None = None


@dataclass(frozen=True)
class BacktestResult:
    """A completed backtest: what ``legflow backtest --json`` prints, and the groups and orders."""

    inputs: BacktestInputs
    summary: BacktestSummary
    trades: list[BacktestTrade]
    days: list[BacktestDay]
    tables: BacktestTables
    curves: BacktestCurves
    #: Position groups as the engine left them, and the orders it placed: plain dicts as the server sends them.
    groups: list[dict[str, Any]] = field(repr=False)
    orders: list[dict[str, Any]] = field(repr=False)
    #: Signals submitted, and those outside the range (by time); runs completed, failed and ignored.
    signals: dict[str, Any] = field(repr=False)
    runs: dict[str, Any] = field(repr=False)
    open_groups: int = 0

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> BacktestResult:
        return cls(
            inputs=raw["inputs"],
            summary=raw["summary"],
            trades=list(raw["trades"]),
            days=list(raw["days"]),
            tables=raw["tables"],
            curves=raw["curves"],
            groups=list(raw.get("groups", [])),
            orders=list(raw.get("orders", [])),
            signals=dict(raw.get("signals", {})),
            runs=dict(raw.get("runs", {})),
            open_groups=int(raw.get("openGroups", 0)),
        )

    def trades_df(self) -> pd.DataFrame:
        """The trade log as a DataFrame: one row a leg, times tz-aware in Asia/Kolkata, money as float rupees.
        Needs pandas (``pip install 'legflow[pandas]'``)."""
        from .frames import trades_frame

        return trades_frame(self.trades)

    def days_df(self) -> pd.DataFrame:
        """Day-wise P&L as a DataFrame: ``date`` (midnight IST, tz-aware), ``trades``, ``grossPnl``,
        ``charges``, ``pnl``. Needs pandas (``pip install 'legflow[pandas]'``)."""
        from .frames import days_frame

        return days_frame(self.days)


@dataclass(frozen=True)
class BacktestJob:
    """A backtest job: queued, running, then completed (``result`` set), failed (``error``) or cancelled."""

    id: str
    status: str
    request: BacktestRequest = field(repr=False)
    #: Trading days played, of ``days`` in the range.
    day: int = 0
    days: int = 0
    #: Why it failed (``code``, ``message``, ``details``); None unless failed.
    error: Mapping[str, Any] | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: BacktestResult | None = field(default=None, repr=False)

    @property
    def is_final(self) -> bool:
        return self.status in BACKTEST_FINAL_STATUSES

    @property
    def progress(self) -> BacktestProgress:
        return BacktestProgress(self.id, self.day, self.days)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> BacktestJob:
        """From ``GET /api/backtests/:id`` or a row of ``GET /api/backtests`` (which carries no result)."""
        progress = raw.get("progress") or {}
        error = raw.get("error")
        result = raw.get("result")
        return cls(
            id=str(raw["id"]),
            status=str(raw.get("status", "")),
            request=cast("BacktestRequest", raw.get("request") or {}),
            day=int(progress.get("day", 0)),
            days=int(progress.get("days", 0)),
            error=error if isinstance(error, dict) else None,
            created_at=_from_epoch_ms(raw.get("createdAt")),
            started_at=_from_epoch_ms(raw.get("startedAt")),
            finished_at=_from_epoch_ms(raw.get("finishedAt")),
            result=BacktestResult.from_json(result) if isinstance(result, dict) else None,
        )


def _from_epoch_ms(value: Any) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, timezone.utc) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
