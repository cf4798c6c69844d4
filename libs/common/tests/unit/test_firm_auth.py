"""Firm API keys are checked against invoice-svc, cached briefly, and mapped to clear errors."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from remit_common.firm_auth import (
    INTROSPECT_PATH,
    AuthenticatorUnavailable,
    FirmPrincipal,
    IntrospectingAuthenticator,
    StaticAuthenticator,
    introspecting_authenticator,
)
from remit_common.settings import FirmAuthSettings
from remit_common.web.firm import FirmDep

FIRM = uuid.UUID("7b0f2f7e-8f5c-4c61-9b43-2a4f1d0e9c11")
GOOD_KEY = "rk_live_abc123_" + "s" * 32


def keeper(calls: list[dict], *, status_for_unknown: int = 404, fail: bool = False):
    """A stand-in for invoice-svc's introspection endpoint."""

    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == INTROSPECT_PATH
        calls.append({"auth": request.headers.get("authorization"), "body": request.content})
        if fail:
            return httpx.Response(502)
        if request.headers.get("authorization") != "Bearer internal-secret-0123456789":
            return httpx.Response(401)
        key = httpx.Request("POST", "/", content=request.content).read()
        if GOOD_KEY.encode() in key:
            return httpx.Response(200, json={"firm_id": str(FIRM), "key_id": "abc123"})
        return httpx.Response(status_for_unknown)

    return httpx.MockTransport(handle)


def authenticator(calls: list[dict], **kwargs) -> IntrospectingAuthenticator:
    client = httpx.AsyncClient(transport=keeper(calls, **kwargs), base_url="http://invoice")
    return IntrospectingAuthenticator(client, internal_token="internal-secret-0123456789")


async def test_a_valid_key_names_its_firm_and_is_cached():
    calls: list[dict] = []
    auth = authenticator(calls)
    first = await auth.authenticate(GOOD_KEY)
    second = await auth.authenticate(GOOD_KEY)
    assert first == second == FirmPrincipal(firm_id=FIRM, key_id="abc123")
    assert len(calls) == 1, "the second check is served from the cache"
    assert calls[0]["auth"] == "Bearer internal-secret-0123456789"


async def test_an_unknown_key_is_refused():
    calls: list[dict] = []
    assert await authenticator(calls).authenticate("rk_live_nope_x") is None


async def test_keeper_outage_is_not_mistaken_for_a_bad_key():
    with pytest.raises(AuthenticatorUnavailable):
        await authenticator([], fail=True).authenticate(GOOD_KEY)


def app_with(auth) -> FastAPI:
    from remit_common.web.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)
    app.state.firm_authenticator = auth

    @app.get("/whoami")
    async def whoami(firm: FirmDep) -> dict:
        return {"firm_id": str(firm.firm_id)}

    return app


@pytest.mark.parametrize(
    "headers, status",
    [
        ({}, 401),
        ({"Authorization": "Basic abc"}, 401),
        ({"Authorization": "Bearer rk_live_wrong_key"}, 401),
        ({"Authorization": f"Bearer {GOOD_KEY}"}, 200),
    ],
)
async def test_routes_see_only_authenticated_firms(headers, status):
    app = app_with(StaticAuthenticator({GOOD_KEY: FirmPrincipal(FIRM, "abc123")}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        response = await c.get("/whoami", headers=headers)
    assert response.status_code == status
    if status == 401:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert GOOD_KEY not in response.text
    else:
        assert response.json() == {"firm_id": str(FIRM)}


async def test_keeper_outage_answers_503_problem():
    calls: list[dict] = []
    app = app_with(authenticator(calls, fail=True))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        response = await c.get("/whoami", headers={"Authorization": f"Bearer {GOOD_KEY}"})
    assert response.status_code == 503
    assert response.json()["type"].endswith("service-unavailable")


async def test_static_keys_can_be_added_after_the_app_started():
    auth = StaticAuthenticator()
    assert await auth.authenticate(GOOD_KEY) is None
    principal = auth.add(GOOD_KEY, FIRM, key_id="abc123")
    assert await auth.authenticate(GOOD_KEY) == principal == FirmPrincipal(FIRM, "abc123")


async def test_the_authenticator_built_from_settings_asks_the_configured_keeper():
    settings = FirmAuthSettings(
        invoice_url="http://127.0.0.1:1", internal_token="internal-secret-0123456789"
    )
    async with introspecting_authenticator(settings, timeout_s=1.0) as auth:
        with pytest.raises(AuthenticatorUnavailable):
            await auth.authenticate(GOOD_KEY)
