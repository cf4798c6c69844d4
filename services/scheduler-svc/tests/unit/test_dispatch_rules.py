"""The dispatch-time re-check: never send for a closed, disputed or too-small invoice."""

import pytest
from remit_scheduler.domain.dispatch_rules import dispatch_block
from remit_scheduler.domain.inputs import InvoiceStatus
from remit_scheduler.domain.outcomes import SkipReason


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (InvoiceStatus.PAID, SkipReason.PAID),
        (InvoiceStatus.VOIDED, SkipReason.VOIDED),
        (InvoiceStatus.WRITTEN_OFF, SkipReason.WRITTEN_OFF),
        (InvoiceStatus.DISPUTED, SkipReason.DISPUTED_PAUSED),
    ],
)
def test_closed_or_disputed_invoices_are_never_chased(status, reason):
    assert dispatch_block(status, 10_000, 0) is reason


def test_an_open_invoice_with_a_balance_may_be_chased():
    assert dispatch_block(InvoiceStatus.ISSUED, 10_000, 0) is None
    assert dispatch_block(InvoiceStatus.PARTIALLY_PAID, 1, 1) is None


def test_nothing_owed_or_below_the_minimum_is_not_chased():
    assert dispatch_block(InvoiceStatus.ISSUED, 0, 0) is SkipReason.PAID
    assert dispatch_block(InvoiceStatus.ISSUED, 499, 500) is SkipReason.BELOW_MIN_BALANCE


def test_receipts_go_out_for_paid_invoices_but_not_for_voided_ones():
    assert dispatch_block(InvoiceStatus.PAID, 0, 0, answers_payment=True) is None
    assert dispatch_block(InvoiceStatus.PARTIALLY_PAID, 5, 100, answers_payment=True) is None
    assert dispatch_block(InvoiceStatus.VOIDED, 0, 0, answers_payment=True) is SkipReason.VOIDED
