"""The internal document routes notifier-svc calls: internal token only, firm-scoped by path,
and the batch reminders' attachment URL points at them."""

import io
from datetime import date
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from conftest import INTERNAL, add_key, migrated_database, running, settings_for, topics
from ledger_events import InvoiceStory, client_snapshot
from pypdf import PdfReader
from test_batches import PERIOD, firm_ledger, ingest, read_topic

pytestmark = pytest.mark.integration
BASE = "http://statement-svc.test:8004"


async def test_internal_routes_need_the_internal_token_and_stay_in_the_firm(
    fresh_database, fresh_topic, kafka_bootstrap
):
    url = await migrated_database(fresh_database)
    names = await topics(fresh_topic)
    firm, other_firm = uuid4(), uuid4()
    events, expected = firm_ledger(firm, 6)
    stranger = InvoiceStory(
        other_firm,
        client_snapshot("Other firm's client"),
        "O-1",
        5_000,
        date(2025, 1, 3),
        date(2025, 2, 2),
    ).issue()
    events += stranger.events
    settings = settings_for(
        url, kafka_bootstrap, names, run_batch_worker=False, public_base_url=BASE
    )
    async with running(settings) as (client, container):
        key = add_key(container, firm, "internal-test-firm-key-0123456789")
        internal = {"Authorization": f"Bearer {INTERNAL}"}
        await ingest(client, key, kafka_bootstrap, names, events, 11)
        batch_id = (await client.post("/v1/statement-batches", json=PERIOD, headers=key)).json()[
            "id"
        ]
        while await container.worker.run_once():
            pass

        some_client = next(iter(expected))
        statement = f"/v1/_internal/firms/{firm}/clients/{some_client}/statement"
        q = {"format": "pdf", "from": "2025-01-01", "to": "2025-06-30"}
        for headers in ({}, key, {"Authorization": "Bearer wrong-internal-token-0123456789"}):
            resp = await client.get(statement, params=q, headers=headers)
            assert resp.status_code == 401, (headers, resp.text)
        resp = await client.get(statement, params=q, headers=internal)
        assert resp.status_code == 200 and resp.headers["content-type"] == "application/pdf"
        public = await client.get(f"/v1/clients/{some_client}/statement", params=q, headers=key)
        # Same rendering as the public route: same pages, same text.
        assert resp.headers["x-page-count"] == public.headers["x-page-count"]
        assert _text(resp.content) == _text(public.content)
        # Cross-firm: the other firm's client under this firm's path, and vice versa.
        for path in (
            f"/v1/_internal/firms/{firm}/clients/{stranger.client.id}/statement",
            f"/v1/_internal/firms/{other_firm}/clients/{some_client}/statement",
        ):
            assert (await client.get(path, headers=internal)).status_code == 404

        reminders = await read_topic(
            kafka_bootstrap, names["topic_reminders"], sum(e for e, _ in expected.values())
        )
        assert reminders
        for r in reminders:
            (att,) = r.data.attachments
            cid = r.data.client.id
            assert att.url == (
                f"{BASE}/v1/_internal/firms/{firm}/statement-batches/{batch_id}/clients/{cid}.pdf"
            )
            path = urlsplit(att.url).path
            assert (await client.get(path)).status_code == 401
            assert (await client.get(path, headers=key)).status_code == 401
            pdf = await client.get(path, headers=internal)
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
            assert "Page 1 of" in _text(pdf.content)
            cross = path.replace(str(firm), str(other_firm))
            assert (await client.get(cross, headers=internal)).status_code == 404
        missing = f"/v1/_internal/firms/{firm}/statement-batches/{uuid4()}/clients/{cid}.pdf"
        assert (await client.get(missing, headers=internal)).status_code == 404


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
