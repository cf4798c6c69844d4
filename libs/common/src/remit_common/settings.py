"""Settings mixins every service composes into its own ``Settings`` class.

A service writes::

    class Settings(ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings):
        service_name: str = "invoice-svc"
        http_port: int = 8001

Environment variables carry the ``REMIT_`` prefix (``REMIT_ENV``, ``REMIT_LOG_LEVEL``,
``REMIT_HTTP_PORT``, ``REMIT_ADMIN_TOKEN``, ``REMIT_CLOCK``...), except that the conventional
bare ``DATABASE_URL`` and ``KAFKA_BOOTSTRAP_SERVERS`` are accepted too (the prefixed spelling
wins when both are set). ``REMIT_ENV`` defaults to ``production`` so a deployment that forgets
it fails closed: placeholder secrets and the controllable clock are refused there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import AliasChoices, AwareDatetime, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from remit_common import topics

Environment = Literal["development", "test", "production"]
SettingsT = TypeVar("SettingsT", bound=BaseSettings)

_CONFIG = SettingsConfigDict(
    env_prefix="REMIT_",
    extra="ignore",
    populate_by_name=True,
    validate_default=True,
)

_PLACEHOLDERS = frozenset(
    {
        "changeme",
        "change-me",
        "change_me",
        "secret",
        "password",
        "admin",
        "token",
        "placeholder",
        "dev",
        "development",
        "test",
        "example",
        "xxx",
        "todo",
    }
)
MIN_SECRET_LENGTH = 16


def is_placeholder_secret(value: str) -> bool:
    """True for secrets nobody should run in production: empty, short, or a known placeholder."""
    stripped = value.strip().lower()
    return (
        len(stripped) < MIN_SECRET_LENGTH
        or stripped in _PLACEHOLDERS
        or "changeme" in stripped.replace("-", "").replace("_", "")
    )


class ServiceSettings(BaseSettings):
    """What every Remit process needs: identity, environment, logging, HTTP, admin, clock."""

    model_config = _CONFIG

    service_name: str = "remit"
    env: Environment = "production"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    http_max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    admin_token: SecretStr = SecretStr("changeme")

    clock: Literal["system", "controllable"] = "system"
    clock_file: Path | None = None
    """Shared controllable-clock state file (e.g. ``.local/clock.json``) for multi-service demos."""
    clock_start: AwareDatetime | None = None
    clock_frozen: bool = False
    clock_cache_seconds: float = Field(default=0.5, ge=0)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.env in ("development", "test"):
            return self
        if is_placeholder_secret(self.admin_token.get_secret_value()):
            raise ValueError(
                f"REMIT_ADMIN_TOKEN is empty, a placeholder or shorter than {MIN_SECRET_LENGTH} "
                f"characters; set a real secret (REMIT_ENV={self.env})"
            )
        if self.clock == "controllable":
            raise ValueError("REMIT_CLOCK=controllable is refused in production")
        return self

    @property
    def is_production(self) -> bool:
        """True outside development and test."""
        return self.env == "production"


class DatabaseSettings(BaseSettings):
    """The service's own PostgreSQL database."""

    model_config = _CONFIG

    # repr=False: the URL holds the password, and settings objects end up in logs and tracebacks.
    database_url: str = Field(
        repr=False,
        validation_alias=AliasChoices("REMIT_DATABASE_URL", "DATABASE_URL"),
        description="postgresql+asyncpg://user:password@host:port/dbname",
    )
    db_pool_size: int = Field(default=10, ge=1)
    db_echo: bool = False

    @model_validator(mode="after")
    def _asyncpg_driver(self) -> DatabaseSettings:
        self.database_url = asyncpg_url(self.database_url)
        return self


def asyncpg_url(url: str) -> str:
    """Accept the libpq spelling people paste from psql, but always drive it with asyncpg."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


class KafkaSettings(BaseSettings):
    """How to reach Kafka and how this service names itself there."""

    model_config = _CONFIG

    kafka_bootstrap_servers: str = Field(
        validation_alias=AliasChoices("REMIT_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"),
        description="comma-separated host:port list",
    )
    kafka_client_id: str | None = None
    kafka_consumer_group_prefix: str = "remit"

    def consumer_group(self, name: str) -> str:
        """The consumer group id for one of this service's consumers, e.g. ``remit.scheduler``."""
        return f"{self.kafka_consumer_group_prefix}.{name}"


class InternalTokenSettings(BaseSettings):
    """The shared secret services present on each other's ``/v1/_internal`` routes."""

    model_config = _CONFIG

    internal_token: SecretStr = Field(
        default=SecretStr("changeme"),
        description="Shared secret services use on invoice-svc's /v1/_internal routes",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_outside_dev(self) -> InternalTokenSettings:
        env = getattr(self, "env", "production")
        if env not in ("development", "test") and is_placeholder_secret(
            self.internal_token.get_secret_value()
        ):
            raise ValueError(
                "REMIT_INTERNAL_TOKEN is empty, a placeholder or shorter than "
                f"{MIN_SECRET_LENGTH} characters; set a real secret (REMIT_ENV={env})"
            )
        return self


class FirmAuthSettings(InternalTokenSettings):
    """How a service checks firm API keys: by asking invoice-svc, their one keeper."""

    invoice_url: str = "http://127.0.0.1:8001"
    api_key_cache_seconds: float = Field(default=30.0, ge=0)


class TopicSettings(BaseSettings):
    """Topic names, overridable per environment (``REMIT_TOPIC_REMINDERS=...``)."""

    model_config = _CONFIG

    topic_invoice_events: str = topics.INVOICE_EVENTS
    topic_reminders: str = topics.REMINDERS
    topic_notifications: str = topics.NOTIFICATIONS
    topic_statements: str = topics.STATEMENTS
    dlq_suffix: str = topics.DLQ_SUFFIX

    def dlq(self, topic: str) -> str:
        """The dead-letter topic for ``topic``."""
        return topic + self.dlq_suffix


def load_settings(cls: type[SettingsT]) -> SettingsT:
    """Read ``cls`` from the environment, or exit with a readable list of what is wrong.

    Used by ``main()``: pydantic's own error text would print the raw input values, which
    include the database URL and its password.
    """
    try:
        return cls()
    except ValidationError as exc:
        lines = [f"invalid configuration for {cls.__module__}.{cls.__name__}:"]
        for err in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(p) for p in err["loc"]) or "settings"
            lines.append(f"  - {where}: {err['msg']}")
        print("\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None


__all__ = [
    "DatabaseSettings",
    "Environment",
    "FirmAuthSettings",
    "InternalTokenSettings",
    "KafkaSettings",
    "MIN_SECRET_LENGTH",
    "ServiceSettings",
    "TopicSettings",
    "asyncpg_url",
    "is_placeholder_secret",
    "load_settings",
]
