"""Firm API keys (sha256 only, never the key) and firm statement profiles."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_statement.adapters.db import tables as t
from remit_statement.domain.firm import FirmProfile

__all__ = ["FirmRepository"]


class FirmRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add_key(self, key_sha256: str, firm_id: UUID, label: str | None) -> None:
        """Store a key hash for ``firm_id``; re-adding the same key for the same firm is a no-op."""
        await self._s.execute(
            insert(t.firm_keys)
            .values(key_sha256=key_sha256, firm_id=firm_id, label=label)
            .on_conflict_do_nothing()
        )

    async def firm_for_key(self, key_sha256: str) -> UUID | None:
        return await self._s.scalar(
            select(t.firm_keys.c.firm_id).where(t.firm_keys.c.key_sha256 == key_sha256))

    async def profile(self, firm_id: UUID) -> FirmProfile:
        data = await self._s.scalar(
            select(t.firm_profiles.c.profile).where(t.firm_profiles.c.firm_id == firm_id))
        if data is None:
            return FirmProfile()
        data["address_lines"] = tuple(data.get("address_lines") or ())
        return FirmProfile(**data)

    async def save_profile(self, firm_id: UUID, profile: FirmProfile) -> None:
        body = dataclasses.asdict(profile)
        body["address_lines"] = list(profile.address_lines)
        stmt = insert(t.firm_profiles).values(firm_id=firm_id, profile=body)
        await self._s.execute(stmt.on_conflict_do_update(
            index_elements=["firm_id"], set_={"profile": stmt.excluded.profile}))
