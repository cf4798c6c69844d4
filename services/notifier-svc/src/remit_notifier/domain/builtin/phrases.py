"""The shape of one language's wording for the built-in templates."""

from __future__ import annotations

from dataclasses import dataclass

from remit_common.events import StepKind, Tone

#: (one invoice, several invoices) for each subject variant.
SubjectPair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Phrases:
    """Everything a language contributes; values are Jinja snippets using the variables."""

    language: str
    greeting: str
    greeting_firm: str
    subjects: dict[StepKind, tuple[SubjectPair, SubjectPair]]
    intro: dict[StepKind, str]
    tone_line: dict[Tone, str]
    sms: dict[StepKind, str]
    label_invoice: str
    label_due: str
    label_total: str
    label_original: str
    pay_cta: str
    qr_caption: str
    contact: str
    sms_contact: str
    sms_stop: str
    closing: str
