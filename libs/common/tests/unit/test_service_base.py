"""The shared composition-root pieces: what they build, the order they close in, the lifespan."""

import asyncio
import dataclasses
from contextlib import asynccontextmanager

import httpx
from remit_common.clock import ControllableClock
from remit_common.firm_auth import StaticAuthenticator
from remit_common.service_base import (
    BaseOverrides,
    ServiceContainer,
    kafka_client_id,
    service_resources,
)
from remit_common.settings import DatabaseSettings, KafkaSettings, ServiceSettings
from remit_common.web import create_app
from remit_common.web.lifespan import service_lifespan


class Settings(ServiceSettings, DatabaseSettings, KafkaSettings):
    service_name: str = "demo-svc"


SETTINGS = Settings(
    env="test",
    database_url="postgresql://nobody@127.0.0.1:1/none",
    kafka_bootstrap_servers="127.0.0.1:1",
)


class Worker:
    def __init__(self, events: list[str]) -> None:
        self._events = events
        self._stop = asyncio.Event()

    async def run(self) -> None:
        await self._stop.wait()
        self._events.append("worker ended")

    def stop(self) -> None:
        self._events.append("worker asked to stop")
        self._stop.set()


async def test_workers_stop_before_the_clients_they_use_are_closed():
    events: list[str] = []

    async def close_publisher() -> None:
        events.append("publisher closed")

    async with service_resources(SETTINGS) as res:
        res.stack.push_async_callback(close_publisher)  # what a worker uses, added later
        res.workers.start("relay", Worker(events))
        await asyncio.sleep(0)
        assert await res.workers.check() == {"relay": "running"}
    assert events == ["worker asked to stop", "worker ended", "publisher closed"]


async def test_overrides_are_used_and_the_shared_fields_fill_a_container():
    clock = ControllableClock()
    async with service_resources(SETTINGS, BaseOverrides(clock=clock)) as res:
        shared = res.shared()
        assert shared["clock"] is clock and shared["settings"] is SETTINGS
        assert set(shared) == {f.name for f in dataclasses.fields(ServiceContainer)}
        assert set(ServiceContainer(**shared).readiness_checks()) == {
            "database",
            "kafka",
            "workers",
        }
    assert kafka_client_id(SETTINGS, "producer") == "demo-svc-producer"
    assert res.client_id("consumer") == "demo-svc-consumer"


@dataclasses.dataclass(frozen=True, slots=True)
class Container(ServiceContainer[Settings]):
    firm_authenticator: StaticAuthenticator


async def test_the_lifespan_publishes_the_container_clock_authenticator_and_checks():
    authenticator = StaticAuthenticator()

    @asynccontextmanager
    async def bootstrap(settings, overrides):
        async with service_resources(settings, overrides) as res:
            yield Container(**res.shared(), firm_authenticator=authenticator)

    app = create_app(SETTINGS, service_lifespan(SETTINGS, bootstrap))
    async with app.router.lifespan_context(app):
        assert app.state.container.settings is SETTINGS
        assert app.state.clock is app.state.container.clock
        assert app.state.firm_authenticator is authenticator
        assert {"database", "kafka", "workers"} <= set(app.state.readiness_checks)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/healthz")).status_code == 200
