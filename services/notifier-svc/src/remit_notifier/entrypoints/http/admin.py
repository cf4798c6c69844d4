"""Operator routes (admin token): firm profiles (sender name and contact used in templates).

Firm API keys are not kept here: invoice-svc issues them and answers for them
(``remit_common.firm_auth``).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from remit_common.web import AdminDep

from remit_notifier.domain.firm import FirmProfile
from remit_notifier.entrypoints.http.deps import ClockDep, UowDep
from remit_notifier.entrypoints.http.schemas import FirmProfileWrite
from remit_notifier.service_layer import management

router = APIRouter(prefix="/v1/_admin", tags=["admin"])


@router.put("/firms/{firm_id}", status_code=status.HTTP_204_NO_CONTENT)
async def put_firm(
    firm_id: UUID, body: FirmProfileWrite, _: AdminDep, uow: UowDep, clock: ClockDep
) -> None:
    """Create or replace a firm's sender profile (name, billing contact, language)."""
    await management.save_firm(uow, FirmProfile(firm_id=firm_id, **body.model_dump()), clock.now())
