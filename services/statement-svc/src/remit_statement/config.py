"""statement-svc settings: Remit's shared mixins, plus whatever only this service reads."""

from pydantic import Field
from remit_common.settings import (
    DatabaseSettings,
    FirmAuthSettings,
    KafkaSettings,
    ServiceSettings,
    TopicSettings,
)


class Settings(ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings, FirmAuthSettings):
    """Everything statement-svc reads from the environment (names in ``remit_common.settings``)."""

    service_name: str = "statement-svc"
    http_port: int = 8004
    public_base_url: str = Field(
        "http://127.0.0.1:8004",
        description="Base URL other services use to fetch documents (batch PDF links).",
    )
    run_consumers: bool = Field(True, description="Consume invoice, reminder, notification events.")
    run_outbox_relay: bool = True
    run_batch_worker: bool = True
    batch_poll_interval_s: float = Field(0.5, gt=0)
