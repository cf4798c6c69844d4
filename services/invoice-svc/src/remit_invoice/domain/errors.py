"""Errors the domain raises when a rule is broken.

They extend Remit's shared taxonomy (pure classes, no I/O), so the HTTP edge maps them to
problem+json without a translation table, and the Kafka ingress turns them into dead letters.
"""

from __future__ import annotations

from remit_common.errors import Conflict, InvalidRequest


class DomainError(Exception):
    """Marker for every rule violation of the invoice domain."""


class CurrencyMismatch(DomainError, InvalidRequest):
    """An amount is not in the invoice's currency (amounts are never converted)."""

    type = "currency-mismatch"
    title = "Currency does not match the invoice"


class InvalidAmount(DomainError, InvalidRequest):
    """An amount is zero, negative or otherwise not acceptable here."""

    type = "invalid-amount"
    title = "Invalid amount"


class InvalidTransition(DomainError, Conflict):
    """The invoice's (or payment's) current state does not allow this action."""

    type = "invalid-transition"
    title = "Not allowed in the current state"
