"""Statements in the client's language: Spanish and Polish labels, English fallback, the same
figures (formatted for the locale), and every label table complete."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from remit_statement.adapters.rendering.formatting import Formatter
from remit_statement.adapters.rendering.html import render_html
from remit_statement.adapters.rendering.labels import EN, labels_for
from remit_statement.adapters.rendering.pdf import render_pdf
from remit_statement.domain.firm import FirmProfile
from remit_statement.domain.statement import build_statement
from statement_factories import client, credit, invoice, pay
from test_rendering import FIRM


def _statement(language: str):
    cl = client(f"Cliente {language}", language=language)
    inv = invoice("L-1", cl, 120_000, date(2025, 1, 10), date(2025, 2, 9))
    moves = [pay(inv, 20_000, date(2025, 3, 3)), credit(inv, 5_000, date(2025, 3, 9))]
    return build_statement(
        cl, [inv], moves, period_start=date(2025, 3, 1), period_end=date(2025, 3, 31)
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "es-MX",
            [
                "Estado de cuenta",
                "Saldo final",
                "Importe a pagar",
                "Página 1 de 1",
                "Abono (write-off)",
                "Gracias por confiar en nosotros",
            ],
        ),
        (
            "pl",
            [
                "Wyciąg z konta",
                "Saldo końcowe",
                "Kwota do zapłaty",
                "Strona 1 z 1",
                "Uznanie (write-off)",
                "Dziękujemy za współpracę",
            ],
        ),
        ("de-DE", ["Statement of Account", "Closing balance", "Page 1 of 1"]),  # no table: English
    ],
)
def test_pdf_speaks_the_clients_language_with_the_same_figures(language, words):
    st = _statement(language)
    pdf, _ = render_pdf(st, FIRM)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split(" "))
    for word in words:
        assert word in text, (language, word)
    closing = Formatter(language).money(st.section("USD").closing)
    assert closing.replace("\xa0", " ").replace("\u202f", " ") in text  # locale's format


def test_html_speaks_the_clients_language_and_keeps_a_firms_own_note():
    st = _statement("es")
    html = render_html(st, FIRM).decode()
    assert "Estado de cuenta" in html and "Movimientos de la cuenta" in html
    custom = FirmProfile(name="Bufete", note="Nota propia del bufete.")
    assert "Nota propia del bufete." in render_html(st, custom).decode()


def test_every_label_table_is_complete():
    for tag in ("es", "pl"):
        table = labels_for(tag)
        assert set(table) == set(EN)
        missing = [k for k in EN if table[k] == EN[k] and k not in ("invoice", "date")]
        assert not missing, (tag, missing)
