"""Partial payments, invoices without a due date, and disputes, as a client experiences them."""

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
    timeline,
    wait_for_mail,
    wait_for_timeline,
)


async def test_partial_payment_is_acknowledged_and_later_reminders_quote_the_new_balance(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    address = client["emails"][0]
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=today + days(10))
    await wait_for_timeline(system, firm, invoice["id"])

    await pay(system, firm, invoice, 50_000, await system.now())
    [ack] = await wait_for_mail(system, address, 1)
    assert "750.00" in ack["text"], "the acknowledgement states what is still owed"

    plan = await timeline(system, firm, invoice["id"])
    pre_due = planned(plan, "pre_due")
    assert pre_due and pre_due[0]["amount"]["amount_minor"] == 75_000
    await advance_past(system, pre_due[0]["send_at"])
    messages = await wait_for_mail(system, address, 2)
    assert "750.00" in messages[1]["text"] and "1,250.00" not in messages[1]["subject"]


async def test_an_invoice_without_a_due_date_gets_one_available_to_view_notice(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    address = client["emails"][0]
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=None)
    plan = await wait_for_timeline(system, firm, invoice["id"])
    kinds = {r["kind"] for r in planned(plan)}
    assert "pre_due" not in kinds and "overdue" not in kinds

    upcoming = planned(plan)
    if upcoming:  # (inside the client's window it went out at once, as a catch-up)
        await advance_past(system, upcoming[0]["send_at"])
    [notice] = await wait_for_mail(system, address, 1)
    assert "available" in notice["subject"].lower()
    assert "past due" not in notice["subject"].lower()
    await system.advance_clock(days(45))
    await asyncio.sleep(3)
    assert len(await mail_to(system, address)) == 1


async def test_a_dispute_pauses_reminders_and_resolution_resumes_without_a_burst(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    address = client["emails"][0]
    today = (await system.now()).date()
    invoice = await issue_invoice(system, firm, client, issued=today, due=today + days(10))
    await wait_for_timeline(system, firm, invoice["id"])

    disputed = await system.http.post(
        system.url("invoice", f"/v1/invoices/{invoice['id']}/dispute"),
        json={"reason": "Hours on 3 March contested"},
        headers=firm.headers,
    )
    assert disputed.status_code == 200, disputed.text
    for _ in range(30):
        if (await timeline(system, firm, invoice["id"]))["state"] == "paused":
            break
        await asyncio.sleep(0.5)
    assert (await timeline(system, firm, invoice["id"]))["state"] == "paused"

    # Three weeks pass in dispute: the pre-due, due and first overdue steps all go by silently.
    await system.advance_clock(days(21))
    await asyncio.sleep(3)
    assert await mail_to(system, address) == []

    resolved = await system.http.post(
        system.url("invoice", f"/v1/invoices/{invoice['id']}/resolve-dispute"),
        json={"resolution": "rejected", "note": "Time records confirmed"},
        headers=firm.headers,
    )
    assert resolved.status_code == 200, resolved.text
    catch_ups: list = []
    for _ in range(30):
        plan = await timeline(system, firm, invoice["id"])
        catch_ups = [r for r in plan["reminders"] if r.get("catch_up")]
        if plan["state"] == "active" and catch_ups:
            break
        await asyncio.sleep(0.5)
    assert len(catch_ups) == 1, "only the latest missed step is caught up"
    # Inside the client's window it goes out at once; otherwise at the window's next opening.
    if catch_ups[0]["status"] == "planned":
        await advance_past(system, catch_ups[0]["send_at"])
    await wait_for_mail(system, address, 1)
    await asyncio.sleep(3)
    mails = await mail_to(system, address)
    assert len(mails) == 1, (
        "one catch-up reminder, not a burst",
        [m["subject"] for m in mails],
        await timeline(system, firm, invoice["id"]),
    )
