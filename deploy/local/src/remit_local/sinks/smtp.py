"""SMTP sink: an aiosmtpd server that accepts every message, plus a JSON API to read them.

SMTP (default 127.0.0.1:1025) takes plain SMTP, any ``AUTH`` credentials, and STARTTLS when
given a certificate. The HTTP API (default 127.0.0.1:8025):

- ``GET /api/messages[?to=addr]`` newest last; ``GET /api/messages/{id}``;
  ``GET /api/messages/{id}/raw`` (RFC 822 source); ``GET /api/messages/{id}/attachments/{n}``
- ``DELETE /api/messages`` clears; ``POST /api/faults {"status": 451, "count": 1}`` makes the
  next DATA commands fail with that SMTP reply code.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session
from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

from .logs import log_event
from .mailparse import attachment_part, parse_message, summarise
from .store import Record, RecordStore, new_id, utc_now_iso
from .web import Faults, add_common_routes

MAX_MESSAGE_BYTES = 32 * 1024 * 1024


def _accept_any_credentials(*_args: Any) -> AuthResult:
    """Dev sink: whatever the adapter logs in with is fine."""
    return AuthResult(success=True)


def _drop_login_data_noise(record: logging.LogRecord) -> bool:
    """aiosmtpd 1.4 warns "login_data is deprecated" on every successful AUTH, by itself."""
    return not str(record.msg).startswith("Session.login_data is deprecated")


class SmtpSink:
    """Keeps received mail in a bounded store and serves it over HTTP."""

    name = "smtp"

    def __init__(self, store: RecordStore, tls_context: ssl.SSLContext | None = None) -> None:
        self.store = store
        self.faults = Faults()
        self.tls_context = tls_context
        self.app = self._build_app()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """aiosmtpd hook: store the message (or fail it, when a fault is armed)."""
        if (code := self.faults.take()) is not None:
            return f"{code} {'4' if code < 500 else '5'}.3.0 Simulated failure"
        raw = envelope.original_content or b""
        record = self.keep(raw, envelope.mail_from or "", list(envelope.rcpt_tos))
        log_event(
            self.name,
            "message.received",
            id=record.id,
            recipients=len(record.data["to"]),
            attachments=len(record.data["attachments"]),
            size=len(raw),
        )
        return f"250 2.0.0 Ok: queued as {record.id}"

    def keep(self, raw: bytes, mail_from: str, rcpt_tos: list[str]) -> Record:
        """Parse and store one message; a message that fails to parse is still kept."""
        message_id = new_id("", 12)
        try:
            summary = summarise(raw)
        except Exception as exc:  # keep unparseable mail: the raw source is what matters
            summary = {"parse_error": type(exc).__name__, "attachments": [], "size": len(raw)}
        data = {
            "id": message_id,
            "envelope_from": mail_from,
            "from": summary.pop("header_from", None),
            "to": rcpt_tos,
            **summary,
            "received_at": utc_now_iso(),
        }
        return self.store.add(Record(message_id, data, raw))

    async def start_smtp(self, sock: socket.socket) -> asyncio.Server:
        """Serve SMTP on an already bound socket in the running loop."""
        # aiosmtpd logs envelope addresses at INFO; the sinks' logs must carry no personal data.
        mail_log = logging.getLogger("mail.log")
        mail_log.setLevel(logging.WARNING)
        if _drop_login_data_noise not in mail_log.filters:
            mail_log.addFilter(_drop_login_data_noise)
        loop = asyncio.get_running_loop()

        def protocol() -> SMTP:
            return SMTP(
                self,
                hostname="remit-dev-smtp",
                ident="Remit dev SMTP sink",
                data_size_limit=MAX_MESSAGE_BYTES,
                enable_SMTPUTF8=True,
                tls_context=self.tls_context,
                authenticator=_accept_any_credentials,
                auth_require_tls=False,
                loop=loop,
            )

        return await loop.create_server(protocol, sock=sock)

    def _get(self, message_id: str) -> Record:
        record = self.store.get(message_id)
        if record is None:
            raise HTTPException(404, "message not found")
        return record

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="remit-sink-smtp", docs_url="/docs")
        add_common_routes(app, self.faults)

        @app.get("/api/messages")
        async def list_messages(to: str | None = None) -> list[dict[str, Any]]:
            """Received messages, newest last, optionally only those sent to ``to``."""
            wanted = to.strip().lower() if to else None
            records = self.store.list(
                None if wanted is None else lambda r: wanted in (a.lower() for a in r.data["to"])
            )
            return [r.data for r in records]

        @app.get("/api/messages/{message_id}")
        async def get_message(message_id: str) -> dict[str, Any]:
            """One message as listed."""
            return self._get(message_id).data

        @app.get("/api/messages/{message_id}/raw")
        async def get_raw(message_id: str) -> Response:
            """The full RFC 822 source as received."""
            return Response(self._get(message_id).blob or b"", media_type="message/rfc822")

        @app.get("/api/messages/{message_id}/attachments/{index}")
        async def get_attachment(message_id: str, index: int) -> Response:
            """The decoded bytes of one attachment (index as in the listing)."""
            part = attachment_part(parse_message(self._get(message_id).blob or b""), index)
            if part is None:
                raise HTTPException(404, "attachment not found")
            payload = part.get_payload(decode=True) or b""
            return Response(payload, media_type=part.get_content_type())

        @app.delete("/api/messages")
        async def clear() -> dict[str, int]:
            """Forget every message."""
            return {"deleted": self.store.clear()}

        return app
