"""The tone lint's rules: what collection language a law firm must not use, and why.

Each rule has an id, a severity (``error`` blocks saving unless the firm overrides; ``warning``
informs) and patterns in English, Spanish and Polish. The explanation is what the firm reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class ToneRule:
    """One kind of problematic language."""

    id: str
    severity: Severity
    explanation: str
    pattern: re.Pattern[str]


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


RULES: tuple[ToneRule, ...] = (
    ToneRule(
        "threat_of_arrest",
        "error",
        "Threatens arrest, imprisonment or criminal consequences. Not paying a legal bill is not "
        "a crime; saying otherwise is false, intimidating, and breaches professional-conduct and "
        "fair debt-collection rules.",
        _rx(
            r"arrest(?:ed)?",
            r"jail",
            r"prison",
            r"police",
            r"criminal \w+",
            r"warrants?",
            r"arrest[oa]r?",
            r"c[aá]rcel",
            r"prisi[oó]n",
            r"polic[ií]a",
            r"denuncia penal",
            r"(?:acciones|cargos) penales",
            r"areszt\w*",
            r"więzieni\w*",
            r"policj\w*",
            r"prokuratur\w*",
            r"odpowiedzialnoś\w* karn\w*",
        ),
    ),
    ToneRule(
        "legal_action_threat",
        "error",
        "Mentions legal action, courts, collection agencies, credit reporting or seizure. Say "
        "this only if the firm has actually decided on that step and may lawfully take it; an "
        "idle threat is misleading. Override only when that decision is documented.",
        _rx(
            r"legal (?:action|proceedings|steps)",
            r"(?:take|see) you (?:to|in) court",
            r"sue",
            r"su(?:ing|ed) you",
            r"lawsuit",
            r"collection agency",
            r"debt collectors?",
            r"credit (?:bureau|report\w*)",
            r"garnish\w*",
            r"seiz\w+",
            r"repossess\w*",
            r"acci(?:ones|ón) (?:legales|legal|judicial)",
            r"demandar\w*",
            r"tribunal(?:es)?",
            r"agencia de cobros?",
            r"embarg\w+",
            r"kroki prawne",
            r"postępowani\w* sądow\w*",
            r"pozew",
            r"pozwiemy",
            r"sądzie",
            r"sąd",
            r"windykac\w*",
            r"komornik\w*",
            r"egzekucj\w*",
            r"biuro informacji gospodarczej",
        ),
    ),
    ToneRule(
        "shaming",
        "error",
        "Threatens to tell third parties (employer, family, neighbours) or to shame the client. "
        "Client matters are confidential, and public shaming is harassment.",
        _rx(
            r"(?:tell|inform|contact|notify) (?:your )?(?:employer|family|friends|neighbou?rs|"
            r"colleagues)",
            r"publicly",
            r"deadbeat",
            r"shame\w*",
            r"embarrass\w*",
            r"(?:su )?(?:empleador|familia|vecinos)",
            r"verg[uü]enza",
            r"morosos?",
            r"pracodaw\w*",
            r"rodzin\w*",
            r"sąsiad\w*",
            r"wstyd\w*",
            r"list\w* dłużników",
        ),
    ),
    ToneRule(
        "harassment",
        "error",
        "Promises repeated or intrusive contact. Reminders follow the firm's schedule; saying "
        "the client will be contacted again and again is harassing.",
        _rx(
            r"(?:we will|we'll) (?:keep|continue) (?:calling|contacting|texting|emailing)",
            r"call(?:ing)? you at (?:work|home)",
            r"every day until",
            r"day and night",
            r"(?:seguiremos|continuaremos) (?:llamando|contactando|escribiendo)",
            r"todos los días hasta",
            r"(?:będziemy|nadal będziemy) (?:dzwonić|kontaktować|pisać)",
            r"codziennie aż",
        ),
    ),
    ToneRule(
        "insult",
        "error",
        "Attacks the client's character. A reminder states facts about an invoice, never "
        "judgements about the person.",
        _rx(
            r"irresponsible",
            r"dishonest",
            r"liars?",
            r"lying",
            r"fraud\w*",
            r"cheat\w*",
            r"irresponsables?",
            r"deshonest\w*",
            r"mentiros\w*",
            r"fraude",
            r"estaf\w+",
            r"nieodpowiedzialn\w*",
            r"nieuczciw\w*",
            r"kłam\w*",
            r"oszu\w+",
        ),
    ),
    ToneRule(
        "unagreed_fees",
        "error",
        "Mentions fees, interest or penalties. Only what the client agreed to in the engagement "
        "terms may be charged, stated plainly with the amount; otherwise this is misleading. "
        "Override only if these charges are agreed.",
        _rx(
            r"(?:late|penalty|collection|administrative|admin) (?:fees?|charges?)",
            r"penalt(?:y|ies)",
            r"interest (?:will|shall|may) (?:be )?(?:charged|accrue|added)",
            r"surcharges?",
            r"recargos?",
            r"penalizaci[oó]n\w*",
            r"intereses de demora",
            r"multas?",
            r"odsetk\w*",
            r"kar[aąy]? umown\w*",
            r"opłat\w* windykacyjn\w*",
            r"kar[aąy]",
            r"opłat\w* za opóźnienie",
        ),
    ),
    ToneRule(
        "false_urgency",
        "warning",
        "Creates pressure the facts may not support. State when payment is due instead of "
        "demanding immediate action or announcing a 'last chance'.",
        _rx(
            r"immediately",
            r"right away",
            r"act now",
            r"last chance",
            r"final warning",
            r"within (?:24|48) hours",
            r"urgent\w*",
            r"or else",
            r"inmediatamente",
            r"de inmediato",
            r"urgente",
            r"última oportunidad",
            r"o de lo contrario",
            r"natychmiast\w*",
            r"niezwłocznie",
            r"pilne",
            r"ostatnia szansa",
            r"w przeciwnym razie",
        ),
    ),
)

#: Three or more shouted words in a row, or repeated exclamation marks.
_CAPS = r"\b[A-ZÁÉÍÓÚÑĄĆĘŁŃÓŚŹŻ]{2,}\b"
SHOUTING = re.compile(rf"(?:{_CAPS}[\s,.:;-]+){{2,}}{_CAPS}|!{{2,}}")
SHOUTING_EXPLANATION = (
    "Shouting (capitals or repeated exclamation marks) reads as aggressive; a courteous "
    "reminder does not need it."
)
