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

from trialdocs.conservation import losses
from trialdocs.lexicon import default_lexicon
from trialdocs.roles import Role, rank, role
from trialdocs.scope import ScopedCriterion, SectionName
from trialdocs.summary.names import expand_acronyms
from trialdocs.summary.phrasebook import listing


@dataclass(frozen=True)
class Bullet:
    text: str
    source: str
    #: The criterion as the registry wrote it, for a reader who wants to check.
    original: str
    #: Where the bullet sits in its list: the rank of its role (deciding roles first).
    priority: int
    role: Role = "other"
    #: A plain rewrite or stock sentence that the conservation checker passed; False: the registry's words.
    rewritten: bool = False


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
    (r"\bhepatic\b(?!\s+[A-E]\b)", "liver"),
    (r"\brenal\b", "kidney"),
    (r"\bcardiac\b", "heart"),
    (r"\bpulmonary\b(?!\s+(?:hypertension|embolism|embolus|fibrosis|edema|oedema|arterial))", "lung"),
    (r"\bmalignancy\b", "cancer"),
    (r"\bmalignancies\b", "cancers"),
    (r"\blactating\b", "breastfeeding"),
    (r"\bhypersensitivity\b", "allergy"),
    (r"\bN/A\b", "does not apply"),
    (r"\bprior to\b", "before"),
    (r"\ba prior\b", "an earlier"),
    (r"\bprior\b", "earlier"),
    (r"\bfemale (?:subjects|patients|participants|people)\b", "women"),
    (r"\bmale (?:subjects|patients|participants|people)\b", "men"),
    (r"\bfemale (?:subject|patient|participant)\b", "woman"),
    (r"\bmale (?:subject|patient|participant)\b", "man"),
    (r"\b(?:subjects|patients|participants)'", "people's"),
    (r"\b(?:subjects|patients|participants)\b", "people"),
    (r"\b(?:subject|patient|participant)\b", "person"),
    (r"\binvestigator\b", "study doctor"),
    (r"\binvestigational\b", "experimental"),
    (r"\s*(?<![A-Za-z])x\s*ULN\b|\s*×\s*ULN\b", " times the upper limit of normal"),
    (r"\bULN\b", "upper limit of normal"),
    (r"\s*(?:>\s*/\s*=|>\s*or\s*=|≥|>=|=>|≧)\s*", " at least "),
    (r"\s*(?:<\s*/\s*=|<\s*or\s*=|≤|<=|=<|≦)\s*", " at most "),
    (r"\s*>\s*", " more than "),
    (r"\s*<\s*", " less than "),
)
_SWAP_RE = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SWAPS)), re.IGNORECASE)


def _swap(m: re.Match[str]) -> str:
    """The plain word; a capitalized word inside the text is part of a name ("Named Patient Program") and stays."""
    before = m.string[: m.start()].rstrip()
    if before and before[-1].isalnum() and m.group(0)[:1].isupper():
        return m.group(0)
    plain = _SWAPS[int(str(m.lastgroup)[1:])][1]
    return plain[:1].upper() + plain[1:] if m.group(0)[:1].isupper() else plain


_DEFINED_ACRONYM_RE = re.compile(r"\s*\((?:[A-Z][A-Za-z0-9-]{0,8}[A-Z0-9])\)")


def _drop_definition(m: re.Match[str]) -> str:
    """ "Eastern Cooperative Oncology Group (ECOG)" loses its bracket; "≥70% (MAC) or ≥60% (RIC)" keeps it, since
    there the bracket says which group the number is for, not what the words before it stand for."""
    letters = [c for c in m.group(0).lower() if c.isalpha()]
    before = re.findall(r"[A-Za-z][A-Za-z0-9]*", m.string[: m.start()])
    for n in range(1, len(letters) + 3):
        words = before[-n:]
        if len(words) < n or words[0][0].lower() != letters[0]:
            continue
        joined = iter("".join(words).lower())
        if all(c in joined for c in letters):
            return ""
    return m.group(0)


