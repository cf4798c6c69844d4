"""Statements of account: one client on demand, and a bulk batch for mixed preferences."""

import asyncio
import io

from pypdf import PdfReader

from .actors import create_client, days, issue_invoice, mail_to, onboard_firm, pay


async def _wait_until_known(system, firm, client_id: str, within_s: float = 30.0) -> None:
    """statement-svc builds its ledger from events: wait until it knows the client."""
    for _ in range(int(within_s * 2)):
        response = await system.http.get(
            system.url("statement", f"/v1/clients/{client_id}/statement"),
            params={"format": "csv"},
            headers=firm.headers,
        )
        if response.status_code == 200:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"statement-svc never learned client {client_id}: {response.text}")


async def test_a_clients_statement_reconciles_with_invoice_svc(system):
    firm = await onboard_firm(system)
    client = await create_client(system, firm)
    today = (await system.now()).date()
    first = await issue_invoice(
        system, firm, client, issued=today - days(40), due=today - days(10), total_minor=200_000
    )
    await issue_invoice(
        system, firm, client, issued=today, due=today + days(30), total_minor=50_000
    )
    await pay(system, firm, first, 80_000, await system.now())
    await _wait_until_known(system, firm, client["id"])

    for _ in range(40):
        csv = await system.http.get(
            system.url("statement", f"/v1/clients/{client['id']}/statement"),
            params={"format": "csv"},
            headers=firm.headers,
        )
        if "1700.00" in csv.text or "1,700.00" in csv.text:
            break
        await asyncio.sleep(0.5)
    assert "1700.00" in csv.text or "1,700.00" in csv.text, csv.text

    pdf = await system.http.get(
        system.url("statement", f"/v1/clients/{client['id']}/statement"),
        params={"format": "pdf"},
        headers=firm.headers,
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "1,700.00" in text, "the PDF's total due matches invoice-svc's balances"


async def test_a_bulk_batch_emails_email_clients_and_prints_the_rest(system):
    firm = await onboard_firm(system)
    today = (await system.now()).date()
    prefs = ["email", "email", "print", "print", "both"]
    clients = [await create_client(system, firm, delivery_preference=p) for p in prefs]
    for client in clients:
        await issue_invoice(
            system, firm, client, issued=today - days(60), due=today - days(30), total_minor=90_000
        )
    wanted = {c["id"] for c in clients}
    for _ in range(90):  # statement-svc's ledger is fed by events: wait until all five owe
        report = await system.http.get(
            system.url("statement", "/v1/reports/balance-due"), headers=firm.headers
        )
        owing = {r["client_id"] for r in report.json().get("rows", []) if r["status"] == "owes"}
        if wanted <= owing:
            break
        await asyncio.sleep(0.5)
    assert wanted <= owing, f"statement-svc knows {len(owing & wanted)} of 5 balances"

    created = await system.http.post(
        system.url("statement", "/v1/statement-batches"),
        json={"client_ids": [c["id"] for c in clients]},
        headers=firm.headers,
    )
    assert created.status_code in (201, 202), created.text
    batch_url = system.url("statement", f"/v1/statement-batches/{created.json()['id']}")
    for _ in range(120):
        batch = (await system.http.get(batch_url, headers=firm.headers)).json()
        if batch["state"] != "running":
            break
        await asyncio.sleep(0.5)
    assert batch["state"] == "completed", batch
    assert (batch["total"], batch["failed"]) == (5, 0)

    for client, pref in zip(clients, prefs, strict=True):
        if pref in ("email", "both"):
            # (The overdue invoice also earned the client a reminder; pick the statement.)
            for _ in range(60):
                mails = await mail_to(system, client["emails"][0])
                statements = [m for m in mails if "statement" in m["subject"].lower()]
                if statements:
                    break
                await asyncio.sleep(0.5)
            assert len(statements) == 1, [m["subject"] for m in mails]

    merged = await system.http.get(batch_url + "/pdf", headers=firm.headers)
    assert merged.status_code == 200
    pages = PdfReader(io.BytesIO(merged.content)).pages
    assert (batch["emailed"], batch["printed"]) == (3, 3), "'both' is emailed and printed"
    # Duplex: every statement starts on an odd page, so blank pages pad all but the last.
    assert len(pages) >= 2 * batch["printed"] - 1
