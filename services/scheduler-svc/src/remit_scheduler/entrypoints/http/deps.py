"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header
from remit_common.web.lifespan import ClockDep, get_container

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.bootstrap import Container

__all__ = ["ClockDep", "ContainerDep", "IdempotencyKey", "UowsDep"]

ContainerDep = Annotated[Container, Depends(get_container)]
"""The running app's composition root (set by ``remit_common.web.lifespan``)."""


def get_uows(container: ContainerDep) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work: a route opens exactly one per request."""
    return container.uows


UowsDep = Annotated[Callable[[], SqlUnitOfWork], Depends(get_uows)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a write with the same key to get the first answer back.",
    ),
]
