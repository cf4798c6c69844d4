"""Writes statement-svc's OpenAPI document to ``docs/openapi/statement-svc.json``.

``python -m remit_statement.openapi`` regenerates it; a unit test fails when it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from remit_statement.config import Settings
from remit_statement.main import create_app

DOC = Path(__file__).resolve().parents[4] / "docs" / "openapi" / "statement-svc.json"


def document() -> str:
    """The OpenAPI JSON as committed (sorted keys, trailing newline)."""
    settings = Settings(env="test", database_url="postgresql+asyncpg://x@127.0.0.1:1/x",
                        kafka_bootstrap_servers="127.0.0.1:1")
    return json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(document())
    print(f"wrote {DOC}")
