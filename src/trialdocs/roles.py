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
    r"transplant\w*|catheter|dialysis|monitors?|sensors?|cgms?|pumps?)\b",
    re.IGNORECASE,
)
_PERSON_RE = re.compile(r"\b(?:male|female|men|women|man|woman|boys?|girls?|sex|gender|bmi|body mass index|weigh\w*)\b", re.I)
_LAB_RE = re.compile(
    r"\b(?:h(?:a)?emoglobin|hgb|platelets?|neutrophils?|anc|wbc|white blood cells?|leukocytes?|lymphocytes?|bilirubin|"
    r"creatinine|creatinine clearance|alt|ast|sgot|sgpt|transaminases?|aminotransferases?|alkaline phosphatase|albumin|inr|aptt|ptt|"
    r"lipase|amylase|international (?:normali[sz]ed|standardi[sz]ed) ratio|partial thrombo?plastin time|partial thrombin time|"
    r"prothrombin|potassium|sodium|calcium|magnesium|glucose|uln|upper limit of normal|haematolog\w+|hematolog\w+|"
    r"bone marrow function|organ function|liver function|kidney function|renal function|hepatic function)\b",
    re.IGNORECASE,
)
#: A floor on a sign of organ damage ("creatinine ≥ 2 mg/dL", "bilirubin more than 3 x ULN" in the inclusions).
_DAMAGE_FLOOR_RE = re.compile(
    r"\b(?:bilirubin|creatinine(?!\s+clearance)|alt|ast|transaminases?|aminotransferases?)\b[^;.]{0,20}?"
    r"(?:>|≥|>=|>\s*/\s*=|at least|greater|more than|above|exceed)",
    re.IGNORECASE,
)
#: "within 14 days prior to initiation of study treatment": a window for the tests, not a treatment had.
_STUDY_START_RE = re.compile(
    r"prior to (?:the )?(?:initiation|start|first dose|enrol{1,2}ment|registration|randomi[sz]ation)", re.I
)
_LAB_VALUE_RE = re.compile(r"\d|\buln\b|upper limit|lower limit", re.IGNORECASE)
_DISEASE_RE = re.compile(r"malignan|cancer|tumou?r|disease|comorbid|failure|cirrhosis|infect|disorder", re.IGNORECASE)
_ADEQUATE_RE = re.compile(r"^\W*(?:adequate|normal|sufficient|acceptable)\b[^.;]*\bfunctions?\b", re.IGNORECASE)
_RANGE_RE = re.compile(r"\bbetween\s+\d|\d\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*(?:ml|mg|g|%|mmol)", re.IGNORECASE)
#: What a routine criterion may be about; a word outside these makes it deciding.
_ROUTINE_CONCEPTS = frozenset({"consent", "compliance", "contraception", "organ_function"})


def role(s: ScopedCriterion) -> Role:
    """The role of one criterion (a heading or an empty line has none worth listing: "other").

    The treatment already had is read before the illness it was for ("at least one prior systemic treatment
    for metastatic NSCLC"), and a relapse is the illness, not a treatment ("Relapsed or refractory B-cell
    leukemia").
    """
    head = s.head_concepts() or tuple(m.concept for m in s.mentions if m.asserted)
    concepts = set(head)
    lower = _LIST_MARK_RE.sub("", s.text.lower())
    if _routine(s, concepts, lower):
        return "routine"
    if s.section == "exclusion":
        return "major_exclusion"
    if _PLANNED_RE.search(lower):
        return "requirement"  # "Scheduled to receive a nerve root block": a procedure to come, not one had
    if _TREATMENT_RE.search(lower):
        return "prior_treatment"
    if "marker" in concepts and not concepts & {"hiv", "hepatitis", "pregnancy"} and not _FUSION_SURGERY_RE.search(lower):
        return "marker"
    if concepts & {"diagnosis", "stage", "measurable"}:
        return "illness"
    if "surgery" in concepts or _REQUIREMENT_RE.search(lower):
        return "requirement"
    if _ILLNESS_RE.search(lower):
        return "illness"
    if concepts & {"age", "performance", "life_expectancy"} or _PERSON_RE.search(lower) or _SCALE_RE.search(lower):
        return "person"
    return "other"


