"""Every event type: registered, round-trips through JSON, keyed and addressed consistently."""

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError
from remit_common.events import (
    EVENT_TYPES,
    TOPIC_TYPES,
    Envelope,
    EventPayload,
    InvoiceIssued,
    PaymentReceived,
    ReminderDue,
    StatementBatchCompleted,
    UnknownEventType,
    dataschema_uri,
    model_for,
    parse_event,
    topic_for,
)
from remit_common.events import examples as ex
from remit_common.money import Money
from remit_common.topics import ALL_TOPICS, INVOICE_EVENTS, NOTIFICATIONS, REMINDERS, STATEMENTS

# The architecture's Kafka table, spelled out independently of the registry.
ARCHITECTURE_TYPES = {
    INVOICE_EVENTS: {
        "remit.invoice.issued.v1",
        "remit.invoice.updated.v1",
        "remit.invoice.voided.v1",
        "remit.invoice.written_off.v1",
        "remit.invoice.viewed.v1",
        "remit.invoice.disputed.v1",
        "remit.invoice.dispute_resolved.v1",
        "remit.payment.received.v1",
        "remit.payment.reversed.v1",
        "remit.client.updated.v1",
    },
    REMINDERS: {"remit.reminder.due.v1"},
    NOTIFICATIONS: {
        f"remit.notification.{s}.v1"
        for s in ("sent", "delivered", "bounced", "failed", "opened", "clicked", "opted_out")
    },
    STATEMENTS: {"remit.statement.rendered.v1", "remit.statement_batch.completed.v1"},
}
ALL_TYPES = sorted(EVENT_TYPES)


def test_registry_matches_the_architecture() -> None:
    assert set(TOPIC_TYPES) == set(ALL_TOPICS) == set(ARCHITECTURE_TYPES)
    for topic, types in ARCHITECTURE_TYPES.items():
        assert set(TOPIC_TYPES[topic]) == types
    assert set(EVENT_TYPES) == set().union(*ARCHITECTURE_TYPES.values())
    assert set(ex.EXAMPLES) == set(EVENT_TYPES)


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_model_declares_its_type_and_topic(event_type: str) -> None:
    model = model_for(event_type)
    assert model.event_type == event_type
    assert topic_for(event_type) == model.topic
    assert model.dataschema() == dataschema_uri(event_type)
    assert model.model_config.get("extra") == "forbid"
    assert model.model_config.get("frozen") is True
    assert not model.__name__.endswith("Event")  # past tense names: InvoiceIssued


def test_unknown_type_lookup() -> None:
    with pytest.raises(UnknownEventType):
        model_for("remit.invoice.exploded.v1")


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_round_trips_through_json(event_type: str) -> None:
    envelope = ex.example_envelope(event_type)
    raw = envelope.to_json_bytes()
    parsed = parse_event(raw)
    assert parsed == envelope
    assert type(parsed.data) is model_for(event_type)
    assert parsed.to_json_bytes() == raw
    assert type(parsed.data).model_validate_json(parsed.data.model_dump_json()) == parsed.data


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_keys_and_subjects(event_type: str) -> None:
    envelope = ex.example_envelope(event_type)
    key = envelope.partition_key().decode()
    UUID(key)
    if event_type.startswith(("remit.invoice.", "remit.payment.")):
        assert key == envelope.subject == str(ex.INVOICE_ID)
    elif event_type == "remit.statement_batch.completed.v1":
        assert key == str(ex.BATCH_ID)
    else:
        assert key == str(ex.CLIENT_ID)


def test_new_fills_the_cloudevents_attributes() -> None:
    payload = ex.EXAMPLES[InvoiceIssued.event_type]
    when = datetime(2025, 3, 14, 16, 0, tzinfo=timezone(timedelta(hours=2)))
    envelope = Envelope.new(payload, source="/remit/invoice-svc", firm_id=ex.FIRM_ID, time=when)
    assert envelope.specversion == "1.0"
    assert envelope.type == "remit.invoice.issued.v1"
    assert envelope.subject == str(ex.INVOICE_ID)
    assert envelope.firmid == ex.FIRM_ID
    assert envelope.dataschema == "urn:remit:schema:remit.invoice.issued.v1"
    assert envelope.datacontenttype == "application/json"
    assert envelope.time == datetime(2025, 3, 14, 14, 0, tzinfo=UTC)
    assert envelope.time.utcoffset() == timedelta(0)
    assert b'"time":"2025-03-14T14:00:00Z"' in envelope.to_json_bytes()
    assert isinstance(envelope.id, UUID)
    other = Envelope.new(payload, source="/x", firm_id=ex.FIRM_ID, time=when)
    assert other.id != envelope.id  # a fresh idempotency key per event


