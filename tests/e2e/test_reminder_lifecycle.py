"""A billing manager's core promise: remind before the due date, stop the instant they pay."""

import asyncio

from .actors import (
    advance_past,
    create_client,
    days,
    issue_invoice,
    mail_to,
    onboard_firm,
    pay,
    planned,
    wait_for_mail,
    wait_for_timeline,
)


async def test_pre_due_reminder_then_payment_then_receipt_and_silence(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    address = client["emails"][0]
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=today + days(10))

    plan = await wait_for_timeline(system, firm, invoice["id"])
    pre_due = planned(plan, "pre_due")
    assert pre_due, "the default policy plans a reminder before the due date"
    assert await mail_to(system, address) == [], "nothing goes out before its time"

    # When the 7-days-before-due step's moment comes (in the client's morning window):
    await advance_past(system, pre_due[0]["send_at"])
    [reminder] = await wait_for_mail(system, address, 1)
    assert invoice["number"] in reminder["subject"] + reminder["text"]
    assert "1,250.00" in reminder["text"]

    await pay(
        system,
        firm,
        invoice,
        invoice.get("total_minor", 125000),
        await system.now(),
    )
    messages = await wait_for_mail(system, address, 2)
    receipt = messages[1]
    assert (
        "receipt" in (receipt["subject"] + receipt["text"]).lower()
        or "thank" in receipt["text"].lower()
    )

    # Weeks pass: a paid invoice is never reminded again.
    for _ in range(4):
        await system.advance_clock(days(10))
        await asyncio.sleep(2.5)
    assert len(await mail_to(system, address)) == 2
