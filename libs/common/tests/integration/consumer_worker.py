"""A consumer process for the crash test: applies events until it is killed.

Run as ``python consumer_worker.py <bootstrap> <database_url> <topic> <group>``.
"""

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from remit_common.db.engine import create_engine, create_session_factory  # noqa: E402
from remit_common.inbox import Inbox  # noqa: E402
from remit_common.kafka.consumer import ConsumerRunner  # noqa: E402
from remit_common.kafka.producer import KafkaPublisher  # noqa: E402
from support import ApplyOnce, plumbing_metadata  # noqa: E402

FAST_GROUP = {"session_timeout_ms": 6_000, "heartbeat_interval_ms": 1_000}


async def main(bootstrap: str, database_url: str, topic: str, group: str) -> None:
    _metadata, _outbox, inbox_t, effects = plumbing_metadata()
    sessions = create_session_factory(create_engine(database_url))
    handler = ApplyOnce(sessions, Inbox(inbox_t, "crash-test"), effects)
    async with KafkaPublisher(bootstrap, "worker-dlq") as dead_letters:
        runner = ConsumerRunner(
            bootstrap_servers=bootstrap,
            group_id=group,
            topics=[topic],
            handler=handler,
            dead_letters=dead_letters,
            max_records=50,
            consumer_overrides=FAST_GROUP,
        )
        await runner.run()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
