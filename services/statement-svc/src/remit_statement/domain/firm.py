"""The firm's statement settings: letterhead, paper size, billing contact, payment link, note."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["DEFAULT_NOTE", "FirmProfile"]

DEFAULT_NOTE = (
    "Thank you for your business. If you have already sent payment, please accept our thanks "
    "and disregard this statement. If you have any questions about your account, please "
    "contact our billing office; we are glad to help."
)


@dataclass(frozen=True, slots=True)
class FirmProfile:
    """How a firm's statements look; a firm that set nothing gets a plain, courteous default."""

    name: str = "Your law firm"
    address_lines: tuple[str, ...] = ()
    billing_email: str | None = None
    billing_phone: str | None = None
    paper: Literal["A4", "Letter"] = "Letter"
    payment_url: str | None = None
    note: str = DEFAULT_NOTE
    locale: str | None = field(default=None)
    """Fallback locale when a client has none (the client's language wins)."""
