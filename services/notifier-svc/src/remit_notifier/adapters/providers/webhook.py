"""Signed webhooks: the generic webhook channel and the client portal / push channel.

The body is JSON; ``X-Remit-Timestamp`` (Unix seconds) and ``X-Remit-Signature``
(``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">``) let the receiver verify origin and reject
replays older than a few minutes. ``X-Remit-Delivery`` is stable per delivery, so receivers
deduplicate re-sends (which makes this adapter idempotent).

The target is the firm's own endpoint when the message carries one
(``OutboundMessage.endpoint``, set from the firm's channel settings), else the global
URL and secret this adapter was built with; with neither, the send fails permanently.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

import httpx
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.adapters.providers.http_errors import check_response, transport_error
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.domain.messages import (
    OutboundMessage,
    PermanentProviderError,
    ProviderReceipt,
)


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """The ``X-Remit-Signature`` value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={mac}"


class SignedWebhookAdapter:
    """POSTs the message as signed JSON to one URL; used for ``webhook`` and ``portal``."""

    idempotent = True

    def __init__(
        self,
        *,
        channel: Channel,
        provider: str,
        client: httpx.AsyncClient,
        url: str | None,
        secret: bytes,
        retry: RetryPolicy,
        rate: TokenBucket,
    ) -> None:
        self.channel = channel
        self.provider = provider
        self._client = client
        self._url = url
        self._secret = secret
        self.retry = retry
        self._rate = rate

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        if message.endpoint is not None:
            url, secret = message.endpoint.url, message.endpoint.secret
        elif self._url:
            url, secret = self._url, self._secret
        else:
            raise PermanentProviderError(f"no {self.provider} endpoint configured for this firm")
        body = json.dumps(message.payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = int(now.timestamp())
        headers = {
            "content-type": "application/json",
            "x-remit-timestamp": str(timestamp),
            "x-remit-signature": sign(secret, timestamp, body),
            "x-remit-delivery": message.idempotency_key,
        }
        await self._rate.acquire()
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.provider) from exc
        check_response(response, self.provider)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        remote_id = answer.get("id") if isinstance(answer, dict) else None
        return ProviderReceipt(self.provider, str(remote_id) if remote_id else None)
