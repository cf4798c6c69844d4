"""`remit-local test`: run pytest with the infrastructure it needs, then put things back.

Starts whatever Kafka/PostgreSQL is not running yet (never an external one), exports
`KAFKA_BOOTSTRAP_SERVERS` and `REMIT_TEST_PG_DSN` (an admin DSN from which tests create their
own databases), runs pytest, and stops exactly what it started, also on failure or Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence

from remit_local import infra
from remit_local.paths import Layout


def _components() -> tuple[str, ...]:
    """Kafka always (it may be external); PostgreSQL unless REMIT_TEST_PG_DSN names one."""
    return ("kafka",) if os.environ.get("REMIT_TEST_PG_DSN") else ("kafka", "postgres")


def _run_pytest(args: Sequence[str], env: dict[str, str], cwd: str) -> int:
    """Run pytest in the foreground; Ctrl-C reaches it directly and we wait for it to finish."""
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *args], env=env, cwd=cwd)  # noqa: S603

    def forward(signum: int, _frame: object) -> None:
        # SIGINT already reached pytest through the terminal; pass SIGTERM on explicitly.
        if signum == signal.SIGTERM:
            proc.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = proc.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def run(layout: Layout, pytest_args: Sequence[str]) -> int:
    """Bring up what the tests need, run pytest with `pytest_args`, return its exit code."""
    components = _components()
    with infra.running(layout, components=components, durable=False) as live:
        if live.started:
            print(f"remit-local test: started {', '.join(live.started)} (stopped afterwards)")
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": live.kafka_bootstrap,
            "REMIT_TEST_PG_DSN": os.environ.get("REMIT_TEST_PG_DSN") or live.pg_admin_dsn,
        }
        return _run_pytest(pytest_args, env, str(layout.repo))
