"""docker-compose.yml and .env.example against the code: the same four services, the variables
the services read, healthchecks, the topics and databases, and defaults equal to .env.example.

No Docker engine is needed: the file is parsed with PyYAML (``docker compose config`` runs too
when the compose plugin is installed; it needs no daemon).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from deploy_support import (
    CONTAINER_PORT,
    REPO,
    SERVICE_NAMES,
    SERVICES,
    env_names,
    expected_topics,
    field_env_names,
    loopback_defaults,
    peer_urls,
    required_env,
    settings_class,
    topics_in_script,
)

COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}; $$ is a literal dollar.
_VAR = re.compile(r"(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def env_example() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def interpolate(value: str) -> str:
    """Compose interpolation with the .env.example values (what `docker compose` would use)."""
    values = env_example()
    return _VAR.sub(lambda m: values.get(m.group(1), m.group(3) or ""), value).replace("$$", "$")


def test_defaults_in_the_compose_file_are_the_values_of_env_example() -> None:
    values = env_example()
    used = _VAR.findall(COMPOSE.read_text())
    assert used
    for name, op, default in used:
        assert name in values, f"${{{name}}} is not documented in .env.example"
        assert op == ":-", f"${{{name}}} needs a default so the stack starts without .env"
        assert default == values[name], f"${{{name}}} defaults to {default!r}, not {values[name]!r}"


def test_env_example_holds_development_placeholders_only() -> None:
    values = env_example()
    assert values["REMIT_ENV"] == "development"
    for key, value in values.items():
        if any(word in key for word in ("TOKEN", "PASSWORD", "SECRET")):
            assert "dev" in value.lower(), f"{key} does not look like a placeholder"


def test_the_four_services_are_built_from_the_dockerfile_and_read_only_their_variables(
    compose,
) -> None:
    services = compose["services"]
    for name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        s = services[svc]
        assert s["build"]["context"] == "." and s["build"]["args"] == {"SERVICE": name}
        assert s["image"].startswith(f"remit/{svc}:")
        env = {k: interpolate(str(v)) for k, v in s["environment"].items()}
        assert set(env) <= env_names(name), f"{svc}: {set(env) - env_names(name)}"
        for alternatives in required_env(name):
            assert alternatives & set(env), f"{svc} lacks one of {alternatives}"
        assert env["REMIT_HTTP_PORT"] == str(CONTAINER_PORT)
        assert env["DATABASE_URL"].endswith(f"@postgres:5432/remit_{name}")
        assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        (port,) = s["ports"]
        assert port.endswith(f":{CONTAINER_PORT}") and port.startswith("127.0.0.1:")
        assert "/readyz" in " ".join(s["healthcheck"]["test"])
        assert s["read_only"] is True and s["cap_drop"] == ["ALL"]
        assert s["user"] == "10001:10001"
        # Inside a container 127.0.0.1 is the container itself: only browser-facing URLs may
        # keep pointing at the host.
        for field, names in loopback_defaults(name).items():
            if field != "public_base_url":
                assert names & set(env), f"{svc}: {field} keeps its 127.0.0.1 default"
        for setting, peer in peer_urls(name).items():
            value = next(env[v] for v in env if v in field_env_names(settings_class(name))[setting])
            assert value == f"http://{peer}:{CONTAINER_PORT}", f"{svc} {setting}"


def test_the_compose_environment_is_accepted_by_each_services_settings(
    compose, monkeypatch
) -> None:
    """The values compose passes pass the services' own validation (placeholders, URLs)."""
    for name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        env = {k: interpolate(str(v)) for k, v in compose["services"][svc]["environment"].items()}
        with monkeypatch.context() as m:
            for var in env_names(name):
                m.delenv(var, raising=False)
            for key, value in env.items():
                m.setenv(key, value)
            settings = settings_class(name)()
        assert settings.http_port == CONTAINER_PORT
        assert settings.database_url.startswith("postgresql+asyncpg://")


def test_services_wait_for_infra_topics_and_their_own_migrations(compose) -> None:
    services = compose["services"]
    for name, svc in zip(SERVICE_NAMES, SERVICES, strict=True):
        deps = services[svc]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["kafka"]["condition"] == "service_healthy"
        assert deps["kafka-topics"]["condition"] == "service_completed_successfully"
        assert deps[f"{name}-migrate"]["condition"] == "service_completed_successfully"
        migrate = services[f"{name}-migrate"]
        assert migrate["entrypoint"] == [
            "alembic",
            "-c",
            f"services/{svc}/alembic.ini",
            "upgrade",
            "head",
        ]
        assert migrate["image"] == services[svc]["image"]
        assert migrate["build"] == services[svc]["build"]
        assert (
            migrate["environment"]["DATABASE_URL"] == services[svc]["environment"]["DATABASE_URL"]
        )
        assert migrate["restart"] == "no"
    for infra in ("kafka", "postgres", "dev-sinks"):
        assert services[infra]["healthcheck"]["test"], infra


def test_kafka_is_one_kraft_node_without_auto_create_and_the_topics_are_remits(compose) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"] == "apache/kafka:4.1.1"
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    topics = compose["services"]["kafka-topics"]
    assert topics["image"] == kafka["image"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert topics_in_script(topics["command"][0]) == expected_topics()


def test_postgres_16_creates_one_database_per_service(compose) -> None:
    pg = compose["services"]["postgres"]
    assert pg["image"].startswith("postgres:16")
    (config,) = pg["configs"]
    assert config["target"].startswith("/docker-entrypoint-initdb.d/")
    sql = compose["configs"][config["source"]]["content"]
    created = set(re.findall(r"CREATE DATABASE (\w+);", sql))
    assert created == {f"remit_{n}" for n in SERVICE_NAMES}


def test_dev_sinks_run_from_the_remit_local_image(compose) -> None:
    sinks = compose["services"]["dev-sinks"]
    assert sinks["build"]["args"] == {"SERVICE": "local"}
    assert sinks["entrypoint"][:3] == ["python", "-m", "remit_local.sinks"]
    published = {p.split(":")[-1] for p in sinks["ports"]}
    assert published == {"1025", "8025", "8026", "8027", "8028"}


def _compose_plugin() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _compose_plugin(), reason="the docker compose plugin is not installed")
def test_docker_compose_config_accepts_the_file() -> None:
    subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
        cwd=REPO,
        check=True,
        timeout=60,
    )
