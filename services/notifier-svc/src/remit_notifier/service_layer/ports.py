"""The ports the core needs; adapters implement them, the composition root wires them.

New channel adapters implement :class:`ChannelAdapter` and are registered in the
:class:`AdapterRegistry` by the composition root; the dispatcher never names a provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable
from uuid import UUID

from remit_common.events import Channel
from remit_common.kafka.retry import RetryPolicy

from remit_notifier.domain.messages import OutboundMessage, ProviderReceipt


@runtime_checkable
class ChannelAdapter(Protocol):
    """Sends one message on one channel through one provider.

    ``send`` makes exactly one attempt and raises ``TransientProviderError`` (retry later),
    ``PermanentProviderError`` (never retry) or ``DeferDelivery`` (not now, e.g. quiet hours).
    ``idempotent`` is True when a re-send of the same delivery is deduplicated by the provider
    (so crash recovery may re-send). ``retry`` is this adapter's own retry policy.
    """

    channel: Channel
    provider: str
    idempotent: bool
    retry: RetryPolicy

    async def send(self, message: OutboundMessage, now: datetime) -> ProviderReceipt: ...


class AdapterRegistry:
    """Channel -> adapter; register at start-up, look up per delivery."""

    def __init__(self, adapters: Iterable[ChannelAdapter] = ()) -> None:
        self._by_channel: dict[Channel, ChannelAdapter] = {}
        for adapter in adapters:
            self.register(adapter)

    def register(self, adapter: ChannelAdapter) -> None:
        """Add or replace the adapter for its channel."""
        self._by_channel[adapter.channel] = adapter

    def get(self, channel: Channel) -> ChannelAdapter | None:
        """The adapter for ``channel``, None when none is configured."""
        return self._by_channel.get(channel)

    def channels(self) -> list[Channel]:
        return list(self._by_channel)

    async def aclose(self) -> None:
        """Close what adapters hold open between sends (e.g. pooled SMTP connections)."""
        for adapter in self._by_channel.values():
            if (close := getattr(adapter, "aclose", None)) is not None:
                await close()


class StatementPdfSource(Protocol):
    """Where letters and statement e-mails get their PDFs (statement-svc in production).

    Both raise ``TransientProviderError`` (retry later) or ``PermanentProviderError`` (e.g. an
    attachment URL that is not statement-svc's, or a body that is not a PDF).
    """

    async def statement_pdf(self, firm_id: UUID, client_id: UUID) -> bytes:
        """The client's current statement."""
        ...

    async def attachment_pdf(self, url: str, firm_id: UUID) -> bytes:
        """The document a reminder's attachment points at (statement-svc, same firm, only)."""
        ...
