"""Firm-settings routes: read and set the firm's statement profile (letterhead, paper, note).

Firm API keys are not kept here: invoice-svc issues them and answers for them
(``remit_common.firm_auth``).
"""

from __future__ import annotations

from fastapi import APIRouter
from remit_common.web.firm import FirmDep

from remit_statement.domain.firm import DEFAULT_NOTE, FirmProfile
from remit_statement.entrypoints.http import schemas as s
from remit_statement.entrypoints.http.deps import UowDep
from remit_statement.service_layer import firms

router = APIRouter(prefix="/v1", tags=["firms"])


@router.get("/firm-profile", response_model=s.FirmProfileBody)
async def get_profile(firm: FirmDep, uow: UowDep) -> s.FirmProfileBody:
    """The letterhead, paper size, payment link and note used on this firm's statements."""
    p = await firms.get_profile(uow, firm.firm_id)
    return s.FirmProfileBody(
        name=p.name,
        address_lines=list(p.address_lines),
        billing_email=p.billing_email,
        billing_phone=p.billing_phone,
        paper=p.paper,
        payment_url=p.payment_url,
        note=p.note,
        locale=p.locale,
    )


@router.put("/firm-profile", response_model=s.FirmProfileBody)
async def put_profile(body: s.FirmProfileBody, firm: FirmDep, uow: UowDep) -> s.FirmProfileBody:
    """Replace the firm's statement profile."""
    profile = FirmProfile(
        name=body.name,
        address_lines=tuple(body.address_lines),
        billing_email=body.billing_email,
        billing_phone=body.billing_phone,
        paper=body.paper,
        payment_url=body.payment_url,
        note=body.note or DEFAULT_NOTE,
        locale=body.locale,
    )
    await firms.save_profile(uow, firm.firm_id, profile)
    return body.model_copy(update={"note": profile.note})
