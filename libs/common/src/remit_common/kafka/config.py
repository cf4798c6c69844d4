"""Client settings that differ from aiokafka's defaults on purpose.

aiokafka defaults to at-most-once-ish behaviour (no idempotence, acks=1, auto-commit, start at
"latest"). Remit needs the opposite on every one of those, and batches for throughput.
"""

from typing import Any


def producer_options(bootstrap_servers: str, client_id: str) -> dict[str, Any]:
    """Idempotent producer (implies acks=all) that batches for a few milliseconds."""
    return {
        "bootstrap_servers": bootstrap_servers,
        "client_id": client_id,
        "enable_idempotence": True,
        "acks": "all",
        "linger_ms": 5,
        "max_batch_size": 256 * 1024,
        "request_timeout_ms": 30_000,
    }


def consumer_options(bootstrap_servers: str, client_id: str, group_id: str) -> dict[str, Any]:
    """Manual commits after the effect commits; a new group starts at the earliest record."""
    return {
        "bootstrap_servers": bootstrap_servers,
        "client_id": client_id,
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "max_poll_interval_ms": 300_000,
        "session_timeout_ms": 10_000,
        "heartbeat_interval_ms": 3_000,
    }
