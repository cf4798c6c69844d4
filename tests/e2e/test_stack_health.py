"""The whole stack comes up healthy, observable and speaking problem+json."""

import asyncio
from datetime import datetime, timedelta

import pytest

from .harness import SERVICE_URLS, SINK_URLS

SERVICES = sorted(SERVICE_URLS)


@pytest.mark.parametrize("service", SERVICES)
async def test_every_service_is_ready_with_its_database_and_kafka(system, service):
    response = await system.http.get(system.url(service, "/readyz"))
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"]["status"] == "ok"
    assert checks["kafka"]["status"] == "ok"


@pytest.mark.parametrize("service", SERVICES)
async def test_every_service_exposes_prometheus_metrics(system, service):
    await system.http.get(system.url(service, "/healthz"))
    response = await system.http.get(system.url(service, "/metrics"))
    assert response.status_code == 200
    assert "http_requests_total" in response.text or "remit_http" in response.text


@pytest.mark.parametrize("service", SERVICES)
async def test_unknown_routes_answer_problem_json(system, service):
    response = await system.http.get(system.url(service, "/v1/no-such-thing"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


async def test_one_clock_move_is_seen_by_every_service(system):
    before = await system.now()
    after = await system.advance_clock(timedelta(hours=1))
    assert after - before >= timedelta(hours=1)
    for service in SERVICES:
        # Each service re-reads the shared clock at most every 0.5 s.
        for _ in range(10):
            response = await system.http.get(system.url(service, "/v1/_clock"))
            seen = datetime.fromisoformat(response.json()["now"])
            if seen >= after - timedelta(seconds=1):
                break
            await asyncio.sleep(0.25)
        assert seen >= after - timedelta(seconds=1), f"{service} did not see the clock move"


async def test_moving_the_clock_needs_the_admin_token(system):
    response = await system.http.post(system.url("notifier", "/v1/_clock"), json={"advance": 60})
    assert response.status_code == 401


@pytest.mark.parametrize("sink", sorted(SINK_URLS))
async def test_dev_sinks_are_up(system, sink):
    response = await system.http.get(f"{SINK_URLS[sink]}/healthz")
    assert response.status_code == 200
