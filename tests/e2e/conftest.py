"""Starts (or reuses) the whole stack once per e2e session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio
from remit_local import stack as local_stack
from remit_local.paths import Layout

from .harness import Stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def running_stack(kafka_bootstrap: str, pg_admin_dsn: str) -> Iterator[Layout]:
    """The services and sinks, started here unless they already run (then left running)."""
    layout = Layout.default()
    already = {s.name for s in local_stack.app_statuses(layout) if s.state == "running"}
    local_stack.start_sinks(layout)
    local_stack.migrate(layout)
    local_stack.start_services(layout)
    yield layout
    if not already:
        local_stack.stop_apps(layout)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def system(running_stack: Layout, kafka_bootstrap: str) -> AsyncIterator[Stack]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield Stack(
            admin_token=local_stack.admin_token(running_stack),
            kafka_bootstrap=kafka_bootstrap,
            http=http,
        )
