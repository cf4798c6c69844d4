"""Events in through Kafka -> statements, reports and KPIs out over REST, firm-scoped."""

import io
import random
from datetime import date
from uuid import uuid4

import pytest
from conftest import add_key, migrated_database, running, settings_for, topics, wait_for
from ledger_events import InvoiceStory, client_snapshot, publish
from pypdf import PdfReader
from remit_common.events import MatterSnapshot

pytestmark = pytest.mark.integration
FIRM_A, FIRM_B = uuid4(), uuid4()


def _stories():
    acme = client_snapshot("Acme Holdings LLC")
    lit = MatterSnapshot(
        id=uuid4(),
        version=1,
        name="Acme v. Widgets",
        practice_area="litigation",
        responsible_attorney="J. Smith",
    )
    i1 = InvoiceStory(
        FIRM_A, acme, "A-001", 100_000, date(2025, 1, 10), date(2025, 2, 9), matter=lit
    ).issue()
    i1.pay(40_000, date(2025, 1, 25))
    chargeback = i1.pay(60_000, date(2025, 3, 2))
    i1.reverse(chargeback, 60_000, date(2025, 3, 12))
    i2 = InvoiceStory(FIRM_A, acme, "A-002", 50_000, date(2025, 2, 15), date(2025, 3, 17)).issue()
    i2.pay(20_000, date(2025, 3, 3))
    i2.write_off(date(2025, 3, 15))
    i3 = InvoiceStory(
        FIRM_A, acme, "A-E01", 80_000, date(2025, 1, 20), date(2025, 2, 19), currency="EUR"
    ).issue()
    i3.pay(30_000, date(2025, 3, 1))
    other = InvoiceStory(
        FIRM_B,
        client_snapshot("Other firm's client"),
        "B-1",
        1_000,
        date(2025, 1, 1),
        date(2025, 1, 31),
    ).issue()
    return acme, lit, [i1, i2, i3, other]


async def test_events_to_statements_reports_and_isolation(
    fresh_database, fresh_topic, kafka_bootstrap
):
    url = await migrated_database(fresh_database)
    names = await topics(fresh_topic)
    acme, lit, stories = _stories()
    events = [e for s in stories for e in s.events]
    # Per-invoice order is what Kafka guarantees; across invoices anything goes. Shuffle the
    # stories' interleaving, and deliver one invoice's events twice (a redelivery).
    random.Random(7).shuffle(events)
    events += stories[0].events
    async with running(settings_for(url, kafka_bootstrap, names)) as (client, container):
        a = add_key(container, FIRM_A, "firm-a-key-0123456789abcdef")
        b = add_key(container, FIRM_B, "firm-b-key-0123456789abcdef")
        await publish(kafka_bootstrap, names["topic_invoice_events"], events)

        async def reconciled():
            r = (await client.get("/v1/reports/reconciliation", headers=a)).json()
            return r["invoices_checked"] == 3 and not r["mismatches"]

        await wait_for(reconciled, 40)

        q = {"from": "2025-03-01", "to": "2025-03-31"}
        pdf = await client.get(f"/v1/clients/{acme.id}/statement", params=q, headers=a)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(pdf.content))
        text = "\n".join(p.extract_text() for p in reader.pages)
        # USD: opening 600 + 500 = 1,100; -600 -200 +600 -300 (write-off) = 600.00 closing.
        assert "$1,100.00" in text and "$600.00" in text
        assert "€500.00" in text  # EUR: 800 - 300
        assert f"Page 1 of {len(reader.pages)}" in text

        csv = await client.get(
            f"/v1/clients/{acme.id}/statement", params=q | {"format": "csv"}, headers=a
        )
        assert "USD,2025-03-31,closing_balance,,,,,600.00" in csv.text
        html = await client.get(
            f"/v1/matters/{lit.id}/statement", params=q | {"format": "html"}, headers=a
        )
        assert html.status_code == 200 and "A-001" in html.text and "A-002" not in html.text

        due = (
            await client.get(
                "/v1/reports/balance-due",
                params={"as_of": "2025-03-31", "status": "owes"},
                headers=a,
            )
        ).json()
        rows = {(r["client_name"], r["currency"]): r for r in due["rows"]}
        usd = rows[("Acme Holdings LLC", "USD")]
        assert usd["balance"] == {"amount_minor": 60_000, "currency": "USD"}
        assert usd["oldest_unpaid_due_date"] == "2025-02-09"
        assert usd["attorneys"] == ["J. Smith"]
        assert rows[("Acme Holdings LLC", "EUR")]["balance"]["amount_minor"] == 50_000
        due_csv = await client.get(
            "/v1/reports/balance-due", params={"as_of": "2025-03-31", "format": "csv"}, headers=a
        )
        assert due_csv.text.startswith("client_id,client_name")

        aging = (
            await client.get(
                "/v1/reports/aging", params={"as_of": "2025-03-31", "by": "client"}, headers=a
            )
        ).json()
        totals = {t["currency"]: t for t in aging["totals"]}
        assert totals["USD"]["days_31_60"]["amount_minor"] == 60_000
        assert totals["USD"]["total"]["amount_minor"] == 60_000
        by_invoice = (
            await client.get("/v1/reports/aging", params={"as_of": "2025-03-31"}, headers=a)
        ).json()
        assert [i["number"] for i in by_invoice["invoices"]] == ["A-001", "A-E01"]

        kpis = (
            await client.get(
                "/v1/kpis", params={"from": "2025-01-01", "to": "2025-03-31"}, headers=a
            )
        ).json()
        assert kpis["dso"]["receivables_minor"]["USD"] == 60_000
        assert kpis["average_days_to_pay"]["invoices"] == 0
        assert len(kpis["aging_trend"]) == 3

        # Tenant isolation: firm B sees none of firm A's records, and A none of B's.
        for path in (f"/v1/clients/{acme.id}/statement", f"/v1/matters/{lit.id}/statement"):
            assert (await client.get(path, headers=b)).status_code == 404
        other_client = stories[3].client.id
        assert (
            await client.get(f"/v1/clients/{other_client}/statement", headers=a)
        ).status_code == 404
        b_due = (await client.get("/v1/reports/balance-due", headers=b)).json()
        assert [r["client_name"] for r in b_due["rows"]] == ["Other firm's client"]
        assert (await client.get("/v1/reports/aging")).status_code == 401
        bad = {"Authorization": "Bearer nope-nope-nope-nope"}
        assert (await client.get("/v1/kpis", headers=bad)).status_code == 401
