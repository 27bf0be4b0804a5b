# %% [markdown]
# # Legflow from a notebook
#
# Cells in the percent format: open this file in Jupyter (with jupytext), VS Code or PyCharm and run it
# cell by cell, or run it whole with `python examples/notebook.py`. It uses the blocking `Client`, which
# works inside Jupyter as it is (no event loop to manage). Needs `LEGFLOW_URL`, `LEGFLOW_API_KEY` and a
# deployment listening on the channel (examples/deploy_sim_straddle.py).

# %%
import os

from legflow import Client, SignalRejected

CHANNEL = os.environ.get("LEGFLOW_CHANNEL", "nifty-straddle-py")
lf = Client()
lf  # noqa: B018 (a notebook cell shows its last expression)

# %% [markdown]
# ## The market: NIFTY and its option chain around the money

# %%
chain = lf.option_chain("NIFTY", around=3)
print(f"NIFTY {chain['spot']}, ATM {chain['atm']}, expiry {chain['expiry']}")
print(f"{'CE ltp':>8} {'CE Δ':>6} {'strike':>8} {'PE ltp':>8} {'PE Δ':>6}")
for row in chain["rows"]:
    ce, pe = row["ce"], row["pe"]
    print(f"{ce['quote']['ltp']:>8} {ce['greeks']['delta']:>6.2f} {row['strike']:>8} {pe['quote']['ltp']:>8} {pe['greeks']['delta']:>6.2f}")

# %% [markdown]
# ## Sell the straddle and look at what was placed
# `wait` returns once the graph has run; `SignalRejected` says which node refused and why.

# %%
try:
    entry = lf.wait(lf.send_signal(CHANNEL, "ENTRY", note="from the notebook"))
except SignalRejected as rejected:
    raise SystemExit(f"The strategy refused the entry: {rejected}") from None
if not entry.runs:
    raise SystemExit(f"Nothing listens on {CHANNEL!r}: run examples/deploy_sim_straddle.py first.")
deployment_id = entry.runs[0].deployment_id
for step in entry.runs[0].steps:
    print(f"{step['status']:<6} {step['label']:<24} {step['durationUs'] / 1000:>6.1f} ms")

# %%
orders = [o for o in lf.orders(deployment_id=deployment_id) if o["id"] in {p["id"] for p in entry.orders}]
# Every helper returns plain dicts: with pandas, pd.DataFrame(orders) is the table.
for o in orders:
    print(f"{o['symbol']:<22} {o['side']:<4} {o['qty']:>4} {o['status']:<8} {o['avgFillPrice']}")

# %% [markdown]
# ## Positions with their stops, and the account

# %%
for group in lf.positions(deployment_id=deployment_id):
    if group["status"] == "open":
        for leg in group["legs"]:
            print(f"{leg['symbol']:<22} {leg['side']} {leg['qty']} entry {leg['entryPrice']} stop {leg['stopPrice']} ltp {leg['ltp']}")
account = lf.accounts()[0]
print(f"{account['name']}: equity ₹{account.get('equity', account['capital']):,.2f}")

# %% [markdown]
# ## Close it

# %%
exit_ = lf.wait(lf.send_signal(CHANNEL, "EXIT"))
print(exit_.status, [g["realisedPnl"] for g in lf.positions(deployment_id=deployment_id) if g["status"] == "closed"])
lf.close()
