"""The dispatcher: claims queued deliveries, re-checks the invoice, renders, sends, records.

Send-once protocol for one (reminder, channel) row:

1. **Claim** (own transaction): ``queued -> sending``, ``attempts + 1``, lease until
   ``now + lease``, with ``FOR UPDATE SKIP LOCKED`` so replicas never claim the same row.
2. **Prepare** (read-only transaction): payload, current invoice states, firm, opt-outs,
   templates, the firm's channel settings (its own webhook endpoint and e-mail identity
   take precedence over the global defaults: ``domain.channel_settings``). Paid meanwhile /
   opted out / no address -> ``dropped``; a template that fails to render or a missing firm
   profile -> ``failed`` + dead letter (other reminders carry on).
3. **Send** once through the channel's adapter, outside any transaction (e-mail and letters
   first fetch the reminder's attachments from statement-svc's internal route).
4. **Record** (own transaction, guarded by the claimed attempt): ``sent`` + event, or retry
   at ``now + backoff`` (exponential, full jitter, the adapter's own policy), or ``failed`` +
   dead letter after the adapter's last attempt.

A database outage at 4 is retried in-process for most of the lease. A crash between 3 and 4
leaves the row in ``sending``; when its lease expires
:meth:`Dispatcher.recover` re-queues it only if the adapter is idempotent (same Message-ID /
Idempotency-Key / delivery id on the re-send), and otherwise dead-letters it for a person to
decide (SMS). Residual risk: a provider that ignores the dedup key may deliver twice after
such a crash; nothing is ever re-sent blindly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from remit_common.background import PollingWorker
from remit_common.clock import Clock
from remit_common.events import Channel, ReminderDue
from remit_common.kafka.errors import is_infrastructure_error
from sqlalchemy import Row

from remit_notifier.domain.builtin import BUILTINS
from remit_notifier.domain.channel_settings import apply_channel_settings
from remit_notifier.domain.compose import NothingToSend, TrackingLinks, compose
from remit_notifier.domain.delivery import DeliveryStatus as S
from remit_notifier.domain.delivery import after_crash
from remit_notifier.domain.invoice_state import reconcile
from remit_notifier.domain.messages import (
    DeferDelivery,
    FileAttachment,
    OutboundMessage,
    PermanentProviderError,
    TransientProviderError,
)
from remit_notifier.domain.rendering import RenderError
from remit_notifier.domain.templates import (
    effective_kind,
    language_chain,
    parse_template_name,
    resolve_template,
)
from remit_notifier.domain.tracking import make_token
from remit_notifier.service_layer import outcomes
from remit_notifier.service_layer.intake import recipient_hash
from remit_notifier.service_layer.metrics import RENDER_FAILURES, SEND_SECONDS
from remit_notifier.service_layer.ports import AdapterRegistry, StatementPdfSource
from remit_notifier.service_layer.unit_of_work import UowFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DispatchConfig:
    batch_size: int = 50
    concurrency: int = 16
    poll_interval_s: float = 1.0
    lease_s: float = 120.0
    public_base_url: str = "http://127.0.0.1:8003"
    tracking_secret: bytes = b""


class Dispatcher(PollingWorker):
    """Background worker; ``wake()`` after queueing for low latency, ``stop()`` to finish."""

    def __init__(
        self,
        uow_factory: UowFactory,
        adapters: AdapterRegistry,
        clock: Clock,
        config: DispatchConfig,
        documents: StatementPdfSource | None = None,
    ) -> None:
        super().__init__(name="notifier-dispatcher", interval_s=config.poll_interval_s)
        self._uow = uow_factory
        self._documents = documents
        self._adapters = adapters
        self._clock = clock
        self._config = config
        self._slots = asyncio.Semaphore(config.concurrency)

    async def run_pass(self) -> bool:
        """Re-queue expired leases, then dispatch a batch; True when the batch was full.

        A failed pass (e.g. a database outage) is waited out by the polling loop, never fatal.
        """
        await self.recover()
        return await self.run_once() >= self._config.batch_size

    async def run_once(self) -> int:
        """Claim one batch and process it; returns how many deliveries were claimed."""
        now = self._clock.now()
        async with self._uow() as uow:
            rows = await uow.deliveries.claim_due(
                now, self._config.batch_size, timedelta(seconds=self._config.lease_s)
            )
        await asyncio.gather(*(self._guarded(row) for row in rows))
        return len(rows)

    async def recover(self) -> int:
        """Resolve deliveries whose sender died mid-send (see the module docstring)."""
        now = self._clock.now()
        async with self._uow() as uow:
            rows = await uow.deliveries.expired_claims(now)
            requeue = [r for r in rows if self._idempotent(r.channel)]
            for row in requeue:
                await uow.deliveries.transition(
                    row.id,
                    S.SENDING,
                    after_crash(True),
                    now,
                    attempt=row.attempts,
                    next_attempt_at=now,
                    claimed_until=None,
                    reason="re-queued after an interrupted send (provider deduplicates)",
                )
        for row in (r for r in rows if r not in requeue):
            await outcomes.mark_failed(
                self._uow,
                row,
                "",
                "outcome unknown after an interrupted send; not re-sent "
                "automatically because the provider cannot deduplicate (replay to send)",
                now,
            )
        return len(rows)

    def _idempotent(self, channel: str) -> bool:
        adapter = self._adapters.get(Channel(channel))
        return bool(adapter and adapter.idempotent)

    async def _guarded(self, row: Row) -> None:
        async with self._slots:
            try:
                await self._process(row)
            except Exception:
                # Left in "sending": the lease expires and recover() decides, never a blind resend.
                log.exception("delivery processing failed", extra={"delivery_id": str(row.id)})

    async def _process(self, row: Row) -> None:
        now = self._clock.now()
        channel = Channel(row.channel)
        adapter = self._adapters.get(channel)
        async with self._uow() as uow:
            reminder = ReminderDue.model_validate(
                await uow.deliveries.reminder_payload(row.reminder_id)
            )
            states = await uow.read.invoice_states(row.invoice_ids)
            firm = await uow.read.firm(row.firm_id)
            opted_out = await uow.read.opted_out(row.client_id, row.channel)
            kind, tone = parse_template_name(
                reminder.template, reminder.step.kind, reminder.step.tone
            )
            checked = reconcile(kind, reminder.items, states)
            kind = effective_kind(kind, any(i.due_date for i in checked.items))
            firm_templates = await uow.templates.for_kind(row.firm_id, kind.value, tone.value)
            channel_settings = await uow.channel_settings.get(row.firm_id)
        if opted_out:
            reason = f"client opted out of {channel}"
            return await outcomes.mark_dropped(self._uow, row, reason, now)
        if checked.nothing_left:
            reasons = ", ".join(sorted(set(checked.dropped.values())))
            return await outcomes.mark_dropped(self._uow, row, f"not sent: {reasons}", now)
        if adapter is None or firm is None:
            reason = "no adapter for this channel" if adapter is None else "firm profile missing"
            return await outcomes.mark_failed(self._uow, row, "", reason, now)
        chain = language_chain(reminder.language or reminder.client.language, firm.default_language)
        template = resolve_template(kind, tone, chain, firm_templates, BUILTINS)
        try:
            composed = compose(
                reminder,
                checked.items,
                firm,
                template,
                channel=channel,
                delivery_id=row.id,
                links=self._links(row),
                now=now,
            )
        except NothingToSend as exc:
            return await outcomes.mark_dropped(self._uow, row, str(exc), now)
        except RenderError as exc:
            RENDER_FAILURES.labels(row.channel).inc()
            log.error(
                "template failed to render",
                extra={"delivery_id": str(row.id), "template": template.name},
            )
            return await outcomes.mark_failed(
                self._uow,
                row,
                adapter.provider,
                f"template {template.name} ({template.source},"
                f" {template.language}) failed to render: {exc.reason}",
                now,
            )
        started = time.perf_counter()
        try:
            message = apply_channel_settings(composed.message, channel_settings)
            message = await self._attach(message, reminder)
            receipt = await adapter.send(message, now)
        except DeferDelivery as exc:
            return await outcomes.mark_deferred(self._uow, row, exc.until, exc.reason, now)
        except PermanentProviderError as exc:
            return await outcomes.mark_failed(self._uow, row, adapter.provider, exc.reason, now)
        except Exception as exc:  # transient, or an adapter bug: both are worth retrying
            reason = exc.reason if isinstance(exc, TransientProviderError) else type(exc).__name__
            if row.attempts >= adapter.retry.max_attempts:
                return await outcomes.mark_failed(
                    self._uow,
                    row,
                    adapter.provider,
                    f"gave up after {row.attempts} attempts: {reason}",
                    now,
                )
            delay = adapter.retry.backoff(row.attempts)
            if isinstance(exc, TransientProviderError) and exc.retry_after:
                delay = max(delay, exc.retry_after)
            return await outcomes.mark_retry(
                self._uow, row, adapter.provider, reason, now + timedelta(seconds=delay), now
            )
        SEND_SECONDS.labels(row.channel).observe(time.perf_counter() - started)
        await self._record_sent(
            row,
            lambda: outcomes.mark_sent(
                self._uow,
                row,
                receipt,
                template=template.name,
                variant=composed.variant,
                recipient_hash=recipient_hash(composed.message.recipient),
                now=now,
            ),
        )

    async def _record_sent(self, row: Row, record: Callable[[], Awaitable[None]]) -> None:
        """Record a send that already happened, riding out a database outage within the lease.

        Giving up here is what would leave the row in ``sending`` for :meth:`recover` to send
        again after the lease, so an outage (e.g. PostgreSQL restarting) is retried in-process
        for most of the lease; only past that does the residual risk above apply.
        """
        deadline = time.monotonic() + 0.8 * self._config.lease_s
        delay = 0.2
        while True:
            try:
                return await record()
            except Exception as exc:
                if not is_infrastructure_error(exc) or time.monotonic() + delay > deadline:
                    raise
                log.warning(
                    "recording a sent delivery failed; retrying",
                    extra={"delivery_id": str(row.id), "error_class": type(exc).__name__},
                )
                await asyncio.sleep(delay)
                delay = min(2 * delay, 5.0)

    async def _attach(self, message: OutboundMessage, reminder: ReminderDue) -> OutboundMessage:
        """Fetch the reminder's attachments (e-mail and letters) from statement-svc.

        Only the documents source fetches, and only from statement-svc (see
        ``adapters.providers.statements``); a refused URL fails the delivery rather than
        sending a statement e-mail without its statement.
        """
        if not reminder.attachments or message.channel not in (Channel.EMAIL, Channel.LETTER):
            return message
        if self._documents is None:
            raise PermanentProviderError("attachments present but no document source configured")
        files = []
        for attachment in reminder.attachments:
            data = await self._documents.attachment_pdf(attachment.url, message.firm_id)
            files.append(FileAttachment(attachment.filename, data, "application/pdf"))
        return replace(message, attachments=tuple(files))

    def _links(self, row: Row) -> TrackingLinks:
        if row.channel not in (Channel.EMAIL, Channel.SMS):
            return TrackingLinks()
        secret, nonce = self._config.tracking_secret, row.tracking_nonce
        base = self._config.public_base_url.rstrip("/")
        click = f"{base}/t/c/{make_token(secret, 'c', nonce)}"
        if row.channel == Channel.SMS:
            return TrackingLinks(click=click)
        return TrackingLinks(
            click=click,
            open_pixel=f"{base}/t/o/{make_token(secret, 'o', nonce)}",
            unsubscribe=f"{base}/t/u/{make_token(secret, 'u', nonce)}",
        )
