"""Built-in templates for every kind and tone in English, Spanish and Polish.

Assembled from each language's :class:`Phrases` into one layout, so every language carries the
same content: greeting, what the message is about, the invoices with balances and due dates,
the total, a tone-dependent closing sentence (reminder kinds only), the payment link and QR
code, and the firm's billing contact. The tone lint passes all of them (a unit test checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from remit_common.events import StepKind, Tone

from remit_notifier.domain.builtin.en import EN
from remit_notifier.domain.builtin.es import ES
from remit_notifier.domain.builtin.phrases import Phrases
from remit_notifier.domain.builtin.pl import PL
from remit_notifier.domain.templates import DATED_KINDS, TemplateContent

__all__ = ["BUILTIN_LANGUAGES", "BUILTINS", "builtin_template"]

_NO_PAY_LINK = frozenset({StepKind.RECEIPT, StepKind.TRUST_NOTICE})


def _subject(single: str, multi: str) -> str:
    if single == multi:
        return single
    return f"{{% if invoice_count == 1 %}}{single}{{% else %}}{multi}{{% endif %}}"


def _html(p: Phrases, kind: StepKind, tone: Tone) -> str:
    greeting = p.greeting_firm if kind is StepKind.TRUST_NOTICE else p.greeting
    tone_line = f"<p>{p.tone_line[tone]}</p>\n" if kind in DATED_KINDS else ""
    pay = (
        ""
        if kind in _NO_PAY_LINK
        else '{% if payment_link %}<p><a href="{{ payment_link }}" style="background:#1f4e79;'
        f'color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px">{p.pay_cta}</a>'
        f"</p>\n{{% if qr_code %}}<p>{p.qr_caption}<br>{{{{ qr_code }}}}</p>{{% endif %}}"
        "{% endif %}\n"
    )
    return (
        f'<!doctype html>\n<html lang="{p.language}"><body style="font-family:Arial,sans-serif;'
        'color:#222;max-width:600px">\n'
        f"<p>{greeting}</p>\n<p>{p.intro[kind]}</p>\n"
        '<table style="border-collapse:collapse;width:100%">\n'
        '{% for inv in invoices %}<tr><td style="padding:4px 0">'
        f"{p.label_invoice} {{{{ inv.number }}}}"
        "{% if inv.matter %}<br><small>{{ inv.matter }}</small>{% endif %}</td>"
        f"<td>{{% if inv.due_date %}}{p.label_due} {{{{ inv.due_date }}}}{{% endif %}}</td>"
        '<td style="text-align:right">{{ inv.balance }}</td></tr>\n{% endfor %}</table>\n'
        f"<p><strong>{p.label_total}: {{{{ amount_due }}}}</strong>"
        f"{{% if invoice_count == 1 %}}<br>{p.label_original}: {{{{ original_total }}}}"
        "{% endif %}</p>\n"
        f"{tone_line}{pay}<p>{p.contact}</p>\n"
        f"<p>{p.closing}<br>{{{{ firm_name }}}}</p>\n</body></html>\n"
    )


def _text(p: Phrases, kind: StepKind, tone: Tone) -> str:
    greeting = p.greeting_firm if kind is StepKind.TRUST_NOTICE else p.greeting
    tone_line = f"{p.tone_line[tone]}\n\n" if kind in DATED_KINDS else ""
    pay = (
        ""
        if kind in _NO_PAY_LINK
        else (f"{{% if payment_link %}}{p.pay_cta}: {{{{ payment_link }}}}\n\n{{% endif %}}")
    )
    return (
        f"{greeting}\n\n{p.intro[kind]}\n\n"
        f"{{% for inv in invoices %}}- {p.label_invoice} {{{{ inv.number }}}}"
        "{% if inv.matter %} ({{ inv.matter }}){% endif %}: {{ inv.balance }}"
        f"{{% if inv.due_date %}}, {p.label_due} {{{{ inv.due_date }}}}{{% endif %}}\n"
        "{% endfor %}\n"
        f"{p.label_total}: {{{{ amount_due }}}}\n"
        f"{{% if invoice_count == 1 %}}{p.label_original}: {{{{ original_total }}}}\n{{% endif %}}"
        f"\n{tone_line}{pay}{p.contact}\n\n{p.closing}\n{{{{ firm_name }}}}\n"
    )


def _content(p: Phrases, kind: StepKind, tone: Tone) -> TemplateContent:
    subjects = tuple(_subject(single, multi) for single, multi in p.subjects[kind])
    sms = f"{p.sms[kind]} {p.sms_contact}. {p.sms_stop}"
    return TemplateContent(
        subjects=subjects, html=_html(p, kind, tone), text=_text(p, kind, tone), sms=sms
    )


def _build() -> Mapping[tuple[StepKind, Tone, str], TemplateContent]:
    table = {
        (kind, tone, p.language): _content(p, kind, tone)
        for p in (EN, ES, PL)
        for kind in StepKind
        for tone in Tone
    }
    return MappingProxyType(table)


#: (kind, tone, language) -> the built-in template.
BUILTINS = _build()
BUILTIN_LANGUAGES = ("en", "es", "pl")


def builtin_template(kind: StepKind, tone: Tone, language: str = "en") -> TemplateContent:
    """The built-in template for (kind, tone) in ``language`` (English when not built in)."""
    return BUILTINS.get((kind, tone, language)) or BUILTINS[(kind, tone, "en")]
