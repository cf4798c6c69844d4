"""Webhook/push sink (default 127.0.0.1:8028): records what signed webhooks deliver.

``POST /hooks/{name}`` accepts any body (JSON expected) and records the headers and the body
both parsed (``json``) and exactly as sent (``body``, or ``body_base64`` if not UTF-8), so
tests can recompute HMAC signatures over the raw bytes. ``GET /api/hooks[?name=]``,
``GET /api/hooks/{id}``, ``DELETE /api/hooks``; ``POST /api/faults`` simulates an outage.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from .logs import log_event
from .store import Record, RecordStore, new_id, utc_now_iso
from .web import Faults, add_common_routes


class HookSink:
    """Records every webhook call, grouped by the ``name`` in its path."""

    name = "hooks"

    def __init__(self, store: RecordStore) -> None:
        self.store = store
        self.faults = Faults()
        self.app = self._build_app()

    async def receive(self, hook: str, request: Request) -> Response:
        """Record one delivery; answers 200 with its id (or an armed fault status)."""
        if (status := self.faults.take()) is not None:
            return JSONResponse({"error": "simulated failure"}, status_code=status)
        raw = await request.body()
        try:
            text: str | None = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        hook_id = new_id("hook_", 12)
        data = {
            "id": hook_id,
            "name": hook,
            "method": request.method,
            "query": dict(request.query_params),
            "headers": dict(request.headers),  # lower-cased names
            "json": parsed,
            "body": text,
            "body_base64": None if text is not None else base64.b64encode(raw).decode(),
            "size": len(raw),
            "received_at": utc_now_iso(),
        }
        self.store.add(Record(hook_id, data, raw))
        log_event(self.name, "hook.received", id=hook_id, hook=hook, size=len(raw))
        return JSONResponse({"id": hook_id, "received": True})

    def _build_app(self) -> FastAPI:
        app = FastAPI(title="remit-sink-hooks")
        add_common_routes(app, self.faults)

        @app.post("/hooks/{hook}")
        async def receive(hook: str, request: Request) -> Response:
            """Accept a webhook delivery."""
            return await self.receive(hook, request)

        @app.get("/api/hooks")
        async def list_hooks(name: str | None = None) -> list[dict[str, Any]]:
            """Deliveries, newest last, optionally for one hook name."""
            return [r.data for r in self.store.list(lambda r: name in (None, r.data["name"]))]

        @app.get("/api/hooks/{hook_id}")
        async def get_hook(hook_id: str) -> dict[str, Any]:
            """One delivery as listed."""
            if (record := self.store.get(hook_id)) is None:
                raise HTTPException(404, "delivery not found")
            return record.data

        @app.delete("/api/hooks")
        async def clear() -> dict[str, int]:
            """Forget every delivery."""
            return {"deleted": self.store.clear()}

        return app
