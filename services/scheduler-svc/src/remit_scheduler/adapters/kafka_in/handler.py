"""The consumer's record handler: parse, deduplicate, apply, commit — one transaction each.

A record that is not a valid Remit event raises ``InvalidEvent`` (a ``PermanentError``) and
goes to the dead-letter topic; anything else that fails is retried by the ``ConsumerRunner``
and only then dead-lettered.  The inbox claim commits with the effect, so a redelivered
event is recognised and skipped, and a rolled-back effect can be applied again.
"""

from __future__ import annotations

from collections.abc import Callable

from aiokafka.structs import ConsumerRecord
from remit_common.clock import Clock
from remit_common.events import NotificationEvent, parse_event

from remit_scheduler.adapters.db.unit_of_work import SqlUnitOfWork
from remit_scheduler.service_layer.ingest import apply_invoice_event, apply_notification


class IngressHandler:
    """Applies records of ``billing.invoice-events.v1`` and ``billing.notifications.v1``."""

    def __init__(self, uows: Callable[[], SqlUnitOfWork], clock: Clock) -> None:
        self._uows = uows
        self._clock = clock

    async def __call__(self, record: ConsumerRecord) -> None:
        envelope = parse_event(record.value)
        async with self._uows() as uow:
            if not await uow.first_delivery(envelope.id):
                return
            now = self._clock.now()
            if isinstance(envelope.data, NotificationEvent):
                await apply_notification(uow, envelope, now)
            else:
                await apply_invoice_event(uow, envelope, now)
            await uow.commit()
