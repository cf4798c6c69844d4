"""Clients and matters (add and flush only; the unit of work commits)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.paging import paged, split_page
from remit_invoice.adapters.db.tables import clients, matters
from remit_invoice.schemas.clients import ClientRead, MatterRead


def client_from_row(row: Mapping[str, Any]) -> ClientRead:
    """A client read model from its row."""
    data = dict(row)
    minor, currency = data.pop("trust_balance_minor"), data.pop("trust_currency")
    data["trust_balance"] = (
        {"amount_minor": minor, "currency": currency} if minor is not None else None
    )
    return ClientRead.model_validate(data)


def client_to_row(client: ClientRead) -> dict[str, Any]:
    """The row of a client read model (money split into amount and currency columns)."""
    data = client.model_dump(mode="json", exclude={"trust_balance"})
    data.update(
        id=client.id,
        created_at=client.created_at,
        updated_at=client.updated_at,
        erased_at=client.erased_at,
    )
    trust = client.trust_balance
    data["trust_balance_minor"] = trust.amount_minor if trust else None
    data["trust_currency"] = trust.currency if trust else None
    return data


def _by_id(t: Table, *, lock: bool):  # noqa: ANN202 - a Select
    query = select(t).where(t.c.firm_id == bindparam("firm_id"), t.c.id == bindparam("id"))
    return query.with_for_update() if lock else query


class _Scoped:
    """Firm-scoped reads of one table; another firm's rows are simply not there."""

    table: Table
    _get: Any
    _get_locked: Any

    def __init_subclass__(cls) -> None:
        # Built once: SQLAlchemy memoises a statement's cache key, so point reads skip it.
        cls._get, cls._get_locked = _by_id(cls.table, lock=False), _by_id(cls.table, lock=True)

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _row(self, firm_id: UUID, record_id: UUID, *, lock: bool = False):  # noqa: ANN202
        query = self._get_locked if lock else self._get
        params = {"firm_id": firm_id, "id": record_id}
        return (await self._s.execute(query, params)).mappings().first()

    async def _page(self, firm_id: UUID, filters: Iterable[Any], cursor: str | None, limit: int):  # noqa: ANN202
        t = self.table
        query = paged(select(t).where(t.c.firm_id == firm_id, *filters), t, cursor, limit)
        return split_page((await self._s.execute(query)).all(), limit)


class ClientRepository(_Scoped):
    """The firm's clients."""

    table = clients

    async def add(self, firm_id: UUID, client: ClientRead) -> None:
        """Stage a new client."""
        await self._s.execute(insert(clients).values(firm_id=firm_id, **client_to_row(client)))

    async def get(self, firm_id: UUID, client_id: UUID, *, lock: bool = False) -> ClientRead | None:
        """The client, or None (also when it belongs to another firm)."""
        row = await self._row(firm_id, client_id, lock=lock)
        return client_from_row(_without(row, "firm_id", "seq")) if row else None

    async def get_many(self, firm_id: UUID, ids: Iterable[UUID]) -> dict[UUID, ClientRead]:
        """The firm's clients among ``ids`` (one query, for batches)."""
        rows = await self._s.execute(
            select(clients).where(clients.c.firm_id == firm_id, clients.c.id.in_(set(ids)))
        )
        return {r.id: client_from_row(_without(r._mapping, "firm_id", "seq")) for r in rows}

    async def save(self, firm_id: UUID, client: ClientRead) -> None:
        """Write back a changed client."""
        row = client_to_row(client)
        row.pop("created_at")
        await self._s.execute(
            update(clients)
            .where(clients.c.firm_id == firm_id, clients.c.id == client.id)
            .values(row)
        )

    async def page(
        self,
        firm_id: UUID,
        *,
        cursor: str | None,
        limit: int,
        external_id: str | None = None,
        group: str | None = None,
        client_type: str | None = None,
        updated_since: datetime | None = None,
    ) -> tuple[list[ClientRead], str | None]:
        """One page of clients matching the filters."""
        c = clients.c
        filters = []
        if external_id is not None:
            filters.append(c.external_id == external_id)
        if group is not None:
            filters.append(c.group == group)
        if client_type is not None:
            filters.append(c.client_type == client_type)
        if updated_since is not None:
            filters.append(c.updated_at >= updated_since)
        rows, nxt = await self._page(firm_id, filters, cursor, limit)
        return [client_from_row(_without(r._mapping, "firm_id", "seq")) for r in rows], nxt


class MatterRepository(_Scoped):
    """The firm's matters."""

    table = matters

    async def add(self, firm_id: UUID, matter: MatterRead) -> None:
        """Stage a new matter."""
        await self._s.execute(insert(matters).values(firm_id=firm_id, **matter.model_dump()))

    async def get(self, firm_id: UUID, matter_id: UUID, *, lock: bool = False) -> MatterRead | None:
        """The matter, or None (also when it belongs to another firm)."""
        row = await self._row(firm_id, matter_id, lock=lock)
        return MatterRead.model_validate(_without(row, "firm_id", "seq")) if row else None

    async def get_many(self, firm_id: UUID, ids: Iterable[UUID]) -> dict[UUID, MatterRead]:
        """The firm's matters among ``ids``."""
        rows = await self._s.execute(
            select(matters).where(matters.c.firm_id == firm_id, matters.c.id.in_(set(ids)))
        )
        return {
            r.id: MatterRead.model_validate(_without(r._mapping, "firm_id", "seq")) for r in rows
        }

    async def save(self, firm_id: UUID, matter: MatterRead) -> None:
        """Write back a changed matter."""
        values = matter.model_dump(exclude={"id", "created_at"})
        await self._s.execute(
            update(matters)
            .where(matters.c.firm_id == firm_id, matters.c.id == matter.id)
            .values(values)
        )

    async def page(
        self,
        firm_id: UUID,
        *,
        cursor: str | None,
        limit: int,
        client_id: UUID | None = None,
        external_id: str | None = None,
    ) -> tuple[list[MatterRead], str | None]:
        """One page of matters matching the filters."""
        c = matters.c
        filters = [
            cond
            for value, cond in (
                (client_id, c.client_id == client_id),
                (external_id, c.external_id == external_id),
            )
            if value is not None
        ]
        rows, nxt = await self._page(firm_id, filters, cursor, limit)
        return [
            MatterRead.model_validate(_without(r._mapping, "firm_id", "seq")) for r in rows
        ], nxt


def _without(row: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}