#: "vi.", "c)", "3." at the start of a line: the record's list marks.
_LIST_MARK_RE = re.compile(r"^\W*(?:[ivx]{1,4}|[a-z]|\d{1,2})[.)]\s+")
_THERAPY = r"(?:therap\w*|treat\w*|chemo\w*|regimens?|lines?|systemic|radio\w*|hsct|transplant\w*|immuno\w*|inhibitors?|agents?|drugs?|steroids?|medications?|tki|surgery|resection)"
_TREATMENT_RE = re.compile(
    rf"\b(?:prior|previous(?:ly)?|earlier)\s+(?:[\w-]+\s+){{0,3}}?{_THERAPY}"
    rf"|\b(?:received?|receiving|treated with|on the treatment of|progress\w*\s+(?:on|after|following|during)|failed|"
    rf"intoleran\w+\s+(?:to|of)|refractory to|resistant to|unresponsive to|naive to)\b(?:\s+[\w()/-]+){{0,6}}?\s+{_THERAPY}"
    r"|\b(?:first|second|third|fourth|\d(?:st|nd|rd|th))[- ](?:line|or (?:later|higher|greater)[- ]line)|\blines? of (?:therapy|treatment)"
    r"|\btreatment[- ]na[iï]ve|\bunresponsive to|\bno (?:local\s+)?radiotherapy\b",
    re.IGNORECASE,
)
_PLANNED_RE = re.compile(r"^\W*(?:(?:be|is|are)\s+)?(?:scheduled|planned|planning|plans? to|candidates? for|undergoing)\b", re.I)
#: "spinal fusion", "fusion surgery": a procedure, not a gene fusion.
_FUSION_SURGERY_RE = re.compile(r"\b(?:spinal|lumbar|cervical|interbody)\s+fusion|\bfusion\s+(?:surgery|at|procedure)", re.I)
_ILLNESS_RE = re.compile(
    r"\b(?:pain|insomnia|sleep|depress\w*|anxiety|leuka?emia|lymphoma|myeloma|cancer|carcinoma|tumou?rs?|sarcoma|"
    r"melanoma|glioma|neoplasm|malignan\w*|metasta\w*|relapsed?|refractory|stage\s+(?:[0-4]|[iv]+|[a-d])\b|disease|"
    r"disorder|syndrome|diabet\w*|asthma|arthritis|infection|heart failure|stroke|dementia|alzheimer\w*|parkinson\w*|"
    r"sclerosis|obes\w+|hypertension|headache|migraine|epilep\w+|fracture|injur\w+|ulcer\w*|diagnos\w*)\b",
    re.IGNORECASE,
)
_SCALE_RE = re.compile(r"\b(?:ecog|karnofsky|lansky|nyha|zubrod|who performance|performance (?:status|score))\b", re.I)


def _routine(s: ScopedCriterion, concepts: set[str], lower: str) -> bool:
    """Consent, the study plan, birth control and organ-function tests, and nothing else in the criterion."""
    if _RANGE_RE.search(lower):
        return False  # a band ("eGFR 30 to 60") picks the people, as a stage would
    if s.section == "inclusion" and _DAMAGE_FLOOR_RE.search(lower):
        return False  # "Total bilirubin ≥ 2 mg/dL" asks for organ damage: it picks the people
    if re.search(
        r"dialysis|transplant|(?:heart|kidney|renal|liver|hepatic|organ|respiratory|cardiac) failure|insufficien", lower
    ):
        return False  # "creatinine above 2 x ULN; currently undergoing dialysis" is more than a blood test
    if bool(_LAB_RE.search(lower)) and _only_labs(lower):
        return True
    if not concepts:
        return False
    windowless = concepts - {"prior_treatment"} if _STUDY_START_RE.search(lower) else concepts
    if s.section == "inclusion" and _ADEQUATE_RE.match(lower) and windowless <= _ROUTINE_CONCEPTS | {"heart"}:
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
    if "contraception" in concepts and s.section == "exclusion" and "pregnan" in lower:
        return False
    if concepts & {"consent", "compliance", "contraception"} and not concepts & {"organ_function"}:
        # "unable to use a mobile phone to read the sensor", "able to read English", "willing to have blood
        # drawn": a need of its own behind routine words. Only the routine words themselves are routine.
        needs = _CONSENT_GIVER_RE.sub(" ", lower)
        return not _REQUIREMENT_RE.search(needs) and not _ROUTINE_FILLER_RE.sub(" ", lower).strip()
    return True


