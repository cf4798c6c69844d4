"""Use cases for tenants: firms, their API keys, and authenticating a key."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from remit_common.errors import Unauthorized

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.domain import api_keys
from remit_invoice.schemas.firms import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    FirmCreate,
    FirmRead,
)
from remit_invoice.service_layer.errors import ApiKeyNotFound, FirmNotFound


async def create_firm(uow: SqlUnitOfWork, cmd: FirmCreate, now: datetime) -> FirmRead:
    """Register a new tenant."""
    firm = FirmRead(id=uuid.uuid4(), name=cmd.name, created_at=now)
    await uow.firms.add(firm)
    return firm


async def get_firm(uow: SqlUnitOfWork, firm_id: UUID) -> FirmRead:
    """The firm; FirmNotFound otherwise."""
    firm = await uow.firms.get(firm_id)
    if firm is None:
        raise FirmNotFound(f"no firm {firm_id}")
    return firm


async def create_api_key(
    uow: SqlUnitOfWork, firm_id: UUID, cmd: ApiKeyCreate, now: datetime
) -> ApiKeyCreated:
    """Mint a key for the firm; its plaintext is in this response only."""
    await get_firm(uow, firm_id)
    new = api_keys.mint()
    stored = await uow.firms.add_key(
        key_id=uuid.uuid4(),
        firm_id=firm_id,
        public_id=new.public_id,
        secret_hash=new.secret_hash,
        name=cmd.name,
        created_at=now,
    )
    return ApiKeyCreated(**stored.model_dump(), key=new.plaintext)


async def list_api_keys(uow: SqlUnitOfWork, firm_id: UUID) -> list[ApiKeyRead]:
    """The firm's keys, without secrets."""
    await get_firm(uow, firm_id)
    return await uow.firms.keys(firm_id)


async def revoke_api_key(
    uow: SqlUnitOfWork, firm_id: UUID, key_id: UUID, now: datetime
) -> ApiKeyRead:
    """Revoke a key at once; repeating it is harmless."""
    key = await uow.firms.revoke_key(firm_id, key_id, now)
    if key is None:
        raise ApiKeyNotFound(f"no API key {key_id} in firm {firm_id}")
    return key


async def authenticate(uow: SqlUnitOfWork, token: str) -> UUID:
    """The firm of a valid, unrevoked API key; Unauthorized with one message for every failure."""
    denied = Unauthorized("A valid API key is required (Authorization: Bearer rk_live_...).")
    parsed = api_keys.parse(token)
    if parsed is None:
        raise denied
    found = await uow.firms.credentials(parsed[0])
    if found is None or not api_keys.verify(parsed[1], found[1]):
        raise denied
    return found[0]


async def introspect(uow: SqlUnitOfWork, token: str) -> tuple[UUID, str] | None:
    """(firm id, key id) of a valid, unrevoked API key, or None: for the other services."""
    parsed = api_keys.parse(token)
    if parsed is None:
        return None
    found = await uow.firms.credentials(parsed[0])
    if found is None or not api_keys.verify(parsed[1], found[1]):
        return None
    return found[0], parsed[0]
