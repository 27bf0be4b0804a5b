"""Backtests from Python: a job run to its result with progress, its DataFrames, a failed and a cancelled job,
listing and deleting, and arguments refused before any request."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from legflow import AsyncClient, BacktestFailed, BacktestJob, BacktestProgress, BacktestResult, Client, NotFoundError, backtests

from .server import LegflowServer, Trader

#: The short-straddle template's own signals over Monday 23 to Wednesday 25 Nov 2026: an entry and an exit on
#: the 23rd and on the 25th. Tuesday 24th is Guru Nanak Jayanti (NSE closed): the range has 2 trading days.
SIGNALS = "time,action\n2026-11-23 10:00,ENTRY\n2026-11-23 11:00,EXIT\n2026-11-25 09:45,ENTRY\n2026-11-25 15:00,EXIT\n"


@pytest.fixture(scope="module")
def graph_id(trader: Trader) -> str:
    """The short-straddle template as shipped (TradingView source, 25 % stops, 15:15 square-off), published as version 1."""
    template = trader.session.get("/api/templates/short-straddle").json()
    created = trader.session.post("/api/graphs", json={"graph": template})
    created.raise_for_status()
    trader.session.post(f"/api/graphs/{created.json()['id']}/publish").raise_for_status()
    return str(created.json()["id"])


@pytest.fixture(scope="module")
def straddle(trader: Trader, graph_id: str) -> tuple[BacktestResult, list[BacktestProgress]]:
    """One backtest of the range, shared by the tests that read its result."""
    progress: list[BacktestProgress] = []
    with Client(trader.url, trader.api_key) as lf:
        result = lf.backtest(graph_id, 1, "2026-11-23", date(2026, 11, 25), signals=SIGNALS, on_progress=progress.append, timeout=120)
    return result, progress


@pytest.fixture(scope="module")
def server_document(server: LegflowServer) -> dict[str, Any]:
    answer = httpx.get(f"{server.url}/api/openapi.json", timeout=10)
    answer.raise_for_status()
    doc: dict[str, Any] = answer.json()
    return doc


def paise(rupees: float) -> int:
    """Rupees as the server sends them (at most 2 decimals) to whole paise, exactly."""
    exact = Decimal(str(rupees)) * 100
    assert exact == exact.to_integral_value(), f"{rupees} is not whole paise"
    return int(exact)


def test_a_backtest_completes_with_progress_for_each_trading_day(straddle: tuple[BacktestResult, list[BacktestProgress]]) -> None:
    result, progress = straddle
    assert [(p.day, p.days, p.date) for p in progress] == [(1, 2, date(2026, 11, 23)), (2, 2, date(2026, 11, 25))]
    assert len({p.backtest_id for p in progress}) == 1
    assert result.inputs["from"] == "2026-11-23" and result.inputs["to"] == "2026-11-25" and result.inputs["seed"] == 1
    assert result.inputs["signalsFile"] == {"format": "plain", "rows": 4, "problems": []}
    summary = result.summary
    assert summary["tradingDays"] == 2 and summary["daysTraded"] == 2
    # A straddle is two legs: each of the two entries makes two trade rows.
    assert summary["trades"] == len(result.trades) == 4
    assert [d["date"] for d in result.days] == ["2026-11-23", "2026-11-25"]
    assert [d["trades"] for d in result.days] == [2, 2]


def test_the_dataframes_add_up_to_the_summary_to_the_paisa(straddle: tuple[BacktestResult, list[BacktestProgress]]) -> None:
    result, _ = straddle
    trades, days = result.trades_df(), result.days_df()
    net = paise(result.summary["netPnl"])
    # Consistency, not a recorded figure: the rows' net P&L, summed in paise, is the summary's.
    assert sum(paise(p) for p in trades["pnl"]) == net
    assert sum(paise(p) for p in days["pnl"]) == net
    assert sum(paise(c) for c in days["charges"]) == paise(result.summary["charges"])
    assert len(trades) == result.summary["trades"]
    for _, row in trades.iterrows():
        assert paise(row["grossPnl"]) - paise(row["charges"]) == paise(row["pnl"])


def test_the_dataframes_have_ist_times_float_rupees_and_int_counts(straddle: tuple[BacktestResult, list[BacktestProgress]]) -> None:
    result, _ = straddle
    trades, days = result.trades_df(), result.days_df()
    for column in ("entryTime", "exitTime"):
        assert isinstance(trades[column].dtype, pd.DatetimeTZDtype) and str(trades[column].dt.tz) == "Asia/Kolkata"
    for column in ("entryPrice", "exitPrice", "grossPnl", "charges", "pnl"):
        assert trades[column].dtype == "float64", column
    assert trades["qty"].dtype == "int64" and days["trades"].dtype == "int64"
    for column in ("groupId", "legId", "symbol", "side", "exitReason"):
        assert pd.api.types.is_string_dtype(trades[column]), column
    # The first entry's legs were sold on the 23rd after the 10:00 IST signal, on the exchange's clock.
    first = trades.sort_values("entryTime").iloc[0]
    assert first["entryTime"].date() == date(2026, 11, 23) and first["entryTime"].hour == 10
    assert first["entryTime"] == pd.Timestamp(datetime.fromisoformat(result.trades[0]["entryTime"].replace("Z", "+00:00")))
    assert sorted(trades["side"]) == ["SELL"] * 4
    assert isinstance(days["date"].dtype, pd.DatetimeTZDtype) and str(days["date"].dt.tz) == "Asia/Kolkata"
    assert list(days["date"]) == [pd.Timestamp(f"2026-11-{d} 00:00", tz="Asia/Kolkata") for d in (23, 25)]
    for column in ("grossPnl", "charges", "pnl"):
        assert days[column].dtype == "float64", column


def test_an_empty_trade_log_keeps_its_dtypes() -> None:
    empty = BacktestResult.from_json({"inputs": {}, "summary": {}, "trades": [], "days": [], "tables": {}, "curves": {}})
    trades = empty.trades_df()
    assert len(trades) == 0 and trades["pnl"].dtype == "float64" and isinstance(trades["exitTime"].dtype, pd.DatetimeTZDtype)
    assert empty.days_df()["trades"].dtype == "int64"


def test_without_pandas_a_dataframe_says_how_to_install_it(straddle: tuple[BacktestResult, list[BacktestProgress]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'legflow\[pandas\]'"):
        straddle[0].trades_df()
    with pytest.raises(ImportError, match="pandas"):
        straddle[0].days_df()
    assert straddle[0].summary["trades"] == 4  # the rest of the result needs no pandas


def test_a_signals_file_with_no_header_fails_the_job_with_its_code(client: Client, graph_id: str) -> None:
    headless = "2026-11-23 10:00,ENTRY\n2026-11-23 11:00,EXIT\n"
    with pytest.raises(BacktestFailed) as failed:
        client.backtest(graph_id, 1, "2026-11-23", "2026-11-23", signals=headless, timeout=60)
    assert failed.value.code == "invalid_signals_file"
    assert failed.value.job.status == "failed" and failed.value.job.result is None
    assert "time" in failed.value.message and "action" in failed.value.message
    client.delete_backtest(failed.value.job)


def test_a_signals_file_by_path_is_sent_as_its_text(client: Client, graph_id: str, tmp_path: Path) -> None:
    path = tmp_path / "signals.csv"
    path.write_text(SIGNALS, encoding="utf-8")
    job = client.backtest(graph_id, 1, "2026-11-23", "2026-11-25", signals=path, wait=False)
    assert isinstance(job, BacktestJob) and job.status == "queued" and job.result is None
    assert job.request["signals"] == {"kind": "csv", "bytes": len(SIGNALS), "sha256": hashlib.sha256(SIGNALS.encode()).hexdigest()}
    assert job.request["capital"] == 1_000_000 and job.request["seed"] == 1 and job.request["from"] == "2026-11-23"
    assert job.id in [j.id for j in client.backtests()]
    client.delete_backtest(job.id)
    with pytest.raises(NotFoundError):
        client.backtest_job(job.id)
    assert job.id not in [j.id for j in client.backtests()]


def test_a_backtest_cancelled_while_it_runs_raises_and_stays_cancelled(client: Client, trader: Trader, graph_id: str) -> None:
    seen: list[BacktestProgress] = []

    def cancel_on_first_day(progress: BacktestProgress) -> None:
        seen.append(progress)
        if len(seen) == 1:
            with Client(trader.url, trader.api_key) as other:
                assert other.cancel_backtest(progress.backtest_id).status == "cancelled"

    # A year: about 250 trading days, far more than play between the first day's event and the cancel.
    with pytest.raises(BacktestFailed) as cancelled:
        client.backtest(graph_id, 1, "2026-01-01", "2026-12-31", on_progress=cancel_on_first_day, timeout=120)
    job = cancelled.value.job
    assert cancelled.value.code == "backtest_cancelled" and job.status == "cancelled" and job.result is None
    assert seen[0].day == 1 and job.days > 200 and job.day < job.days
    assert client.backtest_job(job.id).status == "cancelled"
    assert client.cancel_backtest(job.id).status == "cancelled"  # cancelling again changes nothing
    client.delete_backtest(job.id)


def test_a_queued_job_can_be_cancelled_without_waiting(client: Client, graph_id: str) -> None:
    job = client.backtest(graph_id, 1, date(2026, 1, 1), date(2026, 12, 31), wait=False)
    stopped = client.cancel_backtest(job)
    assert stopped.id == job.id and stopped.status == "cancelled" and stopped.is_final
    client.delete_backtest(stopped)


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    ("from_ after to", {"from_": "2026-11-25", "to": "2026-11-23"}, ValueError, r"from_ \(2026-11-25\) is after to"),
    ("signals and journal", {"signals": SIGNALS, "journal": "d_x"}, ValueError, "not both"),
    ("a version as text", {"version": "1"}, TypeError, "version"),
    ("version 0", {"version": 0}, TypeError, "version"),
    ("a date that is not one", {"to": "2026-02-30"}, ValueError, "not a date"),
    ("a date in another form", {"from_": "23/11/2026"}, TypeError, "YYYY-MM-DD"),
    ("a datetime", {"from_": datetime(2026, 11, 23, 9, 15)}, TypeError, r"from_\.date\(\)"),
    ("a graph id that is no text", {"graph_id": 7}, TypeError, "graph_id"),
    ("a negative seed", {"seed": -1}, TypeError, "seed"),
    ("a seed as bool", {"seed": True}, TypeError, "seed"),
    ("capital in fractions of a paisa", {"capital": 1000.005}, ValueError, "2 decimals"),
    ("no capital", {"capital": 0}, ValueError, "above 0"),
    ("capital as text", {"capital": "1e6"}, TypeError, "capital"),
    ("a signals path that is no file", {"signals": "no-such-signals.csv"}, FileNotFoundError, "no-such-signals.csv"),
    ("signals of another type", {"signals": 12}, TypeError, "signals"),
    ("an empty journal id", {"journal": ""}, TypeError, "journal"),
    ("no timeout", {"timeout": 0}, ValueError, "timeout"),
    ("a progress callback that is none", {"on_progress": "print"}, TypeError, "on_progress"),
]


@pytest.mark.parametrize(("what", "change", "error", "message"), BAD_ARGUMENTS, ids=[case[0] for case in BAD_ARGUMENTS])
def test_bad_arguments_raise_before_any_request(
    client: Client, monkeypatch: pytest.MonkeyPatch, what: str, change: dict[str, Any], error: type[Exception], message: str
) -> None:
    def no_request(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{what}: a request was made")

    monkeypatch.setattr(client, "_send", no_request)
    monkeypatch.setattr(client, "stream", no_request)
    arguments: dict[str, Any] = {"graph_id": "g_x", "version": 1, "from_": "2026-11-23", "to": "2026-11-25", **change}
    call: Callable[..., object] = client.backtest
    with pytest.raises(error, match=message):
        call(**arguments)


def test_the_backtest_types_hold_every_field_the_server_sends(server_document: dict[str, Any]) -> None:
    from .test_contract import answer, field

    job = answer(server_document, "get", "/api/backtests/{id}")
    result = field(server_document, job, "result")
    pairs = [
        (backtests.BacktestRequest, field(server_document, job, "request")),
        (backtests.BacktestSummary, field(server_document, result, "summary")),
        (backtests.BacktestTrade, field(server_document, result, "trades")),
        (backtests.BacktestDay, field(server_document, result, "days")),
        (backtests.BacktestTables, field(server_document, result, "tables")),
        (backtests.MonthYearRow, field(server_document, result, "tables", "monthYear")),
        (backtests.WeekdayRow, field(server_document, result, "tables", "weekday")),
        (backtests.DteRow, field(server_document, result, "tables", "dte")),
        (backtests.BacktestCurves, field(server_document, result, "curves")),
        (backtests.EquityPoint, field(server_document, result, "curves", "daily", "equity")),
        (backtests.DrawdownPoint, field(server_document, result, "curves", "daily", "drawdown")),
        (backtests.BacktestInputs, field(server_document, result, "inputs")),
    ]
    missing = {typed.__name__: sorted(set(schema.get("properties", {})) - set(typed.__annotations__)) for typed, schema in pairs}
    assert {name: fields for name, fields in missing.items() if fields} == {}
    # The result's own fields, and the job's, each have a home in the dataclasses (camelCase as snake_case).
    snake = {"openGroups": "open_groups", "createdAt": "created_at", "startedAt": "started_at", "finishedAt": "finished_at", "progress": "day"}
    for cls, schema in ((BacktestResult, result), (BacktestJob, job)):
        names = {snake.get(name, name) for name in schema["properties"]}
        assert names - set(cls.__dataclass_fields__) == set(), cls.__name__


@pytest.mark.asyncio
async def test_the_async_client_runs_the_same_backtest_to_the_same_result(
    trader: Trader, graph_id: str, straddle: tuple[BacktestResult, list[BacktestProgress]]
) -> None:
    days: list[int] = []
    async with AsyncClient(trader.url, trader.api_key) as lf:
        result = await lf.backtest(graph_id, 1, "2026-11-23", "2026-11-25", signals=SIGNALS, on_progress=lambda p: days.append(p.day), timeout=120)
        job = (await lf.backtests())[0]
        assert job.status == "completed" and (await lf.backtest_job(job.id)).result == result
        await lf.delete_backtest(job)
    # The same inputs give the same result (reproducible), whichever client asked.
    assert days == [1, 2] and result == straddle[0]
