"""Locale-aware formatting of money, dates and day counts (babel), exact to the minor unit."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_timedelta
from babel.numbers import format_currency
from remit_common.money import Money


@lru_cache(maxsize=256)
def locale_for(language: str) -> Locale:
    """The babel locale of a BCP 47 tag; English when babel does not know it."""
    try:
        return Locale.parse(language.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(language.split("-")[0].split("_")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


def format_money(amount: Money, language: str) -> str:
    """``$1,250.00`` (en-US), ``1.250,00 US$`` (es), ``1 250,00 USD`` (pl); never via float."""
    return format_currency(amount.as_decimal(), amount.currency, locale=locale_for(language))


def format_day(day: date, language: str) -> str:
    """``March 31, 2025`` / ``31 de marzo de 2025`` / ``31 marca 2025``."""
    return format_date(day, format="long", locale=locale_for(language))


def format_days(days: int, language: str) -> str:
    """``7 days`` / ``7 días`` / ``7 dni`` (always counted in days, never rounded to weeks)."""
    return format_timedelta(
        timedelta(days=abs(days)), granularity="day", threshold=10_000, locale=locale_for(language)
    )
