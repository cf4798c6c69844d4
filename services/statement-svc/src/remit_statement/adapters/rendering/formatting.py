"""Locale-aware formatting of amounts and dates with babel (the client's language decides).

Amounts go through ``Decimal`` (never float) so a formatted figure is the exact ledger figure.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency
from remit_common.money import Money

from remit_statement.domain.model import EntryKind

__all__ = ["Formatter", "locale_for"]

_FALLBACK = "en_US"


@lru_cache(maxsize=256)
def locale_for(tag: str | None) -> Locale:
    """A babel Locale for a BCP 47 tag (``en-US``, ``pl``); en_US when unknown."""
    if not tag:
        return Locale.parse(_FALLBACK)
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(tag.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse(_FALLBACK)


_KIND_LABELS = {
    EntryKind.INVOICE: "Invoice",
    EntryKind.PAYMENT: "Payment",
    EntryKind.REVERSAL: "Payment reversed",
    EntryKind.CREDIT: "Credit",
}


class Formatter:
    """Formats money and dates for one locale."""

    def __init__(self, tag: str | None) -> None:
        self.locale = locale_for(tag)

    def money(self, amount: Money) -> str:
        return format_currency(amount.as_decimal(), amount.currency, locale=self.locale)

    def money_or_blank(self, amount: Money | None) -> str:
        return "" if amount is None or amount.is_zero() else self.money(amount)

    def date(self, value: date | None) -> str:
        return "" if value is None else format_date(value, format="medium", locale=self.locale)

    @staticmethod
    def kind(kind: EntryKind, reference: str = "") -> str:
        """English labels for now; the notifier owns translated copy (see docs)."""
        if kind is EntryKind.CREDIT and reference == "void":
            return "Invoice voided"
        if kind is EntryKind.CREDIT and reference:
            return f"Credit ({reference})"
        return _KIND_LABELS[kind]
