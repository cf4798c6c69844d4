"""Sending calendar: business days, holidays, the daily window and DST transitions."""

from datetime import UTC, date, datetime, time

import pytest
from remit_scheduler.domain.calendar import (
    client_zone,
    first_window_start,
    is_allowed_day,
    is_inside_window,
    next_allowed_day,
    next_send_moment,
    resolve_local,
    window_bounds,
)
from remit_scheduler.domain.policy import HolidayCalendar
from scheduler_factories import NY, SYDNEY, WARSAW, local, policy, utc

EVERY_DAY = policy(business_days_only=False)
BUSINESS = policy(business_days_only=True)
US = policy(business_days_only=True, holiday_calendar=HolidayCalendar(country="US"))
PL = policy(business_days_only=True, holiday_calendar=HolidayCalendar(country="PL"))


# --- zones -------------------------------------------------------------------------------


def test_client_zone_wins_and_firm_zone_is_the_fallback():
    assert client_zone("Europe/Warsaw", policy()).key == "Europe/Warsaw"
    assert client_zone(None, policy(firm_timezone="Australia/Sydney")).key == "Australia/Sydney"


# --- allowed days ------------------------------------------------------------------------


def test_weekends_are_not_business_days():
    assert is_allowed_day(date(2025, 6, 6), BUSINESS)  # Friday
    assert not is_allowed_day(date(2025, 6, 7), BUSINESS)  # Saturday
    assert not is_allowed_day(date(2025, 6, 8), BUSINESS)  # Sunday
    assert next_allowed_day(date(2025, 6, 7), BUSINESS) == date(2025, 6, 9)


def test_weekend_days_are_allowed_when_policy_does_not_restrict_to_business_days():
    assert is_allowed_day(date(2025, 6, 7), EVERY_DAY)


def test_us_independence_day_moves_to_the_next_business_day():
    # 2025-07-04 is a Friday: the next business day is Monday the 7th.
    assert not is_allowed_day(date(2025, 7, 4), US)
    assert next_allowed_day(date(2025, 7, 4), US) == date(2025, 7, 7)


def test_observed_holidays_count_too():
    # 2026-07-04 is a Saturday; the federal holiday is observed on Friday 3 July.
    assert not is_allowed_day(date(2026, 7, 3), US)


def test_polish_independence_day_11_november_is_skipped():
    assert not is_allowed_day(date(2025, 11, 11), PL)  # a Tuesday
    assert next_allowed_day(date(2025, 11, 11), PL) == date(2025, 11, 12)


def test_public_holidays_are_skipped_even_without_business_days_only():
    pol = policy(business_days_only=False, holiday_calendar=HolidayCalendar(country="PL"))
    assert not is_allowed_day(date(2025, 11, 11), pol)
    assert is_allowed_day(date(2025, 11, 15), pol)  # an ordinary Saturday


def test_subdivision_holidays_apply_only_in_that_subdivision():
    # Patriots' Day (third Monday of April) is a Massachusetts holiday, not a federal one.
    ma = policy(holiday_calendar=HolidayCalendar(country="US", subdivision="MA"))
    assert not is_allowed_day(date(2025, 4, 21), ma)
    assert is_allowed_day(date(2025, 4, 21), US)


def test_weekend_follows_the_country_of_the_holiday_calendar():
    # Israel's weekend is Friday and Saturday: Sunday is a business day there.
    il = policy(business_days_only=True, holiday_calendar=HolidayCalendar(country="IL"))
    assert is_allowed_day(date(2025, 6, 8), il)  # Sunday
    assert not is_allowed_day(date(2025, 6, 6), il)  # Friday


# --- window instants across DST ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        (date(2025, 3, 8), datetime(2025, 3, 8, 14, tzinfo=UTC)),  # EST, UTC-5
        (date(2025, 3, 9), datetime(2025, 3, 9, 13, tzinfo=UTC)),  # spring forward: EDT
        (date(2025, 11, 1), datetime(2025, 11, 1, 13, tzinfo=UTC)),  # EDT, UTC-4
        (date(2025, 11, 2), datetime(2025, 11, 2, 14, tzinfo=UTC)),  # fall back: EST
    ],
)
def test_nine_oclock_in_new_york_is_nine_local_on_both_sides_of_dst(day, expected_utc):
    start = first_window_start(day, EVERY_DAY, NY)
    assert start == expected_utc
    assert start.astimezone(NY).time() == time(9)


