"""notifier-svc settings: Remit's shared mixins, plus whatever only this service reads.

Provider endpoints default to the dev sinks (``remit_local.sinks``); production points the same
adapters at the real providers. Secrets that sign tokens or webhooks refuse placeholders
outside development and test, like the admin token.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from remit_common.settings import (
    DatabaseSettings,
    FirmAuthSettings,
    InternalTokenSettings,
    KafkaSettings,
    ServiceSettings,
    TopicSettings,
    is_placeholder_secret,
)


class ProviderSettings(ServiceSettings):
    """Where each channel's provider lives and how to authenticate to it."""

    public_base_url: str = "http://127.0.0.1:8003"
    tracking_secret: SecretStr = SecretStr("changeme")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_s: float = 10.0
    smtp_pool_size: int = Field(16, ge=0, description="open SMTP connections kept for reuse")
    email_from: str = "reminders@remit.localhost"
    email_transport: Literal["smtp", "postmark"] = Field(
        "smtp", description="smtp, or postmark (Postmark's HTTP API, POST /email)"
    )
    email_api_url: str = "https://api.postmarkapp.com"
    email_api_token: SecretStr = SecretStr("changeme")  # X-Postmark-Server-Token
    email_message_stream: str = "outbound"
    email_webhook_secret: SecretStr = SecretStr("changeme")
    sms_api_url: str = "http://127.0.0.1:8026"
    sms_account_sid: str = "AC" + "0" * 32
    sms_auth_token: SecretStr = SecretStr("changeme")
    sms_from: str = "+15005550006"
    print_api_url: str = "http://127.0.0.1:8027"
    print_api_key: SecretStr = SecretStr("test_changeme")
    webhook_url: str | None = "http://127.0.0.1:8028/hooks/reminders"
    webhook_secret: SecretStr = SecretStr("changeme")
    portal_webhook_url: str | None = "http://127.0.0.1:8028/hooks/portal"
    portal_webhook_secret: SecretStr = SecretStr("changeme")
    statement_url: str = "http://127.0.0.1:8004"  # the only origin documents are fetched from
    attachment_max_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    http_timeout_s: float = 10.0
    firm_webhook_allow_private: bool = Field(
        False,
        description="let firms point webhooks at http:// or loopback/private addresses "
        "(always allowed in development and test)",
    )


class DeliverySettings(ServiceSettings):
    """Retry, rate-limit and dispatcher tuning (per channel where providers differ)."""

    delivery_max_attempts: int = Field(5, ge=1)
    delivery_initial_backoff_s: float = Field(2.0, ge=0)
    delivery_max_backoff_s: float = Field(600.0, ge=0)
    email_rate_per_s: float = Field(50.0, gt=0)
    sms_rate_per_s: float = Field(10.0, gt=0)
    print_rate_per_s: float = Field(5.0, gt=0)
    webhook_rate_per_s: float = Field(50.0, gt=0)
    dispatch_batch_size: int = Field(50, ge=1)
    dispatch_concurrency: int = Field(16, ge=1)
    dispatch_poll_interval_s: float = Field(1.0, gt=0)
    dispatch_lease_s: float = Field(120.0, gt=0)
    run_background_workers: bool = True


class Settings(
    DeliverySettings,
    ProviderSettings,
    DatabaseSettings,
    KafkaSettings,
    TopicSettings,
    FirmAuthSettings,
    InternalTokenSettings,
):
    """Everything notifier-svc reads from the environment (names in ``remit_common.settings``).

    ``REMIT_INTERNAL_TOKEN`` (``InternalTokenSettings``) authenticates notifier on other
    services' ``/v1/_internal`` routes: invoice-svc's key introspection and statement-svc's
    statement PDFs.
    """

    service_name: str = "notifier-svc"
    http_port: int = 8003

    @model_validator(mode="after")
    def _refuse_placeholder_signing_secrets(self) -> Settings:
        if self.env in ("development", "test"):
            return self
        names = ["tracking_secret", "email_webhook_secret", "sms_auth_token"]
        if self.email_transport != "smtp":
            names.append("email_api_token")
        for name in names:
            if is_placeholder_secret(getattr(self, name).get_secret_value()):
                raise ValueError(f"REMIT_{name.upper()} must be a real secret in {self.env}")
        return self
