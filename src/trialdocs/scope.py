"""Eligibility criteria with their scope: what a criterion says, and about whom.

A word in a criterion is not yet a fact about the reader. "Patients with HIV
but an undetectable viral load are eligible" names HIV, yet nobody is kept out
for it; "If HIV-positive, must have an undetectable viral load" sets a
condition; a criterion under "Part 2 (Cohorts D to G)" binds only those
cohorts. This module records, for every criterion, its section, its cohort
heading, and whether it is negated, an exception, a condition or a
permission, and for every concept it names, that concept's own scope.

The algorithm is ConText's (Harkema et al., 2009) on the short texts of
criteria: trigger phrases open a scope that runs forward (or back) to a
terminator. ``bench/scope_compare.py`` measures it against medspaCy's ConText
on the case corpus in ``tests/summary/criteria``. The summary and the FHIR
Group both read this layer, so a page and a Group never disagree.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import accumulate, islice
from typing import Literal

from trialdocs.model import Criterion, Eligibility

SectionName = Literal["inclusion", "exclusion"]

#: Concepts the drafting and the gate care about, as (key, pattern).
CONCEPTS: tuple[tuple[str, str], ...] = (
    ("pregnancy", r"pregnan\w*|breast-?feed\w*|lactat\w*|nursing (?:mothers?|women)"),
    (
        "other_study",
        r"(?:another|other|concurrent|current|simultaneous)\s+(?:\w+\s+){0,2}(?:clinical\s+)?(?:trials?|stud(?:y|ies))"
        r"|investigational\s+(?:drugs?|agents?|products?|devices?|medicin\w+|therap\w+)|participat\w+ in (?:a |any )?(?:clinical )?(?:trial|study)",
    ),
    ("hiv", r"\bhiv\b|human immunodeficiency virus|\baids\b"),
    ("hepatitis", r"hepatitis\s*[abc]?\b|\bhbv\b|\bhcv\b|\bhbsag\b"),
    ("infection", r"infections?\b|tuberculosis|sepsis"),
    (
        "brain_metastases",
        r"brain metasta\w+|cns (?:metasta\w+|disease|involvement|lesions?)|central nervous system (?:metasta\w+|disease|involvement)|leptomeningeal",
    ),
    (
        "other_cancer",
        r"(?:other|another|second|prior|previous|additional|concurrent)\s+(?:active\s+|invasive\s+|primary\s+)*(?:malignan\w+|cancers?|tumou?rs?)"
        r"|history of (?:a |any )?(?:malignan\w+|cancer)",
    ),
    (
        "organ_function",
        r"organ function|hepatic|renal|liver function|kidney function|bilirubin|creatinine|transaminase|\balt\b|\bast\b",
    ),
    ("heart", r"cardiac|heart|myocardial|arrhythmi\w+|angina|\blvef\b|ejection fraction|\bqtc?\b"),
    ("allergy", r"allerg\w+|hypersensitiv\w+"),
    (
        "mental_health",
        r"psychiatr\w+|mental (?:illness|disorder|health)|dementia|cognitive impair\w+|substance (?:abuse|use)|alcohol\w*|drug abuse",
    ),
    ("surgery", r"surger(?:y|ies)|surgical|operation"),
    ("seizure", r"seizures?|epilep\w+"),
    ("immunosuppression", r"immunosuppress\w+|corticosteroids?|steroids?"),
    (
        "prior_treatment",
        r"\b(?:prior|previous(?:ly)?|received|pretreated|pre-treated|refractory|relapsed|failed|lines? of (?:therapy|treatment)|treatment-na[iï]ve|untreated|na[iï]ve)\b",
    ),
    (
        "systemic_therapy",
        r"chemotherapy|radiotherapy|radiation therapy|immunotherapy|targeted therapy|systemic (?:therapy|treatment)|anti-?cancer",
    ),
    ("consent", r"informed consent|written consent|consent form|\bconsent\b"),
    ("performance", r"\becog\b|karnofsky|lansky|performance status"),
    ("life_expectancy", r"life expectancy"),
    ("contraception", r"contracepti\w+|birth control"),
    ("measurable", r"measurable disease|\brecist\b"),
    (
        "marker",
        r"mutation\w*|\bpositive\b|overexpress\w*|expression|amplification|rearrangement|fusion|\begfr\b|\balk\b|\bher2\b|pd-l1|\bbrca\d?\b|\bkras\b|\bros1\b",
    ),
    ("diagnosis", r"diagnos\w+|histolog\w+|cytolog\w+|confirmed|documented"),
    ("stage", r"\bstage\s+(?:[0iv]+[abc]?|[1-4][abc]?)\b|metastatic|locally advanced|advanced|unresectable|recurrent"),
    ("age", r"\bage[ds]?\b|years? (?:old|of age)|years? (?:or|and) (?:older|above|over)"),
    ("compliance", r"unable to|unwilling|not able to|cannot (?:comply|give|follow)|comply with|willing(?:ness)? to|able to"),
)

_NEGATION_FORWARD = r"\b(?:no|not|without|never|absence of|free of|negative for|lack of|nor|non|none)\b|\bnegative\b"
_NEGATION_BACKWARD = r"\b(?:(?:is|are|was|were|be|being)\s+)?(?:negative|ruled out|excluded|not allowed|not permitted|absent)\b"
_EXCEPTION = r"\b(?:unless|except(?:\s+for)?|other than|with the exception of|excluding|apart from|aside from|but not(?!,?\s+limited)|not including)\b"
_PERMISSION = (
    r"\b(?:(?:are|is|will be|may be|can be|would be|remain|be)\s+(?:\w+\s+)?(?:eligible|allowed|permitted|acceptable|included|enrolled|not excluded)"
    r"|(?:should|will|shall|must|are|is)\s+not\s+be\s+excluded"
    r"|may (?:participate|enroll|join|be included|be enrolled)|can (?:participate|enroll|join)"
    r"|(?:allowed|permitted|acceptable|eligible(?!\s+(?:to|for)\b))(?:\s+(?:if|provided|as long as|when))?)\b"
)
_CONDITION = r"(?:^|[.;:]\s*|\(\s*)(?:if|when|in case of|in the case of|provided that|as long as|for (?:patients|participants|subjects|women|men|those|females|males|anyone)\b[^,:]*?(?:with|who|of))\b"
_TERMINATORS = r"[.;]|\b(?:but|however|although|though|yet|which|whereas|except|unless)\b"
_MAX_FORWARD_WORDS = 12
#: Where a sentence of a criterion ends: not after "e.g.", "i.e.", "s.a.", "vs." or "St." (St. Cloud).
SENTENCE_END = r"(?<=[a-z0-9)\]%])(?<!\b\w\.\w)(?<!\bvs)(?<!\bSt)(?<!\bDr)(?<!\bNo)[.;]\s+(?=[A-Z(])"

#: A lead-in introduces the items below it: "…the following:", "…as follows", or a text cut off at
#: a word that cannot end a sentence ("Documented diagnosis of", its items nested beneath).
_LEAD_IN_RE = re.compile(
    r"(?:the following|as follows|any of|one of|all of)\b[^.]*:?\s*$|:\s*$"
    r"|\b(?:of|with|for|by|to|the|an|including|such as)\s*$",
    re.IGNORECASE,
)
_INLINE_COHORT_RE = re.compile(
    r"^\W*((?:cohorts?|parts?|arms?|groups?)\s+[\w+-]{1,6}(?:\s*(?:and|or|&|,|to)\s*[\w+-]{1,6})*)\s*[:)-]\s*\S", re.IGNORECASE
)
_FOR_COHORT_RE = re.compile(r"^\W*for\s+(?:the\s+)?((?:cohorts?|parts?|arms?|groups?)\s+[\w+-]{1,6})\b", re.IGNORECASE)
_HEAD_NEGATION_RE = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?)\s+(?:must\s+)?(?:have\s+|with\s+)?)?(?:no|not|without|never|none|absence of|free of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """One concept named in a criterion, with its own scope."""

    concept: str
    start: int
    end: int
    negated: bool = False
    excepted: bool = False
    conditional: bool = False

    @property
    def asserted(self) -> bool:
        """The criterion says this of the person, without negation, exception or condition."""
        return not (self.negated or self.excepted or self.conditional)


Span = tuple[int, int]


@dataclass(frozen=True)
class Spans:
    """Where a criterion's sentences, exceptions, conditions and permissions run (character offsets)."""

    sentences: list[Span]
    exceptions: list[Span]
    conditions: list[Span]
    permitted: list[Span]


