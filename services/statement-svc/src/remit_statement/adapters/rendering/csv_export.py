"""CSV statements and reports: one header row, machine-friendly values (ISO dates, decimals).

CSV is for spreadsheets and the PMS, so amounts are plain decimals in major units with a
currency column, not locale-formatted strings. Cells that start with ``= + - @`` are
prefixed with a quote so a spreadsheet never runs a client-supplied name as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from remit_common.money import Money

from remit_statement.domain.model import SIGN
from remit_statement.domain.statement import Statement

__all__ = ["render_csv", "rows_to_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.as_decimal():f}"
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def rows_to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV of ``rows`` under ``header``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode()


def render_csv(statement: Statement) -> bytes:
    """Every line of every currency section, with opening and closing rows."""
    header = ["currency", "date", "type", "invoice", "reference", "charge", "credit", "balance"]
    rows: list[list[object]] = []
    for sec in statement.sections:
        rows.append(
            [sec.currency, statement.period_start, "opening_balance", "", "", "", "", sec.opening]
        )
        for line in sec.lines:
            e = line.entry
            charge, credit = (e.amount, None) if SIGN[e.kind] > 0 else (None, e.amount)
            rows.append(
                [
                    sec.currency,
                    e.on,
                    e.kind.value,
                    e.invoice_number,
                    e.reference,
                    charge,
                    credit,
                    line.balance,
                ]
            )
        rows.append(
            [sec.currency, statement.period_end, "closing_balance", "", "", "", "", sec.closing]
        )
    return rows_to_csv(header, rows)
