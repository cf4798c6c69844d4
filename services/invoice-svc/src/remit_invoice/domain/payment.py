"""A payment recorded against one invoice; reversing it is a one-way, one-time transition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from remit_invoice.domain.errors import InvalidTransition


@dataclass(slots=True)
class Payment:
    """Money received for an invoice (``credit_minor`` is the part that became client credit)."""

    id: UUID
    firm_id: UUID
    invoice_id: UUID
    amount_minor: int
    currency: str
    received_at: datetime
    method: str
    external_id: str | None = None
    credit_minor: int = 0
    balance_after_minor: int = 0
    reversed_at: datetime | None = None
    reversal_reason: str | None = None
    created_at: datetime | None = None

    @property
    def is_reversed(self) -> bool:
        """True once refunded, charged back or returned."""
        return self.reversed_at is not None

    def reverse(self, at: datetime, reason: str) -> None:
        """Mark the payment reversed; a second reversal is refused."""
        if self.reversed_at is not None:
            raise InvalidTransition("the payment was already reversed")
        self.reversed_at, self.reversal_reason = at, reason
