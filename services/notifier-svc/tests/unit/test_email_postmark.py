"""The Postmark e-mail adapter against a fake transport: wire format, errors, selection."""

import base64
import json
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy
from remit_common.openapi_export import OFFLINE_SETTINGS
from remit_notifier.adapters.providers.email_postmark import PostmarkEmailAdapter
from remit_notifier.adapters.providers.http_errors import retry_after_seconds
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.registry import build_adapters
from remit_notifier.adapters.providers.smtp_email import SmtpEmailAdapter
from remit_notifier.config import Settings
from remit_notifier.domain.messages import (
    FileAttachment,
    InlineImage,
    OutboundMessage,
    PermanentProviderError,
    TransientProviderError,
)

NOW = datetime(2025, 3, 24, 16, 0, tzinfo=UTC)
RETRY = RetryPolicy(max_attempts=3, initial_backoff_s=0.01, max_backoff_s=0.02)
PDF = b"%PDF-1.7\n%statement\n"
TOKEN = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


def email(**extra) -> OutboundMessage:
    values = dict(
        delivery_id=uuid4(),
        reminder_id=uuid4(),
        firm_id=uuid4(),
        client_id=uuid4(),
        channel=Channel.EMAIL,
        recipient="ap@acme.example",
        subject="Invoice 2025-0042 is due soon",
        text="Please pay $1,250.00",
        html='<p>Please pay</p><img src="cid:qr">',
        sender_name="Smith & Jones LLP",
        reply_to="billing@smith.example",
        unsubscribe_url="https://remit.example/t/u/abc",
        inline_images=(InlineImage("qr", b"\x89PNG..."),),
        attachments=(FileAttachment("statement.pdf", PDF),),
    )
    values.update(extra)
    return OutboundMessage(**values)


def adapter(handler) -> PostmarkEmailAdapter:
    return PostmarkEmailAdapter(
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        base_url="https://api.postmark.test/",
        server_token=TOKEN,
        sender="reminders@remit.example",
        retry=RETRY,
        rate=TokenBucket(1000),
    )


async def test_posts_one_json_email_with_parts_headers_and_base64_attachments():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "To": "ap@acme.example",
                "SubmittedAt": "2025-03-24T16:00:00Z",
                "MessageID": "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
                "ErrorCode": 0,
                "Message": "OK",
            },
        )

    message = email()
    receipt = await adapter(handler).send(message, NOW)

    (request,) = seen
    assert request.method == "POST" and str(request.url) == "https://api.postmark.test/email"
    assert request.headers["x-postmark-server-token"] == TOKEN
    assert request.headers["content-type"] == "application/json"
    body = json.loads(request.content)
    assert body["From"] == "Smith & Jones LLP <reminders@remit.example>"
    assert body["To"] == "ap@acme.example" and body["ReplyTo"] == "billing@smith.example"
    assert body["TextBody"] == message.text and body["HtmlBody"] == message.html
    assert body["MessageStream"] == "outbound"
    assert body["TrackOpens"] is False and body["TrackLinks"] == "None"
    headers = {h["Name"]: h["Value"] for h in body["Headers"]}
    assert headers["Message-ID"] == message.message_id
    assert headers["List-Unsubscribe"] == "<https://remit.example/t/u/abc>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["X-Remit-Delivery"] == message.idempotency_key
    assert body["Metadata"] == {"delivery": message.idempotency_key}
    qr, pdf = body["Attachments"]
    assert qr["ContentID"] == "cid:qr" and qr["ContentType"] == "image/png"
    assert pdf == {
        "Name": "statement.pdf",
        "Content": base64.b64encode(PDF).decode(),
        "ContentType": "application/pdf",
    }
    assert receipt.provider == "postmark"
    assert receipt.provider_message_id == "b7bc2f4a-e38e-4336-af7d-e6c392c2f817"


async def test_text_only_message_has_no_html_reply_to_or_attachments():
    bodies = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json={"MessageID": "m1", "ErrorCode": 0})

    plain = email(html="", reply_to=None, unsubscribe_url=None, attachments=())
    await adapter(handler).send(plain, NOW)
    (body,) = bodies
    assert "HtmlBody" not in body and "ReplyTo" not in body and "Attachments" not in body
    assert "List-Unsubscribe" not in {h["Name"] for h in body["Headers"]}


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [(429, {"retry-after": "7"}, 7.0), (503, {}, None), (500, {}, None), (408, {}, None)],
)
async def test_throttling_and_outages_are_transient_and_honour_retry_after(
    status, headers, retry_after
):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, json={"ErrorCode": 0, "Message": "busy"})

    with pytest.raises(TransientProviderError) as caught:
        await adapter(handler).send(email(), NOW)
    assert caught.value.retry_after == retry_after
    assert f"HTTP {status}" in caught.value.reason


@pytest.mark.parametrize(("status", "code"), [(422, 406), (422, 300), (401, 10), (400, None)])
async def test_client_errors_are_permanent_with_postmarks_error_code(status, code):
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"ErrorCode": code, "Message": "You tried to send to a recipient..."}
        return httpx.Response(status, json=body if code is not None else {})

    with pytest.raises(PermanentProviderError) as caught:
        await adapter(handler).send(email(), NOW)
    assert f"HTTP {status}" in caught.value.reason
    if code is not None:
        assert f"code {code}" in caught.value.reason
    assert "acme" not in caught.value.reason  # no personal data in stored reasons


async def test_connection_failures_are_transient():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransientProviderError, match="postmark unreachable"):
        await adapter(handler).send(email(), NOW)


async def test_an_accepted_message_with_a_thin_answer_still_counts_as_sent():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"ok")

    receipt = await adapter(handler).send(email(), NOW)
    assert receipt.provider_message_id is None


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2025, 3, 24, 16, 0, tzinfo=UTC)
    assert retry_after_seconds("30") == 30.0
    assert retry_after_seconds("Mon, 24 Mar 2025 16:01:30 GMT", now) == 90.0
    assert retry_after_seconds("Mon, 24 Mar 2025 15:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


async def test_settings_select_the_email_transport():
    async with httpx.AsyncClient() as client:
        smtp = build_adapters(Settings(**OFFLINE_SETTINGS), client).get(Channel.EMAIL)
        api = build_adapters(
            Settings(**{**OFFLINE_SETTINGS, "email_transport": "postmark"}), client
        ).get(Channel.EMAIL)
    assert isinstance(smtp, SmtpEmailAdapter)
    assert isinstance(api, PostmarkEmailAdapter) and api.provider == "postmark"


def _production(**extra) -> Settings:
    real = "r3al-s3cret-value-for-production-0123456789"
    return Settings(
        **{**OFFLINE_SETTINGS, "env": "production"},
        admin_token=real,
        internal_token=real,
        tracking_secret=real,
        email_webhook_secret=real,
        sms_auth_token=real,
        **extra,
    )


def test_production_refuses_a_placeholder_postmark_token_only_when_postmark_is_used():
    assert _production().email_transport == "smtp"  # the token is not needed for SMTP
    with pytest.raises(ValueError, match="REMIT_EMAIL_API_TOKEN"):
        _production(email_transport="postmark")
    assert _production(email_transport="postmark", email_api_token=TOKEN + "x").email_api_token
