"""Timeline engine: the everyday plan a billing manager expects to see."""

from datetime import date, datetime

import pytest
from remit_scheduler.domain.outcomes import ReminderKind, SkipReason, Timeline, TimelineState
from remit_scheduler.domain.policy import Channel
from scheduler_factories import (
    WARSAW,
    client,
    invoice,
    keys,
    local,
    plan,
    policy,
    sent,
    step,
    us_default,
    usd,
    utc,
)

ALL_DEFAULT_KEYS = [f"step:{n}" for n in range(1, 6)] + [f"repeat:{n}" for n in range(1, 7)]


def test_fresh_invoice_gets_every_default_step_and_six_monthly_repeats():
    timeline = plan(pol=us_default())
    assert keys(timeline) == ALL_DEFAULT_KEYS
    assert timeline.state is TimelineState.ACTIVE
    assert timeline.skipped == ()


def test_steps_go_out_at_nine_in_the_morning_in_the_clients_zone():
    timeline = plan(pol=us_default())
    pre_due, due = timeline.planned[:2]
    assert pre_due.send_at == local(2025, 6, 24, 9)  # 7 days before 1 July
    assert due.send_at == local(2025, 7, 1, 9)
    assert (pre_due.kind, due.kind) == (ReminderKind.PRE_DUE, ReminderKind.DUE)
    assert pre_due.timezone == "America/New_York"
    assert pre_due.local_date == date(2025, 6, 24)


def test_client_without_a_zone_is_reminded_in_the_firms_zone():
    pol = policy(step(0), firm_timezone="Europe/Warsaw")
    timeline = plan(pol=pol, cli=client(timezone=None))
    assert timeline.planned[0].send_at == local(2025, 7, 1, 9, tz=WARSAW)
    assert timeline.timezone == "Europe/Warsaw"


def test_step_falling_on_a_weekend_moves_to_monday_and_says_why():
    # due + 5 = Sunday 6 July 2025.
    overdue = plan(pol=us_default()).planned[2]
    assert overdue.send_at == local(2025, 7, 7, 9)
    assert "2025-07-06" in overdue.explanation and "not a business day" in overdue.explanation


def test_due_date_on_independence_day_is_reminded_on_monday_naming_the_holiday():
    timeline = plan(inv=invoice(due_date=date(2025, 7, 4)), pol=us_default())
    due = next(r for r in timeline.planned if r.kind is ReminderKind.DUE)
    assert due.send_at == local(2025, 7, 7, 9)
    assert "Independence Day" in due.explanation


def test_every_reminder_quotes_the_current_balance():
    timeline = plan(inv=invoice(balance=usd(40_000), status="partially_paid"), pol=us_default())
    assert {r.amount for r in timeline.planned} == {usd(40_000)}


def test_partial_payment_later_steps_quote_the_remainder_and_sent_ones_stay_sent():
    history = [sent("step:1", local(2025, 6, 24, 9)), sent("step:2", local(2025, 7, 1, 9))]
    paid_part = invoice(balance=usd(50_000), status="partially_paid")
    timeline = plan(inv=paid_part, pol=us_default(), history=history, now=local(2025, 7, 2, 10))
    assert keys(timeline)[0] == "step:3"
    assert timeline.planned[0].amount == usd(50_000)
    assert timeline.skip_reason("step:1") is SkipReason.ALREADY_SENT


def test_due_date_moved_later_replans_the_rest_without_resending():
    history = [sent("step:1", local(2025, 6, 24, 9)), sent("step:2", local(2025, 7, 1, 9))]
    moved = invoice(due_date=date(2025, 7, 31))
    timeline = plan(inv=moved, pol=us_default(), history=history, now=local(2025, 7, 2, 10))
    assert "step:1" not in keys(timeline) and "step:2" not in keys(timeline)
    assert timeline.planned[0].step_key == "step:3"
    assert timeline.planned[0].send_at == local(2025, 8, 5, 9)  # 31 July + 5


def test_due_date_moved_earlier_catches_up_only_the_latest_passed_step():
    moved = invoice(due_date=date(2025, 6, 10))
    timeline = plan(inv=moved, pol=us_default(), now=local(2025, 6, 20, 10))
    # step:3 (15 June, a Sunday → 16 June) is the latest passed step: sent now, once.
    assert timeline.planned[0].step_key == "step:3"
    assert timeline.planned[0].catch_up
    assert timeline.skip_reason("step:1") is SkipReason.IN_PAST_MISSED
    assert timeline.skip_reason("step:2") is SkipReason.IN_PAST_MISSED


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("paid", SkipReason.PAID),
        ("voided", SkipReason.VOIDED),
        ("written_off", SkipReason.WRITTEN_OFF),
    ],
)
def test_closed_invoices_get_nothing_and_every_pending_step_says_why(status, reason):
    timeline = plan(inv=invoice(status=status, balance=usd(0)), pol=us_default())
    assert timeline.planned == ()
    assert timeline.state is TimelineState.CLOSED
    assert {s.reason for s in timeline.skipped} == {reason}
    assert len(timeline.skipped) == len(ALL_DEFAULT_KEYS)


