"""Every example runs as a user would run it: a separate process with LEGFLOW_URL and LEGFLOW_API_KEY."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from legflow import Client

from .server import Trader

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHANNEL = "examples-straddle"


def run(trader: Trader, script: str, *args: str) -> str:
    env = {**os.environ, "LEGFLOW_URL": trader.url, "LEGFLOW_API_KEY": trader.api_key, "LEGFLOW_CHANNEL": CHANNEL}
    done = subprocess.run([sys.executable, str(EXAMPLES / script), *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{script} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def deployed(trader: Trader) -> str:
    out = run(trader, "deploy_sim_straddle.py")
    assert f"listening on the python channel '{CHANNEL}'" in out
    match = re.search(r"deployed to SIM as (d_\w+)", out)
    assert match
    return match.group(1)


def test_straddle_entry_exit_sells_then_buys_back(trader: Trader, deployed: str) -> None:
    out = run(trader, "straddle_entry_exit.py", "--hold", "0")
    assert re.search(r"ENTRY sig_\w+: completed", out) and re.search(r"EXIT sig_\w+: completed", out)
    sold = re.findall(r"SELL\s+65 (NIFTY\w+(?:CE|PE))\s+FILLED", out)
    assert sorted(s[-2:] for s in sold) == ["CE", "PE"]
    assert "realised P&L of the closed straddles" in out


def test_follow_signal_prints_each_node_and_the_fills(trader: Trader, deployed: str) -> None:
    out = run(trader, "follow_signal.py", "--action", "ENTRY")
    assert [line.split()[1] for line in out.splitlines() if line.startswith("  ok ")][:2] == ["Python", "ENTRY"]
    assert len(re.findall(r"order\s+ord-\w+: SELL 65 NIFTY\w+ FILLED", out)) == 2
    assert re.search(r"sig_\w+: completed; it placed 2 orders", out)
    # The examples keep the template's 15:15 square-off: after 15:15 IST it has already closed the legs.
    out = run(trader, "follow_signal.py", "--action", "EXIT")
    assert re.search(r"sig_\w+: completed; it placed [02] orders", out)


def test_the_notebook_runs_top_to_bottom(trader: Trader, deployed: str) -> None:
    out = run(trader, "notebook.py")
    assert re.search(r"NIFTY [\d.]+, ATM \d+", out)
    assert len(re.findall(r"NIFTY\w+\s+SELL\s+65 FILLED", out)) == 2
    assert out.rstrip().splitlines()[-1].startswith("completed")


def test_the_backtest_notebook_prints_the_summary_and_the_days(trader: Trader) -> None:
    out = run(trader, "backtest_straddle.py")
    assert re.findall(r"played (2026-11-2\d) \((\d)/2\)", out) == [("2026-11-23", "1"), ("2026-11-25", "2")]
    assert re.search(r"net P&L ₹-?[\d,]+\.\d\d \(gross", out) and "4 trades over 2 of 2 trading days" in out
    assert re.search(r"^2026-11-23 00:00:00\+05:30\s+2\s", out, re.MULTILINE) and re.search(r"^2026-11-25 00:00:00\+05:30\s+2\s", out, re.MULTILINE)
    assert len(re.findall(r"NIFTY\w+(?:CE|PE)\s+SELL\s+65 2026-11-2[35] \d\d:\d\d:\d\d\+05:30", out)) == 4


def test_the_vol_filter_node_lets_a_calm_entry_through(trader: Trader) -> None:
    env = {**os.environ, "LEGFLOW_URL": trader.url, "LEGFLOW_API_KEY": trader.api_key, "PYTHONUNBUFFERED": "1"}
    script = [sys.executable, str(EXAMPLES / "vol_filter_node.py"), "--deploy", "--channel", "examples-vol", "--max-vol", "10", "--sample-seconds", "0.2"]
    worker = subprocess.Popen(script, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in worker.stdout or []:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()

    def until(text: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if text in line:
                return line
        raise AssertionError(f"the example never printed {text!r}")

    try:
        until("worker: serving vol_filter")
        time.sleep(1)  # a few quotes, for an estimate
        with Client(trader.url, trader.api_key) as lf:
            done = lf.wait(lf.send_signal("examples-vol", "ENTRY"), timeout=20)
            assert re.search(r"ENTRY sig_\w+: NIFTY realised vol [\d.]+% over \d+ quotes, limit 1000.0%: pass", until("realised vol"))
            vol = next(s for s in done.runs[0].steps if s["nodeId"] == "vol")
            assert vol["status"] == "ok" and set(vol["output"]["out"][0]["vars"]) == {"realisedVol", "samples"}
            assert sorted(o["side"] for o in done.orders) == ["SELL", "SELL"]
            # EXIT is not filtered: the straddle is bought back (other tests count the account's net positions).
            closed = lf.wait(lf.send_signal("examples-vol", "EXIT"), timeout=20)
            assert sorted(o["side"] for o in closed.orders) in (["BUY", "BUY"], [])  # [] after 15:15: squared off already
    finally:
        worker.send_signal(signal.SIGINT)  # Ctrl-C: the worker stops cleanly
        assert worker.wait(timeout=10) == 0
