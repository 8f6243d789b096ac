"""Names a reader can recognize: conditions, treatments, sites and acronyms.

Registry names are written for registries: "NSCLC", "Cytokine" as a
condition, "BAY86-5321" as a drug, "Kure Kyosai Hospital ( Site 2017)". Every
name a drafted sentence uses passes through here first. Acronyms are expanded
from the record's own text with the Schwartz–Hearst algorithm (the
``abbreviations`` package), never from a guess.
"""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from trialdocs import evidence
from trialdocs.model import AgencyClass, AgeUnit, ArmType, Intervention, ResponsiblePartyType, Trial


def _import_quietly() -> Any:
    """``abbreviations`` calls ``logging.basicConfig(level=INFO)`` when imported, which
    would turn on every library's INFO notes (httpx, Dask) in any program that imports
    trialdocs. The root logger is put back as it was."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from abbreviations import schwartz_hearst

    root.setLevel(level)
    root.handlers[:] = handlers
    return schwartz_hearst


schwartz_hearst = _import_quietly()

#: Words that name an illness, a symptom or a state of health.
_ILLNESS_RE = re.compile(
    r"disease|disorder|syndrome|cancer|carcinoma|tumou?r|neoplasm|lymphoma|leuka?emia|myeloma|sarcoma|melanoma|glioma|"
    r"blastoma|\w+oma\b|\w+itis\b|\w+osis\b|\w+emia\b|\w+pathy\b|\w+algia\b|infection|injur|pain|failure|insufficien|"
    r"deficien|diabet|asthma|obes|hypertension|depress|anxiety|schizo|autism|dementia|alzheimer|parkinson|stroke|"
    r"fracture|hernia|herniat|displacement|prolapse|stenosis|radiculopathy|sciatica|covid|hiv|hepatitis|malaria|influenza|virus|viral|"
    r"bacteria|fever|wound|ulcer|palsy|sclerosis|dystroph|anemia|hemophilia|haemophilia|insomnia|apnea|addiction|"
    r"dependence|smoking|alcohol|abuse|overweight|pregnan|preterm|infertil|migraine|headache|seizure|epilep|"
    r"fibrillation|infarction|ischemi|ischaemi|thrombo|embol|bleeding|hemorrhag|lesion|cyst|polyp|degenerat|"
    r"impairment|dysfunction|incontinence|psoria|eczema|dermatitis|acne|cirrhosis|fibrosis|nephro|metasta|relapse|"
    r"refractory|condition|illness|symptom|complication|toxicity|frailty|sepsis|shock|trauma|burn|concussion|tbi\b",
    re.IGNORECASE,
)
_HEALTHY_RE = re.compile(r"\bhealthy\b|\bvolunteers?\b", re.IGNORECASE)
_KEEP_CASE_RE = re.compile(r".*\d|.*\+$|.*['’]s$|^[A-Z][a-z]+['’]")


def _keeps_case(word: str) -> bool:
    """An acronym ('B-ALL', 'dMMR'), a marker ('Ph+'), a number or a possessive keeps its case; 'Post-Traumatic' does not."""
    if _KEEP_CASE_RE.match(word):
        return True
    folded = word.casefold()
    if folded.rstrip("'’s") in _EPONYMS or folded in _EPONYMS:
        return True
    # "B-cell", "T cell": a one-letter capital names a cell or a type, not the start of a word.
    return any(sum(c.isupper() for c in part) >= 2 or (len(part) == 1 and part.isupper()) for part in word.split("-"))


_EPONYMS = {
    "hodgkin",
    "non-hodgkin",
    "crohn",
    "parkinson",
    "alzheimer",
    "down",
    "cushing",
    "graves",
    "hashimoto",
    "kaposi",
    "burkitt",
    "waldenström",
    "waldenstrom",
    "sjögren",
    "sjogren",
    "huntington",
    "duchenne",
    "tourette",
    "asperger",
    "raynaud",
    "behçet",
    "behcet",
    "ewing",
    "wilms",
    "barrett",
    "bell",
    "guillain-barré",
    "guillain-barre",
    "covid-19",
    "fabry",
    "gaucher",
    "pompe",
    "wilson",
    "addison",
    "paget",
    "marfan",
    "lyme",
    "kawasaki",
    "stargardt",
    "leber",
    "hirschsprung",
    "dupuytren",
    "peyronie",
    "meniere",
    "ménière",
    "tay-sachs",
    "niemann-pick",
    "creutzfeldt-jakob",
    "fanconi",
    "bruton",
    "hurler",
    "hunter",
    "sanfilippo",
    "krabbe",
    "rett",
    "angelman",
    "prader-willi",
    "turner",
    "klinefelter",
    "noonan",
    "alport",
    "batten",
}


def sentence_case(name: str) -> str:
    """'Acute Lymphoblastic Leukemia' -> 'acute lymphoblastic leukemia'; acronyms and eponyms keep their case."""
    words = name.split(" ")
    out = []
    for word in words:
        bare = word.strip("()[],;:")
        if _keeps_case(bare):
            out.append(word)
        else:
            out.append(word.lower())
    return " ".join(out)


def _pairs(text: str) -> dict[str, str]:
    try:
        found = schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=text)
    except (ValueError, IndexError, TypeError):
        return {}
    return {k: v for k, v in found.items() if k.strip() and v.strip() and len(v) <= 120}


_DEFINING_RE = re.compile(r"\(\s*[A-Za-z][A-Za-z0-9-]{1,9}\s*\)")
_CLAUSE_SPLIT_RE = re.compile(r"[.;\n]")


#: Illness acronyms a registry gives as a whole condition entry ("T2DM", "NSCLC"), checked by hand. Used only for
#: an entry that is the acronym alone, and only where the record does not spell it out itself. Ambiguous ones
#: ("MS", "PD", "AD", "DR") are left out.
CONDITION_ACRONYMS = {
    "T1D": "type 1 diabetes",
    "T1DM": "type 1 diabetes",
    "T2D": "type 2 diabetes",
    "T2DM": "type 2 diabetes",
    "GDM": "gestational diabetes",
    "DKA": "diabetic ketoacidosis",
    "DFU": "diabetic foot ulcer",
    "DPN": "diabetic peripheral neuropathy",
    "CKD": "chronic kidney disease",
    "NAFLD": "non-alcoholic fatty liver disease",
    "NASH": "non-alcoholic steatohepatitis",
    "MASLD": "metabolic dysfunction-associated steatotic liver disease",
    "MASH": "metabolic dysfunction-associated steatohepatitis",
    "PCOS": "polycystic ovary syndrome",
    "NSCLC": "non-small cell lung cancer",
    "SCLC": "small cell lung cancer",
    "AML": "acute myeloid leukemia",
    "CLL": "chronic lymphocytic leukemia",
    "CML": "chronic myeloid leukemia",
    "MDS": "myelodysplastic syndromes",
    "COPD": "chronic obstructive pulmonary disease",
    "PTSD": "post-traumatic stress disorder",
    "ADHD": "attention deficit hyperactivity disorder",
    "MDD": "major depressive disorder",
    "CAD": "coronary artery disease",
    "PAD": "peripheral artery disease",
    "HFrEF": "heart failure with reduced ejection fraction",
    "HFpEF": "heart failure with preserved ejection fraction",
}


@evidence.per_build
def acronyms(trial: Trial) -> dict[str, str]:
    """Acronym -> long form, as the record itself spells them out (titles, summary, criteria); a condition entry
    that is a known illness acronym alone ("T2DM") counts as spelt out, unless the record says otherwise."""
    return {**_condition_acronyms(trial.conditions), **_acronyms(_acronym_texts(trial))}


def _condition_acronyms(conditions: tuple[str, ...]) -> dict[str, str]:
    return {c.strip(): CONDITION_ACRONYMS[c.strip()] for c in conditions if c.strip() in CONDITION_ACRONYMS}


def _acronym_texts(trial: Trial) -> tuple[str, ...]:
    return (trial.official_title or "", trial.brief_title, trial.brief_summary or "", trial.eligibility.text or "")


@lru_cache(maxsize=64)
def _acronyms(texts: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in texts:
        # Only a clause with "(ABC)" can define an acronym: feed the algorithm just those.
        defining = ". ".join(c for c in _CLAUSE_SPLIT_RE.split(text[:20000]) if "(" in c and _DEFINING_RE.search(c))
        for short, long in _pairs(defining).items():
            found.setdefault(short, long)
    return found


_ACRONYM_TOKEN_RE = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b|\b[A-Z]{2,}\b")


def expand_acronyms(text: str, table: dict[str, str]) -> str:
    """Replace each bare acronym that the record defines by its long form."""
    if not table:
        return text

    def swap(m: re.Match[str]) -> str:
        long = table.get(m.group(0))
        return sentence_case(long) if long else m.group(0)

    # "Body Mass Index (BMI)": the definition itself, whose long form is already there, loses its bracket.
    for short, long in table.items():
        if f"({short})" in text:
            text = re.sub(rf"({re.escape(long)})\s*\({re.escape(short)}\)", r"\1", text, flags=re.IGNORECASE)
    return _ACRONYM_TOKEN_RE.sub(swap, text)


#: Words that name a goal of care, not an illness: "Smoking Cessation" is not something a person has.
_GOAL_RE = re.compile(
    r"cessation|abstinence|prevention|screening|quality of life|adherence|awareness|education|vaccination", re.IGNORECASE
)


def is_illness(name: str) -> bool:
    return bool(_ILLNESS_RE.search(name)) and not _HEALTHY_RE.search(name) and not _GOAL_RE.search(name)


def uninvert(name: str) -> str:
    """MeSH writes 'Carcinoma, Non-Small-Cell Lung'; a reader says 'Non-Small-Cell Lung Carcinoma'."""
    head, sep, tail = name.partition(", ")
    if sep and "," not in tail and len(head.split()) <= 2 and len(tail.split()) <= 4:
        return f"{tail} {head}"
    return name


@evidence.per_build
def illnesses(trial: Trial) -> tuple[str, ...]:
    """Condition entries that name an illness (acronyms spelt out), else the registry's MeSH condition terms."""
    return _illnesses(trial.conditions, trial.condition_mesh_terms, _acronym_texts(trial))


