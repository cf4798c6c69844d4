"""E-mail over SMTP (aiosmtplib): multipart text + HTML with the QR code inline.

Headers: a deterministic ``Message-ID`` per delivery (so a re-send after a crash is the same
message to providers that deduplicate), ``List-Unsubscribe`` with one-click POST (RFC 8058),
``Reply-To`` the firm's billing address. STARTTLS when configured (``start_tls``), or implicit
TLS (``use_tls``) on 465. SMTP 4xx replies are transient, 5xx permanent.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import aiosmtplib
from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.adapters.providers.ratelimit import TokenBucket
from remit_notifier.domain.messages import (
    OutboundMessage,
    PermanentProviderError,
    ProviderReceipt,
    TransientProviderError,
)


def build_email(message: OutboundMessage, sender: str, now: datetime) -> EmailMessage:
    """The MIME message: alternative(text, related(html, inline images))."""
    email = EmailMessage()
    email["From"] = formataddr((message.sender_name, sender))
    email["To"] = message.recipient
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(now)
    email["Auto-Submitted"] = "auto-generated"
    email["X-Remit-Delivery"] = message.idempotency_key
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
        html_part = email.get_payload()[-1]
        for image in message.inline_images:
            maintype, subtype = image.media_type.split("/", 1)
            html_part.add_related(image.data, maintype=maintype, subtype=subtype,
                                  cid=f"<{image.content_id}>", filename="qr.png")
    return email


class SmtpEmailAdapter:
    """The e-mail channel through an SMTP relay."""

    channel = Channel.EMAIL
    provider = "smtp"
    idempotent = True  # deterministic Message-ID; see the dispatcher's residual-risk note

    def __init__(self, *, host: str, port: int, sender: str, retry: RetryPolicy,
                 rate: TokenBucket, username: str | None = None, password: str | None = None,
                 start_tls: bool = False, use_tls: bool = False, timeout: float = 10.0) -> None:
        self._options = dict(hostname=host, port=port, username=username, password=password,
                             start_tls=start_tls, use_tls=use_tls, timeout=timeout)
        self._sender = sender
        self.retry = retry
        self._rate = rate

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        """One SMTP transaction; see the module docstring for error mapping."""
        email = build_email(message, self._sender, now)
        await self._rate.acquire()
        try:
            _, reply = await aiosmtplib.send(email, **self._options)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentProviderError("recipient refused by the SMTP server") from exc
        except aiosmtplib.SMTPResponseException as exc:
            reason = f"SMTP {exc.code}"
            if 400 <= exc.code < 500:
                raise TransientProviderError(reason) from exc
            raise PermanentProviderError(reason) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TransientProviderError(f"SMTP unreachable ({type(exc).__name__})") from exc
        return ProviderReceipt(self.provider, message.message_id, reply[:200] if reply else None)