def test_absent_optional_attributes_are_omitted() -> None:
    envelope = ex.example_envelope("remit.client.updated.v1")
    assert envelope.subject is None
    assert b'"subject"' not in envelope.to_json_bytes()


def test_envelope_refuses_a_payload_of_another_type() -> None:
    payload = ex.EXAMPLES[InvoiceIssued.event_type]
    with pytest.raises(ValidationError, match="does not match"):
        Envelope[InvoiceIssued](
            specversion="1.0",
            id=uuid4(),
            type="remit.invoice.voided.v1",
            source="/x",
            time=ex.EXAMPLE_TIME,
            firmid=ex.FIRM_ID,
            data=payload,
        )
    with pytest.raises(ValidationError, match="subject must be the invoice id"):
        Envelope.new(
            payload, source="/x", firm_id=ex.FIRM_ID, time=ex.EXAMPLE_TIME, subject=str(uuid4())
        )


def test_envelope_refuses_naive_time() -> None:
    with pytest.raises(ValidationError, match="UTC offset"):
        Envelope.new(
            ex.EXAMPLES[InvoiceIssued.event_type],
            source="/x",
            firm_id=ex.FIRM_ID,
            time=datetime(2025, 3, 14, 14, 0),
        )


def test_snapshots_must_agree_with_each_other() -> None:
    issued = ex.EXAMPLES[InvoiceIssued.event_type]
    with pytest.raises(ValidationError, match="invoice.id differs"):
        InvoiceIssued(invoice_id=uuid4(), invoice=issued.invoice, client=issued.client)
    foreign_client = ex.EXAMPLE_CLIENT.model_copy(update={"id": uuid4()})
    with pytest.raises(ValidationError, match="client.id differs"):
        InvoiceIssued(invoice_id=ex.INVOICE_ID, invoice=issued.invoice, client=foreign_client)
    with pytest.raises(ValidationError, match="must be in USD"):
        ex.EXAMPLE_INVOICE.model_validate(
            {**ex.EXAMPLE_INVOICE.model_dump(), "balance": {"amount_minor": 1, "currency": "EUR"}}
        )


def test_external_payment_needs_only_the_facts() -> None:
    payment = PaymentReceived(
        invoice_id=ex.INVOICE_ID,
        external_id="ch_1",
        amount=ex.usd(500),
        received_at=ex.EXAMPLE_TIME,
    )
    assert payment.invoice is None and payment.payment_id is None
    with pytest.raises(ValidationError, match="payment_id or external_id"):
        PaymentReceived(invoice_id=ex.INVOICE_ID, amount=ex.usd(500), received_at=ex.EXAMPLE_TIME)
    with pytest.raises(ValidationError, match="positive"):
        PaymentReceived(
            invoice_id=ex.INVOICE_ID, external_id="x", amount=ex.usd(0), received_at=ex.EXAMPLE_TIME
        )


def test_reminder_total_is_the_sum_of_its_items() -> None:
    due = ex.EXAMPLES[ReminderDue.event_type]
    second = due.items[0].model_copy(update={"invoice_id": uuid4(), "balance": ex.usd(500)})
    consolidated = due.model_copy(update={"items": (*due.items, second)})
    data = consolidated.model_dump()
    with pytest.raises(ValidationError, match="sum of the items"):
        ReminderDue.model_validate(data)
    ok = ReminderDue.model_validate({**data, "total_due": due.total_due + ex.usd(500)})
    assert ok.event_subject() is None  # several invoices: no single subject
    eur = Money(amount_minor=500, currency="EUR")
    with pytest.raises(ValidationError, match="must be in USD"):
        ReminderDue.model_validate(
            {
                **data,
                "items": [data["items"][0], {**data["items"][1], "balance": eur, "total": eur}],
            }
        )


def test_batch_counts_are_bounded() -> None:
    batch = ex.EXAMPLES[StatementBatchCompleted.event_type]
    with pytest.raises(ValidationError, match="cannot exceed total"):
        StatementBatchCompleted.model_validate({**batch.model_dump(), "sent": batch.total + 1})


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_payloads_are_immutable(event_type: str) -> None:
    payload: EventPayload = ex.EXAMPLES[event_type]
    field = next(iter(type(payload).model_fields))
    with pytest.raises(ValidationError):
        setattr(payload, field, None)
