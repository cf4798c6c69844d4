"""What the timeline engine returns: planned reminders, skipped ones with reasons, the state.

Reason codes are a stable, machine-readable contract (the REST API and the history show them);
the ``explanation`` next to each is for people and may be reworded freely.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from remit_common.money import Money

from .policy import Channel, Tone
from .resolution import PolicyLevel

__all__ = [
    "Audience",
    "PlannedReminder",
    "ReminderKind",
    "SkipReason",
    "SkippedReminder",
    "Timeline",
    "TimelineState",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ReminderKind(StrEnum):
    """Policy step kinds plus the two notices the engine adds on its own."""

    PRE_DUE = "pre_due"
    DUE = "due"
    OVERDUE = "overdue"
    FINAL_NOTICE = "final_notice"
    INVOICE_AVAILABLE = "invoice_available"
    TRUST_NOTICE = "trust_notice"


class Audience(StrEnum):
    """Who receives the message: the client, or the firm itself (trust notices)."""

    CLIENT = "client"
    FIRM = "firm"


class SkipReason(StrEnum):
    """Why a step is not (or no longer) planned."""

    ALREADY_SENT = "already_sent"
    IN_PAST_MISSED = "in_past_missed"
    SUPERSEDED_BY_NEXT_STEP = "superseded_by_next_step"
    BELOW_MIN_BALANCE = "below_min_balance"
    PAID = "paid"
    VOIDED = "voided"
    WRITTEN_OFF = "written_off"
    DISPUTED_PAUSED = "disputed_paused"
    PAUSED_MANUALLY = "paused_manually"
    HOLD_PROMISE_TO_PAY = "hold_promise_to_pay"
    SNOOZED = "snoozed"
    OPTED_OUT_ALL_CHANNELS = "opted_out_all_channels"
    PREVIOUS_EMAIL_OPENED = "previous_email_opened"
    TRUST_COVERS_BALANCE = "trust_covers_balance"
    MIN_GAP = "min_gap"
    NO_DUE_DATE = "no_due_date"


class TimelineState(StrEnum):
    """The invoice's reminder state at ``computed_at``."""

    ACTIVE = "active"  # reminders planned or still possible
    PAUSED = "paused"  # a dispute, a manual pause or a dated hold; resumes by itself
    SUPPRESSED = "suppressed"  # owed, but nobody is chased (min balance, trust funds)
    CLOSED = "closed"  # paid, voided or written off: nothing will ever be sent


class PlannedReminder(BaseModel):
    """One message to send at ``send_at`` (UTC), quoting ``amount`` (the current balance)."""

    model_config = _FROZEN

    invoice_id: str
    invoice_number: str
    client_id: str
    matter_id: str | None
    step_key: str
    kind: ReminderKind
    tone: Tone
    channels: tuple[Channel, ...]
    template: str | None
    audience: Audience
    send_at: datetime
    local_date: date
    timezone: str
    amount: Money
    due_date: date | None
    catch_up: bool = False
    explanation: str | None = None

    @property
    def currency(self) -> str:
        """The quoted amount's currency (messages never mix currencies)."""
        return self.amount.currency


class SkippedReminder(BaseModel):
    """A step that will not be sent (now), with its reason; ``nominal_date`` is local."""

    model_config = _FROZEN

    step_key: str
    kind: ReminderKind
    reason: SkipReason
    explanation: str
    nominal_date: date | None = None


class Timeline(BaseModel):
    """The full plan for one invoice at ``computed_at``; recompute on every relevant event.

    ``planned`` is sorted by ``send_at``.  ``policy_level`` is None when the caller passed a
    bare policy instead of a ``ResolvedPolicy``.
    """

    model_config = _FROZEN

    invoice_id: str
    client_id: str
    computed_at: datetime
    timezone: str
    policy_level: PolicyLevel | None
    state: TimelineState
    resumes_on: date | None = None
    sent_count: int = 0  # distinct steps already sent (a step over two channels counts once)
    last_sent_at: datetime | None = None
    planned: tuple[PlannedReminder, ...] = ()
    skipped: tuple[SkippedReminder, ...] = ()

    @property
    def next_reminder(self) -> PlannedReminder | None:
        """The earliest planned reminder, if any."""
        return self.planned[0] if self.planned else None

    def skip_reason(self, step_key: str) -> SkipReason | None:
        """The reason ``step_key`` is skipped, or None if it is not skipped."""
        return next((s.reason for s in self.skipped if s.step_key == step_key), None)
