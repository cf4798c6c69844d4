"""Talking to a running Kafka cluster with aiokafka's admin client: ping, topics.

Topics are created here, by the project's code, never by broker auto-create.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from remit_common.topics import ALL_TOPICS, dlq_topic

TOPIC_ALREADY_EXISTS = 36
DEFAULT_PARTITIONS = 6


def with_dlqs(topics: Mapping[str, int], dlq_partitions: int = 1) -> dict[str, int]:
    """`topics` plus a dead-letter topic (`<topic>.dlq`) for each, with `dlq_partitions`."""
    result = dict(topics)
    for name in topics:
        result.setdefault(dlq_topic(name), dlq_partitions)
    return result


#: The project's topics (names from remit_common.topics): 6 partitions each, 1 per DLQ.
DEFAULT_TOPICS: dict[str, int] = with_dlqs(dict.fromkeys(ALL_TOPICS, DEFAULT_PARTITIONS))


def _admin(bootstrap: str, timeout_ms: int) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="remit-local", request_timeout_ms=timeout_ms
    )


async def cluster_brokers(bootstrap: str, timeout_ms: int = 5_000) -> int:
    """How many brokers a metadata request reports; raises when the cluster does not answer."""
    admin = _admin(bootstrap, timeout_ms)
    await admin.start()
    try:
        return len((await admin.describe_cluster())["brokers"])
    finally:
        await admin.close()


async def partition_counts(bootstrap: str, topics: Iterable[str] | None = None) -> dict[str, int]:
    """Partition count per existing topic (all topics when `topics` is None)."""
    admin = _admin(bootstrap, 10_000)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics) if topics is not None else None)
    finally:
        await admin.close()
    # Unknown topics come back with error code 3 and no partitions.
    return {t["topic"]: len(t["partitions"]) for t in described if t["error_code"] == 0}


async def ensure_topics(
    bootstrap: str, topics: Mapping[str, int], *, replication_factor: int = 1
) -> list[str]:
    """Create each missing topic with its partition count; existing topics are left alone.

    Returns the names created. A topic that exists with a different partition count only
    produces a warning: adding partitions would reshuffle keys, so that is a deliberate, manual
    step. (aiokafka 0.14 cannot ask for the cluster's default replication factor, -1, so a real
    multi-broker cluster needs an explicit `replication_factor`.)
    """
    admin = _admin(bootstrap, 30_000)
    await admin.start()
    try:
        existing = {
            t["topic"]: len(t["partitions"])
            for t in await admin.describe_topics()
            if t["error_code"] == 0
        }
        missing = [
            NewTopic(name, partitions, replication_factor)
            for name, partitions in topics.items()
            if name not in existing
        ]
        if missing:
            response = await admin.create_topics(missing)
            failures = [
                (err[0], err[1], err[2] if len(err) > 2 else "")
                for err in response.topic_errors
                if err[1] not in (0, TOPIC_ALREADY_EXISTS)
            ]
            if failures:
                details = "; ".join(
                    f"{name}: error {code} {msg or ''}" for name, code, msg in failures
                )
                raise RuntimeError(f"Kafka refused to create topics: {details}")
    finally:
        await admin.close()
    for name, partitions in topics.items():
        if name in existing and existing[name] != partitions:
            print(
                f"warning: topic {name} has {existing[name]} partitions, expected {partitions}; "
                "left as is"
            )
    return [t.name for t in missing]


async def delete_topics(bootstrap: str, topics: Iterable[str]) -> None:
    """Delete topics (used by test fixtures to clean up after themselves)."""
    admin = _admin(bootstrap, 30_000)
    await admin.start()
    try:
        await admin.delete_topics(list(topics))
    finally:
        await admin.close()
