"""scheduler-svc settings: Remit's shared mixins, plus whatever only this service reads."""

from pydantic import Field
from remit_common.settings import (
    DatabaseSettings,
    FirmAuthSettings,
    KafkaSettings,
    ServiceSettings,
    TopicSettings,
)


class Settings(ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings, FirmAuthSettings):
    """Everything scheduler-svc reads from the environment (names in ``remit_common.settings``)."""

    service_name: str = "scheduler-svc"
    http_port: int = 8002

    dispatch_batch_size: int = Field(default=500, ge=1, le=10_000)
    dispatch_interval_seconds: float = Field(default=1.0, gt=0)
    replan_batch_size: int = Field(default=100, ge=1, le=10_000)
    consumer_name: str = Field(
        default="scheduler", description="Consumer group suffix (remit.<name>)."
    )
