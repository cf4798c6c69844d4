"""Firm statement profiles (letterhead, paper, note), one JSON document per firm."""

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

    async def profile(self, firm_id: UUID) -> FirmProfile:
        data = await self._s.scalar(
            select(t.firm_profiles.c.profile).where(t.firm_profiles.c.firm_id == firm_id)
        )
        if data is None:
            return FirmProfile()
        data["address_lines"] = tuple(data.get("address_lines") or ())
        return FirmProfile(**data)

    async def save_profile(self, firm_id: UUID, profile: FirmProfile) -> None:
        body = dataclasses.asdict(profile)
        body["address_lines"] = list(profile.address_lines)
        stmt = insert(t.firm_profiles).values(firm_id=firm_id, profile=body)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["firm_id"], set_={"profile": stmt.excluded.profile}
            )
        )
