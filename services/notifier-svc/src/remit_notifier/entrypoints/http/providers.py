"""Provider webhooks: ``POST /v1/providers/{provider}/events``, signature checked first.

* ``twilio``: form-encoded status callbacks (``MessageStatus``) and inbound messages (STOP),
  verified with ``X-Twilio-Signature`` (HMAC-SHA1 of our public URL plus the sorted form
  fields, keyed with the account's auth token).
* ``email``: JSON ``{"events": [{"type": "delivered|bounce|complaint", "message_id": ...,
  "bounce_type": "hard|soft", "reason": ...}]}`` from an e-mail provider or bounce processor,
  verified with ``X-Remit-Timestamp`` / ``X-Remit-Signature`` (``v1=`` HMAC-SHA256 of
  ``"<timestamp>.<body>"``) and refused when older than five minutes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response

from remit_notifier.entrypoints.http.deps import ClockDep, ContainerDep
from remit_notifier.service_layer.errors import BadSignature, UnknownProvider
from remit_notifier.service_layer.provider_events import (
    StatusReport,
    apply_sms_start,
    apply_sms_stop,
    apply_status,
)

router = APIRouter(tags=["providers"])

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})  # Twilio's re-opt-in keywords
_TWILIO_STATUS = {"delivered": "delivered", "undelivered": "bounced", "failed": "failed"}
_EMAIL_STATUS = {"delivered": "delivered", "bounce": "bounced", "complaint": "complaint"}
MAX_SKEW_S = 300


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    payload = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(
        hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    ).decode()


@router.post("/v1/providers/{provider}/events")
async def provider_events(
    provider: str, request: Request, container: ContainerDep, clock: ClockDep
) -> Response:
    """Apply a provider's delivery receipts, bounces, complaints or opt-outs."""
    settings, now, body = container.settings, clock.now(), await request.body()
    if provider == "twilio":
        params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        url = settings.public_base_url.rstrip("/") + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        expected = twilio_signature(settings.sms_auth_token.get_secret_value(), url, params)
        if not hmac.compare_digest(request.headers.get("x-twilio-signature", ""), expected):
            raise BadSignature("X-Twilio-Signature does not match.")
        if params.get("SmsStatus") == "received" or "Body" in params:
            word = params.get("Body", "").strip().upper()
            if params.get("OptOutType") == "STOP" or word in STOP_WORDS:
                await apply_sms_stop(container.uow, params.get("From", ""), now)
            elif params.get("OptOutType") == "START" or word in START_WORDS:
                await apply_sms_start(container.uow, params.get("From", ""), now)
        elif (status := _TWILIO_STATUS.get(params.get("MessageStatus", ""))) and params.get(
            "MessageSid"
        ):
            await apply_status(
                container.uow,
                StatusReport(
                    "twilio",
                    params["MessageSid"],
                    status,  # type: ignore[arg-type]
                    reason=params.get("ErrorCode") and f"twilio error {params['ErrorCode']}",
                ),
                now,
            )
        return Response("<Response/>", media_type="text/xml")
    if provider == "email":
        timestamp = request.headers.get("x-remit-timestamp", "")
        secret = settings.email_webhook_secret.get_secret_value().encode()
        mac = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = timestamp.isdigit() and abs(now.timestamp() - int(timestamp)) <= MAX_SKEW_S
        if not fresh or not hmac.compare_digest(
            request.headers.get("x-remit-signature", ""), f"v1={mac}"
        ):
            raise BadSignature("X-Remit-Signature is missing, stale or does not match.")
        for event in json.loads(body or b"{}").get("events", []):
            status = _EMAIL_STATUS.get(str(event.get("type")))
            if status and event.get("message_id"):
                await apply_status(
                    container.uow,
                    StatusReport(
                        "smtp",
                        str(event["message_id"]),
                        status,  # type: ignore[arg-type]
                        reason=str(event.get("reason") or "")[:500] or None,
                        bounce_type="soft" if event.get("bounce_type") == "soft" else "hard",
                    ),
                    now,
                )
        return Response(status_code=204)
    raise UnknownProvider(f"No webhook handler for provider {provider!r}.")
