"""Tone lint: flags threatening, misleading or harassing collection language and missing content.

Run on every part of a template (subjects, HTML, text, SMS) before it may go live. The lint
renders the part with sample variables in the sandbox (so syntax errors and unknown variables
are findings too) and checks the rendered words, then checks that the source references what
each kind of message must carry: the firm's contact, the amount and the invoice number(s).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment
from remit_common.events import StepKind

from remit_notifier.domain.rendering import RenderError, check_syntax, render
from remit_notifier.domain.templates import TemplateContent
from remit_notifier.domain.tone_rules import RULES, SHOUTING, SHOUTING_EXPLANATION, Severity
from remit_notifier.domain.variables import sample_variables

_PARSER = SandboxedEnvironment()
_AMOUNT_VARS = frozenset({"amount_due", "payment_amount", "invoices", "original_total"})
_NUMBER_VARS = frozenset({"invoice_number", "invoice_numbers", "invoices"})
_NEEDS_AMOUNT = frozenset(set(StepKind))
_NEEDS_NUMBER = frozenset(set(StepKind) - {StepKind.STATEMENT})
_BODY_PARTS = ("html", "text", "sms")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, how serious, where, why, and the words that triggered it."""

    rule: str
    severity: Severity
    part: str
    message: str
    excerpt: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error (saving then needs an explicit override)."""
    return any(f.severity == "error" for f in findings)


def lint_template(content: TemplateContent, kind: StepKind, language: str = "en") -> list[Finding]:
    """Every finding for ``content`` used as a ``kind`` message in ``language``."""
    findings: list[Finding] = []
    variables = sample_variables(language)
    for part, source in content.parts().items():
        html = part == "html"
        syntax = check_syntax(source, html=html)
        if syntax is not None:
            findings.append(Finding("syntax", "error", part, f"Template syntax error: {syntax}"))
            continue
        try:
            words = render(source, variables, html=html)
        except RenderError as exc:
            findings.append(Finding("render", "error", part, f"Cannot render: {exc.reason}"))
            words = source
        findings.extend(lint_words(_TAGS.sub(" ", words) if html else words, part))
        if part in _BODY_PARTS:
            findings.extend(_missing_content(source, kind, part))
    return findings


def lint_words(text: str, part: str) -> list[Finding]:
    """Findings of the language rules in one rendered part."""
    findings = []
    for rule in RULES:
        match = rule.pattern.search(text)
        if match:
            findings.append(
                Finding(rule.id, rule.severity, part, rule.explanation, _excerpt(text, match))
            )
    shout = SHOUTING.search(text)
    if shout:
        findings.append(
            Finding("shouting", "warning", part, SHOUTING_EXPLANATION, _excerpt(text, shout))
        )
    return findings


def _excerpt(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
    return " ".join(text[start:end].split())


def _missing_content(source: str, kind: StepKind, part: str) -> list[Finding]:
    try:
        used = meta.find_undeclared_variables(_PARSER.parse(source))
    except Exception:  # noqa: BLE001 - syntax errors are reported separately
        return []
    missing = []
    if "firm_contact" not in used:
        missing.append(
            (
                "missing_firm_contact",
                "Does not give the firm's billing contact (use firm_contact.email or "
                "firm_contact.phone): the client must be able to ask a question.",
            )
        )
    if kind in _NEEDS_AMOUNT and not used & _AMOUNT_VARS:
        missing.append(
            (
                "missing_amount",
                "Does not state the amount (use amount_due): a reminder must say "
                "exactly what is owed.",
            )
        )
    if kind in _NEEDS_NUMBER and not used & _NUMBER_VARS:
        missing.append(
            (
                "missing_invoice_number",
                "Does not name the invoice (use invoice_number or invoice_numbers): the "
                "client must know which bill this is about.",
            )
        )
    return [Finding(rule, "error", part, message) for rule, message in missing]
