"""notifier-svc settings: Remit's shared mixins, plus whatever only this service reads."""

from remit_common.settings import DatabaseSettings, KafkaSettings, ServiceSettings, TopicSettings


class Settings(ServiceSettings, DatabaseSettings, KafkaSettings, TopicSettings):
    """Everything notifier-svc reads from the environment (names in ``remit_common.settings``)."""

    service_name: str = "notifier-svc"
    http_port: int = 8003
