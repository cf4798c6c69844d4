"""SMS sink: a stand-in for Twilio's Messages API (default 127.0.0.1:8026).

- ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` (form: ``To``, ``From`` or
  ``MessagingServiceSid``, ``Body``, ``StatusCallback``), Basic auth with any credentials;
  answers 201 with Twilio's Message resource, or Twilio's error shape (20003, 21211, ...).
- ``GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`` fetches one.
- A ``StatusCallback`` on a loopback address receives ``sent`` then ``delivered``, signed with
  ``X-Twilio-Signature`` using the auth token the message was sent with.
- ``GET /api/messages``, ``DELETE /api/messages``; ``POST /api/inbound {from, to, body}``
  forwards a Twilio inbound webhook (e.g. a ``STOP``) to ``REMIT_SMS_INBOUND_WEBHOOK``.
  After a STOP, sends to that number fail with 21610 until a START, as on Twilio.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from . import twilio
from .logs import log_event
from .segments import count_segments, encoding
from .store import Record, RecordStore, new_id, utc_now_iso
from .web import Faults, add_common_routes, basic_auth, is_loopback_url, read_form

DEV_ACCOUNT_SID = "AC" + "0" * 32


class InboundSms(BaseModel):
    """A simulated reply from a phone (``from``) to one of the firm's numbers (``to``)."""

    from_: str = Field(alias="from")
    to: str
    body: str
    url: str | None = None  # overrides the configured inbound webhook