_NUMBERING_RE = re.compile(r"^\s*(?:(?:\(?\d{1,2}[.)]|[ivx]{1,4}[.)]|[a-z][.)]|[-*])\s+|\(?\d{1,2}[.)](?=[A-Z])|[•·▪◦]\s*)")
_SUBJECT_RE = re.compile(
    r"^(?:the\s+)?(?:patients?|participants?|subjects?|individuals?|persons?|people|volunteers?)\s+"
    r"(?:who\s+|that\s+)?(?:must|should|will|shall|need to|have to)?\s*(have|has|be|is|are)\b\s*",
    re.IGNORECASE,
)
_MODAL_RE = re.compile(r"^(?:must|should|will|shall)\s+(have|be)\b\s*", re.IGNORECASE)
_BARE_VERB_RE = re.compile(r"^(has|have|is|are)\b\s*", re.IGNORECASE)
_FINITE_VERB_RE = re.compile(r"\b(?:must|should|will|shall|are|is|was|were|have|has|can|may|need|needs|had)\b", re.IGNORECASE)
_WITH_RE = re.compile(r"^(?:patients?|participants?|subjects?|individuals?|people|persons?)\s+(?:with|having)\s+", re.IGNORECASE)


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


#: Words that make a term after them another illness: its everyday gloss would be wrong.
_COMPOUND_BEFORE = frozenset(
    {"pulmonary", "lung", "portal", "intracranial", "ocular", "gestational", "renovascular", "idiopathic", "malignant"}
)


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
        if (prev := re.search(r"(\w+)\s*$", text[:start])) and prev.group(1).lower() in _COMPOUND_BEFORE:
            continue  # "pulmonary hypertension" is no high blood pressure
        if (text[end : end + 1] in "/-" and end < len(text)) or re.match(r"\s*\(s\)", text[end : end + 5]):
            continue
        out.append(text[last:end] + f" ({plain[0]})")
        last, glossed = end, glossed + 1
    return "".join(out) + text[last:]


#: A verb or clause later in the sentence that agrees with the third person ("… or is receiving", "… who are").
_THIRD_PERSON_RE = re.compile(r"\b(?:or|and|but)\s+(?:is|has|was|does)\b|\bwho\b|\bwhom\b|\bthey\b|\btheir\b", re.IGNORECASE)
#: The same for a sentence that starts with its verb ("Is currently receiving or has received …").
_THIRD_PERSON_VERB_RE = re.compile(r"\b(?:or|and|but)\s+(?:is|has|was|does)\b|\bfor whom\b", re.IGNORECASE)


def _second_person_fits(rest: str) -> bool:
    """ "You" only where the rest of the sentence still reads right with it."""
    return not _THIRD_PERSON_RE.search(rest)


def _plain(head: str, acronyms: dict[str, str] | None) -> str:
    """A criterion in plainer words: symbols, swaps, one gloss, a subject the reader is."""
    # "Patients with X" is a subject only when no verb follows it in the registry's own words.
    with_subject = (w := _WITH_RE.match(head)) is not None and not _FINITE_VERB_RE.search(head[w.end() :])
    head = _DEFINED_ACRONYM_RE.sub(_drop_definition, head)
    if acronyms:
        head = expand_acronyms(head, acronyms)
    head = _SWAP_RE.sub(_swap, _LEFT_OPERAND_RE.sub(_flip, _CHAIN_RE.sub(_chain, head)))
    head = _gloss(head)
    head = re.sub(r"\s+", " ", head).strip(" .;,:")
    head = re.sub(r"\s+(?:OR|AND|or|and)$", "", head)
    if (m := _SUBJECT_RE.match(head)) and _second_person_fits(head[m.end() :]):
        head = ("You have " if m.group(1).lower() in ("have", "has") else "You are ") + head[m.end() :]
    elif (m := _SUBJECT_RE.match(head)) is not None:
        pass
    elif (m := _MODAL_RE.match(head)) and not _THIRD_PERSON_VERB_RE.search(head[m.end() :]):
        head = ("You have " if m.group(1).lower() == "have" else "You are ") + head[m.end() :]
    elif (m := _BARE_VERB_RE.match(head)) and not _THIRD_PERSON_VERB_RE.search(head[m.end() :]):
        head = ("You have " if m.group(1).lower() in ("have", "has") else "You are ") + head[m.end() :]
    elif with_subject and (m := _WITH_RE.match(head)) and not _THIRD_PERSON_VERB_RE.search(head[m.end() :]):
        head = "You have " + head[m.end() :]
    return _finish(head)


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


