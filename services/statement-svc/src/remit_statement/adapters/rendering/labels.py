"""The words printed on a statement (PDF and HTML), in English, Spanish and Polish.

The client's language picks the table (``es-MX`` -> ``es``); anything else, and any word a
table lacks, falls back to English. CSV stays English: it is read by programs. The firm's own
note is printed as the firm wrote it, except Remit's default note, which is translated too.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

__all__ = ["EN", "labels_for"]

EN: dict[str, str] = {
    "title": "Statement of Account",
    "statement_date": "Statement date",
    "period": "Period",
    "matter": "Matter",
    "client_ref": "Client reference",
    "account_in": "Account in {currency}",
    "opening": "Opening balance",
    "invoices": "Invoices",
    "payments": "Payments",
    "reversals": "Reversals",
    "credits": "Credits",
    "closing": "Closing balance",
    "activity": "Account activity",
    "date": "Date",
    "description": "Description",
    "invoice": "Invoice",
    "charges": "Charges",
    "paid_credited": "Paid / credited",
    "balance": "Balance",
    "aging": "Aging",
    "days_past_due_title": "days past due",
    "current": "Current",
    "1-30": "1–30 days",
    "31-60": "31–60 days",
    "61-90": "61–90 days",
    "90+": "Over 90 days",
    "credit": "Credit",
    "open_invoices": "Open invoices",
    "issued": "Issued",
    "due": "Due",
    "days_past_due": "Days past due",
    "open_balance": "Open balance",
    "amount_due": "Amount due",
    "nothing_due": "No payment is due. Thank you.",
    "pay_online": "Pay online",
    "pay_online_qr": "Pay online (or scan the code):",
    "billing_questions": "Billing questions",
    "no_activity": "There was no activity on this account in the period.",
    "page_of": "Page {page} of {pages}",
    "kind.invoice": "Invoice",
    "kind.payment": "Payment",
    "kind.reversal": "Payment reversed",
    "kind.credit": "Credit",
    "kind.void": "Invoice voided",
    "kind.credit_ref": "Credit ({reference})",
    "note": "Thank you for your business. If you have already sent payment, please accept our "
    "thanks and disregard this statement. If you have any questions about your "
    "account, please contact our billing office; we are glad to help.",
}

_ES: dict[str, str] = {
    "title": "Estado de cuenta",
    "statement_date": "Fecha del estado",
    "period": "Período",
    "matter": "Asunto",
    "client_ref": "Referencia del cliente",
    "account_in": "Cuenta en {currency}",
    "opening": "Saldo inicial",
    "invoices": "Facturas",
    "payments": "Pagos",
    "reversals": "Reversiones",
    "credits": "Créditos",
    "closing": "Saldo final",
    "activity": "Movimientos de la cuenta",
    "date": "Fecha",
    "description": "Concepto",
    "invoice": "Factura",
    "charges": "Cargos",
    "paid_credited": "Pagado / abonado",
    "balance": "Saldo",
    "aging": "Antigüedad",
    "days_past_due_title": "días de atraso",
    "current": "Al corriente",
    "1-30": "1–30 días",
    "31-60": "31–60 días",
    "61-90": "61–90 días",
    "90+": "Más de 90 días",
    "credit": "Saldo a favor",
    "open_invoices": "Facturas pendientes",
    "issued": "Emitida",
    "due": "Vence",
    "days_past_due": "Días de atraso",
    "open_balance": "Saldo pendiente",
    "amount_due": "Importe a pagar",
    "nothing_due": "No hay ningún pago pendiente. Gracias.",
    "pay_online": "Pagar en línea",
    "pay_online_qr": "Pague en línea (o escanee el código):",
    "billing_questions": "Consultas de facturación",
    "no_activity": "No hubo movimientos en esta cuenta durante el período.",
    "page_of": "Página {page} de {pages}",
    "kind.invoice": "Factura",
    "kind.payment": "Pago",
    "kind.reversal": "Pago revertido",
    "kind.credit": "Abono",
    "kind.void": "Factura anulada",
    "kind.credit_ref": "Abono ({reference})",
    "note": "Gracias por confiar en nosotros. Si ya ha realizado el pago, le agradecemos y le "
    "rogamos que no tenga en cuenta este estado. Si tiene alguna pregunta sobre su "
    "cuenta, comuníquese con nuestro departamento de facturación; con gusto le "
    "ayudaremos.",
}

_PL: dict[str, str] = {
    "title": "Wyciąg z konta",
    "statement_date": "Data wyciągu",
    "period": "Okres",
    "matter": "Sprawa",
    "client_ref": "Numer klienta",
    "account_in": "Konto w {currency}",
    "opening": "Saldo początkowe",
    "invoices": "Faktury",
    "payments": "Płatności",
    "reversals": "Cofnięte płatności",
    "credits": "Uznania",
    "closing": "Saldo końcowe",
    "activity": "Operacje na koncie",
    "date": "Data",
    "description": "Opis",
    "invoice": "Faktura",
    "charges": "Obciążenia",
    "paid_credited": "Wpłaty / uznania",
    "balance": "Saldo",
    "aging": "Wiekowanie",
    "days_past_due_title": "dni po terminie",
    "current": "W terminie",
    "1-30": "1–30 dni",
    "31-60": "31–60 dni",
    "61-90": "61–90 dni",
    "90+": "Ponad 90 dni",
    "credit": "Nadpłata",
    "open_invoices": "Nieopłacone faktury",
    "issued": "Wystawiona",
    "due": "Termin",
    "days_past_due": "Dni po terminie",
    "open_balance": "Do zapłaty",
    "amount_due": "Kwota do zapłaty",
    "nothing_due": "Brak należności do zapłaty. Dziękujemy.",
    "pay_online": "Zapłać online",
    "pay_online_qr": "Zapłać online (lub zeskanuj kod):",
    "billing_questions": "Pytania dotyczące rozliczeń",
    "no_activity": "W tym okresie nie było operacji na koncie.",
    "page_of": "Strona {page} z {pages}",
    "kind.invoice": "Faktura",
    "kind.payment": "Płatność",
    "kind.reversal": "Płatność cofnięta",
    "kind.credit": "Uznanie",
    "kind.void": "Faktura anulowana",
    "kind.credit_ref": "Uznanie ({reference})",
    "note": "Dziękujemy za współpracę. Jeśli płatność została już wysłana, dziękujemy i prosimy "
    "nie brać tego wyciągu pod uwagę. W razie pytań dotyczących konta prosimy o kontakt "
    "z naszym działem rozliczeń; chętnie pomożemy.",
}

_TABLES = {"en": EN, "es": _ES, "pl": _PL}


@lru_cache(maxsize=64)
def labels_for(tag: str | None) -> Mapping[str, str]:
    """The labels for a BCP 47 language tag, English where a table has no entry."""
    lang = (tag or "en").replace("_", "-").split("-")[0].lower()
    return EN | _TABLES.get(lang, {})
