"""Runs a write use case in one unit of work, replaying the first response for a reused key.

The key is claimed in the same transaction as the effect and its outbox rows, so "the effect
happened" and "the response is stored" are one fact: a replay returns the stored status and body
and produces no second effect or event. A concurrent duplicate waits on the key's primary key
and then replays. A failed request stores nothing, so retrying it runs it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from remit_invoice.adapters.db.errors import violated_constraint
from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.service_layer.errors import (
    CONSTRAINT_ERRORS,
    IdempotencyKeyReused,
    RequestInProgress,
)

UowFactory = Callable[[], SqlUnitOfWork]
Action = Callable[[SqlUnitOfWork], Awaitable[BaseModel | None]]


def fingerprint(method: str, path: str, body: bytes) -> bytes:
    """A request's identity: method, path and its JSON body regardless of key order/spacing."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = body.decode("latin-1")
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).digest()


@dataclass(frozen=True, slots=True)
class WriteRequest:
    """Who writes (``scope``: a firm id or ``"admin"``), with which key, at what time."""

    scope: str
    key: str | None
    fingerprint: bytes
    now: datetime


@dataclass(frozen=True, slots=True)
class Outcome:
    """The response to send: status, JSON body, and whether it is a replay."""

    status: int
    body: Any
    replayed: bool = False


async def execute(
    uows: UowFactory,
    request: WriteRequest,
    action: Action,
    status: int,
    secret_fields: tuple[str, ...] = (),
) -> Outcome:
    """Run ``action`` once per idempotency key and commit; see the module docstring.

    ``secret_fields`` are left out of the stored response (a new API key is shown once: a
    replay answers without it rather than keeping the secret in plain text).
    """
    try:
        async with uows() as uow:
            if request.key is not None:
                replay = await _claim(uow, request)
                if replay is not None:
                    return replay
            result = await action(uow)
            body = result.model_dump(mode="json") if result is not None else None
            if request.key is not None:
                stored = (
                    {k: v for k, v in body.items() if k not in secret_fields}
                    if (secret_fields and isinstance(body, dict))
                    else body
                )
                await uow.idempotency.complete(request.scope, request.key, status, stored)
            await uow.commit()
            return Outcome(status, body)
    except IntegrityError as exc:
        conflict = CONSTRAINT_ERRORS.get(violated_constraint(exc) or "")
        if conflict is None:
            raise
        error_class, detail = conflict
        raise error_class(detail) from None


async def _claim(uow: SqlUnitOfWork, request: WriteRequest) -> Outcome | None:
    assert request.key is not None
    if await uow.idempotency.claim(request.scope, request.key, request.fingerprint, request.now):
        return None
    stored = await uow.idempotency.stored(request.scope, request.key)
    if stored is None or stored.status_code is None:
        raise RequestInProgress("retry shortly")
    if stored.request_hash != request.fingerprint:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with a different request; use a new key"
        )
    return Outcome(stored.status_code, stored.body, replayed=True)
