"""The one way Remit code reads the time.

Every service takes a :class:`Clock` from its composition root and calls ``clock.now()``; the
domain takes ``now`` as an argument and never calls a clock itself.

Three implementations:

* :class:`SystemClock`: the real UTC time. The only one production ever uses.
* :class:`ControllableClock`: for tests and demos. ``set()`` jumps to an instant, ``advance()``
  moves forward. In *offset* mode (the default) it keeps ticking from the set point at real
  speed; in *frozen* mode it stands still until told otherwise.
* :class:`SharedFileClock`: a controllable clock whose state lives in a small JSON file, so the
  four services of a local demo share one timeline. The file (``REMIT_CLOCK_FILE``) holds::

      {"mode": "offset", "offset_seconds": 259200.0, "frozen_at": null}

  Each process re-reads it at most every ``cache_seconds`` (default 0.5 s); writers replace it
  atomically. Advancing the clock through any one service's ``POST /v1/_clock`` moves them all.

:func:`clock_from_settings` returns a controllable clock only when ``REMIT_CLOCK=controllable``
is set explicitly, and refuses outright when the environment is production.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

ClockMode = Literal["offset", "frozen"]


class ClockConfigurationError(RuntimeError):
    """The clock settings are not allowed (e.g. a controllable clock in production)."""


@runtime_checkable
class Clock(Protocol):
    """Source of the current instant; ``now()`` is always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant, UTC-aware."""
        ...


def _real_now() -> datetime:
    return datetime.now(UTC)


def _require_aware(instant: datetime) -> datetime:
    # A naive datetime would silently mean "server local time": refuse it rather than guess.
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("clock instants must be timezone-aware")
    return instant.astimezone(UTC)


class SystemClock:
    """The real time, UTC."""

    def now(self) -> datetime:
        """The current UTC instant."""
        return _real_now()


@dataclass(frozen=True, slots=True)
class ClockState:
    """What a controllable clock remembers: an offset from real time, or a frozen instant."""

    mode: ClockMode = "offset"
    offset: timedelta = timedelta(0)
    frozen_at: datetime | None = None

    def now(self, real_now: datetime) -> datetime:
        """The instant this state means when the real time is ``real_now``."""
        if self.mode == "frozen" and self.frozen_at is not None:
            return self.frozen_at
        return real_now + self.offset

    def to_json(self) -> dict[str, Any]:
        """The state as the JSON object stored in the shared clock file."""
        return {
            "mode": self.mode,
            "offset_seconds": self.offset.total_seconds(),
            "frozen_at": self.frozen_at.isoformat() if self.frozen_at else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClockState:
        """Parse the shared clock file's JSON object."""
        mode = data.get("mode", "offset")
        if mode not in ("offset", "frozen"):
            raise ValueError(f"unknown clock mode {mode!r}")
        frozen_raw = data.get("frozen_at")
        frozen_at = _require_aware(datetime.fromisoformat(frozen_raw)) if frozen_raw else None
        if mode == "frozen" and frozen_at is None:
            raise ValueError("a frozen clock needs frozen_at")
        return cls(mode, timedelta(seconds=float(data.get("offset_seconds", 0.0))), frozen_at)


