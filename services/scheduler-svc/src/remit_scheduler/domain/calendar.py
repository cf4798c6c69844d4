"""Sending calendar: allowed days, the daily sending window, and DST-correct instants.

Every instant this module returns is an aware UTC ``datetime``; every ``date`` is a local
calendar date in the client's zone (the firm's when the client has none).

DST rules (documented because they are choices):
* A window bound that falls in a spring-forward gap (e.g. 02:30 on the day New York jumps from
  02:00 to 03:00) resolves to the first instant that exists after it — the transition itself,
  03:00 local.  So the window opens as soon as the clock allows, never an hour late.
* A bound that occurs twice (fall-back, e.g. 01:30 in New York in November) resolves to its
  first occurrence.
* If a whole window lies inside a gap (e.g. 02:05–02:55 on spring-forward day) that day has no
  window, and the next allowed day is used.
* "Inside the window" is judged on the local wall clock: ``window_start <= local time <
  window_end`` on an allowed local date.

Allowed days: when ``business_days_only``, the holiday calendar's weekend (Saturday/Sunday
unless the country's is different) is excluded; public holidays (including observed days) of
the policy's ``holiday_calendar`` are always excluded.  Holidays are judged on the client's
local date, using the firm's jurisdiction, since it is the firm that is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from .policy import HolidayCalendar, ReminderPolicy

__all__ = [
    "client_zone",
    "first_window_start",
    "holiday_name",
    "is_allowed_day",
    "is_inside_window",
    "local_date",
    "next_allowed_day",
    "next_send_moment",
    "resolve_local",
    "window_bounds",
]

_DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday numbering)
# A year of consecutive closed days would be a broken calendar, not a real one.
_MAX_SCAN_DAYS = 366


def client_zone(client_timezone: str | None, policy: ReminderPolicy) -> ZoneInfo:
    """The zone reminders are timed in: the client's if known, else the firm's."""
    return ZoneInfo(client_timezone or policy.firm_timezone)


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instants must be timezone-aware (pass UTC)")


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date of ``instant`` on the wall clocks of ``tz``."""
    _require_aware(instant)
    return instant.astimezone(tz).date()


@lru_cache(maxsize=512)
def _holidays(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    # Cached per year: the package computes rules, which is pure but not free.
    table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return MappingProxyType(dict(table.items()))


@lru_cache(maxsize=256)
def _weekend(country: str | None, subdivision: str | None) -> frozenset[int]:
    if country is None:
        return _DEFAULT_WEEKEND
    return frozenset(holidays.country_holidays(country, subdiv=subdivision).weekend)


def holiday_name(day: date, calendar: HolidayCalendar | None) -> str | None:
    """The public holiday's name on ``day``, or None (also when there is no calendar)."""
    if calendar is None:
        return None
    return _holidays(calendar.country, calendar.subdivision, day.year).get(day)


def is_allowed_day(day: date, policy: ReminderPolicy) -> bool:
    """True when reminders may go out on local date ``day`` under ``policy``."""
    cal = policy.holiday_calendar
    if policy.business_days_only:
        weekend = _weekend(cal.country if cal else None, cal.subdivision if cal else None)
        if day.weekday() in weekend:
            return False
    return holiday_name(day, cal) is None


def next_allowed_day(day: date, policy: ReminderPolicy) -> date:
    """``day`` itself when allowed, else the first allowed day after it."""
    for offset in range(_MAX_SCAN_DAYS):
        candidate = day + timedelta(days=offset)
        if is_allowed_day(candidate, policy):
            return candidate
    raise ValueError("the policy's calendar allows no sending day within a year")


def resolve_local(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local ``day`` at ``wall`` (gap → transition, fold → first; see top)."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # In a gap: fold=1 reads the wall time with the post-transition offset, which lands before
    # the transition; fold=0 lands after it.  Bisect for the first instant whose wall clock has
    # reached ``naive`` - that is the transition (gaps are at most a day, so ~17 steps).
    lo = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    hi = int(first.timestamp())
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, UTC)


def window_bounds(
    day: date, policy: ReminderPolicy, tz: ZoneInfo
) -> tuple[datetime, datetime] | None:
    """The ``[start, end)`` UTC instants of the window on local ``day``; None if it cannot open.

    Returns None when the window lies entirely in a DST gap.  Does not check allowed days.
    """
    start = resolve_local(day, policy.window_start, tz)
    end = resolve_local(day, policy.window_end, tz)
    wall = start.astimezone(tz)
    if wall.date() != day or wall.time() >= policy.window_end or start >= end:
        return None
    return start, end


def first_window_start(day: date, policy: ReminderPolicy, tz: ZoneInfo) -> datetime:
    """Start of the first window on an allowed local day on or after ``day`` (UTC)."""
    candidate = day
    for _ in range(_MAX_SCAN_DAYS):
        candidate = next_allowed_day(candidate, policy)
        bounds = window_bounds(candidate, policy, tz)
        if bounds is not None:
            return bounds[0]
        candidate += timedelta(days=1)
    raise ValueError("the policy's calendar allows no sending window within a year")


def is_inside_window(instant: datetime, policy: ReminderPolicy, tz: ZoneInfo) -> bool:
    """True when ``instant`` is on an allowed local day and inside the local window."""
    _require_aware(instant)
    wall = instant.astimezone(tz)
    return (
        is_allowed_day(wall.date(), policy)
        and policy.window_start <= wall.time().replace(tzinfo=None) < policy.window_end
    )


def next_send_moment(now: datetime, policy: ReminderPolicy, tz: ZoneInfo) -> datetime:
    """``now`` (in UTC) when it is inside a window, else the start of the next window."""
    _require_aware(now)
    now = now.astimezone(UTC)
    if is_inside_window(now, policy, tz):
        return now
    today = local_date(now, tz)
    if is_allowed_day(today, policy):
        bounds = window_bounds(today, policy, tz)
        if bounds is not None and bounds[0] > now:
            return bounds[0]
    return first_window_start(today + timedelta(days=1), policy, tz)
