"""Delivery state machine, invoice reconciliation, SMS rules and tracking tokens."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notifier_factories import item, money
from remit_common.events import InvoiceStatus, StepKind
from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.delivery import advance, after_crash, can_transition
from remit_notifier.domain.invoice_state import InvoiceState, newer, reconcile
from remit_notifier.domain.sms import count_segments, next_allowed_send, normalise_sms
from remit_notifier.domain.tracking import make_token, new_nonce, verify_token


def test_happy_path_and_no_second_send():
    assert can_transition(S.QUEUED, S.SENDING)
    assert can_transition(S.SENDING, S.SENT)
    assert not can_transition(S.SENT, S.SENDING)
    assert not can_transition(S.DELIVERED, S.QUEUED)


def test_late_and_duplicate_reports_change_nothing():
    assert advance(S.OPENED, S.DELIVERED) is None
    assert advance(S.CLICKED, S.OPENED) is None
    assert advance(S.SENT, S.SENT) is None
    assert advance(S.SENT, S.OPENED) is S.OPENED
    assert advance(S.DELIVERED, S.BOUNCED) is S.BOUNCED
    assert advance(S.BOUNCED, S.DELIVERED) is None


@given(st.lists(st.sampled_from([S.DELIVERED, S.OPENED, S.CLICKED, S.BOUNCED]), max_size=12))
def test_any_sequence_of_reports_never_returns_to_queued_or_sending(reports):
    state = S.SENT
    for report in reports:
        state = advance(state, report) or state
        assert state not in (S.QUEUED, S.SENDING)


def test_crash_recovery_resends_only_where_the_provider_deduplicates():
    assert after_crash(channel_is_idempotent=True) is S.QUEUED
    assert after_crash(channel_is_idempotent=False) is S.FAILED


def _state(invoice_id, status, balance, version=2):
    return InvoiceState(invoice_id, version, status, money(balance))


def test_paid_voided_disputed_invoices_are_dropped_and_partial_payments_quoted():
    paid, partial, unknown = item("P"), item("Q", balance=10000), item("U")
    states = {
        paid.invoice_id: _state(paid.invoice_id, InvoiceStatus.PAID, 0),
        partial.invoice_id: _state(partial.invoice_id, InvoiceStatus.PARTIALLY_PAID, 4000),
    }
    result = reconcile(StepKind.OVERDUE, [paid, partial, unknown], states)
    assert [i.number for i in result.items] == ["Q", "U"]
    assert result.items[0].balance == money(4000)
    assert result.dropped == {paid.invoice_id: "invoice paid"}
    voided = {paid.invoice_id: _state(paid.invoice_id, InvoiceStatus.VOIDED, 0)}
    assert reconcile(StepKind.DUE, [paid], voided).nothing_left


def test_receipts_are_never_dropped_for_a_paid_invoice():
    paid = item("P")
    states = {paid.invoice_id: _state(paid.invoice_id, InvoiceStatus.PAID, 0)}
    assert not reconcile(StepKind.RECEIPT, [paid], states).nothing_left


def test_highest_version_wins():
    iid = uuid4()
    assert newer(None, _state(iid, InvoiceStatus.ISSUED, 5, 1))
    assert not newer(_state(iid, InvoiceStatus.PAID, 0, 3), _state(iid, InvoiceStatus.ISSUED, 5, 2))


@pytest.mark.parametrize(
    ("utc_hour", "deferred"), [(14, False), (2, True), (3, True), (13, False), (12, True)]
)
def test_quiet_hours_in_recipient_time(utc_hour, deferred):
    # America/Chicago is UTC-5 in late March (DST): 14 UTC = 09 local, 02 UTC = 21 local.
    now = datetime(2025, 3, 24, utc_hour, 30, tzinfo=UTC)
    until = next_allowed_send(now, "America/Chicago")
    assert (until is not None) is deferred
    if until is not None:
        assert until.astimezone(UTC).hour == 13 and until > now


def test_quiet_hours_end_at_eight_local_across_dst_change():
    # Night of the US spring-forward (2025-03-09): 08:00 CDT = 13:00 UTC.
    until = next_allowed_send(datetime(2025, 3, 9, 5, 0, tzinfo=UTC), "America/Chicago")
    assert until == datetime(2025, 3, 9, 13, 0, tzinfo=UTC)


def test_segments_gsm7_and_ucs2():
    assert count_segments("a" * 160) == 1
    assert count_segments("a" * 161) == 2
    assert count_segments("ł" * 70) == 1
    assert count_segments("ł" * 71) == 2
    assert count_segments("€" * 80) == 1 and count_segments("€" * 81) == 2
    assert normalise_sms("1\u202f250,00\u00a0USD") == "1 250,00 USD"


@given(st.sampled_from(["o", "c", "u"]))
def test_tokens_verify_only_for_their_purpose_and_secret(purpose):
    secret, nonce = b"k" * 32, new_nonce()
    token = make_token(secret, purpose, nonce)
    assert verify_token(secret, purpose, token) == nonce
    other = "c" if purpose != "c" else "o"
    assert verify_token(secret, other, token) is None
    assert verify_token(b"x" * 32, purpose, token) is None
    assert verify_token(secret, purpose, token[:-2] + "AA") is None
    assert verify_token(secret, purpose, "garbage") is None
