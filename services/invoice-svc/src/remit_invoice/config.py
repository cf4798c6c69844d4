"""invoice-svc settings: Remit's shared mixins, plus whatever only this service reads."""

from pydantic import Field
from remit_common.settings import (
    DatabaseSettings,
    InternalTokenSettings,
    KafkaSettings,
    ServiceSettings,
    TopicSettings,
)


class Settings(
    ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings, InternalTokenSettings
):
    """Everything invoice-svc reads from the environment (names in ``remit_common.settings``)."""

    service_name: str = "invoice-svc"
    http_port: int = 8001
    # A 1,000-invoice batch with line items is well over the shared 1 MiB default.
    http_max_body_bytes: int = Field(default=8 * 1024 * 1024, ge=1)

    api_key_local_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    """How long this process trusts a key it verified (0 disables). A revoke here clears it at
    once; other replicas stop accepting a revoked key within this bound."""

    outbox_relay_enabled: bool = True
    """Publish committed outbox rows (REMIT_OUTBOX_RELAY_ENABLED=false to run a relay elsewhere)."""
    outbox_batch_size: int = Field(default=500, ge=1)
    outbox_poll_interval_seconds: float = Field(default=0.05, gt=0)

    ingress_enabled: bool = True
    """Consume external payments and views from the invoice-events topic."""
    ingress_grace_seconds: float = Field(default=300.0, ge=0)
    """How long an event about an unknown invoice is retried before it is dead-lettered."""
    ingress_max_backoff_seconds: float = Field(default=5.0, gt=0)
