"""SMS segment counting: GSM-7 (160 / 153 per part) versus UCS-2 (70 / 67 per part)."""

from __future__ import annotations

import math

# GSM 03.38 default alphabet (the escape character itself excluded) and its extension table,
# whose characters cost two septets each.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm7(body: str) -> bool:
    """True when every character of ``body`` fits the GSM-7 alphabet."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in body)


def encoding(body: str) -> str:
    """``"GSM-7"`` or ``"UCS-2"``: how a carrier would encode ``body``."""
    return "GSM-7" if is_gsm7(body) else "UCS-2"


def count_segments(body: str) -> int:
    """How many SMS parts ``body`` needs (at least one)."""
    if is_gsm7(body):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2  # astral characters take two code units
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)
