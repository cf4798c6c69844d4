"""Read models the notifier keeps for itself: invoice states, opt-outs and firm profiles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from remit_common.events import InvoiceStatus
from remit_common.money import Money
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_notifier.adapters.db.tables import firms, invoice_states, opt_outs
from remit_notifier.domain.firm import FirmProfile
from remit_notifier.domain.invoice_state import InvoiceState


class ReadModels:
    """Adds and flushes; the unit of work commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def upsert_invoice_state(self, state: InvoiceState, firm_id: UUID, now: datetime) -> None:
        """Keep the snapshot with the highest version (older ones arriving late change nothing)."""
        values = dict(
            invoice_id=state.invoice_id,
            firm_id=firm_id,
            version=state.version,
            status=state.status.value,
            balance_minor=state.balance.amount_minor,
            currency=state.balance.currency,
            updated_at=now,
        )
        stmt = pg_insert(invoice_states).values(**values)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["invoice_id"],
                set_={k: stmt.excluded[k] for k in values if k != "invoice_id"},
                where=invoice_states.c.version < stmt.excluded.version,
            )
        )

    async def invoice_states(self, invoice_ids: Iterable[UUID]) -> dict[UUID, InvoiceState]:
        rows = await self._s.execute(
            select(invoice_states).where(invoice_states.c.invoice_id.in_(list(invoice_ids)))
        )
        return {
            r.invoice_id: InvoiceState(
                r.invoice_id,
                r.version,
                InvoiceStatus(r.status),
                Money(amount_minor=r.balance_minor, currency=r.currency),
            )
            for r in rows.all()
        }

    async def opted_out(self, client_id: UUID, channel: str) -> bool:
        found = await self._s.scalar(
            select(opt_outs.c.source).where(
                opt_outs.c.client_id == client_id, opt_outs.c.channel == channel
            )
        )
        return found is not None

    async def add_opt_out(self, firm_id: UUID, client_id: UUID, channel: str, source: str) -> bool:
        """Record an opt-out; False when the client had already opted out of ``channel``."""
        result = await self._s.execute(
            pg_insert(opt_outs)
            .values(firm_id=firm_id, client_id=client_id, channel=channel, source=source)
            .on_conflict_do_nothing()
            .returning(opt_outs.c.client_id)
        )
        return result.first() is not None

    async def remove_opt_out(self, client_id: UUID, channel: str, source: str) -> bool:
        """Lift an opt-out of ``channel`` that came from ``source``; False when none."""
        result = await self._s.execute(
            delete(opt_outs)
            .where(
                opt_outs.c.client_id == client_id,
                opt_outs.c.channel == channel,
                opt_outs.c.source == source,
            )
            .returning(opt_outs.c.client_id)
        )
        return result.first() is not None

    async def sync_pms_opt_outs(self, firm_id: UUID, client_id: UUID, channels: set[str]) -> None:
        """Mirror the PMS's list (source ``pms``); opt-outs we learned ourselves stay."""
        await self._s.execute(
            delete(opt_outs).where(
                opt_outs.c.client_id == client_id,
                opt_outs.c.source == "pms",
                opt_outs.c.channel.not_in(channels),
            )
        )
        for channel in channels:
            await self.add_opt_out(firm_id, client_id, channel, "pms")

    async def firm(self, firm_id: UUID) -> FirmProfile | None:
        row = (await self._s.execute(select(firms).where(firms.c.firm_id == firm_id))).first()
        if row is None:
            return None
        return FirmProfile(
            firm_id=row.firm_id,
            name=row.name,
            billing_email=row.billing_email,
            billing_phone=row.billing_phone,
            contact_name=row.contact_name,
            default_language=row.default_language,
            payment_url=row.payment_url,
            address=dict(row.address or {}),
        )

    async def upsert_firm(self, profile: FirmProfile, now: datetime) -> None:
        values = dict(
            firm_id=profile.firm_id,
            name=profile.name,
            billing_email=profile.billing_email,
            billing_phone=profile.billing_phone,
            contact_name=profile.contact_name,
            default_language=profile.default_language,
            payment_url=profile.payment_url,
            address=profile.address,
            updated_at=now,
        )
        stmt = pg_insert(firms).values(**values)
        await self._s.execute(
            stmt.on_conflict_do_update(
                index_elements=["firm_id"], set_={k: stmt.excluded[k] for k in values}
            )
        )
