"""Opaque cursors over the immutable ``seq`` column: stable order, no skipped or repeated rows."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from remit_common.errors import InvalidRequest
from sqlalchemy import Select, Table


class InvalidCursor(InvalidRequest):
    """The cursor was not produced by this service."""

    type = "invalid-cursor"
    title = "Invalid cursor"


def encode_cursor(seq: int) -> str:
    """The cursor that continues after the row with ``seq``."""
    return base64.urlsafe_b64encode(json.dumps({"s": seq}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The ``seq`` a cursor continues after; ``InvalidCursor`` for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        seq = json.loads(base64.urlsafe_b64decode(padded.encode()))["s"]
    except (ValueError, KeyError, TypeError):
        raise InvalidCursor(
            "cursor is not one this API returned", pointer="/query/cursor"
        ) from None
    if not isinstance(seq, int) or seq < 0:
        raise InvalidCursor("cursor is not one this API returned", pointer="/query/cursor")
    return seq


def paged(query: Select, table: Table, cursor: str | None, limit: int) -> Select:
    """``query`` restricted to the page after ``cursor``, one extra row to detect a next page."""
    if cursor:
        query = query.where(table.c.seq > decode_cursor(cursor))
    return query.order_by(table.c.seq).limit(limit + 1)


def split_page(rows: Sequence[Any], limit: int) -> tuple[Sequence[Any], str | None]:
    """The page's rows and the next cursor (None on the last page)."""
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, encode_cursor(page[-1].seq)
