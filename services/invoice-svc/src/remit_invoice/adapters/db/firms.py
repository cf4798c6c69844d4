"""Firms and API keys (add and flush only; the unit of work commits)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.tables import api_keys, firms
from remit_invoice.schemas.firms import ApiKeyRead, FirmRead


def _key(row) -> ApiKeyRead:  # noqa: ANN001 - a Row
    return ApiKeyRead(
        id=row.id,
        firm_id=row.firm_id,
        name=row.name,
        prefix=f"rk_live_{row.public_id}",
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class FirmRepository:
    """Tenants and their keys."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, firm: FirmRead) -> None:
        """Stage a new firm."""
        await self._s.execute(insert(firms).values(**firm.model_dump()))

    async def get(self, firm_id: UUID) -> FirmRead | None:
        """The firm, or None."""
        row = (await self._s.execute(select(firms).where(firms.c.id == firm_id))).first()
        return FirmRead.model_validate(row._mapping) if row else None

    async def add_key(
        self,
        *,
        key_id: UUID,
        firm_id: UUID,
        public_id: str,
        secret_hash: bytes,
        name: str,
        created_at: datetime,
    ) -> ApiKeyRead:
        """Stage a new key (its hash only)."""
        row = (
            await self._s.execute(
                insert(api_keys)
                .values(
                    id=key_id,
                    firm_id=firm_id,
                    public_id=public_id,
                    secret_hash=secret_hash,
                    name=name,
                    created_at=created_at,
                )
                .returning(api_keys)
            )
        ).one()
        return _key(row)

    async def keys(self, firm_id: UUID) -> list[ApiKeyRead]:
        """All keys of a firm, oldest first."""
        rows = await self._s.execute(
            select(api_keys).where(api_keys.c.firm_id == firm_id).order_by(api_keys.c.created_at)
        )
        return [_key(r) for r in rows]

    async def revoke_key(self, firm_id: UUID, key_id: UUID, at: datetime) -> ApiKeyRead | None:
        """Revoke a key (keeping the first revocation time); None if no such key."""
        t = api_keys
        await self._s.execute(
            update(t)
            .where(t.c.firm_id == firm_id, t.c.id == key_id, t.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        row = (
            await self._s.execute(select(t).where(t.c.firm_id == firm_id, t.c.id == key_id))
        ).first()
        return _key(row) if row else None

    async def credentials(self, public_id: str) -> tuple[UUID, bytes] | None:
        """``(firm_id, secret_hash)`` of an active key, for authentication."""
        row = (
            await self._s.execute(
                select(api_keys.c.firm_id, api_keys.c.secret_hash).where(
                    api_keys.c.public_id == public_id, api_keys.c.revoked_at.is_(None)
                )
            )
        ).first()
        return (row.firm_id, row.secret_hash) if row else None
