"""SMS rules: quiet hours in the recipient's local time and segment counting (GSM-7 / UCS-2)."""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_START = time(21, 0)  # no texts from 21:00 ...
QUIET_END = time(8, 0)  # ... until 08:00 recipient local time
MAX_SEGMENTS = 4

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def next_allowed_send(now: datetime, timezone: str) -> datetime | None:
    """None when a text may go out now; else the UTC instant quiet hours end (08:00 local).

    Computed on the local wall clock and converted back, so DST changes land on 08:00 local.
    """
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    if QUIET_END <= local.time() < QUIET_START:
        return None
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_END, tzinfo=zone).astimezone(now.tzinfo)


def is_gsm7(body: str) -> bool:
    """True when every character fits the GSM-7 alphabet (160 per single SMS)."""
    return all(c in _GSM7_BASIC or c in _GSM7_EXTENSION for c in body)


def count_segments(body: str) -> int:
    """Parts a carrier splits ``body`` into: 160/153 GSM-7 septets or 70/67 UCS-2 units."""
    if is_gsm7(body):
        units = sum(2 if c in _GSM7_EXTENSION else 1 for c in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)


_GSM_FRIENDLY = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\u2019": "'", "\u2013": "-", "\u201c": '"', "\u201d": '"'}
)


def normalise_sms(body: str) -> str:
    """Replace typographic characters babel and editors insert (narrow no-break spaces, curly
    quotes) with GSM-7 ones, so one such character does not halve the segment size."""
    return " ".join(body.translate(_GSM_FRIENDLY).split())
