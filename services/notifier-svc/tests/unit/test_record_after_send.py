"""A message that went out is recorded even if the database blips right after the send.

Giving up would leave the delivery in ``sending`` and, after its lease, send it a second time:
the fault suite saw exactly that when PostgreSQL restarted between the send and the record.
"""

import uuid
from types import SimpleNamespace

import pytest
from remit_common.clock import ControllableClock
from remit_notifier.service_layer.dispatcher import DispatchConfig, Dispatcher
from sqlalchemy.exc import OperationalError


def _dispatcher(lease_s: float = 5.0) -> Dispatcher:
    return Dispatcher(None, None, ControllableClock(), DispatchConfig(lease_s=lease_s))  # type: ignore[arg-type]


class Flaky:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = list(failures)
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)


async def test_a_database_outage_after_the_send_is_ridden_out():
    record = Flaky([OperationalError("UPDATE", {}, Exception("server closed the connection"))] * 2)
    await _dispatcher()._record_sent(SimpleNamespace(id=uuid.uuid4()), record)
    assert record.calls == 3


async def test_a_bug_is_not_retried():
    record = Flaky([KeyError("template")])
    with pytest.raises(KeyError):
        await _dispatcher()._record_sent(SimpleNamespace(id=uuid.uuid4()), record)
    assert record.calls == 1


async def test_retrying_stops_well_inside_the_lease():
    outage = [OperationalError("UPDATE", {}, Exception("down"))] * 100
    record = Flaky(outage)
    with pytest.raises(OperationalError):
        await _dispatcher(lease_s=1.0)._record_sent(SimpleNamespace(id=uuid.uuid4()), record)
    assert 1 < record.calls < 10
