"""Sell the NIFTY ATM straddle from a script, show what was placed, then buy it back.

Needs a deployment listening on the channel (examples/deploy_sim_straddle.py makes one).

    python examples/straddle_entry_exit.py --channel nifty-straddle-py --hold 30
"""

from __future__ import annotations

import argparse
import os
import time

from legflow import Client, Signal


def show_orders(lf: Client, signal: Signal) -> None:
    mine = {order["id"] for order in signal.orders}
    deployment_id = signal.runs[0].deployment_id
    for order in lf.orders(deployment_id=deployment_id):
        if order["id"] in mine:
            print(f"  {order['side']:<4} {order['qty']:>4} {order['symbol']:<22} {order['status']:<9} at {order['avgFillPrice']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", default=os.environ.get("LEGFLOW_CHANNEL", "nifty-straddle-py"))
    parser.add_argument("--hold", type=float, default=5, help="seconds between ENTRY and EXIT")
    args = parser.parse_args()

    with Client() as lf:
        print(f"NIFTY at {lf.quote('NIFTY')['ltp']}")
        entry = lf.wait(lf.send_signal(args.channel, "ENTRY", note="straddle_entry_exit.py"))
        if not entry.runs:
            raise SystemExit(f"Nothing listens on {args.channel!r}: run examples/deploy_sim_straddle.py first.")
        print(f"ENTRY {entry.id}: {entry.status}")
        show_orders(lf, entry)
        for group in lf.positions(deployment_id=entry.runs[0].deployment_id):
            if group["status"] == "open":
                for leg in group["legs"]:
                    print(f"  open: {leg['side']} {leg['qty']} {leg['symbol']} from {leg['entryPrice']}, stop {leg['stopPrice']}")

        time.sleep(args.hold)

        exit_ = lf.wait(lf.send_signal(args.channel, "EXIT"))
        print(f"EXIT {exit_.id}: {exit_.status}")
        groups = lf.positions(deployment_id=exit_.runs[0].deployment_id)
        closed = [g for g in groups if g["status"] == "closed"]
        print(f"  realised P&L of the closed straddles: ₹{sum(g['realisedPnl'] for g in closed):,.2f}")


if __name__ == "__main__":
    main()
