"""Holds: disputes and manual pauses wait for an event; dated holds resume by themselves."""

from datetime import date

from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.outcomes import SkipReason, TimelineState
from scheduler_factories import invoice, keys, local, plan, sent, us_default, usd

SENT_TO_DUE = [sent("step:1", local(2025, 6, 24, 9)), sent("step:2", local(2025, 7, 1, 9))]


def test_disputed_invoice_is_paused_with_nothing_planned():
    timeline = plan(inv=invoice(status="disputed"), pol=us_default())
    assert timeline.planned == ()
    assert timeline.state is TimelineState.PAUSED
    assert {s.reason for s in timeline.skipped} == {SkipReason.DISPUTED_PAUSED}


def test_open_dispute_hold_pauses_even_if_status_lags_behind():
    timeline = plan(holds=Holds(dispute_open=True), pol=us_default())
    assert timeline.planned == ()
    assert timeline.skip_reason("step:1") is SkipReason.DISPUTED_PAUSED


def test_resolved_dispute_resumes_with_one_catch_up_not_a_burst():
    # Disputed from 2 July to 20 July; steps 3 and 4 fell inside the dispute.
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, now=local(2025, 7, 21, 10))
    assert [r.catch_up for r in timeline.planned].count(True) == 1
    assert timeline.planned[0].step_key == "step:4"
    assert timeline.skip_reason("step:3") is SkipReason.IN_PAST_MISSED


def test_manual_pause_stops_everything_until_resumed():
    timeline = plan(holds=Holds(paused=True), pol=us_default())
    assert timeline.planned == ()
    assert timeline.skip_reason("step:2") is SkipReason.PAUSED_MANUALLY


def test_promise_to_pay_pauses_and_the_plan_already_shows_the_resumption():
    holds = Holds(promise_to_pay_until=date(2025, 7, 20))  # a Sunday
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert timeline.state is TimelineState.PAUSED
    assert timeline.resumes_on == date(2025, 7, 21)
    first = timeline.planned[0]
    # step:3 (7 July) and step:4 (16 July) fall in the hold: only the latest goes out, once,
    # at the first window after the promised date.
    assert (first.step_key, first.send_at, first.catch_up) == (
        "step:4",
        local(2025, 7, 21, 9),
        True,
    )
    assert "hold" in first.explanation
    assert timeline.skip_reason("step:3") is SkipReason.HOLD_PROMISE_TO_PAY
    assert keys(timeline)[1] == "step:5"


def test_promise_day_itself_is_still_inside_the_hold():
    holds = Holds(promise_to_pay_until=date(2025, 7, 16))
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert timeline.planned[0].send_at == local(2025, 7, 17, 9)


def test_after_the_promised_date_an_unpaid_invoice_resumes_by_itself():
    holds = Holds(promise_to_pay_until=date(2025, 7, 20))
    history = [*SENT_TO_DUE, sent("step:4", local(2025, 7, 21, 9))]
    timeline = plan(pol=us_default(), history=history, holds=holds, now=local(2025, 7, 22, 10))
    assert timeline.state is TimelineState.ACTIVE
    assert keys(timeline)[0] == "step:5"
    assert timeline.resumes_on is None


def test_paying_during_the_hold_cancels_the_resumption():
    holds = Holds(promise_to_pay_until=date(2025, 7, 20))
    paid = invoice(status="paid", balance=usd(0))
    timeline = plan(
        inv=paid, pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 10, 10)
    )
    assert timeline.planned == ()
    assert timeline.state is TimelineState.CLOSED


def test_expired_promise_has_no_effect():
    holds = Holds(promise_to_pay_until=date(2025, 6, 1))
    assert plan(pol=us_default(), holds=holds) == plan(pol=us_default())


def test_snooze_resumes_on_the_snooze_date_itself():
    holds = Holds(snoozed_until=date(2025, 7, 15))
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert timeline.resumes_on == date(2025, 7, 15)
    first = timeline.planned[0]
    assert (first.step_key, first.send_at, first.catch_up) == (
        "step:3",
        local(2025, 7, 15, 9),
        True,
    )


def test_steps_inside_a_snooze_are_skipped_as_snoozed():
    holds = Holds(snoozed_until=date(2025, 7, 21))
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert timeline.skip_reason("step:3") is SkipReason.SNOOZED
    assert keys(timeline)[:2] == ["step:4", "step:5"]


def test_the_later_of_promise_and_snooze_decides_when_sending_resumes():
    holds = Holds(promise_to_pay_until=date(2025, 7, 10), snoozed_until=date(2025, 7, 18))
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert timeline.resumes_on == date(2025, 7, 18)


def test_steps_after_the_hold_are_planned_normally():
    holds = Holds(promise_to_pay_until=date(2025, 7, 3))
    timeline = plan(pol=us_default(), history=SENT_TO_DUE, holds=holds, now=local(2025, 7, 2, 10))
    assert keys(timeline)[0] == "step:3"
    assert not timeline.planned[0].catch_up
