"""A backtest's trades and days as pandas DataFrames, with their dtypes set rather than guessed: times tz-aware
in Asia/Kolkata (the exchange's clock), money as float rupees, counts as int64, text as pandas' string dtype.
pandas is an optional extra (``pip install 'legflow[pandas]'``); it is imported only here, and only when a
DataFrame is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .backtests import BacktestDay, BacktestTrade

#: The zone of every time in a DataFrame: the exchange's (IST, UTC+05:30, no daylight saving).
TZ = "Asia/Kolkata"

_TEXT = "text"
_TIME = "time"
_DATE = "date"
_INT = "int"
_MONEY = "money"

# Column, kind: the server's field names as they are (the JSON, the CLI's --json and the CSV export say the same).
TRADE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("groupId", _TEXT),
    ("legId", _TEXT),
    ("symbol", _TEXT),
    ("side", _TEXT),
    ("qty", _INT),
    ("entryTime", _TIME),
    ("entryPrice", _MONEY),
    ("exitTime", _TIME),
    ("exitPrice", _MONEY),
    ("exitReason", _TEXT),
    ("grossPnl", _MONEY),
    ("charges", _MONEY),
    ("pnl", _MONEY),
)
DAY_COLUMNS: tuple[tuple[str, str], ...] = (("date", _DATE), ("trades", _INT), ("grossPnl", _MONEY), ("charges", _MONEY), ("pnl", _MONEY))


def require_pandas() -> None:
    """Nothing when pandas is installed; else an ImportError that says how to install it."""
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "DataFrames of a backtest need pandas, which is not installed: pip install 'legflow[pandas]' (or pip install pandas). "
            "Without it, the result's trades and days are lists of dicts."
        ) from exc


def trades_frame(trades: Sequence[BacktestTrade]) -> pd.DataFrame:
    return _frame(trades, TRADE_COLUMNS)


def days_frame(days: Sequence[BacktestDay]) -> pd.DataFrame:
    return _frame(days, DAY_COLUMNS)


def _frame(rows: Sequence[Mapping[str, Any]], columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    require_pandas()
    import pandas as pd

    # Column by column with its dtype, so an empty result has the same dtypes as a full one.
    frame: pd.DataFrame = pd.DataFrame({name: _column([row[name] for row in rows], kind) for name, kind in columns})
    return frame


def _column(values: list[Any], kind: str) -> pd.Series:
    import pandas as pd

    column: pd.Series
    if kind == _TIME:
        # ISO times in UTC from the server, shown on the exchange's clock.
        column = pd.to_datetime(pd.Series(values, dtype="string"), utc=True, format="ISO8601").dt.tz_convert(TZ)
    elif kind == _DATE:
        # An IST trading date: its midnight in IST, so it lines up with the trades' times.
        column = pd.to_datetime(pd.Series(values, dtype="string"), format="%Y-%m-%d").dt.tz_localize(TZ)
    else:
        column = pd.Series(values, dtype={_TEXT: "string", _INT: "int64", _MONEY: "float64"}[kind])
    return column