@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        (date(2025, 3, 29), datetime(2025, 3, 29, 8, tzinfo=UTC)),  # CET, UTC+1
        (date(2025, 3, 30), datetime(2025, 3, 30, 7, tzinfo=UTC)),  # CEST from 02:00
        (date(2025, 10, 25), datetime(2025, 10, 25, 7, tzinfo=UTC)),
        (date(2025, 10, 26), datetime(2025, 10, 26, 8, tzinfo=UTC)),  # back to CET
    ],
)
def test_nine_oclock_in_warsaw_is_nine_local_on_both_sides_of_dst(day, expected_utc):
    assert first_window_start(day, EVERY_DAY, WARSAW) == expected_utc


def test_sydney_window_can_fall_on_the_previous_utc_day_across_its_dst_end():
    # AEDT (UTC+11) until Sunday 6 April 2025, then AEST (UTC+10).
    assert first_window_start(date(2025, 4, 4), EVERY_DAY, SYDNEY) == utc(2025, 4, 3, 22)
    assert first_window_start(date(2025, 4, 7), EVERY_DAY, SYDNEY) == utc(2025, 4, 6, 23)


def test_window_start_inside_a_spring_forward_gap_opens_at_the_transition():
    # New York jumps from 02:00 to 03:00 on 2025-03-09: 02:30 does not exist that day.
    at = resolve_local(date(2025, 3, 9), time(2, 30), NY)
    assert at == utc(2025, 3, 9, 7)  # 03:00 EDT
    assert at.astimezone(NY).time() == time(3)


def test_gap_resolution_in_warsaw_opens_at_three():
    at = resolve_local(date(2025, 3, 30), time(2, 15), WARSAW)
    assert at.astimezone(WARSAW).time() == time(3)


def test_ambiguous_fall_back_time_uses_its_first_occurrence():
    # 01:30 happens twice in New York on 2025-11-02; the EDT one comes first.
    at = resolve_local(date(2025, 11, 2), time(1, 30), NY)
    assert at == utc(2025, 11, 2, 5, 30)


def test_window_entirely_inside_a_dst_gap_does_not_open_that_day():
    pol = policy(window_start=time(2, 5), window_end=time(2, 55))
    assert window_bounds(date(2025, 3, 9), pol, NY) is None
    assert first_window_start(date(2025, 3, 9), pol, NY) == local(2025, 3, 10, 2, 5)


def test_window_starting_in_the_gap_still_ends_at_its_local_end():
    pol = policy(window_start=time(2, 30), window_end=time(17))
    start, end = window_bounds(date(2025, 3, 9), pol, NY)
    assert start.astimezone(NY).time() == time(3)
    assert end == local(2025, 3, 9, 17)


def test_first_window_start_skips_holidays_and_weekends():
    # Friday 4 July 2025 (holiday) → Monday 7 July, 09:00 EDT.
    assert first_window_start(date(2025, 7, 4), US, NY) == local(2025, 7, 7, 9)


# --- inside the window / next moment -----------------------------------------------------


def test_now_inside_the_window_is_the_next_send_moment():
    now = local(2025, 6, 4, 11, 30)
    assert is_inside_window(now, BUSINESS, NY)
    assert next_send_moment(now, BUSINESS, NY) == now


def test_before_the_window_the_next_moment_is_todays_window_start():
    assert next_send_moment(local(2025, 6, 4, 7), BUSINESS, NY) == local(2025, 6, 4, 9)


def test_the_window_end_is_exclusive():
    assert not is_inside_window(local(2025, 6, 4, 17), BUSINESS, NY)
    assert next_send_moment(local(2025, 6, 4, 17), BUSINESS, NY) == local(2025, 6, 5, 9)


def test_friday_evening_waits_for_monday_morning():
    assert next_send_moment(local(2025, 6, 6, 18), BUSINESS, NY) == local(2025, 6, 9, 9)


def test_inside_window_is_judged_in_the_clients_zone_not_utc():
    # 15:00 UTC is 11:00 in New York (inside) but 17:00 in Warsaw (outside).
    at = utc(2025, 6, 4, 15)
    assert is_inside_window(at, BUSINESS, NY)
    assert not is_inside_window(at, BUSINESS, WARSAW)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_send_moment(datetime(2025, 6, 4, 12), BUSINESS, NY)
