"""Send one signal and follow it live, node by node, to its fills.

The stream is opened before the signal is sent, so no event is missed.

    python examples/follow_signal.py --channel nifty-straddle-py --action ENTRY
"""

from __future__ import annotations

import argparse
import os

from legflow import FINAL_STATUSES, Client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", default=os.environ.get("LEGFLOW_CHANNEL", "nifty-straddle-py"))
    parser.add_argument("--action", default="ENTRY")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for the end")
    args = parser.parse_args()

    with Client() as lf:
        with lf.stream("signals", "runs", "orders") as events:
            sent = lf.send_signal(args.channel, args.action)
            print(f"sent {sent.id} ({sent.status})")
            if sent.status == "ignored":
                raise SystemExit(f"Nothing listens on {args.channel!r}: run examples/deploy_sim_straddle.py first.")
            deployments: set[str] = set()  # the ones running this signal, learnt from its steps
            while True:
                event = events.read(timeout=args.timeout)
                if event.type == "run.node" and event.signal_id == sent.id:
                    deployments.add(event.data["deploymentId"])
                    step = event.data["step"]
                    took = f"{step['durationUs'] / 1000:.1f} ms"
                    print(f"  {step['status']:<6} {step['label'] or step['nodeId']} ({step['type']}, {took})" + (f": {step['error']}" if step.get("error") else ""))
                elif event.type == "order.updated" and event.deployment_id in deployments and event.order:
                    order = event.order
                    print(f"  order  {order['id']}: {order['side']} {order['qty']} {order['symbol']} {order['status']} at {order['avgFillPrice']}")
                elif event.type == "stream.reconnected":
                    print("  (reconnected: events in the gap were missed; the final state is read below)")
                elif event.type == "signal.status" and event.signal_id == sent.id and event.status in FINAL_STATUSES:
                    break

        final = lf.signal(sent.id)
        print(f"{final.id}: {final.status}; it placed {len(final.orders)} orders")
        for placed in final.orders:
            print(f"  {placed['side']} {placed['qty']} {placed['symbol']} {placed['status']} at {placed['fillPrice']}")

if __name__ == "__main__":
    main()