class ControllableClock:
    """A clock tests and demos can move. Safe to share across threads and asyncio tasks.

    Every operation holds a ``threading.Lock`` for a few arithmetic steps only (it never awaits),
    so it serialises threads and cannot block the event loop for any noticeable time.
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        frozen: bool = False,
        real_now: Callable[[], datetime] = _real_now,
    ) -> None:
        """Start at ``start`` (default: the real now); ``frozen`` makes it stand still."""
        self._real_now = real_now
        self._lock = threading.Lock()
        base = _require_aware(start) if start is not None else real_now()
        self._state = self._state_at(ClockState(), base, frozen)

    # -- storage hooks (SharedFileClock keeps the state in a file instead) -------------------
    def _load(self) -> ClockState:
        return self._state

    def _load_for_update(self) -> ClockState:
        return self._load()

    def _store(self, state: ClockState) -> None:
        self._state = state

    # -- public API ---------------------------------------------------------------------------
    @property
    def mode(self) -> ClockMode:
        """``"offset"`` (ticking from the set point) or ``"frozen"``."""
        with self._lock:
            return self._load().mode

    @property
    def offset(self) -> timedelta:
        """How far this clock is from the real time right now."""
        with self._lock:
            real = self._real_now()
            return self._load().now(real) - real

    def now(self) -> datetime:
        """The clock's current instant, UTC-aware."""
        with self._lock:
            return self._load().now(self._real_now())

    def set(self, instant: datetime, *, frozen: bool | None = None) -> datetime:
        """Jump to ``instant``; ``frozen`` switches mode (``None`` keeps the current one)."""
        instant = _require_aware(instant)
        with self._lock:
            current = self._load_for_update()
            keep_frozen = current.mode == "frozen" if frozen is None else frozen
            new = self._state_at(current, instant, keep_frozen)
            self._store(new)
            return new.now(self._real_now())

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock by ``delta`` (negative moves back) and return the new instant."""
        with self._lock:
            current = self._load_for_update()
            if current.mode == "frozen" and current.frozen_at is not None:
                new = replace(current, frozen_at=current.frozen_at + delta)
            else:
                new = replace(current, offset=current.offset + delta)
            self._store(new)
            return new.now(self._real_now())

    def freeze(self) -> datetime:
        """Stop the clock at its current instant."""
        return self.set(self.now(), frozen=True)

    def resume(self) -> datetime:
        """Let the clock tick again from its current instant."""
        return self.set(self.now(), frozen=False)

    def reset(self) -> datetime:
        """Back to the real time, ticking."""
        with self._lock:
            self._store(ClockState())
            return self._real_now()

    def _state_at(self, current: ClockState, instant: datetime, frozen: bool) -> ClockState:
        if frozen:
            return replace(current, mode="frozen", frozen_at=instant, offset=timedelta(0))
        return ClockState("offset", instant - self._real_now(), None)


class SharedFileClock(ControllableClock):
    """A controllable clock whose state lives in a JSON file shared by several processes.

    A missing file means "real time". Reads are cached for ``cache_seconds`` so ``now()`` stays
    cheap on hot paths; a write by this process is visible to itself immediately and to the
    others within the cache period. Writes start from a fresh read, but two processes writing
    in the same instant race (last writer wins): fine for a demo driven by one person or script.
    ``REMIT_CLOCK_START`` / ``REMIT_CLOCK_FROZEN`` do not apply; the file is the state.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        cache_seconds: float = 0.5,
        real_now: Callable[[], datetime] = _real_now,
    ) -> None:
        """Use (and create on first write) the clock file at ``path``."""
        self._path = Path(path)
        self._cache_seconds = cache_seconds
        self._cached: ClockState | None = None
        self._cached_at = 0.0
        self._real_now = real_now
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """The shared clock file."""
        return self._path

    def _load(self) -> ClockState:
        mono = time.monotonic()
        if self._cached is not None and mono - self._cached_at < self._cache_seconds:
            return self._cached
        try:
            state = ClockState.from_json(json.loads(self._path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            state = ClockState()
        except (ValueError, TypeError) as exc:
            raise ClockConfigurationError(f"unreadable clock file {self._path}: {exc}") from exc
        self._cached, self._cached_at = state, mono
        return state

    def _load_for_update(self) -> ClockState:
        self._cached = None  # never build a change on a stale read
        return self._load()

    def _store(self, state: ClockState) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # Write a temp file and rename it so readers never see half a JSON document.
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".clock-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state.to_json(), fh)
        os.replace(tmp, self._path)
        self._cached, self._cached_at = state, time.monotonic()


def clock_from_settings(settings: Any) -> Clock:
    """Build the clock a service's settings ask for.

    Reads ``settings.env``, ``settings.clock`` (``"system"`` | ``"controllable"``) and, for a
    controllable clock, ``clock_file`` (shared file clock; ``clock_cache_seconds``) or else
    ``clock_start`` and ``clock_frozen`` (in-process clock). Raises
    :class:`ClockConfigurationError` for a controllable clock in production: that must never be
    possible, whatever else the configuration says.
    """
    kind = getattr(settings, "clock", "system")
    if kind == "system":
        return SystemClock()
    if kind != "controllable":
        raise ClockConfigurationError(f"unknown clock kind {kind!r} (system | controllable)")
    if getattr(settings, "env", "production") == "production":
        raise ClockConfigurationError(
            "REMIT_CLOCK=controllable is refused in production (REMIT_ENV=production); "
            "it exists for tests and demos only"
        )
    clock_file = getattr(settings, "clock_file", None)
    if clock_file:
        cache = getattr(settings, "clock_cache_seconds", 0.5)
        return SharedFileClock(clock_file, cache_seconds=cache)
    return ControllableClock(
        getattr(settings, "clock_start", None), frozen=getattr(settings, "clock_frozen", False)
    )
