"""QR codes of payment links (segno, pure Python): PNG bytes for e-mail and letters."""

from __future__ import annotations

import base64
import io

import segno

QR_CONTENT_ID = "qr-payment@remit"


def qr_png(link: str, scale: int = 4) -> bytes:
    """A PNG of ``link`` with medium error correction (survives a smudged print)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_data_uri(link: str) -> str:
    """The same PNG as a ``data:`` URI (for channels that cannot carry inline parts)."""
    return "data:image/png;base64," + base64.b64encode(qr_png(link)).decode("ascii")