def test_paid_invoice_keeps_its_sent_history_visible():
    history = [sent("step:1", local(2025, 6, 24, 9))]
    timeline = plan(inv=invoice(status="paid", balance=usd(0)), history=history, pol=us_default())
    assert timeline.skip_reason("step:1") is SkipReason.ALREADY_SENT
    assert timeline.skip_reason("step:2") is SkipReason.PAID


def test_voided_invoice_with_a_balance_still_gets_nothing():
    assert plan(inv=invoice(status="voided"), pol=us_default()).planned == ()


def test_issued_invoice_with_nothing_owed_is_closed():
    timeline = plan(inv=invoice(balance=usd(0)), pol=us_default())
    assert timeline.planned == ()
    assert timeline.skip_reason("step:1") is SkipReason.PAID


def test_balance_below_the_minimum_is_not_chased():
    pol = policy(step(0), min_balance_minor=1_000)
    timeline = plan(inv=invoice(balance=usd(999)), pol=pol)
    assert timeline.planned == ()
    assert timeline.state is TimelineState.SUPPRESSED
    assert timeline.skip_reason("step:1") is SkipReason.BELOW_MIN_BALANCE


def test_balance_exactly_at_the_minimum_is_reminded():
    pol = policy(step(0), min_balance_minor=1_000)
    assert keys(plan(inv=invoice(balance=usd(1_000)), pol=pol)) == ["step:1"]


def test_invoice_without_due_date_gets_one_invoice_available_notice_only():
    timeline = plan(inv=invoice(due_date=None), pol=us_default(), now=local(2025, 6, 1, 8))
    assert [r.kind for r in timeline.planned] == [ReminderKind.INVOICE_AVAILABLE]
    assert timeline.planned[0].send_at == local(2025, 6, 2, 9)  # issue date, window start
    assert {s.reason for s in timeline.skipped} == {SkipReason.NO_DUE_DATE}


def test_invoice_without_due_date_arriving_late_gets_its_notice_now():
    now = local(2025, 6, 10, 11)
    timeline = plan(inv=invoice(due_date=None), pol=us_default(), now=now)
    assert timeline.planned[0].send_at == now
    assert timeline.planned[0].catch_up


def test_invoice_available_notice_is_sent_once():
    history = [sent("notice:invoice_available", local(2025, 6, 2, 9))]
    timeline = plan(
        inv=invoice(due_date=None), pol=us_default(), history=history, now=local(2025, 8, 1, 10)
    )
    assert timeline.planned == ()


def test_issue_date_anchored_step_is_counted_from_the_issue_date():
    from remit_scheduler.domain.policy import Anchor

    pol = policy(step(3, anchor=Anchor.ISSUE_DATE, channels=(Channel.PORTAL,)))
    reminder = plan(pol=pol).planned[0]
    assert reminder.local_date == date(2025, 6, 5)
    assert reminder.channels == (Channel.PORTAL,)


def test_planned_reminders_are_sorted_by_send_time():
    planned = plan(pol=us_default()).planned
    assert list(planned) == sorted(planned, key=lambda r: r.send_at)


def test_same_inputs_give_the_same_timeline():
    assert plan(pol=us_default()) == plan(pol=us_default())


def test_timeline_serialises_to_json_and_back():
    timeline = plan(pol=us_default())
    assert Timeline.model_validate_json(timeline.model_dump_json()) == timeline


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        plan(now=datetime(2025, 6, 2, 12))


def test_now_in_another_offset_is_normalised_to_utc():
    timeline = plan(now=local(2025, 6, 2, 8))
    assert timeline.computed_at == utc(2025, 6, 2, 12)


def test_timeline_counts_sent_steps_once_per_step_and_shows_the_last_send():
    history = [
        sent("step:1", local(2025, 6, 24, 9)),
        sent("step:2", local(2025, 7, 1, 9), channel=Channel.EMAIL),
        sent("step:2", local(2025, 7, 1, 9, 1), channel=Channel.SMS),
    ]
    timeline = plan(pol=us_default(), history=history, now=local(2025, 7, 2, 10))
    assert timeline.sent_count == 2
    assert timeline.last_sent_at == local(2025, 7, 1, 9, 1)


def test_another_clients_profile_is_refused():
    with pytest.raises(ValueError, match="does not belong"):
        plan(cli=client(client_id="someone-else"))
