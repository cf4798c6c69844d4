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

from remit_statement.adapters.rendering.labels import labels_for
from remit_statement.domain.firm import DEFAULT_NOTE, FirmProfile
from remit_statement.domain.model import EntryKind

__all__ = ["Formatter", "city_line", "locale_for"]

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


def city_line(city: str, region: str | None, postal_code: str | None) -> str:
    """ "Springfield, IL 62701": the comma only when a region or postal code follows."""
    rest = " ".join(p for p in (region or "", postal_code or "") if p)
    return f"{city}, {rest}" if city and rest else city or rest


_KIND_KEYS = {
    EntryKind.INVOICE: "kind.invoice",
    EntryKind.PAYMENT: "kind.payment",
    EntryKind.REVERSAL: "kind.reversal",
    EntryKind.CREDIT: "kind.credit",
}


class Formatter:
    """Formats money, dates and labels for one language (the client's)."""

    def __init__(self, tag: str | None) -> None:
        self.locale = locale_for(tag)
        self.t = labels_for(tag)

    def money(self, amount: Money) -> str:
        return format_currency(amount.as_decimal(), amount.currency, locale=self.locale)

    def money_or_blank(self, amount: Money | None) -> str:
        return "" if amount is None or amount.is_zero() else self.money(amount)

    def date(self, value: date | None) -> str:
        return "" if value is None else format_date(value, format="medium", locale=self.locale)

    def kind(self, kind: EntryKind, reference: str = "") -> str:
        """The activity line's description (a credit names its reason, e.g. write-off)."""
        if kind is EntryKind.CREDIT and reference == "void":
            return self.t["kind.void"]
        if kind is EntryKind.CREDIT and reference:
            return self.t["kind.credit_ref"].format(reference=reference)
        return self.t[_KIND_KEYS[kind]]

    def note(self, firm: FirmProfile) -> str:
        """The firm's note; Remit's default note in the client's language."""
        return self.t["note"] if firm.note == DEFAULT_NOTE else firm.note
