"""Lifecycle transitions of the invoice aggregate (pure, no I/O)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from remit_common.events.snapshots import InvoiceStatus
from remit_invoice.domain import api_keys
from remit_invoice.domain.errors import InvalidAmount, InvalidTransition
from remit_invoice.domain.payment import Payment

from .test_invoice_money import NOW, make


def test_void_is_refused_while_payments_stand_and_allowed_after_reversal() -> None:
    invoice = make()
    invoice.apply_payment(5_000, "USD")
    with pytest.raises(InvalidTransition, match="reverse them first"):
        invoice.void(NOW)
    invoice.reverse_payment(5_000, "USD")
    invoice.void(NOW)
    assert (invoice.status, invoice.balance_minor, invoice.closed_at) == (
        InvoiceStatus.VOIDED,
        0,
        NOW,
    )


def test_no_payment_on_a_voided_or_written_off_invoice() -> None:
    voided, written_off = make(), make()
    voided.void(NOW)
    written_off.write_off(NOW)
    for invoice in (voided, written_off):
        with pytest.raises(InvalidTransition):
            invoice.apply_payment(1, "USD")
        with pytest.raises(InvalidTransition):
            invoice.dispute()


def test_write_off_takes_the_open_balance_and_refuses_when_nothing_is_owed() -> None:
    invoice = make(100_000)
    invoice.apply_payment(30_000, "USD")
    assert invoice.write_off(NOW) == 70_000
    assert (invoice.status, invoice.balance_minor) == (InvoiceStatus.WRITTEN_OFF, 0)
    paid = make(100)
    paid.apply_payment(100, "USD")
    with pytest.raises(InvalidTransition, match="nothing is owed"):
        paid.write_off(NOW)


def test_dispute_overrides_the_status_until_resolved() -> None:
    invoice = make()
    invoice.apply_payment(1_000, "USD")
    invoice.dispute(20_000)
    assert invoice.status == InvoiceStatus.DISPUTED
    with pytest.raises(InvalidTransition):
        invoice.dispute()
    invoice.apply_payment(1_000, "USD")  # a disputing client may still pay
    assert invoice.status == InvoiceStatus.DISPUTED
    invoice.resolve_dispute()
    assert invoice.status == InvoiceStatus.PARTIALLY_PAID
    with pytest.raises(InvalidTransition):
        invoice.resolve_dispute()
    with pytest.raises(InvalidAmount):
        invoice.dispute(invoice.total_minor + 1)


def test_views_count_and_never_move_last_viewed_backwards() -> None:
    invoice = make()
    invoice.record_view(NOW)
    invoice.record_view(NOW - timedelta(days=1))
    assert (invoice.view_count, invoice.last_viewed_at, invoice.version) == (2, NOW, 3)


def test_revise_changes_amounts_only_before_payment_and_reports_changes() -> None:
    invoice = make(100_000)
    assert invoice.revise(due_date=date(2025, 4, 30), total_minor=90_000) == [
        "total",
        "balance",
        "status",
        "due_date",
    ]
    assert invoice.balance_minor == 90_000 and invoice.version == 2
    assert invoice.revise(due_date=date(2025, 4, 30)) == []
    assert invoice.version == 2  # no change, no new version
    invoice.apply_payment(1, "USD")
    with pytest.raises(InvalidTransition, match="amounts cannot change"):
        invoice.revise(total_minor=50_000)
    assert invoice.revise(due_date=None) == ["due_date"]


def test_payment_reverses_once() -> None:
    payment = Payment(
        id=make().id,
        firm_id=make().id,
        invoice_id=make().id,
        amount_minor=1,
        currency="USD",
        received_at=NOW,
        method="card",
    )
    payment.reverse(NOW, "refund")
    with pytest.raises(InvalidTransition):
        payment.reverse(NOW, "refund")


def test_api_keys_verify_only_their_own_secret() -> None:
    key = api_keys.mint()
    public_id, secret = api_keys.parse(key.plaintext)
    assert public_id == key.public_id
    assert api_keys.verify(secret, key.secret_hash)
    assert not api_keys.verify(secret[:-1] + ("0" if secret[-1] != "0" else "1"), key.secret_hash)
    assert api_keys.parse("rk_live_short_secret") is None
    assert key.plaintext.startswith("rk_live_") and len(key.plaintext) == 8 + 16 + 1 + 64


def test_negative_total_is_refused() -> None:
    with pytest.raises(InvalidAmount):
        make(-1)


def test_now_is_an_argument_not_read_by_the_domain() -> None:
    invoice = make()
    later = datetime(2030, 1, 1, tzinfo=UTC)
    invoice.void(later)
    assert invoice.closed_at == later
