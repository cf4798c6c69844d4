"""The background batch worker: drives pending batch items and finished batches to completion.

State lives in the database only, so a restarted process (or another replica) simply
continues where the last one stopped; see ``service_layer.batches`` for why nothing is sent
twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from remit_common.clock import Clock

from remit_statement.service_layer.batches import BatchLinks, finish_next_batch, process_next_item
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["BatchWorker"]
log = logging.getLogger(__name__)


class BatchWorker:
    def __init__(
        self, uow_factory: UowFactory, clock: Clock, links: BatchLinks, poll_interval_s: float = 0.5
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._links = links
        self._poll = poll_interval_s
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run_once(self) -> bool:
        """One step: an item if any is pending, else a batch to finish; False if idle."""
        if await process_next_item(self._uow_factory, self._clock, self._links):
            return True
        return await finish_next_batch(self._uow_factory, self._clock, self._links)

    async def run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                busy = await self.run_once()
                failures = 0
            except Exception as exc:  # noqa: BLE001 - keep the worker alive; the item stays pending
                failures += 1
                log.warning(
                    "batch worker step failed",
                    extra={"error_class": type(exc).__name__, "failures": failures},
                )
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._stopping.wait(), timeout=min(5.0, self._poll * 2 ** min(failures, 3))
                    )
