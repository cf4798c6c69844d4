"""Builders for the scheduler domain's inputs, with defaults a test only overrides when it
cares (named scheduler_factories so it cannot clash with another service's helpers)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from remit_common.money import Money
from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.inputs import ClientProfile, InvoiceState, SentReminder
from remit_scheduler.domain.outcomes import Timeline
from remit_scheduler.domain.policy import Channel, ReminderPolicy, Step, StepKind, Tone
from remit_scheduler.domain.timeline import plan_timeline

NY = ZoneInfo("America/New_York")
WARSAW = ZoneInfo("Europe/Warsaw")
SYDNEY = ZoneInfo("Australia/Sydney")


def usd(minor: int) -> Money:
    return Money(amount_minor=minor, currency="USD")


def invoice(**overrides: Any) -> InvoiceState:
    fields: dict[str, Any] = {
        "invoice_id": "inv-1",
        "number": "2025-0001",
        "client_id": "cl-1",
        "matter_id": "m-1",
        "status": "issued",
        "issue_date": date(2025, 6, 2),
        "due_date": date(2025, 7, 1),
        "balance": usd(150_000),
        "total": usd(150_000),
    }
    fields.update(overrides)
    return InvoiceState(**fields)


def client(**overrides: Any) -> ClientProfile:
    fields: dict[str, Any] = {"client_id": "cl-1", "timezone": "America/New_York"}
    fields.update(overrides)
    return ClientProfile(**fields)


def step(offset: int, kind: StepKind = StepKind.OVERDUE, **overrides: Any) -> Step:
    fields: dict[str, Any] = {
        "offset_days": offset,
        "kind": kind,
        "tone": Tone.FRIENDLY,
        "channels": (Channel.EMAIL,),
    }
    fields.update(overrides)
    return Step(**fields)


def policy(*steps: Step, **overrides: Any) -> ReminderPolicy:
    fields: dict[str, Any] = {
        "steps": steps or (step(0, StepKind.DUE),),
        "firm_timezone": "America/New_York",
        "min_gap_days": 0,
        "business_days_only": False,
    }
    fields.update(overrides)
    return ReminderPolicy(**fields)


def sent(key: str, at: datetime, channel: Channel = Channel.EMAIL, **flags: bool) -> SentReminder:
    return SentReminder(step_key=key, channel=channel, sent_at=at, **flags)


def utc(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def local(y: int, mo: int, d: int, h: int, mi: int = 0, tz: ZoneInfo = NY) -> datetime:
    """A local wall-clock instant (fold=0), as an aware datetime."""
    return datetime.combine(date(y, mo, d), time(h, mi), tzinfo=tz)


def plan(
    inv: InvoiceState | None = None,
    pol: ReminderPolicy | None = None,
    cli: ClientProfile | None = None,
    history: Iterable[SentReminder] = (),
    holds: Holds | None = None,
    now: datetime | None = None,
) -> Timeline:
    """plan_timeline with defaults: a fresh USD invoice due 2025-07-01, New York client."""
    return plan_timeline(
        inv or invoice(),
        pol or policy(),
        cli or client(),
        list(history),
        holds or Holds(),
        now or utc(2025, 6, 2),
    )


def keys(timeline: Timeline) -> list[str]:
    return [r.step_key for r in timeline.planned]


def us_default() -> ReminderPolicy:
    """The built-in default for a New York firm with the US federal holiday calendar."""
    from remit_scheduler.domain.policy import HolidayCalendar, default_policy

    return default_policy("America/New_York", HolidayCalendar(country="US"))
