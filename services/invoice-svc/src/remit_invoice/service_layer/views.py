"""Read models and event snapshots built from stored records (pure mapping, no queries)."""

from __future__ import annotations

from remit_common.events.snapshots import (
    ClientSnapshot,
    InvoiceSnapshot,
    LineItem,
    MatterSnapshot,
)
from remit_common.money import Money

from remit_invoice.domain.invoice import Invoice
from remit_invoice.domain.payment import Payment
from remit_invoice.schemas.clients import ClientRead, MatterRead
from remit_invoice.schemas.invoices import InvoiceRead, LineItemIn
from remit_invoice.schemas.payments import PaymentRead

#: Events carry a summary of the line items; the full list stays in the API.
SNAPSHOT_LINE_ITEMS = 100


def invoice_read(invoice: Invoice) -> InvoiceRead:
    """The API view of an invoice."""
    return InvoiceRead(
        id=invoice.id,
        version=invoice.version,
        client_id=invoice.client_id,
        matter_id=invoice.matter_id,
        number=invoice.number,
        external_id=invoice.external_id,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        total_minor=invoice.total_minor,
        line_items=[
            LineItemIn(description=li.description, amount_minor=li.amount_minor)
            for li in invoice.line_items
        ],
        portal_url=invoice.portal_url,
        shared_to_portal=invoice.shared_to_portal,
        balance_minor=invoice.balance_minor,
        paid_minor=invoice.paid_minor,
        credit_minor=invoice.credit_minor,
        written_off_minor=invoice.written_off_minor,
        status=invoice.status,
        disputed=invoice.disputed,
        view_count=invoice.view_count,
        last_viewed_at=invoice.last_viewed_at,
        closed_at=invoice.closed_at,
        created_at=invoice.created_at,
        updated_at=invoice.updated_at,
    )


def payment_read(payment: Payment) -> PaymentRead:
    """The API view of a payment."""
    cur = payment.currency
    return PaymentRead(
        id=payment.id,
        invoice_id=payment.invoice_id,
        amount=Money(amount_minor=payment.amount_minor, currency=cur),
        received_at=payment.received_at,
        method=payment.method,
        external_id=payment.external_id,
        credit_created=Money(amount_minor=payment.credit_minor, currency=cur),
        status="reversed" if payment.is_reversed else "received",
        reversed_at=payment.reversed_at,
        reversal_reason=payment.reversal_reason,
        invoice_balance_after=Money(amount_minor=payment.balance_after_minor, currency=cur),
        created_at=payment.created_at,
    )


def invoice_snapshot(invoice: Invoice) -> InvoiceSnapshot:
    """What consumers need of the invoice after a change, so they never call back."""
    cur = invoice.currency
    return InvoiceSnapshot(
        id=invoice.id,
        version=invoice.version,
        number=invoice.number,
        external_id=invoice.external_id,
        client_id=invoice.client_id,
        matter_id=invoice.matter_id,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        currency=cur,
        total=Money(amount_minor=invoice.total_minor, currency=cur),
        balance=Money(amount_minor=invoice.balance_minor, currency=cur),
        status=invoice.status,
        line_items=tuple(
            LineItem(
                description=li.description, amount=Money(amount_minor=li.amount_minor, currency=cur)
            )
            for li in invoice.line_items[:SNAPSHOT_LINE_ITEMS]
        ),
        line_item_count=len(invoice.line_items),
        portal_url=invoice.portal_url,
        shared_to_portal=invoice.shared_to_portal,
        last_viewed_at=invoice.last_viewed_at,
        view_count=invoice.view_count,
    )


def client_snapshot(client: ClientRead) -> ClientSnapshot:
    """The client's contact details and preferences, as events carry them."""
    return ClientSnapshot(
        id=client.id,
        version=client.version,
        external_id=client.external_id,
        name=client.name,
        emails=tuple(client.emails),
        phone=client.phone,
        postal_address=client.postal_address,
        language=client.language,
        timezone=client.timezone,
        delivery_preference=client.delivery_preference,
        group=client.group,
        client_type=client.client_type,
        opted_out_channels=tuple(client.opted_out_channels),
        trust_balance=client.trust_balance,
    )


def matter_snapshot(matter: MatterRead | None) -> MatterSnapshot | None:
    """The matter an invoice bills for, as events carry it."""
    if matter is None:
        return None
    return MatterSnapshot(
        id=matter.id,
        version=matter.version,
        external_id=matter.external_id,
        name=matter.name,
        practice_area=matter.practice_area,
        responsible_attorney=matter.responsible_attorney,
        billing_group=matter.billing_group,
    )
