"""Kafka inbound adapters: record handlers for the ``ConsumerRunner``.

They parse (``InvalidEvent`` -> dead-letter topic at once), dispatch on the payload type with
``match``, and call one use case; types this service does not handle are acknowledged and
skipped on purpose (the topics carry other services' events too).
"""

from __future__ import annotations

import logging

from aiokafka.structs import ConsumerRecord
from remit_common.clock import Clock
from remit_common.events import ClientUpdated, InvoiceScopedEvent, ReminderDue, parse_event
from remit_common.kafka.consumer import RecordHandler

from remit_notifier.service_layer.dispatcher import Dispatcher
from remit_notifier.service_layer.intake import accept_reminder
from remit_notifier.service_layer.invoice_view import apply_invoice_event
from remit_notifier.service_layer.unit_of_work import UowFactory

log = logging.getLogger(__name__)


def reminders_handler(
    uow_factory: UowFactory, clock: Clock, dispatcher: Dispatcher | None
) -> RecordHandler:
    """Handles ``billing.reminders.v1``: queue each due reminder's channels."""

    async def handle(record: ConsumerRecord) -> None:
        envelope = parse_event(record.value)
        match envelope.data:
            case ReminderDue():
                created = await accept_reminder(uow_factory, envelope, clock.now())
                if created and dispatcher is not None:
                    dispatcher.wake()
            case _:
                log.debug("skipping event type", extra={"event_type": envelope.type})

    return handle


def invoice_events_handler(uow_factory: UowFactory, clock: Clock) -> RecordHandler:
    """Handles ``billing.invoice-events.v1``: the invoice read model and PMS opt-outs."""

    async def handle(record: ConsumerRecord) -> None:
        envelope = parse_event(record.value)
        match envelope.data:
            case InvoiceScopedEvent() | ClientUpdated():
                await apply_invoice_event(uow_factory, envelope, clock.now())
            case _:
                pass

    return handle
