"""Scrubs personal data and secrets out of log output.

Applied by the JSON log formatter to the message, the exception text and every ``extra`` field
(recursively), so no call site has to remember. Two mechanisms:

* **By key**: a field whose *name* says what it holds (``email``, ``phone``, ``amount``,
  ``balance``, ``total``, ``authorization``, ``api_key``, ``password``...) is replaced whole,
  whatever its value or type. This is the reliable path: log structured fields.
* **By pattern** in free text: emails, phone numbers (E.164, ``+44 20 7946 0958``,
  ``(555) 123-4567``, ``555-123-4567``, bare runs of 10-15 digits), bearer tokens,
  ``Authorization:`` values, API keys (``rk_live_...`` / ``rk_test_...``, also ``sk_``/``pk_``),
  JWTs, ``token=...``-style query parameters, passwords in URLs, and money
  (``$1,234.56``, ``1234.56 USD``, ``USD 1,234.56``, ``amount=12345``).

Over-redaction is accepted (a date-less 12-digit id will read as ``[redacted-phone]``); a leak is
not. Dates, times, IPv4 addresses and UUIDs are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

EMAIL = "[redacted-email]"
PHONE = "[redacted-phone]"
TOKEN = "[redacted-token]"  # noqa: S105 - a placeholder, not a secret
KEY = "[redacted-key]"
SECRET = "[redacted-secret]"  # noqa: S105
AMOUNT = "[redacted-amount]"

_MAX_DEPTH = 8

# Field names (normalised to lower case) that are redacted whole, and what they become.
_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"e[-_]?mail"), EMAIL),
    (re.compile(r"phone|mobile|msisdn|sms_to|fax"), PHONE),
    (re.compile(r"authorization|bearer|access_token|refresh_token|^token$|_token$"), TOKEN),
    (re.compile(r"api[-_]?key|secret|password|passwd|credential|cookie"), SECRET),
    (re.compile(r"amount|balance|total"), AMOUNT),
)

# Currencies we spell out in text; a generic [A-Z]{3} would eat "200 OK"-style log lines.
_CURRENCIES = (
    "USD|EUR|GBP|CAD|AUD|NZD|CHF|JPY|CNY|HKD|SGD|INR|SEK|NOK|DKK|PLN|CZK|MXN|BRL|ZAR|ILS|AED"
)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"

# Order matters: secrets first (they may contain digits or '@'), then emails, money, phones.
_TEXT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host -> keep user and host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/?#\s@]+:)[^@\s/]+@", re.I), rf"\g<1>{SECRET}@"),
    (
        re.compile(
            r"(\bauthorization\b[\"']?\s*[:=]\s*[\"']?)"
            r"(?:(?:bearer|basic|token)\s+)?[^\s\"',;]+",
            re.I,
        ),
        rf"\g<1>{TOKEN}",
    ),
    (re.compile(r"\bbearer\s+[A-Za-z0-9._~+/=-]+", re.I), f"Bearer {TOKEN}"),
    (re.compile(r"\b(?:rk|sk|pk)_(?:live|test)_[A-Za-z0-9_]{6,}"), KEY),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), TOKEN),
    (
        re.compile(
            r"(\b(?:[a-z_]*token|api[-_]?key|apikey|secret|password|passwd|signature)"
            r"[\"']?\s*[=:]\s*[\"']?)[^\s&\"',;]+",
            re.I,
        ),
        rf"\g<1>{SECRET}",
    ),
    (
        re.compile(
            r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
            r"[A-Za-z][A-Za-z0-9-]*"
        ),
        EMAIL,
    ),
    (
        re.compile(
            r"(\b[a-z_]*(?:amount|balance|total)[a-z_]*[\"']?\s*[=:]\s*[\"']?)-?[$€£¥]?" + _NUMBER,
            re.I,
        ),
        rf"\g<1>{AMOUNT}",
    ),
    (re.compile(r"-?[$€£¥]\s?-?" + _NUMBER), AMOUNT),
    (re.compile(rf"-?{_NUMBER}\s?(?:{_CURRENCIES})\b"), AMOUNT),
    (re.compile(rf"\b(?:{_CURRENCIES})\s?-?{_NUMBER}"), AMOUNT),
)

# A phone candidate: optional + or 00, then digit groups joined by single separators.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+.:/-])(?:\+|(?=\()|\b)\(?\d{1,5}\)?(?:[ .-]?\(?\d{1,5}\)?){0,7}(?![\w:/]|[.-]\d)"
)
_NOT_PHONE = (
    re.compile(r"\d{4}-\d{2}-\d{2}"),  # ISO date
    re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"),  # other dates
    re.compile(r"\d{1,3}(?:\.\d{1,3}){3}"),  # IPv4
)


def _phone_or_not(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if not 7 <= digits <= 15:
        return text
    if any(p.fullmatch(text) for p in _NOT_PHONE):
        return text
    separated = text.startswith("+") or any(ch in text for ch in " .-()")
    # A bare digit run is usually a count or an id; only long ones are treated as phones.
    if not separated and digits < 10:
        return text
    return PHONE


def redact_text(text: str) -> str:
    """Replace emails, phone numbers, secrets and amounts in free text."""
    for pattern, repl in _TEXT_RULES:
        text = pattern.sub(repl, text)
    return _PHONE_CANDIDATE.sub(_phone_or_not, text)


def redaction_for_key(key: str) -> str | None:
    """The placeholder a field named ``key`` is replaced with, or None to keep it."""
    name = key.lower()
    for pattern, placeholder in _KEY_RULES:
        if pattern.search(name):
            return placeholder
    return None


def redact_value(value: Any, _depth: int = 0) -> Any:
    """Redact a JSON-able value: strings by pattern, mappings by key and recursively.

    Anything that is not a str/int/float/bool/None/mapping/sequence is turned into its ``str()``
    first and then redacted, so an object with personal data in its repr cannot slip through.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return redact_text(value)
    if _depth >= _MAX_DEPTH:
        return "[truncated]"
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            key = str(k)
            placeholder = redaction_for_key(key)
            out[key] = placeholder if placeholder is not None else redact_value(v, _depth + 1)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v, _depth + 1) for v in value]
    if hasattr(value, "model_dump"):  # pydantic models: redact their fields by name too
        try:
            return redact_value(value.model_dump(mode="json"), _depth + 1)
        except Exception:  # noqa: BLE001 - a broken model must not break logging
            return redact_text(repr(value))
    return redact_text(str(value))


def redact_field(key: str, value: Any) -> Any:
    """Redact one top-level ``extra`` field: by its name first, then by its content."""
    placeholder = redaction_for_key(key)
    return placeholder if placeholder is not None else redact_value(value)
