"""Stages events in the transactional outbox: they publish only if the change commits."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from remit_common.events import CLOUDEVENTS_CONTENT_TYPE, Envelope, EventPayload
from remit_common.outbox.writer import OutboxWriter
from remit_common.tracecontext import current_traceparent
from sqlalchemy.ext.asyncio import AsyncSession

from remit_invoice.adapters.db.tables import outbox

SOURCE = "/remit/invoice-svc"


class EventSink:
    """Wraps payloads in CloudEvents envelopes and adds them to the outbox."""

    def __init__(self, session: AsyncSession, topic: str) -> None:
        self._s = session
        self._topic = topic
        self._writer = OutboxWriter(outbox)

    def envelope(self, payload: EventPayload, firm_id: UUID, now, event_id: UUID | None = None):  # noqa: ANN001, ANN201
        """The envelope this service publishes ``payload`` in."""
        return Envelope.new(payload, source=SOURCE, firm_id=firm_id, time=now, id=event_id)

    async def add(self, envelopes: Sequence[Envelope]) -> None:
        """Stage envelopes in order, in one statement (the key keeps per-invoice order)."""
        headers = {"content-type": CLOUDEVENTS_CONTENT_TYPE}
        traceparent = current_traceparent()
        if traceparent:
            headers["traceparent"] = traceparent
        rows = [
            {
                "event_id": env.id,
                "topic": self._topic,
                "key": env.partition_key(),
                "value": env.to_json_bytes(),
                "headers": headers | {"ce_type": env.type},
            }
            for env in envelopes
        ]
        await self._writer.add_many(self._s, rows)
