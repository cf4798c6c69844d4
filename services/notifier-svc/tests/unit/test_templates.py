"""Template resolution, fallback chain, A/B variants and the built-in wording."""

from collections import Counter
from datetime import date
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notifier_factories import NOW, firm, item, reminder
from remit_common.events import Channel, StepKind, Tone
from remit_notifier.domain.builtin import BUILTINS, builtin_template
from remit_notifier.domain.compose import TrackingLinks, compose
from remit_notifier.domain.templates import (
    ResolvedTemplate,
    TemplateContent,
    assign_variant,
    effective_kind,
    language_chain,
    parse_template_name,
    resolve_template,
)
from remit_notifier.domain.tone import lint_template


def test_language_chain_goes_client_then_base_then_firm_then_english():
    assert language_chain("es-MX", "pl") == ["es-mx", "es", "pl", "en"]
    assert language_chain("en-US", "en") == ["en-us", "en"]
    assert language_chain(None, None) == ["en"]


def test_firm_template_wins_in_its_language_but_client_language_builtin_beats_later_firm():
    custom = TemplateContent(subjects=("Custom",), html="h", text="t", sms="s")
    firm_templates = {"en": (custom, 3)}
    chosen = resolve_template(StepKind.DUE, Tone.FIRM, ["es", "en"], firm_templates, BUILTINS)
    assert (chosen.language, chosen.source) == ("es", "builtin")
    chosen = resolve_template(StepKind.DUE, Tone.FIRM, ["de", "en"], firm_templates, BUILTINS)
    assert (chosen.source, chosen.version) == ("firm", 3)
    chosen = resolve_template(StepKind.DUE, Tone.FIRM, ["de"], {}, BUILTINS)
    assert chosen.language == "en"


def test_template_names_parse_and_fall_back_to_the_step():
    assert parse_template_name("overdue.final", StepKind.DUE, Tone.FIRM) == (
        StepKind.OVERDUE,
        Tone.FINAL,
    )
    assert parse_template_name("nonsense", StepKind.DUE, Tone.FIRM) == (StepKind.DUE, Tone.FIRM)
    assert parse_template_name(None, StepKind.DUE, Tone.FIRM) == (StepKind.DUE, Tone.FIRM)


def test_an_invoice_without_due_date_is_available_not_past_due():
    assert effective_kind(StepKind.OVERDUE, has_due_date=False) is StepKind.INVOICE_AVAILABLE
    assert effective_kind(StepKind.OVERDUE, has_due_date=True) is StepKind.OVERDUE
    assert effective_kind(StepKind.RECEIPT, has_due_date=False) is StepKind.RECEIPT


@given(st.uuids(), st.sampled_from(["pre_due.friendly", "overdue.firm"]), st.integers(1, 3))
def test_variant_assignment_is_deterministic_and_in_range(client_id, name, count):
    first = assign_variant(client_id, name, count)
    assert first == assign_variant(client_id, name, count)
    assert 0 <= first < count


def test_variants_split_clients_roughly_evenly():
    counts = Counter(assign_variant(uuid4(), "due.firm", 2) for _ in range(2000))
    assert 850 < counts[0] < 1150


def test_every_kind_tone_and_language_has_a_builtin_that_passes_the_lint():
    assert len(BUILTINS) == len(StepKind) * len(Tone) * 3
    for (kind, _tone, language), content in BUILTINS.items():
        assert lint_template(content, kind, language) == [], (kind, language)


SUBJECT_WORDS = {
    StepKind.PRE_DUE: {"en": "due soon", "es": "vence pronto", "pl": "wkrótce mija"},
    StepKind.DUE: {"en": "due today", "es": "vence hoy", "pl": "mija dzisiaj"},
    StepKind.OVERDUE: {"en": "past due", "es": "vencida", "pl": "po terminie"},
    StepKind.INVOICE_AVAILABLE: {
        "en": "available to view",
        "es": "disponible para consulta",
        "pl": "dostępna do wglądu",
    },
}


