"""Good fit and Not a fit, made from the criteria themselves.

Each bullet is one source criterion, rewritten plainly: symbols in words,
jargon swapped or glossed from the lexicon, acronyms spelt out from the
record. A bullet is never a stock sentence set off by a word elsewhere: a
concept that the criterion negates, excepts or makes conditional gives no
bullet of its own, and a criterion that is only a permission ("patients with
treated brain metastases are eligible") is no reason to stay away. Where a
criterion cannot be made plain with confidence, the bullet stays close to the
source. Both lists say that they are not complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trialdocs.lexicon import default_lexicon
from trialdocs.scope import SENTENCE_END, ScopedCriterion, SectionName
from trialdocs.summary.names import expand_acronyms
from trialdocs.summary.phrasebook import listing

MAX_BULLETS = 5
#: Rewritten (not templated) bullets a list may hold, and their length: the rest is in the full list.
MAX_REWRITTEN = 3
MAX_WORDS = 24


@dataclass(frozen=True)
class Bullet:
    text: str
    source: str
    #: The criterion as the registry wrote it, for a reader who wants to check.
    original: str
    priority: int
    templated: bool = False


# Swaps that keep the meaning exactly; other lexicon terms are glossed instead.
_SWAPS: tuple[tuple[str, str], ...] = (
    (r"\bwomen of child-?bearing potential\b", "women who could become pregnant"),
    (r"\bfemales? of child-?bearing potential\b", "women who could become pregnant"),
    (r"\b(?:participants?|patients?|subjects?) of child-?bearing potential\b", "people who could become pregnant"),
    (r"\bwoman of child-?bearing potential\b", "woman who could become pregnant"),
    (r"\bis of child-?bearing potential\b", "could become pregnant"),
    (r"\bchild-?bearing potential\b", "ability to become pregnant"),
    (r"\bbrain metastases\b", "cancer that has spread to the brain"),
    (r"\b(?:cns|central nervous system) metastases\b", "cancer that has spread to the brain or spinal cord"),
    (r"\bcentral nervous system\b", "brain and spinal cord"),
    (r"\bmyocardial infarction\b", "heart attack"),
    (r"\bcerebrovascular accident\b", "stroke"),
    (r"\bhepatic\b", "liver"),
    (r"\brenal\b", "kidney"),
    (r"\bcardiac\b", "heart"),
    (r"\bpulmonary\b", "lung"),
    (r"\bmalignancy\b", "cancer"),
    (r"\bmalignancies\b", "cancers"),
    (r"\blactating\b", "breastfeeding"),
    (r"\bhypersensitivity\b", "allergy"),
    (r"\bprior to\b", "before"),
    (r"\ba prior\b", "an earlier"),
    (r"\bprior\b", "earlier"),
    (r"\bwithin (?=\d)", "in the last "),
    (r"\b(?:subjects|patients|participants)\b", "people"),
    (r"\b(?:subject|patient|participant)\b", "person"),
    (r"\binvestigator\b", "study doctor"),
    (r"\binvestigational\b", "experimental"),
    (r"\bx\s*ULN\b|×\s*ULN\b", "times the upper limit of normal"),
    (r"\bULN\b", "upper limit of normal"),
    (r"\s*(?:≥|>=|=>|≧)\s*", " at least "),
    (r"\s*(?:≤|<=|=<|≦)\s*", " at most "),
    (r"\s*>\s*", " more than "),
    (r"\s*<\s*", " less than "),
)
_SWAP_RE = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SWAPS)), re.IGNORECASE)


def _swap(m: re.Match[str]) -> str:
    """The plain word; a capitalized word inside the text is part of a name ("Named Patient Program") and stays."""
    before = m.string[: m.start()].rstrip()
    if before and before[-1].isalnum() and m.group(0)[:1].isupper():
        return m.group(0)
    return _SWAPS[int(str(m.lastgroup)[1:])][1]


_DEFINED_ACRONYM_RE = re.compile(r"\s*\((?:[A-Z][A-Za-z0-9-]{0,8}[A-Z0-9])\)")
_NUMBERING_RE = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[a-z][.)]|[-•*·])\s+")
_SUBJECT_RE = re.compile(
    r"^(?:the\s+)?(?:patients?|participants?|subjects?|individuals?|persons?|people|volunteers?)\s+"
    r"(?:who\s+|that\s+)?(?:must|should|will|shall|need to|have to)?\s*(have|has|be|is|are)\b\s*",
    re.IGNORECASE,
)
_MODAL_RE = re.compile(r"^(?:must|should|will|shall)\s+(have|be)\b\s*", re.IGNORECASE)
_BARE_VERB_RE = re.compile(r"^(has|have|is|are)\b\s*", re.IGNORECASE)
_FINITE_VERB_RE = re.compile(r"\b(?:must|should|will|shall|are|is|was|were|have|has|can|may|need|needs|had)\b", re.IGNORECASE)
_WITH_RE = re.compile(r"^(?:patients?|participants?|subjects?|individuals?|people|persons?)\s+(?:with|having)\s+", re.IGNORECASE)


_SENTENCE_END_RE = re.compile(SENTENCE_END)


_CIRCLED_NUMBER_RE = re.compile(r"\s*[;,]?\s*[\u2460-\u2473]")


def _sentence_split(text: str) -> list[str]:
    """Sentences; circled numbers ("①… ②…") also start a new item."""
    return [s for part in _CIRCLED_NUMBER_RE.split(text) for s in _SENTENCE_END_RE.split(part) if s.strip()]


#: Terms not glossed in criteria: too common to help, or wrong in a drug name ("antibody").
_NO_GLOSS = {
    "acute",
    "chronic",
    "antibody",
    "antibodies",
    "diagnosis",
    "cohort",
    "administered",
    "administer",
    "intervention",
    "therapeutic",
}


def _gloss(text: str) -> str:
    """Gloss the first two lexicon terms: 'haploidentical (half-matched) donor'.

    Terms inside a capitalized name ("Acute Lymphoblastic Leukemia") are left
    alone: a gloss in the middle of a name breaks it.
    """
    lexicon = default_lexicon()
    out, last, glossed = [], 0, 0
    for start, end, term in lexicon.find(text):
        plain = lexicon.plain(term)
        if not plain or glossed >= 1 or len(plain[0].split()) > 4 or plain[0].lower() in text.lower():
            continue
        if term in _NO_GLOSS or (start > 0 and text[start].isupper()) or text[end : end + 2].strip()[:1].isupper():
            continue
        out.append(text[last:end] + f" ({plain[0]})")
        last, glossed = end, glossed + 1
    return "".join(out) + text[last:]


#: A cut must not leave a phrase hanging ("Performance status greater than or equal to").
_DANGLING_RE = re.compile(r"\b(?:to|of|than|with|and|or|for|by|the|an?|in|at|on|from|be|is|are)\s*$", re.IGNORECASE)


def rewrite(text: str, acronyms: dict[str, str] | None = None) -> tuple[str, bool]:
    """A criterion in plainer words, and whether it had to be shortened."""
    head, shortened = _head(text)
    return _plain(head, acronyms), shortened


#: Rewriting never drops more words than these (an acronym definition, "prior to", a subject, a tail):
#: a head longer than the limit by more than this cannot become short enough.
_WORDS_A_REWRITE_CAN_DROP_RE = re.compile(
    r"\((?:[A-Z][A-Za-z0-9-]{0,8}[A-Z0-9])\)|\bprior to\b|cerebrovascular accident|\bis of child", re.IGNORECASE
)
_SUBJECT_AND_TAIL_SLACK = 6


def _too_long(head: str) -> bool:
    """Whether a rewrite of ``head`` is sure to exceed the bullet length, so it need not be made."""
    fewest = len(head.split()) - len(_WORDS_A_REWRITE_CAN_DROP_RE.findall(head)) - _SUBJECT_AND_TAIL_SLACK
    return fewest > MAX_WORDS + 4


def _head(text: str) -> tuple[str, bool]:
    """The part of a criterion a bullet can say: its first sentence, cut before examples; and whether it was cut."""
    text = _NUMBERING_RE.sub("", text.strip())
    sentences = _sentence_split(text)
    head = sentences[0] if sentences else text
    shortened = len(sentences) > 1
    words = head.split()
    if len(words) > MAX_WORDS:
        cut = re.search(
            r",?\s+(?:including|such as|e\.g\.|i\.e\.|for example|as defined|defined as|as evidenced|as assessed|as determined|as documented|per|according to)\b|\s+\(",
            head,
        )
        if cut and len(head[: cut.start()].split()) >= 4 and not _DANGLING_RE.search(head[: cut.start()]):
            head, shortened = head[: cut.start()], True
    return head, shortened


def _plain(head: str, acronyms: dict[str, str] | None) -> str:
    """The head of a criterion in plainer words: symbols, swaps, one gloss, a subject the reader is."""
    # "Patients with X" is a subject only when no verb follows it in the registry's own words.
    with_subject = (w := _WITH_RE.match(head)) is not None and not _FINITE_VERB_RE.search(head[w.end() :])
    head = _DEFINED_ACRONYM_RE.sub("", head)
    if acronyms:
        head = expand_acronyms(head, acronyms)
    head = _SWAP_RE.sub(_swap, head)
    head = _gloss(head)
    head = re.sub(r"\s+", " ", head).strip(" .;,:")
    head = re.sub(r"\s+(?:OR|AND|or|and)$", "", head)
    if m := _SUBJECT_RE.match(head):
        head = ("You have " if m.group(1).lower() in ("have", "has") else "You are ") + head[m.end() :]
    elif m := _MODAL_RE.match(head):
        head = ("You have " if m.group(1).lower() == "have" else "You are ") + head[m.end() :]
    elif m := _BARE_VERB_RE.match(head):
        head = ("You have " if m.group(1).lower() in ("have", "has") else "You are ") + head[m.end() :]
    elif with_subject and (m := _WITH_RE.match(head)):
        head = "You have " + head[m.end() :]
    head = head[:1].upper() + head[1:]
    return head + "."


# ---------------------------------------------------------------- templates

_ECOG_RE = re.compile(r"(?:ecog|who|zubrod)[^.;0-9]{0,40}?(?:of\s+)?(?:0\s*(?:-|–|to|or|,)\s*)?([0-4])\b", re.IGNORECASE)
_LIFE_RE = re.compile(r"life expectancy[^.;0-9]{0,40}?(\d+)\s*(weeks?|months?|years?)", re.IGNORECASE)
_WINDOW_RE = re.compile(
    r"\b(?:within|in the (?:previous|past|last|preceding))\s+(\d+)\s*(days?|weeks?|months?|years?)", re.IGNORECASE
)
_KARNOFSKY_RE = re.compile(
    r"(?:greater than or equal to|at least|≥|>=)\D{0,12}?(\d{2,3})\s*(?:%|percent)?\s*(?:\(%\)\s*)?(?:by|on|using|per)\s+(?:the\s+)?(?:lansky|karnofsky)"
    r"|(?:karnofsky|lansky)[^.;]{0,60}?(\d{2,3})\s*(?:%|or (?:greater|higher|more)|or above)",
    re.IGNORECASE,
)


_QUALIFIERS = (
    "active",
    "acute",
    "untreated",
    "symptomatic",
    "uncontrolled",
    "unstable",
    "progressive",
    "ongoing",
    "serious",
    "severe",
    "chronic",
)
_ORGANS = (
    (r"hematolog|haematolog|bone marrow|blood count", "blood counts"),
    (r"hepatic|liver", "liver"),
    (r"renal|kidney", "kidneys"),
    (r"cardiac|heart", "heart"),
    (r"pulmonary|lung", "lungs"),
)


def _qualifiers(lower: str, head_end: int) -> list[str]:
    """The criterion's qualifiers, in the registry's order."""
    found = [(m.start(), q) for q in _QUALIFIERS if (m := re.search(rf"\b{q}\b", lower[:head_end]))]
    return [q for _, q in sorted(found)]


def _qualified(quals: list[str], lower: str) -> str:
    """The registry's own run of qualifiers ("severe acute or chronic", "uncontrolled active"), so "or" and
    "and" keep their meaning; qualifiers far apart are joined with "and", which never widens the criterion."""
    first = lower.find(quals[0])
    last = lower.find(quals[-1], first) + len(quals[-1])
    run = lower[first:last]
    words = set(re.findall(r"[a-z]+", run)) - {"or", "and"}
    if words <= set(_QUALIFIERS):
        return re.sub(r"\s+", " ", run)
    return listing(quals, "and")


def _organs(lower: str) -> list[str]:
    return [name for pattern, name in _ORGANS if re.search(pattern, lower)]


def _theme_exclusion(s: ScopedCriterion, main: str, lower: str) -> str | None:
    """Exclusion themes whose wording keeps the criterion's own qualifiers."""
    head_end = len(lower) if s.plain else s.head_end
    quals = _qualifiers(lower, head_end)
    if main == "brain_metastases":
        where = "brain or spinal cord" if re.search(r"\bcns\b|central nervous|leptomening|spinal", lower) else "brain"
        if quals:
            return f"You have {_qualified(quals, lower)} cancer in the {where}."
        return f"You have cancer that has spread to the {where}."
    if main in ("hiv", "hepatitis") and len(s.text.split()) <= 25:
        found = []
        if s.asserted("hiv"):
            found.append("HIV")
        letters: list[str] = []
        for group in re.findall(r"hepatitis\s*([abc](?:\s*(?:,|or|and|and/or|/)\s*[abc]\b)*)", lower):
            letters += re.findall(r"[abc]", group)
        letters += [x for x in re.findall(r"\bh([bc])v\b", lower)]
        if "hbsag" in lower:
            letters.append("b")
        if s.asserted("hepatitis"):
            shown = sorted({x.upper() for x in letters})
            found.append("hepatitis " + " or ".join(shown) if shown else "hepatitis")
        if found:
            adjacent = re.search(r"\b(active|chronic)\s+(?:hepatitis|hiv|hbv|hcv)", lower)
            prefix = f"{adjacent.group(1)} " if adjacent and len(found) == 1 else ""
            return f"You have {prefix}{listing(found, 'or')}."
    if main == "infection" and not _INFECTION_FILLER_RE.sub(" ", lower).strip():
        need = (
            " that needs treatment"
            if re.search(r"requir\w* .{0,30}(?:treatment|therapy|antibiotic|antiviral|antifungal)", lower)
            else ""
        )
        if quals:
            adjectives = _qualified(quals, lower)
            article = "an" if adjectives[0] in "aeiou" else "a"
            return f"You have {article} {adjectives} infection{need}."
        return f"You have an infection{need}." if need else None
    if main == "other_cancer":
        window = _WINDOW_RE.search(s.text) or re.search(r"(?:in|during) the (?:past|last|previous) (\d+) (years?|months?)", lower)
        if window is None and re.search(r"\b(?:years?|months?|weeks?)\b", lower):
            return None  # a time limit we cannot read: keep the registry's words
        when = f" in the last {window.group(1)} {window.group(2)}" if window else ""
        other = "another " if re.search(r"\b(?:other|another|second|additional|concurrent)\b", lower) else ""
        if len(s.text.split()) > 15 and not other:
            return None
        if re.search(r"\b(?:that|which|progress\w*|requir\w*|active|untreated|metastatic|unless|except)\b", lower):
            return None  # only some other cancers count: keep the registry's words
        return f"You have had {other}cancer{when}."
    if main == "allergy" and re.search(r"study|investigational|component|excipient|ingredient|formulation|any of the", lower):
        return "You are allergic to the study treatment or something in it."
    if main == "organ_function" and re.match(r"^\W*(?:inadequate|poor|abnormal|impaired|insufficient)\b", lower):
        found = [f"{organ} function" if organ != "blood counts" else organ for organ in _organs(lower)]
        if "organ function" in lower or not found:
            found.append("organ function")
        return f"Tests show that your {listing(found, 'or')} {'is' if len(found) == 1 and found[0] != 'blood counts' else 'are'} not good enough."
    return None