#: A pregnancy exclusion the stock sentence may say: nothing in it but these words, so no time ("in the next
#: year", "while enrolled", "during the study period"), test or group is dropped.
_PREGNANCY_WORDS_RE = re.compile(
    r"\b(?:pregnan\w*|lactat\w*|breast-?\s?feed\w*|nursing|women|woman|females?|mothers?|patients?|subjects?|"
    r"participants?|who|are|is|or|and|currently|planning|plans?|intend\w*|intention|to|become|get|be|being)\b|[\W_]+",
    re.IGNORECASE,
)
#: The stock birth-control sentence says "if you could become pregnant or father a child": only where the
#: criterion says so too, and names no method, strength or time ("effective", "two methods", "for 3 months").
_CHILDBEARING_RE = re.compile(
    r"child-?\s?bearing|reproductive potential|could become pregnant|able to (?:become pregnant|father)", re.I
)
_METHOD_RE = re.compile(r"effective|two|double|barrier|abstinen|condom|hormonal|\d", re.IGNORECASE)

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
        return text if s.plain else None
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
    if s.section == "exclusion" and main == "pregnancy" and not s.negated and not _PREGNANCY_WORDS_RE.sub(" ", lower).strip():
        nursing = re.search(r"breast-?feed|lactat|nursing", lower)
        pregnant = "pregnan" in lower
        states = [w for w, on in (("pregnant", pregnant), ("breastfeeding", nursing)) if on]
        if re.search(r"\bplan(?:s|ning)? to (?:become|get) pregnant|inten[dt]\w* to (?:become|get) pregnant", lower):
            states.append("planning to become pregnant")
        return f"You are {listing(states, 'or')}."
    if s.section == "inclusion" and main == "contraception" and _CHILDBEARING_RE.search(lower) and not _METHOD_RE.search(lower):
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


# ---------------------------------------------------------------- choosing the words


def _as_written(text: str, *, quoted: bool = False) -> str:
    """The criterion in the registry's words, without its list mark, one space between words and its signs in
    words ("≥" as "at least"); "N/A" as "does not apply" unless the words are quoted as the record's."""
    text = re.sub(r"\s+", " ", _NUMBERING_RE.sub("", text.strip())).strip()
    return _spell_operators(text if quoted else re.sub(r"\bN/A\b", "does not apply", text))


def _registry_words(text: str, acronyms: dict[str, str] | None) -> str:
    """The whole criterion as the registry wrote it: symbols in words, the person changed only where the grammar
    is certain ("Patients must have …" → "You have …"), one hard term explained in brackets."""
    text = _as_written(text)
    if (m := _SUBJECT_RE.match(text)) and _second_person_fits(text[m.end() :]):
        text = ("You have " if m.group(1).lower() in ("have", "has") else "You are ") + text[m.end() :]
    if acronyms:
        text = expand_acronyms(text, acronyms)
    return _finish(_gloss(text))


