"""Firm templates in the database (one row per firm, kind, tone and language)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Row, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from remit_notifier.adapters.db.tables import templates as t
from remit_notifier.domain.templates import TemplateContent


def content_of(row: Row) -> TemplateContent:
    """The domain content of a template row."""
    return TemplateContent(subjects=tuple(row.subjects), html=row.html, text=row.text, sms=row.sms)


class TemplateRepository:
    """Adds and flushes; the unit of work commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def for_kind(
        self, firm_id: UUID, kind: str, tone: str
    ) -> dict[str, tuple[TemplateContent, int]]:
        """language -> (content, version) of the firm's templates for (kind, tone)."""
        rows = await self._s.execute(
            select(t).where(t.c.firm_id == firm_id, t.c.kind == kind, t.c.tone == tone)
        )
        return {r.language: (content_of(r), r.version) for r in rows.all()}

    async def list(self, firm_id: UUID) -> Sequence[Row]:
        query = select(t).where(t.c.firm_id == firm_id).order_by(t.c.kind, t.c.tone, t.c.language)
        return (await self._s.execute(query)).all()

    async def get(self, firm_id: UUID, template_id: UUID) -> Row | None:
        query = select(t).where(t.c.firm_id == firm_id, t.c.id == template_id)
        return (await self._s.execute(query)).first()

    async def upsert(
        self,
        firm_id: UUID,
        key: dict[str, str],
        content: TemplateContent,
        findings: list[dict[str, Any]],
        overridden: bool,
        now: datetime,
    ) -> Row:
        """Create, or replace and bump the version of, the firm's template for ``key``."""
        values = dict(
            id=uuid4(),
            firm_id=firm_id,
            **key,
            subjects=list(content.subjects),
            html=content.html,
            text=content.text,
            sms=content.sms,
            findings=findings,
            lint_overridden=overridden,
            updated_at=now,
        )
        stmt = pg_insert(t).values(**values)
        changed = ("subjects", "html", "text", "sms", "findings", "lint_overridden", "updated_at")
        stmt = stmt.on_conflict_do_update(
            index_elements=["firm_id", "kind", "tone", "language"],
            set_={**{k: stmt.excluded[k] for k in changed}, "version": t.c.version + 1},
        ).returning(*t.c)
        return (await self._s.execute(stmt)).one()

    async def delete(self, firm_id: UUID, template_id: UUID) -> bool:
        result = await self._s.execute(
            delete(t).where(t.c.firm_id == firm_id, t.c.id == template_id).returning(t.c.id)
        )
        return result.first() is not None
