"""Escalation: email first; a client who has not opened it gets an SMS, one who has does not."""

import asyncio
import re
import uuid

from .actors import (
    advance_past,
    create_client,
    days,
    issue_invoice,
    onboard_firm,
    planned,
    timeline,
    wait_for_mail,
    wait_for_timeline,
)
from .test_opt_out import sms_to, wait_for_sms

ESCALATING_POLICY = {
    "steps": [
        {"offset_days": 0, "kind": "due", "tone": "friendly", "channels": ["email"]},
        {
            "offset_days": 3,
            "kind": "overdue",
            "tone": "friendly",
            "channels": ["sms"],
            "only_if_previous_email_unopened": True,
        },
    ],
    "min_gap_days": 1,
}
PIXEL = re.compile(r'(https?://[^"\s]+/t/o/[^"\s]+)')


async def test_an_unopened_email_escalates_to_sms_and_an_opened_one_does_not(system):
    firm = await onboard_firm(system)
    saved = await system.http.put(
        system.url("scheduler", "/v1/policies/default"),
        json=ESCALATING_POLICY,
        headers=firm.headers,
    )
    assert saved.status_code in (200, 201), saved.text
    phones = {
        who: "+1646555" + str(uuid.uuid4().int % 10_000).zfill(4) for who in ("reader", "silent")
    }
    clients = {who: await create_client(system, firm, phone=phones[who]) for who in phones}
    today = (await system.now()).date()
    invoices = {
        who: await issue_invoice(system, firm, c, issued=today, due=today + days(2))
        for who, c in clients.items()
    }
    plans = {who: await wait_for_timeline(system, firm, inv["id"]) for who, inv in invoices.items()}
    due_step = planned(plans["reader"], "due")[0]
    await advance_past(system, due_step["send_at"])
    emails = {
        who: (await wait_for_mail(system, c["emails"][0], 1))[0] for who, c in clients.items()
    }

    # The reader opens the email (their mail client loads the tracking pixel).
    pixel = PIXEL.search(emails["reader"]["html"])
    assert pixel, "the HTML email carries an open-tracking pixel"
    opened = await system.http.get(pixel.group(1).replace("&amp;", "&"))
    assert opened.status_code == 200 and opened.headers["content-type"] == "image/gif"

    for _ in range(60):  # the open travels notifier -> Kafka -> scheduler, which replans
        reader_plan = await timeline(system, firm, invoices["reader"]["id"])
        if not [r for r in planned(reader_plan) if "sms" in r["channels"]]:
            break
        await asyncio.sleep(0.5)
    assert not [r for r in planned(reader_plan) if "sms" in r["channels"]], reader_plan

    silent_plan = await timeline(system, firm, invoices["silent"]["id"])
    [sms_step] = [r for r in planned(silent_plan) if "sms" in r["channels"]]
    await advance_past(system, sms_step["send_at"])
    await wait_for_sms(system, phones["silent"], 1)
    await asyncio.sleep(2)
    assert await sms_to(system, phones["reader"]) == [], "no SMS for the client who read it"
