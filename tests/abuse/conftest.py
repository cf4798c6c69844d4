"""The abuse suite runs against one in-process stack of the four services (see ``stack.py``).

Tests share it but never data: each makes its own firms.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from .stack import Stack, running_stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/abuse/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.integration)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def stack(pg_admin_dsn: str, kafka_bootstrap: str) -> AsyncIterator[Stack]:
    """The four services wired together on fresh databases and topics."""
    async with running_stack(pg_admin_dsn, kafka_bootstrap) as running:
        yield running
