"""A firm's own channel settings: precedence over the defaults, and which URLs it may use."""

import hashlib
import hmac
from datetime import UTC, datetime
from uuid import uuid4

import httpx
import pytest
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.webhook import SignedWebhookAdapter
from remit_notifier.domain.channel_settings import (
    FirmChannelSettings,
    WebhookEndpoint,
    apply_channel_settings,
    webhook_url_problem,
)
from remit_notifier.domain.messages import OutboundMessage, PermanentProviderError

NOW = datetime(2025, 3, 24, 16, 0, tzinfo=UTC)
FIRM_HOOK = WebhookEndpoint("https://firm.example/hooks", b"firm-secret-0123456789")
FIRM_PORTAL = WebhookEndpoint("https://portal.firm.example/in", b"portal-secret-0123456789")


def message(channel: Channel, **extra) -> OutboundMessage:
    values = dict(
        delivery_id=uuid4(),
        reminder_id=uuid4(),
        firm_id=uuid4(),
        client_id=uuid4(),
        channel=channel,
        recipient="ap@acme.example",
        subject="Invoice 1 is due soon",
        text="Pay please",
        sender_name="Smith & Jones LLP",
        reply_to="billing@smith.example",
        payload={"type": "remit.reminder"},
    )
    values.update(extra)
    return OutboundMessage(**values)


def firm(**extra) -> FirmChannelSettings:
    return FirmChannelSettings(firm_id=uuid4(), **extra)


def test_without_firm_settings_the_defaults_stay():
    for channel in Channel:
        original = message(channel)
        assert apply_channel_settings(original, None) == original
        assert apply_channel_settings(original, firm()) == original


def test_the_firms_email_identity_replaces_the_profile_defaults_field_by_field():
    both = apply_channel_settings(
        message(Channel.EMAIL),
        firm(email_from_name="S&J Billing", email_reply_to="ar@smith.example"),
    )
    assert (both.sender_name, both.reply_to) == ("S&J Billing", "ar@smith.example")
    name_only = apply_channel_settings(message(Channel.EMAIL), firm(email_from_name="S&J"))
    assert (name_only.sender_name, name_only.reply_to) == ("S&J", "billing@smith.example")
    reply_only = apply_channel_settings(
        message(Channel.EMAIL), firm(email_reply_to="ar@smith.example")
    )
    assert (reply_only.sender_name, reply_only.reply_to) == (
        "Smith & Jones LLP",
        "ar@smith.example",
    )


def test_each_hook_channel_takes_only_its_own_endpoint():
    settings = firm(webhook=FIRM_HOOK, portal=FIRM_PORTAL, email_from_name="S&J")
    assert apply_channel_settings(message(Channel.WEBHOOK), settings).endpoint == FIRM_HOOK
    assert apply_channel_settings(message(Channel.PORTAL), settings).endpoint == FIRM_PORTAL
    only_hook = firm(webhook=FIRM_HOOK)
    assert apply_channel_settings(message(Channel.PORTAL), only_hook).endpoint is None
    sms = apply_channel_settings(message(Channel.SMS), settings)
    assert sms.endpoint is None and sms.sender_name == "Smith & Jones LLP"


def test_endpoint_secrets_stay_out_of_reprs():
    assert "firm-secret" not in repr(FIRM_HOOK)
    assert "firm-secret" not in repr(message(Channel.WEBHOOK, endpoint=FIRM_HOOK))


def _adapter(seen: list[httpx.Request], url: str | None) -> SignedWebhookAdapter:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "hook_1"})

    return SignedWebhookAdapter(
        channel=Channel.WEBHOOK,
        provider="webhook",
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        url=url,
        secret=b"global-secret-0123456789",
        retry=RetryPolicy(max_attempts=3, initial_backoff_s=0.01, max_backoff_s=0.02),
        rate=TokenBucket(1000),
    )


def _valid(request: httpx.Request, secret: bytes) -> bool:
    timestamp = request.headers["x-remit-timestamp"]
    mac = hmac.new(secret, timestamp.encode() + b"." + request.content, hashlib.sha256)
    return request.headers["x-remit-signature"] == f"v1={mac.hexdigest()}"


async def test_the_adapter_signs_with_the_firms_key_for_the_firms_url_and_defaults_otherwise():
    seen: list[httpx.Request] = []
    adapter = _adapter(seen, "https://global.example/hooks")
    await adapter.send(message(Channel.WEBHOOK, endpoint=FIRM_HOOK), NOW)
    await adapter.send(message(Channel.WEBHOOK), NOW)
    firm_call, global_call = seen
    assert str(firm_call.url) == FIRM_HOOK.url and _valid(firm_call, FIRM_HOOK.secret)
    assert not _valid(firm_call, b"global-secret-0123456789")
    assert str(global_call.url) == "https://global.example/hooks"
    assert _valid(global_call, b"global-secret-0123456789")


async def test_no_firm_endpoint_and_no_global_url_fails_permanently():
    seen: list[httpx.Request] = []
    with pytest.raises(PermanentProviderError, match="no webhook endpoint"):
        await _adapter(seen, None).send(message(Channel.WEBHOOK), NOW)
    await _adapter(seen, None).send(message(Channel.WEBHOOK, endpoint=FIRM_HOOK), NOW)
    assert [str(r.url) for r in seen] == [FIRM_HOOK.url]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://hooks.firm.example/remit", None),
        ("https://203.0.113.10/x", "must be a public address"),  # TEST-NET: not global
        ("https://8.8.8.8/x", None),
        ("http://hooks.firm.example/remit", "must use https"),
        ("https://127.0.0.1:8028/hooks", "must be a public address"),
        ("https://10.1.2.3/hooks", "must be a public address"),
        ("https://169.254.169.254/latest/meta-data", "must be a public address"),
        ("https://[::1]/hooks", "must be a public address"),
        ("https://localhost/hooks", "must be a public host"),
        ("https://notifier-svc.default.svc.cluster.local/x", "must be a public host"),
        ("https://user:pw@firm.example/x", "must not carry credentials"),
        ("ftp://firm.example/x", "must be an absolute http(s) URL"),
        ("https://firm.example:99999/x", "not a valid URL"),
        ("/relative", "must be an absolute http(s) URL"),
    ],
)
def test_firm_webhook_urls_must_be_public_https_outside_development(url, problem):
    assert webhook_url_problem(url, allow_private=False) == problem


def test_development_may_use_the_local_sinks():
    assert webhook_url_problem("http://127.0.0.1:8028/hooks/x", allow_private=True) is None
    assert webhook_url_problem("ftp://127.0.0.1/x", allow_private=True) is not None
