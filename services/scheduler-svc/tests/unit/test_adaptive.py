"""Adaptive cadence: late payers get the pre-due reminder earlier, bounded and explained."""

from datetime import date, timedelta
from fractions import Fraction

from remit_scheduler.domain.adaptive import average_days_late, pre_due_adjustment
from remit_scheduler.domain.inputs import PaymentRecord
from remit_scheduler.domain.policy import AdaptiveCadence, ReminderPolicy
from scheduler_factories import client, invoice, plan, us_default


def _paid(*days_late: int) -> tuple[PaymentRecord, ...]:
    due = date(2024, 1, 15)
    return tuple(PaymentRecord(due_date=due, paid_date=due + timedelta(days=d)) for d in days_late)


def _pre_due(timeline):
    return timeline.planned[0]


def test_average_days_late_is_exact_and_counts_early_payments_as_negative():
    assert average_days_late(_paid(10, 5, -3)) == Fraction(4)
    assert average_days_late(_paid(1, 2)) == Fraction(3, 2)
    assert average_days_late(()) is None


def test_client_paying_four_days_late_on_average_gets_the_pre_due_reminder_four_days_earlier():
    timeline = plan(pol=us_default(), cli=client(payment_history=_paid(3, 5)))
    pre_due = _pre_due(timeline)
    assert pre_due.local_date == date(2025, 6, 20)  # 11 days before 1 July instead of 7
    assert "4 days earlier" in pre_due.explanation
    assert "2 invoices 4.0 days late on average" in pre_due.explanation


def test_fractional_average_rounds_up_to_whole_days():
    adjustment = pre_due_adjustment(_paid(1, 2), AdaptiveCadence())
    assert adjustment is not None and adjustment.extra_days == 2


def test_the_move_is_capped_by_the_policy():
    timeline = plan(pol=us_default(), cli=client(payment_history=_paid(40, 60)))
    pre_due = _pre_due(timeline)
    assert pre_due.local_date == date(2025, 6, 17)  # 7 + 7 days before due, a Tuesday
    assert "maximum" in pre_due.explanation


def test_only_the_pre_due_step_moves():
    normal = plan(pol=us_default())
    adapted = plan(pol=us_default(), cli=client(payment_history=_paid(9, 9)))
    assert [r.send_at for r in adapted.planned[1:]] == [r.send_at for r in normal.planned[1:]]


def test_punctual_and_early_payers_keep_the_normal_cadence():
    for history in (_paid(0, 0), _paid(-5, 3)):
        assert (
            _pre_due(plan(pol=us_default(), cli=client(payment_history=history))).explanation
            is None
        )


def test_a_single_late_invoice_is_not_enough_history():
    timeline = plan(pol=us_default(), cli=client(payment_history=_paid(30)))
    assert _pre_due(timeline).local_date == date(2025, 6, 24)


def test_pre_due_reminder_never_moves_before_the_issue_date():
    inv = invoice(issue_date=date(2025, 6, 20))
    timeline = plan(
        inv=inv,
        pol=us_default(),
        cli=client(payment_history=_paid(7, 7)),
        now=date_to_morning(date(2025, 6, 20)),
    )
    pre_due = _pre_due(timeline)
    assert pre_due.local_date == date(2025, 6, 20)
    assert "issue date" in pre_due.explanation


def test_adaptation_can_be_switched_off():
    pol = ReminderPolicy.model_validate(
        {**us_default().model_dump(), "adaptive": {"enabled": False}}
    )
    assert _pre_due(plan(pol=pol, cli=client(payment_history=_paid(9, 9)))).explanation is None


def date_to_morning(day: date):
    from scheduler_factories import local

    return local(day.year, day.month, day.day, 8)
