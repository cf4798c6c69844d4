"""The clock: real, controllable (offset and frozen), shared through a file, and its guard rails."""

import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from remit_common.clock import (
    Clock,
    ClockConfigurationError,
    ControllableClock,
    SharedFileClock,
    SystemClock,
    clock_from_settings,
)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class FakeRealTime:
    """A stand-in for the wall clock, so 'ticking' is deterministic."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value


def test_system_clock_is_utc_aware_and_close_to_now():
    now = SystemClock().now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert isinstance(SystemClock(), Clock)


def test_offset_mode_ticks_from_the_set_point():
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    clock = ControllableClock(T0, real_now=real)
    assert clock.now() == T0
    real.value += timedelta(seconds=30)
    assert clock.now() == T0 + timedelta(seconds=30)
    assert clock.mode == "offset"


def test_frozen_mode_stands_still_until_moved():
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    clock = ControllableClock(T0, frozen=True, real_now=real)
    real.value += timedelta(hours=5)
    assert clock.now() == T0
    assert clock.advance(timedelta(days=3)) == T0 + timedelta(days=3)
    assert clock.now() == T0 + timedelta(days=3)


def test_set_advance_freeze_resume_reset():
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    clock = ControllableClock(real_now=real)
    assert clock.now() == real.value  # starts at the real now
    clock.set(T0)
    clock.advance(timedelta(days=1))
    assert clock.now() == T0 + timedelta(days=1)
    clock.freeze()
    real.value += timedelta(minutes=1)
    assert clock.now() == T0 + timedelta(days=1)
    clock.resume()
    real.value += timedelta(minutes=1)
    assert clock.now() == T0 + timedelta(days=1, minutes=1)
    assert clock.reset() == real.value
    assert clock.offset == timedelta(0)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ControllableClock(datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        ControllableClock().set(datetime(2026, 1, 1))


def test_non_utc_instants_come_back_as_utc():
    clock = ControllableClock(datetime.fromisoformat("2026-11-26T10:00:00+01:00"), frozen=True)
    assert clock.now() == T0 and clock.now().utcoffset() == timedelta(0)


def test_concurrent_advances_are_not_lost():
    clock = ControllableClock(T0, frozen=True)

    def bump():
        for _ in range(1000):
            clock.advance(timedelta(seconds=1))

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clock.now() == T0 + timedelta(seconds=8000)


def test_shared_file_clock_is_seen_by_every_process_reading_the_file(tmp_path):
    path = tmp_path / "clock.json"
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    writer = SharedFileClock(path, cache_seconds=0, real_now=real)
    reader = SharedFileClock(path, cache_seconds=0, real_now=real)
    assert reader.now() == real.value  # no file yet: real time
    writer.advance(timedelta(days=7))
    assert reader.now() == real.value + timedelta(days=7)
    writer.set(T0, frozen=True)
    real.value += timedelta(hours=1)
    assert reader.now() == T0 and reader.mode == "frozen"


def test_shared_file_clock_caches_reads(tmp_path):
    path = tmp_path / "clock.json"
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    reader = SharedFileClock(path, cache_seconds=3600, real_now=real)
    assert reader.now() == real.value
    SharedFileClock(path, cache_seconds=0, real_now=real).advance(timedelta(days=1))
    assert reader.now() == real.value  # still cached


def test_shared_file_clock_reports_a_corrupt_file(tmp_path):
    path = tmp_path / "clock.json"
    path.write_text("{not json")
    with pytest.raises(ClockConfigurationError, match="unreadable"):
        SharedFileClock(path, cache_seconds=0).now()


def _settings(**kw):
    base = dict(
        env="development",
        clock="system",
        clock_file=None,
        clock_start=None,
        clock_frozen=False,
        clock_cache_seconds=0.5,
    )
    return SimpleNamespace(**{**base, **kw})


def test_clock_from_settings_defaults_to_the_system_clock():
    assert isinstance(clock_from_settings(_settings()), SystemClock)


def test_clock_from_settings_controllable_only_when_asked():
    clock = clock_from_settings(_settings(clock="controllable", clock_start=T0, clock_frozen=True))
    assert isinstance(clock, ControllableClock) and clock.now() == T0


def test_clock_from_settings_shared_file(tmp_path):
    clock = clock_from_settings(_settings(clock="controllable", clock_file=tmp_path / "c.json"))
    assert isinstance(clock, SharedFileClock)


@pytest.mark.parametrize("env", ["production"])
def test_controllable_clock_refused_in_production(env):
    with pytest.raises(ClockConfigurationError, match="refused in production"):
        clock_from_settings(_settings(env=env, clock="controllable"))


def test_unknown_clock_kind_refused():
    with pytest.raises(ClockConfigurationError):
        clock_from_settings(_settings(clock="sundial"))


def test_shared_file_clock_writes_start_from_a_fresh_read(tmp_path):
    path = tmp_path / "clock.json"
    real = FakeRealTime(datetime(2030, 1, 1, tzinfo=UTC))
    a = SharedFileClock(path, cache_seconds=3600, real_now=real)
    b = SharedFileClock(path, cache_seconds=3600, real_now=real)
    a.now()  # a caches "no offset"
    b.advance(timedelta(days=1))
    a.advance(timedelta(days=1))  # must build on b's change, not on its cached read
    assert SharedFileClock(path, cache_seconds=0, real_now=real).offset == timedelta(days=2)
