"""Use cases for clients and matters. Client changes emit ``remit.client.updated.v1``.

Matters have no event type of their own in the contract: their current snapshot rides on the
next event of each invoice that bills them.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from remit_common.events import ClientUpdated
from remit_common.events.common import Channel

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
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
from remit_invoice.service_layer.errors import ClientErased, ClientNotFound, MatterNotFound
from remit_invoice.service_layer.views import client_snapshot

_CLIENT_DEFAULTS: dict[str, Any] = {
    "emails": [],
    "language": "en",
    "delivery_preference": "email",
    "opted_out_channels": [],
}


async def create_client(
    uow: SqlUnitOfWork, firm_id: UUID, cmd: ClientCreate, now: datetime
) -> ClientRead:
    """Add a client and announce it (consumers learn contacts and preferences from events)."""
    data = {**_CLIENT_DEFAULTS, **cmd.model_dump(exclude_none=True)}
    client = ClientRead.model_validate(
        {
            "phone": None,
            "postal_address": None,
            "group": None,
            "client_type": None,
            "trust_balance": None,
            "external_id": None,
            **data,
            "id": uuid.uuid4(),
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
    )
    await uow.clients.add(firm_id, client)
    await _announce(uow, firm_id, client, tuple(sorted(cmd.model_fields_set)), now)
    return client


async def update_client(
    uow: SqlUnitOfWork, firm_id: UUID, client_id: UUID, cmd: ClientUpdate, now: datetime
) -> ClientRead:
    """Change the fields sent; a change bumps the version and emits an event.

    An erased client refuses every change (ClientErased): its identity does not come back.
    """
    current = await _client(uow, firm_id, client_id, lock=True)
    if current.erased_at is not None:
        raise ClientErased(
            f"client {client_id} was erased on request; its details can no longer change"
        )
    changes = {
        k: v
        for k, v in cmd.model_dump(exclude_unset=True).items()
        if getattr(current, k) != getattr(cmd, k)
    }
    for required in ("name", "timezone", "language", "delivery_preference"):
        if required in changes and changes[required] is None:
            changes.pop(required)  # null cannot clear a required field: treat as "unchanged"
    if not changes:
        return current
    updated = current.model_copy(
        update={
            **{k: getattr(cmd, k) for k in changes},
            "version": current.version + 1,
            "updated_at": now,
        }
    )
    if updated.emails is None:
        updated = updated.model_copy(update={"emails": []})
    if updated.opted_out_channels is None:
        updated = updated.model_copy(update={"opted_out_channels": []})
    await uow.clients.save(firm_id, updated)
    await _announce(uow, firm_id, updated, tuple(sorted(changes)), now)
    return updated


async def erase_client(
    uow: SqlUnitOfWork, firm_id: UUID, client_id: UUID, now: datetime
) -> ClientRead:
    """Anonymise the client's identity, keeping its invoices and payments (idempotent).

    Name, emails, phone, postal address and external_id are replaced; every channel is opted
    out. The anonymised snapshot goes out as ``remit.client.updated.v1`` with a higher version,
    so read models elsewhere overwrite what they held. Stored idempotent responses that echo
    the client are anonymised too. Erasing again changes nothing and emits nothing.
    """
    current = await _client(uow, firm_id, client_id, lock=True)
    if current.erased_at is not None:
        return current
    erased = current.model_copy(
        update={
            "name": erased_name(client_id),
            "emails": [],
            "phone": None,
            "postal_address": None,
            "external_id": None,
            "opted_out_channels": list(Channel),
            "version": current.version + 1,
            "updated_at": now,
            "erased_at": now,
        }
    )
    await uow.clients.save(firm_id, erased)
    await uow.idempotency.replace_bodies(str(firm_id), client_id, erased.model_dump(mode="json"))
    changed = tuple(
        sorted(
            k
            for k in (
                "name",
                "emails",
                "phone",
                "postal_address",
                "external_id",
                "opted_out_channels",
            )
            if getattr(current, k) != getattr(erased, k)
        )
    )
    await _announce(uow, firm_id, erased, changed, now)
    return erased


def erased_name(client_id: UUID) -> str:
    """The name an erased client goes by: stable, and derived from nothing personal."""
    return f"Erased client {hashlib.sha256(client_id.bytes).hexdigest()[:10]}"


async def get_client(uow: SqlUnitOfWork, firm_id: UUID, client_id: UUID) -> ClientRead:
    """The client; ClientNotFound otherwise (also for another firm's id)."""
    return await _client(uow, firm_id, client_id)


async def list_clients(uow: SqlUnitOfWork, firm_id: UUID, **filters: Any) -> ClientPage:
    """A page of the firm's clients."""
    items, nxt = await uow.clients.page(firm_id, **filters)
    return ClientPage(items=items, next_cursor=nxt)


async def create_matter(
    uow: SqlUnitOfWork, firm_id: UUID, cmd: MatterCreate, now: datetime
) -> MatterRead:
    """Add a matter to one of the firm's clients."""
    await _client(uow, firm_id, cmd.client_id)
    matter = MatterRead(
        id=uuid.uuid4(), version=1, created_at=now, updated_at=now, **cmd.model_dump()
    )
    await uow.matters.add(firm_id, matter)
    return matter


async def update_matter(
    uow: SqlUnitOfWork, firm_id: UUID, matter_id: UUID, cmd: MatterUpdate, now: datetime
) -> MatterRead:
    """Change the fields sent (the name cannot be cleared)."""
    current = await _matter(uow, firm_id, matter_id, lock=True)
    changes = {
        k: v
        for k, v in cmd.model_dump(exclude_unset=True).items()
        if getattr(current, k) != v and not (k == "name" and v is None)
    }
    if not changes:
        return current
    updated = current.model_copy(
        update={**changes, "version": current.version + 1, "updated_at": now}
    )
    await uow.matters.save(firm_id, updated)
    return updated


async def get_matter(uow: SqlUnitOfWork, firm_id: UUID, matter_id: UUID) -> MatterRead:
    """The matter; MatterNotFound otherwise."""
    return await _matter(uow, firm_id, matter_id)


async def list_matters(uow: SqlUnitOfWork, firm_id: UUID, **filters: Any) -> MatterPage:
    """A page of the firm's matters."""
    items, nxt = await uow.matters.page(firm_id, **filters)
    return MatterPage(items=items, next_cursor=nxt)


async def _client(uow: SqlUnitOfWork, firm_id: UUID, client_id: UUID, *, lock: bool = False):  # noqa: ANN202
    client = await uow.clients.get(firm_id, client_id, lock=lock)
    if client is None:
        raise ClientNotFound(f"no client {client_id} in this firm")
    return client


async def _matter(uow: SqlUnitOfWork, firm_id: UUID, matter_id: UUID, *, lock: bool = False):  # noqa: ANN202
    matter = await uow.matters.get(firm_id, matter_id, lock=lock)
    if matter is None:
        raise MatterNotFound(f"no matter {matter_id} in this firm")
    return matter


async def _announce(
    uow: SqlUnitOfWork, firm_id: UUID, client: ClientRead, changed: tuple[str, ...], now: datetime
) -> None:
    event = ClientUpdated(client=client_snapshot(client), changed_fields=changed)
    await uow.events.add([uow.events.envelope(event, firm_id, now)])
