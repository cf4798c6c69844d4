"""Balance-due and AR aging reports over a small firm ledger."""

from datetime import UTC, date, datetime

from remit_statement.domain.reports import (
    BalanceDueFilter,
    BalanceStatus,
    FirmLedger,
    LastReminder,
    aging_by_client,
    aging_by_invoice,
    balance_due,
)
from statement_factories import client, invoice, matter, money, pay

A = client("Alpha", group="corporate")
B = client("Beta", group="individual")
C = client("Gamma")
LIT = matter("Lit", practice_area="litigation", responsible_attorney="J. Smith")
EST = matter("Est", practice_area="estates", responsible_attorney="K. Jones")
IA1 = invoice("A-1", A, 10_000, date(2025, 1, 1), date(2025, 1, 31), mt=LIT)
IA2 = invoice("A-2", A, 5_000, date(2025, 3, 1), date(2025, 3, 31), mt=LIT)
IB1 = invoice("B-1", B, 7_000, date(2025, 2, 1), date(2025, 3, 3), mt=EST)
IC1 = invoice("C-1", C, 3_000, date(2025, 2, 1), date(2025, 3, 3), currency="EUR")
AS_OF = date(2025, 4, 15)


def ledger() -> FirmLedger:
    return FirmLedger(
        clients={c.id: c for c in (A, B, C)},
        matters={m.id: m for m in (LIT, EST)},
        invoices={i.id: i for i in (IA1, IA2, IB1, IC1)},
        movements=[pay(IB1, 9_000, date(2025, 3, 5)), pay(IA1, 1_000, date(2025, 2, 10))],
        last_reminders={A.id: LastReminder(datetime(2025, 4, 1, tzinfo=UTC), "overdue")},
    )


def test_balance_due_rows_filters_and_sort():
    rows = balance_due(ledger(), AS_OF)
    by_name = {r.client.name: r for r in rows}
    alpha = by_name["Alpha"]
    assert alpha.balance == money(14_000)
    assert alpha.status is BalanceStatus.OWES
    assert alpha.oldest_unpaid_due_date == date(2025, 1, 31)
    assert alpha.days_past_due == 74
    assert alpha.last_payment_on == date(2025, 2, 10)
    assert alpha.last_reminder.kind == "overdue"
    assert by_name["Beta"].status is BalanceStatus.CREDIT
    assert by_name["Gamma"].currency == "EUR"
    owes = balance_due(ledger(), AS_OF, BalanceDueFilter(status=BalanceStatus.OWES))
    assert {r.client.name for r in owes} == {"Alpha", "Gamma"}
    lit = balance_due(ledger(), AS_OF, BalanceDueFilter(practice_area="litigation"))
    assert [r.client.name for r in lit] == ["Alpha"]
    smith = balance_due(ledger(), AS_OF, BalanceDueFilter(attorney="K. Jones"))
    assert [r.client.name for r in smith] == ["Beta"]
    named = balance_due(ledger(), AS_OF, sort="name", descending=False)
    assert [r.client.name for r in named] == ["Alpha", "Beta", "Gamma"]


def test_aging_by_invoice_and_client_totals():
    items, totals = aging_by_invoice(ledger(), AS_OF)
    assert [i.invoice.number for i in items] == ["A-1", "B-1", "C-1", "A-2"]
    usd = totals["USD"].as_dict()
    assert usd["61-90"] == money(9_000)
    assert usd["1-30"] == money(5_000)
    assert usd["credit"] == money(-2_000)
    assert totals["USD"].total == money(12_000)
    assert totals["EUR"].as_dict()["31-60"] == money(3_000, "EUR")
    rows, totals2 = aging_by_client(ledger(), AS_OF)
    assert totals2 == totals
    assert sum(r.buckets.total.amount_minor for r in rows if r.buckets.currency == "USD") == 12_000
