"""Firms' own channel configuration in the database (one optional row per firm)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Row, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_notifier.adapters.db.tables import firm_channel_settings as t
from remit_notifier.domain.channel_settings import FirmChannelSettings, WebhookEndpoint


def _endpoint(url: str | None, secret: str | None) -> WebhookEndpoint | None:
    return WebhookEndpoint(url, secret.encode()) if url and secret else None


def settings_of(row: Row) -> FirmChannelSettings:
    """The domain value of a stored row."""
    return FirmChannelSettings(
        firm_id=row.firm_id,
        webhook=_endpoint(row.webhook_url, row.webhook_secret),
        portal=_endpoint(row.portal_url, row.portal_secret),
        email_from_name=row.email_from_name,
        email_reply_to=row.email_reply_to,
    )


class ChannelSettingsRepository:
    """Adds and flushes; the unit of work commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get_row(self, firm_id: UUID) -> Row | None:
        """The stored row (secrets included: for the use cases, never for responses)."""
        return (await self._s.execute(select(t).where(t.c.firm_id == firm_id))).first()

    async def get(self, firm_id: UUID) -> FirmChannelSettings | None:
        """The firm's settings, None when it configured nothing."""
        row = await self.get_row(firm_id)
        return settings_of(row) if row is not None else None

    async def put(self, settings: FirmChannelSettings, now: datetime) -> Row:
        """Create or replace the firm's row with ``settings``."""

        def url(e: WebhookEndpoint | None) -> str | None:
            return e.url if e else None

        def secret(e: WebhookEndpoint | None) -> str | None:
            return e.secret.decode() if e else None

        values = dict(
            firm_id=settings.firm_id,
            webhook_url=url(settings.webhook),
            webhook_secret=secret(settings.webhook),
            portal_url=url(settings.portal),
            portal_secret=secret(settings.portal),
            email_from_name=settings.email_from_name,
            email_reply_to=settings.email_reply_to,
            updated_at=now,
        )
        stmt = pg_insert(t).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["firm_id"], set_={k: stmt.excluded[k] for k in values}
        ).returning(*t.c)
        return (await self._s.execute(stmt)).one()
