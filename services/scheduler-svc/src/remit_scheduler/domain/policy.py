"""Reminder policy: what a firm sends, when, over which channels, and under which limits.

A policy is a validated, frozen pydantic model that round-trips through JSON unchanged, so the
REST API can accept and return it as is.  It says nothing about a particular invoice; the
timeline engine (``timeline.plan_timeline``) applies it to one.

Units worth knowing:
* ``offset_days`` are calendar days from the anchor (negative = before it);
* ``min_balance_minor`` is in the minor unit of the *invoice's* currency (cents for USD, yen
  for JPY): a policy is currency-agnostic, like the firm's price list;
* ``window_start`` / ``window_end`` are naive local wall-clock times in the client's zone
  (or ``firm_timezone`` when the client has none); the window is ``[start, end)``.
"""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

__all__ = [
    "AdaptiveCadence",
    "Anchor",
    "Channel",
    "ConsolidationMode",
    "HolidayCalendar",
    "Receipts",
    "ReminderPolicy",
    "Repeat",
    "Step",
    "StepKind",
    "Tone",
    "default_policy",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


# A wall-clock time without an offset ("09:00:00"): JSON Schema's "time" format would demand
# one (RFC 3339 full-time), so the schema says what is really accepted and sent.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
            "examples": ["09:00:00"],
            "description": "Local wall-clock time in the client's zone, without an offset.",
        }
    ),
]


class Channel(StrEnum):
    """A delivery channel; the notifier owns the adapters."""

    EMAIL = "email"
    SMS = "sms"
    PORTAL = "portal"
    LETTER = "letter"
    WEBHOOK = "webhook"


class Anchor(StrEnum):
    """The invoice date a step's ``offset_days`` counts from."""

    DUE_DATE = "due_date"
    ISSUE_DATE = "issue_date"


class StepKind(StrEnum):
    """What a step tells the client (drives the template family and the KPIs)."""

    PRE_DUE = "pre_due"
    DUE = "due"
    OVERDUE = "overdue"
    FINAL_NOTICE = "final_notice"


class Tone(StrEnum):
    """How insistent the wording is, friendly → firm → final."""

    FRIENDLY = "friendly"
    FIRM = "firm"
    FINAL = "final"


class ConsolidationMode(StrEnum):
    """How same-window reminders of one client are merged into one message."""

    INVOICE = "invoice"
    MATTER = "matter"
    CLIENT = "client"


def _unique_channels(channels: tuple[Channel, ...]) -> tuple[Channel, ...]:
    if len(set(channels)) != len(channels):
        raise ValueError("channels must not repeat")
    return channels


Channels = Annotated[
    tuple[Channel, ...], Field(min_length=1, max_length=5), AfterValidator(_unique_channels)
]


class Step(BaseModel):
    """One reminder of the sequence.

    ``key`` (optional) names the step in the timeline as ``step:<key>``; without it the step is
    ``step:<position>`` (1-based).  Give keys when a firm edits a live policy by inserting steps,
    so already-sent steps keep their identity.
    """

    model_config = _FROZEN

    offset_days: int = Field(ge=-365, le=3650, description="Days from the anchor; < 0 = before.")
    anchor: Anchor = Anchor.DUE_DATE
    kind: StepKind
    tone: Tone
    channels: Channels
    template: str | None = Field(default=None, min_length=1, max_length=200)
    key: str | None = Field(default=None, pattern=r"^[a-z0-9_-]{1,40}$")
    only_if_previous_email_unopened: bool = Field(
        default=False, description="Send only when the previous step's email was not opened."
    )
    switch_to_sms_if_email_bounced: bool = Field(
        default=False, description="Use SMS instead of email once an email to the client bounced."
    )


class Repeat(BaseModel):
    """Reminders repeated after the last step: ``every_days`` apart, at most ``max_count``."""

    model_config = _FROZEN

    every_days: int = Field(ge=1, le=365)
    max_count: int = Field(ge=1, le=60)
    kind: StepKind = StepKind.OVERDUE
    tone: Tone = Tone.FIRM
    channels: Channels = (Channel.EMAIL,)
    template: str | None = Field(default=None, min_length=1, max_length=200)
    switch_to_sms_if_email_bounced: bool = False


class HolidayCalendar(BaseModel):
    """Public holidays of the firm's jurisdiction, from the ``holidays`` package."""

    model_config = _FROZEN

    country: str = Field(pattern=r"^[A-Z]{2}$", examples=["US", "PL"])
    subdivision: str | None = Field(default=None, max_length=10, examples=["NY"])

    @model_validator(mode="after")
    def _supported(self) -> Self:
        supported = holidays.list_supported_countries()
        if self.country not in supported:
            raise ValueError(f"no holiday calendar for country {self.country!r}")
        if self.subdivision is not None and self.subdivision not in supported[self.country]:
            raise ValueError(f"unknown subdivision {self.subdivision!r} of {self.country}")
        return self


