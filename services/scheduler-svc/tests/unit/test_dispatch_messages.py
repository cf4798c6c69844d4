"""Dispatch messages: claimed rows → ``remit.reminder.due.v1`` records, without re-validation.

``plan_dispatch`` lays the event JSON out directly (``reminder_json``).  These tests hold it to
the contract: every record parses with ``parse_event`` and is byte-identical to what the
pydantic models (``ReminderDue`` in an ``Envelope``) produce from the same data, for single,
consolidated, firm-facing and payment messages and for rich and legacy client snapshots.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from remit_common.events import (
    ClientSnapshot,
    Envelope,
    PaymentRef,
    ReminderDue,
    ReminderInvoiceItem,
    ReminderStep,
    parse_event,
)
from remit_common.money import Money
from remit_scheduler.service_layer.messages import SOURCE, message_ids, plan_dispatch

FIRM = uuid.UUID("00000000-0000-4000-8000-00000000f1a0")
CLIENT = uuid.UUID("00000000-0000-4000-8000-00000000c1a0")
NOW = datetime(2026, 3, 24, 13, 0, 5, 123456, tzinfo=UTC)
SEND_AT = datetime(2026, 3, 24, 13, 0, tzinfo=UTC)
TOPIC = "billing.reminders.v1"

RICH_CLIENT = ClientSnapshot(
    id=CLIENT,
    version=7,
    external_id="CL-7",
    name="Acme Holdings LLC — Zürich",
    emails=("ap@acme.example", "cfo@acme.example"),
    phone="+14155550123",
    postal_address={
        "lines": ["Suite 400", "100 Main St"],
        "city": "Springfield",
        "region": "IL",
        "postal_code": "62701",
        "country": "US",
    },  # fmt: skip
    language="pl",
    timezone="Europe/Warsaw",
    group="corporate",
    client_type="organization",
    opted_out_channels=("sms",),
    trust_balance={"amount_minor": 500, "currency": "USD"},
)


def _jsonb(d: Any) -> Any:
    """What JSONB gives back: the same JSON, keys in another order (recursively)."""
    if isinstance(d, dict):
        items = [(k, _jsonb(v)) for k, v in d.items()]
        random.Random(len(items)).shuffle(items)
        return dict(items)
    if isinstance(d, list):
        return [_jsonb(v) for v in d]
    return d


def _client_row(snapshot: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(firm_id=FIRM, client_id=CLIENT, snapshot=snapshot)


def _invoice(n: int, *, balance: int = 10_000, matter: bool = True, **kw: Any) -> SimpleNamespace:
    fields = dict(
        firm_id=FIRM, invoice_id=uuid.UUID(int=n), client_id=CLIENT,
        matter_id=uuid.UUID(int=1000 + n) if matter else None,
        matter_name=f"Matter {n}" if matter else None, number=f"2026-{n:04d}",
        status="issued", currency="USD", total_minor=20_000, balance_minor=balance,
        issue_date=date(2026, 2, 1), due_date=date(2026, 3, n % 28 + 1),
        portal_url=f"https://pay.example/i/{n}" if n % 2 else None,
    )  # fmt: skip
    fields.update(kw)
    return SimpleNamespace(**fields)


def _row(inv: SimpleNamespace, **kw: Any) -> SimpleNamespace:
    fields = dict(
        id=uuid.uuid5(FIRM, f"row-{inv.invoice_id}-{kw.get('step_key', 'step:1')}"),
        firm_id=FIRM, invoice_id=inv.invoice_id, client_id=CLIENT, step_key="step:1",
        origin="timeline", kind="overdue", tone="friendly", channels=["email"],
        audience="client", template=None, step_index=2, offset_days=5, repeat_no=None,
        consolidate="invoice", min_balance_minor=0, amount_minor=inv.balance_minor,
        currency=inv.currency, catch_up=False, payment=None, send_at=SEND_AT,
        local_date=date(2026, 3, 24), timezone="Europe/Warsaw",
    )  # fmt: skip
    fields.update(kw)
    return SimpleNamespace(**fields)


def _plan(rows, invoices, client_snapshot):  # noqa: ANN001, ANN202
    return plan_dispatch(
        rows,
        {(FIRM, i.invoice_id): i for i in invoices},
        {(FIRM, CLIENT): _client_row(client_snapshot)},
        now=NOW,
        topic=TOPIC,
    )


def _reference(record: dict[str, Any], members, invoices, client: ClientSnapshot) -> bytes:  # noqa: ANN001
    """The same message built and validated by the pydantic models, as the contract says."""
    env = parse_event(record["value"])
    data = env.data
    by_id = {i.invoice_id: i for i in invoices}
    first = members[0]
    items = []
    for m in members:
        inv = by_id[m.invoice_id]
        balance = m.amount_minor if m.origin == "payment" else inv.balance_minor
        items.append(
            ReminderInvoiceItem(
                invoice_id=inv.invoice_id,
                number=inv.number,
                matter_id=inv.matter_id,
                matter_name=inv.matter_name,
                issue_date=inv.issue_date,
                due_date=inv.due_date,
                total=Money(amount_minor=inv.total_minor, currency=inv.currency),
                balance=Money(amount_minor=balance, currency=inv.currency),
                status=inv.status,
                portal_url=inv.portal_url,
            )  # fmt: skip
        )
    templates = {m.template for m in members}
    payload = ReminderDue(
        reminder_id=message_ids(FIRM, [m.id for m in members])[0],
        client=client,
        audience=first.audience,
        items=tuple(items),
        consolidation=first.consolidate,
        step=ReminderStep(
            index=first.step_index,
            kind=data.step.kind,
            tone=data.step.tone,
            offset_days=first.offset_days,
            repeat=first.repeat_no,
        ),  # fmt: skip
        channels=data.channels,
        template=templates.pop() if len(templates) == 1 else None,
        total_due=sum((i.balance for i in items), Money.zero(items[0].balance.currency)),
        scheduled_for=min(m.send_at for m in members),
        language=client.language,
        payment=PaymentRef.model_validate(first.payment) if first.payment else None,
    )
    event_id = message_ids(FIRM, [m.id for m in members])[1]
    return Envelope.new(payload, source=SOURCE, firm_id=FIRM, time=NOW, id=event_id).to_json_bytes()


def _check(record, members, invoices, client: ClientSnapshot) -> Any:  # noqa: ANN001, ANN401
    env = parse_event(record["value"])  # validates against the contract
    assert env.to_json_bytes() == record["value"], "not the model's canonical JSON"
    assert record["value"] == _reference(record, members, invoices, client)
    assert record["key"] == str(CLIENT).encode()
    assert record["event_id"] == env.id
    return env


@pytest.mark.parametrize("client", [RICH_CLIENT, ClientSnapshot(id=CLIENT, version=1,
                                    name="Bob", timezone="UTC")])  # fmt: skip
def test_single_invoice_message_is_the_models_json(client: ClientSnapshot) -> None:
    inv = _invoice(1)
    row = _row(inv, template="overdue_soft", repeat_no=2, offset_days=35)
    plan = _plan([row], [inv], _jsonb(client.model_dump(mode="json")))
    [record] = plan.records
    env = _check(record, [row], [inv], client)
    assert env.subject == str(inv.invoice_id)
    assert plan.marks == [(row.id, env.data.reminder_id, "dispatched", None)]


def test_a_legacy_client_snapshot_missing_fields_is_normalised_by_the_model() -> None:
    inv = _invoice(3)
    row = _row(inv)
    stored = {"id": str(CLIENT), "version": 1, "name": "Old Co", "timezone": "UTC"}
    [record] = _plan([row], [inv], stored).records
    _check(record, [row], [inv], ClientSnapshot.model_validate(stored))


def test_client_consolidation_makes_one_message_listing_every_invoice_and_the_total() -> None:
    invoices = [_invoice(5, balance=1_234), _invoice(2, balance=10_000, matter=False),
                _invoice(9, balance=99)]  # fmt: skip
    rows = [
        _row(invoices[0], consolidate="client", kind="pre_due", channels=["email"]),
        _row(invoices[1], consolidate="client", kind="final_notice", tone="final",
             channels=["letter", "email"], send_at=SEND_AT.replace(minute=30)),
        _row(invoices[2], consolidate="client", kind="due", tone="firm", channels=["portal"],
             template="t"),
    ]  # fmt: skip
    plan = _plan(rows, invoices, _jsonb(RICH_CLIENT.model_dump(mode="json")))
    [record] = plan.records
    # Listing order: by due date then number (the pure consolidation's order).
    members = sorted(rows, key=lambda r: (invoices[rows.index(r)].due_date, r.invoice_id))
    env = _check(record, members, invoices, RICH_CLIENT)
    data = env.data
    assert [i.number for i in data.items] == ["2026-0002", "2026-0005", "2026-0009"]
    assert data.total_due == Money(amount_minor=11_333, currency="USD")
    assert (data.step.kind, data.step.tone) == ("final_notice", "final")  # the firmest wins
    assert data.channels == ("email", "portal", "letter")  # union, in channel order
    assert data.template is None  # members disagree: the notifier's default
    assert data.scheduled_for == SEND_AT  # the earliest member's time
    assert env.subject is None  # several invoices: no single subject
    assert {m[1] for m in plan.marks} == {data.reminder_id}
    assert len(plan.history) == 4  # one per (row, channel)


def test_invoice_mode_keeps_one_message_per_invoice_and_currencies_apart() -> None:
    invoices = [_invoice(1), _invoice(2), _invoice(3, currency="EUR")]
    rows = [_row(i, consolidate="client" if i.currency == "EUR" else "invoice") for i in invoices]
    plan = _plan(rows, invoices, RICH_CLIENT.model_dump(mode="json"))
    assert len(plan.records) == 3
    for record in plan.records:
        env = parse_event(record["value"])
        [item] = env.data.items
        _check(record, [r for r in rows if r.invoice_id == item.invoice_id], invoices, RICH_CLIENT)


def test_firm_notice_and_payment_receipt_are_the_models_json() -> None:
    inv = _invoice(4, balance=0, status="paid")
    open_inv = _invoice(6)
    payment = PaymentRef(
        payment_id=uuid.UUID(int=77),
        amount=Money(amount_minor=20_000, currency="USD"),
        received_at=datetime(2026, 3, 24, 12, 59, 1, tzinfo=UTC),
    ).model_dump(mode="json")
    receipt = _row(inv, origin="payment", step_key="payment:77", kind="receipt",
                   amount_minor=0, payment=payment, channels=["email", "sms"])  # fmt: skip
    notice = _row(open_inv, audience="firm", kind="trust_notice", tone="firm")
    plan = _plan([receipt, notice], [inv, open_inv], _jsonb(RICH_CLIENT.model_dump(mode="json")))
    assert len(plan.records) == 2
    env_receipt = _check(plan.records[0], [receipt], [inv], RICH_CLIENT)
    assert env_receipt.data.payment is not None
    assert env_receipt.data.step.kind == "receipt"
    env_notice = _check(plan.records[1], [notice], [open_inv], RICH_CLIENT)
    assert env_notice.data.audience == "firm"


def test_closed_and_unknown_invoices_are_skipped_with_reasons() -> None:
    paid = _invoice(1, status="paid", balance_minor=0)
    rows = [_row(paid), _row(_invoice(2))]  # the second invoice is unknown
    plan = _plan(rows, [paid], RICH_CLIENT.model_dump(mode="json"))
    assert plan.records == []
    assert sorted(m[3] for m in plan.marks) == ["paid", "unknown_invoice"]
