"""Firm key seeding (admin) and the firm's statement profile."""

from __future__ import annotations

from uuid import UUID

from remit_statement.adapters.db.firm_auth import key_digest
from remit_statement.domain.firm import FirmProfile
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["add_firm_key", "get_profile", "save_profile"]


async def add_firm_key(uow_factory: UowFactory, firm_id: UUID, api_key: str,
                       label: str | None) -> None:
    async with uow_factory() as uow:
        await uow.firms.add_key(key_digest(api_key), firm_id, label)
        await uow.commit()


async def get_profile(uow_factory: UowFactory, firm_id: UUID) -> FirmProfile:
    async with uow_factory() as uow:
        return await uow.firms.profile(firm_id)


async def save_profile(uow_factory: UowFactory, firm_id: UUID, profile: FirmProfile) -> None:
    async with uow_factory() as uow:
        await uow.firms.save_profile(firm_id, profile)
        await uow.commit()
