"""Writes notifier-svc's OpenAPI document to ``docs/openapi/notifier-svc.json``.

``python -m remit_notifier.openapi`` regenerates it; a test fails when the committed copy is
stale, so the document always matches the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from remit_notifier.config import Settings
from remit_notifier.main import create_app

REPO_ROOT = Path(__file__).resolve().parents[4]
OPENAPI_PATH = REPO_ROOT / "docs" / "openapi" / "notifier-svc.json"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, built without connecting to anything."""
    settings = Settings(env="test", database_url="postgresql://openapi@localhost/none",
                        kafka_bootstrap_servers="localhost:9092")
    return create_app(settings).openapi()


def render() -> str:
    """The document as committed: sorted keys, two-space indent, trailing newline."""
    return json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    OPENAPI_PATH.parent.mkdir(parents=True, exist_ok=True)
    OPENAPI_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {OPENAPI_PATH}")


if __name__ == "__main__":
    main()
