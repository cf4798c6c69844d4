"""Shared pieces of the REST contract: problem documents, pages, ids, limits."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from remit_common.events.snapshots import PostalAddress

ExternalId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="The practice-management system's id; unique per firm.",
        examples=["PMS-10042"],
    ),
]
Reason = Annotated[str, Field(min_length=1, max_length=2000, examples=["Issued in error"])]
ShortText = Annotated[str, Field(min_length=1, max_length=100)]


def example(*examples: dict) -> ConfigDict:
    """Model config that forbids unknown fields and documents ``examples``."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


class Address(PostalAddress):
    """A postal address for letters and statements."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="PostalAddress",
        json_schema_extra={
            "examples": [
                {
                    "lines": ["100 Main Street", "Suite 400"],
                    "city": "Springfield",
                    "region": "IL",
                    "postal_code": "62701",
                    "country": "US",
                }
            ]
        },
    )


class FieldError(BaseModel):
    """One invalid field of a request: where (JSON pointer), what and a machine code."""

    model_config = example(
        {"pointer": "/body/currency", "detail": "Field required", "code": "missing"}
    )

    pointer: str
    detail: str
    code: str


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:remit:problem:invoice-not-found",
                    "title": "Invoice not found",
                    "status": 404,
                    "detail": "No invoice 3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b in this firm.",
                    "instance": "/v1/invoices/3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b",
                    "request_id": "5f0c6b0e9d9a4f4c8e2b7a1d3c5e7f90",
                }
            ]
        },
    )

    type: str = Field(description="Machine-readable problem type (a URN).")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = Field(
        None, description="Validation problems only: one entry per invalid field."
    )


NEXT_CURSOR = Field(
    None,
    description="Opaque cursor of the next page; absent on the last page.",
    examples=["eyJzIjogNDJ9"],
)
