"""Once, before the other examples: deploy the short-straddle template to SIM, listening to Python signals.

The template listens to TradingView; this swaps its source for a Python-signal source on your channel,
publishes the graph and deploys it to your SIM account. Run it again and you get a second deployment on
the same channel, so every signal would then trade twice: run it once per channel.

    export LEGFLOW_URL=http://127.0.0.1:8080 LEGFLOW_API_KEY=lf_...
    python examples/deploy_sim_straddle.py --channel nifty-straddle-py

Deploying changes things, so the key needs the ``manage`` scope besides ``signals`` and ``read``
(``{"name": "...", "scopes": ["signals", "read", "manage"]}`` when creating it).
"""

from __future__ import annotations

import argparse
import os

from legflow import Client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", default=os.environ.get("LEGFLOW_CHANNEL", "nifty-straddle-py"))
    args = parser.parse_args()

    with Client() as lf:
        graph = lf.request("GET", "/api/templates/short-straddle")
        source = next(node for node in graph["nodes"] if node["type"] == "source.tradingview")
        source.update(type="source.python", label="Python signal")
        source["params"]["channel"] = args.channel
        graph["name"] = f"NIFTY short straddle on Python channel {args.channel}"

        created = lf.request("POST", "/api/graphs", json={"graph": graph})
        version = lf.request("POST", f"/api/graphs/{created['id']}/publish")["version"]
        deployment = lf.request("POST", "/api/deployments", json={"graphId": created["id"], "version": version, "mode": "sim"})

    print(f"graph {created['id']} version {version} deployed to SIM as {deployment['id']}")
    for channel in deployment["channels"]:
        print(f"listening on the {channel['source']} channel {channel['channel']!r}: send signals there")


if __name__ == "__main__":
    main()
