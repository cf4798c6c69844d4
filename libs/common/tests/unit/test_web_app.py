"""The shared app factory: problem+json shapes, readiness, metrics, request ids, body limit."""

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field
from remit_common.clock import ControllableClock
from remit_common.errors import Conflict, Fatal, NotFound
from remit_common.settings import ServiceSettings
from remit_common.web import create_app, register_readiness_check

TOKEN = "a-long-enough-admin-token"  # noqa: S105 - test value
router = APIRouter()


class InvoiceCreate(BaseModel):
    client_email: str = Field(pattern=r"^[^@]+@[^@]+$")
    amount_minor: int


@router.get("/v1/invoices/{invoice_id}")
async def get_invoice(invoice_id: str) -> dict:
    if invoice_id == "missing":
        raise NotFound("No such invoice.")
    if invoice_id == "void":
        raise Conflict("Invoice is void.", invoice_state="void")
    if invoice_id == "fatal":
        raise Fatal("db password is hunter2")
    if invoice_id == "boom":
        raise RuntimeError("internal detail /srv/secret.py line 3")
    return {"id": invoice_id}


@router.post("/v1/invoices", status_code=201)
async def create_invoice(body: InvoiceCreate) -> dict:
    return {"ok": True}


def make_app(**overrides):
    settings = ServiceSettings(
        service_name="test-svc",
        env="test",
        admin_token=TOKEN,
        http_max_body_bytes=1024,
        readiness_timeout_seconds=0.2,
        **overrides,
    )
    return create_app(settings, routers=[router])


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def assert_problem(resp, status, type_suffix):
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/problem+json"
    body = resp.json()
    assert body["status"] == status and body["type"].endswith(type_suffix) and body["title"]
    return body


async def test_healthz():
    async with client(make_app()) as c:
        resp = await c.get("/healthz")
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}


async def test_domain_errors_map_to_problems():
    async with client(make_app()) as c:
        body = assert_problem(await c.get("/v1/invoices/missing"), 404, ":not-found")
        assert body["detail"] == "No such invoice." and body["instance"] == "/v1/invoices/missing"
        body = assert_problem(await c.get("/v1/invoices/void"), 409, ":conflict")
        assert body["invoice_state"] == "void"
        body = assert_problem(await c.get("/v1/invoices/fatal"), 500, ":internal-error")
        assert "hunter2" not in str(body)


async def test_unknown_route_and_method_are_problems():
    async with client(make_app()) as c:
        assert_problem(await c.get("/nowhere"), 404, ":not-found")
        resp = await c.delete("/v1/invoices/x")
        assert_problem(resp, 405, ":method-not-allowed")
        assert "GET" in resp.headers["allow"]


async def test_validation_errors_name_fields_and_never_echo_values():
    private_email = "jane.doe@@example"
    async with client(make_app()) as c:
        resp = await c.post("/v1/invoices", json={"client_email": private_email, "extra": 1})
    body = assert_problem(resp, 422, ":invalid-request")
    pointers = {e["pointer"] for e in body["errors"]}
    assert pointers == {"/body/client_email", "/body/amount_minor"}
    assert all(set(e) == {"pointer", "detail", "code"} for e in body["errors"])
    assert private_email not in resp.text


async def test_unknown_exception_is_an_opaque_500_with_request_id():
    async with client(make_app()) as c:
        resp = await c.get("/v1/invoices/boom", headers={"X-Request-ID": "req-abc"})
    body = assert_problem(resp, 500, ":internal-error")
    assert "secret" not in resp.text and "RuntimeError" not in resp.text
    assert body["request_id"] == "req-abc" and resp.headers["x-request-id"] == "req-abc"


async def test_request_id_generated_or_sanitised():
    async with client(make_app()) as c:
        generated = (await c.get("/healthz")).headers["x-request-id"]
        unsafe = await c.get("/healthz", headers={"X-Request-ID": "a b\x7f<script>"})
    assert len(generated) == 32
    assert unsafe.headers["x-request-id"] != "a b\x7f<script>"


