"""Trust-aware reminders: a client whose trust funds cover the invoice is not chased."""

from remit_common.money import Money
from remit_scheduler.domain.outcomes import Audience, ReminderKind, SkipReason, TimelineState
from scheduler_factories import (
    WARSAW,
    client,
    invoice,
    local,
    plan,
    policy,
    sent,
    step,
    us_default,
    usd,
)


def test_trust_covering_the_balance_skips_client_reminders_and_tells_the_firm_once():
    timeline = plan(pol=us_default(), cli=client(trust_balance=usd(200_000)))
    assert timeline.state is TimelineState.SUPPRESSED
    assert {s.reason for s in timeline.skipped} == {SkipReason.TRUST_COVERS_BALANCE}
    [notice] = timeline.planned
    assert (notice.kind, notice.audience) == (ReminderKind.TRUST_NOTICE, Audience.FIRM)
    assert notice.amount == usd(150_000)
    assert "apply" in notice.explanation


def test_trust_exactly_equal_to_the_balance_covers_it():
    timeline = plan(pol=us_default(), cli=client(trust_balance=usd(150_000)))
    assert [r.kind for r in timeline.planned] == [ReminderKind.TRUST_NOTICE]


def test_trust_notice_goes_out_in_the_firms_window_and_zone():
    pol = policy(step(0), firm_timezone="Europe/Warsaw")
    now = local(2025, 6, 2, 20, tz=WARSAW)
    timeline = plan(pol=pol, cli=client(trust_balance=usd(200_000)), now=now)
    assert timeline.planned[0].send_at == local(2025, 6, 3, 9, tz=WARSAW)
    assert timeline.planned[0].timezone == "Europe/Warsaw"


def test_trust_notice_is_not_repeated_once_sent():
    history = [sent("notice:trust_covers_balance", local(2025, 6, 2, 9))]
    cli = client(trust_balance=usd(200_000))
    timeline = plan(pol=us_default(), cli=cli, history=history, now=local(2025, 7, 5, 10))
    assert timeline.planned == ()
    assert timeline.skip_reason("step:2") is SkipReason.TRUST_COVERS_BALANCE


def test_trust_below_the_balance_does_not_stop_reminders():
    timeline = plan(pol=us_default(), cli=client(trust_balance=usd(149_999)))
    assert timeline.planned[0].kind is ReminderKind.PRE_DUE


def test_trust_in_another_currency_is_not_treated_as_covering():
    eur = Money(amount_minor=10_000_000, currency="EUR")
    timeline = plan(pol=us_default(), cli=client(trust_balance=eur))
    assert timeline.planned[0].kind is ReminderKind.PRE_DUE


def test_paid_invoice_gets_no_trust_notice():
    paid = invoice(status="paid", balance=usd(0))
    assert plan(inv=paid, pol=us_default(), cli=client(trust_balance=usd(1))).planned == ()
