"""Spacing between client reminders of one invoice: one per day, and ``min_gap_days`` apart.

Gaps are counted in local calendar days between send dates (a reminder at 09:00 Monday and
one at 16:00 Thursday are 3 days apart), starting from the last reminder actually sent.

A reminder too close to the previous one is postponed to the first window at least the gap
later, so a final notice is not lost because a catch-up went out two days before it.  If the
postponement would reach the next planned reminder's day, the next one says more recent
things anyway and the postponed one is skipped with ``min_gap``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from .calendar import first_window_start, local_date
from .outcomes import PlannedReminder, SkippedReminder, SkipReason
from .policy import ReminderPolicy

__all__ = ["space_reminders"]


def _skip(reminder: PlannedReminder, reason: SkipReason, explanation: str) -> SkippedReminder:
    return SkippedReminder(
        step_key=reminder.step_key,
        kind=reminder.kind,
        reason=reason,
        explanation=explanation,
        nominal_date=reminder.local_date,
    )


def _one_per_day(
    planned: list[PlannedReminder],
) -> tuple[list[PlannedReminder], list[SkippedReminder]]:
    kept: list[PlannedReminder] = []
    skipped: list[SkippedReminder] = []
    for reminder in planned:
        if kept and kept[-1].local_date == reminder.local_date:
            earlier = kept.pop()
            skipped.append(
                _skip(
                    earlier,
                    SkipReason.SUPERSEDED_BY_NEXT_STEP,
                    f"{reminder.step_key} goes out the same day and replaces it.",
                )
            )
        kept.append(reminder)
    return kept, skipped


def space_reminders(
    planned: Sequence[PlannedReminder],
    last_sent_on: date | None,
    policy: ReminderPolicy,
    tz: ZoneInfo,
) -> tuple[list[PlannedReminder], list[SkippedReminder]]:
    """Enforce one reminder per local day and ``policy.min_gap_days``; returns kept (sorted by
    ``send_at``) and skipped.  ``last_sent_on`` is the local date of the last sent reminder.
    """
    ordered, skipped = _one_per_day(sorted(planned, key=lambda r: r.send_at))
    gap = policy.min_gap_days
    kept: list[PlannedReminder] = []
    previous = last_sent_on
    for i, reminder in enumerate(ordered):
        if previous is None or (reminder.local_date - previous).days >= gap:
            kept.append(reminder)
            previous = reminder.local_date
            continue
        send_at = first_window_start(previous + timedelta(days=gap), policy, tz)
        moved_to = local_date(send_at, tz)
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        if following is not None and moved_to >= following.local_date:
            skipped.append(
                _skip(
                    reminder,
                    SkipReason.MIN_GAP,
                    f"Less than {gap} days after the previous reminder ({previous.isoformat()}), "
                    f"and {following.step_key} follows before it could be postponed.",
                )
            )
            continue
        note = (
            f"Postponed from {reminder.local_date.isoformat()} to keep {gap} days after the "
            f"previous reminder ({previous.isoformat()})."
        )
        explanation = " ".join(x for x in (reminder.explanation, note) if x)
        kept.append(
            reminder.model_copy(
                update={"send_at": send_at, "local_date": moved_to, "explanation": explanation}
            )
        )
        previous = moved_to
    return kept, skipped