@lru_cache(maxsize=64)
def _illnesses(conditions: tuple[str, ...], mesh_terms: tuple[str, ...], texts: tuple[str, ...]) -> tuple[str, ...]:
    table = {**_condition_acronyms(conditions), **_acronyms(texts)}
    entries = [part.strip() for c in conditions for part in c.split(";") if part.strip()]
    found = tuple(spelled(uninvert(e), mesh_terms) for c in entries if is_illness(e := expand_acronyms(c, table)))
    found = tuple(f for f in found if not _VAGUE_RE.search(f) and not evidence.PEOPLE_WORD_RE.search(f))
    if found:
        return found
    return tuple(uninvert(t) for t in mesh_terms if is_illness(t) and not _VAGUE_RE.search(t))


#: "Leukemia, Other": a registry bucket, not an illness a person has.
_VAGUE_RE = re.compile(r"\b(?:other|others|unspecified|nos|not otherwise specified|not elsewhere classified)\b", re.IGNORECASE)
_GLUED_RE = re.compile(r"\b([A-Za-z]{3,})(\d+)([A-Za-z]{3,})\b")
#: Words a registry puts after their noun ("Disk Herniated Lumbar"); a reader puts them first.
_TRAILING_RE = re.compile(
    r"^(?:lumbar|cervical|thoracic|lumbosacral|sacral|knee|hip|shoulder|ankle|chronic|acute|\w+ed)$", re.IGNORECASE
)