@dataclass(frozen=True)
class ScopedCriterion:
    """A criterion with its flags; the concept mentions are worked out only when asked for (the FHIR Group needs none)."""

    path: str
    section: SectionName
    text: str
    heading: str | None = None
    is_heading: bool = False
    lead_in: bool = False
    negated: bool = False
    exception: bool = False
    conditional: bool = False
    permission: bool = False
    spans: Spans | None = field(default=None, repr=False, compare=False)

    @cached_property
    def mentions(self) -> tuple[Mention, ...]:
        """Every concept the criterion names, each with its own scope."""
        return _mentions(self.text, self.spans) if self.spans is not None else ()

    @property
    def plain(self) -> bool:
        """No exception, condition or permission changes what the criterion says."""
        return not (self.exception or self.conditional or self.permission)

    def asserted(self, concept: str) -> bool:
        return any(m.concept == concept and m.asserted for m in self.mentions)

    def names(self, concept: str) -> bool:
        return any(m.concept == concept for m in self.mentions)

    @cached_property
    def head_end(self) -> int:
        """Where the first clause ends: at the first exception, condition, permission or sentence end."""
        return _head_end(self.text)

    @cached_property
    def _head_concepts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.concept for m in self.mentions if m.asserted and m.start < self.head_end))

    def head_concepts(self) -> tuple[str, ...]:
        """Asserted concepts in the criterion's first clause: what it is about."""
        return self._head_concepts

    @property
    def flags(self) -> dict[str, bool]:
        return {
            "heading": self.is_heading,
            "lead_in": self.lead_in,
            "negated": self.negated,
            "exception": self.exception,
            "conditional": self.conditional,
            "permission": self.permission,
        }


