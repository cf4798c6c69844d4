"""Open pixel ``/t/o/{token}``, click redirect ``/t/c/{token}``, unsubscribe ``/t/u/{token}``.

No authentication: the signed token is the credential. The pixel is served whatever the token
(so a bad token learns nothing); an unknown click token answers 404.
"""

from __future__ import annotations

import base64

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from remit_common.errors import NotFound

from remit_notifier.entrypoints.http.deps import ClockDep, ContainerDep
from remit_notifier.service_layer import tracking

router = APIRouter(tags=["tracking"])

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_NO_STORE = {"cache-control": "no-store, max-age=0", "referrer-policy": "no-referrer"}


def _secret(container: ContainerDep) -> bytes:
    return container.settings.tracking_secret.get_secret_value().encode()


@router.get("/t/o/{token}", response_class=Response)
async def open_pixel(token: str, container: ContainerDep, clock: ClockDep) -> Response:
    """A 1x1 transparent GIF; records the first open."""
    await tracking.record_open(container.uow, _secret(container), token, clock.now())
    return Response(PIXEL, media_type="image/gif", headers=_NO_STORE)


@router.get("/t/c/{token}", response_class=RedirectResponse, status_code=302)
async def click(token: str, container: ContainerDep, clock: ClockDep) -> RedirectResponse:
    """Redirect to the payment link; records the first click."""
    target = await tracking.record_click(container.uow, _secret(container), token, clock.now())
    if not target:
        raise NotFound("Unknown or expired link.")
    return RedirectResponse(target, status_code=302, headers=_NO_STORE)


@router.post("/t/u/{token}", status_code=200)
@router.get("/t/u/{token}", status_code=200, response_class=HTMLResponse)
async def unsubscribe(token: str, container: ContainerDep, clock: ClockDep) -> HTMLResponse:
    """One-click unsubscribe from reminder e-mails (RFC 8058 POST, or a plain GET)."""
    if not await tracking.unsubscribe(container.uow, _secret(container), token, clock.now()):
        raise NotFound("Unknown or expired link.")
    return HTMLResponse(
        "<p>You will no longer receive payment reminders by e-mail.</p>", headers=_NO_STORE
    )