def _fronted(name: str) -> str:
    words = name.split(" ")
    moved = []
    while len(words) > 1 and _TRAILING_RE.match(words[-1]) and not _TRAILING_RE.match(words[0]):
        moved.append(words.pop())
    return " ".join(moved + words) if moved else name


def spelled(name: str, mesh_terms: tuple[str, ...] = ()) -> str:
    """Registry tokens as words: 'Type1diabetes' -> 'Type 1 diabetes'; 'diabete mellitus' -> the MeSH spelling."""
    name = _GLUED_RE.sub(r"\1 \2 \3", name)
    name = _fronted(name)
    key = name.casefold()
    if len(key) <= 6:
        return name
    for term in mesh_terms:
        plain = uninvert(term).casefold()
        if plain == key or abs(len(plain) - len(key)) > len(key) // 10 + 1 or plain[:3] != key[:3]:
            continue
        matcher = SequenceMatcher(None, plain, key)
        if matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            return uninvert(term)
    # A word the MeSH terms spell with a final "s" ("diabete type 2" beside "Diabetes Mellitus, Type 2").
    vocabulary = {w for term in mesh_terms for w in re.findall(r"[a-z]+", term.casefold())}
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0) + "s" if (m.group(0).casefold() + "s") in vocabulary else m.group(0), name)


def is_healthy_study(trial: Trial) -> bool:
    return bool(trial.conditions) and all(_HEALTHY_RE.search(c) for c in trial.conditions)


