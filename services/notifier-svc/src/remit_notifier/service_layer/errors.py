"""notifier-svc's error taxonomy: what use cases raise, mapped once to problem+json."""

from remit_common.errors import Conflict, InvalidRequest, NotFound, Unauthorized


class TemplateNotFound(NotFound):
    type = "template-not-found"
    title = "Template not found"


class DeadLetterNotFound(NotFound):
    type = "dead-letter-not-found"
    title = "Dead letter not found"


class TemplateRejected(InvalidRequest):
    """The template has lint errors and the firm did not override them."""

    type = "template-rejected"
    title = "Template rejected by the tone check"


class ChannelSettingsRejected(InvalidRequest):
    """A firm's channel settings are unusable (a webhook URL without a secret, a private URL)."""

    type = "channel-settings-rejected"
    title = "Channel settings rejected"


class AlreadyReplayed(Conflict):
    type = "dead-letter-replayed"
    title = "Dead letter already replayed"


class UnknownProvider(NotFound):
    type = "unknown-provider"
    title = "Unknown provider"


class BadSignature(Unauthorized):
    type = "bad-signature"
    title = "Webhook signature invalid"


__all__ = [
    "AlreadyReplayed",
    "BadSignature",
    "ChannelSettingsRejected",
    "DeadLetterNotFound",
    "TemplateNotFound",
    "TemplateRejected",
    "UnknownProvider",
]
