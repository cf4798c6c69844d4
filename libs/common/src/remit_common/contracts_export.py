"""Generate the published event contracts from the models, or check they are current.

    uv run python -m remit_common.contracts_export          # (re)write docs/
    uv run python -m remit_common.contracts_export --check  # exit 1 and list stale files

Writes ``docs/events/<type>.schema.json`` (JSON Schema 2020-12 of the whole CloudEvents
envelope for that type, ``$id`` = its dataschema URI) and ``docs/asyncapi.yaml``.  Output is
deterministic (sorted keys, registry order) so that a byte comparison detects staleness.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from remit_common.contracts_asyncapi import build_asyncapi
from remit_common.events.registry import EVENT_TYPES
from remit_common.events.schemas import envelope_schema

__all__ = ["generate", "main", "stale_files", "write"]

EVENTS_DIR = Path("docs/events")
ASYNCAPI_PATH = Path("docs/asyncapi.yaml")


def _dump_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _dump_yaml(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100)


def generate() -> dict[Path, str]:
    """Every contract file, relative to the repository root, with its exact content."""
    files = {
        EVENTS_DIR / f"{event_type}.schema.json": _dump_json(envelope_schema(model))
        for event_type, model in EVENT_TYPES.items()
    }
    files[ASYNCAPI_PATH] = _dump_yaml(build_asyncapi())
    return files


def _orphans(root: Path, expected: Mapping[Path, str]) -> list[Path]:
    # Schemas of types that no longer exist are stale too.
    return sorted(
        path.relative_to(root)
        for path in (root / EVENTS_DIR).glob("*.schema.json")
        if path.relative_to(root) not in expected
    )


def stale_files(root: Path) -> list[Path]:
    """Contract files under ``root`` that are missing, different or no longer generated."""
    expected = generate()
    stale = [
        path
        for path, content in expected.items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != content
    ]
    return sorted(stale) + _orphans(root, expected)


def write(root: Path) -> list[Path]:
    """Write the contracts under ``root``; returns the files changed or removed."""
    expected = generate()
    changed = []
    for path, content in expected.items():
        target = root / path
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        changed.append(path)
    for orphan in _orphans(root, expected):
        (root / orphan).unlink()
        changed.append(orphan)
    return changed


def find_repo_root(start: Path) -> Path:
    """The workspace root: the nearest ancestor whose pyproject declares the uv workspace."""
    for directory in (start, *start.parents):
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "[tool.uv.workspace]" in pyproject.read_text("utf-8"):
            return directory
    raise FileNotFoundError(f"no uv workspace root above {start}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/ is stale")
    parser.add_argument("--root", type=Path, help="repository root (default: found upward)")
    args = parser.parse_args(argv)
    root = args.root or find_repo_root(Path(__file__).resolve().parent)
    if args.check:
        stale = stale_files(root)
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        if stale:
            print("run: uv run python -m remit_common.contracts_export", file=sys.stderr)
            return 1
        print(f"event contracts up to date ({len(EVENT_TYPES)} types)")
        return 0
    for path in write(root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
