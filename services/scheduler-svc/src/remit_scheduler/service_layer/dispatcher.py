"""The dispatcher: claims due reminders and hands them to the outbox, safe with many replicas.

Each pass is one transaction: claim up to ``batch_size`` due rows with ``FOR UPDATE SKIP
LOCKED`` (another replica's claimed rows are skipped, not waited for), re-read their invoices
and clients, build the messages, stage them in the outbox and mark the rows dispatched.
Either all of that commits or none of it does, so a crash mid-pass leaves the rows planned
and a later pass produces the same messages with the same ids.  The claim reads the partial
index on planned rows by ``send_at``: its cost follows what is due, not what is stored.

The same loop also runs the replanner: invoices flagged after a policy change are replanned
in small batches, so a PUT of the firm default does not replan thousands of invoices inside
one HTTP request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from remit_common.background import PollingWorker
from remit_common.clock import Clock

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.service_layer.messages import plan_dispatch
from remit_scheduler.service_layer.planning import replan_invoice

log = logging.getLogger(__name__)


class Dispatcher(PollingWorker):
    """Runs dispatch passes every ``interval_s`` (at once again when a batch was full)."""

    def __init__(
        self,
        uows: Callable[[], SqlUnitOfWork],
        clock: Clock,
        *,
        topic: str,
        batch_size: int = 500,
        interval_s: float = 1.0,
        replan_batch_size: int = 100,
    ) -> None:
        super().__init__(name="scheduler-dispatcher", interval_s=interval_s)
        self._uows = uows
        self._clock = clock
        self._topic = topic
        self.batch_size = batch_size
        self._replan_batch = replan_batch_size

    async def run_pass(self) -> bool:
        """Replan flagged invoices, then dispatch; True when either batch was full."""
        replanned = await self.replan_once()
        claimed = await self.dispatch_once()
        return claimed >= self.batch_size or replanned >= self._replan_batch

    async def dispatch_once(self, now: datetime | None = None) -> int:
        """One pass: returns how many due rows it claimed (dispatched or skipped)."""
        now = now or self._clock.now()
        async with self._uows() as uow:
            rows = await uow.reminders.claim_due(now, self.batch_size)
            if not rows:
                return 0
            invoices = await uow.read_models.invoices_by_id(
                list({(r.firm_id, r.invoice_id) for r in rows})
            )
            clients = await uow.read_models.clients_by_id(
                list({(r.firm_id, r.client_id) for r in rows})
            )
            plan = plan_dispatch(rows, invoices, clients, now=now, topic=self._topic)
            await uow.publish(plan.records)
            await uow.reminders.mark(plan.marks, now)
            await uow.history.add_many(plan.history)
            await uow.commit()
        log.info(
            "dispatched due reminders",
            extra={"claimed": len(rows), "messages": len(plan.records)},
        )
        return len(rows)

    async def replan_once(self, now: datetime | None = None) -> int:
        """Replan up to one batch of invoices flagged by a policy change."""
        now = now or self._clock.now()
        async with self._uows() as uow:
            flagged = await uow.read_models.claim_replan(self._replan_batch)
            for firm_id, invoice_id in flagged:
                await replan_invoice(uow, firm_id, invoice_id, now)
                await uow.read_models.clear_replan(firm_id, invoice_id)
            await uow.commit()
        return len(flagged)
