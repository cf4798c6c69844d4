"""Adaptive cadence: clients who pay late on average get the pre-due reminder earlier.

The adjustment comes only from the client's own payment history, is bounded by the policy
(``adaptive.max_extra_days``) and always carries a sentence a billing manager can read out to
the client ("you paid your last 4 invoices 9.5 days late on average").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .inputs import PaymentRecord
from .policy import AdaptiveCadence

__all__ = ["CadenceAdjustment", "adjust_pre_due_date", "average_days_late", "pre_due_adjustment"]


@dataclass(frozen=True, slots=True)
class CadenceAdjustment:
    """How many days earlier the pre-due step goes, and why."""

    extra_days: int
    average_days_late: Fraction
    sample_size: int


def average_days_late(history: Sequence[PaymentRecord]) -> Fraction | None:
    """Mean of (paid date − due date) in days, exact; negative = early; None if no history.

    Early payments offset late ones: a client who pays early as often as late is not "late on
    average" and keeps the normal cadence.
    """
    if not history:
        return None
    return Fraction(sum(r.days_late for r in history), len(history))


def pre_due_adjustment(
    history: Sequence[PaymentRecord], settings: AdaptiveCadence
) -> CadenceAdjustment | None:
    """The adjustment for this client, or None when the cadence stays as the policy says.

    None when adaptation is off, the history is shorter than ``min_paid_invoices``, or the
    client is not late on average.  Extra days = ceil(average days late), capped.
    """
    if not settings.enabled or settings.max_extra_days == 0:
        return None
    if len(history) < settings.min_paid_invoices:
        return None
    average = average_days_late(history)
    if average is None or average <= 0:
        return None
    extra = min(-(-average.numerator // average.denominator), settings.max_extra_days)
    return CadenceAdjustment(extra_days=extra, average_days_late=average, sample_size=len(history))


def adjust_pre_due_date(
    nominal: date, issue_date: date, adjustment: CadenceAdjustment
) -> tuple[date, str | None]:
    """Move a pre-due date earlier, never before the invoice was issued.

    Returns the new date and the explanation, or the nominal date and None when the issue date
    leaves no room to move it.
    """
    floor = min(nominal, issue_date)  # an invoice issued late keeps its nominal date
    moved = max(nominal - timedelta(days=adjustment.extra_days), floor)
    shift = (nominal - moved).days
    if shift == 0:
        return nominal, None
    average = float(adjustment.average_days_late)
    if shift < adjustment.extra_days:
        capped = " (no earlier than the issue date)"
    elif adjustment.extra_days < adjustment.average_days_late:
        capped = " (the policy's maximum)"
    else:
        capped = ""
    return moved, (
        f"Sent {shift} day{'s' if shift != 1 else ''} earlier than the policy says{capped}: "
        f"this client paid its last {adjustment.sample_size} invoices {average:.1f} days late "
        f"on average."
    )
