"""Readiness checks behind ``/readyz``: is this process able to do its work right now?

A check is an async callable that returns when the dependency answers and raises otherwise.
They run concurrently, each under a timeout, so one hung dependency cannot stall the probe.
Services register the checks in their lifespan, once the composition root has built the
engine and the Kafka probe::

    register_readiness_check(app, "database", database_check(container.engine))
    register_readiness_check(app, "kafka", container.kafka_probe.check)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

ReadinessCheck = Callable[[], Awaitable[Any]]
log = logging.getLogger("remit_common.web.readiness")


def register_readiness_check(app: FastAPI, name: str, check: ReadinessCheck) -> None:
    """Add (or replace) the check called ``name`` on an app built by ``create_app``."""
    app.state.readiness_checks[name] = check


async def _run_one(name: str, check: ReadinessCheck, timeout_s: float) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            await check()
    except TimeoutError:
        log.warning("readiness check %s timed out after %.1fs", name, timeout_s)
        return {"status": "failed", "error": f"timed out after {timeout_s:g}s"}
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", never a crash
        log.warning("readiness check %s failed: %s", name, exc)
        # Only the exception type goes out: messages can carry hosts, users or DSNs.
        return {"status": "failed", "error": type(exc).__name__}
    return {"status": "ok", "duration_ms": round((time.perf_counter() - start) * 1000, 1)}


async def run_readiness_checks(
    checks: Mapping[str, ReadinessCheck], timeout_s: float
) -> tuple[bool, dict[str, Any]]:
    """Run every check concurrently, each within ``timeout_s``; returns (all ok, per check)."""
    names = list(checks)
    results = await asyncio.gather(*(_run_one(n, checks[n], timeout_s) for n in names))
    by_name = dict(zip(names, results, strict=True))
    return all(r["status"] == "ok" for r in results), by_name


def database_check(engine: AsyncEngine) -> ReadinessCheck:
    """A check that runs ``SELECT 1`` on a pooled connection of ``engine``."""

    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    return check


class KafkaProbe:
    """Answers "can we talk to Kafka?" with one long-lived admin client.

    The client is connected lazily on the first probe, so a service whose broker is down still
    starts (and reports not-ready) instead of crashing; once connected it is reused, and after
    a failure it is dropped and rebuilt on the next probe.
    """

    def __init__(self, bootstrap_servers: str, *, client_id: str = "remit-readiness") -> None:
        """Probe the cluster at ``bootstrap_servers``."""
        self._bootstrap = bootstrap_servers
        self._client_id = client_id
        self._client: AIOKafkaAdminClient | None = None
        self._lock = asyncio.Lock()

    async def check(self) -> None:
        """Ask the cluster for its metadata; raises when it does not answer."""
        async with self._lock:  # one probe at a time shares the one client
            try:
                if self._client is None:
                    client = AIOKafkaAdminClient(
                        bootstrap_servers=self._bootstrap,
                        client_id=self._client_id,
                        request_timeout_ms=5000,
                    )
                    self._client = client
                    await client.start()
                cluster = await self._client.describe_cluster()
                if not cluster.get("brokers"):
                    raise ConnectionError("Kafka metadata lists no brokers")
            except BaseException:
                # Includes cancellation by the readiness timeout: never keep a half-open client.
                await self._drop()
                raise

    async def close(self) -> None:
        """Close the admin client, if one is open."""
        async with self._lock:
            await self._drop()

    async def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await asyncio.shield(client.close())
            except Exception:  # noqa: BLE001 - closing a broken client may fail; nothing to do
                log.debug("closing Kafka admin client failed", exc_info=True)


def kafka_check(bootstrap_servers: str) -> ReadinessCheck:
    """A per-call check (new connection each time); prefer a :class:`KafkaProbe` in services."""

    async def check() -> None:
        probe = KafkaProbe(bootstrap_servers)
        try:
            await probe.check()
        finally:
            await probe.close()

    return check
