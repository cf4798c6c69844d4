"""Builders for ledgers used across statement-svc's unit tests (deterministic ids)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from remit_common.events import ClientSnapshot, MatterSnapshot, PostalAddress
from remit_common.money import Money
from remit_statement.domain.model import EntryKind, Invoice, Movement

NS = UUID("00000000-0000-4000-8000-000000000000")


def uid(name: str) -> UUID:
    return uuid5(NS, name)


def money(minor: int, currency: str = "USD") -> Money:
    return Money(amount_minor=minor, currency=currency)


def client(name: str = "Acme Holdings LLC", **kw) -> ClientSnapshot:
    base = dict(
        id=uid(f"client:{name}"),
        version=1,
        name=name,
        emails=("ap@acme.example",),
        timezone="America/Chicago",
        language="en-US",
        postal_address=PostalAddress(
            lines=("100 Main Street", "Suite 400"),
            city="Springfield",
            region="IL",
            postal_code="62701",
            country="US",
        ),
    )
    base.update(kw)
    return ClientSnapshot(**base)


def matter(name: str = "Acme v. Widgets", **kw) -> MatterSnapshot:
    base = dict(id=uid(f"matter:{name}"), version=1, name=name)
    base.update(kw)
    return MatterSnapshot(**base)


def invoice(
    number: str,
    cl: ClientSnapshot,
    total: int,
    issued: date,
    due: date | None = None,
    currency: str = "USD",
    mt: MatterSnapshot | None = None,
    **kw,
) -> Invoice:
    base = dict(
        id=uid(f"invoice:{number}"),
        number=number,
        client_id=cl.id,
        matter_id=mt.id if mt else None,
        issue_date=issued,
        due_date=due,
        total=money(total, currency),
        status="issued",
        snapshot_balance=money(total, currency),
    )
    base.update(kw)
    return Invoice(**base)


def pay(inv: Invoice, minor: int, on: date, key: str | None = None) -> Movement:
    return Movement(
        key or f"pay:{inv.number}:{on}:{minor}",
        EntryKind.PAYMENT,
        inv.id,
        on,
        money(minor, inv.currency),
        "card",
    )


def reverse(inv: Invoice, minor: int, on: date) -> Movement:
    return Movement(
        f"rev:{inv.number}:{on}",
        EntryKind.REVERSAL,
        inv.id,
        on,
        money(minor, inv.currency),
        "chargeback",
    )


def credit(inv: Invoice, minor: int, on: date) -> Movement:
    return Movement(
        f"wo:{inv.number}:{on}",
        EntryKind.CREDIT,
        inv.id,
        on,
        money(minor, inv.currency),
        "write-off",
    )
