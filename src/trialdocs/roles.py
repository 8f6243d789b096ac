"""What part a criterion plays in deciding who can join: the role that orders Good fit and Not a fit.

A patient reads a fit list from the top. The criteria that decide (the illness and its stage, the treatment
already had, a marker, a planned surgery or a smartphone, a recent treatment that keeps people out) must come
before the routine ones every study has (consent, birth control, organ-function blood tests), and no deciding
criterion may be crowded out by a routine one. The role is read from the criterion's first clause (the
concepts of :mod:`trialdocs.scope`) and a few words of its own; anything that fits no role is deciding, so a
criterion is only ever called routine on positive evidence.

It is a text layer below ``summary/`` and ``check/``, beside the scope parser it reads.
"""

from __future__ import annotations

import re
from typing import Literal

from trialdocs.scope import ScopedCriterion

Role = Literal["illness", "prior_treatment", "marker", "requirement", "person", "major_exclusion", "other", "routine"]

#: The order of a fit list: deciding roles first, routine last.
ORDER: tuple[Role, ...] = (
    "illness",
    "prior_treatment",
    "marker",
    "requirement",
    "person",
    "major_exclusion",
    "other",
    "routine",
)

_REQUIREMENT_RE = re.compile(
    r"\b(?:scheduled|planned|plan(?:s|ning)? to|undergo\w*|candidates? for|implant\w*|device|pacemaker|stimulat\w+|"
    r"smart\s?phone|mobile phone|internet|computer|tablet device|e-?mail|gave birth|live birth|delivery|postpartum|"
    r"caregiver|parent|read|speak|understand|fluent|english|spanish|french|german|language|resid\w+|live[sd]? in|"
    r"transplant\w*|catheter|dialysis)\b",
    re.IGNORECASE,
)
_PERSON_RE = re.compile(r"\b(?:male|female|men|women|man|woman|boys?|girls?|sex|gender|bmi|body mass index|weigh\w*)\b", re.I)
_LAB_RE = re.compile(
    r"\b(?:h(?:a)?emoglobin|hgb|platelets?|neutrophils?|anc|wbc|white blood cells?|leukocytes?|lymphocytes?|bilirubin|"
    r"creatinine|creatinine clearance|alt|ast|sgot|sgpt|transaminases?|alkaline phosphatase|albumin|inr|aptt|ptt|"
    r"prothrombin|potassium|sodium|calcium|magnesium|glucose|uln|upper limit of normal|haematolog\w+|hematolog\w+|"
    r"bone marrow function|organ function|liver function|kidney function|renal function|hepatic function)\b",
    re.IGNORECASE,
)
_LAB_VALUE_RE = re.compile(r"\d|\buln\b|upper limit|lower limit", re.IGNORECASE)
_DISEASE_RE = re.compile(r"malignan|cancer|tumou?r|disease|comorbid|failure|cirrhosis|infect|disorder", re.IGNORECASE)
_ADEQUATE_RE = re.compile(r"^\W*(?:adequate|normal|sufficient|acceptable)\b[^.;]*\bfunctions?\b", re.IGNORECASE)
_RANGE_RE = re.compile(r"\bbetween\s+\d|\d\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*(?:ml|mg|g|%|mmol)", re.IGNORECASE)
#: What a routine criterion may be about; a word outside these makes it deciding.
_ROUTINE_CONCEPTS = frozenset({"consent", "compliance", "contraception", "organ_function"})


def role(s: ScopedCriterion) -> Role:
    """The role of one criterion (a heading or an empty line has none worth listing: "other")."""
    head = s.head_concepts() or tuple(m.concept for m in s.mentions if m.asserted)
    concepts = set(head)
    lower = s.text.lower()
    if _routine(s, concepts, lower):
        return "routine"
    if s.section == "inclusion":
        if "marker" in concepts and not concepts & {"hiv", "hepatitis", "pregnancy"}:
            return "marker"
        if concepts & {"diagnosis", "stage", "measurable"}:
            return "illness"
        if concepts & {"prior_treatment", "systemic_therapy"}:
            return "prior_treatment"
        if "surgery" in concepts or _REQUIREMENT_RE.search(lower):
            return "requirement"
        if concepts & {"age", "performance", "life_expectancy"} or _PERSON_RE.search(lower):
            return "person"
        return "other"
    return "major_exclusion"


def _routine(s: ScopedCriterion, concepts: set[str], lower: str) -> bool:
    """Consent, the study plan, birth control and organ-function tests, and nothing else in the criterion."""
    if _RANGE_RE.search(lower):
        return False  # a band ("eGFR 30 to 60") picks the people, as a stage would
    if not concepts:
        return bool(_LAB_RE.search(lower)) and s.section == "inclusion" and _only_labs(lower)
    if s.section == "inclusion" and _ADEQUATE_RE.match(lower) and concepts <= _ROUTINE_CONCEPTS | {"heart"}:
        return True  # "Adequate renal, hepatic and cardiac function"
    if not concepts <= _ROUTINE_CONCEPTS:
        return False
    if "organ_function" in concepts and not _LAB_RE.search(lower):
        return False
    if (
        "organ_function" in concepts
        and s.section == "exclusion"
        and (not _LAB_VALUE_RE.search(lower) or _DISEASE_RE.search(lower))
    ):
        return False  # "serious hepatic, renal or cardiac disease" keeps people out; only a lab limit is routine
    return not ("contraception" in concepts and s.section == "exclusion" and "pregnan" in lower)


_LAB_FILLER_RE = re.compile(
    r"\b(?:adequate|normal|sufficient|acceptable|absolute|counts?|function|functions|as|defined|by|the|following|of|and|or|at|least|"
    r"most|than|less|more|greater|equal|to|x|times|mg|dl|g|l|µl|ul|mm3|mmol|µmol|umol|ml|min|per|cells|count|total|"
    r"serum|level|levels|value|values|laboratory|lab|tests?|results?|within|range|institutional|limit|limits|upper|lower|"
    r"normal|for|in|with|without|is|are|be|must|should|have|has|patients?|participants?|subjects?|"
    r"gilbert'?s|syndrome|unless|except|known|liver|metastases|if|clearance|calculated|cockcroft|gault|formula|"
    r"estimated|egfr|international|normali[sz]ed|ratio|partial|thromboplastin|time)\b|[\W\d_]+",
    re.IGNORECASE,
)


def _only_labs(lower: str) -> bool:
    """A criterion that is nothing but laboratory limits ("ANC ≥ 1,500/µL", "Platelets ≥ 100 × 10⁹/L")."""
    rest = _LAB_RE.sub(" ", lower)
    return not _LAB_FILLER_RE.sub(" ", rest).strip()


def rank(r: Role) -> int:
    return ORDER.index(r)