@cache
def _compiled() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], dict[str, re.Pattern[str]]]:
    concepts = tuple((key, re.compile(pattern, re.IGNORECASE)) for key, pattern in CONCEPTS)
    triggers = {
        name: re.compile(pattern, re.IGNORECASE)
        for name, pattern in (
            ("neg_f", _NEGATION_FORWARD),
            ("neg_b", _NEGATION_BACKWARD),
            ("exc", _EXCEPTION),
            ("perm", _PERMISSION),
            ("cond", _CONDITION),
            ("term", _TERMINATORS),
            ("sent", SENTENCE_END),
        )
    }
    return concepts, triggers


def _head_end(text: str) -> int:
    """Where the first clause ends: at the first exception, condition, permission or sentence end."""
    _, t = _compiled()
    ends = [len(text)]
    for name in ("exc", "perm", "sent"):
        if m := t[name].search(text):
            ends.append(m.start())
    cond = t["cond"].search(text)
    if cond and cond.start() > 0:
        ends.append(cond.start())
    return min(ends)


def _sentences(text: str) -> list[tuple[int, int]]:
    _, t = _compiled()
    spans, start = [], 0
    for m in t["sent"].finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


class _Next:
    """``pattern.search(text, pos)`` for positions that only grow, reading the text once in all.

    A match found from one position is the answer from any later position up to its start (what matches at a
    start does not depend on where the search began: lookbehinds and ``\\b`` see the whole text), so a long
    text with many triggers and no terminator is scanned once, not once per trigger.
    """

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._pattern, self._text = pattern, text
        self._from = -1  # where the remembered search started
        self._found: re.Match[str] | None = None

    def search(self, pos: int) -> re.Match[str] | None:
        if self._from != -1 and self._from <= pos and (self._found is None or pos <= self._found.start()):
            return self._found
        self._from, self._found = pos, self._pattern.search(self._text, pos)
        return self._found


