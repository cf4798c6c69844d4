"""Settings of the dev sinks, read from the environment (``REMIT_SINK_*``).

Port 0 asks the OS for a free port (what the tests do); the bound ports are reported by
:class:`remit_local.sinks.runner.RunningSinks`.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .store import DEFAULT_CAPACITY


class SinkSettings(BaseSettings):
    """Where the sinks listen and how they behave. Every field has an env var."""

    model_config = SettingsConfigDict(env_prefix="REMIT_SINK_", populate_by_name=True)

    host: str = "127.0.0.1"
    smtp_port: int = Field(1025, ge=0, le=65535)
    smtp_http_port: int = Field(8025, ge=0, le=65535)
    sms_port: int = Field(8026, ge=0, le=65535)
    print_port: int = Field(8027, ge=0, le=65535)
    hook_port: int = Field(8028, ge=0, le=65535)
    capacity: int = Field(DEFAULT_CAPACITY, ge=1, description="records kept per sink")
    smtp_tls_cert: str | None = Field(None, description="PEM certificate: enables STARTTLS")
    smtp_tls_key: str | None = None
    sms_inbound_webhook: str | None = Field(
        None,
        validation_alias=AliasChoices("REMIT_SMS_INBOUND_WEBHOOK", "sms_inbound_webhook"),
        description="where POST /api/inbound forwards simulated replies",
    )
    sms_auth_token: str | None = Field(None, description="signs forwarded inbound webhooks")
    sms_callback_delay: float = Field(0.2, ge=0, description="seconds before each callback")

    def ports(self) -> dict[str, int]:
        """The configured port of each listener, by name."""
        return {
            "smtp": self.smtp_port,
            "smtp_http": self.smtp_http_port,
            "sms": self.sms_port,
            "print": self.print_port,
            "hooks": self.hook_port,
        }


ENV_BY_LISTENER = {
    "smtp": "REMIT_SINK_SMTP_PORT",
    "smtp_http": "REMIT_SINK_SMTP_HTTP_PORT",
    "sms": "REMIT_SINK_SMS_PORT",
    "print": "REMIT_SINK_PRINT_PORT",
    "hooks": "REMIT_SINK_HOOK_PORT",
}
