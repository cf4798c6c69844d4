"""Statement events on ``billing.statements.v1``.

Statements are keyed by client id; batches by batch id.  Documents are referenced by URL
(statement-svc serves them), never embedded: records stay small.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from remit_common.events.common import EventPayload, Snapshot, UtcDatetime
from remit_common.money import Money
from remit_common.topics import STATEMENTS

__all__ = ["BatchFailure", "StatementBatchCompleted", "StatementRendered"]


class StatementRendered(EventPayload):
    """A statement of account was rendered and can be fetched from ``url``."""

    event_type = "remit.statement.rendered.v1"
    topic = STATEMENTS
    key_description = "client id"

    statement_id: UUID
    client_id: UUID
    matter_id: UUID | None = Field(None, description="Absent: all the client's matters.")
    batch_id: UUID | None = Field(None, description="Set when rendered as part of a batch.")
    period_start: date
    period_end: date
    format: Literal["pdf", "html", "csv"]
    url: str = Field(max_length=2000, examples=["http://statement-svc:8004/v1/statements/1b9d.pdf"])
    closing_balance: Money
    page_count: int | None = Field(None, ge=1, description="PDF only.")
    rendered_at: UtcDatetime

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self

    def partition_key(self) -> str:
        return str(self.client_id)


class BatchFailure(Snapshot):
    client_id: UUID
    reason: str = Field(max_length=500, examples=["client has no email address"])


class StatementBatchCompleted(EventPayload):
    """A bulk statement batch finished; tell the requester."""

    event_type = "remit.statement_batch.completed.v1"
    topic = STATEMENTS
    key_description = "batch id"

    batch_id: UUID
    requested_by: str = Field(
        min_length=1,
        max_length=200,
        description="Requesting user (API key or user id).",
        examples=["user:7c1e"],
    )
    outcome: Literal["completed", "completed_with_failures", "failed"]
    total: int = Field(ge=0, description="Clients selected for the batch.")
    sent: int = Field(ge=0, description="Statements emailed through the notifier.")
    printed: int = Field(ge=0, description="Statements in the merged print PDF.")
    failed: int = Field(ge=0)
    pdf_url: str | None = Field(None, max_length=2000, description="The merged print PDF.")
    failures: tuple[BatchFailure, ...] = Field(
        default=(), max_length=1000, description="At most the first 1000 failures."
    )
    started_at: UtcDatetime
    completed_at: UtcDatetime

    @model_validator(mode="after")
    def _counts(self) -> Self:
        # Not sent + printed + failed == total: a client who prefers "both" is emailed and
        # printed, and a client can be skipped (e.g. no address) without failing.
        if max(self.sent, self.printed, self.failed) > self.total:
            raise ValueError("sent, printed and failed cannot exceed total")
        if self.completed_at < self.started_at:
            raise ValueError("completed_at is before started_at")
        return self

    def partition_key(self) -> str:
        return str(self.batch_id)
