"""Builds invoice-svc-style events (snapshots with rising versions) for integration tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from remit_common.events import (
    ClientSnapshot,
    DeliveryPreference,
    Envelope,
    InvoiceIssued,
    InvoiceSnapshot,
    InvoiceStatus,
    InvoiceWrittenOff,
    MatterSnapshot,
    PaymentReceived,
    PaymentReversed,
    PostalAddress,
)
from remit_common.kafka.producer import KafkaPublisher
from remit_common.kafka.records import OutgoingRecord
from remit_common.money import Money

SOURCE = "/remit/invoice-svc"


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 17, 0, tzinfo=UTC)


def client_snapshot(
    name: str,
    pref: DeliveryPreference = DeliveryPreference.EMAIL,
    emails: tuple[str, ...] = ("ap@client.example",),
) -> ClientSnapshot:
    return ClientSnapshot(
        id=uuid4(),
        version=1,
        name=name,
        emails=emails,
        timezone="America/Chicago",
        language="en-US",
        delivery_preference=pref,
        postal_address=PostalAddress(
            lines=("1 Main St",), city="Springfield", region="IL", postal_code="62701", country="US"
        ),
    )


@dataclass
class InvoiceStory:
    """One invoice and the events invoice-svc would publish for it, in order."""

    firm_id: UUID
    client: ClientSnapshot
    number: str
    total: int
    issued: date
    due: date
    currency: str = "USD"
    matter: MatterSnapshot | None = None
    id: UUID = field(default_factory=uuid4)
    version: int = 0
    balance: int = 0
    events: list[Envelope] = field(default_factory=list)

    def _money(self, minor: int) -> Money:
        return Money(amount_minor=minor, currency=self.currency)

    def _snap(self, status: InvoiceStatus) -> InvoiceSnapshot:
        self.version += 1
        return InvoiceSnapshot(
            id=self.id,
            version=self.version,
            number=self.number,
            client_id=self.client.id,
            matter_id=self.matter.id if self.matter else None,
            issue_date=self.issued,
            due_date=self.due,
            currency=self.currency,
            total=self._money(self.total),
            balance=self._money(max(0, self.balance)),
            status=status,
            portal_url=f"https://portal.example/i/{self.number}",
        )

    def _add(self, payload, when: date) -> None:  # noqa: ANN001
        self.events.append(
            Envelope.new(payload, source=SOURCE, firm_id=self.firm_id, time=at(when))
        )

    def issue(self) -> InvoiceStory:
        self.balance = self.total
        self._add(
            InvoiceIssued(
                invoice_id=self.id,
                invoice=self._snap(InvoiceStatus.ISSUED),
                client=self.client,
                matter=self.matter,
            ),
            self.issued,
        )
        return self

    def pay(self, minor: int, on: date, payment_id: UUID | None = None) -> UUID:
        pid = payment_id or uuid4()
        self.balance -= minor
        status = InvoiceStatus.PAID if self.balance <= 0 else InvoiceStatus.PARTIALLY_PAID
        self._add(
            PaymentReceived(
                invoice_id=self.id,
                invoice=self._snap(status),
                client=self.client,
                matter=self.matter,
                payment_id=pid,
                amount=self._money(minor),
                received_at=at(on),
                balance_after=self._money(max(0, self.balance)),
            ),
            on,
        )
        return pid

    def reverse(self, pid: UUID, minor: int, on: date) -> None:
        self.balance += minor
        self._add(
            PaymentReversed(
                invoice_id=self.id,
                invoice=self._snap(InvoiceStatus.PARTIALLY_PAID),
                client=self.client,
                matter=self.matter,
                payment_id=pid,
                amount=self._money(minor),
                reversed_at=at(on),
                reason="chargeback",
                balance_after=self._money(max(0, self.balance)),
            ),
            on,
        )

    def write_off(self, on: date) -> None:
        amount, self.balance = self.balance, 0
        self._add(
            InvoiceWrittenOff(
                invoice_id=self.id,
                invoice=self._snap(InvoiceStatus.WRITTEN_OFF),
                client=self.client,
                matter=self.matter,
                written_off_at=at(on),
                amount=self._money(amount),
            ),
            on,
        )


async def publish(bootstrap: str, topic: str, envelopes: list[Envelope]) -> None:
    async with KafkaPublisher(bootstrap, "statement-tests") as pub:
        await pub.publish_batch(
            [
                OutgoingRecord(topic=topic, key=e.partition_key(), value=e.to_json_bytes())
                for e in envelopes
            ]
        )
