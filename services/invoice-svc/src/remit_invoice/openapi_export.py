"""Writes (or checks) the committed OpenAPI document ``docs/openapi/invoice-svc.json``.

uv run python -m remit_invoice.openapi_export           # regenerate
uv run python -m remit_invoice.openapi_export --check   # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from remit_invoice.config import Settings
from remit_invoice.main import create_app

REPO_ROOT = Path(__file__).resolve().parents[4]
TARGET = REPO_ROOT / "docs" / "openapi" / "invoice-svc.json"


def render() -> str:
    """The document as committed: sorted keys, two-space indent, trailing newline."""
    # Building the app does no I/O (resources are created in the lifespan), so dummies suffice.
    settings = Settings(
        env="development",
        database_url="postgresql://export@localhost/none",
        kafka_bootstrap_servers="localhost:9092",
    )
    return json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Regenerate the file, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text() if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is stale: run python -m remit_invoice.openapi_export", file=sys.stderr)
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
