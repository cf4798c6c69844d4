"""Demo data for `make up`, and `remit-local demo`: watch reminders go out day by day.

`seed()` onboards one law firm through the public APIs only (the same calls a PMS makes): about
fifty clients in several languages and time zones, their matters, and invoices in every state
(due soon, due today, overdue, partially paid, paid, voided, written off, disputed, no due date).
It is idempotent: the firm's id and API key are kept in `.local/demo-firm.json` and reused.

`run_days(n)` advances the shared controllable clock one day at a time and prints what reached
the dev mail, SMS and print sinks that day.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from remit_local import stack
from remit_local.paths import Layout

INVOICE = "http://127.0.0.1:8001"
NOTIFIER = "http://127.0.0.1:8003"
STATEMENT = "http://127.0.0.1:8004"
SINKS = {
    "mail": "http://127.0.0.1:8025",
    "sms": "http://127.0.0.1:8026",
    "print": "http://127.0.0.1:8027",
}
FIRM_NAME = "Hale & Rowe LLP"

# (first names, last names, language, zone, country) per client community.
COMMUNITIES = [
    (
        ["Olivia", "James", "Ava", "Noah", "Emma"],
        ["Carter", "Nguyen", "Brooks", "Patel"],
        "en-US",
        "America/New_York",
        "US",
    ),
    (
        ["Liam", "Sophia", "Mason", "Harper"],
        ["Olsen", "Reyes", "Kowalski", "Hughes"],
        "en-US",
        "America/Chicago",
        "US",
    ),
    (
        ["Lucía", "Mateo", "Valentina", "Diego"],
        ["García", "Hernández", "López", "Torres"],
        "es-MX",
        "America/Los_Angeles",
        "US",
    ),
    (
        ["Zofia", "Jakub", "Maja", "Antoni"],
        ["Nowak", "Wiśniewski", "Zielińska", "Lewandowski"],
        "pl-PL",
        "Europe/Warsaw",
        "PL",
    ),
    (["Carmen", "Javier", "Elena"], ["Ruiz", "Moreno", "Navarro"], "es-ES", "Europe/Madrid", "ES"),
]
PRACTICE = [
    ("Estate planning", "R. Hale"),
    ("Litigation", "M. Rowe"),
    ("Family law", "A. Chen"),
    ("Corporate", "R. Hale"),
    ("Real estate", "M. Rowe"),
]


@dataclass
class DemoFirm:
    id: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


def seed() -> str:
    """Seed the demo firm unless it exists; returns a one-line summary."""
    return asyncio.run(_seed(Layout.default()))


async def _seed(layout: Layout) -> str:
    state_file = layout.state / "demo-firm.json"
    admin = {"Authorization": f"Bearer {stack.admin_token(layout)}"}
    async with httpx.AsyncClient(timeout=30) as http:
        if state_file.exists():
            saved = json.loads(state_file.read_text())
            found = await http.get(f"{INVOICE}/v1/firms/{saved['id']}", headers=admin)
            if found.status_code == 200:
                return f"demo firm {FIRM_NAME} already seeded (key in {state_file})"
        firm = await _onboard(http, admin)
        state_file.write_text(json.dumps({"id": firm.id, "api_key": firm.api_key}) + "\n")
        state_file.chmod(0o600)
        today = await _today(http)
        counts = await _clients_and_invoices(http, firm, today)
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    return f"demo firm {FIRM_NAME} seeded: {summary} (API key in {state_file})"


async def _onboard(http: httpx.AsyncClient, admin: dict[str, str]) -> DemoFirm:
    firm = (
        await _ok(http.post(f"{INVOICE}/v1/firms", json={"name": FIRM_NAME}, headers=admin))
    ).json()
    key = (
        await _ok(
            http.post(
                f"{INVOICE}/v1/firms/{firm['id']}/api-keys",
                json={"name": "demo PMS"},
                headers=admin,
            )
        )
    ).json()["key"]
    demo = DemoFirm(firm["id"], key)
    contact = {
        "billing_email": "billing@halerowe.example",
        "billing_phone": "+12125550100",
        "payment_url": "https://pay.halerowe.example",
    }
    await _ok(
        http.put(
            f"{NOTIFIER}/v1/_admin/firms/{demo.id}",
            headers=admin,
            json={"name": FIRM_NAME, "contact_name": "Billing team", **contact},
        )
    )
    await _ok(
        http.put(
            f"{STATEMENT}/v1/firm-profile",
            headers=demo.headers,
            json={
                "name": FIRM_NAME,
                "address_lines": ["250 Park Avenue, 12th Floor", "New York, NY 10177"],
                "paper": "Letter",
                **contact,
            },
        )
    )
    return demo


async def _today(http: httpx.AsyncClient) -> date:
    clock = (await _ok(http.get(f"{INVOICE}/v1/_clock"))).json()
    return datetime.fromisoformat(clock["now"]).date()


async def _clients_and_invoices(
    http: httpx.AsyncClient, firm: DemoFirm, today: date
) -> dict[str, int]:
    rng = random.Random(2026)  # the same demo every time
    counts = {"clients": 0, "matters": 0, "invoices": 0, "payments": 0}
    for n in range(50):
        firsts, lasts, language, zone, country = COMMUNITIES[n % len(COMMUNITIES)]
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        preference = ["email", "email", "email", "print", "both"][n % 5]
        client = (
            await _ok(
                http.post(
                    f"{INVOICE}/v1/clients",
                    headers=firm.headers,
                    json={
                        "name": name,
                        "emails": [f"client{n:02d}@demo-client.example"],
                        "phone": f"+1212555{n:04d}",
                        "language": language,
                        "timezone": zone,
                        "delivery_preference": preference,
                        "group": ["individual", "corporate"][n % 2],
                        "postal_address": {
                            "lines": [f"{100 + n} Demo Street"],
                            "city": "Springfield",
                            "region": "IL",
                            "postal_code": "62701",
                            "country": country,
                        },
                        "external_id": f"DEMO-C-{n:03d}",
                    },
                )
            )
        ).json()
        area, attorney = PRACTICE[n % len(PRACTICE)]
        matter = (
            await _ok(
                http.post(
                    f"{INVOICE}/v1/matters",
                    headers=firm.headers,
                    json={
                        "client_id": client["id"],
                        "name": f"{name} — {area}",
                        "practice_area": area,
                        "responsible_attorney": attorney,
                        "external_id": f"DEMO-M-{n:03d}",
                    },
                )
            )
        ).json()
        counts["clients"] += 1
        counts["matters"] += 1
        counts["payments"] += await _play(http, firm, client, matter, today, n, rng)
        counts["invoices"] += 1
    return counts


@dataclass(frozen=True)
class Scenario:
    """One invoice state the demo shows: dates relative to today, then what happens to it."""

    issued_days_ago: int
    due_in_days: int | None  # None: an invoice without a due date
    then: str | None = None  # "pay_third", "pay", "dispute", "void", "write_off"


# In rotation over the clients, so every state appears several times.
SCENARIOS = [
    Scenario(5, 8),  # due soon
    Scenario(0, 7),  # due in a week: the pre-due reminder comes first
    Scenario(40, -10),  # overdue
    Scenario(20, 10, "pay_third"),  # partially paid
    Scenario(30, 0, "pay"),  # paid
    Scenario(0, None),  # no due date: "available to view"
    Scenario(15, 5, "dispute"),
    Scenario(10, 20, "void"),
    Scenario(200, -170, "write_off"),
    Scenario(3, 1),  # due tomorrow
]
_ACTIONS = {
    "dispute": ("dispute", {"reason": "Hours contested"}),
    "void": ("void", {"reason": "Issued in error"}),
    "write_off": ("write-off", {"reason": "Uncollectable"}),
}


async def _play(
    http: httpx.AsyncClient,
    firm: DemoFirm,
    client: dict,
    matter: dict,
    today: date,
    n: int,
    rng: random.Random,
) -> int:
    """Issue the client's invoice for its scenario; returns the payments made."""
    scenario = SCENARIOS[n % len(SCENARIOS)]
    due = None if scenario.due_in_days is None else today + timedelta(days=scenario.due_in_days)
    invoice = await _invoice(
        http, firm, client, matter, today - timedelta(days=scenario.issued_days_ago), due, n, rng
    )
    if scenario.then in ("pay", "pay_third"):
        share = 1 if scenario.then == "pay" else 3
        await _pay(http, firm, invoice, invoice["total_minor"] // share)
        return 1
    if scenario.then in _ACTIONS:
        path, body = _ACTIONS[scenario.then]
        await _ok(
            http.post(
                f"{INVOICE}/v1/invoices/{invoice['id']}/{path}", headers=firm.headers, json=body
            )
        )
    return 0


async def _invoice(
    http: httpx.AsyncClient,
    firm: DemoFirm,
    client: dict,
    matter: dict,
    issued: date,
    due: date | None,
    n: int,
    rng: random.Random,
) -> dict:
    hours = rng.randint(2, 30)
    rate = rng.choice([25_000, 32_500, 45_000])
    body = {
        "client_id": client["id"],
        "matter_id": matter["id"],
        "number": f"HR-{2026_0000 + n}",
        "issue_date": issued.isoformat(),
        "currency": "USD",
        "total_minor": hours * rate,
        "line_items": [
            {"description": f"Professional services, {hours} h", "amount_minor": hours * rate}
        ],
        "portal_url": f"https://portal.halerowe.example/invoices/HR-{2026_0000 + n}",
        "shared_to_portal": True,
        "external_id": f"DEMO-I-{n:03d}",
        **({"due_date": due.isoformat()} if due else {}),
    }
    return (await _ok(http.post(f"{INVOICE}/v1/invoices", headers=firm.headers, json=body))).json()


async def _pay(http: httpx.AsyncClient, firm: DemoFirm, invoice: dict, amount: int) -> None:
    clock = (await _ok(http.get(f"{INVOICE}/v1/_clock"))).json()
    await _ok(
        http.post(
            f"{INVOICE}/v1/payments",
            headers=firm.headers,
            json={
                "invoice_id": invoice["id"],
                "amount": {"amount_minor": amount, "currency": "USD"},
                "received_at": clock["now"],
                "method": "card",
            },
        )
    )


async def _ok(request: Any) -> httpx.Response:
    response = await request
    if response.status_code >= 400:
        raise RuntimeError(
            f"demo: {response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )
    return response


# --- watching time pass ----------------------------------------------------------------------
def run_days(days: int, pause_s: float = 4.0) -> None:
    """Advance the shared clock a day at a time and print what went out each day."""
    asyncio.run(_run_days(Layout.default(), days, pause_s))


async def _run_days(layout: Layout, days: int, pause_s: float) -> None:
    admin = {"Authorization": f"Bearer {stack.admin_token(layout)}"}
    async with httpx.AsyncClient(timeout=30) as http:
        seen = await _sink_counts(http)
        for _ in range(days):
            moved = await _ok(
                http.post(f"{INVOICE}/v1/_clock", headers=admin, json={"advance": 86_400})
            )
            now = datetime.fromisoformat(moved.json()["now"])
            await asyncio.sleep(pause_s)  # the dispatchers poll about once a second
            print(f"\n=== {now:%A %d %B %Y, %H:%M} UTC ===")
            sent = await _new_items(http, seen)
            for sink, items in sent.items():
                for item in items:
                    print(f"  {sink:5} {_describe(sink, item)}")
            if not any(sent.values()):
                print("  (nothing went out)")


async def _sink_counts(http: httpx.AsyncClient) -> dict[str, int]:
    return {sink: len(await _listing(http, sink)) for sink in SINKS}


async def _listing(http: httpx.AsyncClient, sink: str) -> list[dict]:
    path = "/api/letters" if sink == "print" else "/api/messages"
    response = await http.get(SINKS[sink] + path)
    return response.json() if response.status_code == 200 else []


async def _new_items(http: httpx.AsyncClient, seen: dict[str, int]) -> dict[str, list[dict]]:
    new = {}
    for sink in SINKS:
        items = await _listing(http, sink)
        new[sink] = items[seen[sink] :]
        seen[sink] = len(items)
    return new


def _describe(sink: str, item: dict) -> str:
    if sink == "mail":
        return f"to {', '.join(item.get('to', []))}: {item.get('subject')}"
    if sink == "sms":
        return f"to {item.get('to')}: {item.get('body', '')[:90]}"
    return f"letter {item.get('id')} ({item.get('pages', '?')} pages)"
