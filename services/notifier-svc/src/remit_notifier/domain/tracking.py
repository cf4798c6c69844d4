"""Signed, unguessable tracking tokens for the open pixel, click redirect and unsubscribe link.

A token is ``<nonce>.<tag>``: 16 random bytes stored on the delivery row (so the URL carries
no id in clear and cannot be enumerated) and a truncated HMAC-SHA256 over the purpose and the
nonce (so forged or mistyped tokens are refused before any database lookup).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Literal

Purpose = Literal["o", "c", "u"]  # open, click, unsubscribe
_TAG_BYTES = 16


def new_nonce() -> bytes:
    """A fresh random nonce for a delivery's tracking tokens."""
    return secrets.token_bytes(16)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tag(secret: bytes, purpose: Purpose, nonce: bytes) -> bytes:
    return hmac.new(secret, purpose.encode() + b"|" + nonce, hashlib.sha256).digest()[:_TAG_BYTES]


def make_token(secret: bytes, purpose: Purpose, nonce: bytes) -> str:
    """The URL-safe token for ``purpose`` of the delivery whose nonce is ``nonce``."""
    return f"{_b64(nonce)}.{_b64(_tag(secret, purpose, nonce))}"


def verify_token(secret: bytes, purpose: Purpose, token: str) -> bytes | None:
    """The nonce when ``token`` is genuine for ``purpose``, else None (constant-time check)."""
    nonce_text, dot, tag_text = token.partition(".")
    if not dot or len(token) > 100:
        return None
    try:
        nonce, tag = _unb64(nonce_text), _unb64(tag_text)
    except (ValueError, TypeError):
        return None
    if len(nonce) != 16 or not hmac.compare_digest(tag, _tag(secret, purpose, nonce)):
        return None
    return nonce
