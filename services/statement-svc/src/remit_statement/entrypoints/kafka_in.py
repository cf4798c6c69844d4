"""The Kafka consumer of statement-svc: invoice events, reminders and notifications.

One consumer group reads the three topics. Each record is parsed (``InvalidEvent`` goes to
the topic's DLQ at once, via ``ConsumerRunner``) and applied in its own unit of work guarded
by the inbox, so a redelivered record changes nothing.
"""

from __future__ import annotations

from aiokafka.structs import ConsumerRecord
from remit_common.events import parse_event
from remit_common.inbox import Inbox
from remit_common.kafka.consumer import RecordHandler

from remit_statement.service_layer.ingest import apply_event
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["CONSUMER_NAME", "make_handler"]

CONSUMER_NAME = "statement-svc.ledger"


def make_handler(uow_factory: UowFactory, inbox: Inbox) -> RecordHandler:
    """The record handler the ``ConsumerRunner`` calls."""

    async def handle(record: ConsumerRecord) -> None:
        await apply_event(uow_factory, inbox, parse_event(record.value))

    return handle
