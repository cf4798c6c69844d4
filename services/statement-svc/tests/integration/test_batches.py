"""Bulk statement batches on real PostgreSQL + Kafka: selection, delivery, duplex merge,
exactly-once across a crash and a restart."""

import asyncio
import io
from datetime import date
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer
from conftest import add_key, migrated_database, running, settings_for, topics, wait_for
from ledger_events import InvoiceStory, client_snapshot, publish
from pypdf import PdfReader
from remit_common.events import (
    DeliveryPreference,
    StatementBatchCompleted,
    StatementRendered,
    parse_event,
)
from remit_common.firm_auth import StaticAuthenticator
from remit_statement.service_layer import batches as batches_module

pytestmark = pytest.mark.integration
PREFS = [DeliveryPreference.EMAIL, DeliveryPreference.PRINT, DeliveryPreference.BOTH]
PERIOD = {
    "period_start": "2025-01-01",
    "period_end": "2025-06-30",
    "exclude_invoiced_from": "2025-06-01",
    "exclude_invoiced_to": "2025-06-30",
}


def firm_ledger(firm_id, n: int):  # noqa: ANN001, ANN201
    """n owing clients with mixed preferences, plus 3 recently invoiced and 2 paid up."""
    stories, expected = [], {}
    for i in range(n):
        no_email = i == 4
        cl = client_snapshot(
            f"Client {i:03d}", PREFS[i % 3], emails=() if no_email else ("ap@client.example",)
        )
        s = InvoiceStory(firm_id, cl, f"N-{i:03d}", 500_000, date(2025, 1, 5), date(2025, 2, 4))
        s.issue()
        # Every 7th client has a long history, so its statement runs to more pages.
        for k in range(45 if i % 7 == 0 else 1):
            s.pay(1_000, date(2025, 2, 1 + k % 27))
        stories.append(s)
        email = PREFS[i % 3] != DeliveryPreference.PRINT and not no_email
        printed = PREFS[i % 3] != DeliveryPreference.EMAIL or not email
        expected[cl.id] = (email, printed)
    for i in range(3):
        s = InvoiceStory(
            firm_id,
            client_snapshot(f"Recent {i}"),
            f"R-{i}",
            9_000,
            date(2025, 6, 10),
            date(2025, 7, 10),
        )
        stories.append(s.issue())
    for i in range(2):
        s = InvoiceStory(
            firm_id,
            client_snapshot(f"Paid {i}"),
            f"P-{i}",
            9_000,
            date(2025, 1, 10),
            date(2025, 2, 10),
        ).issue()
        s.pay(9_000, date(2025, 2, 1))
        stories.append(s)
    return [e for s in stories for e in s.events], expected


async def read_topic(bootstrap: str, topic: str, expected: int, within_s: float = 20.0) -> list:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list = []
    try:
        deadline = asyncio.get_running_loop().time() + within_s
        while asyncio.get_running_loop().time() < deadline:
            for part in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(part)
            if len(records) >= expected:
                # Linger briefly: a duplicate would arrive right behind.
                for part in (await consumer.getmany(timeout_ms=700)).values():
                    records.extend(part)
                break
    finally:
        await consumer.stop()
    return [parse_event(r.value) for r in records]


async def ingest(client, a, bootstrap, names, events, invoices: int) -> None:  # noqa: ANN001
    await publish(bootstrap, names["topic_invoice_events"], events)

    async def done():
        r = (await client.get("/v1/reports/reconciliation", headers=a)).json()
        return r["invoices_checked"] == invoices and not r["mismatches"]

    await wait_for(done, 40)


