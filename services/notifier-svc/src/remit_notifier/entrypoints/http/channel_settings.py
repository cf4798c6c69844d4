"""The firm's own channel configuration: ``GET/PUT /v1/channel-settings`` (firm API key)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from remit_common.web.firm import FirmDep

from remit_notifier.entrypoints.http.deps import ClockDep, ContainerDep, UowDep
from remit_notifier.entrypoints.http.schemas import (
    ChannelSettingsRead,
    ChannelSettingsWrite,
    EmailIdentityRead,
    EndpointRead,
    EndpointWrite,
)
from remit_notifier.service_layer.channel_settings import (
    EndpointChange,
    SetChannelSettings,
    get_channel_settings,
    set_channel_settings,
)

router = APIRouter(prefix="/v1/channel-settings", tags=["channel-settings"])


def _change(body: EndpointWrite | None) -> EndpointChange | None:
    if body is None:
        return None
    return EndpointChange(body.url, body.secret.get_secret_value() if body.secret else None)


def _read(row: Any) -> ChannelSettingsRead:
    """The stored row without its secrets (only whether one is set)."""
    if row is None:
        return ChannelSettingsRead(
            webhook=None,
            portal=None,
            email=EmailIdentityRead(from_name=None, reply_to=None),
            updated_at=None,
        )

    def hook(url: str | None, secret: str | None) -> EndpointRead | None:
        return EndpointRead(url=url, secret_set=bool(secret)) if url else None

    return ChannelSettingsRead(
        webhook=hook(row.webhook_url, row.webhook_secret),
        portal=hook(row.portal_url, row.portal_secret),
        email=EmailIdentityRead(from_name=row.email_from_name, reply_to=row.email_reply_to),
        updated_at=row.updated_at,
    )


@router.get("")
async def read_channel_settings(firm: FirmDep, uow: UowDep) -> ChannelSettingsRead:
    """The firm's channel settings; secrets are reported as set, never returned."""
    return _read(await get_channel_settings(uow, firm.firm_id))


@router.put("")
async def put_channel_settings(
    body: ChannelSettingsWrite, firm: FirmDep, uow: UowDep, clock: ClockDep, container: ContainerDep
) -> ChannelSettingsRead:
    """Replace the firm's channel settings (webhook/portal endpoints, e-mail identity)."""
    settings = container.settings
    command = SetChannelSettings(
        webhook=_change(body.webhook),
        portal=_change(body.portal),
        email_from_name=body.email.from_name if body.email else None,
        email_reply_to=body.email.reply_to if body.email else None,
    )
    row = await set_channel_settings(
        uow,
        firm.firm_id,
        command,
        clock.now(),
        allow_private=settings.firm_webhook_allow_private
        or settings.env in ("development", "test"),
    )
    return _read(row)
