"""Exact money: integer minor units plus an active ISO 4217 currency code.

Amounts never pass through floats. ``Money`` serialises to exactly
``{"amount_minor": 1234, "currency": "USD"}`` and refuses any arithmetic or comparison that
would mix currencies (``CurrencyMismatchError``), because a silently converted amount on a
client's reminder is worse than a crash.

The currency table comes from the ``iso4217`` package (the ISO 4217 list published by the
maintenance agency, shipped as data), so exponents such as JPY 0, USD 2, KWD 3 are not
hand-copied here.  Fund codes (e.g. USN, CLF) and codes without minor units (XAU, XXX, XTS)
are excluded: nobody is invoiced in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, Self

import iso4217
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "CURRENCY_EXPONENTS",
    "CurrencyCode",
    "CurrencyMismatchError",
    "Money",
    "is_active_currency",
    "minor_unit_exponent",
]

# Postgres BIGINT bounds: every amount we accept can be stored without overflow.
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def _load_exponents() -> Mapping[str, int]:
    table: dict[str, int] = {}
    for entry in iso4217.raw_xml.findall("CcyTbl/CcyNtry"):
        code, units, name = entry.find("Ccy"), entry.find("CcyMnrUnts"), entry.find("CcyNm")
        if code is None or units is None or name is None or code.text is None:
            continue  # territories without a currency (e.g. Antarctica)
        if name.get("IsFund") == "true" or not (units.text or "").strip().isdigit():
            continue
        table[code.text.strip()] = int(units.text.strip())
    return MappingProxyType(dict(sorted(table.items())))


#: Active ISO 4217 codes mapped to their minor-unit exponent (digits after the decimal point).
CURRENCY_EXPONENTS: Mapping[str, int] = _load_exponents()


class CurrencyMismatchError(ValueError):
    """Raised when an operation would combine amounts in two different currencies."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine {left} and {right} amounts")
        self.left = left
        self.right = right


def is_active_currency(code: str) -> bool:
    """True when ``code`` is an active, non-fund ISO 4217 code (upper case)."""
    return code in CURRENCY_EXPONENTS


def minor_unit_exponent(code: str) -> int:
    """Number of minor-unit digits of ``code`` (JPY 0, USD 2, KWD 3); ValueError if unknown."""
    try:
        return CURRENCY_EXPONENTS[code]
    except KeyError:
        raise ValueError(f"{code!r} is not an active ISO 4217 currency code") from None


def _check_currency(value: Any) -> Any:
    # A before-validator so a lower-case or numeric code gets this message, not a regex dump.
    if not isinstance(value, str):
        raise PydanticCustomError("currency_type", "currency must be a string such as 'USD'")
    if len(value) != 3 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise PydanticCustomError(
            "currency_format",
            "currency must be three upper-case letters (ISO 4217, e.g. 'USD')",
        )
    if value not in CURRENCY_EXPONENTS:
        raise PydanticCustomError(
            "currency_unknown", "currency {code} is not an active ISO 4217 code", {"code": value}
        )
    return value


def _check_minor_units(value: Any) -> Any:
    # Checked before pydantic's own int validation so the message says what went wrong
    # (a float or a numeric string is a contract breach, not something to coerce).
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "amount_not_integer",
            "amount_minor must be an integer number of minor units (e.g. cents), got {kind}",
            {"kind": type(value).__name__},
        )
    return value


#: An active ISO 4217 code, for model fields that carry a bare currency.
CurrencyCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{3}$",
        description="Active ISO 4217 currency code (three upper-case letters).",
        examples=["USD"],
    ),
    BeforeValidator(_check_currency),
]

MinorUnits = Annotated[
    int,
    Field(
        strict=True,
        ge=_INT64_MIN,
        le=_INT64_MAX,
        description="Amount in the currency's minor unit (cents for USD, yen for JPY). "
        "Always an integer, never a float.",
        examples=[125000],
    ),
    BeforeValidator(_check_minor_units),
]


class Money(BaseModel):
    """An exact amount: integer minor units of an ISO 4217 currency; never a float.

    In Python: supports + and - (also unary), ordering, and sum(items, Money.zero(currency));
    combining two currencies raises CurrencyMismatchError.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"examples": [{"amount_minor": 125000, "currency": "USD"}]},
    )

    amount_minor: MinorUnits
    currency: CurrencyCode

    @classmethod
    def zero(cls, currency: str) -> Self:
        """The zero amount in ``currency`` (the start value for ``sum``)."""
        return cls(amount_minor=0, currency=currency)

    @classmethod
    def from_decimal(cls, amount: Decimal | str, currency: str) -> Self:
        """Build from a major-unit decimal ("12.50" USD -> 1250); refuses excess precision."""
        if isinstance(amount, float):
            raise TypeError("floats are never money: pass a Decimal or a string")
        exponent = minor_unit_exponent(currency)
        scaled = Decimal(amount).scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{amount} has more than {exponent} decimal places for {currency}")
        return cls(amount_minor=int(scaled), currency=currency)

    @property
    def exponent(self) -> int:
        """Minor-unit digits of this amount's currency."""
        return CURRENCY_EXPONENTS[self.currency]

    def as_decimal(self) -> Decimal:
        """The amount in major units as an exact Decimal (for formatting, never for floats)."""
        return Decimal(self.amount_minor).scaleb(-self.exponent)

    def is_zero(self) -> bool:
        return self.amount_minor == 0

    def is_positive(self) -> bool:
        return self.amount_minor > 0

    def is_negative(self) -> bool:
        return self.amount_minor < 0

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency)
        return other

    def _with(self, amount_minor: int) -> Self:
        return type(self)(amount_minor=amount_minor, currency=self.currency)

    def __add__(self, other: Money) -> Self:
        return self._with(self.amount_minor + self._same(other).amount_minor)

    def __sub__(self, other: Money) -> Self:
        return self._with(self.amount_minor - self._same(other).amount_minor)

    def __neg__(self) -> Self:
        return self._with(-self.amount_minor)

    def __abs__(self) -> Self:
        return self._with(abs(self.amount_minor))

    def __lt__(self, other: Money) -> bool:
        return self.amount_minor < self._same(other).amount_minor

    def __le__(self, other: Money) -> bool:
        return self.amount_minor <= self._same(other).amount_minor

    def __gt__(self, other: Money) -> bool:
        return self.amount_minor > self._same(other).amount_minor

    def __ge__(self, other: Money) -> bool:
        return self.amount_minor >= self._same(other).amount_minor

    def __str__(self) -> str:
        # Deliberately locale-free (e.g. "1250.00 USD"); the notifier formats for humans.
        return f"{self.as_decimal():f} {self.currency}"
