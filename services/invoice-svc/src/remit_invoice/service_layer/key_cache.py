"""A short-lived, in-process memory of API keys this process has just verified.

Every firm request would otherwise spend a transaction (BEGIN, SELECT, ROLLBACK) on its key.
Only successful verifications are remembered, keyed by the SHA-256 of the whole token (the
plaintext is not kept), for ``ttl_s`` seconds (``REMIT_API_KEY_LOCAL_CACHE_SECONDS``, default 5).

Revocation bound: a revoke through this process clears the cache at once (after its commit), so
the next request here is refused. Another replica stops accepting a revoked key within its own
``ttl_s``. Services that introspect keys add their own cache on top (``/_internal`` answers are
never served from this one).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from uuid import UUID


class ApiKeyCache:
    """token -> firm id, each entry valid for ``ttl_s`` seconds; ``ttl_s == 0`` disables it."""

    def __init__(
        self,
        ttl_s: float,
        *,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_s
        self._max = max_entries
        self._now = monotonic
        self._entries: dict[bytes, tuple[UUID, float]] = {}

    def get(self, token: str) -> UUID | None:
        """The firm of a key verified less than ``ttl_s`` ago, else None."""
        if self._ttl <= 0:
            return None
        digest = hashlib.sha256(token.encode()).digest()
        hit = self._entries.get(digest)
        if hit is None:
            return None
        if hit[1] <= self._now():
            self._entries.pop(digest, None)
            return None
        return hit[0]

    def put(self, token: str, firm_id: UUID) -> None:
        """Remember a key that was just verified against the database."""
        if self._ttl <= 0:
            return
        if len(self._entries) >= self._max:
            self._entries.clear()  # crude but bounded; a refill costs one query per key
        self._entries[hashlib.sha256(token.encode()).digest()] = (firm_id, self._now() + self._ttl)

    def clear(self) -> None:
        """Forget every key (called after a revocation commits)."""
        self._entries.clear()
