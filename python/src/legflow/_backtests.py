"""What both clients share for backtests and that does no I/O: the arguments checked and made into the body of
``POST /api/backtests`` (before any request), the calls, and how a wait reads events, polls and ends."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from . import _core
from ._core import Call
from .backtests import BacktestJob, BacktestProgress, BacktestResult
from .errors import BacktestFailed, BacktestTimeout
from .models import Event

BACKTESTS_PATH = "/api/backtests"
#: The WebSocket topic of ``backtest.progress`` and ``backtest.finished``.
TOPIC = "backtests"
#: While following a job's events, it is read again when none came for this long (an event lost to a reconnect).
QUIET_POLL_S = 2.0
_MAX_SEED = 2_147_483_647
_MAX_CAPITAL = 10**12
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

ProgressCallback = Callable[[BacktestProgress], object]
SignalsArg = str | os.PathLike[str] | None


def backtest_body(
    graph_id: str,
    version: int,
    from_: date | str,
    to: date | str,
    *,
    signals: SignalsArg,
    journal: str | None,
    seed: int,
    capital: float | int | Decimal,
) -> dict[str, Any]:
    """The request body; TypeError or ValueError for an argument the server would refuse, said plainly."""
    if not isinstance(graph_id, str) or not graph_id:
        raise TypeError(f"graph_id must be a graph's id (text such as 'g_…'), got {graph_id!r}")
    if not _is_int(version) or version < 1:
        raise TypeError(f"version must be a published version number (1 or more), got {version!r}")
    first, last = _date("from_", from_), _date("to", to)
    if first > last:
        raise ValueError(f"from_ ({first}) is after to ({last}): the range runs from its first date to its last, both included")
    if not _is_int(seed) or not 0 <= seed <= _MAX_SEED:
        raise TypeError(f"seed must be a whole number from 0 to {_MAX_SEED}, got {seed!r}")
    body: dict[str, Any] = {"graphId": graph_id, "version": version, "from": first.isoformat(), "to": last.isoformat(), "seed": seed}
    body["capital"] = _capital(capital)
    if signals is not None and journal is not None:
        raise ValueError("pass signals= (a CSV) or journal= (a deployment whose alerts to replay), not both")
    if signals is not None:
        body["signals"] = {"kind": "csv", "text": _signals_text(signals)}
    elif journal is not None:
        if not isinstance(journal, str) or not journal:
            raise TypeError(f"journal must be a deployment's id (text such as 'd_…'), got {journal!r}")
        body["signals"] = {"kind": "journal", "deploymentId": journal}
    return body


def check_wait(timeout: float, on_progress: ProgressCallback | None) -> None:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not (math.isfinite(timeout) and timeout > 0):
        raise ValueError(f"timeout must be a number of seconds above 0, got {timeout!r}")
    if on_progress is not None and not callable(on_progress):
        raise TypeError("on_progress must be a function taking a BacktestProgress, or None")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(name: str, value: date | str) -> date:
    # A datetime is a date too, but its time would be dropped unseen: ask for the date itself.
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date (YYYY-MM-DD or datetime.date), not a datetime: pass {name}.date()")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} is not a date of the calendar: {value!r}") from None
    raise TypeError(f"{name} must be an IST date, 'YYYY-MM-DD' or datetime.date, got {value!r}")


def _capital(value: float | int | Decimal) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"capital must be rupees as a number, got {value!r}")
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"capital must be a finite number of rupees, got {value!r}") from None
    if not exact.is_finite() or exact <= 0 or exact > _MAX_CAPITAL:
        raise ValueError(f"capital must be above 0 and at most {_MAX_CAPITAL:,} rupees, got {value!r}")
    if exact != exact.quantize(Decimal("0.01")):
        raise ValueError(f"capital must be rupees with at most 2 decimals (paise), got {value!r}")
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def _signals_text(signals: str | os.PathLike[str]) -> str:
    """A str with a line break is the file's text; a Path, or a str without one, names a file to read."""
    if isinstance(signals, str) and ("\n" in signals or "\r" in signals):
        return signals
    if not isinstance(signals, (str, os.PathLike)):
        raise TypeError(f"signals must be a CSV's text or a path to one, got {type(signals).__name__}")
    path = Path(signals)
    if not path.is_file():
        raise FileNotFoundError(f"signals names no file: {str(path)!r} (pass the CSV's text, with its line breaks, or the path of a file)")
    return path.read_text(encoding="utf-8-sig")


