"""Time for the retry tests: it passes only when the client sleeps, so an outage of minutes takes none."""

from __future__ import annotations

from collections.abc import Callable

from legflow import _core


class FakeTimer(_core.Timer):
    """Time that moves only when the client sleeps; ``at(seconds, action)`` runs ``action`` once it has."""

    def __init__(self) -> None:
        self.now_s = 1000.0
        self.slept: list[float] = []
        self._due: list[tuple[float, Callable[[], None]]] = []

    def at(self, seconds: float, action: Callable[[], None]) -> None:
        self._due.append((self.now_s + seconds, action))

    def now(self) -> float:
        return self.now_s

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now_s += seconds
        due, self._due = [d for d in self._due if d[0] <= self.now_s], [d for d in self._due if d[0] > self.now_s]
        for _, action in due:
            action()

    async def sleep_async(self, seconds: float) -> None:
        self.sleep(seconds)