async def test_body_too_large_declared_and_streamed():
    async with client(make_app()) as c:
        resp = await c.post(
            "/v1/invoices", content=b"x" * 2048, headers={"content-type": "application/json"}
        )
        assert_problem(resp, 413, ":payload-too-large")

        async def chunks():
            for _ in range(4):
                yield b" " * 512

        resp = await c.post(
            "/v1/invoices", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_problem(resp, 413, ":payload-too-large")


async def test_readyz_reports_each_check_and_names_the_failing_one():
    app = make_app()

    async def ok():
        return None

    async def broken():
        raise ConnectionRefusedError("db at 10.0.0.1 user remit refused")

    async def hangs():
        await asyncio.sleep(10)

    register_readiness_check(app, "database", ok)
    async with client(app) as c:
        resp = await c.get("/readyz")
        assert resp.status_code == 200
        assert resp.json()["checks"]["database"]["status"] == "ok"

        register_readiness_check(app, "kafka", broken)
        register_readiness_check(app, "slow", hangs)
        resp = await c.get("/readyz")
    body = resp.json()
    assert resp.status_code == 503
    assert sorted(body["failing"]) == ["kafka", "slow"]
    assert body["checks"]["kafka"] == {"status": "failed", "error": "ConnectionRefusedError"}
    assert "timed out" in body["checks"]["slow"]["error"]
    assert "10.0.0.1" not in resp.text


async def test_metrics_count_requests_by_route_template():
    async with client(make_app()) as c:
        for invoice_id in ("inv-1", "inv-2", "missing"):
            await c.get(f"/v1/invoices/{invoice_id}")
        text = (await c.get("/metrics")).text
    assert 'route="/v1/invoices/{invoice_id}"' in text
    assert "inv-1" not in text and "inv-2" not in text
    series = 'method="GET",route="/v1/invoices/{invoice_id}",status="404"'
    assert f"remit_http_requests_total{{{series}}}" in text
    assert "remit_http_request_duration_seconds_bucket" in text


async def test_traceparent_continues_the_callers_trace():
    from remit_common.tracecontext import current_trace

    seen = {}
    trace_router = APIRouter()

    @trace_router.get("/trace")
    async def trace() -> dict:
        seen["ctx"] = current_trace()
        return {}

    app = create_app(ServiceSettings(env="test"), routers=[trace_router])
    parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    async with client(app) as c:
        await c.get("/trace", headers={"traceparent": parent})
    assert seen["ctx"].trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert seen["ctx"].span_id != "00f067aa0ba902b7"


async def test_clock_router_only_when_controllable_and_guarded():
    async with client(make_app()) as c:
        assert (await c.get("/v1/_clock")).status_code == 404

    app = make_app(clock="controllable")
    start = datetime(2026, 11, 26, tzinfo=UTC)
    app.state.clock = ControllableClock(start, frozen=True)
    async with client(app) as c:
        assert (await c.get("/v1/_clock")).json()["now"].startswith("2026-11-26T00:00:00")
        denied = await c.post("/v1/_clock", json={"advance": "P3D"})
        assert_problem(denied, 401, ":unauthorized")
        auth = {"Authorization": f"Bearer {TOKEN}"}
        resp = await c.post("/v1/_clock", json={"advance": "P3D"}, headers=auth)
        assert resp.json()["now"].startswith("2026-11-29T00:00:00")
        resp = await c.post("/v1/_clock", json={"set_to": "2027-01-01T00:00:00Z"}, headers=auth)
        assert resp.json()["now"].startswith("2027-01-01T00:00:00")
        assert (await c.post("/v1/_clock", json={}, headers=auth)).status_code == 422


@pytest.mark.parametrize(
    "value, ok",
    [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", True),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", False),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", False),
        ("garbage", False),
    ],
)
def test_parse_traceparent(value, ok):
    from remit_common.tracecontext import parse_traceparent

    assert (parse_traceparent(value) is not None) is ok