#: A template speaks for a criterion only when its theme opens it ("Pregnant or lactating women"),
#: not when the theme comes late ("Postpartum women with nausea …, high risk pregnancies").
_ABOUT_WITHIN = 40
#: Words an infection criterion may have besides "infection" and its qualifiers, and still be only about an infection.
_INFECTION_FILLER_RE = re.compile(
    r"\b(?:patients?|participants?|subjects?|people|with|has|have|having|known|any|current|currently|evidence|of|an?|"
    r"infections?|requiring|requires?|needing|systemic|treatment|therapy|antibiotics?|antivirals?|antifungals?|iv|intravenous|or|and|"
    r"active|acute|untreated|symptomatic|uncontrolled|unstable|progressive|ongoing|serious|severe|chronic|clinically|significant)\b|[\W\d_]+",
    re.IGNORECASE,
)


def _template(s: ScopedCriterion) -> str | None:
    """A stock sentence, only for a criterion that is about its theme; qualifiers are kept."""
    head = s.head_concepts()
    if not head or len(s.text.split()) > 45:
        return None
    lower = s.text.lower()
    main = head[0]
    first = next(m for m in s.mentions if m.concept == main and m.asserted)
    if s.section == "exclusion" and first.start > _ABOUT_WITHIN:
        return None  # the theme comes late: the criterion is about something else
    if s.section == "exclusion" and not s.negated and (text := _theme_exclusion(s, main, lower)):
        return text if s.plain else text.rstrip(".") + " (with exceptions in the full list)."
    if (
        s.section == "inclusion"
        and "organ_function" in head
        and re.match(r"^\W*(?:adequate|normal|sufficient|acceptable)\b", lower)
    ):
        organs = _organs(lower) or ["organs"]
        verb = "are" if organs == ["blood counts"] else "work"
        return f"Your {listing(organs)} {verb} {'good' if verb == 'are' else 'well'} enough, as shown by tests."
    if not s.plain or len(s.text.split()) > 30:
        return None
    if s.section == "exclusion" and main == "pregnancy" and not s.negated:
        nursing = re.search(r"breast-?feed|lactat|nursing", lower)
        pregnant = "pregnan" in lower
        states = [w for w, on in (("pregnant", pregnant), ("breastfeeding", nursing)) if on]
        if re.search(r"\bplan(?:s|ning)? to (?:become|get) pregnant|inten[dt]\w* to (?:become|get) pregnant", lower):
            states.append("planning to become pregnant")
        return f"You are {listing(states, 'or')}."
    if s.section == "inclusion" and main == "contraception":
        return "You agree to use birth control during the study, if you could become pregnant or father a child."
    if s.section == "inclusion" and main in ("consent", "compliance") and "consent" in head and len(s.text.split()) <= 40:
        return "You are willing to sign a consent form."
    if s.section == "inclusion" and main == "life_expectancy" and (m := _LIFE_RE.search(s.text)):
        return f"Your doctor expects you to live for at least {m.group(1)} {m.group(2)}."
    if s.section == "inclusion" and main == "performance" and "ecog" in lower and (m := _ECOG_RE.search(s.text)):
        return {
            "0": "You are fully active.",
            "1": "You are up and about and can do light work.",
            "2": "You can take care of yourself and are up and about for more than half the day.",
        }.get(m.group(1), "You can do at least some of your own care.")
    if s.section == "inclusion" and main == "performance" and (m := _KARNOFSKY_RE.search(s.text)):
        score = int(m.group(1) or m.group(2))
        if score >= 70:
            return "You can take care of yourself."
        if score >= 60:
            return "You can take care of most of your own needs."
        if score >= 50:
            return "You can be up and about for part of the day, even if you need a lot of help."
        return None
    if s.section == "inclusion" and main == "measurable" and len(head) == 1:
        return "Your disease can be measured on scans."
    if s.section == "exclusion" and main == "other_study" and not s.negated:
        if m := _WINDOW_RE.search(s.text):
            when = f"in the last {m.group(1)} {m.group(2)}"
            if re.search(
                r"\b(?:another|other|clinical|concurrent|interventional)\s+(?:\w+\s+)?(?:trials?|stud(?:y|ies))|particip", lower
            ):
                return f"You took part in another clinical study {when}."
            return f"You took an experimental medicine {when}."
        return None
    return None


