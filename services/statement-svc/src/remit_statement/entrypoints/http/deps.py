"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from remit_common.web.lifespan import ClockDep, get_container

from remit_statement.bootstrap import Container
from remit_statement.service_layer.batches import BatchLinks
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["ClockDep", "ContainerDep", "LinksDep", "UowDep"]

ContainerDep = Annotated[Container, Depends(get_container)]
"""The running app's composition root (set by ``remit_common.web.lifespan``)."""


def get_uow_factory(container: ContainerDep) -> UowFactory:
    return container.uow_factory


UowDep = Annotated[UowFactory, Depends(get_uow_factory)]


def get_links(container: ContainerDep) -> BatchLinks:
    return container.links


LinksDep = Annotated[BatchLinks, Depends(get_links)]
