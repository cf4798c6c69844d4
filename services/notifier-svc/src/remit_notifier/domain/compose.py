"""Compose one channel's message from a reminder: pick the variant, render, add tracking.

Pure: takes the reminder, the invoices still owed, the firm, the resolved template, the
tracking links and ``now``; returns an :class:`OutboundMessage` or raises ``RenderError``
(template problem) / ``NothingToSend`` (no address for this channel).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from markupsafe import Markup
from remit_common.events import Channel, ReminderDue, ReminderInvoiceItem
from remit_common.money import Money

from remit_notifier.domain.firm import FirmProfile
from remit_notifier.domain.messages import InlineImage, OutboundMessage
from remit_notifier.domain.qrcode import QR_CONTENT_ID, qr_data_uri, qr_png
from remit_notifier.domain.rendering import RenderError, render
from remit_notifier.domain.sms import MAX_SEGMENTS, count_segments, normalise_sms
from remit_notifier.domain.templates import VARIANT_NAMES, ResolvedTemplate, assign_variant
from remit_notifier.domain.variables import build_variables, qr_image


class NothingToSend(Exception):
    """The client has no address for this channel (no e-mail, no phone, no postal address)."""


@dataclass(frozen=True, slots=True)
class TrackingLinks:
    """Our URLs for this delivery (absent for channels that cannot track)."""

    click: str | None = None
    open_pixel: str | None = None
    unsubscribe: str | None = None


@dataclass(frozen=True, slots=True)
class Composed:
    """The message and the A/B subject variant it uses."""

    message: OutboundMessage
    variant: str


def payment_target(items: Sequence[ReminderInvoiceItem], firm: FirmProfile) -> str | None:
    """Where "pay" leads: the invoice's portal page, or the firm's pay page for several."""
    if len(items) == 1 and items[0].portal_url:
        return items[0].portal_url
    return firm.payment_url or next((i.portal_url for i in items if i.portal_url), None)


def recipient_for(reminder: ReminderDue, channel: Channel, firm: FirmProfile) -> str:
    """The address on ``channel``; raises ``NothingToSend`` when there is none.

    Notices for the firm itself (``audience == "firm"``, e.g. trust notices) go to the firm's
    billing contact, never to the client.
    """
    client = reminder.client
    if reminder.audience == "firm":
        if channel is Channel.EMAIL:
            return firm.billing_email
        if channel is Channel.SMS and firm.billing_phone:
            return firm.billing_phone
        if channel in (Channel.PORTAL, Channel.WEBHOOK):
            return str(firm.firm_id)
        raise NothingToSend(f"firm notices are not sent by {channel.value}")
    if channel is Channel.EMAIL and client.emails:
        return client.emails[0]
    if channel is Channel.SMS and client.phone:
        return client.phone
    if channel is Channel.LETTER and client.postal_address:
        return client.postal_address.city  # the full address travels in postal_to
    if channel in (Channel.PORTAL, Channel.WEBHOOK):
        return str(client.id)
    raise NothingToSend(f"client has no address for {channel.value}")


def _postal(reminder: ReminderDue) -> dict[str, object] | None:
    address = reminder.client.postal_address
    if address is None:
        return None
    return {
        "name": reminder.client.name,
        "address_line1": address.lines[0],
        "address_line2": " ".join(address.lines[1:]) or None,
        "address_city": address.city,
        "address_state": address.region,
        "address_zip": address.postal_code,
        "address_country": address.country,
    }


def compose(
    reminder: ReminderDue,
    items: Sequence[ReminderInvoiceItem],
    firm: FirmProfile,
    template: ResolvedTemplate,
    *,
    channel: Channel,
    delivery_id: UUID,
    links: TrackingLinks,
    now: datetime,
) -> Composed:
    """Render ``template`` for ``channel``; see the module docstring for the errors."""
    recipient = recipient_for(reminder, channel, firm)
    target = payment_target(items, firm)
    index = assign_variant(reminder.client.id, template.name, len(template.content.subjects))
    variant = VARIANT_NAMES[index]
    shown_link = (links.click or target) if target else None
    inline: tuple[InlineImage, ...] = ()
    qr: Markup | str = ""
    if target and channel is Channel.EMAIL:
        inline = (InlineImage(QR_CONTENT_ID, qr_png(target)),)
        qr = qr_image(f"cid:{QR_CONTENT_ID}")
    elif target and channel in (Channel.PORTAL, Channel.WEBHOOK):
        qr = qr_image(qr_data_uri(target))
    variables = build_variables(
        reminder,
        items,
        firm,
        now=now,
        language=template.language,
        payment_link=shown_link,
        portal_link=items[0].portal_url if items else None,
        qr_code=qr,
    )
    subject = " ".join(render(template.content.subjects[index], variables).split())
    base = dict(
        delivery_id=delivery_id,
        reminder_id=reminder.reminder_id,
        firm_id=firm.firm_id,
        client_id=reminder.client.id,
        channel=channel,
        recipient=recipient,
        subject=subject,
        sender_name=firm.name,
        reply_to=firm.billing_email,
        timezone=reminder.client.timezone,
    )
    if channel is Channel.SMS:
        text = normalise_sms(render(template.content.sms, variables))
        if (segments := count_segments(text)) > MAX_SEGMENTS:
            raise RenderError(f"SMS text needs {segments} segments (limit {MAX_SEGMENTS})")
        return Composed(OutboundMessage(**base, text=text), variant)
    text = render(template.content.text, variables)
    if channel is Channel.EMAIL:
        html = render(template.content.html, variables, html=True)
        if links.open_pixel:
            pixel = Markup('<img src="{}" width="1" height="1" alt="">').format(links.open_pixel)
            html = (
                html.replace("</body>", f"{pixel}</body>", 1)
                if "</body>" in html
                else (html + pixel)
            )
        message = OutboundMessage(
            **base, text=text, html=html, inline_images=inline, unsubscribe_url=links.unsubscribe
        )
        return Composed(message, variant)
    if channel is Channel.LETTER:
        message = OutboundMessage(
            **base,
            text=text,
            postal_to=_postal(reminder),
            postal_from=firm.address or None,
            document_client_id=reminder.client.id,
        )
        return Composed(message, variant)
    amount = sum((i.balance for i in items), Money.zero(reminder.total_due.currency))
    payload = {
        "type": "remit.reminder",
        "delivery_id": str(delivery_id),
        "reminder_id": str(reminder.reminder_id),
        "client_id": str(reminder.client.id),
        "invoice_ids": [str(i.invoice_id) for i in items],
        "kind": template.kind.value,
        "language": template.language,
        "subject": subject,
        "text": text,
        "amount_due": amount.model_dump(mode="json"),
        "payment_link": shown_link,
    }
    return Composed(OutboundMessage(**base, text=text, payload=payload), variant)