class _Cover:
    """Whether a position lies in any of some spans, in log time: ``any(a <= pos < b for a, b in spans)``."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(accumulate((b for _, b in ordered), max))

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos)
        return k > 0 and self._reach[k - 1] > pos


def _containing(spans: list[Span], starts: list[int], pos: int) -> Span | None:
    """The span of sorted, disjoint ``spans`` (``starts`` their starts) that holds ``pos``, if one does."""
    k = bisect_right(starts, pos) - 1
    return spans[k] if k >= 0 and pos < spans[k][1] else None


_WORD_RE = re.compile(r"\S+")


def _forward_scopes(text: str, trigger: re.Pattern[str], limit_words: int | None) -> list[tuple[int, int]]:
    """Spans that a forward trigger covers: to the next terminator, or ``limit_words`` words."""
    _, t = _compiled()
    terminator = _Next(t["term"], text)
    out = []
    for m in trigger.finditer(text):
        end = len(text)
        if term := terminator.search(m.end()):
            end = term.start()
        if limit_words is not None:
            words = list(islice(_WORD_RE.finditer(text, m.end(), end), limit_words + 1))
            if len(words) > limit_words:
                end = words[limit_words - 1].end()
        out.append((m.start(), end))
    return out


#: Every condition trigger contains one of these: the trigger regex runs only when one is there.
_CONDITION_ANCHORS = ("if", "when", "case of", "provided that", "as long as", "for ")
_CONDITION_STOP_RE = re.compile(r"[,:;.]|\b(?:then|must|should|need)\b", re.IGNORECASE)


def _condition_scopes(text: str) -> list[tuple[int, int]]:
    """'If X, …' and 'For patients with X: …' cover X, up to the comma or colon."""
    _, t = _compiled()
    stops = _Next(_CONDITION_STOP_RE, text)
    out = []
    for m in t["cond"].finditer(text):
        stop = stops.search(m.end())
        out.append((m.start(), stop.start() if stop else len(text)))
    return out


#: Plain substrings that every match of a concept contains: a cheap test before the regex runs.
_ANCHORS: dict[str, tuple[str, ...]] = {
    "pregnancy": ("pregnan", "breast", "lactat", "nursing"),
    "other_study": ("trial", "stud", "investigational"),
    "hiv": ("hiv", "immunodeficiency", "aids"),
    "hepatitis": ("hepatitis", "hbv", "hcv", "hbsag"),
    "infection": ("infection", "tuberculosis", "sepsis"),
    "brain_metastases": ("brain", "cns", "central nervous", "leptomening"),
    "other_cancer": ("malignan", "cancer", "tumo"),
    "organ_function": ("organ", "hepatic", "renal", "liver", "kidney", "bilirubin", "creatinine", "transaminase", "alt", "ast"),
    "heart": ("cardiac", "heart", "myocard", "arrhythmi", "angina", "lvef", "ejection", "qt"),
    "allergy": ("allerg", "hypersensitiv"),
    "mental_health": ("psychiatr", "mental", "dementia", "cognitive", "substance", "alcohol", "drug abuse"),
    "surgery": ("surg", "operation"),
    "seizure": ("seizure", "epilep"),
    "immunosuppression": ("immunosuppress", "steroid"),
    "prior_treatment": ("prior", "previous", "received", "treated", "refractory", "relapsed", "failed", "line", "na"),
    "systemic_therapy": ("chemotherapy", "radio", "radiation", "immunotherapy", "targeted", "systemic", "cancer"),
    "consent": ("consent",),
    "performance": ("ecog", "karnofsky", "lansky", "performance"),
    "life_expectancy": ("life expectancy",),
    "contraception": ("contracepti", "birth control"),
    "measurable": ("measurable", "recist"),
    "marker": (
        "mutation",
        "positive",
        "express",
        "amplification",
        "rearrangement",
        "fusion",
        "egfr",
        "alk",
        "her2",
        "pd-l1",
        "brca",
        "kras",
        "ros1",
    ),
    "diagnosis": ("diagnos", "histolog", "cytolog", "confirmed", "documented"),
    "stage": ("stage", "metasta", "advanced", "unresectable", "recurrent"),
    "age": ("age", "year"),
    "compliance": ("able", "unwilling", "cannot", "comply", "willing"),
}
_PERMISSION_ANCHORS = ("eligib", "allow", "permit", "accept", "includ", "enrol", "may ", "can ", "not excluded", "be excluded")


#: (anchor, concept) pairs: plain substring tests, the cheapest check Python has.
_ANCHOR_PAIRS: tuple[tuple[str, str], ...] = tuple((a, key) for key, group in _ANCHORS.items() for a in group)


def _present(lowered: str) -> set[str]:
    """Concepts one of whose anchors occurs in the text, anywhere: only their patterns need to run."""
    return {key for anchor, key in _ANCHOR_PAIRS if anchor in lowered}


def _has_any(text: str, anchors: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(a in lowered for a in anchors)


_NOT_BEFORE_RE = re.compile(r"\b(?:not|no longer|never)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _permission_scopes(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A permission covers its parenthesis when it sits in one ("(basal cell carcinoma is allowed)"), else its sentence.

    "Not permitted" is a prohibition, not a permission.
    """
    _, t = _compiled()
    # The brackets and sentence starts are indexed once: a search back and forth per permission was quadratic.
    opens = [i for i, c in enumerate(text) if c == "("]
    closes = [i for i, c in enumerate(text) if c == ")"]
    starts = [a for a, _ in sentences]
    out = []
    for m in t["perm"].finditer(text):
        if _NOT_BEFORE_RE.search(text[max(0, m.start() - 25) : m.start()]) or (
            re.search(r"\bnot\b", m.group(0), re.IGNORECASE) and not m.group(0).lower().endswith("excluded")
        ):
            continue
        k = bisect_left(opens, m.start())
        opened = opens[k - 1] if k else -1  # text.rfind("(", 0, m.start())
        j = bisect_left(closes, opened) if opened != -1 else len(closes)
        closed = closes[j] if j < len(closes) else -1  # text.find(")", opened)
        if opened != -1 and (closed == -1 or closed >= m.end()):
            out.append((opened, closed + 1 if closed != -1 else len(text)))
            continue
        if (span := _containing(sentences, starts, m.start())) is not None:
            out.append(span)
    return out


