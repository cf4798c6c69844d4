"""What the system says happened, read only from public APIs, the dev sinks and Kafka."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from ..actors import Firm
from ..harness import SINK_URLS, Stack

INVOICE_EVENTS = "billing.invoice-events.v1"


async def _pages(system: Stack, url: str, firm: Firm, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
        response = await system.http.get(url, params=query, headers=firm.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


async def invoices(system: Stack, firm: Firm) -> dict[str, dict[str, Any]]:
    rows = await _pages(system, system.url("invoice", "/v1/invoices"), firm)
    return {r["id"]: r for r in rows}


async def payments(system: Stack, firm: Firm) -> list[dict[str, Any]]:
    return await _pages(system, system.url("invoice", "/v1/payments"), firm)


async def _gather(coros: Iterable[Any], limit: int = 8) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(coro: Any) -> Any:
        async with gate:
            return await coro

    return await asyncio.gather(*(one(c) for c in coros))


async def timelines(system: Stack, firm: Firm, ids: Iterable[str]) -> dict[str, dict | None]:
    """The scheduler's timeline per invoice (None when the scheduler does not know it)."""

    async def one(invoice_id: str) -> tuple[str, dict | None]:
        response = await system.http.get(
            system.url("scheduler", f"/v1/invoices/{invoice_id}/timeline"), headers=firm.headers
        )
        if response.status_code == 404:
            return invoice_id, None
        assert response.status_code == 200, response.text
        return invoice_id, response.json()

    return dict(await _gather(one(i) for i in ids))


async def notifications(system: Stack, firm: Firm, ids: Iterable[str]) -> list[dict[str, Any]]:
    """The notifier's deliveries touching these invoices, each delivery once."""

    async def one(invoice_id: str) -> list[dict[str, Any]]:
        response = await system.http.get(
            system.url("notifier", "/v1/notifications"),
            params={"invoice_id": invoice_id, "limit": 500},
            headers=firm.headers,
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]

    by_id: dict[str, dict[str, Any]] = {}
    for rows in await _gather(one(i) for i in ids):
        for row in rows:
            by_id[row["id"]] = row
    return list(by_id.values())


async def mail(system: Stack, addresses: Iterable[str]) -> list[dict[str, Any]]:
    found = []
    for address in addresses:
        response = await system.http.get(
            f"{SINK_URLS['mail']}/api/messages", params={"to": address}
        )
        response.raise_for_status()
        found += response.json()
    return found


async def sms(system: Stack, phones: set[str]) -> list[dict[str, Any]]:
    response = await system.http.get(f"{SINK_URLS['sms']}/api/messages")
    response.raise_for_status()
    return [m for m in response.json() if m.get("to") in phones]


async def statement_aging(system: Stack, firm: Firm) -> dict[str, int]:
    """Open balance per invoice as statement-svc's ledger sees it."""
    response = await system.http.get(
        system.url("statement", "/v1/reports/aging"), params={"by": "invoice"},
        headers=firm.headers,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    rows = response.json().get("invoices") or []
    return {r["invoice_id"]: r["balance"]["amount_minor"] for r in rows}


async def statement_reconciliation(system: Stack, firm: Firm) -> dict[str, Any]:
    response = await system.http.get(
        system.url("statement", "/v1/reports/reconciliation"), headers=firm.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class TopicEvents:
    """One firm's events on a topic, read with a bare consumer from the beginning."""

    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def unique_ids(self) -> set[str]:
        return {e["id"] for e in self.records}

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.records if e.get("type") == event_type]


async def topic_events(bootstrap: str, firm_id: str, topic: str = INVOICE_EVENTS) -> TopicEvents:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    found = TopicEvents()
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            await consumer._client.force_metadata_update()  # noqa: SLF001
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        while remaining:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for tp, records in batch.items():
                for record in records:
                    try:
                        event = json.loads(record.value)
                    except (ValueError, TypeError):
                        continue
                    if isinstance(event, dict) and event.get("firmid") == firm_id:
                        found.records.append(event)
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
            for tp in list(remaining):
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return found
