"""The local infrastructure, end to end: `remit-local infra up|status|down` on real processes.

The module brings up its own isolated stack once (own state folder under `.local/`, free
ports, no KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL), so it never disturbs the stack other tests
use, and checks it in order: up, answers, topics, databases, idempotent up, clean down.
The plugin's fixtures are checked against the session's stack. Unit tests of the pieces that
need no infrastructure come last.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from remit_local import cli, kafka, kafka_admin, postgres, procs, testrun
from remit_local.paths import Layout, repo_root
from remit_local.postgres import SERVICE_DATABASES

integration = pytest.mark.integration


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class Stack:
    """An isolated local stack driven through the CLI."""

    env: dict[str, str]
    state: Path
    kafka_port: int
    pg_port: int
    first_up_seconds: float = 0.0

    def cli(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "remit_local.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://remit:remit@127.0.0.1:{self.pg_port}/postgres"

    def pids(self) -> dict[str, int | None]:
        kafka = procs.read_pid_file(self.state / "run" / "kafka.pid")
        try:
            pg = int((self.state / "pg" / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pg = None
        return {"kafka": kafka.pid if kafka else None, "postgres": pg}


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    kafka_port, controller_port, pg_port = _free_ports(3)
    state = repo_root() / ".local" / f"test-infra-{uuid.uuid4().hex[:8]}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "REMIT_TEST_PG_DSN")
    }
    env |= {
        "REMIT_LOCAL_DIR": str(state),
        "REMIT_KAFKA_PORT": str(kafka_port),
        "REMIT_KAFKA_CONTROLLER_PORT": str(controller_port),
        "REMIT_PG_PORT": str(pg_port),
    }
    stack = Stack(env=env, state=state, kafka_port=kafka_port, pg_port=pg_port)
    started = time.monotonic()
    result = stack.cli("infra", "up")
    stack.first_up_seconds = time.monotonic() - started
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        yield stack
    finally:
        stack.cli("infra", "down")
        shutil.rmtree(state, ignore_errors=True)


@integration
def test_infra_up_starts_kafka_and_postgres(stack: Stack) -> None:
    status = stack.cli("infra", "status")
    assert re.search(r"^kafka\s+running\s+\d+", status.stdout, re.M), status.stdout
    assert re.search(r"^postgres\s+running\s+\d+", status.stdout, re.M), status.stdout
    assert all(stack.pids().values())


@integration
async def test_kafka_answers_metadata(stack: Stack) -> None:
    assert await kafka_admin.cluster_brokers(stack.bootstrap) == 1


@integration
async def test_topics_exist_with_their_partition_counts(stack: Stack) -> None:
    counts = await kafka_admin.partition_counts(stack.bootstrap, kafka_admin.DEFAULT_TOPICS)
    assert counts == kafka_admin.DEFAULT_TOPICS
    assert counts["billing.reminders.v1"] == 6
    assert counts["billing.reminders.v1.dlq"] == 1


@integration
async def test_each_service_database_exists(stack: Stack) -> None:
    conn = await asyncpg.connect(stack.admin_dsn)
    try:
        names = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
    finally:
        await conn.close()
    assert set(SERVICE_DATABASES) <= names


@integration
def test_second_infra_up_is_a_no_op(stack: Stack) -> None:
    before = stack.pids()
    started = time.monotonic()
    result = stack.cli("infra", "up")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "already running" in result.stdout
    assert stack.pids() == before
    assert took < max(5.0, stack.first_up_seconds)


@integration
def test_down_leaves_no_process(stack: Stack) -> None:
    pids = [pid for pid in stack.pids().values() if pid]
    pg_children = [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _ppid(int(p.name)) in pids
    ]
    result = stack.cli("infra", "down")
    assert result.returncode == 0, result.stdout + result.stderr
    lingering = [pid for pid in pids + pg_children if procs.cmdline(pid) is not None]
    assert lingering == []
    status = stack.cli("infra", "status").stdout
    assert re.search(r"^kafka\s+stopped", status, re.M)
    assert re.search(r"^postgres\s+stopped", status, re.M)
    assert not procs.port_open("127.0.0.1", stack.kafka_port)
    assert not procs.port_open("127.0.0.1", stack.pg_port)


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2 :].split()[1])
    except (OSError, ValueError, IndexError):
        return None


# --- the plugin's fixtures, on the session's stack -------------------------------------------
@integration
async def test_fresh_database_is_new_and_usable(fresh_database, pg_admin_dsn: str) -> None:
    url = await fresh_database("infra")
    assert url.startswith("postgresql+asyncpg://")
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        assert await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname='public'") == 0
    finally:
        await conn.close()


@integration
async def test_fresh_topic_has_partitions_and_a_dlq(fresh_topic, kafka_bootstrap: str) -> None:
    name = await fresh_topic(partitions=3)
    counts = await kafka_admin.partition_counts(kafka_bootstrap, [name, f"{name}.dlq"])
    assert counts == {name: 3, f"{name}.dlq": 1}


# --- pieces that need no infrastructure -----------------------------------------------------
def test_server_properties_follow_the_port_settings(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REMIT_KAFKA_PORT", "29092")
    monkeypatch.setenv("REMIT_KAFKA_CONTROLLER_PORT", "29093")
    props = kafka.server_properties(Layout(repo=tmp_path, state=tmp_path / "state"))
    assert "listeners=PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093" in props
    assert "controller.quorum.voters=1@127.0.0.1:29093" in props
    assert "auto.create.topics.enable=false" in props


def test_database_urls_local_and_external(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REMIT_PG_PORT", "55432")
    assert postgres.database_url("remit_invoice") == (
        "postgresql+asyncpg://remit:remit@127.0.0.1:55432/remit_invoice"
    )
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u:p@db.example:5432/app?ssl=require")
    assert postgres.admin_dsn() == "postgresql://u:p@db.example:5432/app?ssl=require"
    assert postgres.database_url("x") == "postgresql+asyncpg://u:p@db.example:5432/x?ssl=require"


def test_cli_passes_test_arguments_to_pytest_untouched(monkeypatch) -> None:
    seen = {}

    def fake_run(layout: Layout, args: list[str]) -> int:
        seen["args"] = args
        return 7

    monkeypatch.setattr(testrun, "run", fake_run)
    assert cli.main(["test", "-k", "outbox", "-x"]) == 7
    assert seen["args"] == ["-k", "outbox", "-x"]


def test_procs_never_signal_a_pid_that_is_not_ours(tmp_path: Path) -> None:
    pid_file, log_file = tmp_path / "sleep.pid", tmp_path / "sleep.log"
    pid = procs.start(["sleep", "30"], log_file=log_file, pid_file=pid_file)
    assert procs.running_pid(pid_file) == pid
    real = pid_file.read_text()
    pid_file.write_text(real.replace('"sleep", "30"', '"sleep", "31"'))  # a recycled pid
    assert procs.running_pid(pid_file) is None
    assert procs.stop(pid_file) is False
    assert procs.cmdline(pid) == ["sleep", "30"]
    pid_file.write_text(real)
    assert procs.stop(pid_file, timeout=5) is True
    assert procs.cmdline(pid) is None
    assert not pid_file.exists()


def test_wait_until_reports_the_log_tail(tmp_path: Path) -> None:
    log_file = tmp_path / "svc.log"
    log_file.write_text("starting\nFATAL: password authentication failed\n")
    with pytest.raises(procs.ProcessError, match="(?s)not ready after.*FATAL: password"):
        procs.wait_until(lambda: False, what="svc", timeout=0.3, log_file=log_file)
