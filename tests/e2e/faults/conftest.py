"""The fault suite: marked `fault`, and its summary printed at the end of the run."""

from __future__ import annotations

import pytest

from .verdict import SUMMARIES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/faults/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.fault)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's reporter
    for line in SUMMARIES:
        terminalreporter.write_line(f"fault suite: {line}")
