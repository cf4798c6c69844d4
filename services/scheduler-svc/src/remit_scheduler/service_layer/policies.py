"""Policy use cases: read, replace and delete a policy at one level, then replan what it moves.

A policy for one invoice or one client replans those invoices in the same transaction (a
handful of rows, and the caller sees the new timeline at once).  A group or firm-wide change
may touch thousands of invoices: they are flagged in one UPDATE and the dispatcher loop's
replanner works through them in small batches.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.domain.policy import ReminderPolicy, default_policy
from remit_scheduler.domain.resolution import PolicyLevel
from remit_scheduler.service_layer.errors import ClientNotFound, InvoiceNotFound, PolicyNotFound
from remit_scheduler.service_layer.ingest import replan_client
from remit_scheduler.service_layer.planning import replan_invoice


class PolicyRead(BaseModel):
    """A stored policy (or the built-in default) and where it applies."""

    level: PolicyLevel
    scope: str | None
    policy: ReminderPolicy
    updated_at: datetime | None = None
    replanned_invoices: int | None = None
    replan_scheduled_invoices: int | None = None


class PolicyTarget(BaseModel):
    """Which policy: a level and its scope (group name, client id, invoice id; None = firm)."""

    level: PolicyLevel
    scope: str = ""


async def _check_scope(uow: SqlUnitOfWork, firm_id: uuid.UUID, target: PolicyTarget) -> None:
    # Another firm's client or invoice must look exactly like one that does not exist.
    if (
        target.level is PolicyLevel.CLIENT
        and await uow.read_models.client(firm_id, uuid.UUID(target.scope)) is None
    ):
        raise ClientNotFound(f"No client {target.scope} for this firm.")
    if (
        target.level is PolicyLevel.INVOICE
        and await uow.read_models.invoice(firm_id, uuid.UUID(target.scope)) is None
    ):
        raise InvoiceNotFound(f"No invoice {target.scope} for this firm.")


async def get_policy(uow: SqlUnitOfWork, firm_id: uuid.UUID, target: PolicyTarget) -> PolicyRead:
    """The stored policy; the firm default falls back to the built-in one."""
    await _check_scope(uow, firm_id, target)
    found = await uow.policies.get(firm_id, target.level, target.scope)
    if found is not None:
        return PolicyRead(
            level=target.level, scope=target.scope or None, policy=found[0], updated_at=found[1]
        )
    if target.level is PolicyLevel.FIRM_DEFAULT:
        return PolicyRead(level=PolicyLevel.BUILT_IN, scope=None, policy=default_policy())
    raise PolicyNotFound(f"No {target.level.value} policy for {target.scope}.")


async def _replan(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, target: PolicyTarget, now: datetime
) -> tuple[int | None, int | None]:
    """(replanned now, scheduled for the background replanner)."""
    if target.level is PolicyLevel.INVOICE:
        await replan_invoice(uow, firm_id, uuid.UUID(target.scope), now)
        return 1, None
    if target.level is PolicyLevel.CLIENT:
        return await replan_client(uow, firm_id, uuid.UUID(target.scope), now), None
    group = target.scope if target.level is PolicyLevel.CLIENT_GROUP else None
    return None, await uow.read_models.flag_replan(firm_id, client_group=group)


async def put_policy(
    uow: SqlUnitOfWork,
    firm_id: uuid.UUID,
    target: PolicyTarget,
    policy: ReminderPolicy,
    now: datetime,
) -> PolicyRead:
    """Create or replace; replans only when the stored policy actually changed."""
    await _check_scope(uow, firm_id, target)
    changed = await uow.policies.put(firm_id, target.level, target.scope, policy)
    replanned, scheduled = await _replan(uow, firm_id, target, now) if changed else (0, 0)
    stored = await uow.policies.get(firm_id, target.level, target.scope)
    await uow.commit()
    return PolicyRead(
        level=target.level,
        scope=target.scope or None,
        policy=policy,
        updated_at=stored[1] if stored else None,
        replanned_invoices=replanned,
        replan_scheduled_invoices=scheduled,
    )


async def delete_policy(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, target: PolicyTarget, now: datetime
) -> None:
    """Remove; the next level up applies from now on.  PolicyNotFound when none existed."""
    await _check_scope(uow, firm_id, target)
    if not await uow.policies.delete(firm_id, target.level, target.scope):
        raise PolicyNotFound(f"No {target.level.value} policy for {target.scope or 'the firm'}.")
    await _replan(uow, firm_id, target, now)
    await uow.commit()
