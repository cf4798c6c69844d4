"""Firms (tenants) and their API keys: admin-only contract."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from remit_invoice.schemas.common import example

_FIRM_ID = "0b7f3c4e-1d2a-4f5b-8c6d-7e8f9a0b1c2d"
_KEY_ID = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"


class FirmCreate(BaseModel):
    """A new law firm (tenant)."""

    model_config = example({"name": "Smith & Partners LLP"})

    name: str = Field(min_length=1, max_length=300)


class FirmRead(BaseModel):
    """A firm."""

    model_config = example(
        {"id": _FIRM_ID, "name": "Smith & Partners LLP", "created_at": "2025-03-01T09:00:00Z"}
    )

    id: UUID
    name: str
    created_at: datetime


class ApiKeyCreate(BaseModel):
    """A new API key for a firm; name it after the system that will use it."""

    model_config = example({"name": "Clio sync"})

    name: str = Field(min_length=1, max_length=200)


class ApiKeyRead(BaseModel):
    """An API key without its secret."""

    model_config = example(
        {
            "id": _KEY_ID,
            "firm_id": _FIRM_ID,
            "name": "Clio sync",
            "prefix": "rk_live_3f9a1c2b4d5e6f70",
            "created_at": "2025-03-01T09:00:00Z",
            "revoked_at": None,
        }
    )

    id: UUID
    firm_id: UUID
    name: str
    prefix: str = Field(description="The public part, to recognise the key in a list.")
    created_at: datetime
    revoked_at: datetime | None = None


class ApiKeyCreated(ApiKeyRead):
    """A freshly created API key: ``key`` is shown this once and never again."""

    model_config = example(
        {
            "id": _KEY_ID,
            "firm_id": _FIRM_ID,
            "name": "Clio sync",
            "prefix": "rk_live_3f9a1c2b4d5e6f70",
            "created_at": "2025-03-01T09:00:00Z",
            "revoked_at": None,
            "key": "rk_live_3f9a1c2b4d5e6f70_" + "0" * 64,
        }
    )

    key: str = Field(description="Send as `Authorization: Bearer <key>`. Store it safely.")
