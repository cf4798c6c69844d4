"""The Dockerfile and .dockerignore, read as text (no Docker engine here): a locked, dev-free
uv install per service, a slim non-root runtime, and a build context holding what the build needs.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass

import pytest
from deploy_support import ALL_INTERFACES, REPO, SERVICE_NAMES, dockerignore_excludes
from remit_common.web import server

DOCKERFILE = REPO / "Dockerfile"


@dataclass
class Instruction:
    op: str
    args: str


def parse(text: str) -> list[list[Instruction]]:
    """Instructions grouped by stage (the first group holds what precedes the first FROM)."""
    stages: list[list[Instruction]] = [[]]
    logical = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not logical and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # comment inside a continued instruction
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        op, _, args = logical.partition(" ")
        if op.upper() == "FROM":
            stages.append([])
        stages[-1].append(Instruction(op.upper(), args.strip()))
        logical = ""
    return stages


@pytest.fixture(scope="module")
def stages() -> list[list[Instruction]]:
    return parse(DOCKERFILE.read_text())


def args_of(stage: list[Instruction], op: str) -> list[str]:
    return [i.args for i in stage if i.op == op]


def env_of(stage: list[Instruction]) -> dict[str, str]:
    out = {}
    for args in args_of(stage, "ENV"):
        for pair in shlex.split(args):
            key, _, value = pair.partition("=")
            out[key] = value
    return out


def test_builder_installs_one_service_from_the_lock_without_dev_dependencies(stages) -> None:
    builder = next(s for s in stages if s and "AS builder" in s[0].args)
    syncs = [a for a in args_of(builder, "RUN") if "uv sync" in a]
    assert len(syncs) == 2
    for cmd in syncs:
        assert "--frozen" in cmd and "--no-dev" in cmd
        assert '--package "remit-${SERVICE}"' in cmd
    assert "--no-install-workspace" in syncs[0]
    assert "--no-editable" in syncs[1]
    assert env_of(builder)["UV_PYTHON_DOWNLOADS"] == "never"


def test_builder_copies_every_workspace_members_pyproject_before_the_first_sync(stages) -> None:
    root = tomllib.loads((REPO / "pyproject.toml").read_text())
    members = set()
    for pattern in root["tool"]["uv"]["workspace"]["members"]:
        members |= {
            p.parent.relative_to(REPO).as_posix() for p in REPO.glob(f"{pattern}/pyproject.toml")
        }
    builder = next(s for s in stages if s and "AS builder" in s[0].args)
    first_sync = next(i for i, ins in enumerate(builder) if "uv sync" in ins.args)
    copied = {
        a.split()[0].removesuffix("/pyproject.toml")
        for a in args_of(builder[:first_sync], "COPY")
        if a.split()[0].endswith("/pyproject.toml")
    }
    assert copied == members
    assert "pyproject.toml uv.lock" in " ".join(args_of(builder[:first_sync], "COPY"))


def test_runtime_is_slim_non_root_and_tuned(stages) -> None:
    runtime = stages[-1]
    assert runtime[0].op == "FROM" and runtime[0].args.endswith("AS runtime")
    base = {
        a.split("=", 1)[0].split()[-1]: a.split("=", 1)[1]
        for a in args_of(stages[0], "ARG")
        if "=" in a
    }
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", base["PYTHON_IMAGE"])
    (user,) = args_of(runtime, "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) == 10001, "numeric, so runAsNonRoot can verify it"
    runs = " ".join(args_of(runtime, "RUN"))
    assert "apt-get install" not in runs and "pip install" not in runs, "no build tools at run time"
    assert not any("uv" in a.split() for a in args_of(runtime, "COPY"))
    env = env_of(runtime)
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert int(env["MALLOC_TRIM_THRESHOLD_"]) == server._TRIM_THRESHOLD_BYTES
    assert env["REMIT_HTTP_HOST"] == ALL_INTERFACES and env["REMIT_HTTP_PORT"] == "8000"
    assert args_of(runtime, "EXPOSE") == ["8000"]
    (health,) = args_of(runtime, "HEALTHCHECK")
    assert "/healthz" in health
    (entry,) = args_of(runtime, "ENTRYPOINT")
    assert 'exec python -m \\"remit_${REMIT_SERVICE}\\"' in entry
    assert env["REMIT_SERVICE"] == "${SERVICE}"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_python_dash_m_starts_each_service(name) -> None:
    main = REPO / "services" / f"{name}-svc" / "src" / f"remit_{name}" / "__main__.py"
    assert main.is_file()


def test_dockerignore_keeps_secrets_and_local_state_out_and_the_sources_in() -> None:
    excluded = dockerignore_excludes((REPO / ".dockerignore").read_text())
    for path in (
        ".git/HEAD",
        ".venv/bin/python",
        ".local/kafka/libs/x.jar",
        ".env",
        ".env.production",
        "services/invoice-svc/tests/unit/test_x.py",
        "libs/common/src/remit_common/__pycache__/x.cpython-311.pyc",
    ):
        assert excluded(path), path
    needed = [
        "pyproject.toml",
        "uv.lock",
        "libs/common/pyproject.toml",
        "libs/common/src/remit_common/settings.py",
        "deploy/local/pyproject.toml",
        "deploy/local/src/remit_local/sinks/__main__.py",
    ]
    for name in SERVICE_NAMES:
        svc = f"services/{name}-svc"
        needed += [
            f"{svc}/pyproject.toml",
            f"{svc}/alembic.ini",
            f"{svc}/migrations/env.py",
            f"{svc}/src/remit_{name}/__main__.py",
        ]
    for path in needed:
        assert (REPO / path).is_file(), path
        assert not excluded(path), path
