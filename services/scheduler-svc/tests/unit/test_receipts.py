"""Receipts: a partial payment is acknowledged, a full one receipted, as the policy says."""

import pytest
from remit_common.money import CurrencyMismatchError, Money
from remit_scheduler.domain.policy import Receipts
from remit_scheduler.domain.receipts import ReceiptKind, receipt_for_payment
from scheduler_factories import policy, usd


def test_partial_payment_is_acknowledged():
    assert (
        receipt_for_payment(policy(), usd(500), usd(1_000)) is ReceiptKind.PAYMENT_ACKNOWLEDGEMENT
    )


def test_payment_clearing_or_overpaying_the_balance_gets_a_receipt():
    assert receipt_for_payment(policy(), usd(500), usd(0)) is ReceiptKind.RECEIPT
    assert receipt_for_payment(policy(), usd(900), usd(-400)) is ReceiptKind.RECEIPT


def test_each_message_can_be_switched_off():
    quiet = policy(
        receipts=Receipts(acknowledge_partial_payment=False, receipt_on_full_payment=False)
    )
    assert receipt_for_payment(quiet, usd(500), usd(1_000)) is None
    assert receipt_for_payment(quiet, usd(500), usd(0)) is None


def test_reversals_are_not_thanked_for():
    assert receipt_for_payment(policy(), usd(-500), usd(1_500)) is None


def test_amounts_in_different_currencies_are_refused():
    with pytest.raises(CurrencyMismatchError):
        receipt_for_payment(policy(), usd(500), Money(amount_minor=0, currency="EUR"))
