"""The plain record shape Remit hands to Kafka, independent of the client library."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, slots=True)
class OutgoingRecord:
    """One record to publish; the key decides the partition (Remit keys by invoice id)."""

    topic: str
    value: bytes
    key: bytes | None = None
    headers: Headers = field(default_factory=tuple)


def headers_from_mapping(headers: Mapping[str, str | bytes]) -> Headers:
    """Kafka headers from a dict, encoding text values as UTF-8."""
    return tuple(
        (name, value.encode() if isinstance(value, str) else value)
        for name, value in sorted(headers.items())
    )


def headers_to_dict(headers: Iterable[tuple[str, bytes]] | None) -> dict[str, str]:
    """Kafka headers as a dict of text (undecodable bytes are shown as hex); last value wins."""
    result: dict[str, str] = {}
    for name, value in headers or ():
        if value is None:
            result[name] = ""
            continue
        try:
            result[name] = value.decode()
        except UnicodeDecodeError:
            result[name] = value.hex()
    return result
