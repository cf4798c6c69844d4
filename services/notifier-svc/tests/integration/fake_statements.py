"""A stand-in for statement-svc's internal PDF route, for the notifier's integration tests.

``GET /v1/_internal/firms/{firm_id}/clients/{client_id}/statement?format=pdf[&from&to]``
answers a small but real one-page PDF naming the client (and period), only with
``Authorization: Bearer <internal token>``; every request is recorded.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF 1.4 showing ``text`` (objects, xref table and trailer)."""
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def statement_app(token: str, requests: list[dict[str, Any]]) -> FastAPI:
    app = FastAPI(title="fake-statement-svc")

    @app.get("/v1/_internal/firms/{firm_id}/clients/{client_id}/statement")
    async def statement(firm_id: str, client_id: str, request: Request) -> Response:
        params = dict(request.query_params)
        requests.append(
            {
                "path": request.url.path,
                "params": params,
                "authorization": request.headers.get("authorization"),
            }
        )
        if request.headers.get("authorization") != f"Bearer {token}":
            return Response(status_code=401)
        period = f" {params['from']}..{params['to']}" if "from" in params else ""
        return Response(tiny_pdf(f"Statement {client_id}{period}"), media_type="application/pdf")

    return app
