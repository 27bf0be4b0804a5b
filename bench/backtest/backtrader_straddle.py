"""The short straddle of templates/short-straddle.graph.json as a backtrader user would write it.

The peer of `npm run bench -- backtest`, written apart from Legflow's code: backtrader reads the same minute
bars of NIFTY and plays them; the options, of which no premiums are recorded, are priced here by
Black-Scholes from the bar and a constant volatility. Each trading day at the entry time it sells one lot of
the ATM call and put of the current weekly expiry at the bid; a leg is bought back at the ask when a bar
reaches its stop (entry x 1.25 on the tick), at the stop price, or at the bar's open when the bar opened past
it; what is left is bought back at the ask of the square-off bar's close.

A bar's time is the minute its close is known. A leg is judged on the bars after the one it was sold on:
its premium with the index at the bar's low and high (at the bar's time) says whether the stop was reached.
Prints JSON: {"trades": [...], "open": legs still held, "pnl": gross rupees, "seconds" and "cpuSeconds": wall and
CPU time to load and play the bars}.
"""

import argparse
import calendar
import json
import math
import time
from datetime import UTC, datetime

import backtrader as bt

IST_OFFSET_MS = 330 * 60_000
YEAR_MS = 365 * 86_400_000


def js_round(x):
    """Nearest whole number, halves up (as JavaScript's Math.round, which the exchange tick rule here follows)."""
    f = math.floor(x)
    return f + 1 if x - f >= 0.5 else f


def tick_paise(rupees, tick):
    """A positive rupee price on the tick, in whole paise, halves away from zero."""
    return js_round(abs(rupees * 100) / tick) * tick


def norm_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def black_scholes(option_type, spot, strike, years, vol, rate, dividend):
    """European price with a continuous dividend yield (Black-Scholes-Merton)."""
    root = math.sqrt(years)
    d1 = (math.log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * years) / (vol * root)
    d2 = d1 - vol * root
    discounted_spot = spot * math.exp(-dividend * years)
    discounted_strike = strike * math.exp(-rate * years)
    if option_type == "CE":
        return max(0.0, discounted_spot * norm_cdf(d1) - discounted_strike * norm_cdf(d2))
    return max(0.0, discounted_strike * norm_cdf(-d2) - discounted_spot * norm_cdf(-d1))


def ist_ms(moment):
    """Epoch ms of a naive IST wall time, to the nearest minute: backtrader keeps times as day fractions, µs off."""
    ms = calendar.timegm(moment.timetuple()) * 1000 + moment.microsecond // 1000 - IST_OFFSET_MS
    return round(ms / 60_000) * 60_000


