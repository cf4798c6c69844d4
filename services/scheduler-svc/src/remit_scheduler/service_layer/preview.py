"""Preview: "given this invoice and policy, what goes out, when, over which channel".

The production engine on request data; nothing is stored.  Without a policy in the request
the firm's stored policies are resolved as they would be for this invoice and client.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.domain.consolidation import ConsolidatedMessage, consolidate
from remit_scheduler.domain.holds import Holds
from remit_scheduler.domain.inputs import ClientProfile, InvoiceState, SentReminder
from remit_scheduler.domain.outcomes import PlannedReminder, Timeline
from remit_scheduler.domain.policy import ReminderPolicy
from remit_scheduler.domain.resolution import PolicyLevel, ResolvedPolicy
from remit_scheduler.domain.timeline import plan_timeline
from remit_scheduler.service_layer.planning import resolve_for


class PreviewRequest(BaseModel):
    """Invoice (required), policy, client profile, history, holds and ``now`` (all optional)."""

    invoice: InvoiceState
    policy: ReminderPolicy | None = None
    client: ClientProfile | None = None
    history: list[SentReminder] = []
    holds: Holds = Holds()
    now: datetime | None = None


class PreviewReminder(PlannedReminder):
    """A planned reminder with its send time on the recipient's wall clock too."""

    local_send_at: datetime


class PreviewResponse(BaseModel):
    """The timeline the engine computes, with local times and the messages it would make."""

    computed_at: datetime
    policy_level: PolicyLevel | None
    timeline: Timeline
    reminders: list[PreviewReminder]
    messages: list[ConsolidatedMessage]


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


async def preview(
    uow: SqlUnitOfWork, firm_id: uuid.UUID, req: PreviewRequest, now: datetime
) -> PreviewResponse:
    """Run the engine on the request; reads stored policies only when none is given."""
    at = req.now or now
    client = req.client or ClientProfile(client_id=req.invoice.client_id)
    if req.policy is not None:
        resolved = ResolvedPolicy(policy=req.policy, level=PolicyLevel.INVOICE)
        level = None
    else:
        resolved = await resolve_for(
            uow,
            firm_id,
            invoice_id=_uuid(req.invoice.invoice_id),
            client_id=_uuid(req.invoice.client_id),
            client_group=client.group,
        )
        level = resolved.level
    timeline = plan_timeline(req.invoice, resolved, client, req.history, req.holds, at)
    timeline = timeline.model_copy(update={"policy_level": level})
    return PreviewResponse(
        computed_at=at,
        policy_level=level,
        timeline=timeline,
        reminders=[
            PreviewReminder(
                **r.model_dump(), local_send_at=r.send_at.astimezone(ZoneInfo(r.timezone))
            )
            for r in timeline.planned
        ],
        messages=consolidate(timeline.planned, resolved.policy.consolidate),
    )
