"""The whole system on top of the infrastructure: sinks, migrations, the four services, demo data.

Services are started as `python -m remit_<svc>` with their settings in the environment:
`DATABASE_URL` (the service's own database) and `KAFKA_BOOTSTRAP_SERVERS` (each also with the
`REMIT_` prefix), `REMIT_ENV=development`, `REMIT_ADMIN_TOKEN`, and `REMIT_HTTP_HOST` /
`REMIT_HTTP_PORT` (127.0.0.1, 8001-8004).
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from remit_local import kafka, postgres, procs
from remit_local.paths import Layout
from remit_local.status import Status

HOST = "127.0.0.1"
READY_TIMEOUT = 60.0
SINKS = "sinks"
SINK_PORTS = {"smtp": 1025, "mail UI": 8025, "sms": 8026, "print": 8027, "hooks": 8028}


@dataclass(frozen=True)
class Service:
    """One Remit service: where its code lives, its HTTP port and its database."""

    name: str
    port: int

    @property
    def package(self) -> str:
        return f"remit_{self.name}"

    @property
    def folder(self) -> str:
        return f"services/{self.name}-svc"

    @property
    def database(self) -> str:
        return f"remit_{self.name}"

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


SERVICES = (
    Service("invoice", 8001),
    Service("scheduler", 8002),
    Service("notifier", 8003),
    Service("statement", 8004),
)


class StackError(RuntimeError):
    """A part of the stack failed to migrate or start; the message carries the details."""


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:  # the parent package itself is missing
        return False


def admin_token(layout: Layout) -> str:
    """The dev admin token, generated once into `.local/admin-token` (mode 600)."""
    return _secret_file(layout.admin_token)


def internal_token(layout: Layout) -> str:
    """The dev service-to-service token, generated once into `.local/internal-token`."""
    return _secret_file(layout.internal_token)


def sms_token(layout: Layout) -> str:
    """The dev SMS provider's auth token: the notifier signs in with it, the sink signs with it."""
    return _secret_file(layout.state / "sms-token")


def _secret_file(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(token + "\n")
    return token


def service_env(service: Service, layout: Layout) -> dict[str, str]:
    """The environment a service process gets (on top of ours).

    Both spellings of the database and Kafka settings are set: remit_common's settings let the
    `REMIT_`-prefixed one win, and a stray one in the developer's shell must not.
    """
    database_url = postgres.database_url(service.database)
    bootstrap = kafka.bootstrap_servers()
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REMIT_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "REMIT_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "REMIT_ENV": "development",
        "REMIT_ADMIN_TOKEN": admin_token(layout),
        "REMIT_INTERNAL_TOKEN": internal_token(layout),
        "REMIT_SMS_AUTH_TOKEN": sms_token(layout),
        "REMIT_INVOICE_URL": SERVICES[0].base_url,
        "REMIT_STATEMENT_URL": SERVICES[3].base_url,
        # The dev stack is a demo: one controllable clock shared by all services, so
        # `POST /v1/_clock` on any of them moves time for the whole system.
        "REMIT_CLOCK": "controllable",
        "REMIT_CLOCK_FILE": str(layout.clock_file),
        "REMIT_HTTP_HOST": HOST,
        "REMIT_HTTP_PORT": str(service.port),
    }


# --- sinks ----------------------------------------------------------------------------------
def start_sinks(layout: Layout) -> Status:
    """Start `python -m remit_local.sinks` (unless running) and wait for all its ports."""
    if not _has_module("remit_local.sinks.__main__"):
        return Status(SINKS, "skipped", detail="remit_local.sinks has no __main__ yet")
    pid = procs.running_pid(layout.pid_file(SINKS))
    if pid is None:
        busy = [p for p in SINK_PORTS.values() if procs.port_open(HOST, p)]
        if busy:
            raise StackError(f"Sink ports {busy} are in use by a process remit-local did not start")
        pid = procs.start(
            [sys.executable, "-m", "remit_local.sinks"],
            log_file=layout.log_file(SINKS),
            pid_file=layout.pid_file(SINKS),
            cwd=layout.repo,
            env=sink_env(layout),
        )
        procs.wait_until(
            lambda: all(procs.port_open(HOST, p) for p in SINK_PORTS.values()),
            what="the dev sinks",
            timeout=30,
            log_file=layout.log_file(SINKS),
            pid=pid,
        )
    return Status(SINKS, "running", pid=pid, endpoint=f"{HOST}:1025,8025-8028")


def sink_env(layout: Layout) -> dict[str, str]:
    """The sinks speak to notifier-svc like the real providers: signed callbacks, inbound SMS."""
    notifier = next(s for s in SERVICES if s.name == "notifier")
    return {
        **os.environ,
        "REMIT_SMS_INBOUND_WEBHOOK": f"{notifier.base_url}/v1/providers/twilio/events",
        "REMIT_SINK_SMS_AUTH_TOKEN": sms_token(layout),
    }


