"""Background workers stop together, stragglers are cancelled, a crash shows in readiness, and a
restarting worker comes back after its resources fail to start."""

import asyncio
from contextlib import asynccontextmanager

import pytest
from remit_common.background import BackgroundWorkers, PollingWorker, Restarting, WorkerDied


class Polite:
    def __init__(self) -> None:
        self._stop = asyncio.Event()
        self.stopped = False

    async def run(self) -> None:
        await self._stop.wait()
        self.stopped = True

    def stop(self) -> None:
        self._stop.set()


class Stubborn:
    """Ignores stop(), like a worker stuck connecting to an unreachable broker."""

    cancelled = False

    async def run(self) -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            Stubborn.cancelled = True
            raise

    def stop(self) -> None:
        pass


class Crashing:
    async def run(self) -> None:
        raise RuntimeError("lost the database for good")

    def stop(self) -> None:
        pass


async def test_polite_workers_stop_and_stubborn_ones_are_cancelled_in_bounded_time():
    workers = BackgroundWorkers(stop_timeout_s=0.2)
    polite = Polite()
    workers.start("consumer", polite)
    workers.start("relay", Stubborn())
    assert await workers.check() == {"consumer": "running", "relay": "running"}
    started = asyncio.get_running_loop().time()
    await workers.stop_all()
    assert asyncio.get_running_loop().time() - started < 2
    assert polite.stopped and Stubborn.cancelled


async def test_a_crashed_worker_makes_readiness_fail():
    workers = BackgroundWorkers()
    workers.start("dispatcher", Crashing())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    with pytest.raises(WorkerDied, match="dispatcher"):
        await workers.check()
    await workers.stop_all()


async def test_a_restarting_worker_is_rebuilt_after_a_crash_and_reported_down_meanwhile():
    broker_up = asyncio.Event()
    attempts = 0
    live: list[Polite] = []

    @asynccontextmanager
    async def build():
        nonlocal attempts
        attempts += 1
        if not broker_up.is_set():
            raise ConnectionError("broker down")  # e.g. the producer cannot start
        live.append(Polite())
        yield live[-1]

    workers = BackgroundWorkers(stop_timeout_s=1)
    workers.start("relay", Restarting(build, pause_s=0.05))
    await asyncio.sleep(0.01)
    assert attempts == 1
    with pytest.raises(WorkerDied, match="relay"):
        await workers.check()
    broker_up.set()
    for _ in range(100):
        if live:
            break
        await asyncio.sleep(0.01)
    assert attempts >= 2 and len(live) == 1
    assert await workers.check() == {"relay": "running"}
    started = asyncio.get_running_loop().time()
    await workers.stop_all()
    assert asyncio.get_running_loop().time() - started < 0.5, "stop() reached the live worker"
    assert live[0].stopped


class CountingPasses(PollingWorker):
    """Two full passes, one failure, then idle."""

    def __init__(self) -> None:
        super().__init__(name="test", interval_s=3600, max_backoff_s=0.01)
        self.passes = 0

    async def run_pass(self) -> bool:
        self.passes += 1
        if self.passes == 3:
            raise ConnectionRefusedError("database restarting")
        return self.passes < 3


async def test_a_polling_worker_repeats_full_passes_survives_a_failure_and_stops_promptly():
    worker = CountingPasses()
    task = asyncio.create_task(worker.run())
    for _ in range(100):
        if worker.passes >= 4:
            break
        await asyncio.sleep(0.01)
    assert worker.passes == 4, "full passes ran back to back, the failed one was retried"
    worker.wake()
    for _ in range(100):
        if worker.passes >= 5:
            break
        await asyncio.sleep(0.01)
    assert worker.passes == 5, "wake() starts a pass before the (hour-long) interval"
    worker.stop()
    await asyncio.wait_for(task, timeout=1)
