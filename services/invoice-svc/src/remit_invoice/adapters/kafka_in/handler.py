"""The record handler the ConsumerRunner calls for ``billing.invoice-events.v1``.

Most records on the topic are invoice-svc's own events (or types it does not apply); those are
recognised from two envelope attributes and skipped without full validation. Externally
produced payments and views are validated (``InvalidEvent`` -> dead letter) and applied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from aiokafka.structs import ConsumerRecord
from pydantic_core import from_json
from remit_common.clock import Clock
from remit_common.events import EXTERNALLY_PRODUCED, InvalidEvent, parse_event

from remit_invoice.adapters.db.events import SOURCE
from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.service_layer.ingress import apply_external

log = logging.getLogger(__name__)


class IngressHandler:
    """Validates and applies external payment and view events."""

    def __init__(self, uows: Callable[[], SqlUnitOfWork], clock: Clock, grace: timedelta) -> None:
        self._uows = uows
        self._clock = clock
        self._grace = grace

    async def __call__(self, record: ConsumerRecord) -> None:
        """Apply ``record`` if it is an external payment or view; raise to retry or DLQ."""
        if record.value is None:
            raise InvalidEvent("empty record (tombstone) on an event topic")
        try:
            head = from_json(record.value, allow_inf_nan=False)
        except ValueError as exc:
            raise InvalidEvent(f"not valid JSON ({exc})") from None
        if not isinstance(head, dict):
            raise InvalidEvent("an event must be a JSON object")
        if head.get("type") not in EXTERNALLY_PRODUCED or head.get("source") == SOURCE:
            return  # our own events, or types other services handle
        envelope = parse_event(record.value)
        outcome = await apply_external(self._uows, envelope, self._clock.now(), self._grace)
        log.info(
            "external event %s",
            outcome,
            extra={"event_type": envelope.type, "event_id": str(envelope.id)},
        )
