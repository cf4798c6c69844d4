"""Twilio wire formats the SMS sink imitates: errors, message resources, request signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from fastapi.responses import JSONResponse

API_VERSION = "2010-04-01"
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
MAX_BODY_CHARS = 1600
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})


def error(status: int, code: int, message: str, **headers: str) -> JSONResponse:
    """A Twilio REST error body: ``code``, ``message``, ``more_info``, ``status``."""
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return JSONResponse(body, status_code=status, headers=headers or None)


def unauthenticated() -> JSONResponse:
    """What Twilio answers when credentials are missing (error 20003)."""
    return error(
        401,
        20003,
        "Authentication Error - No credentials provided",
        **{"WWW-Authenticate": 'Basic realm="Twilio API"'},
    )


def rfc2822(iso: str | None) -> str | None:
    """Twilio's date format (``Thu, 24 Aug 2023 05:01:45 +0000``) from an ISO timestamp."""
    return None if iso is None else format_datetime(datetime.fromisoformat(iso))


def message_resource(m: Mapping[str, Any]) -> dict[str, Any]:
    """The Message resource Twilio returns, from a sink record."""
    uri = f"/{API_VERSION}/Accounts/{m['account_sid']}/Messages/{m['sid']}"
    return {
        "account_sid": m["account_sid"],
        "api_version": API_VERSION,
        "body": m["body"],
        "date_created": rfc2822(m["received_at"]),
        "date_sent": rfc2822(m.get("sent_at")),
        "date_updated": rfc2822(m.get("updated_at") or m["received_at"]),
        "direction": m["direction"],
        "error_code": None,
        "error_message": None,
        "from": m["from"],
        "messaging_service_sid": m["messaging_service_sid"],
        "num_media": "0",
        "num_segments": str(m["segments"]),
        "price": None,
        "price_unit": "USD",
        "sid": m["sid"],
        "status": m["status"],
        "subresource_uris": {"media": f"{uri}/Media.json"},
        "to": m["to"],
        "uri": f"{uri}.json",
    }


def signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """``X-Twilio-Signature``: base64 HMAC-SHA1 of the URL plus sorted name+value pairs."""
    payload = url + "".join(k + params[k] for k in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def keyword(body: str) -> str | None:
    """``"STOP"`` or ``"START"`` when an inbound body is an opt-out / opt-in keyword."""
    word = body.strip().upper()
    if word in STOP_WORDS:
        return "STOP"
    return "START" if word in START_WORDS else None
