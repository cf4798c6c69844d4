"""Cheap PDF checks for the print sink: magic bytes, a page count, delivery-date arithmetic."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import date, datetime, timedelta

# A page object; "/Type /Pages" (the page tree) is excluded by the lookahead.
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def is_pdf(data: bytes) -> bool:
    """True when ``data`` starts with the ``%PDF-`` header (leading whitespace tolerated)."""
    return data.lstrip()[:5] == b"%PDF-"


def count_pages(data: bytes) -> int | None:
    """Page objects found by a regex; None when hidden (e.g. in compressed object streams)."""
    return len(_PAGE.findall(data)) or None


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def decode_base64(text: str) -> bytes:
    """Bytes from plain base64 or a ``data:...;base64,`` URI; ``b""`` when not base64."""
    if text.startswith("data:"):
        text = text.partition(",")[2]
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return b""


def business_days_after(iso_timestamp: str, days: int) -> str:
    """The ISO date ``days`` working days (Mon-Fri) after the given timestamp."""
    current: date = datetime.fromisoformat(iso_timestamp).date()
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current.isoformat()