_OPERATOR_WORDS = {"ge": " at least ", "le": " at most ", "gt": " more than ", "lt": " less than "}
_OPERATOR_RE = re.compile(
    r"(?P<ge>\s*(?:>\s*/\s*=|>\s*or\s*=|≥|>=|=>|≧)\s*)|(?P<le>\s*(?:<\s*/\s*=|<\s*or\s*=|≤|<=|=<|≦)\s*)"
    r"|(?P<gt>\s*>\s*(?=\d|\.\d|grade\b))|(?P<lt>\s*<\s*(?=\d|\.\d|grade\b))"
)


def words_for(s: ScopedCriterion, text: str, acronyms: dict[str, str] | None = None) -> tuple[str, bool]:
    """The bullet's words for a criterion whose full text (with its sub-items) is ``text``, and whether they
    are a plain rewrite. A stock sentence or a rewrite is used only where the conservation checker finds it
    keeps every number, window, exception, qualifier, negation and "or" of the criterion; otherwise the
    bullet is the whole criterion in the registry's words. Nothing is ever cut."""
    candidates = []
    if text == s.text and (stock := _template(s)) is not None:
        candidates.append(stock)
    candidates.append(_plain(_NUMBERING_RE.sub("", text.strip()), acronyms))
    for candidate in candidates:
        if not losses(text, candidate):
            return candidate, True
    words = _registry_words(text, acronyms)
    if losses(text, words):
        words = _finish(_gloss(_as_written(text)))
    return words, False


def _spell_operators(text: str) -> str:
    text = _LEFT_OPERAND_RE.sub(_flip, _CHAIN_RE.sub(_chain, text))
    return _OPERATOR_RE.sub(lambda m: _OPERATOR_WORDS[m.lastgroup or ""], text)


#: "18 ≤ age": the number stands on the left, so in words the sign turns round ("age at least 18").
_LEFT_OPERAND_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?\s*%?)\s*(≤|<=|≥|>=|<|>)\s*([A-Za-z]+)\b(?!\s*(?:≤|<=|≥|>=|<|>))")
#: "7% ≤ HbA1c ≤ 9.0%": a range written around its measure, said as "HbA1c at least 7% and at most 9.0%".
_CHAIN_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?\s*%?)\s*(≤|<=|<)\s*([A-Za-z][\w-]*)\s*(≤|<=|<)\s*(\d+(?:\.\d+)?\s*%?)")
_LOW_WORDS = {"≤": "at least", "<=": "at least", "<": "more than"}
_HIGH_WORDS = {"≤": "at most", "<=": "at most", "<": "less than"}


def _chain(m: re.Match[str]) -> str:
    return f"{m.group(3)} {_LOW_WORDS[m.group(2)]} {m.group(1)} and {_HIGH_WORDS[m.group(4)]} {m.group(5)}"


_FLIPPED = {"≤": "at least", "<=": "at least", "≥": "at most", ">=": "at most", "<": "more than", ">": "less than"}


def _flip(m: re.Match[str]) -> str:
    return f"{m.group(3)} {_FLIPPED[m.group(2)]} {m.group(1)}"


#: The record's list punctuation at a line's end (";", ",", " -") and a lone word after the last sentence.
_TRAILING_RE = re.compile(r"(?:\s*[;,/–\-；，])+\s*$|(?<=\.)\s+(?:The|A|An|And|Or)\s*$")


#: "upper limit of normal (upper limit of normal)": an acronym spelt out beside the record's own spelling.
_SAID_TWICE_RE = re.compile(r"\b([A-Za-z][\w-]*(?: [\w-]+){0,6})\s*\(\1\)", re.IGNORECASE)


def _finish(text: str) -> str:
    """A bullet ends as a sentence: the list's trailing ";" or "-" is the layout, not the criterion."""
    text = _TRAILING_RE.sub("", text.strip()).strip()
    text = _SAID_TWICE_RE.sub(r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", re.sub(r"\s+([)\],])", r"\1", text))
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".:!?" or text.endswith(".)") else text + "."


# ---------------------------------------------------------------- the lists