def _spans(text: str) -> Spans:
    lowered = text.lower()
    sentences = _sentences(text)
    _, t = _compiled()
    return Spans(
        sentences=sentences,
        exceptions=_forward_scopes(text, t["exc"], None),
        conditions=_condition_scopes(text) if any(w in lowered for w in _CONDITION_ANCHORS) else [],
        permitted=_permission_scopes(text, sentences) if _has_any(text, _PERMISSION_ANCHORS) else [],
    )


def _mentions(text: str, spans: Spans) -> tuple[Mention, ...]:
    """The concepts named in ``text``, each negated, excepted or conditional by the scopes it falls in."""
    concepts, t = _compiled()
    # Every lookup below is a bisection: a scan of all scopes per mention made a long criterion quadratic.
    negations = _Cover(_forward_scopes(text, t["neg_f"], _MAX_FORWARD_WORDS))
    excepted, conditions = _Cover(spans.exceptions + spans.permitted), _Cover(spans.conditions)
    starts = [a for a, _ in spans.sentences]
    backward = [m.start() for m in t["neg_b"].finditer(text)]

    def negated_after(start: int, end: int) -> bool:
        """A backward negation ("… is excluded") within 40 characters after the mention, in its sentence, no terminator between."""
        sentence = _containing(spans.sentences, starts, start) or (0, len(text))
        first, last = bisect_left(backward, end), bisect_left(backward, min(sentence[1], end + 40))
        return any(not t["term"].search(text, end, b) for b in backward[first:last])

    mentions = []
    present = _present(text.lower())
    for key, pattern in concepts:
        if key not in present:
            continue
        for m in pattern.finditer(text):
            mentions.append(
                Mention(
                    key,
                    m.start(),
                    m.end(),
                    negated=m.start() in negations or negated_after(m.start(), m.end()),
                    excepted=m.start() in excepted,
                    conditional=m.start() in conditions,
                )
            )
    mentions.sort(key=lambda x: (x.start, x.concept))
    return tuple(mentions)


def _flags(text: str, spans: Spans) -> dict[str, bool]:
    return {
        "negated": bool(_HEAD_NEGATION_RE.match(text)),
        "exception": bool(spans.exceptions),
        "conditional": bool(spans.conditions),
        "permission": bool(spans.permitted),
    }


def scope_text(text: str) -> tuple[dict[str, bool], tuple[Mention, ...]]:
    """The criterion-level flags and the scoped mentions of one criterion text."""
    spans = _spans(text)
    return _flags(text, spans), _mentions(text, spans)


def scope_one(
    text: str, *, path: str, section: SectionName, heading: str | None = None, is_heading: bool = False
) -> ScopedCriterion:
    """Scope one criterion ``text`` found at ``path``."""
    inline = _INLINE_COHORT_RE.match(text) or _FOR_COHORT_RE.match(text)
    if inline and heading is None:
        heading = inline.group(1)
    if is_heading:
        return ScopedCriterion(path, section, text, heading=heading, is_heading=True)
    spans = _spans(text)
    flags = _flags(text, spans)
    if inline:  # "Arm A: Participants must not have …": the negation test reads past the cohort label
        flags["negated"] = bool(_HEAD_NEGATION_RE.match(text[inline.end(1) :].lstrip(" :)-")))
    return ScopedCriterion(
        path,
        section,
        text,
        heading=heading,
        lead_in=bool(_LEAD_IN_RE.search(text)) and len(text.split()) <= 25,
        spans=spans,
        **flags,
    )


def iter_scoped(eligibility: Eligibility) -> Iterator[ScopedCriterion]:
    """Every criterion of both sections, depth first, with its scope and path."""
    for section in ("inclusion", "exclusion"):
        yield from _walk(getattr(eligibility, section), f"eligibility.{section}", section, None)


def _walk(items: tuple[Criterion, ...], base: str, section: SectionName, heading: str | None) -> Iterator[ScopedCriterion]:
    for i, item in enumerate(items):
        path = f"{base}[{i}]"
        here = scope_one(item.text, path=path, section=section, heading=heading, is_heading=item.heading)
        yield here
        yield from _walk(item.children, f"{path}.children", section, item.text if item.heading else here.heading)


@lru_cache(maxsize=8)
def scoped(eligibility: Eligibility) -> tuple[ScopedCriterion, ...]:
    """Every criterion with its scope, computed once per eligibility (the page and the Group share it)."""
    return tuple(iter_scoped(eligibility))
