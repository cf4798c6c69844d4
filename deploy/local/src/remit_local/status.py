"""How a component reports itself (`remit-local status`), and printing that as a table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """One line of `remit-local status`. `state` is running, stopped, external or skipped."""

    name: str
    state: str
    pid: int | None = None
    endpoint: str = ""
    detail: str = ""

    @property
    def running(self) -> bool:
        return self.state in ("running", "external")


def table(rows: Iterable[Iterable[str]], header: Iterable[str]) -> str:
    """A plain left-aligned text table."""
    lines = [list(header), *([str(c) for c in row] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def render(statuses: Iterable[Status]) -> str:
    """Statuses as a table: component, state, pid, endpoint, detail."""
    return table(
        ((s.name, s.state, str(s.pid or "-"), s.endpoint or "-", s.detail) for s in statuses),
        header=("component", "state", "pid", "endpoint", "detail"),
    )