# --- migrations -----------------------------------------------------------------------------
def migrate(layout: Layout) -> list[str]:
    """`alembic upgrade head` for every service that has an alembic.ini; returns messages."""
    messages = []
    for service in SERVICES:
        ini = layout.repo / service.folder / "alembic.ini"
        if not ini.exists():
            messages.append(f"{service.name}: no alembic.ini yet, skipped")
            continue
        argv = [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"]
        result = subprocess.run(  # noqa: S603
            argv,
            cwd=layout.repo,
            env=service_env(service, layout),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(
                f"Migrations of {service.name} failed ({' '.join(argv[1:])}):\n"
                + (result.stdout + result.stderr)[-3000:]
            )
        messages.append(f"{service.name}: migrated to head")
    return messages


# --- services -------------------------------------------------------------------------------
def _readyz(service: Service) -> bool:
    return httpx.get(f"{service.base_url}/readyz", timeout=2).status_code == 200


def start_services(layout: Layout) -> list[Status]:
    """Start every service that has a `__main__` and wait until each `/readyz` says 200."""
    statuses: dict[str, Status] = {}
    waiting = []
    for service in SERVICES:
        if not _has_module(f"{service.package}.__main__"):
            detail = f"{service.package} has no __main__ yet"
            statuses[service.name] = Status(service.name, "skipped", detail=detail)
            continue
        pid = procs.running_pid(layout.pid_file(service.name))
        if pid is None:
            if procs.port_open(HOST, service.port):
                raise StackError(
                    f"Port {service.port} ({service.name}) is in use by a process "
                    "remit-local did not start"
                )
            pid = procs.start(
                [sys.executable, "-m", service.package],
                log_file=layout.log_file(service.name),
                pid_file=layout.pid_file(service.name),
                env=service_env(service, layout),
                cwd=layout.repo,
            )
        waiting.append((service, pid))
    for service, pid in waiting:  # they boot in parallel; wait for each in turn
        procs.wait_until(
            lambda s=service: _readyz(s),
            what=f"{service.name} ({service.base_url}/readyz)",
            timeout=READY_TIMEOUT,
            log_file=layout.log_file(service.name),
            pid=pid,
            interval=0.5,
        )
        statuses[service.name] = Status(service.name, "running", pid=pid, endpoint=service.base_url)
    return [statuses[s.name] for s in SERVICES]


def seed_demo() -> str:
    """Run `remit_local.demo.seed()` when it exists (sync or async); says what happened."""
    if not _has_module("remit_local.demo"):
        return ""
    module = importlib.import_module("remit_local.demo")
    seed = getattr(module, "seed", None)
    if seed is None:
        return ""
    result = seed()
    if inspect.isawaitable(result):
        result = asyncio.run(result)  # type: ignore[arg-type]
    return result if isinstance(result, str) and result else "demo data seeded"


def stop_apps(layout: Layout) -> list[str]:
    """Stop the services (in reverse order) and the sinks; returns the names that ran."""
    stopped = []
    for name in [s.name for s in reversed(SERVICES)] + [SINKS]:
        if procs.stop(layout.pid_file(name), timeout=15):
            stopped.append(name)
    return stopped


def app_statuses(layout: Layout) -> list[Status]:
    """Status lines of the sinks and the four services."""
    sink_pid = procs.running_pid(layout.pid_file(SINKS))
    rows = [
        Status(
            SINKS,
            "running" if sink_pid else "stopped",
            pid=sink_pid,
            endpoint=f"{HOST}:1025,8025-8028",
        )
    ]
    for service in SERVICES:
        pid = procs.running_pid(layout.pid_file(service.name))
        rows.append(
            Status(
                service.name, "running" if pid else "stopped", pid=pid, endpoint=service.base_url
            )
        )
    return rows


def urls(layout: Layout) -> list[tuple[str, str]]:
    """(what, where) pairs a developer wants after `remit-local up`."""
    rows = [(f"{s.name} API docs", f"{s.base_url}/docs") for s in SERVICES]
    rows += [
        ("mail sink (SMTP)", f"smtp://{HOST}:1025"),
        ("mail sink UI/API", f"http://{HOST}:8025/api/messages"),
        ("SMS sink", f"http://{HOST}:8026/api/messages"),
        ("print sink", f"http://{HOST}:8027"),
        ("webhook sink", f"http://{HOST}:8028"),
        ("Kafka", kafka.bootstrap_servers()),
        ("PostgreSQL", postgres.database_url("<db>")),
        ("admin token", str(layout.admin_token)),
        ("logs", str(layout.logs)),
    ]
    return rows
