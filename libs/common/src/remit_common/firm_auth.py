"""Firm authentication for every service, with invoice-svc as the one keeper of API keys.

A firm's API key (``Authorization: Bearer rk_live_...``) is issued and stored (hashed) by
invoice-svc only. The other services ask invoice-svc who a key belongs to, over HTTP
(``POST /v1/_internal/api-keys:introspect`` with the internal service token), and cache the answer
briefly, so one key works on every service and revoking it takes effect everywhere within the
cache's lifetime (``positive_ttl_s``, 30 s by default).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

import httpx

from remit_common.settings import FirmAuthSettings

INTROSPECT_PATH = "/v1/_internal/api-keys:introspect"


@dataclass(frozen=True, slots=True)
class FirmPrincipal:
    """Who is calling: the firm the key belongs to, and which of its keys it is."""

    firm_id: uuid.UUID
    key_id: str


class FirmAuthenticator(Protocol):
    """Turns a bearer token into the firm it belongs to, or None when it is not a valid key."""

    async def authenticate(self, api_key: str) -> FirmPrincipal | None: ...


class AuthenticatorUnavailable(RuntimeError):
    """The key keeper could not be asked (network, 5xx); callers answer 503, not 401."""


class IntrospectingAuthenticator:
    """Asks invoice-svc about a key and caches the answer (keyed by the key's SHA-256)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        internal_token: str,
        positive_ttl_s: float = 30.0,
        negative_ttl_s: float = 5.0,
        max_entries: int = 10_000,
    ) -> None:
        self._client = client
        self._token = internal_token
        self._positive_ttl_s = positive_ttl_s
        self._negative_ttl_s = negative_ttl_s
        self._max_entries = max_entries
        self._cache: dict[str, tuple[float, FirmPrincipal | None]] = {}
        self._lock = asyncio.Lock()

    async def authenticate(self, api_key: str) -> FirmPrincipal | None:
        digest = hashlib.sha256(api_key.encode()).hexdigest()
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        principal = await self._introspect(api_key)
        ttl = self._positive_ttl_s if principal else self._negative_ttl_s
        async with self._lock:
            if len(self._cache) >= self._max_entries:
                self._evict_expired()
            self._cache[digest] = (time.monotonic() + ttl, principal)
        return principal

    async def _introspect(self, api_key: str) -> FirmPrincipal | None:
        try:
            response = await self._client.post(
                INTROSPECT_PATH,
                json={"api_key": api_key},
                headers={"Authorization": f"Bearer {self._token}"},
            )
        except httpx.HTTPError as exc:
            raise AuthenticatorUnavailable(
                "the API-key keeper (invoice-svc) is unreachable"
            ) from exc
        if response.status_code == 200:
            body = response.json()
            return FirmPrincipal(firm_id=uuid.UUID(body["firm_id"]), key_id=str(body["key_id"]))
        if response.status_code in (401, 404):
            # 401 here means *our* internal token was refused: a deployment error, not the caller's.
            if response.status_code == 401:
                raise AuthenticatorUnavailable("invoice-svc refused this service's internal token")
            return None
        raise AuthenticatorUnavailable(f"invoice-svc answered {response.status_code}")

    def _evict_expired(self) -> None:
        now = time.monotonic()
        for digest in [d for d, (expires, _) in self._cache.items() if expires <= now]:
            del self._cache[digest]
        if len(self._cache) >= self._max_entries:
            self._cache.clear()  # crude but bounded; entries are cheap to refetch


@asynccontextmanager
async def introspecting_authenticator(
    settings: FirmAuthSettings, *, timeout_s: float = 5.0
) -> AsyncIterator[IntrospectingAuthenticator]:
    """An authenticator that asks ``settings.invoice_url``; its HTTP client closes with the block.

    A service's composition root enters it into its exit stack (tests override it with a
    :class:`StaticAuthenticator`).
    """
    async with httpx.AsyncClient(base_url=settings.invoice_url, timeout=timeout_s) as client:
        yield IntrospectingAuthenticator(
            client,
            internal_token=settings.internal_token.get_secret_value(),
            positive_ttl_s=settings.api_key_cache_seconds,
        )


class StaticAuthenticator:
    """A key → firm table kept in memory: for tests, in place of asking invoice-svc."""

    def __init__(self, keys: Mapping[str, FirmPrincipal] | None = None) -> None:
        self._keys = dict(keys or {})

    def add(self, api_key: str, firm_id: uuid.UUID, key_id: str | None = None) -> FirmPrincipal:
        """Accept ``api_key`` for ``firm_id`` from now on (tests add keys as they make firms)."""
        principal = FirmPrincipal(firm_id=firm_id, key_id=key_id or api_key[-8:])
        self._keys[api_key] = principal
        return principal

    async def authenticate(self, api_key: str) -> FirmPrincipal | None:
        return self._keys.get(api_key)
