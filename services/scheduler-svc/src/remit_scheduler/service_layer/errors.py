"""scheduler-svc's error taxonomy: what its use cases raise, mapped once to problem+json."""

from remit_common.errors import Conflict, InvalidRequest, NotFound


class InvoiceNotFound(NotFound):
    """No invoice with this id for the calling firm (another firm's id looks the same)."""

    type = "invoice-not-found"
    title = "Invoice not found"


class ClientNotFound(NotFound):
    """No client with this id for the calling firm."""

    type = "client-not-found"
    title = "Client not found"


class PolicyNotFound(NotFound):
    """No policy is stored at this level and scope."""

    type = "policy-not-found"
    title = "Policy not found"


class NothingToSend(Conflict):
    """``send-now`` found no planned reminder for the invoice."""

    type = "nothing-to-send"
    title = "Nothing to send"


class IdempotencyKeyReused(Conflict):
    """The Idempotency-Key was used before for a different request."""

    type = "idempotency-key-reused"
    title = "Idempotency key reused"


class InvalidHold(InvalidRequest):
    """A pause / snooze / promise request that does not make sense."""

    type = "invalid-hold"
    title = "Invalid hold"
