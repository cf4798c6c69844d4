"""A token bucket per adapter: providers throttle (Twilio ~1 msg/s per number, SMTP relays by
connection), so the notifier spreads its sends instead of collecting 429s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    """``rate`` tokens per second, bursts up to ``capacity``; ``acquire`` waits for a token."""

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self._tokens = self.capacity
        self._monotonic = monotonic
        self._updated = monotonic()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def try_acquire(self) -> float:
        """Take a token and return 0, or return the seconds until one is available."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate

    async def acquire(self) -> None:
        """Wait until a token is free, then take it (callers queue in order)."""
        async with self._lock:
            # Waiting for time to pass, not for an event: at most two sleeps per token.
            for _ in range(1000):
                wait = self.try_acquire()
                if wait <= 0:
                    return
                await asyncio.sleep(wait)
