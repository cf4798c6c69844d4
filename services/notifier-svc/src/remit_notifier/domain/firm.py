"""What the notifier knows about a firm: its name, billing contact, default language."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID


@dataclass(frozen=True, slots=True)
class FirmProfile:
    """A firm's sender identity; set by an operator (``PUT /v1/_admin/firms/{id}``)."""

    firm_id: UUID
    name: str
    billing_email: str
    billing_phone: str | None = None
    contact_name: str | None = None
    default_language: str = "en"
    payment_url: str | None = None  # firm-wide pay page, for messages about several invoices
    address: dict[str, object] = field(default_factory=dict)  # Lob-style "from" for letters

    def contact(self) -> dict[str, str | None]:
        """The billing contact as template variables."""
        return {
            "name": self.contact_name or f"{self.name}",
            "email": self.billing_email,
            "phone": self.billing_phone,
        }
