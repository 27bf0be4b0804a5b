"""The server the tests start practises on trading sessions, so they pass whatever the wall clock says."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .server import SIM_CLOCK, Trader

IST = timezone(timedelta(hours=5, minutes=30))


def test_the_sim_market_is_open_on_its_replayed_clock_whatever_the_hour(trader: Trader) -> None:
    clock = trader.session.get("/api/market/clock").json()
    assert clock["mode"] == "replay"
    assert clock["exchanges"]["NSE"]["open"] is True
    now = datetime.fromisoformat(clock["now"].replace("Z", "+00:00")).astimezone(IST)
    assert now.weekday() < 5 and (9, 15) <= (now.hour, now.minute) < (15, 30)
    if ":" in SIM_CLOCK:
        # Asked for a closed moment (a Saturday night, a holiday): the replay started at the next open after it.
        asked = datetime.fromisoformat(SIM_CLOCK.split(":", 1)[1]).replace(tzinfo=IST)
        started = datetime.fromisoformat(clock["replayFrom"].replace("Z", "+00:00")).astimezone(IST)
        assert started >= asked
        assert (started.hour, started.minute) == (9, 15) or started == asked