# ---------------------------------------------------------------- selection

_INCLUSION_ORDER = ("diagnosis", "stage", "prior_treatment", "systemic_therapy", "marker", "measurable", "performance")
_EXCLUSION_ORDER = (
    "prior_treatment",
    "systemic_therapy",
    "other_cancer",
    "brain_metastases",
    "infection",
    "hiv",
    "hepatitis",
    "pregnancy",
    "organ_function",
    "heart",
    "allergy",
    "other_study",
)
_SKIP_ONLY = {"age", "consent", "compliance"}


def _priority(s: ScopedCriterion) -> int:
    order = _INCLUSION_ORDER if s.section == "inclusion" else _EXCLUSION_ORDER
    concepts = s.head_concepts() or tuple(m.concept for m in s.mentions if m.asserted)
    ranks = [order.index(c) for c in concepts if c in order]
    return min(ranks) if ranks else len(order) + (3 if set(concepts) <= _SKIP_ONLY else 0)


_AGE_WORDS_RE = re.compile(
    r"\b(?:patients?|participants?|subjects?|people|persons?|individuals?|the|male|female|males|females|or|and|must|be|is|are|"
    r"aged?|ages|years?|old|older|younger|above|over|under|at|least|between|to|of|from|inclusive|than|more|less|equal|greater|but)\b|[\W\d_]+",
    re.IGNORECASE,
)
#: "…; or b": the shortened bullet ends where another option begins.
_OR_TAIL_RE = re.compile(r"[;,]?\s+or\s+\(?[a-z0-9ivx]{1,3}[.)]?\.?$", re.IGNORECASE)


