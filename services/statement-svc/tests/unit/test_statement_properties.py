"""Property tests: the statement identities hold for any ledger."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from remit_statement.domain.aging import BUCKETS
from remit_statement.domain.model import EntryKind, Movement
from remit_statement.domain.statement import build_statement
from statement_factories import client, invoice, money, uid

CL = client("Property")
START = date(2024, 1, 1)


@st.composite
def ledgers(draw):
    n = draw(st.integers(1, 6))
    invoices = []
    moves = []
    for i in range(n):
        currency = draw(st.sampled_from(["USD", "EUR", "JPY"]))
        issued = START + timedelta(days=draw(st.integers(0, 400)))
        due_in = draw(st.one_of(st.none(), st.integers(0, 60)))
        void_in = draw(st.one_of(st.none(), st.integers(0, 90)))
        due = None if due_in is None else issued + timedelta(due_in)
        voided = None if void_in is None else issued + timedelta(void_in)
        inv = invoice(
            f"P-{i}", CL, draw(st.integers(1, 10**9)), issued, due, currency, voided_on=voided
        )
        invoices.append(inv)
        for j in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from([EntryKind.PAYMENT, EntryKind.REVERSAL, EntryKind.CREDIT]))
            on = issued + timedelta(days=draw(st.integers(0, 200)))
            moves.append(
                Movement(
                    f"m{i}.{j}", kind, inv.id, on, money(draw(st.integers(1, 10**9)), currency)
                )
            )
    return invoices, moves


periods = st.tuples(st.integers(0, 700), st.integers(0, 200)).map(
    lambda t: (START + timedelta(t[0]), START + timedelta(t[0] + t[1]))
)


@settings(max_examples=300, deadline=None)
@given(ledgers(), periods)
def test_closing_is_opening_plus_movements_and_buckets_sum_to_it(ledger, period):
    invoices, moves = ledger
    s = build_statement(CL, invoices, moves, period_start=period[0], period_end=period[1])
    for sec in s.sections:
        assert sec.closing == sec.opening + sec.invoiced - sec.paid + sec.reversed - sec.credited
        assert sec.aging.total == sec.closing
        assert (
            sum((sec.aging.money(b) for b in BUCKETS), money(0, sec.currency))
            == sec.aging.open_total
        )
        assert sec.aging.credit.amount_minor <= 0
        running = sec.opening
        for line in sec.lines:
            running = running + line.entry.signed
            assert line.balance == running


@settings(max_examples=200, deadline=None)
@given(ledgers(), st.integers(0, 700), st.integers(0, 100), st.integers(0, 100))
def test_adjacent_periods_chain(ledger, start, len1, len2):
    invoices, moves = ledger
    a_start = START + timedelta(start)
    a_end = a_start + timedelta(len1)
    b_end = a_end + timedelta(1 + len2)
    a = build_statement(CL, invoices, moves, period_start=a_start, period_end=a_end)
    b = build_statement(CL, invoices, moves, period_start=a_end + timedelta(1), period_end=b_end)
    whole = build_statement(CL, invoices, moves, period_start=a_start, period_end=b_end)
    closing_a = {s.currency: s.closing for s in a.sections}
    for sec in b.sections:
        assert sec.opening == closing_a.get(sec.currency, money(0, sec.currency))
        w = whole.section(sec.currency)
        assert w.closing == sec.closing
        assert len(w.lines) == len(sec.lines) + (
            len(a.section(sec.currency).lines) if sec.currency in closing_a else 0
        )


@settings(max_examples=100, deadline=None)
@given(ledgers(), periods)
def test_entry_order_does_not_matter(ledger, period):
    invoices, moves = ledger
    s1 = build_statement(CL, invoices, moves, period_start=period[0], period_end=period[1])
    s2 = build_statement(
        CL,
        list(reversed(invoices)),
        list(reversed(moves)),
        period_start=period[0],
        period_end=period[1],
    )
    assert s1 == s2


def test_uid_is_stable():
    assert uid("a") == uid("a")
