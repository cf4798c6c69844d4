"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from remit_common.clock import Clock
from remit_common.errors import Unauthorized

from remit_notifier.bootstrap import Container
from remit_notifier.service_layer.unit_of_work import UowFactory


def get_container(request: Request) -> Container:
    """The running app's composition root (set by the lifespan)."""
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_clock(container: ContainerDep) -> Clock:
    """The service clock; routes pass ``clock.now()`` into use cases, never read time themselves."""
    return container.clock


ClockDep = Annotated[Clock, Depends(get_clock)]


def get_uow(container: ContainerDep) -> UowFactory:
    """A factory of units of work (each use case opens its own)."""
    return container.uow


UowDep = Annotated[UowFactory, Depends(get_uow)]


async def current_firm(
    container: ContainerDep, authorization: Annotated[str | None, Header()] = None
) -> UUID:
    """The firm whose API key is the bearer token; 401 otherwise."""
    scheme, _, token = (authorization or "").partition(" ")
    firm_id = None
    if scheme.lower() == "bearer" and token.strip():
        firm_id = await container.authenticator.firm_for(token.strip())
    if firm_id is None:
        raise Unauthorized("A valid firm API key is required (Authorization: Bearer <key>).")
    return firm_id


FirmDep = Annotated[UUID, Depends(current_firm)]
