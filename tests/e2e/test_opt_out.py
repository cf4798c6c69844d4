"""A client who texts STOP gets no more SMS; email reminders carry on."""

import asyncio
import uuid

from .actors import (
    advance_past,
    create_client,
    days,
    issue_invoice,
    onboard_firm,
    planned,
    wait_for_mail,
    wait_for_timeline,
)
from .harness import SINK_URLS


async def sms_to(system, phone: str) -> list[dict]:
    response = await system.http.get(f"{SINK_URLS['sms']}/api/messages")
    return [m for m in response.json() if m.get("to") == phone]


async def wait_for_sms(system, phone: str, count: int, within_s: float = 45.0) -> list[dict]:
    for _ in range(int(within_s * 2)):
        messages = await sms_to(system, phone)
        if len(messages) >= count:
            return messages
        await asyncio.sleep(0.5)
    raise AssertionError(f"expected {count} SMS to the client, got {len(messages)}")


async def test_stop_reply_opts_the_client_out_of_sms_only(system):
    firm = await onboard_firm(system)
    phone = "+1917555" + str(uuid.uuid4().int % 10_000).zfill(4)
    client = await create_client(system, firm, phone=phone)
    address = client["emails"][0]
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=today + days(1))
    plan = await wait_for_timeline(system, firm, invoice["id"])
    first_overdue = next(r for r in planned(plan, "overdue") if "sms" in r["channels"])

    await advance_past(system, first_overdue["send_at"])
    [sms] = await wait_for_sms(system, phone, 1)
    assert invoice["number"] in sms["body"] or "1,250.00" in sms["body"]
    emails_before = len(await wait_for_mail(system, address, 1))

    reply = await system.http.post(
        f"{SINK_URLS['sms']}/api/inbound",
        json={"from": phone, "to": "+15005550006", "body": "STOP"},
    )
    assert reply.status_code in (200, 202), reply.text
    await asyncio.sleep(3)

    plan = await wait_for_timeline(system, firm, invoice["id"])
    later = planned(plan, "overdue")
    assert later, "reminders continue after an SMS opt-out"
    assert all("sms" not in r["channels"] for r in later), later
    await advance_past(system, later[0]["send_at"])
    await wait_for_mail(system, address, emails_before + 1)
    await asyncio.sleep(2)
    assert len(await sms_to(system, phone)) == 1, "no SMS after STOP"
