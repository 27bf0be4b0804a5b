# %% [markdown]
# # Backtest the short straddle from Python
#
# Cells in the percent format: open this file in Jupyter (with jupytext), VS Code or PyCharm and run it cell
# by cell, or run it whole with `python examples/backtest_straddle.py`. Needs `LEGFLOW_URL`, `LEGFLOW_API_KEY`
# (a key with the `manage` scope: it creates and publishes a graph) and pandas for the tables
# (`pip install './python[pandas]'`). The backtest plays on the seeded synthetic market, the same graph and
# engine that then trade in SIM and live.

# %%
from legflow import BacktestFailed, BacktestProgress, Client

lf = Client()

# %% [markdown]
# ## The strategy: the short-straddle template, published
# A backtest runs a published version of a graph, as a deployment does.

# %%
template = lf.request("GET", "/api/templates/short-straddle")
graph = lf.request("POST", "/api/graphs", json={"graph": template})
version = lf.request("POST", f"/api/graphs/{graph['id']}/publish")["version"]
print(f"graph {graph['id']} ({template['name']}) version {version}")

# %% [markdown]
# ## The signals: a CSV of times (IST) and actions
# What TradingView would have sent; its "List of trades" export is read as it is too. Tuesday 24 Nov 2026 is
# an exchange holiday, so the range has two trading days.

# %%
SIGNALS = """time,action
2026-11-23 10:00,ENTRY
2026-11-23 11:00,EXIT
2026-11-25 09:45,ENTRY
2026-11-25 15:00,EXIT
"""


def show(progress: BacktestProgress) -> None:
    print(f"  played {progress.date} ({progress.day}/{progress.days})")


try:
    result = lf.backtest(graph["id"], version, "2026-11-23", "2026-11-25", signals=SIGNALS, capital=1_000_000, on_progress=show)
except BacktestFailed as failed:
    raise SystemExit(f"The backtest failed: {failed}") from None

# %% [markdown]
# ## The summary

# %%
s = result.summary
print(f"net P&L ₹{s['netPnl']:,.2f} (gross ₹{s['grossPnl']:,.2f}, charges ₹{s['charges']:,.2f})")
print(f"{s['trades']} trades over {s['daysTraded']} of {s['tradingDays']} trading days; max drawdown ₹{s['maxDrawdown']:,.2f}")

# %% [markdown]
# ## Day-wise P&L and the trade log as DataFrames (times in IST, money in rupees)

# %%
days = result.days_df().set_index("date")
print(days[["trades", "grossPnl", "charges", "pnl"]].to_string())
trades = result.trades_df()
print(trades[["symbol", "side", "qty", "entryTime", "entryPrice", "exitTime", "exitPrice", "exitReason", "pnl"]].to_string(index=False))
lf.close()