class Receipts(BaseModel):
    """Whether payments are acknowledged (partial) and receipted (full)."""

    model_config = _FROZEN

    acknowledge_partial_payment: bool = True
    receipt_on_full_payment: bool = True


class AdaptiveCadence(BaseModel):
    """Moving the pre-due reminder earlier for clients who pay late on average."""

    model_config = _FROZEN

    enabled: bool = True
    max_extra_days: int = Field(default=7, ge=0, le=30)
    min_paid_invoices: int = Field(
        default=2, ge=1, le=100, description="Fewer paid invoices than this: no adjustment."
    )


class ReminderPolicy(BaseModel):
    """A complete reminder policy (see module docstring for units)."""

    model_config = _FROZEN

    steps: tuple[Step, ...] = Field(min_length=1, max_length=20)
    repeat: Repeat | None = None
    min_balance_minor: int = Field(default=0, ge=0)
    min_gap_days: int = Field(default=3, ge=0, le=60)
    window_start: LocalTime = time(9, 0)
    window_end: LocalTime = time(17, 0)
    business_days_only: bool = True
    holiday_calendar: HolidayCalendar | None = None
    firm_timezone: str = Field(default="UTC", examples=["America/New_York"])
    receipts: Receipts = Receipts()
    consolidate: ConsolidationMode = ConsolidationMode.INVOICE
    adaptive: AdaptiveCadence = AdaptiveCadence()

    @field_validator("window_start", "window_end")
    @classmethod
    def _naive_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("window times are local wall-clock times: give them without offset")
        return value

    @field_validator("firm_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.window_start >= self.window_end:
            # Overnight windows would make "the window of a day" ambiguous; nobody needs them.
            raise ValueError("window_start must be before window_end (same day)")
        keys = [self.step_key(i) for i in range(len(self.steps))]
        if len(set(keys)) != len(keys):
            raise ValueError("step keys must be unique")
        for anchor in Anchor:
            offsets = [s.offset_days for s in self.steps if s.anchor is anchor]
            if any(a >= b for a, b in zip(offsets, offsets[1:], strict=False)):
                raise ValueError(f"steps anchored on {anchor} must have increasing offset_days")
        return self

    def step_key(self, index: int) -> str:
        """The stable timeline key of ``steps[index]``: ``step:<key>`` or ``step:<index+1>``."""
        step = self.steps[index]
        return f"step:{step.key or index + 1}"


def default_policy(
    firm_timezone: str = "UTC", holiday_calendar: HolidayCalendar | None = None
) -> ReminderPolicy:
    """The policy every new firm starts with.

    7 days before due, on the due date, 5 / 15 / 30 days after, then every 30 days at most 6
    times; 09:00–17:00 on business days.  Courtesy reminders (pre-due, due) go by email only:
    an SMS before anything is late reads as pressure and costs money.  Overdue reminders add
    SMS because a single unread inbox should not be the reason an invoice goes unpaid; a bounce
    switches email to SMS.  Letters are off by default: they cost postage and need a postal
    address, so firms opt in per step.
    """
    email, sms = Channel.EMAIL, Channel.SMS
    return ReminderPolicy(
        steps=(
            Step(offset_days=-7, kind=StepKind.PRE_DUE, tone=Tone.FRIENDLY, channels=(email,)),
            Step(offset_days=0, kind=StepKind.DUE, tone=Tone.FRIENDLY, channels=(email,)),
            Step(
                offset_days=5,
                kind=StepKind.OVERDUE,
                tone=Tone.FRIENDLY,
                channels=(email, sms),
                switch_to_sms_if_email_bounced=True,
            ),
            Step(
                offset_days=15,
                kind=StepKind.OVERDUE,
                tone=Tone.FIRM,
                channels=(email, sms),
                switch_to_sms_if_email_bounced=True,
            ),
            Step(
                offset_days=30,
                kind=StepKind.FINAL_NOTICE,
                tone=Tone.FINAL,
                channels=(email, sms),
                switch_to_sms_if_email_bounced=True,
            ),
        ),
        repeat=Repeat(
            every_days=30, max_count=6, channels=(email,), switch_to_sms_if_email_bounced=True
        ),
        firm_timezone=firm_timezone,
        holiday_calendar=holiday_calendar,
    )
