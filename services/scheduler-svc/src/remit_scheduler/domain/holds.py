"""Holds: what pauses an invoice's reminders, and when they resume by themselves.

* An open dispute (or status ``disputed``) pauses until the dispute is resolved: an event, so
  there is no resume date.
* A manual pause lasts until a manual resume (also an event).
* A promise to pay "until D" means "I will have paid by the end of D": reminders resume on
  D + 1 if the invoice is still unpaid.
* A snooze "until D" resumes reminders on D itself.

Dates are local dates in the client's zone.  While a dated hold runs, the plan already shows
what happens when it ends (the most recent step missed during the hold, once, at the first
window of the resume day), so nothing has to wake the invoice up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from .inputs import InvoiceState, InvoiceStatus
from .outcomes import SkipReason

__all__ = ["HoldDecision", "Holds", "dated_hold", "open_ended_hold"]


class Holds(BaseModel):
    """The holds currently recorded on one invoice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    promise_to_pay_until: date | None = None
    dispute_open: bool = False
    paused: bool = False
    snoozed_until: date | None = None


@dataclass(frozen=True, slots=True)
class HoldDecision:
    """A running hold: its reason, a sentence, and the local date it ends (None = on event)."""

    reason: SkipReason
    explanation: str
    resumes_on: date | None


def open_ended_hold(invoice: InvoiceState, holds: Holds) -> HoldDecision | None:
    """The dispute or manual pause that stops everything until an event lifts it, if any."""
    if invoice.status is InvoiceStatus.DISPUTED or holds.dispute_open:
        return HoldDecision(
            SkipReason.DISPUTED_PAUSED,
            "The client disputes this invoice; reminders wait until the dispute is resolved.",
            None,
        )
    if holds.paused:
        return HoldDecision(
            SkipReason.PAUSED_MANUALLY, "Reminders are paused by the firm until resumed.", None
        )
    return None


def dated_hold(holds: Holds, today: date) -> HoldDecision | None:
    """The promise-to-pay or snooze still running on local date ``today``, if any.

    When both run, the one ending later wins (it is the one that decides when sending resumes).
    """
    running: list[HoldDecision] = []
    if holds.promise_to_pay_until is not None:
        resume = holds.promise_to_pay_until + timedelta(days=1)
        if resume > today:
            running.append(
                HoldDecision(
                    SkipReason.HOLD_PROMISE_TO_PAY,
                    f"The client promised to pay by {holds.promise_to_pay_until.isoformat()}; "
                    f"reminders resume on {resume.isoformat()} if it is still unpaid.",
                    resume,
                )
            )
    if holds.snoozed_until is not None and holds.snoozed_until > today:
        running.append(
            HoldDecision(
                SkipReason.SNOOZED,
                f"Reminders are snoozed until {holds.snoozed_until.isoformat()}.",
                holds.snoozed_until,
            )
        )
    return max(running, key=lambda h: h.resumes_on or today, default=None)
