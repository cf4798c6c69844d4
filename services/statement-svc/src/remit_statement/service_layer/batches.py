"""Bulk statement batches: create, report progress, and the background worker's two steps.

Exactly-once, across crashes and restarts:

* ``create_batch`` stores the batch and one *pending* item per selected client in one
  transaction, so the selection is fixed when the request returns.
* ``process_next_item`` claims one pending item (``FOR UPDATE SKIP LOCKED``), renders the
  statement, stages the notifier's ``remit.reminder.due.v1`` (kind ``statement``) in the
  outbox with an id derived from (batch, client, currency), stages
  ``remit.statement.rendered.v1`` likewise, stores the PDF and marks the item done -- all in
  one transaction. A crash before commit leaves the item pending with nothing
  sent; after commit it is never claimed again; and the outbox's unique event id would refuse
  a second copy even if it were.
* ``finish_next_batch`` merges the printed PDFs (each statement on an odd page) and stages
  ``remit.statement_batch.completed.v1`` in the same transaction that closes the batch.

Telling the requester: the completed event (and ``GET /v1/statement-batches/{id}``) *is* the
notification. No e-mail is staged here, because no contract carries one cleanly:
``ReminderDue`` is a message to a *client* about *invoices* (a ``ClientSnapshot``, at least
one invoice item, ``total_due`` equal to their balances), while the requester is an API key
or user id with no address in any contract. Dressing the requester up as a client would put
a made-up client into the notifier's send-once keys and into the reminder KPIs. The e-mail
belongs to whoever knows firm users' addresses, consuming the completed event.

The notifier fetches each emailed statement from the internal-token route
``/v1/_internal/firms/{firm}/statement-batches/{batch}/clients/{client}.pdf`` named in the
reminder's attachment (and in ``remit.statement.rendered.v1``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from remit_common.clock import Clock
from remit_common.events import (
    Attachment,
    BatchFailure,
    Channel,
    Envelope,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    StatementBatchCompleted,
    StatementRendered,
    StepKind,
)
from remit_common.money import Money

from remit_statement.adapters.db.batch_repo import BatchRow, ClaimedItem
from remit_statement.adapters.rendering.merge import merge_for_duplex
from remit_statement.domain.batch import BatchCriteria, select_clients
from remit_statement.domain.errors import BatchNotFound, BatchNotReady
from remit_statement.domain.statement import Statement
from remit_statement.service_layer.queries import Period, load_statement, render
from remit_statement.service_layer.unit_of_work import UnitOfWork, UowFactory

__all__ = [
    "BatchLinks",
    "create_batch",
    "finish_next_batch",
    "get_batch",
    "item_pdf",
    "merged_pdf",
    "process_next_item",
]

SOURCE = "/remit/statement-svc"


@dataclasses.dataclass(frozen=True, slots=True)
class BatchLinks:
    """Absolute URLs the notifier and the requester follow (from settings.public_base_url)."""

    base_url: str
    reminders_topic: str
    statements_topic: str

    def item_pdf(self, firm_id: UUID, batch_id: UUID, client_id: UUID) -> str:
        """The internal-token URL the notifier fetches a batch statement from."""
        return (
            f"{self.base_url}/v1/_internal/firms/{firm_id}/statement-batches/{batch_id}"
            f"/clients/{client_id}.pdf"
        )

    def merged_pdf(self, batch_id: UUID) -> str:
        return f"{self.base_url}/v1/statement-batches/{batch_id}/pdf"


def _criteria_json(c: BatchCriteria) -> dict[str, Any]:
    out = dataclasses.asdict(c)
    return {k: (str(v) if isinstance(v, date | UUID) else v) for k, v in out.items()} | {
        "client_ids": [str(x) for x in c.client_ids]
    }


async def create_batch(
    uow_factory: UowFactory,
    firm_id: UUID,
    requested_by: str,
    criteria: BatchCriteria,
    now: datetime,
) -> UUID:
    """Select the clients and store the batch with its pending items; returns its id."""
    batch_id = uuid4()
    async with uow_factory() as uow:
        ledger = await uow.ledger.firm_ledger(firm_id)
        chosen = select_clients(ledger, criteria)
        await uow.batches.create(
            batch_id=batch_id,
            firm_id=firm_id,
            requested_by=requested_by,
            criteria=_criteria_json(criteria),
            created_at=now,
            items=[(s.client.id, s.email, s.print) for s in chosen],
        )
        await uow.commit()
    return batch_id


async def get_batch(uow_factory: UowFactory, firm_id: UUID, batch_id: UUID) -> BatchRow:
    async with uow_factory() as uow:
        row = await uow.batches.get(firm_id, batch_id)
    if row is None:
        raise BatchNotFound(f"No statement batch {batch_id} in this firm.")
    return row


async def merged_pdf(uow_factory: UowFactory, firm_id: UUID, batch_id: UUID) -> bytes:
    async with uow_factory() as uow:
        row = await uow.batches.get(firm_id, batch_id)
        if row is None:
            raise BatchNotFound(f"No statement batch {batch_id} in this firm.")
        pdf = await uow.batches.merged_pdf(firm_id, batch_id)
    if pdf is None:
        raise BatchNotReady("The merged PDF is produced when the batch completes.", state=row.state)
    return pdf


async def item_pdf(
    uow_factory: UowFactory, firm_id: UUID, batch_id: UUID, client_id: UUID
) -> bytes:
    async with uow_factory() as uow:
        pdf = await uow.batches.item_pdf(firm_id, batch_id, client_id)
    if pdf is None:
        raise BatchNotFound(f"No statement for client {client_id} in batch {batch_id}.")
    return pdf


def _reminders(
    st: Statement, item: ClaimedItem, links: BatchLinks, now: datetime
) -> list[ReminderDue]:
    """One statement reminder per currency the client owes in (one message quotes one)."""
    out = []
    for sec in st.sections:
        owed = [it for it in sec.open_items if it.balance.is_positive()][:200]
        if not owed or not sec.amount_due.is_positive():
            continue
        out.append(
            ReminderDue(
                reminder_id=uuid5(
                    NAMESPACE_URL, f"remit:batch:{item.batch_id}:{item.client_id}:{sec.currency}"
                ),
                client=st.client,
                consolidation="client",
                items=tuple(
                    ReminderInvoiceItem(
                        invoice_id=it.invoice.id,
                        number=it.invoice.number,
                        matter_id=it.invoice.matter_id,
                        issue_date=it.invoice.issue_date,
                        due_date=it.invoice.due_date,
                        total=it.invoice.total,
                        balance=it.balance,
                        status=it.invoice.status,
                        portal_url=it.invoice.portal_url,
                    )
                    for it in owed
                ),
                step=ReminderStep(index=0, kind=StepKind.STATEMENT),
                channels=(Channel.EMAIL,),
                total_due=sum((it.balance for it in owed), Money.zero(sec.currency)),
                scheduled_for=now,
                language=st.client.language,
                attachments=(
                    Attachment(
                        kind="statement",
                        url=links.item_pdf(item.firm_id, item.batch_id, item.client_id),
                        filename=f"statement-{st.period_end:%Y-%m-%d}.pdf",
                    ),
                ),
            )
        )
    return out


def _rendered(
    st: Statement, item: ClaimedItem, links: BatchLinks, now: datetime, pages: int | None
) -> list[Envelope]:
    """``remit.statement.rendered.v1`` for a batch statement: one per currency section.

    The contract quotes one closing balance, so a two-currency statement is announced twice;
    both events name the same document (``statement_id``, ``url``) and differ in event id.
    """
    statement_id = uuid5(NAMESPACE_URL, f"remit:statement:{item.batch_id}:{item.client_id}")
    return [
        Envelope.new(
            StatementRendered(
                statement_id=statement_id,
                client_id=item.client_id,
                batch_id=item.batch_id,
                period_start=st.period_start,
                period_end=st.period_end,
                format="pdf",
                url=links.item_pdf(item.firm_id, item.batch_id, item.client_id),
                closing_balance=sec.closing,
                page_count=pages,
                rendered_at=now,
            ),
            source=SOURCE,
            firm_id=item.firm_id,
            time=now,
            id=uuid5(NAMESPACE_URL, f"remit:statement-rendered:{statement_id}:{sec.currency}"),
        )
        for sec in st.sections
    ]


async def process_next_item(uow_factory: UowFactory, clock: Clock, links: BatchLinks) -> bool:
    """Do one pending item of any running batch; False when there is none."""
    async with uow_factory() as uow:
        item = await uow.batches.claim_item()
        if item is None:
            return False
        now = clock.now()
        period = Period(
            date.fromisoformat(item.criteria["period_start"]),
            date.fromisoformat(item.criteria["period_end"]),
        )
        try:
            st, profile = await load_statement(uow, item.firm_id, period, client_id=item.client_id)
            # ReportLab is CPU-bound: a thread keeps the event loop answering meanwhile.
            doc = await asyncio.to_thread(render, st, profile, "pdf")
            reminders = _reminders(st, item, links, now) if item.email else []
        except Exception as exc:  # noqa: BLE001 - one client's failure must not stop the batch
            await _finish(uow, item, now, state="failed", reason=_reason(exc))
            return True
        for reminder in reminders:
            env = Envelope.new(
                reminder, source=SOURCE, firm_id=item.firm_id, time=now, id=reminder.reminder_id
            )
            await uow.stage_event(env, links.reminders_topic)
        for rendered in _rendered(st, item, links, now, doc.pages):
            await uow.stage_event(rendered, links.statements_topic)
        await _finish(uow, item, now, state="done", pdf=doc.content, pages=doc.pages)
    return True


def _reason(exc: Exception) -> str:
    # Reasons are shown to the firm: the exception class and our own message, no data dump.
    return f"{type(exc).__name__}: {str(exc)[:300]}"


async def _finish(uow: UnitOfWork, item: ClaimedItem, now: datetime, **kw: Any) -> None:
    await uow.batches.finish_item(item.batch_id, item.client_id, done_at=now, **kw)
    await uow.commit()


async def finish_next_batch(uow_factory: UowFactory, clock: Clock, links: BatchLinks) -> bool:
    """Merge and announce one running batch whose items are all finished; False if none."""
    async with uow_factory() as uow:
        batch = await uow.batches.claim_finished_batch()
        if batch is None:
            return False
        pdfs = await uow.batches.printed_pdfs(batch.id)
        merged, pages = (None, None)
        if pdfs:
            merged, pages, _ = await asyncio.to_thread(merge_for_duplex, pdfs)
        now = clock.now()
        c = batch.counts
        outcome = (
            "failed"
            if c["failed"] and not c["done"]
            else "completed_with_failures"
            if c["failed"]
            else "completed"
        )
        event = StatementBatchCompleted(
            batch_id=batch.id,
            requested_by=batch.requested_by,
            outcome=outcome,
            total=batch.total,
            sent=c["emailed"],
            printed=c["printed"],
            failed=c["failed"],
            pdf_url=links.merged_pdf(batch.id) if merged else None,
            failures=tuple(
                BatchFailure(client_id=cid, reason=r[:500]) for cid, r in batch.failures
            ),
            started_at=batch.created_at,
            completed_at=max(now, batch.created_at),
        )
        env = Envelope.new(
            event,
            source=SOURCE,
            firm_id=batch.firm_id,
            time=now,
            id=uuid5(NAMESPACE_URL, f"remit:batch-completed:{batch.id}"),
        )
        await uow.stage_event(env, links.statements_topic)
        await uow.batches.complete(
            batch.id, completed_at=now, state=outcome, merged_pdf=merged, merged_pages=pages
        )
        await uow.commit()
    return True