@dataclass(frozen=True)
class Group:
    """The bullets of one group of people ("Cohort 2", "Controls"), or of everyone (``name`` None)."""

    name: str | None
    source: str | None
    bullets: tuple[Bullet, ...]
    #: One sentence that sums up the routine criteria (consent, birth control, organ-function tests).
    routine: tuple[str, str, str] | None = None


def groups(
    scoped: tuple[ScopedCriterion, ...] | list[ScopedCriterion],
    section: SectionName,
    acronyms: dict[str, str] | None = None,
    ages: frozenset[str] | None = None,
) -> list[Group]:
    """Every criterion of one section as a bullet, group by group, deciding roles first, routine ones summed up.

    A criterion's sub-items go into its own bullet. A criterion that ends in "or" or "and" is joined with the
    next, and a line that ends in ":" with its items after it (not under it) takes those items, so no bullet
    ends mid-phrase and no alternative is read as a need of its own.
    """
    items = [s for s in scoped if s.section == section]
    by_path = {s.path: s for s in items}
    children: dict[str, list[ScopedCriterion]] = {}
    roots: list[ScopedCriterion] = []
    for s in items:
        parent = s.path.rsplit(".children", 1)[0] if ".children" in s.path else None
        if parent is None or by_path[parent].is_heading or _sentence_of_its_own(by_path[parent]):
            if not s.is_heading and s.text.strip():
                roots.append(s)
        else:
            children.setdefault(parent, []).append(s)
    order: list[str | None] = []
    units: dict[str | None, list[tuple[list[ScopedCriterion], str]]] = {}
    i = 0
    while i < len(roots):
        members = [roots[i]]
        i += 1
        if _is_preamble(members[0].text) and not children.get(members[0].path):
            continue  # "must meet all of the following criteria:": each line after it is a criterion of its own
        lead = members[0].text.rstrip().endswith(":") and not children.get(members[0].path)
        # "… as one of the following:" with a note under it, then "A. …", "B. …", "C. …" after it: its options.
        options = bool(_OPTIONS_RE.search(members[0].text)) and bool(children.get(members[0].path))
        while i < len(roots) and roots[i].heading == members[0].heading:
            takes_item = (
                (lead or (options and bool(_LETTERED_RE.match(roots[i].text))))
                and not roots[i].text.rstrip().endswith(":")
                and len(members) <= _MAX_ITEMS_AFTER_A_LEAD
                and not _siblings(members[0].text, roots[i].text)
                and not (_STANDALONE_RE.match(roots[i].text) and not _OPEN_LEAD_RE.search(members[0].text))
            )
            joins = _JOINS_NEXT_RE.search(members[-1].text) or _CONNECTIVE_RE.match(roots[i].text)
            if not (takes_item or (not lead and joins)):
                break
            members.append(roots[i])
            i += 1
        texts = [_full_text(m, children) for m in members]
        if lead and len(texts) > 1:
            text = f"{texts[0].rstrip()} " + "; ".join(t.rstrip(" .;") for t in texts[1:]) + "."
        else:
            text = " ".join(texts)
        key = members[0].heading
        if key not in units:
            units[key] = []
            order.append(key)
        units[key].append((members, text))
    out = []
    for name in order:
        listed: list[Bullet] = []
        routine: list[Bullet] = []
        for members, text in units[name]:
            b = _bullet(members, text, acronyms, ages)
            if b is not None:
                (routine if b.role == "routine" else listed).append(b)
        listed.sort(key=lambda b: b.priority)
        heading_path = next((s.path for s in items if s.is_heading and s.text == name), None)
        out.append(Group(name, heading_path, tuple(listed), _routine_line(routine, section)))
    return out


