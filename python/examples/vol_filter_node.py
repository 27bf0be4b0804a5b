"""A Python node: let ENTRY signals through only while the underlying's realised volatility is low enough.

The worker samples the underlying's quote every few seconds (``client.quote``), estimates annualised
realised volatility from the log returns of the recent samples, and serves the function ``vol_filter``.
An ENTRY passes, with ``realisedVol`` and ``samples`` set in its vars, while the estimate is at or below
``--max-vol``; otherwise (or before enough samples) the path stops and nothing is entered. Other actions
(EXIT) always pass.

With ``--deploy`` it first deploys the short-straddle template to SIM on a Python channel, with a
Python-function node calling ``vol_filter`` right after the source (the key needs the ``manage`` scope for
that); then it serves until Ctrl-C.

    python examples/vol_filter_node.py --deploy --channel nifty-vol-py   # once: deploy, then serve
    python examples/vol_filter_node.py                                   # serve again later
    python examples/follow_signal.py --channel nifty-vol-py --action ENTRY
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import os
import threading
import time
from collections import deque
from typing import Any

from legflow import Client, Message

FUNCTION = "vol_filter"
#: NSE trades 6 h 15 min a day on about 252 days a year; the SIM market moves only then, too.
TRADING_SECONDS_PER_YEAR = 252 * 6.25 * 3600


class RealisedVol:
    """Recent (time, price) samples of one underlying and the annualised volatility of their log returns."""

    def __init__(self, window: int) -> None:
        self._samples: deque[tuple[float, float]] = deque(maxlen=window)
        self._lock = threading.Lock()

    def add(self, price: float) -> None:
        with self._lock:
            self._samples.append((time.monotonic(), price))

    def estimate(self) -> tuple[float | None, int]:
        """Annualised volatility (0.15 is 15 %) and the number of samples it is from; None below 3 samples."""
        with self._lock:
            samples = list(self._samples)
        if len(samples) < 3:
            return None, len(samples)
        returns = [math.log(b / a) for (_, a), (_, b) in itertools.pairwise(samples)]
        step = (samples[-1][0] - samples[0][0]) / len(returns)
        if step <= 0:
            return None, len(samples)
        # Realised volatility takes the mean return as zero: over minutes, the drift is noise.
        per_step = math.sqrt(sum(r * r for r in returns) / len(returns))
        return per_step * math.sqrt(TRADING_SECONDS_PER_YEAR / step), len(samples)


def deploy(lf: Client, channel: str) -> None:
    """The short-straddle template on a Python channel, with the vol filter between source and switch."""
    graph = lf.request("GET", "/api/templates/short-straddle")
    source = next(node for node in graph["nodes"] if node["type"] == "source.tradingview")
    source.update(type="source.python", label="Python signal")
    source["params"]["channel"] = channel
    graph["name"] = f"NIFTY short straddle on {channel}, only in calm markets"
    graph["nodes"].append(
        {
            "id": "vol",
            "type": "transform.python",
            "typeVersion": 1,
            "position": {"x": 120, "y": 220},
            "label": "Calm enough?",
            "params": {"function": FUNCTION, "timeoutMs": 2000, "onFailure": "stop"},
        }
    )
    out_of_source = next(e for e in graph["edges"] if e["source"] == source["id"])
    graph["edges"].append({**out_of_source, "id": "source-vol", "target": "vol", "targetHandle": "in"})
    out_of_source.update(id="vol-next", source="vol", sourceHandle="out")
    created = lf.request("POST", "/api/graphs", json={"graph": graph})
    version = lf.request("POST", f"/api/graphs/{created['id']}/publish")["version"]
    deployment = lf.request("POST", "/api/deployments", json={"graphId": created["id"], "version": version, "mode": "sim"})
    print(f"deployed {created['id']} v{version} to SIM as {deployment['id']}, listening on {channel!r}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", default=os.environ.get("LEGFLOW_CHANNEL", "nifty-vol-py"))
    parser.add_argument("--deploy", action="store_true", help="deploy the graph first (once per channel)")
    parser.add_argument("--underlying", default="NIFTY")
    parser.add_argument("--max-vol", type=float, default=0.25, help="annualised, 0.25 = 25 %% (default)")
    parser.add_argument("--window", type=int, default=60, help="how many recent samples the estimate uses")
    parser.add_argument("--sample-seconds", type=float, default=5.0, help="seconds between quotes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    with Client() as lf:
        if args.deploy:
            deploy(lf, args.channel)
        vol = RealisedVol(args.window)
        stop = threading.Event()

        def sample() -> None:
            while True:
                try:
                    vol.add(lf.quote(args.underlying)["ltp"])
                except Exception as exc:  # a missed sample is not worth stopping the worker for
                    logging.warning("no %s quote: %s", args.underlying, exc)
                if stop.wait(args.sample_seconds):
                    return

        threading.Thread(target=sample, name="quotes", daemon=True).start()
        worker = lf.worker()

        @worker.function(FUNCTION)
        def vol_filter(msg: Message) -> dict[str, Any] | None:
            if msg.action != "ENTRY":
                return {}
            estimate, samples = vol.estimate()
            if estimate is None:
                print(f"{msg.action} {msg.signal['id']}: only {samples} quotes so far, not entering", flush=True)
                return None
            calm = estimate <= args.max_vol
            verdict = "pass" if calm else "stop"
            print(f"{msg.action} {msg.signal['id']}: {args.underlying} realised vol {estimate:.1%} over {samples} quotes, limit {args.max_vol:.1%}: {verdict}", flush=True)
            return {"realisedVol": round(estimate, 4), "samples": samples} if calm else None

        print(f"connecting as the worker of {FUNCTION} (Ctrl-C stops)", flush=True)
        try:
            worker.run()
        finally:
            stop.set()


if __name__ == "__main__":
    main()
