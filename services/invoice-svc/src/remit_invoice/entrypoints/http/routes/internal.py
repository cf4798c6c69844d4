"""Routes only other Remit services call, with the internal service token.

invoice-svc is the one keeper of firm API keys; the other services ask it who a key belongs to
(``remit_common.firm_auth.IntrospectingAuthenticator``) and cache the answer briefly.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from remit_common.errors import NotFound
from remit_common.firm_auth import INTROSPECT_PATH
from remit_common.web import InternalDep

from remit_invoice.entrypoints.http.deps import ContainerDep
from remit_invoice.entrypoints.http.responses import READ
from remit_invoice.service_layer import firms

router = APIRouter(tags=["internal (service-to-service)"])


class KeyIntrospection(BaseModel):
    """The key to check."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"api_key": "rk_live_0123abcd_..."}]}
    )
    api_key: str = Field(min_length=1, max_length=512, examples=["rk_live_0123abcd_..."])


class KeyOwner(BaseModel):
    """Whose key it is."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"firm_id": "7b0f2f7e-8f5c-4c61-9b43-2a4f1d0e9c11", "key_id": "0123456789abcdef"}
            ]
        }
    )

    firm_id: UUID = Field(examples=["7b0f2f7e-8f5c-4c61-9b43-2a4f1d0e9c11"])
    key_id: str = Field(examples=["0123456789abcdef"])


class UnknownApiKey(NotFound):
    type = "unknown-api-key"
    title = "Unknown or revoked API key"


@router.post(INTROSPECT_PATH, responses=READ)
async def introspect_api_key(
    body: KeyIntrospection, container: ContainerDep, _: InternalDep
) -> KeyOwner:
    """Say which firm an API key belongs to (404 when it is unknown or revoked)."""
    async with container.uow() as uow:
        found = await firms.introspect(uow, body.api_key)
    if found is None:
        raise UnknownApiKey("The API key is not valid.")
    return KeyOwner(firm_id=found[0], key_id=found[1])
