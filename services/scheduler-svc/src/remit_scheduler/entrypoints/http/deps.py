"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from remit_common.clock import Clock

from remit_scheduler.bootstrap import Container


def get_container(request: Request) -> Container:
    """The running app's composition root (set by the lifespan)."""
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_clock(container: ContainerDep) -> Clock:
    """The service clock; routes pass ``clock.now()`` into use cases, never read time themselves."""
    return container.clock


ClockDep = Annotated[Clock, Depends(get_clock)]