_LAB_FILLER_RE = re.compile(
    r"\b(?:adequate|normal|sufficient|acceptable|absolute|counts?|function|functions|as|defined|by|the|following|of|and|or|at|least|"
    r"most|than|less|more|greater|equal|to|x|times|mg|dl|g|l|µl|ul|mm3|mmol|µmol|umol|ml|min|per|cells|count|total|"
    r"serum|level|levels|value|values|laboratory|lab|tests?|results?|within|range|institutional|limit|limits|upper|lower|"
    r"normal|for|in|with|without|is|are|be|must|should|have|has|patients?|participants?|subjects?|"
    r"gilbert'?s|syndrome|unless|except|known|liver|metastases|if|clearance|calculated|cockcroft|gault|formula|"
    r"estimated|egfr|international|normali[sz]ed|standardi[sz]ed|ratio|partial|thromboplastin|thrombin|activated|time|"
    r"alanine|aspartate|alb|mcl|note|present|serum|hematological|haematological|age|glomerular|filtration|rate|cr|"
    r"m2|m\^2)\b|(?<=\d)x\b|[\W\d_]+",
    re.IGNORECASE,
)


#: Who gives or reads the consent ("a parent or guardian able to provide consent", "understand the information
#: given in the consent procedure"): words of the consent, not a need of their own.
_CONSENT_GIVER_RE = re.compile(
    r"\b(?:parents?|guardians?|caregivers?|read|understand\w*)\b(?=[^.;]{0,80}\b(?:consent|information|protocol)\b)",
    re.IGNORECASE,
)
_ROUTINE_FILLER_RE = re.compile(
    r"\b(?:sign(?:ed|ing|s)?|written|informed|consents?|consenting|forms?|icf|willing|willingness|unwilling\w*|able|unable|"
    r"ability|inability|capable|incapable|to|of|provide|providing|give|giving|obtain\w*|understand\w*|and|or|and/or|"
    r"compl(?:y|ies|iance|iant)|with|the|this|study|trial|protocol|procedures?|requirements?|visits?|schedules?|"
    r"scheduled|follow(?:ing|-up|\s+up)?|adhere|adherence|participate|participation|complete|assessments?|all|must|"
    r"should|will|be|is|are|has|have|patients?|subjects?|participants?|persons?|people|individuals?|legal(?:ly)?|"
    r"authori[sz]ed|acceptable|representatives?|guardians?|parents?|prior|before|any|specific|related|"
    r"contracepti\w+|birth|control|methods?|effective|highly|use|using|agree\w*|practice|during|throughout|for|"
    r"duration|period|in|by|their|his|her|a|an|as|per|at|least|after|last|dose|doses|until|childbearing|child-bearing|"
    r"potential|reproductive|women|men|males?|females?|fertile|partners?|sexually|active|adequate|appropriate|not|no|"
    r"applicable|evidence|suspicion|that|information|given|him|within|failure|fail|refus\w+|research|program|"
    r"contraceptives?|donate|sperm|eggs?|ova|barrier|condoms?|i\.?e|e\.?g|time|enrol{1,2}ment|through|days?|weeks?|"
    r"months?|drug|treatment|investigational|product|medication|abstinence|abstain|from|s)\b"
    r"|[\W\d_]+",
    re.IGNORECASE,
)


def _only_labs(lower: str) -> bool:
    """A criterion that is nothing but laboratory limits ("ANC ≥ 1,500/µL", "Platelets ≥ 100 × 10⁹/L")."""
    rest = _LAB_RE.sub(" ", lower)
    return not _LAB_FILLER_RE.sub(" ", rest).strip()


def rank(r: Role) -> int:
    return ORDER.index(r)
