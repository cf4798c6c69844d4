"""FastAPI dependencies that hand a route the composition root's pieces (``Annotated`` aliases).

Routes receive a :class:`Reader` or :class:`Writer` bound to the caller's firm (from its API key)
and the request's instant; they pass one use case to it and return what it gives back. The
writer runs the use case in one unit of work with Idempotency-Key replay.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from remit_common.errors import Unauthorized
from remit_common.web import AdminDep
from remit_common.web.lifespan import get_container

from remit_invoice.adapters.db.unit_of_work import SqlUnitOfWork
from remit_invoice.bootstrap import Container
from remit_invoice.service_layer import firms
from remit_invoice.service_layer.idempotency import WriteRequest, execute, fingerprint

T = TypeVar("T")
REPLAYED_HEADER = "Idempotent-Replayed"


ContainerDep = Annotated[Container, Depends(get_container)]
"""The running app's composition root (set by ``remit_common.web.lifespan``)."""

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="A firm API key: `Authorization: Bearer rk_live_...` (admin routes: the "
    "bootstrap admin token).",
)


async def current_firm(
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UUID:
    """The firm whose API key made the request; 401 otherwise (recent answers are cached)."""
    if credentials is None:
        raise Unauthorized("A valid API key is required (Authorization: Bearer rk_live_...).")
    token = credentials.credentials
    firm_id = container.api_keys.get(token)
    if firm_id is None:
        async with container.uow() as uow:
            firm_id = await firms.authenticate(uow, token)
        container.api_keys.put(token, firm_id)
    return firm_id


FirmId = Annotated[UUID, Depends(current_firm)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Makes the write safe to retry: a repeat with the same key and body gets the "
        "first response again (header `Idempotent-Replayed: true`); a different body is a 422.",
        examples=["5d1c3e9a-7a7e-4a53-9e3b-0b0f3f1d2c4e"],
    ),
]


@dataclass(frozen=True, slots=True)
class Reader:
    """Runs a read use case for the caller's firm in a fresh unit of work."""

    container: Container
    firm_id: UUID

    async def run(self, action: Callable[[SqlUnitOfWork], Awaitable[T]]) -> T:
        """The use case's result."""
        async with self.container.uow() as uow:
            return await action(uow)


@dataclass(frozen=True, slots=True)
class Writer:
    """Runs a write use case once per Idempotency-Key and answers with its (first) response."""

    container: Container
    firm_id: UUID
    now: datetime
    request: WriteRequest

    async def run(
        self,
        action: Callable[[SqlUnitOfWork], Awaitable[BaseModel | None]],
        status: int = 200,
        secret_fields: tuple[str, ...] = (),
    ) -> JSONResponse:
        """Execute and build the response (a replay carries ``Idempotent-Replayed: true``)."""
        outcome = await execute(self.container.uow, self.request, action, status, secret_fields)
        headers = {REPLAYED_HEADER: "true"} if outcome.replayed else None
        return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


async def _writer(request: Request, container: Container, scope: str, key: str | None) -> Any:
    now = container.clock.now()
    body = await request.body()
    req = WriteRequest(scope, key, fingerprint(request.method, request.url.path, body), now)
    return req, now


async def firm_reader(container: ContainerDep, firm_id: FirmId) -> Reader:
    """Reader bound to the caller's firm."""
    return Reader(container, firm_id)


async def firm_writer(
    request: Request, container: ContainerDep, firm_id: FirmId, key: IdempotencyKey = None
) -> Writer:
    """Writer bound to the caller's firm; idempotency keys are scoped per firm."""
    req, now = await _writer(request, container, str(firm_id), key)
    return Writer(container, firm_id, now, req)


async def admin_writer(
    request: Request, container: ContainerDep, _: AdminDep, key: IdempotencyKey = None
) -> Writer:
    """Writer for admin routes (no firm; keys scoped to ``admin``)."""
    req, now = await _writer(request, container, "admin", key)
    return Writer(container, UUID(int=0), now, req)


async def admin_reader(container: ContainerDep, _: AdminDep) -> Reader:
    """Reader for admin routes."""
    return Reader(container, UUID(int=0))


FirmReader = Annotated[Reader, Depends(firm_reader)]
FirmWriter = Annotated[Writer, Depends(firm_writer)]
AdminReader = Annotated[Reader, Depends(admin_reader)]
AdminWriter = Annotated[Writer, Depends(admin_writer)]