@evidence.per_build
def condition_name(trial: Trial) -> str | None:
    """The shortest illness name of the record, acronyms spelt out, in sentence case."""
    names = illnesses(trial)
    if not names:
        return None
    table = acronyms(trial)
    plain = [sentence_case(expand_acronyms(n, table)) for n in names]
    if len(plain) > 1:
        # Several entries ("type 1 diabetes", "type 2 diabetes"): the ones the study's own titles name, else the one
        # every other entry contains ("diabetes"), else none rather than a guess between them.
        titles = _folded(expand_acronyms(f"{trial.brief_title} {trial.official_title or ''}", table))
        named = [n for n in plain if _folded(n) in titles]
        # An entry whose words every entry has: its words lie within the words all entries share (one pass, not n²).
        shared = set.intersection(*(_name_words(m) for m in plain))
        common = [n for n in plain if _name_words(n) <= shared]
        plain = named or common or plain
    # Ties go to the first entry; enumerate's index stands in for plain.index(n), which made this n².
    return min(enumerate(plain), key=lambda item: (len(item[1].split()) > 6, _hard_words(item[1]), item[0]))[1]


def _folded(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.casefold())) + " "


def _name_words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.casefold()))


def _hard_words(name: str) -> int:
    return sum(1 for w in re.findall(r"[A-Za-z]+", name) if len(w) > 9)


# ---------------------------------------------------------------- treatments

_PLACEBO_RE = re.compile(r"\bplacebos?\b|\bsham\b|\bdummy\b|\bvehicle\b", re.IGNORECASE)
_CODE_RE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{1,8}(?:[- ]?[A-Za-z0-9]{1,10}){0,3}$")
_DOSE_RE = re.compile(
    r"[\s_,-]*(?:\(?\s*\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|μg|g|ml|mL|iu|IU|units?|mg/kg|mg/m2|%)\b[^)]*\)?"
    r"|\b(?:high|higher|low|lower|medium|standard|reduced|full|half)[ -]dose\b|\bdose (?:level )?\w+\b|\bcohort \w+\b)",
    re.IGNORECASE,
)


def is_placebo(item: Intervention) -> bool:
    return bool(_PLACEBO_RE.search(item.name))


def is_code(name: str) -> bool:
    """'BAY86-5321', 'NNC0365-3769', 'SCRI-CAR22v2': a product code, not a name."""
    return bool(_CODE_RE.match(name.strip())) and not re.fullmatch(r"[A-Z]{2,6}", name.strip())


def _given_with(item: Intervention, other: str) -> bool:
    """'RC108 plus Furmonertinib': the record lists a companion drug as an "other name"."""
    text = f"{item.description or ''} {' '.join(item.arm_labels)}"
    return bool(re.search(rf"\b(?:plus|and|with|combined with|in combination with|\+)\s+{re.escape(other)}", text, re.IGNORECASE))


def treatment_name(item: Intervention) -> str:
    """A plain name: a real other name over a code, dose variants and bracketed codes dropped."""
    name = item.name
    if is_code(name):
        plain = [n for n in item.other_names if not is_code(n) and not _PLACEBO_RE.search(n)]
        if len(plain) == 1 and not _given_with(item, plain[0]):
            name = plain[0]
    name = re.sub(r"\(([^)]*)\)", lambda m: _keep_bracket(m.group(1)), name)
    name = _DOSE_RE.sub("", name).replace("_", " ")
    name = re.sub(r"\s+", " ", name).strip(" -,;")
    return name or item.name


def _keep_bracket(inner: str) -> str:
    parts = [p.strip() for p in re.split(r"[,;/]", inner) if p.strip() and not is_code(p.strip())]
    parts = [p for p in parts if not _DOSE_RE.fullmatch(" " + p)]
    return f"({', '.join(parts)})" if parts else ""


@evidence.per_build
def treatments(trial: Trial) -> tuple[tuple[str, Intervention, int], ...]:
    """(plain name, intervention, index) for every studied treatment; placebo and sham left out, dose variants folded."""
    seen: dict[str, tuple[str, Intervention, int]] = {}
    for i, item in enumerate(trial.interventions):
        if is_placebo(item) or evidence.is_comparator_only(trial, item):
            continue
        name = treatment_name(item)
        key = re.sub(r"[\W_]+", "", name.casefold())
        seen.setdefault(key, (name, item, i))
    return tuple(seen.values())