async def test_batch_of_50_clients(fresh_database, fresh_topic, kafka_bootstrap):
    url = await migrated_database(fresh_database)
    names = await topics(fresh_topic)
    firm = uuid4()
    events, expected = firm_ledger(firm, 50)
    async with running(settings_for(url, kafka_bootstrap, names)) as (client, container):
        a = add_key(container, firm, "batch-firm-key-0123456789")
        await ingest(client, a, kafka_bootstrap, names, events, 55)
        resp = await client.post("/v1/statement-batches", json=PERIOD, headers=a)
        assert resp.status_code == 202, resp.text
        batch_id = resp.json()["id"]
        assert resp.json()["total"] == 50

        async def finished():
            body = (await client.get(f"/v1/statement-batches/{batch_id}", headers=a)).json()
            return body if body["state"] != "running" else None

        batch = await wait_for(finished, 60)
        emailed = sum(e for e, _ in expected.values())
        printed = sum(p for _, p in expected.values())
        assert batch["state"] == "completed", batch
        assert (batch["done"], batch["failed"], batch["pending"]) == (50, 0, 0)
        assert (batch["emailed"], batch["printed"]) == (emailed, printed)

        pdf = await client.get(f"/v1/statement-batches/{batch_id}/pdf", headers=a)
        reader = PdfReader(io.BytesIO(pdf.content))
        firsts = [i for i, p in enumerate(reader.pages) if "Page 1 of" in p.extract_text()]
        assert len(firsts) == printed
        assert all(i % 2 == 0 for i in firsts), "every statement starts on an odd page"
        assert len(reader.pages) == batch["merged_pages"]
        assert len(reader.pages) > 2 * printed - 1  # some statements are longer than a page

        reminders = await read_topic(kafka_bootstrap, names["topic_reminders"], emailed)
        assert sorted(r.data.client.id for r in reminders) == sorted(
            cid for cid, (e, _) in expected.items() if e
        )
        assert all(r.data.step.kind == "statement" for r in reminders)
        first = reminders[0].data
        assert first.attachments[0].url.endswith(f"/clients/{first.client.id}.pdf")
        announced = await read_topic(kafka_bootstrap, names["topic_statements"], 51)
        done = [e.data for e in announced if isinstance(e.data, StatementBatchCompleted)]
        assert [str(d.batch_id) for d in done] == [batch_id]
        assert done[0].sent == emailed and done[0].printed == printed
        rendered = [e.data for e in announced if isinstance(e.data, StatementRendered)]
        assert sorted(r.client_id for r in rendered) == sorted(expected)
        assert all(
            str(r.batch_id) == batch_id
            and r.url.endswith(f"/clients/{r.client_id}.pdf")
            and r.closing_balance.is_positive()
            and r.page_count
            for r in rendered
        )


class Crash(BaseException):
    """Stands for the process dying mid-transaction (not an Exception: nothing catches it)."""


async def test_batch_resumes_after_crash_and_restart_without_sending_twice(
    fresh_database, fresh_topic, kafka_bootstrap, monkeypatch
):
    url = await migrated_database(fresh_database)
    names = await topics(fresh_topic)
    firm = uuid4()
    events, expected = firm_ledger(firm, 12)
    emailed = sum(e for e, _ in expected.values())
    paused = settings_for(url, kafka_bootstrap, names, run_batch_worker=False)
    keys = StaticAuthenticator()
    async with running(paused, keys) as (client, container):
        a = add_key(container, firm, "resume-firm-key-0123456789")
        await ingest(client, a, kafka_bootstrap, names, events, 17)
        batch_id = (await client.post("/v1/statement-batches", json=PERIOD, headers=a)).json()["id"]
        for _ in range(5):
            assert await container.worker.run_once()
        real_render = batches_module.render

        def crash(*args, **kwargs):  # noqa: ANN002, ANN003
            raise Crash

        monkeypatch.setattr(batches_module, "render", crash)
        with pytest.raises(Crash):
            await container.worker.run_once()
        monkeypatch.setattr(batches_module, "render", real_render)
        body = (await client.get(f"/v1/statement-batches/{batch_id}", headers=a)).json()
        assert (body["done"], body["pending"]) == (5, 7)  # the crashed item is still pending

    # "Restart": a new process with the worker on picks the batch up where it stopped.
    async with running(settings_for(url, kafka_bootstrap, names), keys) as (client, _):

        async def finished():
            b = (await client.get(f"/v1/statement-batches/{batch_id}", headers=a)).json()
            return b if b["state"] != "running" else None

        batch = await wait_for(finished, 60)
        assert (batch["done"], batch["failed"], batch["emailed"]) == (12, 0, emailed)
        reminders = await read_topic(kafka_bootstrap, names["topic_reminders"], emailed)
        ids = [r.data.reminder_id for r in reminders]
        assert len(ids) == emailed and len(set(ids)) == emailed, "each statement sent once"
