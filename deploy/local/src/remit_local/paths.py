"""Where things live: the repository root and the layout of its ignored `.local/` folder.

Everything the local stack writes (Kafka jars, broker and database data, logs, pid files, the
admin token) lives under `<repo>/.local/`, which git ignores. Two environment variables move it,
mostly for tests that need a second, isolated stack:

- `REMIT_REPO_ROOT`: the repository root (default: found by walking up to the uv workspace).
- `REMIT_LOCAL_DIR`: the state folder (default: `<repo>/.local`). The Kafka jars stay in
  `<repo>/.local/kafka/libs` either way, so a second stack does not fetch them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path


class RepoNotFoundError(RuntimeError):
    """Raised when no Remit checkout can be found above the working directory."""


def _is_workspace_root(path: Path) -> bool:
    pyproject = path / "pyproject.toml"
    if not pyproject.is_file():
        return False
    text = pyproject.read_text(encoding="utf-8", errors="replace")
    return "[tool.uv.workspace]" in text and (path / "deploy" / "local").is_dir()


def repo_root() -> Path:
    """The Remit checkout: `REMIT_REPO_ROOT`, else the uv workspace root above cwd or this file."""
    override = os.environ.get("REMIT_REPO_ROOT")
    if override:
        return Path(override).resolve()
    for start in (Path.cwd().resolve(), Path(__file__).resolve().parent):
        for candidate in (start, *start.parents):
            if _is_workspace_root(candidate):
                return candidate
    raise RepoNotFoundError(
        "Cannot find the Remit repository: run this from inside the checkout "
        "(or set REMIT_REPO_ROOT=/path/to/remit)."
    )


@dataclass(frozen=True)
class Layout:
    """Paths of one local stack. Create with `Layout.default()`; folders are made on demand."""

    repo: Path
    state: Path

    @classmethod
    def default(cls) -> Layout:
        """The layout for this checkout, honouring `REMIT_LOCAL_DIR`."""
        repo = repo_root()
        state = os.environ.get("REMIT_LOCAL_DIR")
        return cls(repo=repo, state=Path(state).resolve() if state else repo / ".local")

    # --- Kafka -----------------------------------------------------------------------------
    @cached_property
    def kafka_pom(self) -> Path:
        return self.repo / "deploy" / "local" / "kafka" / "pom.xml"

    @cached_property
    def kafka_libs(self) -> Path:
        """Jar cache; shared by every stack of this checkout."""
        return self.repo / ".local" / "kafka" / "libs"

    @cached_property
    def kafka_dir(self) -> Path:
        return self.state / "kafka"

    @cached_property
    def kafka_data(self) -> Path:
        return self.kafka_dir / "data"

    @cached_property
    def kafka_properties(self) -> Path:
        return self.kafka_dir / "server.properties"

    @cached_property
    def kafka_log4j(self) -> Path:
        return self.kafka_dir / "log4j2.yaml"

    @cached_property
    def kafka_cluster_id(self) -> Path:
        return self.kafka_dir / "cluster-id"

    # --- PostgreSQL ------------------------------------------------------------------------
    @cached_property
    def pg_dir(self) -> Path:
        """Owned by the `remit-pg` OS user when we run as root."""
        return self.state / "pg"

    @cached_property
    def pg_data(self) -> Path:
        return self.pg_dir / "data"

    @cached_property
    def pg_socket_dir(self) -> Path:
        return self.pg_dir / "sock"

    @cached_property
    def pg_log(self) -> Path:
        return self.pg_dir / "postgres.log"

    # --- everything else -------------------------------------------------------------------
    @cached_property
    def logs(self) -> Path:
        return self.state / "logs"

    @cached_property
    def run(self) -> Path:
        return self.state / "run"

    @cached_property
    def internal_token(self) -> Path:
        """Where the dev stack keeps the shared service-to-service token."""
        return self.state / "internal-token"

    @cached_property
    def clock_file(self) -> Path:
        """The dev stack's shared controllable clock (all services read the same offset)."""
        return self.state / "clock.json"

    @cached_property
    def admin_token(self) -> Path:
        return self.state / "admin-token"

    def log_file(self, name: str) -> Path:
        """The log of a background process we start (`kafka`, `sinks`, `invoice`, ...)."""
        return self.logs / f"{name}.log"

    def pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"
