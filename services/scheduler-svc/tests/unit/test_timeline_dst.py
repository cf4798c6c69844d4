"""Timelines across DST changes and public holidays, in the client's own zone."""

from datetime import date, time

from remit_scheduler.domain.policy import HolidayCalendar, StepKind
from scheduler_factories import client, invoice, local, plan, policy, step, utc

NY_CLIENT = client(timezone="America/New_York")
WARSAW_CLIENT = client(timezone="Europe/Warsaw")
SYDNEY_CLIENT = client(timezone="Australia/Sydney")
WEEKLY = policy(step(-7, StepKind.PRE_DUE), step(0, StepKind.DUE), step(7), business_days_only=True)


def _utc_times(timeline):
    return [r.send_at for r in timeline.planned]


def test_new_york_march_reminders_stay_at_nine_local_while_utc_shifts_an_hour():
    inv = invoice(issue_date=date(2025, 2, 1), due_date=date(2025, 3, 10))
    timeline = plan(inv=inv, pol=WEEKLY, cli=NY_CLIENT, now=utc(2025, 2, 1))
    assert _utc_times(timeline) == [utc(2025, 3, 3, 14), utc(2025, 3, 10, 13), utc(2025, 3, 17, 13)]


def test_new_york_november_reminders_stay_at_nine_local_while_utc_shifts_back():
    inv = invoice(issue_date=date(2025, 10, 1), due_date=date(2025, 11, 3))
    timeline = plan(inv=inv, pol=WEEKLY, cli=NY_CLIENT, now=utc(2025, 10, 1))
    assert _utc_times(timeline) == [
        utc(2025, 10, 27, 13),
        utc(2025, 11, 3, 14),
        utc(2025, 11, 10, 14),
    ]


def test_warsaw_client_of_a_new_york_firm_is_reminded_at_nine_in_warsaw():
    inv = invoice(issue_date=date(2025, 3, 1), due_date=date(2025, 3, 31))
    timeline = plan(inv=inv, pol=WEEKLY, cli=WARSAW_CLIENT, now=utc(2025, 3, 1))
    # CET (UTC+1) before 30 March, CEST (UTC+2) after.
    assert _utc_times(timeline) == [utc(2025, 3, 24, 8), utc(2025, 3, 31, 7), utc(2025, 4, 7, 7)]


def test_warsaw_october_change_moves_utc_time_one_hour_later():
    inv = invoice(issue_date=date(2025, 10, 1), due_date=date(2025, 10, 27))
    timeline = plan(inv=inv, pol=WEEKLY, cli=WARSAW_CLIENT, now=utc(2025, 10, 1))
    assert _utc_times(timeline)[:2] == [utc(2025, 10, 20, 7), utc(2025, 10, 27, 8)]


def test_sydney_reminder_is_sent_on_the_previous_utc_day():
    inv = invoice(issue_date=date(2025, 3, 1), due_date=date(2025, 4, 7))
    timeline = plan(inv=inv, pol=WEEKLY, cli=SYDNEY_CLIENT, now=utc(2025, 3, 1))
    due = timeline.planned[1]
    assert due.local_date == date(2025, 4, 7)
    assert due.send_at == utc(2025, 4, 6, 23)  # 09:00 AEST


def test_window_opening_inside_the_spring_forward_gap_sends_at_three_local():
    pol = policy(step(0), window_start=time(2, 30), window_end=time(17))
    inv = invoice(issue_date=date(2025, 3, 1), due_date=date(2025, 3, 9))
    timeline = plan(inv=inv, pol=pol, cli=NY_CLIENT, now=utc(2025, 3, 1))
    assert timeline.planned[0].send_at == local(2025, 3, 9, 3)
    assert timeline.planned[0].send_at == utc(2025, 3, 9, 7)


def test_polish_independence_day_moves_the_due_reminder_to_the_next_day():
    pol = policy(step(0, StepKind.DUE), holiday_calendar=HolidayCalendar(country="PL"))
    inv = invoice(issue_date=date(2025, 10, 1), due_date=date(2025, 11, 11))
    timeline = plan(inv=inv, pol=pol, cli=WARSAW_CLIENT, now=utc(2025, 10, 1))
    due = timeline.planned[0]
    assert due.send_at == utc(2025, 11, 12, 8)  # 09:00 CET
    assert "public holiday" in due.explanation


def test_us_independence_day_due_date_is_reminded_after_the_long_weekend():
    pol = policy(
        step(0, StepKind.DUE),
        holiday_calendar=HolidayCalendar(country="US"),
        business_days_only=True,
    )
    inv = invoice(due_date=date(2025, 7, 4))
    assert plan(inv=inv, pol=pol).planned[0].send_at == local(2025, 7, 7, 9)
