"""Channel adapters against fake transports: wire format, signatures, error mapping, limits."""

import hashlib
import hmac
import json
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy
from remit_notifier.adapters.providers.letters import LobLetterAdapter
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.sms_twilio import TwilioSmsAdapter
from remit_notifier.adapters.providers.smtp_email import build_email
from remit_notifier.adapters.providers.webhook import SignedWebhookAdapter
from remit_notifier.domain.messages import (
    DeferDelivery,
    InlineImage,
    OutboundMessage,
    PermanentProviderError,
    TransientProviderError,
)
from remit_notifier.service_layer.ports import AdapterRegistry, ChannelAdapter

DAY = datetime(2025, 3, 24, 16, 0, tzinfo=UTC)  # 11:00 in Chicago
NIGHT = datetime(2025, 3, 24, 4, 0, tzinfo=UTC)  # 23:00 in Chicago
RETRY = RetryPolicy(max_attempts=3, initial_backoff_s=0.01, max_backoff_s=0.02)


def message(channel: Channel = Channel.EMAIL, **extra) -> OutboundMessage:
    values = dict(
        delivery_id=uuid4(),
        reminder_id=uuid4(),
        firm_id=uuid4(),
        client_id=uuid4(),
        channel=channel,
        recipient="+14155550123",
        subject="Invoice 1 is due soon",
        text="Pay please",
        timezone="America/Chicago",
    )
    values.update(extra)
    return OutboundMessage(**values)


def client(handler) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


def sms_adapter(handler) -> TwilioSmsAdapter:
    return TwilioSmsAdapter(
        client=client(handler),
        base_url="http://sms",
        account_sid="AC1",
        auth_token="tok",
        sender="+15005550006",
        status_callback="http://cb",
        retry=RETRY,
        rate=TokenBucket(1000),
    )


async def test_sms_posts_twilio_form_and_returns_the_sid():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["url"], seen["form"] = (
            str(request.url),
            dict(httpx.QueryParams(request.content.decode())),
        )
        return httpx.Response(201, json={"sid": "SM123"})

    receipt = await sms_adapter(handler).send(message(Channel.SMS), DAY)
    assert receipt.provider_message_id == "SM123"
    assert seen["url"] == "http://sms/2010-04-01/Accounts/AC1/Messages.json"
    assert seen["form"]["To"] == "+14155550123" and seen["form"]["StatusCallback"] == "http://cb"


async def test_sms_in_quiet_hours_is_deferred_to_eight_local():
    with pytest.raises(DeferDelivery) as info:
        await sms_adapter(lambda r: httpx.Response(201, json={"sid": "x"})).send(
            message(Channel.SMS), NIGHT
        )
    assert info.value.until == datetime(2025, 3, 24, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "error"),
    [(503, TransientProviderError), (429, TransientProviderError), (400, PermanentProviderError)],
)
async def test_sms_errors_are_classified(status, error):
    adapter = sms_adapter(lambda r: httpx.Response(status, json={"code": 21610}))
    with pytest.raises(error):
        await adapter.send(message(Channel.SMS), DAY)


async def test_unreachable_provider_is_transient():
    def handler(request):
        raise httpx.ConnectError("refused")

    with pytest.raises(TransientProviderError):
        await sms_adapter(handler).send(message(Channel.SMS), DAY)


async def test_webhook_is_signed_over_timestamp_and_body():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["headers"], seen["body"] = request.headers, request.content
        return httpx.Response(200, json={"id": "hook_1"})

    adapter = SignedWebhookAdapter(
        channel=Channel.WEBHOOK,
        provider="webhook",
        client=client(handler),
        url="http://hook",
        secret=b"s3cret",
        retry=RETRY,
        rate=TokenBucket(1000),
    )
    msg = message(Channel.WEBHOOK, payload={"kind": "due", "amount": 1})
    receipt = await adapter.send(msg, DAY)
    ts = seen["headers"]["x-remit-timestamp"]
    expected = hmac.new(b"s3cret", ts.encode() + b"." + seen["body"], hashlib.sha256).hexdigest()
    assert seen["headers"]["x-remit-signature"] == f"v1={expected}"
    assert seen["headers"]["x-remit-delivery"] == msg.idempotency_key
    assert json.loads(seen["body"]) == {"amount": 1, "kind": "due"}
    assert receipt.provider_message_id == "hook_1"


class FakeStatements:
    async def statement_pdf(self, firm_id, client_id):
        return b"%PDF-1.4 fake"

    async def attachment_pdf(self, url, firm_id):
        raise AssertionError("letters without attachments fetch the current statement")


async def test_letter_uploads_the_statement_pdf_with_an_idempotency_key():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["headers"], seen["body"] = request.headers, request.content
        return httpx.Response(200, json={"id": "ltr_1"})

    adapter = LobLetterAdapter(
        client=client(handler),
        base_url="http://print",
        api_key="k",
        documents=FakeStatements(),
        retry=RETRY,
        rate=TokenBucket(1000),
    )
    msg = message(
        Channel.LETTER,
        postal_to={"name": "Acme", "address_line1": "1 Main"},
        postal_from={"name": "Firm", "address_line1": "2 Court"},
        document_client_id=uuid4(),
    )
    receipt = await adapter.send(msg, DAY)
    assert receipt.provider_message_id == "ltr_1"
    assert seen["headers"]["idempotency-key"] == msg.idempotency_key
    assert b"%PDF-1.4 fake" in seen["body"] and b'name="to[name]"' in seen["body"]


def test_email_is_multipart_with_inline_qr_and_unsubscribe_headers():
    msg = message(
        recipient="ap@acme.example",
        html="<p>Hi <img src='cid:qr'></p>",
        sender_name="Smith & Jones",
        reply_to="billing@smith.example",
        unsubscribe_url="https://n.example/t/u/x",
        inline_images=(InlineImage("qr", b"\x89PNG"),),
    )
    email = build_email(msg, "reminders@remit.example", DAY)
    assert email.get_content_type() == "multipart/alternative"
    assert email["Message-ID"] == msg.message_id
    assert email["List-Unsubscribe"] == "<https://n.example/t/u/x>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = [p.get_content_type() for p in email.walk()]
    assert {"text/plain", "text/html", "image/png", "multipart/related"} <= set(parts)


async def test_token_bucket_spaces_out_sends():
    clock = [0.0]
    bucket = TokenBucket(rate=2, capacity=2, monotonic=lambda: clock[0])
    assert bucket.try_acquire() == 0 and bucket.try_acquire() == 0
    assert bucket.try_acquire() == pytest.approx(0.5)
    clock[0] += 0.5
    assert bucket.try_acquire() == 0


def test_new_adapters_register_without_touching_the_core():
    class Pigeon:
        channel, provider, idempotent, retry = Channel.WEBHOOK, "pigeon", True, RETRY

        async def send(self, message, now):
            raise NotImplementedError

    registry = AdapterRegistry([Pigeon()])
    assert isinstance(registry.get(Channel.WEBHOOK), ChannelAdapter)
    assert registry.get(Channel.SMS) is None