def ist_label(ms):
    """YYYY-MM-DD HH:MM in IST."""
    return datetime.fromtimestamp((ms + IST_OFFSET_MS) / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M")


class Leg:
    def __init__(self, option_type, strike, expiry, expiry_ms):
        self.option_type = option_type
        self.strike = strike
        self.expiry = expiry
        self.expiry_ms = expiry_ms
        self.entry_time = ""
        self.entry_paise = 0
        self.stop_paise = 0
        self.exit_time = ""
        self.exit_paise = 0
        self.reason = ""


class ShortStraddle(bt.Strategy):
    params = (
        ("expiries", ()),
        ("vol", 0.12),
        ("rate", 0.0),
        ("dividend", 0.0),
        ("spread", 0.0),
        ("strike_step", 50),
        ("tick_in_paise", 5),
        ("stop_pct", 25),
        ("entry", "09:20"),
        ("square_off", "15:15"),
        ("min_expiry_minutes", 5),
    )

    def __init__(self):
        self.open_legs = []
        self.closed = []

    def ltp_paise(self, leg, spot, now_ms):
        years = max((leg.expiry_ms - now_ms) / YEAR_MS, self.p.min_expiry_minutes * 60_000 / YEAR_MS)
        price = black_scholes(leg.option_type, spot, leg.strike, years, self.p.vol, self.p.rate, self.p.dividend)
        return max(self.p.tick_in_paise, tick_paise(price, self.p.tick_in_paise))

    def half_spread(self, ltp):
        if self.p.spread == 0:
            return 0.0
        return max(self.p.tick_in_paise / 100, tick_paise(ltp * self.p.spread / 2, self.p.tick_in_paise) / 100)

    def bid_paise(self, ltp_paise):
        ltp = ltp_paise / 100
        return max(self.p.tick_in_paise, tick_paise(ltp - self.half_spread(ltp), self.p.tick_in_paise))

    def ask_paise(self, ltp_paise):
        ltp = ltp_paise / 100
        return tick_paise(ltp + self.half_spread(ltp), self.p.tick_in_paise)

    def next(self):
        now_ms = ist_ms(self.data.datetime.datetime(0))
        label = ist_label(now_ms)
        day, clock = label.split(" ")
        # Every leg held was sold on an earlier bar (entries come last). A sold leg loses as its premium
        # rises, so the bar's worse end is the dearer premium: the low for a put, the high for a call.
        for leg in list(self.open_legs):
            worst = max(self.ltp_paise(leg, self.data.low[0], now_ms), self.ltp_paise(leg, self.data.high[0], now_ms))
            if worst >= leg.stop_paise:
                at_open = self.ltp_paise(leg, self.data.open[0], now_ms)
                self.close_leg(leg, label, self.ask_paise(max(at_open, leg.stop_paise)), "stop")
        if clock == self.p.square_off:
            for leg in list(self.open_legs):
                self.close_leg(leg, label, self.ask_paise(self.ltp_paise(leg, self.data.close[0], now_ms)), "square-off")
        if clock == self.p.entry and not self.open_legs:
            self.enter(label, day, now_ms)

    def enter(self, label, day, now_ms):
        spot = self.data.close[0]
        strike = math.floor(spot / self.p.strike_step + 0.5) * self.p.strike_step
        expiry = next(e for e in self.p.expiries if e >= day)
        expiry_ms = ist_ms(datetime.strptime(f"{expiry} 15:30", "%Y-%m-%d %H:%M"))
        for option_type in ("CE", "PE"):
            leg = Leg(option_type, strike, expiry, expiry_ms)
            leg.entry_time = label
            leg.entry_paise = self.bid_paise(self.ltp_paise(leg, spot, now_ms))
            stop = leg.entry_paise + leg.entry_paise * self.p.stop_pct / 100
            leg.stop_paise = js_round(abs(stop) / self.p.tick_in_paise) * self.p.tick_in_paise
            self.open_legs.append(leg)

    def close_leg(self, leg, label, price_paise, reason):
        leg.exit_time = label
        leg.exit_paise = price_paise
        leg.reason = reason
        self.open_legs.remove(leg)
        self.closed.append(leg)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bars", required=True, help="CSV: timestamp,open,high,low,close (IST, the minute the close is known)")
    parser.add_argument("--expiries", required=True, help="the weekly expiry dates YYYY-MM-DD, comma-separated, as the exchange calendar placed them")
    parser.add_argument("--vol", type=float, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--dividend", type=float, required=True)
    parser.add_argument("--spread", type=float, required=True, help="bid-ask spread as a fraction of the premium")
    parser.add_argument("--lot", type=int, required=True)
    args = parser.parse_args()

    started = time.perf_counter()
    cpu_started = time.process_time()
    cerebro = bt.Cerebro(stdstats=False)
    data = bt.feeds.GenericCSVData(
        dataname=args.bars,
        dtformat="%Y-%m-%d %H:%M",
        timeframe=bt.TimeFrame.Minutes,
        compression=1,
        volume=-1,
        openinterest=-1,
    )
    cerebro.adddata(data)
    expiries = tuple(sorted(args.expiries.split(",")))
    cerebro.addstrategy(ShortStraddle, expiries=expiries, vol=args.vol, rate=args.rate, dividend=args.dividend, spread=args.spread)
    strategy = cerebro.run()[0]
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    trades = [
        {
            "strike": leg.strike,
            "optionType": leg.option_type,
            "expiry": leg.expiry,
            "qty": args.lot,
            "entryTime": leg.entry_time,
            "entryPrice": leg.entry_paise / 100,
            "exitTime": leg.exit_time,
            "exitPrice": leg.exit_paise / 100,
            "exitReason": leg.reason,
        }
        for leg in sorted(strategy.closed, key=lambda leg: (leg.entry_time, leg.option_type))
    ]
    gross_paise = sum((leg.entry_paise - leg.exit_paise) * args.lot for leg in strategy.closed)
    print(json.dumps({"trades": trades, "open": len(strategy.open_legs), "pnl": gross_paise / 100, "seconds": seconds, "cpuSeconds": cpu_seconds}))


if __name__ == "__main__":
    main()
