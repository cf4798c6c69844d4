"""Recomputing an invoice's timeline and storing it: the heart of every event and command.

``replan_invoice`` loads the invoice, its client, history, holds and effective policy, runs
the pure engine and replaces the invoice's not-yet-dispatched rows, all inside the caller's
unit of work, so the change that triggered it and the new plan commit together (a payment
and the cancellation of every pending reminder are one transaction).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.inputs import ClientProfile, InvoiceState, SentReminder
from remit_scheduler.domain.outcomes import Timeline, TimelineState
from remit_scheduler.domain.resolution import PolicyLevel, ResolvedPolicy, resolve_policy
from remit_scheduler.domain.timeline import plan_timeline
from remit_scheduler.service_layer import mapping


@dataclass(frozen=True, slots=True)
class PlanningInputs:
    """Everything the engine needs for one invoice, plus the rows it came from."""

    invoice_row: Row
    client_row: Row
    invoice: InvoiceState
    client: ClientProfile
    holds: Holds
    history: list[SentReminder]
    resolved: ResolvedPolicy


async def resolve_for(
    uow: SqlUnitOfWork,
    firm_id: uuid.UUID,
    *,
    invoice_id: uuid.UUID | None,
    client_id: uuid.UUID | None,
    client_group: str | None,
) -> ResolvedPolicy:
    """The most specific stored policy for this invoice (built-in default when none)."""
    found = await uow.policies.candidates(
        firm_id, invoice_id=invoice_id, client_id=client_id, client_group=client_group
    )
    return resolve_policy(
        found.get(PolicyLevel.FIRM_DEFAULT),
        client_group=found.get(PolicyLevel.CLIENT_GROUP),
        client=found.get(PolicyLevel.CLIENT),
        invoice=found.get(PolicyLevel.INVOICE),
    )


async def load_inputs(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID
) -> PlanningInputs | None:
    """The engine's inputs, or None while the invoice or its client is still unknown."""
    inv = await uow.read_models.invoice(firm_id, invoice_id)
    if inv is None:
        return None
    client = await uow.read_models.client(firm_id, inv.client_id)
    if client is None:
        return None
    payments = await uow.read_models.payment_history(firm_id, inv.client_id)
    sent = await uow.history.sent(firm_id, invoice_id)
    resolved = await resolve_for(
        uow,
        firm_id,
        invoice_id=invoice_id,
        client_id=inv.client_id,
        client_group=client.client_group,
    )
    return PlanningInputs(
        invoice_row=inv,
        client_row=client,
        invoice=mapping.invoice_state(inv),
        client=mapping.client_profile(client, payments),
        holds=mapping.holds(inv),
        history=mapping.sent_history(sent),
        resolved=resolved,
    )


def compute(inputs: PlanningInputs, now: datetime) -> Timeline:
    """Run the pure engine on loaded inputs."""
    return plan_timeline(
        inputs.invoice, inputs.resolved, inputs.client, inputs.history, inputs.holds, now
    )


async def replan_invoice(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
) -> Timeline | None:
    """Recompute and store the invoice's plan; None when it cannot be planned yet."""
    inputs = await load_inputs(uow, firm_id, invoice_id)
    if inputs is None:
        return None
    timeline = compute(inputs, now)
    policy = inputs.resolved.policy
    await uow.reminders.replace_plan(
        firm_id,
        invoice_id,
        [mapping.reminder_row(r, policy) for r in timeline.planned],
        skip_reasons={s.step_key: s.reason.value for s in timeline.skipped},
        closed=timeline.state is TimelineState.CLOSED,
        now=now,
    )
    return timeline
