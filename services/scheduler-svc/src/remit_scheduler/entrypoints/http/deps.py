"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from remit_common.clock import Clock

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.bootstrap import Container


def get_container(request: Request) -> Container:
    """The running app's composition root (set by the lifespan)."""
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_clock(container: ContainerDep) -> Clock:
    """The service clock; routes pass ``clock.now()`` into use cases, never read time themselves."""
    return container.clock


ClockDep = Annotated[Clock, Depends(get_clock)]


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
