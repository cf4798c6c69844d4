"""invoice-svc's error taxonomy next to its use cases (mapped to problem+json at the edge).

Not-found errors are also what another firm's ids produce: a caller can never tell whether a
record exists in someone else's firm.
"""

from __future__ import annotations

from remit_common.errors import Conflict, InvalidRequest, NotFound


class FirmNotFound(NotFound):
    type = "firm-not-found"
    title = "Firm not found"


class ApiKeyNotFound(NotFound):
    type = "api-key-not-found"
    title = "API key not found"


class ClientNotFound(NotFound):
    type = "client-not-found"
    title = "Client not found"


class MatterNotFound(NotFound):
    type = "matter-not-found"
    title = "Matter not found"


class InvoiceNotFound(NotFound):
    type = "invoice-not-found"
    title = "Invoice not found"


class PaymentNotFound(NotFound):
    type = "payment-not-found"
    title = "Payment not found"


class ClientErased(Conflict):
    """The client's identity was erased on request; its contact details cannot come back."""

    type = "client-erased"
    title = "Client erased"


class DuplicateExternalId(Conflict):
    """A record with this ``external_id`` already exists in the firm."""

    type = "duplicate-external-id"
    title = "external_id already in use"


class DuplicateNumber(Conflict):
    type = "duplicate-invoice-number"
    title = "Invoice number already in use"


class IdempotencyKeyReused(InvalidRequest):
    """The Idempotency-Key was first used with a different request."""

    type = "idempotency-key-reused"
    title = "Idempotency-Key reused with a different request"


class RequestInProgress(Conflict):
    """The first request with this Idempotency-Key has not finished (should be rare)."""

    type = "idempotency-request-in-progress"
    title = "A request with this Idempotency-Key is in progress"


#: Unique constraints (metadata naming convention) -> the conflict they mean.
CONSTRAINT_ERRORS: dict[str, tuple[type[Conflict], str]] = {
    "uq_clients_firm_id_external_id": (
        DuplicateExternalId,
        "a client with this external_id exists",
    ),
    "uq_matters_firm_id_external_id": (
        DuplicateExternalId,
        "a matter with this external_id exists",
    ),
    "uq_invoices_firm_id_external_id": (
        DuplicateExternalId,
        "an invoice with this external_id exists",
    ),
    "uq_invoices_firm_id_number": (DuplicateNumber, "an invoice with this number exists"),
    "uq_payments_firm_id_external_id": (
        DuplicateExternalId,
        "a payment with this external_id exists",
    ),
}
