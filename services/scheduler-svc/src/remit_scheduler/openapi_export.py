"""Writes scheduler-svc's OpenAPI document to ``docs/openapi/scheduler-svc.json``.

Run ``uv run python -m remit_scheduler.openapi_export`` after changing a route or schema; a
unit test fails while the committed file differs from what the code produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from remit_scheduler.config import Settings
from remit_scheduler.main import create_app

REPO_ROOT = Path(__file__).resolve().parents[4]
SPEC_PATH = REPO_ROOT / "docs" / "openapi" / "scheduler-svc.json"


def build_spec() -> dict[str, Any]:
    """The OpenAPI document; building the app connects to nothing (the lifespan does not run)."""
    settings = Settings(
        env="test",
        database_url="postgresql+asyncpg://openapi@localhost/none",
        kafka_bootstrap_servers="localhost:9092",
    )
    return create_app(settings).openapi()


def render() -> str:
    """The document as committed: sorted keys, two-space indent, trailing newline."""
    return json.dumps(build_spec(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Write the document (or, with ``--check``, exit 1 when the committed one is stale)."""
    text = render()
    if "--check" in sys.argv[1:]:
        current = SPEC_PATH.read_text(encoding="utf-8") if SPEC_PATH.exists() else ""
        sys.exit(0 if current == text else 1)
    SPEC_PATH.parent.mkdir(parents=True, exist_ok=True)
    SPEC_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SPEC_PATH}")


if __name__ == "__main__":
    main()
