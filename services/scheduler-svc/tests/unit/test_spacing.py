"""Minimum gap and one reminder per day."""

from datetime import date

from remit_scheduler.domain.outcomes import SkipReason
from scheduler_factories import invoice, keys, local, plan, policy, sent, step


def test_step_too_close_to_the_previous_one_is_postponed_and_says_so():
    pol = policy(step(0), step(2), min_gap_days=3)
    timeline = plan(pol=pol)
    assert [r.local_date for r in timeline.planned] == [date(2025, 7, 1), date(2025, 7, 4)]
    assert "Postponed from 2025-07-03" in timeline.planned[1].explanation


def test_step_that_cannot_be_postponed_before_the_next_one_is_skipped():
    pol = policy(step(0), step(2), step(3), min_gap_days=3)
    timeline = plan(pol=pol)
    assert keys(timeline) == ["step:1", "step:3"]
    assert timeline.skip_reason("step:2") is SkipReason.MIN_GAP


def test_gap_counts_from_the_last_reminder_actually_sent():
    # A "send now" went out the day before the due date.
    history = [sent("manual:1", local(2025, 6, 30, 15))]
    pol = policy(step(0), step(10), min_gap_days=3)
    timeline = plan(pol=pol, history=history, now=local(2025, 6, 30, 16))
    assert timeline.planned[0].local_date == date(2025, 7, 3)


def test_postponement_lands_on_an_allowed_day():
    pol = policy(step(0), step(1), min_gap_days=3, business_days_only=True)
    timeline = plan(inv=invoice(due_date=date(2025, 7, 2)), pol=pol)  # Wednesday
    assert timeline.planned[1].local_date == date(2025, 7, 7)  # Sat 5th → Monday


def test_two_steps_landing_on_the_same_day_send_only_the_later_one():
    # Due Saturday 5 July: the due step moves to Monday 7th, where the +2 step already is.
    pol = policy(step(0), step(2), business_days_only=True)
    timeline = plan(inv=invoice(due_date=date(2025, 7, 5)), pol=pol)
    assert keys(timeline) == ["step:2"]
    assert timeline.skip_reason("step:1") is SkipReason.SUPERSEDED_BY_NEXT_STEP


def test_zero_gap_allows_reminders_on_consecutive_days():
    pol = policy(step(0), step(1), min_gap_days=0)
    assert keys(plan(pol=pol)) == ["step:1", "step:2"]
