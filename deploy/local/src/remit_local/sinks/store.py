"""A bounded, in-memory record store shared by every sink.

Each sink owns one :class:`RecordStore`. It keeps the newest ``capacity`` records
(oldest evicted first), lists them oldest-first ("newest last"), and keeps an optional
binary blob beside each record (the raw RFC 822 source, the PDF) so listings stay small.
All access happens on the one event loop that runs the sinks, so no locking is needed.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DEFAULT_CAPACITY = 10_000


def utc_now_iso() -> str:
    """The current UTC time as ISO 8601 with a ``+00:00`` offset."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id(prefix: str = "", nbytes: int = 16) -> str:
    """A random hex identifier, e.g. ``new_id("SM")`` -> ``SM`` + 32 hex digits."""
    return prefix + secrets.token_hex(nbytes)


@dataclass
class Record:
    """One received item: its JSON-ready ``data`` and an optional raw ``blob``."""

    id: str
    data: dict[str, Any]
    blob: bytes | None = field(default=None, repr=False)


class RecordStore:
    """Keeps the last ``capacity`` records, addressable by id."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._records: OrderedDict[str, Record] = OrderedDict()

    def add(self, record: Record) -> Record:
        """Store ``record``, evicting the oldest one when full."""
        self._records[record.id] = record
        while len(self._records) > self.capacity:
            self._records.popitem(last=False)
        return record

    def get(self, record_id: str) -> Record | None:
        """The record with this id, or None if unknown or evicted."""
        return self._records.get(record_id)

    def list(self, where: Callable[[Record], bool] | None = None) -> list[Record]:
        """All records oldest first, optionally filtered."""
        return [r for r in self._records.values() if where is None or where(r)]

    def clear(self) -> int:
        """Forget everything; returns how many records were dropped."""
        count = len(self._records)
        self._records.clear()
        return count

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self._records.values()))
