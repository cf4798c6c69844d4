"""Statement of account routes: one client, or one matter, as PDF, HTML or CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response
from remit_common.web.firm import FirmDep

from remit_statement.entrypoints.http.deps import ClockDep, UowDep
from remit_statement.service_layer.queries import Document, Period, statement_document

router = APIRouter(prefix="/v1", tags=["statements"])

FromQ = Annotated[date | None, Query(alias="from", description="Period start (inclusive).")]
ToQ = Annotated[date | None, Query(alias="to", description="Period end (inclusive); today.")]
FormatQ = Annotated[Literal["pdf", "html", "csv"], Query()]
STATEMENT_DOCS = {
    200: {
        "content": {"application/pdf": {}, "text/html": {}, "text/csv": {}},
        "description": "The statement document.",
    }
}


def document(doc: Document) -> Response:
    """The response carrying a rendered statement (page count in ``X-Page-Count``)."""
    headers = {"Content-Disposition": f'inline; filename="{doc.filename}"'}
    if doc.pages is not None:
        headers["X-Page-Count"] = str(doc.pages)
    return Response(doc.content, media_type=doc.media_type, headers=headers)


@router.get("/clients/{client_id}/statement", responses=STATEMENT_DOCS, response_class=Response)
async def client_statement(
    client_id: UUID,
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    from_: FromQ = None,
    to: ToQ = None,
    format: FormatQ = "pdf",
) -> Response:
    """Statement of account of a client, all matters."""
    period = Period.resolve(from_, to, clock.now().date())
    return document(
        await statement_document(uow, firm.firm_id, period, format, client_id=client_id)
    )


@router.get("/matters/{matter_id}/statement", responses=STATEMENT_DOCS, response_class=Response)
async def matter_statement(
    matter_id: UUID,
    firm: FirmDep,
    uow: UowDep,
    clock: ClockDep,
    from_: FromQ = None,
    to: ToQ = None,
    format: FormatQ = "pdf",
) -> Response:
    """Statement of account of one matter."""
    period = Period.resolve(from_, to, clock.now().date())
    return document(
        await statement_document(uow, firm.firm_id, period, format, matter_id=matter_id)
    )
