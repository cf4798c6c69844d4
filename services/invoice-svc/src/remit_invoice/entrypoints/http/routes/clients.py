"""Clients and matters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from remit_invoice.entrypoints.http.deps import FirmReader, FirmWriter
from remit_invoice.entrypoints.http.responses import READ, WRITE
from remit_invoice.schemas.clients import (
    ClientCreate,
    ClientPage,
    ClientRead,
    ClientUpdate,
    MatterCreate,
    MatterPage,
    MatterRead,
    MatterUpdate,
)
from remit_invoice.service_layer import clients

router = APIRouter(tags=["clients and matters"])
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]


@router.post("/v1/clients", status_code=201, response_model=ClientRead, responses=WRITE)
async def create_client(body: ClientCreate, w: FirmWriter) -> JSONResponse:
    """Create a client."""
    return await w.run(lambda uow: clients.create_client(uow, w.firm_id, body, w.now), 201)


@router.get("/v1/clients", responses=READ)
async def list_clients(
    r: FirmReader,
    limit: Limit = 50,
    cursor: Cursor = None,
    external_id: str | None = None,
    group: str | None = None,
    client_type: str | None = None,
    updated_since: datetime | None = None,
) -> ClientPage:
    """List clients, oldest first, with filters."""
    return await r.run(
        lambda uow: clients.list_clients(
            uow,
            r.firm_id,
            cursor=cursor,
            limit=limit,
            external_id=external_id,
            group=group,
            client_type=client_type,
            updated_since=updated_since,
        )
    )


@router.get("/v1/clients/{client_id}", responses=READ)
async def get_client(client_id: UUID, r: FirmReader) -> ClientRead:
    """Read a client."""
    return await r.run(lambda uow: clients.get_client(uow, r.firm_id, client_id))


@router.patch("/v1/clients/{client_id}", response_model=ClientRead, responses=WRITE)
async def update_client(client_id: UUID, body: ClientUpdate, w: FirmWriter) -> JSONResponse:
    """Change a client's details; emits `remit.client.updated.v1`."""
    return await w.run(lambda uow: clients.update_client(uow, w.firm_id, client_id, body, w.now))


@router.post(
    "/v1/clients/{client_id}/erase",
    response_model=ClientRead,
    responses=WRITE,
    summary="Erase a client's identity",
)
async def erase_client(client_id: UUID, w: FirmWriter) -> JSONResponse:
    """Anonymise name and contact details, keep invoices and payments; emits
    `remit.client.updated.v1` with the anonymised snapshot. Repeating it is harmless."""
    return await w.run(lambda uow: clients.erase_client(uow, w.firm_id, client_id, w.now))


@router.post("/v1/matters", status_code=201, response_model=MatterRead, responses=WRITE)
async def create_matter(body: MatterCreate, w: FirmWriter) -> JSONResponse:
    """Create a matter for a client."""
    return await w.run(lambda uow: clients.create_matter(uow, w.firm_id, body, w.now), 201)


@router.get("/v1/matters", responses=READ)
async def list_matters(
    r: FirmReader,
    limit: Limit = 50,
    cursor: Cursor = None,
    client_id: UUID | None = None,
    external_id: str | None = None,
) -> MatterPage:
    """List matters, oldest first."""
    return await r.run(
        lambda uow: clients.list_matters(
            uow,
            r.firm_id,
            cursor=cursor,
            limit=limit,
            client_id=client_id,
            external_id=external_id,
        )
    )


@router.get("/v1/matters/{matter_id}", responses=READ)
async def get_matter(matter_id: UUID, r: FirmReader) -> MatterRead:
    """Read a matter."""
    return await r.run(lambda uow: clients.get_matter(uow, r.firm_id, matter_id))


@router.patch("/v1/matters/{matter_id}", response_model=MatterRead, responses=WRITE)
async def update_matter(matter_id: UUID, body: MatterUpdate, w: FirmWriter) -> JSONResponse:
    """Change a matter's details."""
    return await w.run(lambda uow: clients.update_matter(uow, w.firm_id, matter_id, body, w.now))
