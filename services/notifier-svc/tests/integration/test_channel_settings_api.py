"""Per-firm channel settings over the API, and reminders reaching the firm's own endpoints."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from uuid import uuid4

import pytest
from notifier_helpers import reminder_due
from remit_common.events import Channel

pytestmark = pytest.mark.integration

FIRM_SECRET = "firm-own-webhook-secret-0123456789"


def _auth(stack, key: str | None = None) -> dict[str, str]:
    return {"authorization": f"Bearer {key or stack.api_key}"}


async def _hooks(stack, name: str) -> list[dict]:
    return await stack.sink_json("hooks", f"/api/hooks?name={name}")


async def test_secrets_are_write_only_and_each_firm_sees_only_its_own(stack):
    empty = await stack.client.get("/v1/channel-settings", headers=_auth(stack))
    assert empty.status_code == 200
    assert empty.json() == {
        "webhook": None,
        "portal": None,
        "email": {"from_name": None, "reply_to": None},
        "updated_at": None,
    }
    url = f"{stack.sinks.url('hooks')}/hooks/firm-a"
    body = {
        "webhook": {"url": url, "secret": FIRM_SECRET},
        "email": {"from_name": "S&J Billing", "reply_to": "ar@smith.example"},
    }
    put = await stack.client.put("/v1/channel-settings", json=body, headers=_auth(stack))
    assert put.status_code == 200, put.text
    got = await stack.client.get("/v1/channel-settings", headers=_auth(stack))
    for answer in (put, got):
        assert FIRM_SECRET not in answer.text
        data = answer.json()
        assert data["webhook"] == {"url": url, "secret_set": True}
        assert data["portal"] is None
        assert data["email"] == {"from_name": "S&J Billing", "reply_to": "ar@smith.example"}

    # Same URL without a secret keeps the stored one; a new URL needs a new secret.
    kept = await stack.client.put(
        "/v1/channel-settings", json={"webhook": {"url": url}}, headers=_auth(stack)
    )
    assert kept.status_code == 200 and kept.json()["webhook"]["secret_set"] is True
    moved = await stack.client.put(
        "/v1/channel-settings",
        json={"webhook": {"url": f"{url}-elsewhere"}},
        headers=_auth(stack),
    )
    assert moved.status_code == 422
    assert moved.headers["content-type"].startswith("application/problem+json")
    short = await stack.client.put(
        "/v1/channel-settings",
        json={"webhook": {"url": url, "secret": "short"}},
        headers=_auth(stack),
    )
    assert short.status_code == 422

    other_key = f"rk_live_test_{uuid4().hex}"
    stack.container.firm_authenticator.add(other_key, uuid4())
    other = await stack.client.get("/v1/channel-settings", headers=_auth(stack, other_key))
    assert other.json()["webhook"] is None
    anonymous = await stack.client.get("/v1/channel-settings")
    assert anonymous.status_code == 401


async def test_a_firms_webhook_url_receives_its_reminders_signed_with_its_secret(stack):
    hook_name = f"firm-{uuid4().hex[:8]}"
    url = f"{stack.sinks.url('hooks')}/hooks/{hook_name}"
    put = await stack.client.put(
        "/v1/channel-settings",
        json={"webhook": {"url": url, "secret": FIRM_SECRET}},
        headers=_auth(stack),
    )
    assert put.status_code == 200, put.text
    global_before = len(await _hooks(stack, "reminders"))

    reminder = reminder_due(channels=(Channel.WEBHOOK,))
    await stack.publish(reminder)
    (received,) = await stack.wait_for(lambda: _hooks(stack, hook_name))

    assert received["json"]["reminder_id"] == str(reminder.reminder_id)
    timestamp = received["headers"]["x-remit-timestamp"]
    expected = hmac.new(
        FIRM_SECRET.encode(),
        timestamp.encode() + b"." + received["body"].encode(),
        hashlib.sha256,
    ).hexdigest()
    assert received["headers"]["x-remit-signature"] == f"v1={expected}"
    rows = await stack.wait_for(lambda: _sent(stack, reminder.reminder_id), limit_s=5)
    assert rows[0]["provider"] == "webhook"
    await asyncio.sleep(0.3)
    assert len(await _hooks(stack, "reminders")) == global_before  # not the global default


async def test_without_firm_settings_the_global_webhook_is_used(stack):
    reminder = reminder_due(channels=(Channel.WEBHOOK,))
    await stack.publish(reminder)

    async def delivered() -> list[dict]:
        return [
            h
            for h in await _hooks(stack, "reminders")
            if (h["json"] or {}).get("reminder_id") == str(reminder.reminder_id)
        ]

    assert await stack.wait_for(delivered)


async def test_the_firms_email_identity_is_on_its_reminders(stack):
    body = {"email": {"from_name": "Smith Jones Billing", "reply_to": "ar@smith.example"}}
    put = await stack.client.put("/v1/channel-settings", json=body, headers=_auth(stack))
    assert put.status_code == 200, put.text
    reminder = reminder_due(channels=(Channel.EMAIL,))
    address = reminder.client.emails[0]
    await stack.publish(reminder)
    (email,) = await stack.wait_for(
        lambda: stack.sink_json("smtp_http", f"/api/messages?to={address}")
    )
    headers = {k.lower(): v for k, v in email["headers"].items()}
    assert "Smith Jones Billing" in headers["from"]
    assert headers["reply-to"] == "ar@smith.example"


async def _sent(stack, reminder_id) -> list[dict]:
    rows = await stack.deliveries(reminder_id=str(reminder_id))
    return [r for r in rows if r["status"] == "sent"]