def _age_only(s: ScopedCriterion) -> bool:
    """'18 years or older', '< 40 years of age': nothing but an age limit."""
    return s.names("age") and not _AGE_WORDS_RE.sub(" ", s.text).strip()


def bullet_for(s: ScopedCriterion, acronyms: dict[str, str] | None = None, *, templates_only: bool = False) -> Bullet | None:
    """The plain bullet for one criterion, or None when it must give none.

    ``templates_only`` skips the rewrite (a list that already holds its rewritten bullets only takes templates).
    """
    if s.is_heading or s.lead_in or not s.text.strip():
        return None
    if _age_only(s):
        return None  # ages come from the record's own age fields
    if s.permission and not s.head_concepts():
        return None  # only says who may still join
    if s.section == "exclusion" and s.negated:
        return None  # "No …" under exclusions reads both ways; the full list has it
    text = _template(s)
    templated, shortened = text is not None, False
    if text is None and templates_only:
        return None
    if text is None:
        head, shortened = _head(s.text)
        if _too_long(head):
            return None
        text = _plain(head, acronyms)
        if len(text.split()) > MAX_WORDS + 4:
            return None  # too long to say plainly here: the full list has it
    if s.heading and s.heading.lower() not in text.lower():
        lead = s.heading if s.heading.lower().startswith("for ") else f"Only for {s.heading}"
        text = f"{lead}: {text}"
    if shortened:
        # What was cut: an exception, or (in the inclusion list) another way to qualify.
        if s.exception or (s.permission and s.section == "exclusion"):
            note = "with exceptions"
        elif s.permission or _OR_TAIL_RE.search(text):
            note = "or other options"
        else:
            note = "more details"
        text = _OR_TAIL_RE.sub("", text.rstrip("."))
        text = text.rstrip(".") + f" ({note} in the full list)."
    return Bullet(text, s.path, s.text, _priority(s), templated)


def bullets(
    scoped: tuple[ScopedCriterion, ...] | list[ScopedCriterion], section: SectionName, acronyms: dict[str, str] | None = None
) -> list[Bullet]:
    """The key bullets of one section, most important first, up to ``MAX_BULLETS``."""
    candidates = [s for s in scoped if s.section == section and _top_level(s)]
    ranked = sorted(enumerate(candidates), key=lambda pair: (_priority(pair[1]), pair[0]))
    seen: set[str] = set()
    out: list[Bullet] = []
    rewritten = 0
    for _, s in ranked:
        b = bullet_for(s, acronyms, templates_only=rewritten >= MAX_REWRITTEN)
        if b is None:
            continue
        key = b.text.lower()
        if key in seen:
            continue
        seen.add(key)
        rewritten += not b.templated
        out.append(b)
        if len(out) == MAX_BULLETS:
            break
    position = {s.path: i for i, s in enumerate(candidates)}
    return sorted(out, key=lambda b: (b.priority, position[b.source]))


def _top_level(s: ScopedCriterion) -> bool:
    """A criterion of its own: top level, or directly under a cohort heading (nested items only detail their parent)."""
    depth = s.path.count(".children")
    return depth == 0 or (depth == 1 and s.heading is not None)
