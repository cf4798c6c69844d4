"""Expanding a policy into dated candidate steps for one invoice.

A candidate is a step (or repeat) with its nominal local date, before any decision about
holds, history, channels or gaps.  Keys are stable across recomputes: ``step:<n or key>``,
``repeat:<n>`` (1-based) and ``notice:invoice_available``, so a step once sent is recognised
whatever changed since (due date, balance, policy wording).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .adaptive import adjust_pre_due_date, pre_due_adjustment
from .inputs import ClientProfile, InvoiceState
from .outcomes import ReminderKind, SkippedReminder, SkipReason
from .policy import Anchor, Channel, ReminderPolicy, StepKind, Tone

__all__ = [
    "INVOICE_AVAILABLE_KEY",
    "TRUST_NOTICE_KEY",
    "Candidate",
    "expand_candidates",
]

INVOICE_AVAILABLE_KEY = "notice:invoice_available"
TRUST_NOTICE_KEY = "notice:trust_covers_balance"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A step of the policy placed on a local date for one invoice."""

    key: str
    kind: ReminderKind
    tone: Tone
    channels: tuple[Channel, ...]
    template: str | None
    nominal_date: date
    only_if_previous_email_unopened: bool = False
    switch_to_sms_if_email_bounced: bool = False
    note: str | None = None


def _anchor_date(invoice: InvoiceState, anchor: Anchor) -> date:
    if anchor is Anchor.ISSUE_DATE:
        return invoice.issue_date
    if invoice.due_date is None:  # callers handle the no-due-date case first
        raise ValueError("a due-date anchor needs a due date")
    return invoice.due_date


def _without_due_date(
    invoice: InvoiceState, policy: ReminderPolicy
) -> tuple[list[Candidate], list[SkippedReminder]]:
    # Every step, even an issue-anchored one, speaks of a due date ("due in 7 days",
    # "overdue"): telling a client an undated invoice is late would be inaccurate.
    notice = Candidate(
        key=INVOICE_AVAILABLE_KEY,
        kind=ReminderKind.INVOICE_AVAILABLE,
        tone=Tone.FRIENDLY,
        channels=policy.steps[0].channels,
        template=None,
        nominal_date=invoice.issue_date,
        switch_to_sms_if_email_bounced=policy.steps[0].switch_to_sms_if_email_bounced,
    )
    skipped = [
        SkippedReminder(
            step_key=policy.step_key(i),
            kind=ReminderKind(step.kind.value),
            reason=SkipReason.NO_DUE_DATE,
            explanation="The invoice has no due date: one 'invoice available' notice instead.",
        )
        for i, step in enumerate(policy.steps)
    ]
    return [notice], skipped


def expand_candidates(
    invoice: InvoiceState, policy: ReminderPolicy, client: ClientProfile
) -> tuple[list[Candidate], list[SkippedReminder]]:
    """All candidates of the invoice, sorted by (nominal date, policy order), and the steps
    that cannot apply at all (no due date).

    Pre-due steps are moved earlier for clients who pay late (see ``adaptive``); the move is
    explained in ``Candidate.note``.
    """
    if invoice.due_date is None:
        return _without_due_date(invoice, policy)
    adjustment = pre_due_adjustment(client.payment_history, policy.adaptive)
    candidates: list[Candidate] = []
    for i, step in enumerate(policy.steps):
        nominal = _anchor_date(invoice, step.anchor) + timedelta(days=step.offset_days)
        note = None
        if step.kind is StepKind.PRE_DUE and adjustment is not None:
            nominal, note = adjust_pre_due_date(nominal, invoice.issue_date, adjustment)
        candidates.append(
            Candidate(
                key=policy.step_key(i),
                kind=ReminderKind(step.kind.value),
                tone=step.tone,
                channels=step.channels,
                template=step.template,
                nominal_date=nominal,
                only_if_previous_email_unopened=step.only_if_previous_email_unopened,
                switch_to_sms_if_email_bounced=step.switch_to_sms_if_email_bounced,
                note=note,
            )
        )
    if policy.repeat is not None:
        last = policy.steps[-1]
        base = _anchor_date(invoice, last.anchor) + timedelta(days=last.offset_days)
        rep = policy.repeat
        candidates.extend(
            Candidate(
                key=f"repeat:{n}",
                kind=ReminderKind(rep.kind.value),
                tone=rep.tone,
                channels=rep.channels,
                template=rep.template,
                nominal_date=base + timedelta(days=rep.every_days * n),
                switch_to_sms_if_email_bounced=rep.switch_to_sms_if_email_bounced,
            )
            for n in range(1, rep.max_count + 1)
        )
    # Stable sort: steps with the same date keep the policy's order.
    candidates.sort(key=lambda c: c.nominal_date)
    return candidates, []
