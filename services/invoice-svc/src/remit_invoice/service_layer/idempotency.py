"""Runs a write use case in one unit of work, replaying the first response for a reused key.

The key and the response are stored by one INSERT at the end of the same transaction as the
effect and its outbox rows, so "the effect happened" and "the response is stored" are one fact.
The use case runs first, optimistically: a new key (the common case) costs one statement. When
the key turns out to be taken (the INSERT finds it, or the use case fails, e.g. on the invoice
number the first request already used), the transaction rolls back (no second effect, no second
event) and the stored response is replayed, or 422 if it was for a different request. A
concurrent duplicate blocks on the key's primary key until the first commits, then replays. A
failed request stores nothing, so retrying it runs it again.
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
            result = await action(uow)
            body = result.model_dump(mode="json") if result is not None else None
            if request.key is None or await uow.idempotency.record(
                request.scope,
                request.key,
                request.fingerprint,
                request.now,
                status,
                _without(body, secret_fields),
            ):
                await uow.commit()
                return Outcome(status, body)
    except Exception as exc:
        # A replay usually fails in the use case (the first request's effect is there): answer
        # with the stored response if there is one, else with the error itself.
        replay = await _replay(uows, request) if request.key is not None else None
        if replay is not None:
            return replay
        if isinstance(exc, IntegrityError):
            conflict = CONSTRAINT_ERRORS.get(violated_constraint(exc) or "")
            if conflict is not None:
                error_class, detail = conflict
                raise error_class(detail) from None
        raise
    # The key was taken by a request that committed meanwhile; this one rolled back.
    replay = await _replay(uows, request)
    if replay is None:
        raise RequestInProgress("retry shortly")
    return replay


def _without(body: Any, secret_fields: tuple[str, ...]) -> Any:
    if secret_fields and isinstance(body, dict):
        return {k: v for k, v in body.items() if k not in secret_fields}
    return body


async def _replay(uows: UowFactory, request: WriteRequest) -> Outcome | None:
    """The stored response for the request's key (None if the key is free); 422 if it was
    first used for a different request."""
    assert request.key is not None
    async with uows() as uow:
        stored = await uow.idempotency.stored(request.scope, request.key)
    if stored is None:
        return None
    if stored.request_hash != request.fingerprint:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with a different request; use a new key"
        )
    return Outcome(stored.status_code or 200, stored.body, replayed=True)