#: "Patients must meet all of the following criteria:", "The person will be excluded if:": a line that says only
#: that the lines after it apply, each on its own (never "any" or "one of", whose lines are alternatives).
_PREAMBLE_RE = re.compile(
    r"\b(?:all (?:of )?the following|the following (?:inclusion |exclusion )?criteria|(?:excluded|eligible|included) "
    r"(?:from (?:the|this) (?:study|trial) )?(?:for inclusion )?if|must meet)\b[^:]*:\s*$",
    re.IGNORECASE,
)
_OPTIONS_RE = re.compile(r"\b(?:one|any|either|at least one) of the following\b", re.IGNORECASE)
_LETTERED_RE = re.compile(r"^\W*(?:[A-Za-z]|[ivx]{1,4})[.)]\s")
_ALTERNATIVES_RE = re.compile(r"\b(?:any|one|either|at least|some)\b", re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^\W*\d{1,2}\s*[.)]")


def _is_preamble(text: str) -> bool:
    """Only the words of a preamble: "However, patients above 70 may join if they meet the following criteria:"
    says who may join, so it is no preamble."""
    return (
        bool(_PREAMBLE_RE.search(text))
        and not _ALTERNATIVES_RE.search(text)
        and not _MORE_THAN_A_PREAMBLE_RE.search(text)
        and len(text.split()) <= 20
    )


_MORE_THAN_A_PREAMBLE_RE = re.compile(r"\d|\b(?:however|allow\w*|except|only|unless|above|over|below|under|also)\b", re.I)
#: A lead that breaks off mid-phrase ("… that may interfere with:"): the next line is its end, whatever it says.
_OPEN_LEAD_RE = re.compile(r"\b(?:with|of|to|for|by|as|in|on|including|include|e\.g\.|such as|and|or)\s*:\s*$", re.I)
#: A line that is a criterion of its own, never an item of the list before it ("Ownership of a smart phone",
#: "Able to provide informed consent").
_STANDALONE_RE = re.compile(
    r"^\W*(?:(?:be\s+)?(?:able|willing|willingness|ownership|owns?|signed?|provide[sd]?|capable|agree\w*)\b|"
    r"(?:written\s+)?informed consent)",
    re.IGNORECASE,
)


def _siblings(lead: str, item: str) -> bool:
    """ "2. Mild disease:" and "3. ECG normal": numbered alike, so the second is no item of the first."""
    return bool(_NUMBERED_RE.match(lead) and _NUMBERED_RE.match(item))


#: A line that ends in ":" takes at most this many of the lines after it (a longer run is no list of its items).
_MAX_ITEMS_AFTER_A_LEAD = 8
#: A line the record broke off: it ends in "or", "and", "with", a comma or a dash, so it goes on in the next.
_JOINS_NEXT_RE = re.compile(
    r"(?:^|\s|[;,])(?:or|and|and/or|with|of|the|a|an|to|for|in|on|by|at|than|who|which|that|including)\W*$|[,(/-]\s*$",
    re.IGNORECASE,
)
#: A line that is only "OR" or "AND" joins the lines on both sides of it.
_CONNECTIVE_RE = re.compile(r"^\W*(?:or|and|and/or)\W*$", re.IGNORECASE)


def _sentence_of_its_own(s: ScopedCriterion) -> bool:
    """ "Renal failure patients." with the next exclusions indented under it: a whole criterion that leads to
    nothing, so the lines under it are the record's layout, criteria of their own (never "any of the following")."""
    text = s.text.strip()
    return text.endswith(".") and not _LEADS_RE.search(text) and not s.is_heading


_LEADS_RE = re.compile(r"following|below|as follows|any of|one of|either|:|\bsuch as\b|\binclud", re.IGNORECASE)


def _full_text(s: ScopedCriterion, children: dict[str, list[ScopedCriterion]]) -> str:
    """A criterion with its sub-items, in the record's order: "Any of the following: a; b; c"."""
    kids = children.get(s.path, [])
    text = s.text.strip()
    if not kids:
        return text
    inner = "; ".join(_full_text(k, children).rstrip(" .;") for k in kids)
    return f"{text.rstrip(' .;')}{'' if text.rstrip().endswith(':') else ':'} {inner}."


