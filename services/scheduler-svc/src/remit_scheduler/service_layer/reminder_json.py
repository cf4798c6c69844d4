"""``remit.reminder.due.v1`` records built as plain JSON from data that was validated before.

Everything a dispatched message carries was validated on its way in: client and invoice
snapshots by the consumer (stored as ``model_dump(mode="json")``), steps and channels by the
timeline engine, amounts as integer minor units.  Re-validating all of it through
``ReminderDue`` + ``Envelope`` cost about two thirds of the dispatcher's time, so this module
lays the same JSON out directly, field for field in the models' declaration order.

The contract stays the models': the unit tests check, for single, consolidated, firm-facing
and payment messages, that these bytes parse with ``parse_event`` and are byte-identical to
what the pydantic models would have produced (``test_reminder_json.py``).  A stored client
snapshot that is not in the canonical shape (fields missing, e.g. written by an older
version) takes the slow path: validated once and dumped by the model.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from pydantic_core import to_json
from remit_common.events import (
    CLOUDEVENTS_CONTENT_TYPE,
    ClientSnapshot,
    PaymentRef,
    ReminderDue,
)
from remit_common.events.snapshots import PostalAddress
from remit_common.money import Money

__all__ = ["ItemData", "canonical_client", "reminder_due_record"]

_TYPE = ReminderDue.event_type
_SCHEMA = ReminderDue.dataschema()
_CLIENT_FIELDS = tuple(ClientSnapshot.model_fields)
_CLIENT_KEYS = frozenset(_CLIENT_FIELDS)
_ADDRESS_FIELDS = tuple(PostalAddress.model_fields)
_MONEY_FIELDS = tuple(Money.model_fields)
_HEADERS = {"content-type": CLOUDEVENTS_CONTENT_TYPE}

# (invoice_id, number, matter_id, matter_name, issue_date, due_date, total_minor,
#  balance_minor, currency, status, portal_url)
ItemData = tuple[
    uuid.UUID, str, uuid.UUID | None, str | None, date, date | None, int, int, str, str, str | None
]


def canonical_client(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The client snapshot as ``ClientSnapshot.model_dump(mode="json")`` lays it out.

    JSONB does not keep key order, so the stored dump is re-ordered; anything but the exact
    field set is validated and dumped by the model instead.
    """
    if stored.keys() != _CLIENT_KEYS:
        return ClientSnapshot.model_validate(dict(stored)).model_dump(mode="json")
    out = {k: stored[k] for k in _CLIENT_FIELDS}
    if (address := out["postal_address"]) is not None:
        out["postal_address"] = {k: address[k] for k in _ADDRESS_FIELDS}
    if (trust := out["trust_balance"]) is not None:
        out["trust_balance"] = {k: trust[k] for k in _MONEY_FIELDS}
    return out


def _money(amount_minor: int, currency: str) -> dict[str, Any]:
    return {"amount_minor": amount_minor, "currency": currency}


def _item_json(
    invoice_id: uuid.UUID,
    number: str,
    matter_id: uuid.UUID | None,
    matter_name: str | None,
    issue_date: date,
    due_date: date | None,
    total_minor: int,
    balance_minor: int,
    currency: str,
    status: str,
    portal_url: str | None,
) -> dict[str, Any]:
    return {
        "invoice_id": invoice_id,
        "number": number,
        "matter_id": matter_id,
        "matter_name": matter_name,
        "issue_date": issue_date,
        "due_date": due_date,
        "total": _money(total_minor, currency),
        "balance": _money(balance_minor, currency),
        "status": status,
        "portal_url": portal_url,
    }


def reminder_due_record(
    *,
    topic: str,
    source: str,
    firm_id: uuid.UUID,
    event_id: uuid.UUID,
    reminder_id: uuid.UUID,
    now: datetime,
    client: Mapping[str, Any],
    audience: str,
    items: Sequence[ItemData],
    consolidation: str,
    step: tuple[int, str, str, int | None, int | None],
    channels: Sequence[str],
    template: str | None,
    scheduled_for: datetime,
    payment: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One outbox record (event_id, topic, key, value, headers) for a ``ReminderDue``.

    ``client`` is a :func:`canonical_client` dict; ``step`` is (index, kind, tone,
    offset_days, repeat); every item's balance is in the message's one currency.
    """
    currency = items[0][8]
    index, kind, tone, offset_days, repeat = step
    data = {
        "reminder_id": reminder_id,
        "client": client,
        "audience": audience,
        "items": [_item_json(*item) for item in items],
        "consolidation": consolidation,
        "step": {
            "index": index,
            "kind": kind,
            "tone": tone,
            "offset_days": offset_days,
            "repeat": repeat,
        },
        "channels": list(channels),
        "template": template,
        "total_due": _money(sum(i[7] for i in items), currency),
        "scheduled_for": scheduled_for.astimezone(UTC),
        "language": client["language"],
        "payment": (
            PaymentRef.model_validate(payment).model_dump(mode="json") if payment else None
        ),
        "attachments": [],
    }
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "id": event_id,
        "type": _TYPE,
        "source": source,
        "time": now.astimezone(UTC),
    }
    if len(items) == 1:
        envelope["subject"] = str(items[0][0])
    envelope |= {
        "firmid": firm_id,
        "dataschema": _SCHEMA,
        "datacontenttype": "application/json",
        "data": data,
    }
    return {
        "event_id": event_id,
        "topic": topic,
        "key": str(client["id"]).encode(),
        "value": to_json(envelope),
        "headers": dict(_HEADERS),
    }
