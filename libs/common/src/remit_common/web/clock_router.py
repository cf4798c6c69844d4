"""``GET/POST /v1/_clock``: read and move the controllable clock (tests and demos only).

Mounted by ``create_app`` only when the settings say ``clock == "controllable"`` (which the
settings refuse in production). The clock itself is read from ``app.state.clock``, set by the
service's lifespan from its composition root. Moving it needs the admin bearer token.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel, model_validator

from remit_common.clock import ControllableClock, SharedFileClock
from remit_common.errors import Conflict
from remit_common.web.admin import AdminDep

router = APIRouter(prefix="/v1/_clock", tags=["clock (non-production)"])


class ClockRead(BaseModel):
    """The clock as the service sees it."""

    now: datetime
    mode: Literal["offset", "frozen"]
    offset_seconds: float
    shared_file: str | None = None


class ClockChange(BaseModel):
    """Set the clock to an instant, or advance it (ISO 8601 duration or seconds)."""

    set_to: AwareDatetime | None = None
    advance: timedelta | None = None
    frozen: bool | None = None

    @model_validator(mode="after")
    def _one_change(self) -> ClockChange:
        if self.set_to is not None and self.advance is not None:
            raise ValueError("give set_to or advance, not both")
        if self.set_to is None and self.advance is None and self.frozen is None:
            raise ValueError("give set_to, advance or frozen")
        return self


def _clock(request: Request) -> ControllableClock:
    clock = getattr(request.app.state, "clock", None)
    if not isinstance(clock, ControllableClock):
        raise Conflict("This service's clock is not controllable.")
    return clock


def _read(clock: ControllableClock) -> ClockRead:
    path = str(clock.path) if isinstance(clock, SharedFileClock) else None
    return ClockRead(
        now=clock.now(),
        mode=clock.mode,
        offset_seconds=clock.offset.total_seconds(),
        shared_file=path,
    )


@router.get("")
async def read_clock(request: Request) -> ClockRead:
    """The clock's current instant and mode."""
    return _read(_clock(request))


@router.post("")
async def change_clock(change: ClockChange, request: Request, _: AdminDep) -> ClockRead:
    """Set, advance, freeze or resume the clock."""
    clock = _clock(request)
    if change.set_to is not None:
        clock.set(change.set_to, frozen=change.frozen)
    elif change.advance is not None:
        clock.advance(change.advance)
        if change.frozen is not None:
            clock.set(clock.now(), frozen=change.frozen)
    elif change.frozen:
        clock.freeze()
    else:
        clock.resume()
    return _read(clock)
