"""Firm templates: CRUD and the tone lint (firm API key)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from remit_common.errors import InvalidRequest
from remit_common.web.firm import FirmDep

from remit_notifier.domain.templates import TemplateContent
from remit_notifier.entrypoints.http.deps import ClockDep, UowDep
from remit_notifier.entrypoints.http.schemas import (
    LintResult,
    TemplateBody,
    TemplateLint,
    TemplateList,
    TemplateRead,
    TemplateWrite,
    row_dict,
)
from remit_notifier.service_layer import management

router = APIRouter(prefix="/v1/templates", tags=["templates"])


def _content(body: TemplateBody) -> TemplateContent:
    try:
        return TemplateContent(
            subjects=tuple(body.subjects), html=body.html, text=body.text, sms=body.sms
        )
    except ValueError as exc:
        raise InvalidRequest(str(exc)) from None


@router.post("/lint")
async def lint_template(body: TemplateLint, _firm: FirmDep) -> LintResult:
    """Run the tone check without saving."""
    findings = management.lint(_content(body), body.kind, body.language)
    return LintResult(
        ok=not any(f.severity == "error" for f in findings),
        findings=[f.to_dict() for f in findings],
    )


@router.put("", status_code=status.HTTP_200_OK)
async def put_template(
    body: TemplateWrite, firm: FirmDep, uow: UowDep, clock: ClockDep
) -> TemplateRead:
    """Create or replace the firm's template for (kind, tone, language); linted first."""
    row, _ = await management.save_template(
        uow,
        firm.firm_id,
        body.kind,
        body.tone,
        body.language,
        _content(body),
        body.override,
        clock.now(),
    )
    return TemplateRead(**row_dict(row))


@router.get("")
async def list_templates(firm: FirmDep, uow: UowDep) -> TemplateList:
    """The firm's own templates (built-ins apply where none exists)."""
    rows = await management.list_templates(uow, firm.firm_id)
    return TemplateList(items=[TemplateRead(**row_dict(r)) for r in rows])


@router.get("/{template_id}")
async def get_template(template_id: UUID, firm: FirmDep, uow: UowDep) -> TemplateRead:
    """One of the firm's templates."""
    row = await management.get_template(uow, firm.firm_id, template_id)
    return TemplateRead(**row_dict(row))


@router.delete("/{template_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_template(template_id: UUID, firm: FirmDep, uow: UowDep) -> None:
    """Delete a template; the built-in applies again."""
    await management.delete_template(uow, firm.firm_id, template_id)
