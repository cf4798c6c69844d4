"""Firm policies by level: the firm default, a client group, a client, an invoice.

Stored as the policy's JSON; every read validates it through ``ReminderPolicy`` again, so a
row can never reach the engine in a shape the model would refuse.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_scheduler.adapters.db.tables import policies
from remit_scheduler.domain.policy import ReminderPolicy
from remit_scheduler.domain.resolution import PolicyLevel


class PolicyRepository:
    """CRUD of ``policies`` rows (adds and flushes only)."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(
        self, firm_id: uuid.UUID, level: PolicyLevel, scope: str = ""
    ) -> tuple[ReminderPolicy, datetime] | None:
        """The stored policy and when it last changed, or None."""
        stmt = select(policies.c.policy, policies.c.updated_at).where(
            policies.c.firm_id == firm_id,
            policies.c.level == level.value,
            policies.c.scope == scope,
        )
        row = (await self._s.execute(stmt)).first()
        if row is None:
            return None
        return ReminderPolicy.model_validate(row.policy), row.updated_at

    async def put(
        self, firm_id: uuid.UUID, level: PolicyLevel, scope: str, policy: ReminderPolicy
    ) -> bool:
        """Create or replace; True when the stored policy changed (a PUT of the same body
        is a no-op, so repeating a request is naturally idempotent)."""
        body = policy.model_dump(mode="json")
        stmt = insert(policies).values(firm_id=firm_id, level=level.value, scope=scope, policy=body)
        stmt = stmt.on_conflict_do_update(
            index_elements=[policies.c.firm_id, policies.c.level, policies.c.scope],
            set_={"policy": stmt.excluded.policy, "updated_at": func.now()},
            where=policies.c.policy != stmt.excluded.policy,
        ).returning(policies.c.firm_id)
        return (await self._s.execute(stmt)).first() is not None

    async def delete(self, firm_id: uuid.UUID, level: PolicyLevel, scope: str = "") -> bool:
        """Remove; True when a row existed."""
        result = await self._s.execute(
            delete(policies).where(
                policies.c.firm_id == firm_id,
                policies.c.level == level.value,
                policies.c.scope == scope,
            )
        )
        return bool(result.rowcount)

    async def candidates(
        self,
        firm_id: uuid.UUID,
        *,
        invoice_id: uuid.UUID | None,
        client_id: uuid.UUID | None,
        client_group: str | None,
    ) -> dict[PolicyLevel, ReminderPolicy]:
        """Every level that has a policy for this invoice, in one query."""
        wanted = [(policies.c.level == "firm_default") & (policies.c.scope == "")]
        if client_group:
            wanted.append((policies.c.level == "client_group") & (policies.c.scope == client_group))
        if client_id is not None:
            wanted.append((policies.c.level == "client") & (policies.c.scope == str(client_id)))
        if invoice_id is not None:
            wanted.append((policies.c.level == "invoice") & (policies.c.scope == str(invoice_id)))
        stmt = select(policies.c.level, policies.c.policy).where(
            policies.c.firm_id == firm_id, or_(*wanted)
        )
        return {
            PolicyLevel(r.level): ReminderPolicy.model_validate(r.policy)
            for r in (await self._s.execute(stmt)).all()
        }
