"""Benchmark: statement PDFs per second, against plain ReportLab measured in the same run.

    uv run python bench/statements_pdf.py [--n 200] [--repeats 5] [--out bench/results/...]

Three measurements, each the median docs/s over ``--repeats`` runs on one core:

* ``baseline``: the fastest plain use of the same library -- one platypus ``Table`` with the
  same rows, Helvetica, no letterhead, aging, QR code or "page x of y" pass;
* ``statement``: statement-svc's ``render_pdf`` (2 pages, ~40 activity lines, DejaVu if
  installed, QR code, two-pass page numbering);
* ``batch``: ``render_pdf`` for N clients, then the duplex merge (pypdf) into one file.

Only ratios against the baseline are comparable across machines (see PERF-NOTES.md).
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid5

from remit_common.events import ClientSnapshot, PostalAddress
from remit_common.money import Money
from remit_statement.adapters.rendering.merge import merge_for_duplex
from remit_statement.adapters.rendering.pdf import render_pdf
from remit_statement.domain.firm import FirmProfile
from remit_statement.domain.model import EntryKind, Invoice, Movement
from remit_statement.domain.statement import Statement, build_statement
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import SimpleDocTemplate, Table

NS = UUID("00000000-0000-4000-8000-00000000beef")
FIRM = FirmProfile(
    name="Harper & Lowe LLP",
    address_lines=("200 Court Street",),
    billing_email="billing@harperlowe.example",
    payment_url="https://pay.harperlowe.example/c/1234",
)


def statement(i: int) -> Statement:
    """A 2-page statement: 10 invoices, 30 payments in the period."""
    client = ClientSnapshot(
        id=uuid5(NS, f"c{i}"),
        version=1,
        name=f"Client {i} Holdings LLC",
        timezone="America/Chicago",
        language="en-US",
        postal_address=PostalAddress(lines=("1 Main St",), city="Springfield", country="US"),
    )
    invoices, moves = [], []
    for k in range(10):
        inv = Invoice(
            uuid5(NS, f"i{i}.{k}"),
            f"2025-{i:04d}-{k}",
            client.id,
            None,
            date(2025, 1, 1) + timedelta(days=7 * k),
            date(2025, 1, 31) + timedelta(days=7 * k),
            Money(amount_minor=250_000 + k, currency="USD"),
            "issued",
            Money(amount_minor=0, currency="USD"),
        )
        invoices.append(inv)
        for p in range(3):
            moves.append(
                Movement(
                    f"p{i}.{k}.{p}",
                    EntryKind.PAYMENT,
                    inv.id,
                    inv.issue_date + timedelta(days=10 + p),
                    Money(amount_minor=50_000, currency="USD"),
                )
            )
    return build_statement(
        client, invoices, moves, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )


def baseline(st: Statement) -> bytes:
    rows = [["Date", "Description", "Invoice", "Amount", "Balance"]]
    for sec in st.sections:
        rows += [
            [
                str(ln.entry.on),
                ln.entry.kind.value,
                ln.entry.invoice_number,
                str(ln.entry.amount),
                str(ln.balance),
            ]
            for ln in sec.lines
        ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build([Table(rows, repeatRows=1)])
    return buffer.getvalue()


def rate(fn, items: list) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench/results/statements_pdf.json"))
    args = parser.parse_args()
    items = [statement(i) for i in range(args.n)]
    pages = render_pdf(items[0], FIRM)[1]
    runs: dict[str, list[float]] = {"baseline": [], "statement": [], "batch": []}
    for _ in range(args.repeats):
        runs["baseline"].append(rate(lambda xs: [baseline(x) for x in xs], items))
        runs["statement"].append(rate(lambda xs: [render_pdf(x, FIRM) for x in xs], items))
        runs["batch"].append(
            rate(lambda xs: merge_for_duplex(render_pdf(x, FIRM)[0] for x in xs), items)
        )
    med = {k: round(statistics.median(v), 1) for k, v in runs.items()}
    result = {
        "n": args.n,
        "repeats": args.repeats,
        "pages_per_statement": pages,
        "median_docs_per_s": med,
        "ratio_vs_baseline": {k: round(med[k] / med["baseline"], 3) for k in med},
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