_AGE_WORDS_RE = re.compile(
    r"\b(?:patients?|participants?|subjects?|people|persons?|individuals?|child|children|kids?|adolescents?|infants?|adults?|"
    r"the|or|and|must|be|is|are|"
    r"aged?|ages|years?|old|older|younger|above|over|under|at|least|between|to|of|from|inclusive|than|more|less|equal|greater|but)\b|[\W\d_]+",
    re.IGNORECASE,
)


#: Both sexes named ("Men and women", "Male or female"): no limit, so no need of its own.
_BOTH_SEXES_RE = re.compile(
    r"\b(?:(?:men|males?|boys)\s*(?:and|or|and/or|&|/)\s*(?:women|females?|girls)|(?:women|females?|girls)\s*"
    r"(?:and|or|and/or|&|/)\s*(?:men|males?|boys))\b",
    re.IGNORECASE,
)


def age_only(s: ScopedCriterion) -> bool:
    """'18 years or older', '< 40 years of age', 'Men and women aged 18 or over': nothing but an age limit
    (a criterion that names one sex, "Women aged 18 to 45", is more than that)."""
    return s.names("age") and not _AGE_WORDS_RE.sub(" ", _BOTH_SEXES_RE.sub(" ", s.text)).strip()


#: An exclusion the record wrote as a need ("subject does not have any co-morbidities that limit …"): under
#: "Not a fit" it reads backwards, so it is quoted as the record's.
_NEGATED_NEED_RE = re.compile(
    r"^[^(]{0,80}?\b(?:subjects?|patients?|participants?|persons?|individuals?|people)\s+(?:does|do|must|should|will|"
    r"shall|is|are|has|have)\s+not\s+(?:have|be(?!\s+(?:eligible|included|enrolled|allowed|permitted|considered))|had|been|"
    r"meet|show|use|take|receive|exhibit|present)\b",
    re.IGNORECASE,
)


def _only_permission(s: ScopedCriterion) -> bool:
    """'Patients with treated brain metastases are eligible': the whole criterion says who may still join.

    Only a criterion of one clause whose own verb is the permission: one with a need or a reason to stay out
    beside it ("Receipt of an investigational agent within 4 weeks. Note: … are NOT excluded"; "Uncontrolled
    systemic diseases (e.g. controlled hypertension is acceptable)"; "must agree to use acceptable birth
    control") is a criterion.
    """
    if s.section != "exclusion" or not s.permission or s.head_concepts():
        return False
    main, before = s.text, ""
    while main != before:
        main, before = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", main), main
    main = main.strip().rstrip(" .;")
    return (
        "(" not in main
        and ")" not in main
        and not re.search(r"[.;]\s", main)
        and bool(_WHO_RE.match(main))
        and bool(_PERMITTED_RE.search(main))
    )


#: A sentence that starts with the people it is about.
_WHO_RE = re.compile(r"^\W*(?:\w+\s+)?(?:patients|participants|subjects|people|persons|individuals|those|women|men)\b", re.I)
#: The verb of a sentence that lets people in.
_PERMITTED_RE = re.compile(
    r"\b(?:(?:are|is|will be|may be|can be|would be|remain|be)\s+(?:\w+\s+)?(?:eligible|allowed|permitted|acceptable|not excluded)"
    r"|(?:may|can|will|would) be\s+(?:\w+\s+)?(?:included|enrolled))\b",
    re.IGNORECASE,
)


def age_conflict(s: ScopedCriterion, ages: frozenset[str] | None) -> bool:
    """An age line of the criteria whose numbers are not the age fields' ("between 8 and 18" beside 8 to 21)."""
    return ages is not None and not set(re.findall(r"\d+", s.text)) <= ages


