"""Admin and firm-settings routes: seed firm API keys; read and set the statement profile."""

from __future__ import annotations

from fastapi import APIRouter, status
from remit_common.web import AdminDep

from remit_statement.domain.firm import DEFAULT_NOTE, FirmProfile
from remit_statement.entrypoints.http import schemas as s
from remit_statement.entrypoints.http.deps import FirmDep, UowDep
from remit_statement.service_layer import firms

router = APIRouter(prefix="/v1", tags=["firms"])


@router.post("/_admin/firm-keys", status_code=status.HTTP_204_NO_CONTENT)
async def add_firm_key(body: s.FirmKeyCreate, _: AdminDep, uow: UowDep) -> None:
    """Register a firm API key (admin token required); only its sha256 is stored."""
    await firms.add_firm_key(uow, body.firm_id, body.api_key, body.label)


@router.get("/firm-profile", response_model=s.FirmProfileBody)
async def get_profile(firm: FirmDep, uow: UowDep) -> s.FirmProfileBody:
    """The letterhead, paper size, payment link and note used on this firm's statements."""
    p = await firms.get_profile(uow, firm)
    return s.FirmProfileBody(name=p.name, address_lines=list(p.address_lines),
                             billing_email=p.billing_email, billing_phone=p.billing_phone,
                             paper=p.paper, payment_url=p.payment_url, note=p.note,
                             locale=p.locale)


@router.put("/firm-profile", response_model=s.FirmProfileBody)
async def put_profile(body: s.FirmProfileBody, firm: FirmDep, uow: UowDep) -> s.FirmProfileBody:
    """Replace the firm's statement profile."""
    profile = FirmProfile(name=body.name, address_lines=tuple(body.address_lines),
                          billing_email=body.billing_email, billing_phone=body.billing_phone,
                          paper=body.paper, payment_url=body.payment_url,
                          note=body.note or DEFAULT_NOTE, locale=body.locale)
    await firms.save_profile(uow, firm, profile)
    return body.model_copy(update={"note": profile.note})
