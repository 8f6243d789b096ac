"""Reading lay text for what plain-language guides warn about: undefined
acronyms, the passive voice, product codes, and terms the page defines.

Patterns, not a parser: each looks for a clear surface form, and the rule
docs say what it misses. A spaCy dependency parse would find more passives,
at the cost of a 500 MB model in a pre-commit hook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trialdocs.readability import _cmudict

#: Acronyms readers know without help. Extend with ``[rules.TD303] also_allow = [...]``.
EVERYDAY_ACRONYMS = (
    "AIDS", "COVID", "COVID-19", "DNA", "EU", "HIV", "ICU", "ID", "MRI", "OK", "TV", "UK", "US", "USA", "X-ray",
)  # fmt: skip

_ACRONYM = re.compile(r"(?<![\w-])(?=[\w-]*[A-Z][\w-]*[A-Z])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w-])")
_TRIAL_ID = re.compile(r"^NCT\d{8}$")
_MARKER = re.compile(r"^(?:anti-)?CD\d+(?:-\w+)?$", re.IGNORECASE)
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X{1,3})$")


def _defines(text: str, start: int, end: int) -> bool:
    """True if the acronym at ``text[start:end]`` is defined where it stands.

    "CAR T (a cell treatment)", "ALL, a type of blood cancer", "ALL is a blood
    cancer", "a marker called CD19", "... (FVIII)" after its long form.
    """
    after = text[end : end + 40]
    before = text[max(0, start - 30) : start]
    if re.match(r"\s*\((?!\s*[A-Z]{2,}\s*\))", after) or re.match(
        r"(?:\s+\w+)?(?:,|\s+-|\s+–|:)\s+(?:a|an|the|which|short for|or|also)\b|\s+(?:is|are|means|stands for)\s+(?:a|an|the|short for|when)\b",
        after,
    ):
        return True
    return bool(re.search(r"\b(?:called|named|known as|short for)\s+(?:the\s+)?$", before))


def undefined_acronyms(sections: list[tuple[str, str]], allow: set[str]) -> Iterator[tuple[str, str, str]]:
    """(section key, acronym, text from it on) for each acronym whose first use on the page is not a definition.

    ``sections`` are (key, text) in page order. An acronym the page defines
    later is still reported at its first, undefined, use.
    """
    seen: set[str] = set()
    for key, text in sections:
        for m in _ACRONYM.finditer(text):
            word = m.group(1)
            if word in seen or word in allow or word.upper() in allow or _ROMAN.match(word) or not _is_acronym(word):
                continue
            seen.add(word)
            if _introduced_here(text, m.start(), m.end()) or _defines(text, m.start(), m.end()):
                continue
            yield key, word, text[m.start() :]


def _is_acronym(word: str) -> bool:
    """Mostly capitals ("FVIII", "mRNA", "CD19"): not a trial id, a CamelCase name
    ("ClinicalTrials") or a word in capitals ("CRITERIA", a dictionary word of five letters or more)."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if len(word) < 2 or capitals < 2 or capitals * 2 <= len(letters) or _TRIAL_ID.match(word):
        return False
    return not (len(word) >= 5 and word.isalpha() and _cmudict().stressed(word.lower()) is not None)


def _introduced_here(text: str, start: int, end: int) -> bool:
    """ "factor eight (FVIII)": the acronym in brackets after words that spell it out."""
    return text[max(0, start - 1) : start] == "(" and text[end : end + 1] == ")" and len(text[:start].split()) >= 2


# ---------------------------------------------------------------- passive voice

_IRREGULAR = [
    "born",
    "borne",
    "bought",
    "brought",
    "built",
    "caught",
    "chosen",
    "done",
    "drawn",
    "driven",
    "eaten",
    "fallen",
    "felt",
    "found",
    "given",
    "gone",
    "grown",
    "held",
    "hidden",
    "hit",
    "hurt",
    "kept",
    "known",
    "laid",
    "led",
    "left",
    "lent",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "put",
    "read",
    "run",
    "said",
    "seen",
    "sent",
    "set",
    "shown",
    "shut",
    "sold",
    "spent",
    "split",
    "spread",
    "stolen",
    "struck",
    "sworn",
    "taken",
    "taught",
    "thought",
    "thrown",
    "told",
    "understood",
    "woken",
    "won",
    "worn",
    "written",
]
_NOT_PASSIVE = {
    "interested",
    "tired",
    "worried",
    "scared",
    "married",
    "pleased",
    "excited",
    "supposed",
    "concerned",
}
_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten)"
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:(?:not|also|then|only|often|usually|still|first|now|always|never|\w+ly)\s+)*"
    rf"(\w+ed|{'|'.join(_IRREGULAR)})\b",
    re.IGNORECASE,
)


def is_passive(sentence: str) -> bool:
    """A form of "be" or "get" followed by a past participle: "is given", "were randomly assigned"."""
    return any(m.group(1).lower() not in _NOT_PASSIVE for m in _PASSIVE.finditer(sentence))


# ---------------------------------------------------------------- codes

_CODE = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w-])")
_THREE_DIGITS = re.compile(r"\d\D*\d\D*\d")
_SITE_CODE = re.compile(r"\b(?:site|center|centre|location)\s+(?:number\s+|no\.?\s*|#\s*)?\d{2,}\b", re.IGNORECASE)


def codes(text: str) -> Iterator[tuple[int, str]]:
    """Product or site codes: "NNC0365-3769", "SCRI-CAR22v2", "MK-3475", "Site 0012".

    A token is a code when it has two or more capital letters and three or
    more digits; "CD19", "COVID-19" and "HER2" have fewer digits and are
    left to the acronym rule, and cell markers ("CD123") and trial ids
    ("NCT06709469") are not codes.
    """
    if _THREE_DIGITS.search(text):
        for m in _CODE.finditer(text):
            token = m.group(1)
            if _TRIAL_ID.match(token) or _MARKER.match(token):
                continue
            if sum(c.isupper() for c in token) >= 2 and sum(c.isdigit() for c in token) >= 3:
                yield m.start(), token
    for m in _SITE_CODE.finditer(text):
        yield m.start(), m.group(0)


# ---------------------------------------------------------------- definitions

_DEFINITION_AFTER = re.compile(
    r"\s*(?:\(|:\s|—|–\s|-\s)|,\s+(?:which|that|a|an|the|or|meaning|also called)\b|\s+(?:is|are|means)\s+(?:a|an|the|when|something|what)\b",
    re.IGNORECASE,
)


_DEFINITION_BEFORE = re.compile(r"\b(?:called|named|known as)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


def defines_term(text: str, start: int, end: int) -> bool:
    """True if the term at ``text[start:end]`` is explained right there.

    "placebo (a look-alike …)", "placebo, which …", "a blood cancer called
    acute myeloid leukemia".
    """
    return (
        _DEFINITION_AFTER.match(text, end) is not None or _DEFINITION_BEFORE.search(text[max(0, start - 60) : start]) is not None
    )


__all__ = ["EVERYDAY_ACRONYMS", "codes", "defines_term", "is_passive", "undefined_acronyms"]
