"""Admin routes: firms and their API keys (bootstrap admin token)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from remit_invoice.entrypoints.http.deps import AdminReader, AdminWriter
from remit_invoice.entrypoints.http.responses import READ, WRITE
from remit_invoice.schemas.firms import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    FirmCreate,
    FirmRead,
)
from remit_invoice.service_layer import firms

router = APIRouter(prefix="/v1/firms", tags=["firms (admin)"])


@router.post("", status_code=201, response_model=FirmRead, responses=WRITE)
async def create_firm(body: FirmCreate, w: AdminWriter) -> JSONResponse:
    """Create a firm (tenant)."""
    return await w.run(lambda uow: firms.create_firm(uow, body, w.now), 201)


@router.get("/{firm_id}", responses=READ)
async def get_firm(firm_id: UUID, r: AdminReader) -> FirmRead:
    """Read a firm."""
    return await r.run(lambda uow: firms.get_firm(uow, firm_id))


@router.post("/{firm_id}/api-keys", status_code=201, response_model=ApiKeyCreated, responses=WRITE)
async def create_api_key(firm_id: UUID, body: ApiKeyCreate, w: AdminWriter) -> JSONResponse:
    """Create an API key; the key itself is in this response only (not in a replay)."""
    return await w.run(
        lambda uow: firms.create_api_key(uow, firm_id, body, w.now), 201, secret_fields=("key",)
    )


@router.get("/{firm_id}/api-keys", responses=READ)
async def list_api_keys(firm_id: UUID, r: AdminReader) -> list[ApiKeyRead]:
    """List a firm's API keys (never their secrets)."""
    return await r.run(lambda uow: firms.list_api_keys(uow, firm_id))


@router.post("/{firm_id}/api-keys/{key_id}/revoke", response_model=ApiKeyRead, responses=WRITE)
async def revoke_api_key(firm_id: UUID, key_id: UUID, w: AdminWriter) -> JSONResponse:
    """Revoke an API key at once."""
    response = await w.run(lambda uow: firms.revoke_api_key(uow, firm_id, key_id, w.now))
    w.container.api_keys.clear()  # after the commit: a refill can only see the revocation
    return response
