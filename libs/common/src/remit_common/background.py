"""Long-running workers of a service (consumers, outbox relay, dispatchers) and their lifecycle.

Each worker has ``run()`` (returns when asked to stop) and ``stop()`` (asks it to). The service's
composition root starts them with :meth:`BackgroundWorkers.start` and stops them on shutdown,
which first asks nicely, waits a bounded time, then cancels: a worker stuck on an unreachable
broker must never hold up shutdown. ``/readyz`` includes :meth:`BackgroundWorkers.check`, so a
worker that crashed makes the instance unready instead of silently doing nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

log = logging.getLogger(__name__)


class Worker(Protocol):
    """What a background worker offers."""

    async def run(self) -> None: ...

    def stop(self) -> None: ...


class WorkerDied(RuntimeError):
    """A background worker ended while the service was still meant to be running."""


class BackgroundWorkers:
    """Named workers running as tasks, stopped together."""

    def __init__(self, stop_timeout_s: float = 10.0) -> None:
        self._stop_timeout_s = stop_timeout_s
        self._running: list[tuple[str, Worker, asyncio.Task[None]]] = []
        self._stopping = False

    def start(self, name: str, worker: Worker) -> None:
        """Run ``worker`` as a task named ``name``; a crash is logged at once."""
        task = asyncio.create_task(worker.run(), name=name)
        task.add_done_callback(self._report_unexpected_end)
        self._running.append((name, worker, task))

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self._running]

    async def check(self) -> dict[str, str]:
        """Readiness check: raises when a worker has ended while it should be running."""
        dead = [name for name, _, task in self._running if task.done()]
        if dead:
            raise WorkerDied(f"background worker(s) stopped: {', '.join(dead)}")
        return {name: "running" for name in self.names}

    async def stop_all(self) -> None:
        """Ask every worker to stop, wait up to the timeout, then cancel the stragglers."""
        self._stopping = True
        for _name, worker, _task in self._running:
            worker.stop()
        tasks = [task for _, _, task in self._running]
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=self._stop_timeout_s)
        for task in pending:
            log.warning(
                "background worker did not stop in time; cancelling",
                extra={"worker": task.get_name()},
            )
            task.cancel()
        for task in pending:
            with contextlib.suppress(BaseException):
                await task
        self._running.clear()

    def _report_unexpected_end(self, task: asyncio.Task[None]) -> None:
        if self._stopping or task.cancelled():
            return
        exc = task.exception()
        log.error(
            "background worker ended unexpectedly",
            extra={"worker": task.get_name(), "error_class": type(exc).__name__ if exc else None},
            exc_info=exc,
        )
