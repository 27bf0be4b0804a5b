"""A real Legflow server for the tests: ``node bin/legflow.js start`` from the repository root, on a free
port with its own data folder, and the setup a trader does before sending signals (sign in, create an API
key, create a graph from the short-straddle template, publish it, deploy it to SIM)."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "python-tests-admin-1"
#: The server's SIM clock: a replay of trading sessions (from the previous trading day's open by default), so
#: the tests trade at any hour. CI runs them again with ``LEGFLOW_TEST_SIM_CLOCK`` set to a Saturday night and
#: to a holiday (``replay:2026-12-05T23:30``), which the replay starts from at the next open.
SIM_CLOCK = os.environ.get("LEGFLOW_TEST_SIM_CLOCK", "replay")
#: Rupees of virtual capital in the SIM account the server creates (LEGFLOW_SIM_CAPITAL).
SIM_CAPITAL = 10_000_000_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LegflowServer:
    """One server process; ``restart()`` stops it and starts it again on the same port and data."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> LegflowServer:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is not on PATH: the Python tests run against a real Legflow server (Node 20.19+).")
        env = {
            **os.environ,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "LEGFLOW_DATA": str(self.data_dir),
            "LEGFLOW_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "LOG_LEVEL": "warn",
            # The SIM practises on trading sessions whatever the hour (see SIM_CLOCK): the tests trade at night too.
            "LEGFLOW_SIM_CLOCK": SIM_CLOCK,
            # The session's deployments open many straddles on one SIM account: room for all under the margin check.
            "LEGFLOW_SIM_CAPITAL": str(SIM_CAPITAL),
        }
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self._process = subprocess.Popen([node, "bin/legflow.js", "start"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_healthy(timeout=30)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"The Legflow server exited with {self._process.returncode}:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"The Legflow server did not answer /api/health within {timeout} s:\n{self.log_path.read_text()}")


@dataclass
class Trader:
    """A signed-in admin with an API key and deployments, as the tests find them."""

    url: str
    api_key: str
    session: httpx.Client
    deployments: dict[str, str] = field(default_factory=dict)  # channel -> deployment id
    graphs: dict[str, str] = field(default_factory=dict)  # channel -> graph id


def sign_in(server: LegflowServer) -> Trader:
    """What the README's curl journey does: sign in with the cookie, then create an API key."""
    session = httpx.Client(base_url=server.url, timeout=10)
    session.post("/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}).raise_for_status()
    # Every scope: the examples create and deploy graphs with the key too.
    key = session.post("/api/keys", json={"name": "python tests", "scopes": ["signals", "read", "manage"]})
    key.raise_for_status()
    return Trader(server.url, key.json()["key"], session)


def deploy(trader: Trader, channel: str, graph: dict[str, Any]) -> str:
    """Creates, publishes and deploys to SIM a graph; returns the deployment id."""
    created = trader.session.post("/api/graphs", json={"graph": graph})
    created.raise_for_status()
    graph_id = created.json()["id"]
    trader.session.post(f"/api/graphs/{graph_id}/publish").raise_for_status()
    deployed = trader.session.post("/api/deployments", json={"graphId": graph_id, "version": 1, "mode": "sim"})
    deployed.raise_for_status()
    trader.graphs[channel] = graph_id
    trader.deployments[channel] = deployed.json()["id"]
    return trader.deployments[channel]


def python_straddle(template: dict[str, Any], channel: str, *, max_open_lots: int | None = None) -> dict[str, Any]:
    """The short-straddle template listening to Python signals on ``channel`` instead of TradingView; with
    ``max_open_lots``, an order-limits node after the stops (a straddle is 2 lots, so 1 refuses every entry).

    Without the template's 15:15 square-off: ``LEGFLOW_TEST_SIM_CLOCK`` may start the SIM's replay at any time
    of a session, and after 15:15 IST it would close each entry within a second, while a test is still looking
    at the open legs."""
    graph = copy.deepcopy(template)
    source = next(n for n in graph["nodes"] if n["type"] == "source.tradingview")
    source.update(type="source.python", label="Python signal")
    source["params"]["channel"] = channel
    graph["name"] = f"NIFTY short straddle on Python channel {channel}"
    square_off = next(n for n in graph["nodes"] if n["type"] == "risk.square-off")["id"]
    into = next(e for e in graph["edges"] if e["target"] == square_off)
    out_of = next(e for e in graph["edges"] if e["source"] == square_off)
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != square_off]
    graph["edges"] = [e for e in graph["edges"] if square_off not in (e["source"], e["target"])]
    graph["edges"].append({**into, "id": f"{into['source']}-to-{out_of['target']}", "target": out_of["target"], "targetHandle": out_of["targetHandle"]})
    if max_open_lots is not None:
        graph["nodes"].append(
            {"id": "cap", "type": "risk.limits", "typeVersion": 1, "position": {"x": 840, "y": 120}, "label": "Open lots cap", "params": {"maxOpenLots": max_open_lots}}
        )
        for edge in graph["edges"]:
            if edge["source"] == "sl":
                edge.update(source="cap", id="cap-out-next")
        graph["edges"].append({"id": "sl-out-cap", "source": "sl", "sourceHandle": "out", "target": "cap", "targetHandle": "in"})
    return graph


def python_delay(channel: str, seconds: float) -> dict[str, Any]:
    """A graph that only waits: a signal on ``channel`` stays ``running`` for ``seconds``."""
    return {
        "schemaVersion": 1,
        "name": f"Wait {seconds} s",
        "nodes": [
            {"id": "py", "type": "source.python", "typeVersion": 1, "position": {"x": 0, "y": 0}, "params": {"channel": channel}},
            {"id": "wait", "type": "transform.delay", "typeVersion": 1, "position": {"x": 240, "y": 0}, "params": {"seconds": seconds}},
        ],
        "edges": [{"id": "py-wait", "source": "py", "sourceHandle": "signal", "target": "wait", "targetHandle": "in"}],
    }


def python_function(channel: str, function: str, *, timeout_ms: int) -> dict[str, Any]:
    """A Python signal sells the NIFTY ATM straddle's legs (placing nothing), hands them to the Python
    function ``function`` and then logs: the trace shows what the function did to the message."""

    def node(node_id: str, node_type: str, x: int, params: dict[str, Any]) -> dict[str, Any]:
        return {"id": node_id, "type": node_type, "typeVersion": 1, "position": {"x": x, "y": 0}, "params": params}

    def edge(source: str, handle: str, target: str) -> dict[str, Any]:
        return {"id": f"{source}-{target}", "source": source, "sourceHandle": handle, "target": target, "targetHandle": "in"}

    return {
        "schemaVersion": 1,
        "name": f"Python function {function} on {channel}",
        "nodes": [
            node("src", "source.python", 0, {"channel": channel}),
            node("straddle", "legs.strategy", 240, {}),
            node("fn", "transform.python", 480, {"function": function, "timeoutMs": timeout_ms}),
            node("log", "exec.notify", 720, {"message": "{{action}} after {{vars.worker}}"}),
        ],
        "edges": [edge("src", "signal", "straddle"), edge("straddle", "legs", "fn"), edge("fn", "out", "log")],
    }
