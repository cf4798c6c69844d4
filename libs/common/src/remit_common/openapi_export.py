"""Write, or check, a service's committed OpenAPI document (``docs/openapi/<service>.json``).

Each service has a small exporter module that names its app and its file::

    PATH = REPO_ROOT / "docs" / "openapi" / "scheduler-svc.json"

    def app() -> FastAPI:
        return create_app(Settings(**OFFLINE_SETTINGS))

    if __name__ == "__main__":
        raise SystemExit(export(app, PATH))

so ``uv run python -m <exporter>`` rewrites the file and ``--check`` exits 1 while it is stale.
A unit test in each service compares the file with :func:`render` too, so the document always
matches the code. Output is deterministic: sorted keys, two-space indent, trailing newline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fastapi import FastAPI

OFFLINE_SETTINGS = {
    "env": "test",
    "database_url": "postgresql+asyncpg://openapi@localhost/none",
    "kafka_bootstrap_servers": "localhost:9092",
}
"""Settings that let a service's app be built for its document: building connects to nothing
(resources are created when the lifespan starts, which it never does here)."""


def render(app_factory: Callable[[], FastAPI]) -> str:
    """The document of the app ``app_factory`` builds, as committed."""
    return json.dumps(app_factory().openapi(), indent=2, sort_keys=True) + "\n"


def export(
    app_factory: Callable[[], FastAPI], path: Path, argv: Sequence[str] | None = None
) -> int:
    """Write the document to ``path``; with ``--check``, return 1 when ``path`` is stale."""
    parser = argparse.ArgumentParser(description=f"Write (or --check) {path.name}.")
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    text = render(app_factory)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run this exporter without --check", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0