class SmsSink:
    """Records outbound SMS, reports delivery, and simulates inbound replies."""

    name = "sms"

    def __init__(
        self,
        store: RecordStore,
        *,
        inbound_webhook: str | None = None,
        auth_token: str | None = None,
        callback_delay: float = 0.2,
    ) -> None:
        self.store = store
        self.faults = Faults()
        self.inbound_webhook = inbound_webhook
        self.auth_token = auth_token  # signs inbound webhooks when set
        self.callback_delay = callback_delay
        self.opted_out: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.app = self._build_app()

    async def close(self) -> None:
        """Cancel pending status callbacks."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def create_message(self, account_sid: str, request: Request) -> Response:
        """Validate like Twilio, record, and schedule the status callback."""
        if (status := self.faults.take()) is not None:
            return twilio.error(status, 20000 + status, "Simulated provider failure")
        credentials = basic_auth(request)
        if credentials is None:
            return twilio.unauthenticated()
        form = await read_form(request)
        to, sender = form.first("To") or "", form.first("From")
        service, body = form.first("MessagingServiceSid"), form.first("Body") or ""
        if not to:
            return twilio.error(400, 21604, "A 'To' phone number is required.")
        if not twilio.E164.match(to):
            return twilio.error(400, 21211, f"The 'To' number {to} is not a valid phone number.")
        if not sender and not service:
            return twilio.error(400, 21603, "A 'From' phone number is required.")
        if not body:
            return twilio.error(400, 21602, "Message body is required.")
        if len(body) > twilio.MAX_BODY_CHARS:
            return twilio.error(
                400, 21617, "The concatenated message body exceeds the 1600 character limit."
            )
        if to in self.opted_out:
            return twilio.error(400, 21610, "Attempt to send to unsubscribed recipient")
        record = self._record(
            "outbound-api",
            account_sid,
            to,
            sender,
            body,
            service,
            status="queued" if sender else "accepted",
            status_callback=form.first("StatusCallback"),
        )
        log_event(self.name, "message.received", id=record.id, segments=record.data["segments"])
        if callback := record.data["status_callback"]:
            self._spawn(self._report_delivery(record, callback, credentials[1]))
        return JSONResponse(twilio.message_resource(record.data), status_code=201)

    def _record(
        self,
        direction: str,
        account_sid: str,
        to: str,
        sender: str | None,
        body: str,
        service: str | None,
        *,
        status: str,
        status_callback: str | None = None,
    ) -> Record:
        sid = new_id("SM")
        data = {
            "id": sid,
            "sid": sid,
            "direction": direction,
            "account_sid": account_sid,
            "to": to,
            "from": sender,
            "messaging_service_sid": service,
            "body": body,
            "segments": count_segments(body),
            "encoding": encoding(body),
            "status": status,
            "status_callback": status_callback,
            "received_at": utc_now_iso(),
        }
        return self.store.add(Record(sid, data))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _report_delivery(self, record: Record, url: str, auth_token: str) -> None:
        """Best effort: POST ``sent`` then ``delivered`` to a loopback StatusCallback."""
        if not is_loopback_url(url):
            log_event(self.name, "callback.skipped", id=record.id, reason="not loopback")
            return
        m = record.data
        async with httpx.AsyncClient(timeout=5) as client:
            for status in ("sent", "delivered"):
                await asyncio.sleep(self.callback_delay)
                m["status"], m["updated_at"] = status, utc_now_iso()
                m.setdefault("sent_at", m["updated_at"])
                params = {
                    "AccountSid": m["account_sid"],
                    "ApiVersion": twilio.API_VERSION,
                    "MessageSid": m["sid"],
                    "SmsSid": m["sid"],
                    "MessageStatus": status,
                    "SmsStatus": status,
                    "To": m["to"],
                    "From": m["from"] or "",
                }
                if m["messaging_service_sid"]:
                    params["MessagingServiceSid"] = m["messaging_service_sid"]
                code = await self._post_form(client, url, params, auth_token)
                log_event(self.name, "callback.sent", id=m["sid"], status=status, http=code)

    async def _post_form(
        self, client: httpx.AsyncClient, url: str, params: dict[str, str], token: str | None
    ) -> int | None:
        headers = {"X-Twilio-Signature": twilio.signature(token, url, params)} if token else {}
        try:
            response = await client.post(url, data=params, headers=headers)
        except httpx.HTTPError:
            return None
        return response.status_code

    async def inbound(self, sms: InboundSms) -> dict[str, Any]:
        """Record an inbound reply, apply STOP/START, and forward Twilio's webhook."""
        record = self._record(
            "inbound", DEV_ACCOUNT_SID, sms.to, sms.from_, sms.body, None, status="received"
        )
        kind = twilio.keyword(sms.body)
        if kind == "STOP":
            self.opted_out.add(sms.from_)
        elif kind == "START":
            self.opted_out.discard(sms.from_)
        url, code = sms.url or self.inbound_webhook, None
        if url and is_loopback_url(url):
            params = {
                "AccountSid": DEV_ACCOUNT_SID,
                "ApiVersion": twilio.API_VERSION,
                "MessageSid": record.id,
                "SmsSid": record.id,
                "SmsMessageSid": record.id,
                "From": sms.from_,
                "To": sms.to,
                "Body": sms.body,
                "NumMedia": "0",
                "NumSegments": str(record.data["segments"]),
                "SmsStatus": "received",
            }
            if kind:
                params["OptOutType"] = kind
            async with httpx.AsyncClient(timeout=5) as client:
                code = await self._post_form(client, url, params, self.auth_token)
        log_event(self.name, "inbound.received", id=record.id, keyword=kind, webhook_http=code)
        return {"sid": record.id, "keyword": kind, "forwarded": code is not None, "http": code}

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="remit-sink-sms")
        add_common_routes(app, self.faults)
        base = f"/{twilio.API_VERSION}/Accounts/{{account_sid}}/Messages"

        @app.post(base + ".json", status_code=201)
        async def create(account_sid: str, request: Request) -> Response:
            """Twilio: create a Message."""
            return await self.create_message(account_sid, request)

        @app.get(base + "/{sid}.json")
        async def fetch(account_sid: str, sid: str, request: Request) -> Response:
            """Twilio: fetch a Message."""
            if basic_auth(request) is None:
                return twilio.unauthenticated()
            record = self.store.get(sid)
            if record is None:
                return twilio.error(
                    404, 20404, f"The requested resource {request.url.path} was not found"
                )
            return JSONResponse(twilio.message_resource(record.data))

        @app.get("/api/messages")
        async def list_messages(to: str | None = None) -> list[dict[str, Any]]:
            """Every message seen (outbound and simulated inbound), newest last."""
            # A bare "+" in a query string decodes to a space: put it back.
            wanted = None if to is None else "+" + to.strip().lstrip("+")
            return [r.data for r in self.store.list(lambda r: wanted in (None, r.data["to"]))]

        @app.get("/api/messages/{sid}")
        async def get_message(sid: str) -> dict[str, Any]:
            """One message as listed."""
            if (record := self.store.get(sid)) is None:
                raise HTTPException(404, "message not found")
            return record.data

        @app.delete("/api/messages")
        async def clear() -> dict[str, int]:
            """Forget every message and every opt-out."""
            self.opted_out.clear()
            return {"deleted": self.store.clear()}

        @app.post("/api/inbound")
        async def inbound(sms: InboundSms) -> dict[str, Any]:
            """Simulate a reply such as STOP arriving from a phone."""
            return await self.inbound(sms)

        return app
