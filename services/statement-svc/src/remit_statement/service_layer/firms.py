"""The firm's statement profile."""

from __future__ import annotations

from uuid import UUID

from remit_statement.domain.firm import FirmProfile
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["get_profile", "save_profile"]


async def get_profile(uow_factory: UowFactory, firm_id: UUID) -> FirmProfile:
    async with uow_factory() as uow:
        return await uow.firms.profile(firm_id)


async def save_profile(uow_factory: UowFactory, firm_id: UUID, profile: FirmProfile) -> None:
    async with uow_factory() as uow:
        await uow.firms.save_profile(firm_id, profile)
        await uow.commit()
