"""Renderers: the PDF is valid, its text carries the reconciled totals, every page is numbered,
the activity header repeats on every page; HTML escapes names; CSV neutralises formulas."""

import io
from datetime import date, timedelta

from pypdf import PdfReader
from remit_statement.adapters.rendering.csv_export import render_csv
from remit_statement.adapters.rendering.html import render_html
from remit_statement.adapters.rendering.pdf import render_pdf
from remit_statement.domain.firm import FirmProfile
from remit_statement.domain.statement import build_statement
from statement_factories import client, invoice, pay
from test_statement_golden import statement

FIRM = FirmProfile(
    name="Harper & Lowe LLP",
    address_lines=("200 Court Street",),
    billing_email="billing@harperlowe.example",
    payment_url="https://pay.example/x",
)


def _text(pdf: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return [p.extract_text() for p in reader.pages], reader


def test_pdf_carries_totals_and_page_numbers():
    pdf, pages = render_pdf(statement(), FIRM)
    texts, reader = _text(pdf)
    assert len(reader.pages) == pages
    joined = "\n".join(texts)
    assert "$1,150.00" in joined and "€500.00" in joined  # closing balances
    assert "Statement of Account" in joined and "Harper & Lowe LLP" in joined
    for i, text in enumerate(texts, start=1):
        assert f"Page {i} of {pages}" in text


def test_paper_size_follows_the_firm_setting():
    a4, _ = render_pdf(statement(), FirmProfile(paper="A4"))
    letter, _ = render_pdf(statement(), FirmProfile(paper="Letter"))
    a4_box = PdfReader(io.BytesIO(a4)).pages[0].mediabox
    letter_box = PdfReader(io.BytesIO(letter)).pages[0].mediabox
    assert round(float(a4_box.width)) == 595 and round(float(a4_box.height)) == 842
    assert round(float(letter_box.width)) == 612 and round(float(letter_box.height)) == 792


def test_long_statement_repeats_the_table_header_and_uses_client_locale():
    cl = client("Müller GmbH", language="de-DE")
    inv = invoice("D-1", cl, 10_000_000, date(2025, 1, 1), date(2025, 1, 31), currency="EUR")
    moves = [
        pay(inv, 1_000, date(2025, 1, 2) + timedelta(days=i % 28), key=f"p{i}") for i in range(120)
    ]
    st = build_statement(
        cl, [inv], moves, period_start=date(2025, 1, 1), period_end=date(2025, 1, 31)
    )
    pdf, pages = render_pdf(st, FIRM)
    texts, _ = _text(pdf)
    assert pages >= 3
    assert all("Paid / credited" in t for t in texts[:-1])
    assert "Müller GmbH" in texts[0]
    assert "98.800,00 €" in "\n".join(texts)  # 100,000.00 - 120 x 10.00, German format


def test_html_is_escaped_and_has_the_qr():
    cl = client("<script>alert(1)</script>")
    inv = invoice("H-1", cl, 5_000, date(2025, 1, 1))
    st = build_statement(cl, [inv], [], period_start=date(2025, 1, 1), period_end=date(2025, 1, 31))
    html = render_html(st, FIRM).decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "$50.00" in html


def test_csv_has_exact_decimals():
    text = render_csv(statement()).decode().splitlines()
    assert text[0].startswith("currency,date,type")
    assert "USD,2025-03-31,closing_balance,,,,,1150.00" in text
    assert "EUR,2025-03-31,closing_balance,,,,,500.00" in text


def test_qr_has_its_three_finder_patterns():
    from remit_statement.adapters.rendering.qr import qr_svg, runs

    n, dark = runs("https://pay.example/x")
    rows = {}
    for r, c, length in dark:
        rows.setdefault(r, []).append((c, length))
    assert (0, 7) in rows[0] and (n - 7, 7) in rows[0]  # top-left and top-right finders
    assert (0, 7) in rows[n - 1]  # bottom-left finder
    assert qr_svg("https://pay.example/x").startswith("<svg")
