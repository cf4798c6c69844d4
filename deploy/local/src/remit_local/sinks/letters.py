"""Print-provider sink: a Lob-like letters API (default 127.0.0.1:8027).

- ``POST /v1/letters`` (JSON, url-encoded or multipart; Basic auth with any API key as user):
  ``to`` and ``from`` (address objects: ``name``/``company``, ``address_line1``, ...; in forms
  as ``to[name]`` etc.), ``file`` (a PDF upload, base64 PDF bytes, or a loopback URL to fetch),
  ``color`` (required, as on Lob), ``double_sided``, ``description``, ``metadata``.
  Honours ``Idempotency-Key``. Answers 200 with a Lob letter (``ltr_...``); 401 without auth;
  422 when the file is not a PDF or a field is missing.
- ``GET /v1/letters/{id}``; ``GET /api/letters``, ``GET /api/letters/{id}/pdf``,
  ``DELETE /api/letters``.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from . import pdf
from .logs import log_event
from .store import Record, RecordStore, new_id, utc_now_iso
from .web import Faults, add_common_routes, basic_auth, is_loopback_url, read_form


class LetterError(Exception):
    """A request Lob would refuse; carries Lob's error shape."""

    def __init__(self, status: int, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code

    def response(self) -> JSONResponse:
        body = {"error": {"message": self.message, "status_code": self.status, "code": self.code}}
        return JSONResponse(body, status_code=self.status)


def _nest(fields: dict[str, list[str]]) -> dict[str, Any]:
    """``{"to[name]": ["Jo"]}`` -> ``{"to": {"name": "Jo"}}`` (Lob's form encoding)."""
    out: dict[str, Any] = {}
    for key, values in fields.items():
        outer, _, inner = key.partition("[")
        if inner.endswith("]"):
            out.setdefault(outer, {})[inner[:-1]] = values[0]
        else:
            out[key] = values[0]
    return out


def _flag(value: Any, name: str, *, required: bool, default: bool = False) -> bool:
    if value is None or value == "":
        if required:
            raise LetterError(422, f"{name} is required")
        return default
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1"):
        return True
    if str(value).lower() in ("false", "0"):
        return False
    raise LetterError(422, f"{name} must be a boolean")


def _address(value: Any, name: str) -> dict[str, Any] | str:
    if isinstance(value, str) and value.startswith("adr_"):
        return value  # a saved Lob address id
    if not isinstance(value, dict):
        raise LetterError(422, f"{name} is required")
    if not (value.get("name") or value.get("company")) or not value.get("address_line1"):
        raise LetterError(422, f"{name} must have name or company, and address_line1")
    return {"id": new_id("adr_", 8), "object": "address", **value}


class LetterSink:
    """Records letters and their PDFs."""

    name = "print"

    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self.faults = Faults()
        self.idempotency: dict[str, str] = {}
        self.app = self._build_app()

    async def create_letter(self, request: Request) -> Response:
        """Validate like Lob, keep the PDF, answer with the letter resource."""
        if (status := self.faults.take()) is not None:
            return LetterError(status, "Simulated provider failure", "unavailable").response()
        if basic_auth(request) is None:
            return LetterError(401, "Missing authentication", "unauthorized").response()
        key = request.headers.get("idempotency-key")
        if key and (known := self.store.get(self.idempotency.get(key, ""))):
            return JSONResponse(self._resource(known, request))
        try:
            data, blob = await self._parse(request)
        except LetterError as exc:
            return exc.response()
        record = self.store.add(Record(data["id"], data, blob))
        if key:
            self.idempotency[key] = record.id
        log_event(self.name, "letter.received", id=record.id, pages=data["pages"], size=len(blob))
        return JSONResponse(self._resource(record, request))

    async def _parse(self, request: Request) -> tuple[dict[str, Any], bytes]:
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                body = await request.json()
            except ValueError as exc:
                raise LetterError(400, "body is not valid JSON") from exc
            if not isinstance(body, dict):
                raise LetterError(400, "body must be a JSON object")
            filename, file = None, body.get("file")
        else:
            form = await read_form(request)
            body = _nest(form.fields)
            upload = form.files.get("file")
            filename, file = (upload.filename, upload.data) if upload else (None, body.get("file"))
        blob = await self._pdf_bytes(file)
        now = utc_now_iso()
        data = {
            "id": new_id("ltr_", 8),
            "description": body.get("description"),
            "metadata": body.get("metadata") or {},
            "to": _address(body.get("to"), "to"),
            "from": _address(body.get("from"), "from"),
            "color": _flag(body.get("color"), "color", required=True),
            "double_sided": _flag(
                body.get("double_sided"), "double_sided", required=False, default=True
            ),
            "address_placement": body.get("address_placement") or "top_first_page",
            "mail_type": body.get("mail_type") or "usps_first_class",
            "pages": pdf.count_pages(blob),
            "file": {"filename": filename, "size": len(blob), "sha256": pdf.sha256(blob)},
            "expected_delivery_date": pdf.business_days_after(now, 4),
            "received_at": now,
        }
        return data, blob

    async def _pdf_bytes(self, file: Any) -> bytes:
        if isinstance(file, bytes):
            blob = file
        elif isinstance(file, str) and file.startswith(("http://", "https://")):
            if not is_loopback_url(file):
                raise LetterError(422, "file URL must be a loopback address in the dev sink")
            async with httpx.AsyncClient(timeout=10) as client:
                try:
                    blob = (await client.get(file)).raise_for_status().content
                except httpx.HTTPError as exc:
                    raise LetterError(422, "file URL could not be fetched") from exc
        elif isinstance(file, str) and file:
            blob = pdf.decode_base64(file)
        else:
            raise LetterError(422, "file is required")
        if not pdf.is_pdf(blob):
            raise LetterError(422, "file must be a PDF (it does not start with %PDF-)")
        return blob

    def _resource(self, record: Record, request: Request) -> dict[str, Any]:
        data = record.data
        return {
            **{k: v for k, v in data.items() if k not in ("file", "pages", "received_at")},
            "url": str(request.url_for("letter_pdf", letter_id=record.id)),
            "return_envelope": False,
            "perforated_page": None,
            "custom_envelope": None,
            "extra_service": None,
            "carrier": "USPS",
            "tracking_events": [],
            "thumbnails": [],
            "merge_variables": None,
            "send_date": data["received_at"],
            "date_created": data["received_at"],
            "date_modified": data["received_at"],
            "object": "letter",
        }

    def _get(self, letter_id: str) -> Record:
        if (record := self.store.get(letter_id)) is None:
            raise HTTPException(404, "letter not found")
        return record

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="remit-sink-print")
        add_common_routes(app, self.faults)

        @app.post("/v1/letters")
        async def create(request: Request) -> Response:
            """Lob: create a letter."""
            return await self.create_letter(request)

        @app.get("/v1/letters/{letter_id}")
        async def fetch(letter_id: str, request: Request) -> Response:
            """Lob: retrieve a letter."""
            if basic_auth(request) is None:
                return LetterError(401, "Missing authentication", "unauthorized").response()
            return JSONResponse(self._resource(self._get(letter_id), request))

        @app.get("/api/letters")
        async def list_letters() -> list[dict[str, Any]]:
            """Letters received, newest last (PDF bytes summarised)."""
            return [r.data for r in self.store.list()]

        @app.get("/api/letters/{letter_id}/pdf", name="letter_pdf")
        async def letter_pdf(letter_id: str) -> Response:
            """The letter's PDF as received."""
            return Response(self._get(letter_id).blob or b"", media_type="application/pdf")

        @app.delete("/api/letters")
        async def clear() -> dict[str, int]:
            """Forget every letter."""
            self.idempotency.clear()
            return {"deleted": self.store.clear()}

        return app
