"""What a firm, its PMS and its clients do, through Remit's public APIs only."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .harness import PERSONAL_DATA, SINK_URLS, Stack


@dataclass
class Firm:
    """A tenant with an API key, set up the way an operator onboards a law firm."""

    id: str
    headers: dict[str, str]
    name: str


async def onboard_firm(system: Stack, name: str | None = None) -> Firm:
    """Create the firm and a key (invoice-svc), and its sender profile (notifier-svc)."""
    name = name or f"Hale & Rowe LLP {uuid.uuid4().hex[:6]}"
    admin = system.admin_headers()
    billing_email, billing_phone = "billing@halerowe.example", "+12125550100"
    PERSONAL_DATA.add(emails=[billing_email], phone=billing_phone)
    firm = await system.http.post(
        system.url("invoice", "/v1/firms"), json={"name": name}, headers=admin
    )
    assert firm.status_code == 201, firm.text
    firm_id = firm.json()["id"]
    key = await system.http.post(
        system.url("invoice", f"/v1/firms/{firm_id}/api-keys"),
        json={"name": "pms"},
        headers=admin,
    )
    assert key.status_code == 201, key.text
    PERSONAL_DATA.add(api_key=key.json()["key"])
    profile = await system.http.put(
        system.url("notifier", f"/v1/_admin/firms/{firm_id}"),
        json={
            "name": name,
            "billing_email": billing_email,
            "billing_phone": billing_phone,
            "payment_url": "https://pay.halerowe.example",
        },
        headers=admin,
    )
    assert profile.status_code in (200, 204), profile.text
    return Firm(firm_id, {"Authorization": f"Bearer {key.json()['key']}"}, name)


def unique_email(label: str) -> str:
    address = f"{label}.{uuid.uuid4().hex[:10]}@client.example"
    PERSONAL_DATA.add(emails=[address])
    return address


async def create_client(system: Stack, firm: Firm, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Marisol Vega",
        "emails": [unique_email("marisol")],
        "timezone": "America/New_York",
        "language": "en-US",
        **overrides,
    }
    PERSONAL_DATA.add(emails=body.get("emails") or [], phone=body.get("phone"))
    response = await system.http.post(
        system.url("invoice", "/v1/clients"), json=body, headers=firm.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def issue_invoice(
    system: Stack,
    firm: Firm,
    client: dict[str, Any],
    *,
    issued: date,
    due: date | None,
    total_minor: int = 125_000,
    currency: str = "USD",
) -> dict[str, Any]:
    body = {
        "client_id": client["id"],
        "number": f"INV-{uuid.uuid4().hex[:8].upper()}",
        "issue_date": issued.isoformat(),
        "currency": currency,
        "total_minor": total_minor,
        "line_items": [{"description": "Contract review", "amount_minor": total_minor}],
        "portal_url": "https://portal.halerowe.example/invoices/1",
        **({"due_date": due.isoformat()} if due else {}),
    }
    response = await system.http.post(
        system.url("invoice", "/v1/invoices"), json=body, headers=firm.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def pay(
    system: Stack, firm: Firm, invoice: dict[str, Any], amount_minor: int, when: datetime
) -> dict[str, Any]:
    body = {
        "invoice_id": invoice["id"],
        "amount": {"amount_minor": amount_minor, "currency": invoice["currency"]},
        "received_at": when.isoformat(),
        "method": "card",
    }
    response = await system.http.post(
        system.url("invoice", "/v1/payments"), json=body, headers=firm.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def mail_to(system: Stack, address: str) -> list[dict[str, Any]]:
    """Every message the dev mail sink received for ``address``, oldest first."""
    response = await system.http.get(f"{SINK_URLS['mail']}/api/messages", params={"to": address})
    response.raise_for_status()
    return response.json()


async def wait_for_mail(system: Stack, address: str, count: int, within_s: float = 45.0) -> list:
    """Wait until ``address`` has at least ``count`` messages; fail with what did arrive."""
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        messages = await mail_to(system, address)
        if len(messages) >= count:
            return messages
        if asyncio.get_running_loop().time() > deadline:
            subjects = [m.get("subject") for m in messages]
            raise AssertionError(f"expected {count} message(s) to {address}, got {subjects}")
        await asyncio.sleep(0.5)


async def timeline(system: Stack, firm: Firm, invoice_id: str) -> dict[str, Any]:
    response = await system.http.get(
        system.url("scheduler", f"/v1/invoices/{invoice_id}/timeline"), headers=firm.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def wait_for_timeline(
    system: Stack, firm: Firm, invoice_id: str, within_s: float = 30.0
) -> dict[str, Any]:
    """The scheduler's timeline, once the invoice's events reached it."""
    deadline = asyncio.get_running_loop().time() + within_s
    while True:
        response = await system.http.get(
            system.url("scheduler", f"/v1/invoices/{invoice_id}/timeline"), headers=firm.headers
        )
        if response.status_code == 200 and response.json().get("reminders"):
            return response.json()
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(
                f"no timeline for {invoice_id}: {response.status_code} {response.text}"
            )
        await asyncio.sleep(0.5)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def planned(plan: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    """The timeline's reminders still planned (optionally of one kind), in send order."""
    rows = [r for r in plan["reminders"] if r["status"] == "planned"]
    rows = [r for r in rows if kind is None or r["kind"] == kind]
    return sorted(rows, key=lambda r: r["send_at"])


async def advance_past(system: Stack, instant: str | datetime) -> datetime:
    """Move the shared clock just past ``instant`` (a reminder's ``send_at``)."""
    target = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    now = await system.now()
    if target >= now:
        return await system.advance_clock(target - now + timedelta(minutes=1))
    return now
