"""Faults injected into the running local stack, and the wait for it to be ready again.

Services are killed with SIGKILL (no shutdown hooks, no flush) and restarted by
`remit_local.stack.start_services`, i.e. with the very command and environment `remit-local up`
uses. The broker gets SIGTERM and is started again on the same data directory; PostgreSQL is
restarted with `pg_ctl restart` on the same cluster. Everything blocking runs in a worker thread
so the test's event loop (and the stream of invoices and payments on it) keeps going.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from remit_local import kafka, postgres, procs
from remit_local import stack as local_stack
from remit_local.paths import Layout

from ..harness import SERVICE_URLS

READY_WITHIN_S = 120.0


@dataclass
class FaultResult:
    """What one injected fault did and how long the system took to be ready again."""

    name: str
    injected: bool
    detail: str = ""
    recovery_s: float = 0.0


@contextlib.contextmanager
def _local_infra_env() -> Iterator[None]:
    """`remit-local test` exports the bootstrap/DSN of the *local* servers; the infra module
    treats an exported address as external and refuses to manage it. Hide it meanwhile."""
    saved = {k: os.environ.pop(k) for k in ("KAFKA_BOOTSTRAP_SERVERS",) if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _kill_service(layout: Layout, name: str) -> FaultResult:
    pid = procs.running_pid(layout.pid_file(name))
    if pid is None:
        return FaultResult(f"kill -9 {name}-svc", False, "not running under remit-local")
    os.kill(pid, signal.SIGKILL)
    port = next(s.port for s in local_stack.SERVICES if s.name == name)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (
        procs.is_alive(pid) or procs.port_open(local_stack.HOST, port)
    ):
        time.sleep(0.05)
    started = time.monotonic()
    local_stack.start_services(layout)  # restarts what is not running, waits for every /readyz
    return FaultResult(
        f"kill -9 {name}-svc", True, f"pid {pid}", recovery_s=time.monotonic() - started
    )


def _restart_kafka(layout: Layout) -> FaultResult:
    name = "restart Kafka broker"
    if kafka.running_pid(layout) is None:
        return FaultResult(name, False, "the broker is not a local remit-local process")
    with _local_infra_env():
        started = time.monotonic()
        kafka.down(layout)  # SIGTERM, SIGKILL after 30 s
        pid = kafka.start(layout)  # same properties, same (already formatted) data dir
        kafka.wait_ready(layout, pid)
    return FaultResult(name, True, f"new pid {pid}", recovery_s=time.monotonic() - started)


def _restart_postgres(layout: Layout) -> FaultResult:
    name = "restart PostgreSQL"
    if postgres.external_url() or postgres.running_pid(layout) is None:
        return FaultResult(name, False, "PostgreSQL is not the local remit-local cluster")
    started = time.monotonic()
    pg_ctl = postgres.bin_dir() / "pg_ctl"
    postgres._run(  # noqa: SLF001 - runs pg_ctl as the cluster's OS user when we are root
        [str(pg_ctl), "-D", str(layout.pg_data), "-l", str(layout.pg_log),
         "-m", "fast", "-w", "-t", "60", "restart"]
    )  # fmt: skip
    procs.wait_until(
        lambda: postgres.answers(postgres.admin_dsn()),
        what="PostgreSQL after restart",
        timeout=60,
        log_file=layout.pg_log,
    )
    return FaultResult(
        name, True, f"postmaster {postgres.running_pid(layout)}",
        recovery_s=time.monotonic() - started,
    )  # fmt: skip


async def wait_all_ready(http: httpx.AsyncClient, within_s: float = READY_WITHIN_S) -> float:
    """Poll every service's `/readyz` until all say 200; returns the seconds it took."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    pending = dict(SERVICE_URLS)
    last: dict[str, str] = {}
    while pending:
        for name, base in list(pending.items()):
            try:
                response = await http.get(f"{base}/readyz", timeout=3)
                if response.status_code == 200:
                    del pending[name]
                else:
                    last[name] = f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                last[name] = repr(exc)
        if pending and loop.time() - started > within_s:
            raise AssertionError(f"not ready after {within_s:.0f} s: {last}")
        if pending:
            await asyncio.sleep(0.5)
    return loop.time() - started


async def inject(layout: Layout, fault: str, http: httpx.AsyncClient) -> FaultResult:
    """Inject one fault (`kill:<service>`, `kafka`, `postgres`) and wait until all are ready."""
    if fault.startswith("kill:"):
        result = await asyncio.to_thread(_kill_service, layout, fault.removeprefix("kill:"))
    elif fault == "kafka":
        result = await asyncio.to_thread(_restart_kafka, layout)
    elif fault == "postgres":
        result = await asyncio.to_thread(_restart_postgres, layout)
    else:
        raise ValueError(fault)
    result.recovery_s += await wait_all_ready(http)
    return result


FAULTS = ("kill:invoice", "kill:scheduler", "kill:notifier", "kill:statement", "kafka", "postgres")
