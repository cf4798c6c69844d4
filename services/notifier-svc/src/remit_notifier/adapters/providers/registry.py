"""Builds the channel adapters from settings (called by the composition root only).

Adding a provider: write its adapter module, then register it here or, from a plug-in, call
``AdapterRegistry.register`` on the container's registry; the dispatcher needs no change.
"""

from __future__ import annotations

import httpx
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.adapters.providers.email_postmark import PostmarkEmailAdapter
from remit_notifier.adapters.providers.letters import LobLetterAdapter
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.adapters.providers.sms_twilio import TwilioSmsAdapter
from remit_notifier.adapters.providers.smtp_email import SmtpEmailAdapter
from remit_notifier.adapters.providers.statements import HttpStatementPdfSource
from remit_notifier.adapters.providers.webhook import SignedWebhookAdapter
from remit_notifier.config import Settings
from remit_notifier.service_layer.ports import (
    AdapterRegistry,
    ChannelAdapter,
    StatementPdfSource,
)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        max_attempts=settings.delivery_max_attempts,
        initial_backoff_s=settings.delivery_initial_backoff_s,
        max_backoff_s=max(settings.delivery_max_backoff_s, settings.delivery_initial_backoff_s),
    )


def statement_source(settings: Settings, client: httpx.AsyncClient) -> HttpStatementPdfSource:
    """statement-svc's internal route, authenticated with ``REMIT_INTERNAL_TOKEN``."""
    return HttpStatementPdfSource(
        client,
        settings.statement_url,
        settings.internal_token.get_secret_value(),
        max_bytes=settings.attachment_max_bytes,
    )


def email_adapter(
    settings: Settings, client: httpx.AsyncClient, retry: RetryPolicy
) -> ChannelAdapter:
    """SMTP, or Postmark's HTTP API, as ``REMIT_EMAIL_TRANSPORT`` says."""
    rate = TokenBucket(settings.email_rate_per_s)
    if settings.email_transport == "postmark":
        return PostmarkEmailAdapter(
            client=client,
            base_url=settings.email_api_url,
            server_token=settings.email_api_token.get_secret_value(),
            sender=settings.email_from,
            message_stream=settings.email_message_stream,
            retry=retry,
            rate=rate,
        )
    return SmtpEmailAdapter(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.email_from,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        start_tls=settings.smtp_starttls,
        timeout=settings.smtp_timeout_s,
        retry=retry,
        pool_size=settings.smtp_pool_size,
        rate=rate,
    )


def build_adapters(
    settings: Settings, client: httpx.AsyncClient, documents: StatementPdfSource | None = None
) -> AdapterRegistry:
    """One adapter per channel, each with its own retry policy and token bucket.

    The webhook and portal adapters are always registered: a firm may configure its own
    endpoint (``firm_channel_settings``) even where no global URL is set.
    """
    retry = retry_policy(settings)
    base = settings.public_base_url.rstrip("/")
    registry = AdapterRegistry(
        [
            email_adapter(settings, client, retry),
            TwilioSmsAdapter(
                client=client,
                base_url=settings.sms_api_url,
                account_sid=settings.sms_account_sid,
                auth_token=settings.sms_auth_token.get_secret_value(),
                sender=settings.sms_from,
                status_callback=f"{base}/v1/providers/twilio/events",
                retry=retry,
                rate=TokenBucket(settings.sms_rate_per_s),
            ),
            LobLetterAdapter(
                client=client,
                base_url=settings.print_api_url,
                api_key=settings.print_api_key.get_secret_value(),
                documents=documents or statement_source(settings, client),
                retry=retry,
                rate=TokenBucket(settings.print_rate_per_s),
            ),
        ]
    )
    hooks = (
        (Channel.WEBHOOK, "webhook", settings.webhook_url, settings.webhook_secret),
        (Channel.PORTAL, "portal", settings.portal_webhook_url, settings.portal_webhook_secret),
    )
    for channel, provider, url, secret in hooks:
        registry.register(
            SignedWebhookAdapter(
                channel=channel,
                provider=provider,
                client=client,
                url=url or None,
                secret=secret.get_secret_value().encode(),
                retry=retry,
                rate=TokenBucket(settings.webhook_rate_per_s),
            )
        )
    return registry
