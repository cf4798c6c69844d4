"""One running scheduler-svc per test module, on a fresh database and fresh topics.

Tests share the stack but never data: each builds its own firm, client and invoice ids, and
every assertion filters by them.  The dispatcher loop is off: a test moves the controllable
clock and runs one pass itself, so "due" is decided by the test, never by wall time.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest_asyncio  # noqa: E402
from scheduler_stack import running_stack  # noqa: E402


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def stack(pg_admin_dsn, kafka_bootstrap):
    """The running service, its clock, an event publisher and a reader of reminders."""
    async with running_stack(pg_admin_dsn, kafka_bootstrap) as running:
        yield running
