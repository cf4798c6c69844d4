"""Policy routes: the firm default, client groups, clients and invoices (most specific wins)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response
from remit_common.web.firm import FirmDep

from remit_scheduler.domain.policy import ReminderPolicy
from remit_scheduler.domain.resolution import PolicyLevel
from remit_scheduler.entrypoints.http.deps import ClockDep, UowsDep
from remit_scheduler.service_layer import policies as uc
from remit_scheduler.service_layer.policies import PolicyRead, PolicyTarget

router = APIRouter(prefix="/v1", tags=["policies"])
Group = Annotated[str, Path(min_length=1, max_length=100)]


async def _get(uows: UowsDep, firm: FirmDep, target: PolicyTarget) -> PolicyRead:
    async with uows() as uow:
        return await uc.get_policy(uow, firm.firm_id, target)


async def _put(
    uows: UowsDep, firm: FirmDep, clock: ClockDep, target: PolicyTarget, body: ReminderPolicy
) -> PolicyRead:
    async with uows() as uow:
        return await uc.put_policy(uow, firm.firm_id, target, body, clock.now())


async def _delete(uows: UowsDep, firm: FirmDep, clock: ClockDep, target: PolicyTarget) -> Response:
    async with uows() as uow:
        await uc.delete_policy(uow, firm.firm_id, target, clock.now())
    return Response(status_code=204)


@router.get("/policies/default", response_model=PolicyRead)
async def get_default_policy(uows: UowsDep, firm: FirmDep) -> PolicyRead:
    """The firm's default policy (the built-in one until the firm stores its own)."""
    return await _get(uows, firm, PolicyTarget(level=PolicyLevel.FIRM_DEFAULT))


@router.put("/policies/default", response_model=PolicyRead)
async def put_default_policy(
    body: ReminderPolicy, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> PolicyRead:
    """Replace the firm default; open invoices it governs are replanned in the background."""
    return await _put(uows, firm, clock, PolicyTarget(level=PolicyLevel.FIRM_DEFAULT), body)


@router.get("/policies/client-groups/{group}", response_model=PolicyRead)
async def get_group_policy(group: Group, uows: UowsDep, firm: FirmDep) -> PolicyRead:
    """The policy of a client group."""
    return await _get(uows, firm, PolicyTarget(level=PolicyLevel.CLIENT_GROUP, scope=group))


@router.put("/policies/client-groups/{group}", response_model=PolicyRead)
async def put_group_policy(
    group: Group, body: ReminderPolicy, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> PolicyRead:
    """Create or replace a client group's policy."""
    target = PolicyTarget(level=PolicyLevel.CLIENT_GROUP, scope=group)
    return await _put(uows, firm, clock, target, body)


@router.delete("/policies/client-groups/{group}", status_code=204)
async def delete_group_policy(
    group: Group, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> Response:
    """Remove a client group's policy (the firm default applies again)."""
    target = PolicyTarget(level=PolicyLevel.CLIENT_GROUP, scope=group)
    return await _delete(uows, firm, clock, target)


@router.get("/clients/{client_id}/policy", response_model=PolicyRead)
async def get_client_policy(client_id: uuid.UUID, uows: UowsDep, firm: FirmDep) -> PolicyRead:
    """The policy of one client."""
    return await _get(uows, firm, PolicyTarget(level=PolicyLevel.CLIENT, scope=str(client_id)))


@router.put("/clients/{client_id}/policy", response_model=PolicyRead)
async def put_client_policy(
    client_id: uuid.UUID, body: ReminderPolicy, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> PolicyRead:
    """Create or replace one client's policy; the client's open invoices are replanned."""
    target = PolicyTarget(level=PolicyLevel.CLIENT, scope=str(client_id))
    return await _put(uows, firm, clock, target, body)


@router.delete("/clients/{client_id}/policy", status_code=204)
async def delete_client_policy(
    client_id: uuid.UUID, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> Response:
    """Remove one client's policy."""
    target = PolicyTarget(level=PolicyLevel.CLIENT, scope=str(client_id))
    return await _delete(uows, firm, clock, target)


@router.get("/invoices/{invoice_id}/policy", response_model=PolicyRead)
async def get_invoice_policy(invoice_id: uuid.UUID, uows: UowsDep, firm: FirmDep) -> PolicyRead:
    """The policy of one invoice."""
    target = PolicyTarget(level=PolicyLevel.INVOICE, scope=str(invoice_id))
    return await _get(uows, firm, target)


@router.put("/invoices/{invoice_id}/policy", response_model=PolicyRead)
async def put_invoice_policy(
    invoice_id: uuid.UUID, body: ReminderPolicy, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> PolicyRead:
    """Create or replace one invoice's policy; its timeline is replanned at once."""
    target = PolicyTarget(level=PolicyLevel.INVOICE, scope=str(invoice_id))
    return await _put(uows, firm, clock, target, body)


@router.delete("/invoices/{invoice_id}/policy", status_code=204)
async def delete_invoice_policy(
    invoice_id: uuid.UUID, uows: UowsDep, firm: FirmDep, clock: ClockDep
) -> Response:
    """Remove one invoice's policy."""
    target = PolicyTarget(level=PolicyLevel.INVOICE, scope=str(invoice_id))
    return await _delete(uows, firm, clock, target)
