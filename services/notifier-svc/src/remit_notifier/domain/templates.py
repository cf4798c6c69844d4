"""Templates as the notifier sees them: content, keys, language fallback and A/B variants.

Pure: no I/O. A template is identified by (kind, tone, language); its content has one to three
subject variants (A/B/C), an HTML body, a text body and an SMS text, all Jinja source that the
sandbox in :mod:`remit_notifier.domain.rendering` renders with plain-dict variables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID

from remit_common.events import StepKind, Tone

VARIANT_NAMES = ("A", "B", "C")
MAX_PART_CHARS = 64_000  # per template part; firm templates longer than this are refused
DEFAULT_LANGUAGE = "en"

#: Kinds whose message talks about a due date; without one they become "invoice available".
DATED_KINDS = frozenset({StepKind.PRE_DUE, StepKind.DUE, StepKind.OVERDUE, StepKind.FINAL_NOTICE})


@dataclass(frozen=True, slots=True)
class TemplateContent:
    """The four parts of a message template (Jinja source)."""

    subjects: tuple[str, ...]
    html: str
    text: str
    sms: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.subjects) <= len(VARIANT_NAMES):
            raise ValueError(f"a template has 1 to {len(VARIANT_NAMES)} subject variants")
        for part in (*self.subjects, self.html, self.text, self.sms):
            if len(part) > MAX_PART_CHARS:
                raise ValueError(f"a template part is limited to {MAX_PART_CHARS} characters")

    def parts(self) -> dict[str, str]:
        """Every part by name (``subject_a``... ``html``, ``text``, ``sms``), for linting."""
        named = {f"subject_{VARIANT_NAMES[i].lower()}": s for i, s in enumerate(self.subjects)}
        return {**named, "html": self.html, "text": self.text, "sms": self.sms}


@dataclass(frozen=True, slots=True)
class ResolvedTemplate:
    """The template chosen for one message, and where it came from (for reporting)."""

    kind: StepKind
    tone: Tone
    language: str
    content: TemplateContent
    source: str  # "firm" or "builtin"
    version: int = 0

    @property
    def name(self) -> str:
        """``kind.tone`` as ``ReminderDue.template`` spells it."""
        return f"{self.kind.value}.{self.tone.value}"


def normalise_language(tag: str) -> str:
    """``es_MX`` / ``ES-mx`` -> ``es-mx``: one spelling for lookups."""
    return tag.replace("_", "-").strip().lower()


def language_chain(client_language: str | None, firm_default: str | None) -> list[str]:
    """Languages to try, best first: the client's (then its base), the firm's default, English.

    ``es-MX`` contributes ``es-mx`` then ``es``, so a firm template in plain Spanish serves
    Mexican clients too.
    """
    chain: list[str] = []
    for tag in (client_language, firm_default, DEFAULT_LANGUAGE):
        if not tag:
            continue
        tag = normalise_language(tag)
        for candidate in (tag, tag.split("-", 1)[0]):
            if candidate not in chain:
                chain.append(candidate)
    return chain


def parse_template_name(name: str | None, kind: StepKind, tone: Tone) -> tuple[StepKind, Tone]:
    """The (kind, tone) a ``ReminderDue.template`` key names; the step's own when absent/odd."""
    if not name:
        return kind, tone
    head, _, tail = name.partition(".")
    try:
        return StepKind(head), Tone(tail) if tail else tone
    except ValueError:
        return kind, tone


def effective_kind(kind: StepKind, has_due_date: bool) -> StepKind:
    """An invoice without a due date is never "due soon" or "past due": it is "available"."""
    if kind in DATED_KINDS and not has_due_date:
        return StepKind.INVOICE_AVAILABLE
    return kind


def resolve_template(
    kind: StepKind,
    tone: Tone,
    chain: Iterable[str],
    firm_templates: Mapping[str, tuple[TemplateContent, int]],
    builtins: Mapping[tuple[StepKind, Tone, str], TemplateContent],
) -> ResolvedTemplate:
    """Pick the template for (kind, tone) along the language ``chain``.

    For each language the firm's own template wins over the built-in one; a built-in in the
    client's language wins over a firm template in a later language, because a message the
    client can read matters more than the firm's wording. ``firm_templates`` maps language ->
    (content, version) for this firm, kind and tone. English built-ins always exist.
    """
    for language in chain:
        if language in firm_templates:
            content, version = firm_templates[language]
            return ResolvedTemplate(kind, tone, language, content, "firm", version)
        if (kind, tone, language) in builtins:
            content = builtins[(kind, tone, language)]
            return ResolvedTemplate(kind, tone, language, content, "builtin")
    content = builtins[(kind, tone, DEFAULT_LANGUAGE)]
    return ResolvedTemplate(kind, tone, DEFAULT_LANGUAGE, content, "builtin")


def assign_variant(client_id: UUID, template_name: str, variant_count: int) -> int:
    """The subject variant (0-based) this client gets for this template, always the same one.

    A hash rather than a random draw: a client sees the same wording across reminders, the
    split is reproducible for reporting, and no state needs storing.
    """
    if variant_count <= 1:
        return 0
    digest = hashlib.sha256(f"{client_id}:{template_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % variant_count
