"""From what was produced and what the system reports, the fault suite's counts and findings.

Pure functions over plain dicts (the JSON the APIs and sinks return), so each rule reads as the
promise it checks: exactly once per channel, nothing after payment, no event lost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

REMINDER_KINDS = {"pre_due", "due", "overdue", "final_notice"}
ISSUED = "remit.invoice.issued.v1"
PAYMENT_RECEIVED = "remit.payment.received.v1"

# Summary lines of this session's fault runs, printed by the conftest at the end.
SUMMARIES: list[str] = []


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


@dataclass
class Report:
    faults: list[str] = field(default_factory=list)
    invoices: int = 0
    payments: int = 0
    acked_missing: list[str] = field(default_factory=list)
    events_produced: int = 0
    event_redeliveries: int = 0
    events_missing: list[str] = field(default_factory=list)
    scheduler_applied: int = 0
    scheduler_mismatches: list[str] = field(default_factory=list)
    statement_applied: int = 0
    statement_mismatches: list[str] = field(default_factory=list)
    reminders_due: int = 0
    reminders_skipped: int = 0
    reminders_stuck: list[str] = field(default_factory=list)
    channel_sends: Counter[str] = field(default_factory=Counter)
    channels_missing: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    mail_messages: int = 0
    mail_duplicates: list[str] = field(default_factory=list)
    mail_unmatched: list[str] = field(default_factory=list)
    after_payment: list[str] = field(default_factory=list)
    delivered_after_payment: list[str] = field(default_factory=list)
    dispatched_after_payment_dropped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        sends = ", ".join(f"{k}={v}" for k, v in sorted(self.channel_sends.items()))
        return (
            f"faults injected={len(self.faults)} invoices={self.invoices} "
            f"payments={self.payments} events produced={self.events_produced} "
            f"(redelivered copies {self.event_redeliveries}, missing {len(self.events_missing)}) "
            f"applied: scheduler={self.scheduler_applied}/{self.invoices} "
            f"statement={self.statement_applied}/{self.invoices} "
            f"reminders due={self.reminders_due} (skipped by policy {self.reminders_skipped}, "
            f"stuck {len(self.reminders_stuck)}) sent [{sends}] mail={self.mail_messages} "
            f"duplicates={len(self.duplicates) + len(self.mail_duplicates)} "
            f"after-payment={len(self.after_payment) + len(self.delivered_after_payment)} "
            f"(dispatched by the scheduler before it learnt of the payment and dropped by "
            f"the notifier: {len(self.dispatched_after_payment_dropped)})"
        )


def check_writes(report: Report, acked_invoices: set[str], acked_payments: set[str],
                 truth: dict[str, dict], payments: list[dict]) -> None:  # fmt: skip
    """Every write invoice-svc acknowledged is still there after the crashes."""
    report.invoices, report.payments = len(truth), len(payments)
    paid_ids = {p["id"] for p in payments}
    report.acked_missing = [f"invoice {i}" for i in acked_invoices - truth.keys()]
    report.acked_missing += [f"payment {p}" for p in acked_payments - paid_ids]


def check_events(report: Report, events: list[dict], truth: dict[str, dict],
                 payments: list[dict]) -> None:  # fmt: skip
    """Every invoice has its issued event and every payment its received event on Kafka."""
    ids = Counter(e["id"] for e in events)
    report.events_produced = len(ids)
    report.event_redeliveries = sum(n - 1 for n in ids.values())
    issued = {e.get("subject") for e in events if e.get("type") == ISSUED}
    received = {
        (e.get("data") or {}).get("payment_id") for e in events if e.get("type") == PAYMENT_RECEIVED
    }
    report.events_missing = [f"{ISSUED} for {i}" for i in truth if i not in issued]
    report.events_missing += [
        f"{PAYMENT_RECEIVED} for payment {p['id']}" for p in payments if p["id"] not in received
    ]


def check_views(report: Report, truth: dict[str, dict], timelines: dict[str, dict | None],
                aging: dict[str, int], reconciliation: dict[str, Any]) -> None:  # fmt: skip
    """The scheduler's and statement-svc's views agree with invoice-svc on every invoice."""
    for invoice_id, invoice in truth.items():
        plan = timelines.get(invoice_id)
        if plan is None:
            report.scheduler_mismatches.append(f"{invoice_id}: unknown to the scheduler")
        elif plan["balance"]["amount_minor"] != invoice["balance_minor"]:
            report.scheduler_mismatches.append(
                f"{invoice_id}: scheduler balance {plan['balance']['amount_minor']} "
                f"!= {invoice['balance_minor']} ({invoice['status']})"
            )
        else:
            report.scheduler_applied += 1
        ledger = aging.get(invoice_id, 0)
        if ledger != invoice["balance_minor"]:
            report.statement_mismatches.append(
                f"{invoice_id}: statement balance {ledger} != {invoice['balance_minor']}"
            )
        else:
            report.statement_applied += 1
    report.statement_mismatches += [
        f"reconciliation: {m['invoice_id']} ledger {m['ledger_balance']} "
        f"snapshot {m['snapshot_balance']}"
        for m in reconciliation.get("mismatches", [])
        if m["invoice_id"] in truth
    ]


def _paid_at(payments: list[dict]) -> dict[str, datetime]:
    """When each fully paid invoice was paid: the payment that took its balance to zero."""
    paid: dict[str, datetime] = {}
    for p in sorted(payments, key=lambda p: p["received_at"]):
        after = (p.get("invoice_balance_after") or {}).get("amount_minor")
        if p["status"] == "received" and after == 0:
            paid.setdefault(p["invoice_id"], _t(p["received_at"]))
    return paid


def check_reminders(report: Report, truth: dict[str, dict], timelines: dict[str, dict | None],
                    notifications: list[dict], payments: list[dict], now: datetime,
                    grace_s: float = 600, race_s: float = 30) -> None:  # fmt: skip
    """Exactly once per channel for every reminder that came due; nothing after payment.

    A delivery already being sent while the payment arrives (within `race_s` of system time;
    the clock never jumps while a payment is made) is not one "after payment".
    """
    by_key: dict[tuple[str, str], list[dict]] = {}
    for n in notifications:
        by_key.setdefault((n["reminder_id"], n["channel"]), []).append(n)
    report.duplicates = [
        f"reminder {r} on {c}: {len(rows)} deliveries {[x['status'] for x in rows]}"
        for (r, c), rows in by_key.items()
        if len(rows) > 1
    ]
    for n in notifications:
        if n["status"] not in ("pending", "queued", "retrying"):
            report.channel_sends[f"{n['channel']}:{n['status']}"] += 1
    paid_at = _paid_at(payments)
    for invoice_id, plan in timelines.items():
        if plan is None or invoice_id not in truth:
            continue
        paid = paid_at.get(invoice_id)
        for r in plan["reminders"]:
            send_at = _t(r["send_at"])
            if r["status"] == "planned" and (now - send_at).total_seconds() > grace_s:
                report.reminders_stuck.append(f"{invoice_id}/{r['id']} due {r['send_at']}")
            if r["status"] == "skipped" and send_at <= now:
                report.reminders_skipped += 1
            if r["status"] != "dispatched" or r["kind"] not in REMINDER_KINDS:
                continue
            report.reminders_due += 1
            key = r.get("message_id") or r["id"]  # the notifier keys deliveries by message id
            for channel in r["channels"]:
                if (key, channel) not in by_key:
                    report.channels_missing.append(f"{invoice_id}/{r['id']} on {channel}")
            if paid is None or send_at <= paid:
                continue
            sent = [n for c in r["channels"] for n in by_key.get((key, c), []) if n.get("sent_at")]
            outcomes = [
                (n["channel"], n["status"], n["reason"])
                for c in r["channels"]
                for n in by_key.get((key, c), [])
            ]
            what = (
                f"{invoice_id}: {r['kind']} due {r['send_at']} dispatched {r['dispatched_at']}, "
                f"paid {paid.isoformat()}, deliveries {outcomes}"
            )
            (report.after_payment if sent else report.dispatched_after_payment_dropped).append(what)
        if paid is None:
            continue
        for n in notifications:
            if (
                invoice_id in n["invoice_ids"]
                and n["step_kind"] in REMINDER_KINDS
                and n.get("sent_at")
                and (_t(n["sent_at"]) - paid).total_seconds() > race_s
            ):
                report.delivered_after_payment.append(
                    f"{invoice_id}: {n['step_kind']} {n['channel']} sent {n['sent_at']}, "
                    f"paid {paid.isoformat()}"
                )


def check_mail(report: Report, messages: list[dict], notifications: list[dict]) -> None:
    """One message per e-mail delivery in the sink: no Message-ID twice, nothing identical."""
    report.mail_messages = len(messages)
    ids = Counter(m.get("message_id") for m in messages)
    report.mail_duplicates = [f"Message-ID {i} x{n}" for i, n in ids.items() if n > 1]
    same = Counter((tuple(m.get("to") or ()), m.get("subject"), m.get("text")) for m in messages)
    report.mail_duplicates += [
        f"identical message to {k[0]} ({k[1]!r}) x{n}" for k, n in same.items() if n > 1
    ]
    seen = set(ids)
    report.mail_unmatched = [
        f"{n['step_kind']} {n['id']}"
        for n in notifications
        if n["channel"] == "email"
        and n["status"] in ("sent", "delivered", "opened", "clicked")
        and f"<{n['id']}@notifier.remit>" not in seen
        and (n.get("provider_message_id") or "") not in seen
    ]
