"""Settings mixins: env names, bare DATABASE_URL/KAFKA_BOOTSTRAP_SERVERS, production guard rails."""

import pytest
from pydantic import ValidationError
from remit_common.settings import (
    DatabaseSettings,
    KafkaSettings,
    ServiceSettings,
    TopicSettings,
    is_placeholder_secret,
    load_settings,
)


class Settings(ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings):
    service_name: str = "demo-svc"
    http_port: int = 8009


REQUIRED = {"database_url": "postgresql+asyncpg://u:p@h/db", "kafka_bootstrap_servers": "k:9092"}
REAL_TOKEN = "b2f1c0a9e8d7c6b5a4f3e2d1"  # noqa: S105 - test value


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in (
        "DATABASE_URL",
        "KAFKA_BOOTSTRAP_SERVERS",
        "REMIT_ENV",
        "REMIT_ADMIN_TOKEN",
        "REMIT_CLOCK",
        "REMIT_DATABASE_URL",
        "REMIT_KAFKA_BOOTSTRAP_SERVERS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("token", ["changeme", "", "short-token", "CHANGEME-please-ok", "password"])
def test_placeholder_admin_token_refused_in_production(token):
    with pytest.raises(ValidationError, match="REMIT_ADMIN_TOKEN"):
        Settings(env="production", admin_token=token, **REQUIRED)


@pytest.mark.parametrize("env", ["development", "test"])
def test_placeholder_admin_token_accepted_in_development_and_test(env):
    settings = Settings(env=env, admin_token="changeme", **REQUIRED)  # noqa: S106
    assert settings.admin_token.get_secret_value() == "changeme"


def test_real_token_accepted_in_production_and_not_shown():
    settings = Settings(env="production", admin_token=REAL_TOKEN, **REQUIRED)
    assert REAL_TOKEN not in repr(settings)
    assert "u:p@h" not in repr(settings)  # the DSN carries a password


def test_production_is_the_default_environment():
    with pytest.raises(ValidationError):
        Settings(**REQUIRED)  # default token is a placeholder, default env is production


def test_controllable_clock_refused_in_production():
    with pytest.raises(ValidationError, match="controllable"):
        Settings(env="production", admin_token=REAL_TOKEN, clock="controllable", **REQUIRED)


def test_reads_prefixed_and_bare_environment_variables(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://remit:remit@127.0.0.1:5432/invoice")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    monkeypatch.setenv("REMIT_ENV", "development")
    monkeypatch.setenv("REMIT_HTTP_PORT", "9100")
    monkeypatch.setenv("REMIT_CLOCK", "controllable")
    monkeypatch.setenv("REMIT_TOPIC_REMINDERS", "custom.reminders")
    settings = Settings()
    # libpq spelling is accepted and driven with asyncpg
    assert settings.database_url == "postgresql+asyncpg://remit:remit@127.0.0.1:5432/invoice"
    assert settings.kafka_bootstrap_servers == "127.0.0.1:9092"
    assert settings.http_port == 9100 and settings.clock == "controllable"
    assert settings.topic_reminders == "custom.reminders"
    monkeypatch.setenv("REMIT_DATABASE_URL", "postgresql+asyncpg://other/db")
    assert Settings().database_url == "postgresql+asyncpg://other/db"


def test_defaults():
    settings = Settings(env="test", **REQUIRED)
    assert settings.service_name == "demo-svc" and settings.http_port == 8009
    assert settings.topic_invoice_events == "billing.invoice-events.v1"
    assert settings.topic_reminders == "billing.reminders.v1"
    assert settings.topic_notifications == "billing.notifications.v1"
    assert settings.topic_statements == "billing.statements.v1"
    assert settings.dlq(settings.topic_reminders) == "billing.reminders.v1.dlq"
    assert settings.consumer_group("scheduler") == "remit.scheduler"
    assert settings.http_max_body_bytes == 1024 * 1024


def test_missing_database_url_is_a_clear_error():
    with pytest.raises(ValidationError, match="DATABASE_URL"):
        Settings(env="test", kafka_bootstrap_servers="k:1")


def test_is_placeholder_secret():
    assert is_placeholder_secret("changeme")
    assert is_placeholder_secret("x" * 15)
    assert not is_placeholder_secret(REAL_TOKEN)


def test_load_settings_exits_with_a_readable_message_without_values(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://remit:hunter2@db/x")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k:1")
    monkeypatch.setenv("REMIT_ENV", "production")
    with pytest.raises(SystemExit) as exit_info:
        load_settings(Settings)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "REMIT_ADMIN_TOKEN" in err and "hunter2" not in err
