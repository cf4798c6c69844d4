"""E-mail over SMTP (aiosmtplib): multipart text + HTML with the QR code inline.

Headers: a deterministic ``Message-ID`` per delivery (so a re-send after a crash is the same
message to providers that deduplicate), ``List-Unsubscribe`` with one-click POST (RFC 8058),
``Reply-To`` the firm's billing address. STARTTLS when configured (``start_tls``), or implicit
TLS (``use_tls``) on 465. SMTP 4xx replies are transient, 5xx permanent.

Connections are reused: up to ``pool_size`` logged-in connections stay open between sends
(idle ones older than ``max_idle_s`` are closed rather than reused, since servers drop idle
clients). Connecting, EHLO, STARTTLS and AUTH per message cost more than the message itself
(``bench/notifications_smtp.py``). A connection that fails in any way is discarded, never
returned to the pool; a reused connection the server had already closed is replaced once, at
no risk of a double send (the server never accepted the message). ``pool_size=0`` connects
per message.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
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
    """The MIME message: [mixed(] alternative(text, related(html, inline images)) [, files)]."""
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
            html_part.add_related(
                image.data,
                maintype=maintype,
                subtype=subtype,
                cid=f"<{image.content_id}>",
                filename="qr.png",
            )
    for attachment in message.attachments:  # turns the message into multipart/mixed
        maintype, subtype = attachment.media_type.split("/", 1)
        email.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return email


class SmtpEmailAdapter:
    """The e-mail channel through an SMTP relay."""

    channel = Channel.EMAIL
    provider = "smtp"
    idempotent = True  # deterministic Message-ID; see the dispatcher's residual-risk note

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        retry: RetryPolicy,
        rate: TokenBucket,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool = False,
        use_tls: bool = False,
        timeout: float = 10.0,
        pool_size: int = 8,
        max_idle_s: float = 30.0,
    ) -> None:
        self._options = dict(
            hostname=host,
            port=port,
            username=username,
            password=password,
            start_tls=start_tls,
            use_tls=use_tls,
            timeout=timeout,
        )
        self._sender = sender
        self.retry = retry
        self._rate = rate
        self._pool_size = pool_size
        self._max_idle_s = max_idle_s
        self._idle: list[tuple[aiosmtplib.SMTP, float]] = []  # (connection, last used)

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt:
        """One SMTP transaction; see the module docstring for error mapping."""
        email = build_email(message, self._sender, now)
        await self._rate.acquire()
        try:
            if self._pool_size <= 0:
                _, reply = await aiosmtplib.send(email, **self._options)
            else:
                reply = await self._send_pooled(email)
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

    async def _send_pooled(self, email: EmailMessage) -> str:
        smtp, reused = await self._checkout()
        try:
            try:
                _, reply = await smtp.send_message(email)
            except aiosmtplib.SMTPServerDisconnected:
                if not reused:
                    raise
                # The server closed the idle connection before our MAIL FROM: nothing was sent.
                await _close(smtp)
                smtp = await self._connect()
                _, reply = await smtp.send_message(email)
        except BaseException:
            await _close(smtp)
            raise
        self._checkin(smtp)
        return reply

    async def _checkout(self) -> tuple[aiosmtplib.SMTP, bool]:
        """An idle fresh-enough connection (reused=True), or a new one."""
        limit = time.monotonic() - self._max_idle_s
        while self._idle:
            smtp, used = self._idle.pop()
            if used >= limit and smtp.is_connected:
                return smtp, True
            await _close(smtp)
        return await self._connect(), False

    async def _connect(self) -> aiosmtplib.SMTP:
        """Connect, EHLO, STARTTLS and AUTH as configured (aiosmtplib does all in connect)."""
        smtp = aiosmtplib.SMTP(**self._options)
        await smtp.connect()
        return smtp

    def _checkin(self, smtp: aiosmtplib.SMTP) -> None:
        if len(self._idle) < self._pool_size and smtp.is_connected:
            self._idle.append((smtp, time.monotonic()))
        else:
            asyncio.ensure_future(_close(smtp))  # noqa: RUF006 - best effort QUIT

    async def aclose(self) -> None:
        """Say QUIT on every idle connection (at shutdown)."""
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_close(smtp) for smtp, _ in idle))


async def _close(smtp: aiosmtplib.SMTP) -> None:
    """QUIT politely if possible, otherwise just drop the socket."""
    with contextlib.suppress(Exception):
        if smtp.is_connected:
            await asyncio.wait_for(smtp.quit(), 2.0)
    with contextlib.suppress(Exception):
        smtp.close()
