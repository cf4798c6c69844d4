"""SMS through a Twilio-style Messages API, with quiet hours in the recipient's time zone.

No text leaves between 21:00 and 08:00 recipient local time: ``send`` raises ``DeferDelivery``
until 08:00 instead. Twilio has no idempotency key, so this adapter is not idempotent: after a
crash mid-send the dispatcher dead-letters rather than risk a second text.
"""

from __future__ import annotations

from datetime import datetime

import httpx
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.adapters.providers.http_errors import check_response, transport_error
from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.domain.messages import (
    DeferDelivery,
    OutboundMessage,
    PermanentProviderError,
    ProviderReceipt,
)
from remit_notifier.domain.sms import next_allowed_send


class TwilioSmsAdapter:
    """The SMS channel."""

    channel = Channel.SMS
    provider = "twilio"
    idempotent = False

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        base_url: str,
        account_sid: str,
        auth_token: str,
        sender: str,
        status_callback: str | None,
        retry: RetryPolicy,
        rate: TokenBucket,
    ) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._auth = (account_sid, auth_token)
        self._sender = sender
        self._callback = status_callback
        self.retry = retry
        self._rate = rate

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        """Create one Message; 21610 (recipient replied STOP at the carrier) is permanent."""
        until = next_allowed_send(now, message.timezone)
        if until is not None:
            raise DeferDelivery(until, "SMS quiet hours (21:00-08:00 recipient time)")
        form = {"To": message.recipient, "From": self._sender, "Body": message.text}
        if self._callback:
            form["StatusCallback"] = self._callback
        await self._rate.acquire()
        try:
            response = await self._client.post(self._url, data=form, auth=self._auth)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.provider) from exc
        check_response(response, self.provider)
        sid = response.json().get("sid")
        if not sid:
            raise PermanentProviderError("twilio answered without a message sid")
        return ProviderReceipt(self.provider, sid)
