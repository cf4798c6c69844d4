"""Domain errors of statement-svc, placed in Remit's taxonomy (mapped to problem+json once)."""

from __future__ import annotations

from remit_common.errors import Conflict, InvalidRequest, NotFound

__all__ = [
    "BatchNotFound",
    "BatchNotReady",
    "ClientNotFound",
    "InvalidPeriod",
    "MatterNotFound",
]


class InvalidPeriod(InvalidRequest):
    type = "invalid-period"
    title = "Invalid period"


class ClientNotFound(NotFound):
    type = "client-not-found"
    title = "Client not found"


class MatterNotFound(NotFound):
    type = "matter-not-found"
    title = "Matter not found"


class BatchNotFound(NotFound):
    type = "statement-batch-not-found"
    title = "Statement batch not found"


class BatchNotReady(Conflict):
    type = "statement-batch-not-ready"
    title = "Statement batch not ready"
