"""Applies consumed events to the ledger read model and the KPI facts (one UoW per event).

Sources and what each adds:

* ``billing.invoice-events.v1``: client / matter / invoice snapshots (highest version wins),
  payments (key ``pay:<payment id>``), reversals, write-offs (credits), void and dispute dates.
  Payment and view events from *external* producers carry no snapshots and no Remit payment
  id; they are skipped here because invoice-svc applies them and republishes them complete,
  so counting both would double the payment.
* ``billing.reminders.v1``: one reminder fact (for "last reminder" and conversion KPIs).
* ``billing.notifications.v1``: one delivery fact per event (open and bounce rates).

Dates on the ledger are the client's local calendar dates (a payment at 23:30 in Chicago is
booked on that day, not on the UTC day after).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from remit_common.events import (
    ClientSnapshot,
    ClientUpdated,
    Envelope,
    InvoiceDisputed,
    InvoiceScopedEvent,
    InvoiceVoided,
    InvoiceWrittenOff,
    NotificationEvent,
    PaymentReceived,
    PaymentReversed,
    ReminderDue,
)
from remit_common.inbox import Inbox

from remit_statement.adapters.db.ledger_repo import LedgerRepository
from remit_statement.domain.kpis import NotificationFact, ReminderFact
from remit_statement.domain.model import EntryKind, Movement
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["apply_event", "local_date"]


def local_date(at: datetime, client: ClientSnapshot | None) -> date:
    """``at`` as a calendar date in the client's zone (UTC when the client is unknown)."""
    zone = ZoneInfo(client.timezone) if client is not None else UTC
    return at.astimezone(zone).date()


async def apply_event(uow_factory: UowFactory, inbox: Inbox, envelope: Envelope) -> bool:
    """Apply one event exactly once; False when it had been applied before."""
    async with uow_factory() as uow:
        if not await inbox.first_delivery(uow.session, envelope.id):
            return False
        await _apply(uow.ledger, envelope.firmid, envelope.id, envelope.data)
        await uow.commit()
    return True


async def _apply(ledger: LedgerRepository, firm: UUID, event_id: UUID, data) -> None:  # noqa: ANN001
    match data:
        case ClientUpdated(client=client):
            await ledger.upsert_client(firm, client)
            return
        case ReminderDue():
            await ledger.upsert_client(firm, data.client)
            await ledger.add_reminder(
                firm,
                ReminderFact(
                    data.reminder_id,
                    data.client.id,
                    data.step.kind.value,
                    data.scheduled_for,
                    tuple(item.invoice_id for item in data.items),
                ),
            )
            return
        case NotificationEvent():
            await ledger.add_notification(
                firm,
                event_id,
                NotificationFact(
                    data.notification_id,
                    data.reminder_id,
                    data.client_id,
                    data.step_kind.value if data.step_kind else None,
                    data.channel.value,
                    data.status,
                    data.occurred_at,
                ),
            )
            return
        case InvoiceScopedEvent() if getattr(data, "invoice", None) is None:
            return  # an external producer's report; invoice-svc republishes it complete
        case InvoiceScopedEvent():
            pass
        case _:
            return  # statement-svc's own events and anything it does not read
    client, inv = data.client, data.invoice
    if client is not None:
        await ledger.upsert_client(firm, client)
    if data.matter is not None:
        await ledger.upsert_matter(firm, data.matter)
    await ledger.upsert_invoice(firm, inv)
    match data:
        case InvoiceVoided(voided_at=at):
            await ledger.mark_invoice(firm, inv.id, voided_on=local_date(at, client))
        case InvoiceDisputed(disputed_at=at):
            await ledger.mark_invoice(firm, inv.id, disputed_on=local_date(at, client))
        case InvoiceWrittenOff(written_off_at=at, amount=amount) if amount.is_positive():
            await ledger.add_movement(
                firm,
                Movement(
                    f"writeoff:{inv.id}:{at.isoformat()}",
                    EntryKind.CREDIT,
                    inv.id,
                    local_date(at, client),
                    amount,
                    "write-off",
                ),
            )
        case PaymentReceived(payment_id=pid, received_at=at) if pid is not None:
            await ledger.add_movement(
                firm,
                Movement(
                    f"pay:{pid}",
                    EntryKind.PAYMENT,
                    inv.id,
                    local_date(at, client),
                    data.amount,
                    data.method.value,
                ),
            )
        case PaymentReversed(payment_id=pid, reversed_at=at) if pid is not None:
            await ledger.add_movement(
                firm,
                Movement(
                    f"rev:{pid}:{at.isoformat()}",
                    EntryKind.REVERSAL,
                    inv.id,
                    local_date(at, client),
                    data.amount,
                    data.reason,
                ),
            )
