"""A steady stream of invoices and payments through invoice-svc's public API.

The stream records what it was told (201s) and what it tried without an answer (a crash or an
outage between request and response may or may not have committed it). The final checks take
invoice-svc's own listing as the truth and require every acknowledged write to be in it.

Payments and clock jumps are serialised by `clock_lock`: a payment's moment is the system
clock while the lock is held, so "a reminder that came due after the payment" is well defined.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx

from ..actors import Firm
from ..harness import Stack


@dataclass
class Issued:
    id: str
    number: str
    client_id: str
    total_minor: int
    due: str
    balance_minor: int | None  # None once a payment's outcome is unknown


@dataclass
class Paid:
    invoice_id: str
    payment_id: str | None  # None: no answer, outcome unknown
    amount_minor: int
    full: bool
    at: datetime  # system clock, lock held


@dataclass
class Stream:
    system: Stack
    firm: Firm
    clients: list[dict[str, Any]]
    clock_lock: asyncio.Lock
    rng: random.Random = field(default_factory=lambda: random.Random(7))  # noqa: S311
    pace_s: float = 0.3
    invoices: dict[str, Issued] = field(default_factory=dict)
    unanswered_numbers: list[str] = field(default_factory=list)
    payments: list[Paid] = field(default_factory=list)
    paid_since_sync: set[str] = field(default_factory=set)
    outcomes: Counter[str] = field(default_factory=Counter)

    async def run(self, stop: asyncio.Event) -> None:
        """Issue and pay until `stop` is set; a failed call is counted, never fatal."""
        while not stop.is_set():
            payable = [i for i in self.invoices.values() if i.balance_minor]
            try:
                if payable and self.rng.random() < 0.4:
                    await self._pay(self.rng.choice(payable))
                else:
                    await self._issue()
            except (httpx.HTTPError, OSError) as exc:  # before the request left: nothing to track
                self.outcomes[f"error {type(exc).__name__}"] += 1
            await asyncio.sleep(self.pace_s)

    async def _issue(self) -> None:
        today = (await self.system.now()).date()
        client = self.rng.choice(self.clients)
        total = self.rng.choice([45_000, 125_000, 310_050, 88_800])
        due = today + timedelta(days=self.rng.randint(1, 21))
        number = f"F-{uuid.uuid4().hex[:10].upper()}"
        body = {
            "client_id": client["id"],
            "number": number,
            "issue_date": today.isoformat(),
            "due_date": due.isoformat(),
            "currency": "USD",
            "total_minor": total,
            "line_items": [{"description": "Advice", "amount_minor": total}],
        }
        try:
            response = await self.system.http.post(
                self.system.url("invoice", "/v1/invoices"), json=body, headers=self.firm.headers
            )
        except httpx.HTTPError:
            self.unanswered_numbers.append(number)
            self.outcomes["invoice unanswered"] += 1
            return
        if response.status_code == 201:
            self.invoices[response.json()["id"]] = Issued(
                response.json()["id"], number, client["id"], total, due.isoformat(), total
            )
            self.outcomes["invoice issued"] += 1
        elif response.status_code >= 500:
            self.unanswered_numbers.append(number)
            self.outcomes[f"invoice {response.status_code}"] += 1
        else:
            raise AssertionError(f"invoice refused: {response.status_code} {response.text}")

    async def _pay(self, invoice: Issued) -> None:
        assert invoice.balance_minor
        full = self.rng.random() < 0.6 or invoice.balance_minor < 2_000
        amount = invoice.balance_minor if full else invoice.balance_minor // 2
        async with self.clock_lock:
            now = await self.system.now()
            body = {
                "invoice_id": invoice.id,
                "amount": {"amount_minor": amount, "currency": "USD"},
                "received_at": now.isoformat(),
                "method": self.rng.choice(["card", "ach", "check"]),
            }
            self.paid_since_sync.add(invoice.id)
            try:
                response = await self.system.http.post(
                    self.system.url("invoice", "/v1/payments"), json=body, headers=self.firm.headers
                )
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code == 201:
                payment = response.json()
                after = payment.get("invoice_balance_after") or {}
                invoice.balance_minor = after.get("amount_minor", invoice.balance_minor - amount)
                self.payments.append(Paid(invoice.id, payment["id"], amount, full, now))
                self.outcomes["payment full" if full else "payment partial"] += 1
            elif response is not None and response.status_code < 500:
                raise AssertionError(f"payment refused: {response.status_code} {response.text}")
            else:
                invoice.balance_minor = None  # unknown: never pay it again
                self.payments.append(Paid(invoice.id, None, amount, full, now))
                self.outcomes["payment unanswered"] += 1
