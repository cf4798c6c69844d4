"""Service-to-service document routes (``/v1/_internal/...``): what notifier-svc fetches.

Guarded by the shared ``REMIT_INTERNAL_TOKEN`` (``InternalDep``), never by a firm API key: the
firm is named in the path, and every lookup is scoped to it, so an id of another firm is 404
exactly as on the public routes. The documents are rendered by the same use cases as the
public routes.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import Response
from remit_common.web import InternalDep

from remit_statement.entrypoints.http.deps import ClockDep, UowDep
from remit_statement.entrypoints.http.statements import (
    STATEMENT_DOCS,
    FormatQ,
    FromQ,
    ToQ,
    document,
)
from remit_statement.service_layer import batches
from remit_statement.service_layer.queries import Period, statement_document

router = APIRouter(prefix="/v1/_internal/firms/{firm_id}", tags=["internal"])
_PDF = {200: {"content": {"application/pdf": {}}, "description": "The statement PDF."}}


@router.get("/clients/{client_id}/statement", responses=STATEMENT_DOCS, response_class=Response)
async def internal_client_statement(
    firm_id: UUID,
    client_id: UUID,
    _: InternalDep,
    uow: UowDep,
    clock: ClockDep,
    from_: FromQ = None,
    to: ToQ = None,
    format: FormatQ = "pdf",
) -> Response:
    """A client's statement of account, for another Remit service (internal token)."""
    period = Period.resolve(from_, to, clock.now().date())
    return document(await statement_document(uow, firm_id, period, format, client_id=client_id))


@router.get(
    "/statement-batches/{batch_id}/clients/{client_id}.pdf", responses=_PDF, response_class=Response
)
async def internal_batch_item_pdf(
    firm_id: UUID, batch_id: UUID, client_id: UUID, _: InternalDep, uow: UowDep
) -> Response:
    """The statement a batch rendered for one client (the notifier's email attachment)."""
    pdf = await batches.item_pdf(uow, firm_id, batch_id, client_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="statement-{client_id}.pdf"'},
    )
