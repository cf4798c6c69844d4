"""API key format and verification: ``rk_live_<public id>_<secret>``, stored only as a hash.

The public id finds the key row without a scan; the 256-bit secret is checked against its
SHA-256 (a slow password hash buys nothing for a random secret of this size) with a constant-
time comparison. Both parts use ``[0-9a-f]`` so the log redactor's ``rk_live_...`` rule masks
the whole key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "rk_live_"
_KEY = re.compile(r"^rk_live_([0-9a-f]{16})_([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class NewKey:
    """A freshly minted key: ``plaintext`` is shown once, only ``secret_hash`` is stored."""

    public_id: str
    plaintext: str
    secret_hash: bytes


def mint() -> NewKey:
    """A new random key."""
    public_id, secret = secrets.token_hex(8), secrets.token_hex(32)
    return NewKey(public_id, f"{PREFIX}{public_id}_{secret}", hash_secret(secret))


def hash_secret(secret: str) -> bytes:
    """The stored form of a key's secret part."""
    return hashlib.sha256(secret.encode()).digest()


def parse(token: str) -> tuple[str, str] | None:
    """``(public_id, secret)`` of a well-formed key, else None."""
    match = _KEY.match(token)
    return (match.group(1), match.group(2)) if match else None


def verify(secret: str, stored_hash: bytes) -> bool:
    """Constant-time check of ``secret`` against the stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