def comparators(trial: Trial) -> tuple[str, ...]:
    """'placebo' and 'sham' when the record uses them (as a treatment or an arm type)."""
    found = []
    text = " ".join(i.name for i in trial.interventions)
    if re.search(r"placebo", text, re.IGNORECASE) or evidence.placebo_backed(trial, ArmType.PLACEBO_COMPARATOR):
        found.append("placebo")
    if re.search(r"\bsham", text, re.IGNORECASE) or evidence.placebo_backed(trial, ArmType.SHAM_COMPARATOR):
        found.append("sham")
    return tuple(found)


# ---------------------------------------------------------------- sites

_SITE_CODE_RE = re.compile(
    r"\s*\(\s*site[^)]*\)|\s*/\s*ID#\s*\S+|\s*[-–]\s*site\s*(?:number|no\.?|#)?\s*:?\s*\w+$|^~+", re.IGNORECASE
)
_CODE_ONLY_SITE_RE = re.compile(
    r"^(?:investigational|investigative|research|study|clinical)?\s*site\s*(?:number|no\.?|#)?\s*:?\s*\w*\d\w*$", re.IGNORECASE
)


def site_name(facility: str | None) -> str | None:
    """'Kure Kyosai Hospital ( Site 2017)' -> 'Kure Kyosai Hospital'; a bare site number -> None."""
    if not facility:
        return None
    lowered = facility.lower()
    if "site" not in lowered and "id#" not in lowered and not facility.startswith("~"):
        return facility
    if _CODE_ONLY_SITE_RE.match(facility.strip()):
        return None
    name = _SITE_CODE_RE.sub("", facility).strip()
    return name or None


# ---------------------------------------------------------------- ages


def age_in_years(value: float, unit: AgeUnit) -> float:
    per_year = {"years": 1, "months": 12, "weeks": 52, "days": 365, "hours": 8760, "minutes": 525600}
    return value / per_year[unit.value]


# ---------------------------------------------------------------- sponsors

_PERSON_TITLE_RE = re.compile(r"^(?:dr|prof|professor)\.?\s|,\s*(?:m\.?d|ph\.?d|d\.?o|mbbs|frcp\w*|msc|rn)\b\.?", re.IGNORECASE)


_ORGANIZATION_WORD_RE = re.compile(
    r"\b(?:retina|eye|center|centre|clinic|clinics|hospital|institute|university|college|group|associates|partners|"
    r"inc|llc|ltd|gmbh|corp|corporation|company|foundation|society|association|network|consortium|practice|health|"
    r"medical|research|laborator(?:y|ies)|pharma\w*|therapeutics|sciences?|ministry|department|council|trust)\b",
    re.IGNORECASE,
)


_COMPANY_RE = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|corp|corporation|plc|pty|s\.?a\.?s?|s\.?p\.?a|s\.?r\.?l|b\.?v|n\.?v|a/s|k\.?k|"
    r"co\.,? ltd|ag)\b\.?|\b(?:pharma\w*|therapeutics|biotech\w*|biosciences|biopharma\w*)\b",
    re.IGNORECASE,
)
_PUBLIC_BODY_RE = re.compile(
    r"\b(?:universit\w*|universidad|universit[àé]|hospital\w*|h[oô]pita\w*|college|school|ministry|department of|"
    r"council|institute of health|national institutes?)\b",
    re.IGNORECASE,
)


def sponsor_kind(trial: Trial) -> AgencyClass | None:
    """The sponsor's class, unless its name says otherwise ("Swing Therapeutics, Inc." coded OTHER, a
    university coded INDUSTRY): then the page names the sponsor without a kind."""
    kind, name = trial.sponsor.kind, trial.sponsor.name
    if kind is None:
        return None
    company = _COMPANY_RE.search(name) is not None
    public = _PUBLIC_BODY_RE.search(name) is not None
    if kind is AgencyClass.INDUSTRY:
        return None if public and not company else kind
    if company and not public:
        return None
    return kind


def sponsor_is_person(trial: Trial) -> bool:
    """The sponsor is a person: an individual by class, a doctor's title, or the sponsor-investigator's own name."""
    name = trial.sponsor.name
    if _ORGANIZATION_WORD_RE.search(name):
        return False  # "MidAtlantic Retina", "Smith Eye Center": a practice, whatever the registry's class says
    if trial.sponsor.kind is AgencyClass.INDIV or _PERSON_TITLE_RE.search(name):
        return True
    rp = trial.responsible_party
    return bool(
        rp is not None
        and rp.type is ResponsiblePartyType.SPONSOR_INVESTIGATOR
        and rp.name
        and re.sub(r"\W+", "", rp.name.casefold()) == re.sub(r"\W+", "", name.casefold())
    )
