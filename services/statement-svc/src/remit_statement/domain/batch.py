"""Bulk statement batches: who gets a statement, and how (email, print or both).

Selection: clients with an outstanding balance (> 0 in any currency) on ``as_of``, except
those invoiced within ``[exclude_invoiced_from, exclude_invoiced_to]`` (they already know
their balance), narrowed by delivery preference, attorney, practice area, matter, client and
billing group (a client matches a matter filter when any of its invoices' matters match).

Delivery: ``email`` and ``both`` preferences are emailed when the client has an address and
has not opted out of email; ``print`` and ``both`` are printed; an emailer we cannot email
is printed instead, so nobody is silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from remit_common.events import Channel, ClientSnapshot, DeliveryPreference

from remit_statement.domain.aging import invoice_balances
from remit_statement.domain.reports import FirmLedger

__all__ = ["BatchCriteria", "Selected", "select_clients"]


@dataclass(frozen=True, slots=True)
class BatchCriteria:
    period_start: date
    period_end: date
    exclude_invoiced_from: date | None = None
    exclude_invoiced_to: date | None = None
    delivery_preference: DeliveryPreference | None = None
    attorney: str | None = None
    practice_area: str | None = None
    billing_group: str | None = None
    matter_id: UUID | None = None
    client_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True, slots=True)
class Selected:
    client: ClientSnapshot
    email: bool
    print: bool


def delivery(client: ClientSnapshot) -> tuple[bool, bool]:
    """(email, print) for a client, following its preference and what is possible."""
    pref = client.delivery_preference
    can_email = bool(client.emails) and Channel.EMAIL not in client.opted_out_channels
    email = pref in (DeliveryPreference.EMAIL, DeliveryPreference.BOTH) and can_email
    printed = pref in (DeliveryPreference.PRINT, DeliveryPreference.BOTH) or not email
    return email, printed


def select_clients(ledger: FirmLedger, c: BatchCriteria) -> list[Selected]:
    """The batch's clients in name order (the order of the merged print PDF)."""
    per_client: dict[tuple[UUID, str], int] = {}
    balances = invoice_balances(ledger.entries, c.period_end)
    for inv_id, bal in balances.items():
        key = (ledger.invoices[inv_id].client_id, bal.currency)
        per_client[key] = per_client.get(key, 0) + bal.amount_minor
    owing = {cid for (cid, _cur), minor in per_client.items() if minor > 0}
    excluded: set[UUID] = set()
    if c.exclude_invoiced_from is not None or c.exclude_invoiced_to is not None:
        lo, hi = c.exclude_invoiced_from or date.min, c.exclude_invoiced_to or date.max
        excluded = {i.client_id for i in ledger.invoices.values() if lo <= i.issue_date <= hi}
    out = []
    for cid in owing - excluded:
        client = ledger.clients.get(cid)
        if client is None or (c.client_ids and cid not in c.client_ids):
            continue
        pref = c.delivery_preference
        if pref is not None and client.delivery_preference != pref:
            continue
        if not _matter_match(ledger, cid, c):
            continue
        email, printed = delivery(client)
        out.append(Selected(client, email, printed))
    out.sort(key=lambda s: (s.client.name.casefold(), str(s.client.id)))
    return out


def _matter_match(ledger: FirmLedger, client_id: UUID, c: BatchCriteria) -> bool:
    if not (c.attorney or c.practice_area or c.billing_group or c.matter_id):
        return True
    for m in ledger.matters_of(client_id):
        if (
            (c.attorney is None or m.responsible_attorney == c.attorney)
            and (c.practice_area is None or m.practice_area == c.practice_area)
            and (c.billing_group is None or m.billing_group == c.billing_group)
            and (c.matter_id is None or m.id == c.matter_id)
        ):
            return True
    return False
