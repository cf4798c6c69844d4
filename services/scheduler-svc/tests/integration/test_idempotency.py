"""Idempotency-Key: concurrent twins run the write once; a failed first lets the next run."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from pydantic import BaseModel
from remit_scheduler.service_layer.commands import idempotent
from remit_scheduler.service_layer.errors import IdempotencyKeyReused

pytestmark = pytest.mark.integration


class Answer(BaseModel):
    n: int


async def test_concurrent_requests_with_one_key_run_the_write_once(stack):
    firm, key = uuid.uuid4(), f"k-{uuid.uuid4()}"
    calls = 0
    started, release = asyncio.Event(), asyncio.Event()

    async def action(uow) -> Answer:
        nonlocal calls
        calls += 1
        started.set()
        await release.wait()  # hold the first transaction open while its twin arrives
        return Answer(n=calls)

    first = asyncio.create_task(idempotent(stack.container.uows, firm, key, "POST /x", action))
    await started.wait()
    twin = asyncio.create_task(idempotent(stack.container.uows, firm, key, "POST /x", action))
    await asyncio.sleep(0.3)
    assert not twin.done()  # waiting on the key, not running the write
    release.set()
    assert await asyncio.gather(first, twin) == [{"n": 1}, {"n": 1}]
    assert calls == 1
    with pytest.raises(IdempotencyKeyReused):
        await idempotent(stack.container.uows, firm, key, "POST /y", action)


async def test_a_failed_first_request_leaves_the_key_to_its_retry(stack):
    firm, key = uuid.uuid4(), f"k-{uuid.uuid4()}"

    async def boom(uow) -> Answer:
        raise RuntimeError("the write failed")

    async def ok(uow) -> Answer:
        return Answer(n=7)

    with pytest.raises(RuntimeError):
        await idempotent(stack.container.uows, firm, key, "POST /x", boom)
    assert await idempotent(stack.container.uows, firm, key, "POST /x", ok) == {"n": 7}
    rows = await stack.sql("SELECT status_code FROM idempotency_keys WHERE key = :k", k=key)
    assert [r[0] for r in rows] == [200]
