"""Starts (or reuses) the whole stack once per e2e session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import pytest_asyncio
from remit_local import stack as local_stack
from remit_local.paths import Layout

from .harness import PERSONAL_DATA, PersonalData, Stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
    # The fault suite kills and restarts the stack and moves the clock months ahead: it runs
    # after the scenarios; the log grep runs after everything (it checks what all of them logged).
    items.sort(key=_run_order)


def _run_order(item: pytest.Item) -> int:
    path = str(item.path).replace("\\", "/")
    if "tests/e2e/test_zz_" in path:
        return 2
    return 1 if "tests/e2e/faults/" in path else 0


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


@pytest.fixture(scope="session")
def personal_data() -> PersonalData:
    """The emails, phones and API keys this session's actors gave the system."""
    return PERSONAL_DATA
