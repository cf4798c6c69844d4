"""A fixture ledger with partial payments, a write-off, a void, a reversal and two currencies:
the statement's numbers, worked out by hand, to the cent."""

from datetime import date

from remit_statement.domain.statement import build_statement
from statement_factories import client, credit, invoice, money, pay, reverse

ACME = client()
I1 = invoice("2025-001", ACME, 100_000, date(2025, 1, 10), date(2025, 2, 9))
I2 = invoice("2025-002", ACME, 50_000, date(2025, 2, 15), date(2025, 3, 17))
I3 = invoice("2025-003", ACME, 30_000, date(2025, 3, 5), date(2025, 4, 4))
I4 = invoice(
    "2025-004", ACME, 20_000, date(2025, 3, 10), date(2025, 4, 9), voided_on=date(2025, 3, 20)
)
E1 = invoice("2025-E01", ACME, 80_000, date(2025, 1, 20), date(2025, 2, 19), currency="EUR")
MOVES = [
    pay(I1, 40_000, date(2025, 1, 25)),  # before the period
    pay(I1, 60_000, date(2025, 3, 2)),  # settles I1
    reverse(I1, 60_000, date(2025, 3, 12)),  # ...but the card payment is charged back
    pay(I2, 20_000, date(2025, 3, 3)),  # partial
    credit(I2, 5_000, date(2025, 3, 15)),  # write-off of part of I2
    pay(E1, 30_000, date(2025, 3, 1)),
    pay(I3, 1_000, date(2025, 4, 2)),  # after the period: ignored
]


def statement():
    return build_statement(
        ACME,
        [I1, I2, I3, I4, E1],
        MOVES,
        period_start=date(2025, 3, 1),
        period_end=date(2025, 3, 31),
    )


def test_usd_section_reconciles_by_hand():
    usd = statement().section("USD")
    assert usd.opening == money(100_000 - 40_000 + 50_000)  # I1 less first payment, plus I2
    assert usd.invoiced == money(30_000 + 20_000)  # I3, I4
    assert usd.paid == money(60_000 + 20_000)
    assert usd.reversed == money(60_000)
    assert usd.credited == money(5_000 + 20_000)  # write-off + void of I4
    assert usd.closing == money(110_000 + 50_000 - 80_000 + 60_000 - 25_000)
    assert usd.closing == money(115_000)
    assert usd.lines[-1].balance == usd.closing
    assert [line.entry.on for line in usd.lines] == sorted(line.entry.on for line in usd.lines)


def test_usd_aging_as_of_period_end():
    usd = statement().section("USD")
    ages = usd.aging.as_dict()
    assert ages["current"] == money(30_000)  # I3 due 4 Apr
    assert ages["1-30"] == money(25_000)  # I2: 50k - 20k - 5k, due 17 Mar -> 14 days
    assert ages["31-60"] == money(60_000)  # I1 reopened by the reversal, due 9 Feb -> 50 days
    assert ages["credit"] == money(0)
    assert usd.aging.total == usd.closing
    assert [i.invoice.number for i in usd.open_items] == ["2025-001", "2025-002", "2025-003"]


def test_currencies_are_kept_apart():
    s = statement()
    assert [sec.currency for sec in s.sections] == ["EUR", "USD"]
    eur = s.section("EUR")
    assert eur.opening == money(80_000, "EUR")
    assert eur.closing == money(50_000, "EUR")
    assert eur.aging.as_dict()["31-60"] == money(50_000, "EUR")


def test_overpayment_becomes_credit_not_aged():
    cl = client("Overpayer")
    inv = invoice("X-1", cl, 10_000, date(2025, 1, 1), date(2025, 1, 31))
    s = build_statement(
        cl,
        [inv],
        [pay(inv, 12_500, date(2025, 1, 15))],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
    )
    sec = s.section("USD")
    assert sec.closing == money(-2_500)
    assert sec.aging.credit == money(-2_500)
    assert sec.aging.open_total == money(0)
    assert sec.amount_due == money(0)


def test_matter_statement_only_lists_that_matter():
    from statement_factories import matter

    m1, m2 = matter("One"), matter("Two")
    cl = client("Two matters")
    a = invoice("M-1", cl, 1_000, date(2025, 1, 1), mt=m1)
    b = invoice("M-2", cl, 2_000, date(2025, 1, 2), mt=m2)
    s = build_statement(
        cl, [a, b], [], period_start=date(2025, 1, 1), period_end=date(2025, 1, 31), matter=m2
    )
    assert [line.entry.invoice_number for line in s.section("USD").lines] == ["M-2"]


def test_void_after_payment_only_credits_the_rest_whatever_the_order():
    cl = client("Voided")
    inv = invoice("V-1", cl, 10_000, date(2025, 1, 1), voided_on=date(2025, 1, 20))
    moves = [pay(inv, 4_000, date(2025, 1, 10))]
    s = build_statement(
        cl,
        [inv],
        list(reversed(moves)),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
    )
    sec = s.section("USD")
    assert sec.credited == money(6_000)
    assert sec.closing == money(0)