@pytest.mark.parametrize("kind", list(SUBJECT_WORDS))
@pytest.mark.parametrize("language", ["en", "es", "pl"])
def test_subjects_say_due_soon_today_past_due_or_available(kind, language):
    rem = reminder(kind=kind, language=language)
    resolved = ResolvedTemplate(
        kind, Tone.FRIENDLY, language, builtin_template(kind, Tone.FRIENDLY, language), "builtin"
    )
    composed = compose(
        rem,
        rem.items,
        firm(),
        resolved,
        channel=Channel.EMAIL,
        delivery_id=uuid4(),
        links=TrackingLinks(),
        now=NOW,
    )
    assert SUBJECT_WORDS[kind][language] in composed.message.subject
    assert "2025-0042" in composed.message.subject


def test_english_email_has_formatted_amounts_dates_days_contact_and_qr():
    rem = reminder(items=(item(balance=100050, total=125000),))
    resolved = ResolvedTemplate(
        StepKind.PRE_DUE,
        Tone.FRIENDLY,
        "en-us",
        builtin_template(StepKind.PRE_DUE, Tone.FRIENDLY),
        "builtin",
    )
    links = TrackingLinks(click="https://n.example/t/c/tok", open_pixel="https://n.example/t/o/p")
    msg = compose(
        rem,
        rem.items,
        firm(),
        resolved,
        channel=Channel.EMAIL,
        delivery_id=uuid4(),
        links=links,
        now=NOW,
    ).message
    assert "$1,000.50" in msg.text and "$1,250.00" in msg.text
    assert "March 31, 2025" in msg.text and "7 days from today" in msg.text
    assert "billing@smith.example" in msg.text and "https://n.example/t/c/tok" in msg.text
    assert 'src="cid:qr-payment@remit"' in msg.html and msg.inline_images
    assert 'src="https://n.example/t/o/p"' in msg.html
    assert "Smith &amp; Jones LLP" in msg.html


def test_spanish_and_polish_format_money_their_way():
    for language, expected in (("es", "1.250,00\xa0US$"), ("pl", "1250,00\xa0USD")):
        rem = reminder(language=language)
        resolved = ResolvedTemplate(
            StepKind.OVERDUE,
            Tone.FIRM,
            language,
            builtin_template(StepKind.OVERDUE, Tone.FIRM, language),
            "builtin",
        )
        msg = compose(
            rem,
            rem.items,
            firm(),
            resolved,
            channel=Channel.EMAIL,
            delivery_id=uuid4(),
            links=TrackingLinks(),
            now=NOW,
        ).message
        assert expected.replace("\xa0", "") in msg.text.replace("\xa0", "").replace("\u202f", ""), (
            msg.text
        )


def test_consolidated_reminder_lists_every_invoice_and_the_total():
    items = (item("A-1", 1000, due=date(2025, 3, 31)), item("A-2", 2500, due=date(2025, 4, 2)))
    rem = reminder(items=items)
    resolved = ResolvedTemplate(
        StepKind.PRE_DUE,
        Tone.FRIENDLY,
        "en",
        builtin_template(StepKind.PRE_DUE, Tone.FRIENDLY),
        "builtin",
    )
    msg = compose(
        rem,
        items,
        firm(payment_url="https://pay.example/firm"),
        resolved,
        channel=Channel.EMAIL,
        delivery_id=uuid4(),
        links=TrackingLinks(),
        now=NOW,
    ).message
    assert "Invoices A-1, A-2 are due soon" in msg.subject or "invoices A-1, A-2" in msg.subject
    assert "$35.00" in msg.text and "A-1" in msg.text and "A-2" in msg.text
    assert "https://pay.example/firm" in msg.text


def test_sms_is_short_normalised_and_carries_stop_wording():
    rem = reminder(channels=(Channel.SMS,))
    resolved = ResolvedTemplate(
        StepKind.DUE, Tone.FRIENDLY, "en", builtin_template(StepKind.DUE, Tone.FRIENDLY), "builtin"
    )
    msg = compose(
        rem,
        rem.items,
        firm(),
        resolved,
        channel=Channel.SMS,
        delivery_id=uuid4(),
        links=TrackingLinks(click="https://n.example/t/c/x"),
        now=NOW,
    ).message
    assert "Reply STOP" in msg.text and "$1,250.00" in msg.text
    assert "\n" not in msg.text and len(msg.text) <= 320