def create_call(body: dict[str, Any]) -> Call[BacktestJob]:
    # Not repeatable: a second POST would queue a second job.
    return Call("POST", BACKTESTS_PATH, BacktestJob.from_json, json_body=body, repeatable=False)


def list_call() -> Call[list[BacktestJob]]:
    return Call("GET", BACKTESTS_PATH, lambda raw: [BacktestJob.from_json(r) for r in raw])


def job_call(backtest_id: str | BacktestJob) -> Call[BacktestJob]:
    return Call("GET", f"{BACKTESTS_PATH}/{_core._segment(backtest_id_of(backtest_id))}", BacktestJob.from_json)


def cancel_call(backtest_id: str | BacktestJob) -> Call[BacktestJob]:
    return Call("POST", f"{BACKTESTS_PATH}/{_core._segment(backtest_id_of(backtest_id))}/cancel", BacktestJob.from_json)


def delete_call(backtest_id: str | BacktestJob) -> Call[None]:
    # Not repeatable: a retry of a delete that did arrive would answer 404 for a job that was there.
    return Call("DELETE", f"{BACKTESTS_PATH}/{_core._segment(backtest_id_of(backtest_id))}", lambda _raw: None, repeatable=False)


def backtest_id_of(backtest: str | BacktestJob) -> str:
    return backtest.id if isinstance(backtest, BacktestJob) else backtest


@dataclass
class Follow:
    """One wait for a job to end: which events are its own, each day's progress reported once and in order,
    and what the end returns or raises."""

    job: BacktestJob
    deadline: float
    timeout: float
    on_progress: ProgressCallback | None
    reported: int = 0
    #: Set when an event says the job ended (or the stream reconnected): read the job again.
    stale: bool = field(default=False)

    def left(self) -> float:
        """Seconds left; BacktestTimeout when none."""
        left = self.deadline - _core.timer.now()
        if left <= 0:
            raise BacktestTimeout(
                f"Backtest {self.job.id} is still {self.job.status} (day {self.job.day} of {self.job.days}) after {self.timeout:g} s; "
                "it goes on: read it later with backtest_job(id), or stop it with cancel_backtest(id).",
                job=self.job,
            )
        return left

    def event(self, event: Event) -> None:
        """An event from the ``backtests`` topic: this job's progress is reported, its end marks it stale."""
        if event.type == "stream.reconnected":
            self.stale = True
            return
        if event.data.get("backtestId") != self.job.id:
            return
        if event.type == "backtest.progress":
            raw_date = event.data.get("date")
            self._report(int(event.data.get("day", 0)), int(event.data.get("days", 0)), date.fromisoformat(raw_date) if isinstance(raw_date, str) else None)
        elif event.type == "backtest.finished":
            self.stale = True

    def read(self, job: BacktestJob) -> None:
        """The job as just read: its progress fills in any day the events did not report."""
        self.job, self.stale = job, False
        if job.day > self.reported:
            self._report(job.day, job.days, None)

    def _report(self, day: int, days: int, on: date | None) -> None:
        if day <= self.reported:
            return
        self.reported = day
        if self.on_progress is not None:
            self.on_progress(BacktestProgress(self.job.id, day, days, on))

    def outcome(self) -> BacktestResult:
        """The result of a completed job; BacktestFailed for a failed or cancelled one."""
        job = self.job
        if job.status == "completed" and job.result is not None:
            return job.result
        if job.status == "cancelled":
            raise BacktestFailed(f"Backtest {job.id} was cancelled on day {job.day} of {job.days}.", code="backtest_cancelled", job=job)
        error = job.error or {}
        details = error.get("details")
        raise BacktestFailed(
            f"Backtest {job.id} failed: {error.get('message') or 'no reason given'}",
            code=str(error.get("code") or "backtest_failed"),
            details=details if isinstance(details, dict) else None,
            job=job,
        )
