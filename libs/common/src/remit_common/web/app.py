"""The FastAPI app factory every service uses, so all four behave the same at the edge.

What every app gets:

* ``GET /healthz``: the process is alive and serving (always 200).
* ``GET /readyz``: runs the registered readiness checks concurrently, each under
  ``settings.readiness_timeout_seconds``; 200 with each check's status, or 503 with
  ``failing`` naming the checks that failed.
* ``GET /metrics``: Prometheus text format.
* Request id (``X-Request-ID``) and W3C trace context bound to the log context.
* RFC 9457 problem+json for every error, a request body limit (413), HTTP metrics.
* ``GET/POST /v1/_clock`` only when ``settings.clock == "controllable"``; the lifespan must then
  put the clock on ``app.state.clock``.

The service's ``lifespan`` builds its composition root and registers its readiness checks with
:func:`~remit_common.web.readiness.register_readiness_check`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import Lifespan

from remit_common.settings import ServiceSettings
from remit_common.web import clock_router, openapi
from remit_common.web.metrics import MetricsMiddleware, metrics_endpoint
from remit_common.web.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from remit_common.web.problems import install_problem_handlers
from remit_common.web.readiness import ReadinessCheck, run_readiness_checks


def _ops_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: answering at all is the answer."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        """Readiness: every registered dependency answers in time."""
        state = request.app.state
        ok, results = await run_readiness_checks(
            dict(state.readiness_checks), state.settings.readiness_timeout_seconds
        )
        body: dict[str, Any] = {"status": "ready" if ok else "not_ready", "checks": results}
        if not ok:
            body["failing"] = [name for name, r in results.items() if r["status"] != "ok"]
        return JSONResponse(body, status_code=200 if ok else 503)

    router.add_api_route("/metrics", metrics_endpoint, methods=["GET"])
    return router


def create_app(
    settings: ServiceSettings,
    lifespan: Lifespan[FastAPI] | None = None,
    routers: Iterable[APIRouter] = (),
    readiness_checks: Mapping[str, ReadinessCheck] | None = None,
    *,
    version: str = "0.1.0",
) -> FastAPI:
    """Build a service's FastAPI app; see the module docstring for what it carries.

    ``readiness_checks`` given here are static; checks that need resources built in the
    lifespan are added there with ``register_readiness_check``.
    """
    app = FastAPI(title=settings.service_name, version=version, lifespan=lifespan)
    app.state.settings = settings
    app.state.readiness_checks = dict(readiness_checks or {})
    install_problem_handlers(app)

    app.include_router(_ops_router())
    if settings.clock == "controllable":
        app.include_router(clock_router.router)
    for router in routers:
        app.include_router(router)

    # add_middleware wraps what is already there: the last one added runs first.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.http_max_body_bytes)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestContextMiddleware)
    openapi.install(app)
    return app