def _bullet(
    members: list[ScopedCriterion], text: str, acronyms: dict[str, str] | None, ages: frozenset[str] | None = None
) -> Bullet | None:
    """One bullet, or None for what a fit list must not say as a need of its own."""
    first = members[0]
    if len(members) == 1 and text == first.text:
        if age_only(first) and first.heading is None and not age_conflict(first, ages):
            return None  # ages come from the record's own age fields, which say the same
        if _only_permission(first):
            return None  # only says who may still join
    words, rewritten = words_for(first, text, acronyms)
    if first.section == "exclusion" and (first.negated or _NEGATED_NEED_RE.search(text)) and len(members) == 1:
        # "No …" under the exclusions reads both ways: the registry's words, said as theirs.
        quoted = _as_written(text, quoted=True).rstrip(" ;,")
        words, rewritten = f"The record lists: “{quoted}”" + ("" if quoted[-1:] in ".!?" else "."), False
    role_of = min((role(m) for m in members), key=rank)
    return Bullet(words, "; ".join(m.path for m in members), text, rank(role_of), role_of, rewritten)


_ROUTINE_WORDS = {
    "inclusion": {
        "consent": "a signed consent form",
        "compliance": "being able to follow the study plan",
        "contraception": "birth control",
        "labs": "blood tests in the range the study needs",
    },
    "exclusion": {
        "consent": "not being able to give consent",
        "compliance": "not being able to follow the study plan",
        "contraception": "not using birth control",
        "labs": "blood tests out of the range the study needs",
    },
}


_UNWILLING_RE = re.compile(r"refus|unwilling|not willing|declin|withdraw|failure to sign|does not (?:sign|agree)", re.I)
_UNABLE_RE = re.compile(r"unable|inability|incapab|not able|cannot|lack|impair", re.IGNORECASE)


def _routine_line(routine: list[Bullet], section: SectionName) -> tuple[str, str, str] | None:
    """One honest sentence for the routine criteria, with the paths it sums up and their words."""
    if not routine:
        return None
    kinds = []
    for b in routine:
        lower = b.original.lower()
        kind = (
            "consent"
            if "consent" in lower
            else "contraception"
            if re.search(r"contracep|birth control", lower)
            else "compliance"
            if re.search(r"compl|willing|able to", lower)
            else "labs"
        )
        kinds.append(kind)
    words = dict(_ROUTINE_WORDS[section])
    if section == "exclusion":
        # "Refusal to sign consent" is not "unable to give consent": a child may join with a parent's consent.
        for kind, verb in (("consent", "give consent"), ("compliance", "follow the study plan")):
            said_of = [b.original.lower() for b, k in zip(routine, kinds, strict=True) if k == kind]
            unwilling = any(_UNWILLING_RE.search(x) for x in said_of)
            unable = any(_UNABLE_RE.search(x) for x in said_of) or not unwilling
            words[kind] = (
                f"not being {'willing or able' if unwilling and unable else 'willing' if unwilling else 'able'} to {verb}"
            )
    said = listing([words[k] for k in dict.fromkeys(kinds)], "and")
    lead = "The full list also asks for" if section == "inclusion" else "Other reasons in the full list include"
    return f"{lead} {said}.", "; ".join(b.source for b in routine), " / ".join(b.original for b in routine)


def bullets(
    scoped: tuple[ScopedCriterion, ...] | list[ScopedCriterion], section: SectionName, acronyms: dict[str, str] | None = None
) -> list[Bullet]:
    """Every bullet of one section, group by group (for the checks that look at bullets alone)."""
    return [b for g in groups(scoped, section, acronyms) for b in g.bullets]


def bullet_for(s: ScopedCriterion, acronyms: dict[str, str] | None = None) -> Bullet | None:
    """The bullet for one criterion on its own (no sub-items, no joined lines), or None when it gives none."""
    if s.is_heading or not s.text.strip():
        return None
    return _bullet([s], s.text, acronyms)
