"""Operator and firm use cases: firm profiles, templates, dead letters, history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from remit_common.events import StepKind, Tone
from sqlalchemy import Row

from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.firm import FirmProfile
from remit_notifier.domain.templates import TemplateContent, normalise_language
from remit_notifier.domain.tone import Finding, has_errors, lint_template
from remit_notifier.service_layer.errors import (
    AlreadyReplayed,
    DeadLetterNotFound,
    TemplateNotFound,
    TemplateRejected,
)
from remit_notifier.service_layer.unit_of_work import UowFactory


async def save_firm(uow_factory: UowFactory, profile: FirmProfile, now: datetime) -> None:
    async with uow_factory() as uow:
        await uow.read.upsert_firm(profile, now)


def lint(content: TemplateContent, kind: StepKind, language: str) -> list[Finding]:
    return lint_template(content, kind, normalise_language(language))


async def save_template(
    uow_factory: UowFactory,
    firm_id: UUID,
    kind: StepKind,
    tone: Tone,
    language: str,
    content: TemplateContent,
    override: bool,
    now: datetime,
) -> tuple[Row, list[Finding]]:
    """Lint, then create or replace; errors refuse the save unless ``override`` is set."""
    language = normalise_language(language)
    findings = lint_template(content, kind, language)
    if has_errors(findings) and not override:
        raise TemplateRejected(
            "The template has tone-check errors; fix them or save with override=true.",
            findings=[f.to_dict() for f in findings],
        )
    key = {"kind": kind.value, "tone": tone.value, "language": language}
    async with uow_factory() as uow:
        row = await uow.templates.upsert(
            firm_id, key, content, [f.to_dict() for f in findings], has_errors(findings), now
        )
    return row, findings


async def list_templates(uow_factory: UowFactory, firm_id: UUID) -> list[Row]:
    async with uow_factory() as uow:
        return list(await uow.templates.list(firm_id))


async def get_template(uow_factory: UowFactory, firm_id: UUID, template_id: UUID) -> Row:
    async with uow_factory() as uow:
        row = await uow.templates.get(firm_id, template_id)
    if row is None:
        raise TemplateNotFound("No such template for this firm.")
    return row


async def delete_template(uow_factory: UowFactory, firm_id: UUID, template_id: UUID) -> None:
    async with uow_factory() as uow:
        if not await uow.templates.delete(firm_id, template_id):
            raise TemplateNotFound("No such template for this firm.")


async def search_notifications(uow_factory: UowFactory, firm_id: UUID, **filters: Any) -> list[Row]:
    async with uow_factory() as uow:
        return list(await uow.deliveries.search(firm_id, **filters))


async def list_dead_letters(
    uow_factory: UowFactory, firm_id: UUID, include_replayed: bool, limit: int
) -> list[Row]:
    async with uow_factory() as uow:
        return list(await uow.deliveries.dead_letters(firm_id, include_replayed, limit))


async def replay_dead_letter(
    uow_factory: UowFactory, firm_id: UUID, dead_letter_id: UUID, now: datetime
) -> UUID:
    """Queue the dead letter's delivery again with a fresh attempt budget."""
    async with uow_factory() as uow:
        letter = await uow.deliveries.dead_letter(firm_id, dead_letter_id)
        if letter is None:
            raise DeadLetterNotFound("No such dead letter for this firm.")
        if letter.replayed_at is not None:
            raise AlreadyReplayed("This dead letter was already replayed.")
        await uow.deliveries.transition(
            letter.delivery_id,
            S.FAILED,
            S.QUEUED,
            now,
            attempts=0,
            next_attempt_at=now,
            reason="replayed from dead letter",
        )
        await uow.deliveries.mark_replayed(letter.id, now)
    return letter.delivery_id
