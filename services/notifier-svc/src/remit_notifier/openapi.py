"""Writes (or checks) notifier-svc's OpenAPI document ``docs/openapi/notifier-svc.json``.

``uv run python -m remit_notifier.openapi`` regenerates it after a route or schema changes
(``--check``: exit 1 while it is stale); a unit test fails while the committed copy differs
from what the code produces. The writing is ``remit_common.openapi_export``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from remit_common.openapi_export import OFFLINE_SETTINGS, export

from remit_notifier.config import Settings
from remit_notifier.main import create_app

PATH = Path(__file__).resolve().parents[4] / "docs" / "openapi" / "notifier-svc.json"


def app() -> FastAPI:
    """The app the document describes (built, never started: no connections)."""
    return create_app(Settings(**OFFLINE_SETTINGS))


if __name__ == "__main__":
    raise SystemExit(export(app, PATH))
