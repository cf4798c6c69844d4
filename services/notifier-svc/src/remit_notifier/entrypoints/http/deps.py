"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from remit_common.web.lifespan import ClockDep, get_container

from remit_notifier.bootstrap import Container
from remit_notifier.service_layer.unit_of_work import UowFactory

__all__ = ["ClockDep", "ContainerDep", "UowDep"]

ContainerDep = Annotated[Container, Depends(get_container)]
"""The running app's composition root (set by ``remit_common.web.lifespan``)."""


def get_uow(container: ContainerDep) -> UowFactory:
    """A factory of units of work (each use case opens its own)."""
    return container.uow


UowDep = Annotated[UowFactory, Depends(get_uow)]
