"""Long-running workers of a service (consumers, outbox relay, dispatchers) and their lifecycle.

Each worker has ``run()`` (returns when asked to stop) and ``stop()`` (asks it to). The service's
composition root starts them with :meth:`BackgroundWorkers.start` and stops them on shutdown,
which first asks nicely, waits a bounded time, then cancels: a worker stuck on an unreachable
broker must never hold up shutdown. ``/readyz`` includes :meth:`BackgroundWorkers.check`, so a
worker that crashed makes the instance unready instead of silently doing nothing.

A worker that holds resources which may fail to start (a Kafka producer while the broker is
down) can run inside :class:`Restarting`: after a crash it is rebuilt and run again after a
pause, and readiness reports it down in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

log = logging.getLogger(__name__)


class Worker(Protocol):
    """What a background worker offers.

    A worker may also have a ``healthy`` attribute; :meth:`BackgroundWorkers.check` then
    reports it as down while that is False (see :class:`Restarting`).
    """

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
        """Readiness check: raises when a worker has ended (or is down) while it should run."""
        dead = [
            name
            for name, worker, task in self._running
            if task.done() or not getattr(worker, "healthy", True)
        ]
        if dead:
            raise WorkerDied(f"background worker(s) not running: {', '.join(dead)}")
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


class Restarting:
    """Runs the worker ``build`` makes; after a crash, closes it, pauses and builds it afresh.

    ``build`` returns an async context manager that yields the worker and owns what it holds
    (e.g. its Kafka producer), so a restart starts from new clients. Use it for workers that
    are safe to run again from the start (an outbox relay, a consumer: unpublished rows and
    uncommitted offsets are simply picked up again). ``healthy`` is False from a crash until the
    rebuilt worker is running.
    """

    def __init__(
        self, build: Callable[[], AbstractAsyncContextManager[Worker]], *, pause_s: float = 2.0
    ) -> None:
        self._build = build
        self._pause_s = pause_s
        self._stopping = asyncio.Event()
        self._current: Worker | None = None
        self.healthy = True

    async def run(self) -> None:
        """Build and run the worker until :meth:`stop`, rebuilding it after each crash."""
        while not self._stopping.is_set():
            try:
                async with self._build() as worker:
                    self._current = worker
                    if self._stopping.is_set():  # stop() came while it was being built
                        worker.stop()
                    self.healthy = True
                    await worker.run()
            except Exception as exc:  # noqa: BLE001 - restart, never die silently
                self.healthy = False
                current = asyncio.current_task()
                log.error(
                    "background worker crashed; restarting",
                    extra={
                        "worker": current.get_name() if current else None,
                        "error_class": type(exc).__name__,
                    },
                    exc_info=exc,
                )
            finally:
                self._current = None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._pause_s)

    def stop(self) -> None:
        """Ask the running worker to stop, and do not build it again."""
        self._stopping.set()
        if self._current is not None:
            self._current.stop()


class PollingWorker:
    """A worker that repeats one pass until stopped (outbox relay, dispatchers, batch worker).

    After a pass that says more work is waiting it goes again at once; otherwise it sleeps
    ``interval_s`` or until :meth:`wake`. A failed pass is logged and retried with exponential
    backoff (capped), so an outage never kills the worker and never spins it.
    """

    def __init__(self, *, name: str, interval_s: float, max_backoff_s: float = 10.0) -> None:
        self.worker_name = name
        self._interval_s = interval_s
        self._max_backoff_s = max_backoff_s
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()

    async def run_pass(self) -> bool:
        """Do one unit of work; True when more is waiting right away."""
        raise NotImplementedError

    def stop(self) -> None:
        """Finish the pass in hand and return from :meth:`run`."""
        self._stopping.set()
        self._wakeup.set()

    def wake(self) -> None:
        """Start the next pass now instead of after the interval (new work was queued)."""
        self._wakeup.set()

    async def run(self) -> None:
        """Repeat passes until stopped."""
        failures = 0
        while not self._stopping.is_set():
            try:
                more = await self.run_pass()
                failures = 0
            except Exception as exc:
                failures += 1
                log.warning(
                    "worker pass failed; backing off",
                    extra={
                        "worker": self.worker_name,
                        "error_class": type(exc).__name__,
                        "consecutive_failures": failures,
                    },
                    exc_info=exc if failures == 1 else None,
                )
                await self._pause(min(self._max_backoff_s, 0.2 * 2**failures))
                continue
            if not more:
                await self._pause(self._interval_s)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)
        self._wakeup.clear()
