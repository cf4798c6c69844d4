"""E-mail through Postmark's HTTP API (``POST /email``), the alternative to SMTP.

Why Postmark rather than SendGrid v3: Postmark is transactional-only (reminders are
transactional mail, kept off marketing IP pools), its ``/email`` body is one flat JSON object
that maps one-to-one onto :class:`OutboundMessage` (``TextBody`` + ``HtmlBody`` make the
multipart/alternative, ``Attachments`` with a ``ContentID`` make inline images), and every
accepted message is echoed back with Postmark's ``MessageID``, which its bounce and delivery
webhooks carry, so the receipt links later events to the delivery. Both APIs share the same
error shape (429 / 5xx transient, other 4xx permanent), so switching would touch this module
only. Selected with ``REMIT_EMAIL_TRANSPORT=postmark`` (``registry.build_adapters``).

Wire format: ``X-Postmark-Server-Token`` authenticates; ``From`` is ``"<firm name>"
<REMIT_EMAIL_FROM>``; ``Headers`` carries our deterministic ``Message-ID``,
``List-Unsubscribe`` (+ one-click ``List-Unsubscribe-Post``), ``Auto-Submitted`` and
``X-Remit-Delivery``; ``Metadata.delivery`` carries the delivery's idempotency key (it comes
back on Postmark's webhooks). Postmark's own open and link tracking stay off: our pixel and
click links already do that.

Idempotency: Postmark has no idempotency-key header, so a re-send after a crash is the same
message (same ``Message-ID`` and ``X-Remit-Delivery``) that mailbox providers and receivers
can deduplicate, exactly as with SMTP; the dispatcher's residual-risk note applies.

Errors: 429, 408 and 5xx (and connection failures) are ``TransientProviderError``, with
``Retry-After`` honoured; 401 (bad token), 422 (invalid or inactive recipient, ``ErrorCode``
in the reason) and other 4xx are ``PermanentProviderError``.
"""

from __future__ import annotations

import base64
from datetime import datetime
from email.utils import formataddr
from typing import Any

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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def postmark_body(message: OutboundMessage, sender: str, stream: str) -> dict[str, Any]:
    """The JSON body of ``POST /email`` for ``message`` (see the module docstring)."""
    headers = [
        {"Name": "Message-ID", "Value": message.message_id},
        {"Name": "Auto-Submitted", "Value": "auto-generated"},
        {"Name": "X-Remit-Delivery", "Value": message.idempotency_key},
    ]
    if message.unsubscribe_url:
        headers += [
            {"Name": "List-Unsubscribe", "Value": f"<{message.unsubscribe_url}>"},
            {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
        ]
    attachments = [
        {
            "Name": f"{image.content_id}.{image.media_type.split('/', 1)[1]}",
            "Content": _b64(image.data),
            "ContentType": image.media_type,
            "ContentID": f"cid:{image.content_id}",
        }
        for image in (message.inline_images if message.html else ())
    ] + [
        {"Name": file.filename, "Content": _b64(file.data), "ContentType": file.media_type}
        for file in message.attachments
    ]
    body: dict[str, Any] = {
        "From": formataddr((message.sender_name, sender)),
        "To": message.recipient,
        "Subject": message.subject,
        "TextBody": message.text,
        "MessageStream": stream,
        "Headers": headers,
        "Metadata": {"delivery": message.idempotency_key},
        "TrackOpens": False,
        "TrackLinks": "None",
    }
    if message.html:
        body["HtmlBody"] = message.html
    if message.reply_to:
        body["ReplyTo"] = message.reply_to
    if attachments:
        body["Attachments"] = attachments
    return body


class PostmarkEmailAdapter:
    """The e-mail channel through Postmark's ``/email`` endpoint."""

    channel = Channel.EMAIL
    provider = "postmark"
    idempotent = True  # same Message-ID on a re-send; see the module docstring

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        base_url: str,
        server_token: str,
        sender: str,
        retry: RetryPolicy,
        rate: TokenBucket,
        message_stream: str = "outbound",
    ) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/email"
        self._token = server_token
        self._sender = sender
        self._stream = message_stream
        self.retry = retry
        self._rate = rate

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        """One ``POST /email``; the receipt carries Postmark's ``MessageID``."""
        body = postmark_body(message, self._sender, self._stream)
        headers = {
            "accept": "application/json",
            "x-postmark-server-token": self._token,
        }
        await self._rate.acquire()
        try:
            response = await self._client.post(self._url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise transport_error(exc, self.provider) from exc
        check_response(response, self.provider)
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        answer = answer if isinstance(answer, dict) else {}
        if answer.get("ErrorCode") not in (None, 0):
            raise PermanentProviderError(
                f"postmark refused the message: code {answer['ErrorCode']}"
            )
        # A 2xx means Postmark accepted it: never fail (and so never re-send) for a thin answer.
        remote_id = answer.get("MessageID")
        return ProviderReceipt(self.provider, str(remote_id) if remote_id else None)
