"""Catch-up: steps whose time passed are not sent late — except the single most recent one."""

from datetime import date

from remit_scheduler.domain.outcomes import SkipReason
from scheduler_factories import invoice, keys, local, plan, policy, sent, step, us_default


def test_invoice_arriving_after_three_steps_sends_only_the_latest_now_inside_the_window():
    now = local(2025, 7, 10, 14)  # Thursday 14:00 New York, inside 09–17
    timeline = plan(pol=us_default(), now=now)
    first = timeline.planned[0]
    assert (first.step_key, first.send_at, first.catch_up) == ("step:3", now, True)
    assert "was due 2025-07-06" in first.explanation
    assert [r.catch_up for r in timeline.planned].count(True) == 1
    assert timeline.skip_reason("step:1") is SkipReason.IN_PAST_MISSED
    assert timeline.skip_reason("step:2") is SkipReason.IN_PAST_MISSED


def test_catch_up_outside_the_window_waits_for_the_next_window():
    timeline = plan(pol=us_default(), now=local(2025, 7, 10, 20))
    assert timeline.planned[0].send_at == local(2025, 7, 11, 9)


def test_catch_up_on_a_friday_evening_waits_for_monday_morning():
    timeline = plan(pol=us_default(), now=local(2025, 7, 11, 18))
    assert timeline.planned[0].send_at == local(2025, 7, 14, 9)


def test_catch_up_is_dropped_when_the_next_step_goes_out_the_same_day():
    # Steps on days 0 and +3: arriving on Saturday after day 0 (a Friday), the catch-up would
    # go out on Monday — the day step:2 is due anyway.
    pol = policy(step(0), step(3), business_days_only=True)
    inv = invoice(due_date=date(2025, 7, 11))
    timeline = plan(inv=inv, pol=pol, now=local(2025, 7, 12, 10))
    assert keys(timeline) == ["step:2"]
    assert timeline.skip_reason("step:1") is SkipReason.SUPERSEDED_BY_NEXT_STEP


def test_years_late_invoice_gets_exactly_one_reminder():
    timeline = plan(pol=us_default(), now=local(2027, 3, 3, 10))
    assert keys(timeline) == ["repeat:6"]
    assert timeline.planned[0].catch_up
    assert sum(s.reason is SkipReason.IN_PAST_MISSED for s in timeline.skipped) == 10


def test_an_older_step_is_never_caught_up_after_a_later_one_was_sent():
    # step:4 went out (e.g. "send now"), step:3 never did: do not send a friendlier step:3 now.
    history = [sent("step:4", local(2025, 7, 16, 9))]
    timeline = plan(pol=us_default(), history=history, now=local(2025, 7, 20, 10))
    assert not any(r.catch_up for r in timeline.planned)
    assert timeline.skip_reason("step:3") is SkipReason.IN_PAST_MISSED
    assert keys(timeline)[0] == "step:5"


def test_after_the_catch_up_went_out_the_older_missed_steps_stay_missed():
    now = local(2025, 7, 10, 14)
    history = [sent("step:3", now)]
    timeline = plan(pol=us_default(), history=history, now=local(2025, 7, 10, 15))
    assert keys(timeline)[0] == "step:4"
    assert not any(r.catch_up for r in timeline.planned)


def test_a_step_due_at_exactly_now_is_sent_on_time_not_as_catch_up():
    now = local(2025, 7, 1, 9)
    due = plan(pol=us_default(), now=now).planned[0]
    assert (due.step_key, due.send_at, due.catch_up) == ("step:2", now, False)
