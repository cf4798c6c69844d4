"""The tone lint flags threatening, misleading and harassing language and missing content."""

import pytest
from remit_common.events import StepKind, Tone
from remit_notifier.domain.builtin import builtin_template
from remit_notifier.domain.templates import TemplateContent
from remit_notifier.domain.tone import has_errors, lint_template, lint_words

GOOD_BODY = (
    "Dear {{ client_name }}, invoice {{ invoice_number }} for {{ amount_due }} is due on "
    "{{ due_date }}. Questions: {{ firm_contact.email }}. {{ firm_name }}"
)


def content(body: str = GOOD_BODY, subject: str = "Invoice {{ invoice_number }} is due soon"):
    return TemplateContent(subjects=(subject,), html=f"<p>{body}</p>", text=body, sms=body)


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Pay now or you will be arrested.", "threat_of_arrest"),
        ("Failure to pay may result in jail time.", "threat_of_arrest"),
        ("We will take legal action against you.", "legal_action_threat"),
        ("Your account will be sent to a collection agency.", "legal_action_threat"),
        ("We may report this to the credit bureau.", "legal_action_threat"),
        ("We will tell your employer about this debt.", "shaming"),
        ("Don't be a deadbeat.", "shaming"),
        ("We will keep calling until you pay.", "harassment"),
        ("Only a dishonest client ignores our invoices.", "insult"),
        ("A late fee of $50 will be added.", "unagreed_fees"),
        ("Interest will be charged on the balance.", "unagreed_fees"),
        ("Pay immediately.", "false_urgency"),
        ("This is your LAST CHANCE TO PAY", "shouting"),
        ("Pay now!!!", "shouting"),
        ("Emprenderemos acciones legales.", "legal_action_threat"),
        ("Podría acabar en la cárcel.", "threat_of_arrest"),
        ("Sprawa trafi do komornika.", "legal_action_threat"),
        ("Naliczymy odsetki za zwłokę.", "unagreed_fees"),
        ("Poinformujemy pracodawcę.", "shaming"),
    ],
)
def test_threatening_samples_are_flagged_with_an_explanation(sentence, rule):
    findings = lint_words(sentence, "text")
    assert rule in {f.rule for f in findings}
    finding = next(f for f in findings if f.rule == rule)
    assert len(finding.message) > 40 and finding.excerpt


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you for your business.",
        "Please contact us if you have questions.",
        "Our records show the amount below was due on March 31.",
    ],
)
def test_courteous_language_passes(sentence):
    assert lint_words(sentence, "text") == []


def test_threatening_template_has_errors():
    findings = lint_template(content(GOOD_BODY + " Pay or we will sue you."), StepKind.OVERDUE)
    assert has_errors(findings)
    assert {f.part for f in findings if f.rule == "legal_action_threat"} == {"html", "text", "sms"}


def test_missing_contact_amount_and_number_are_errors():
    findings = lint_template(content("Dear {{ client_name }}, please pay."), StepKind.OVERDUE)
    rules = {f.rule for f in findings}
    assert {"missing_firm_contact", "missing_amount", "missing_invoice_number"} <= rules


def test_unknown_variables_and_syntax_errors_are_findings():
    findings = lint_template(content(GOOD_BODY + " {{ clinet }}"), StepKind.DUE)
    assert "render" in {f.rule for f in findings}
    findings = lint_template(content(GOOD_BODY + " {% if %}"), StepKind.DUE)
    assert "syntax" in {f.rule for f in findings}


def test_builtins_pass_in_every_language():
    for language in ("en", "es", "pl"):
        for kind in StepKind:
            assert lint_template(builtin_template(kind, Tone.FINAL, language), kind, language) == []
