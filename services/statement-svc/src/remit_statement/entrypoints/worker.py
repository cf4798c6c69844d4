"""The background batch worker: drives pending batch items and finished batches to completion.

State lives in the database only, so a restarted process (or another replica) simply
continues where the last one stopped; see ``service_layer.batches`` for why nothing is sent
twice.
"""

from __future__ import annotations

import logging

from remit_common.background import PollingWorker
from remit_common.clock import Clock

from remit_statement.service_layer.batches import BatchLinks, finish_next_batch, process_next_item
from remit_statement.service_layer.unit_of_work import UowFactory

__all__ = ["BatchWorker"]
log = logging.getLogger(__name__)


class BatchWorker(PollingWorker):
    """Renders pending batch items one at a time, then finishes their batches."""

    def __init__(
        self, uow_factory: UowFactory, clock: Clock, links: BatchLinks, poll_interval_s: float = 0.5
    ) -> None:
        super().__init__(name="statement-batches", interval_s=poll_interval_s, max_backoff_s=5.0)
        self._uow_factory = uow_factory
        self._clock = clock
        self._links = links

    async def run_once(self) -> bool:
        """One step: an item if any is pending, else a batch to finish; False if idle."""
        if await process_next_item(self._uow_factory, self._clock, self._links):
            return True
        return await finish_next_batch(self._uow_factory, self._clock, self._links)

    async def run_pass(self) -> bool:
        """Polling-loop hook: one step."""
        return await self.run_once()
