"""Kafka and PostgreSQL together: bring both up (in parallel where it pays), down, status."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from remit_local import kafka, postgres
from remit_local.paths import Layout
from remit_local.status import Status

COMPONENTS = ("kafka", "postgres")


@dataclass(frozen=True)
class Infra:
    """Where the running infrastructure answers, and which parts this call started."""

    kafka_bootstrap: str
    pg_admin_dsn: str
    started: tuple[str, ...]


@contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    """Serialise bring-up and tear-down between processes sharing one `.local`."""
    layout.run.mkdir(parents=True, exist_ok=True)
    with (layout.run / "infra.lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def is_up(layout: Layout, component: str) -> bool:
    """True when `component` is external or our local process of it runs."""
    if component == "kafka":
        return kafka.external_bootstrap() is not None or kafka.running_pid(layout) is not None
    return postgres.external_url() is not None or postgres.running_pid(layout) is not None


def up(
    layout: Layout,
    *,
    components: tuple[str, ...] = COMPONENTS,
    durable: bool = True,
) -> Infra:
    """Start whatever of `components` is not running yet; idempotent.

    The broker's JVM boots while PostgreSQL initialises and starts, then both are checked
    for readiness (metadata answered; a query answered), topics and databases ensured.
    `durable=False` turns fsync off in a cluster this call starts (tests only).
    """
    with _locked(layout):
        return _up(layout, components, durable)


def _up(layout: Layout, components: tuple[str, ...], durable: bool) -> Infra:
    started = []
    kafka_pid = None
    if "kafka" in components:
        if not is_up(layout, "kafka"):
            started.append("kafka")
        kafka_pid = kafka.start(layout)
    if "postgres" in components:
        if not is_up(layout, "postgres"):
            started.append("postgres")
        postgres.up(layout, durable=durable)
    if "kafka" in components:
        kafka.wait_ready(layout, kafka_pid)
        kafka.up(layout)  # already running: only ensures the topics
    return Infra(kafka.bootstrap_servers(), postgres.admin_dsn(), tuple(started))


def down(layout: Layout, *, components: tuple[str, ...] = COMPONENTS) -> list[str]:
    """Stop the local Kafka and/or PostgreSQL; returns the names that were running."""
    stopped = []
    with _locked(layout):
        if "kafka" in components and kafka.down(layout):
            stopped.append("kafka")
        if "postgres" in components and postgres.down(layout):
            stopped.append("postgres")
    return stopped


@contextmanager
def running(
    layout: Layout, *, components: tuple[str, ...] = COMPONENTS, durable: bool = True
) -> Iterator[Infra]:
    """Make sure `components` run for the duration of the block.

    On exit, stops exactly the components that were not running before, even when the
    bring-up itself failed half way or the block raised (Ctrl-C included).
    """
    before = {c: is_up(layout, c) for c in components}
    try:
        yield up(layout, components=components, durable=durable)
    finally:
        down(layout, components=tuple(c for c in components if not before[c]))


def status(layout: Layout) -> list[Status]:
    return [kafka.status(layout), postgres.status(layout)]


def log_file(layout: Layout, component: str) -> Path:
    """The log of `kafka` or `postgres`."""
    return layout.log_file("kafka") if component == "kafka" else layout.pg_log
