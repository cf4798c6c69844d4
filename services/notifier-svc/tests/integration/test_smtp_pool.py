"""The SMTP adapter reuses connections, replaces ones the server dropped, and closes them."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy
from remit_local.sinks import SinkSettings, running_sinks
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.smtp_email import SmtpEmailAdapter
from remit_notifier.domain.messages import OutboundMessage

pytestmark = pytest.mark.integration
NOW = datetime(2025, 3, 24, 16, 0, tzinfo=UTC)


def email(to: str) -> OutboundMessage:
    return OutboundMessage(
        delivery_id=uuid4(),
        reminder_id=uuid4(),
        firm_id=uuid4(),
        client_id=uuid4(),
        channel=Channel.EMAIL,
        recipient=to,
        subject="Invoice 1 is due soon",
        text="Hello",
        html="<p>Hello</p>",
    )


async def test_connections_are_reused_and_a_dropped_one_is_replaced():
    async with running_sinks(
        SinkSettings(smtp_port=0, smtp_http_port=0, sms_port=0, print_port=0, hook_port=0)
    ) as sinks:
        adapter = SmtpEmailAdapter(
            host="127.0.0.1",
            port=sinks.ports["smtp"],
            sender="r@remit.localhost",
            retry=RetryPolicy(),
            rate=TokenBucket(1000),
            pool_size=2,
        )
        await adapter.send(email("a@acme.example"), NOW)
        first = adapter._idle[0][0]
        await adapter.send(email("b@acme.example"), NOW)
        assert [c for c, _ in adapter._idle] == [first]  # the same connection, twice

        first.close()  # as if the server had dropped the idle client
        await adapter.send(email("c@acme.example"), NOW)
        assert len(adapter._idle) == 1 and adapter._idle[0][0] is not first

        await adapter.aclose()
        assert adapter._idle == []
        async with httpx.AsyncClient(base_url=sinks.url("smtp_http")) as http:
            received = (await http.get("/api/messages")).json()
        assert sorted(m["to"][0] for m in received) == [
            "a@acme.example",
            "b@acme.example",
            "c@acme.example",
        ]
