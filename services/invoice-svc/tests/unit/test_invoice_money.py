"""Property tests of the invoice's money arithmetic: any sequence of payments and reversals."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from remit_common.events.snapshots import InvoiceStatus
from remit_invoice.domain.errors import CurrencyMismatch, InvalidAmount
from remit_invoice.domain.invoice import Invoice

NOW = datetime(2025, 3, 14, tzinfo=UTC)


def make(total: int = 100_000, currency: str = "USD") -> Invoice:
    return Invoice(
        id=uuid.uuid4(),
        firm_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        matter_id=None,
        number="INV-1",
        issue_date=date(2025, 3, 1),
        currency=currency,
        total_minor=total,
    )


# An operation: ("pay", amount, currency) or ("reverse", index of an earlier payment).
ops = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(1, 200_000), st.sampled_from(["USD", "USD", "EUR"])),
        st.tuples(st.just("reverse"), st.integers(0, 20)),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(0, 150_000), operations=ops)
def test_balance_is_total_minus_payments_plus_reversals(total: int, operations: list) -> None:
    invoice = make(total)
    standing: list[int] = []  # payments not yet reversed
    paid = reversed_ = 0
    for op in operations:
        version = invoice.version
        if op[0] == "pay":
            _, amount, currency = op
            if currency != "USD":
                with pytest.raises(CurrencyMismatch):
                    invoice.apply_payment(amount, currency)
                assert invoice.version == version  # refused: nothing changed
                continue
            before = invoice.balance_minor
            effect = invoice.apply_payment(amount, currency)
            assert effect.credit_created == max(amount - before, 0)
            standing.append(amount)
            paid += amount
        else:
            if not standing:
                continue
            amount = standing.pop(op[1] % len(standing))
            invoice.reverse_payment(amount, "USD")
            reversed_ += amount
        assert invoice.version == version + 1
        raw = total - paid + reversed_
        assert invoice.balance_minor == max(raw, 0)
        assert invoice.credit_minor == max(-raw, 0)
        assert invoice.balance_minor >= 0 and invoice.credit_minor >= 0
        assert not (invoice.balance_minor and invoice.credit_minor)
        expected = (
            InvoiceStatus.PAID
            if invoice.balance_minor == 0
            else InvoiceStatus.PARTIALLY_PAID
            if invoice.paid_minor > 0
            else InvoiceStatus.ISSUED
        )
        assert invoice.status == expected


@given(amount=st.integers(max_value=0))
def test_non_positive_payments_are_refused(amount: int) -> None:
    with pytest.raises(InvalidAmount):
        make().apply_payment(amount, "USD")


def test_reversal_larger_than_what_was_paid_is_refused() -> None:
    invoice = make()
    invoice.apply_payment(10_000, "USD")
    with pytest.raises(InvalidAmount):
        invoice.reverse_payment(10_001, "USD")
