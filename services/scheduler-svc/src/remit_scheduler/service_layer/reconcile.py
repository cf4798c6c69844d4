"""Reconciliation: issued, unpaid invoices with no planned reminder get replanned.

Such an invoice is not necessarily broken: every step may be sent, or a hold or trust funds
may stop it.  Replanning tells the two apart, repairs the broken ones (a lost row, a replan
that never ran) and the report says which was which.  Work is bounded by ``limit``; call
again while ``more`` is true.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from pydantic import BaseModel, Field

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.service_layer.planning import replan_invoice


class ReconcileRequest(BaseModel):
    """How many invoices to examine in this call."""

    limit: int = Field(default=1000, ge=1, le=10_000)


class ReconcileReport(BaseModel):
    """What reconciliation found and fixed."""

    examined: int
    repaired: int
    without_reminders_by_state: dict[str, int]
    unplannable: int = Field(description="Invoices whose client is still unknown.")
    more: bool


async def reconcile(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, req: ReconcileRequest, now: datetime
) -> ReconcileReport:
    """Examine up to ``req.limit`` unplanned open invoices of the firm and replan them."""
    ids = await uow.read_models.unplanned_open_invoices(firm_id, req.limit + 1)
    more, ids = len(ids) > req.limit, ids[: req.limit]
    repaired, unplannable, states = 0, 0, Counter()
    for invoice_id in ids:
        timeline = await replan_invoice(uow, firm_id, invoice_id, now)
        if timeline is None:
            unplannable += 1
        elif timeline.planned:
            repaired += 1
        else:
            states[timeline.state.value] += 1
    await uow.commit()
    return ReconcileReport(
        examined=len(ids),
        repaired=repaired,
        without_reminders_by_state=dict(states),
        unplannable=unplannable,
        more=more,
    )
