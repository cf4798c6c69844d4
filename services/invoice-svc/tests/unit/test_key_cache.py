"""The in-process API key cache: bounded lifetime, cleared on revoke, disabled at 0."""

from __future__ import annotations

import uuid

from remit_invoice.service_layer.key_cache import ApiKeyCache


class Ticks:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_entries_expire_after_the_ttl():
    ticks, firm = Ticks(), uuid.uuid4()
    cache = ApiKeyCache(5.0, monotonic=ticks)
    cache.put("rk_live_a", firm)
    assert cache.get("rk_live_a") == firm
    assert cache.get("rk_live_b") is None
    ticks.t += 4.9
    assert cache.get("rk_live_a") == firm
    ticks.t += 0.2
    assert cache.get("rk_live_a") is None


def test_clear_forgets_everything_and_zero_ttl_disables():
    cache = ApiKeyCache(5.0)
    cache.put("rk_live_a", uuid.uuid4())
    cache.clear()
    assert cache.get("rk_live_a") is None
    off = ApiKeyCache(0)
    off.put("rk_live_a", uuid.uuid4())
    assert off.get("rk_live_a") is None


def test_size_is_bounded():
    cache = ApiKeyCache(5.0, max_entries=3)
    for i in range(10):
        cache.put(f"rk_live_{i}", uuid.uuid4())
    assert len(cache._entries) <= 3
    assert cache.get("rk_live_9") is not None
