"""What a page may say about a trial, each claim weighed against every field that could contradict it.

A coded field proposes; the rest of the record decides. "For people with
diabetes" comes from a condition entry, but only the inclusion criteria say
who can join; "already in use" comes from an arm type, but the arms'
interventions say whether that comparator is the very product being tested.
Each function here answers one claim and returns the fields it rests on, or
``None`` when any field speaks against it: **when the evidence is mixed, say
less.** The drafting asks before it writes a sentence, and the gate's fact
rules ask the same questions of an editor's sentence, so a claim is judged
the same way whoever wrote it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, Literal, ParamSpec, TypeVar

from trialdocs.model import (
    Age,
    Allocation,
    Arm,
    ArmType,
    Eligibility,
    Intervention,
    InterventionModel,
    InterventionType,
    Masking,
    OverallStatus,
    Phase,
    PrimaryPurpose,
    StudyType,
    TimePerspective,
    Trial,
    WhoMasked,
    fold_key,
)
from trialdocs.scope import ScopedCriterion, scoped

#: Intervention types that are a medicine: only these may be called one.
MEDICINE_TYPES = frozenset(
    {
        InterventionType.DRUG,
        InterventionType.BIOLOGICAL,
        InterventionType.DIETARY_SUPPLEMENT,
        InterventionType.COMBINATION_PRODUCT,
        InterventionType.GENETIC,
    }
)
#: What a study gives a person's body: an observational study with one of these is not "no treatment".
GIVEN_TYPES = frozenset({*MEDICINE_TYPES, InterventionType.RADIATION, InterventionType.PROCEDURE})
COMPARATOR_ARMS = frozenset({ArmType.PLACEBO_COMPARATOR, ArmType.SHAM_COMPARATOR})
#: Statuses in which a person can still ask to join.
JOINABLE = frozenset({OverallStatus.RECRUITING, OverallStatus.NOT_YET_RECRUITING})
STALE_AFTER = dt.timedelta(days=2 * 365)


@dataclass(frozen=True)
class Backed:
    """A claim the record backs, with the words to say and the fields it rests on."""

    text: str
    source: str


# ---------------------------------------------------------------- one build, one reading

_P = ParamSpec("_P")
_R = TypeVar("_R")
_MEMO: ContextVar[dict[tuple[Any, ...], tuple[Trial, Any]] | None] = ContextVar("trialdocs_evidence_memo", default=None)


@contextmanager
def one_build() -> Iterator[None]:
    """Within one page build, each reading of a record (who takes part, the illness, the measures) is made once.

    The drafting asks the same questions from the title, the glance, the facts and the fit lists; without this each
    asks again, and a value-keyed cache would hash the whole eligibility block to find the answer.
    """
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def per_build(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Remember ``fn(trial, *args)`` for the current :func:`one_build` (keyed by the trial object, which it keeps)."""

    @wraps(fn)
    def remembered(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        memo = _MEMO.get()
        if memo is None or kwargs:
            return fn(*args, **kwargs)
        key = (fn, id(args[0]), *args[1:])
        if (hit := memo.get(key)) is not None and hit[0] is args[0]:
            return hit[1]  # type: ignore[no-any-return]
        value = fn(*args, **kwargs)
        memo[key] = (args[0], value)  # type: ignore[assignment]
        return value

    return remembered


# ---------------------------------------------------------------- who takes part

GroupKind = Literal["healthy", "relatives", "carers", "clinicians"]

#: Who a criterion, heading or group is about, read at its start (its subject), never from a passing word.
_SUBJECT_PATTERNS: tuple[tuple[GroupKind, str], ...] = (
    (
        "healthy",
        r"healthy\b|(?:the\s+)?controls?\b|control (?:group|subjects?|participants?|cohort)|non-?diabetic|"
        r"(?:subjects?|participants?|people|individuals|volunteers?)\s+without\b",
    ),
    ("relatives", r"(?:first-degree\s+)?(?:relatives?|family members?|famil(?:y|ies)\b|siblings?|offspring|twins?)\b"),
    (
        "carers",
        r"(?:parents?|caregivers?|carers?|guardians?|mothers?|fathers?)\b(?!\s*(?:/|or)\s*(?:legal|guardian))(?!.*\bconsent)",
    ),
    (
        "clinicians",
        r"(?:primary[- ]care\s+)?(?:physicians?|doctors?|nurses?|clinicians?|general practitioners?|practitioners?|gps?\b|"
        r"health\s*care (?:workers?|professionals?|providers?)|health (?:workers?|professionals?)|pharmacists?|"
        r"(?:medical|clinical) (?:staff|students?|residents?)|residents? (?:physicians?|in)|midwives|midwife)\b",
    ),
)
#: "Physician diagnosis of asthma", "Parent-reported symptoms": the word qualifies what follows, it is not who joins.
_NOT_A_SUBJECT = r"(?![-‐]?\s*(?:['’]s\s+)?(?:diagnos\w*|confirm\w*|determin\w*|assess\w*|judg\w*|opinion|referr\w*|document\w*|prescri\w*|report\w*|order\w*|led\b))"
_ROLE_WORDS = (
    r"(?:employed|working|works?|practi[cs]ing|licensed|registered|enrolled|trained) (?:full-time |part-time )?as (?:an? )?"
)
_SUBJECT_RE = tuple(
    (
        kind,
        re.compile(rf"\W*(?:(?:all|adult|female|male|eligible)\s+)?(?:{p}){_NOT_A_SUBJECT}", re.I),
        re.compile(rf"\b{_ROLE_WORDS}(?:{p})", re.I),
    )
    for kind, p in _SUBJECT_PATTERNS
)
#: One anchored match rules out most criteria before the four kinds are tried.
_ANY_SUBJECT_RE = re.compile("|".join(f"(?:{start.pattern})" for _, start, _ in _SUBJECT_RE), re.I)


def _subject_kinds(text: str) -> set[GroupKind]:
    """The kinds of people a criterion's subject names: at its start, or as the job it asks for ("working as a nurse")."""
    role = " as " in text.lower()
    if not role and not _ANY_SUBJECT_RE.match(text):
        return set()
    return {kind for kind, start, job in _SUBJECT_RE if start.match(text) or (role and job.search(text))}


@dataclass(frozen=True)
class Population:
    """Who takes part beyond the people with the illness: each kind with the field that says so."""

    kinds: dict[GroupKind, str]
    #: A top-level inclusion criterion is about patients (its subject), beside any other group.
    patients: bool = False

    def has(self, kind: GroupKind) -> bool:
        return kind in self.kinds


@per_build
def population(trial: Trial) -> Population:
    return _population(trial.arms, trial.eligibility, trial.study_type is StudyType.OBSERVATIONAL)


_HEALTHY_ARM_RE = re.compile(r"\bhealthy\b|\bvolunteers?\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def _population(arms: tuple[Arm, ...], eligibility: Eligibility, observational: bool) -> Population:
    kinds: dict[GroupKind, str] = {}
    for i, arm in enumerate(arms):
        for kind in _subject_kinds(arm.label):
            # In a trial a "Control" arm is the comparison, not people without the illness.
            if kind != "healthy" or observational or _HEALTHY_ARM_RE.search(arm.label):
                kinds.setdefault(kind, f"arms[{i}].label")
    patients = False
    for s in scoped(eligibility):
        if s.section != "inclusion":
            continue
        if s.heading:
            for kind in _subject_kinds(s.heading):
                kinds.setdefault(kind, s.path)
            patients = patients or bool(_PATIENT_RE.search(s.heading))
        if s.is_heading or _TOP_LEVEL_RE.fullmatch(s.path):
            for kind in _subject_kinds(s.text):
                kinds.setdefault(kind, s.path)
            patients = patients or bool(_PATIENT_RE.match(s.text))
    if eligibility.healthy_volunteers and "healthy" not in kinds:
        kinds["healthy"] = "eligibility.healthy_volunteers"
    return Population(kinds, patients)


#: "Healthy subjects and subjects with type 2 diabetes": a second group beside the healthy one.
_OTHER_GROUP_RE = re.compile(
    r"\b(?:and|or|plus|as well as)\s+(?:\w+\s+){0,2}(?:subjects?|patients?|participants?|people|individuals|volunteers)\s+with\b",
    re.IGNORECASE,
)
_HEALTHY_CRITERION_RE = re.compile(r"\bhealthy\b|\bin good (?:general )?health\b", re.IGNORECASE)


@per_build
def healthy_criterion(trial: Trial) -> str | None:
    """The inclusion criterion that asks people to be healthy, where the record also takes healthy volunteers."""
    if not trial.eligibility.healthy_volunteers:
        return None
    for s in scoped(trial.eligibility):
        if (
            s.section == "inclusion"
            and not s.negated
            and _TOP_LEVEL_RE.fullmatch(s.path)
            and _HEALTHY_CRITERION_RE.search(s.text)
            and not _OTHER_GROUP_RE.search(s.text)
        ):
            return s.path
    return None


_TOP_LEVEL_RE = re.compile(r"eligibility\.inclusion\[\d+\]")
_PATIENT_RE = re.compile(
    r"^\W*(?:patients?\b|(?:participants?|subjects?|people|individuals|adults|children) (?:with|who have)\b)", re.I
)


_NEED_RE = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?|people|adults?|children|women|men)\s+(?:who\s+(?:are|have)\s+)?)?"
    r"(?:(?:scheduled|planned|planning|listed|candidates?|eligible|referred|indicated|selected)\s+(?:for|to (?:undergo|have|receive))|undergoing|about to undergo|"
    r"(?:have|has|with)\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}(?:implant(?:ed|s)?|stimulators?|pacemakers?|prosthes[ie]s)\b|"
    r"(?:implanted|fitted) with|"
    r"(?:(?:currently|are|is)\s+)?pregnant\b|(?:(?:partial|total|distal|radical)\s+)?[a-z]+(?:ectomy|plasty)\b|"
    r"(?:on|receiving|undergoing|requiring)\s+(?:maintenance\s+|chronic\s+)?(?:hemo|haemo|peritoneal\s+)?dialysis|"
    r"(?:currently\s+)?(?:employed|working|practi[cs]ing|licensed|registered) as)",
    re.IGNORECASE,
)


#: Needs stated anywhere in a criterion: an organ transplant, a surgery done or due, being free of the illness.
_NEED_ANYWHERE_RE = re.compile(
    r"\btransplant(?:ation|ed)?\b|\brecipients?\b|\bindications? for\b|\bunderwent\b|\bundergone\b|"
    r"\bcandidates? for\b|\bwithout (?:a |any )?(?:prior |previous |known )?(?:diagnosis|history) of\b",
    re.IGNORECASE,
)


#: "… were included if the participants had:", "one of the following": a lead-in whose items are elsewhere.
_LEAD_IN_RE = re.compile(r"(?::|\bhad|\bfollowing|\bof the following\W*)\s*$|\bone of the following\b", re.IGNORECASE)


@per_build
def key_needs(trial: Trial) -> tuple[ScopedCriterion, ...]:
    """Inclusion criteria that ask for a surgery, an implant, a pregnancy, dialysis or a job: who takes part hangs on them."""
    return tuple(
        s
        for s in _top_inclusion(trial)
        if (_NEED_RE.search(s.text) or _NEED_ANYWHERE_RE.search(s.text)) and not _LEAD_IN_RE.search(s.text)
    )


#: A criterion for the comparison group only ("Inclusion criteria for matched controls", "Healthy controls: …",
#: "Individuals without a history of diabetes"): not a need of everyone who joins.
_CONTROL_RE = re.compile(r"\bcontrols?\b|\bcomparison group\b|\bwithout (?:a |any )?(?:history|diagnosis) of\b", re.I)


def without_illness(trial: Trial, illness: Illness) -> str | None:
    """The inclusion criterion for people who do not have the illness ("Individuals without a history of diabetes
    mellitus"), beside the one that requires it: two groups take part."""
    stem = (_stems(re.split(r",| or | and ", illness.name)[0]) or [""])[-1]
    for s in scoped(trial.eligibility):
        if s.section == "inclusion" and not s.is_heading and stem:
            m = re.search(r"\b(?:without|with no|free of|no (?:history|diagnosis) of)\b", s.text, re.IGNORECASE)
            if m and stem in s.text[m.end() : m.end() + 60].casefold():
                return s.path
    return None


@per_build
def _top_inclusion_list(trial: Trial) -> tuple[ScopedCriterion, ...]:
    criteria = [s for s in scoped(trial.eligibility) if s.section == "inclusion"]
    others = _alternatives(criteria)
    return tuple(
        s
        for s in criteria
        if not s.is_heading
        and not s.negated
        and _TOP_LEVEL_RE.fullmatch(s.path)
        and s.path not in others
        and not _CONTROL_RE.search(s.text)
    )


def _top_inclusion(trial: Trial) -> Iterator[ScopedCriterion]:
    """The top-level inclusion criteria everyone who joins must meet: no headings, nothing negated, no item of an
    "at least one of" list (each is one way in), and nothing that is for a control group only."""
    yield from _top_inclusion_list(trial)


#: Words that narrow an illness beyond its name: a stage, earlier treatment, a marker, a level or a limit.
_NARROWING_RE = re.compile(
    r"\bstage\b|\bgrade\b|previously treated|\bprior\b|\bafter\b|progress\w*|\bnegative\b|\bpositive\b|squamous|"
    r"metasta\w*|advanced|unresectable|refractory|relapsed|uncontrolled|poorly controlled|\bhba1c\b|\bat least\b|"
    r"[≥≤<>]|\d+(?:\.\d+)?\s*(?:%|mg|mmol|months?|years?|weeks?)",
    re.IGNORECASE,
)


#: "If on insulin: …": a rule for some people, not a need of everyone who joins.
_CONDITIONAL_RE = re.compile(r"\W*(?:if|when|for those|in case)\b", re.IGNORECASE)


def narrowing_criterion(trial: Trial, illness: Illness) -> ScopedCriterion | None:
    """The criterion that requires the illness, where it narrows it further than the name a page can say
    ("stage III/IV non-squamous NSCLC after PD-1 treatment"): shown in its own words beside the name."""
    paths = {p.strip() for p in illness.source.split(";")}
    stems = _stems(re.split(r",| or | and ", illness.name)[0])
    for s in _top_inclusion(trial):
        if (
            s.path in paths
            and len(s.text) <= 200
            and _NARROWING_RE.search(s.text)
            and not _CONDITIONAL_RE.match(s.text)
            and all(re.search(rf"\b{re.escape(st)}", s.text.casefold()) for st in stems if not _QUALIFIER_WORD_RE.match(st))
        ):
            return s
    return None


#: What makes a criterion decide who fits beyond a diagnosis: a limit, a window, a current state.
_DECIDING_RE = re.compile(
    r"[≥≤<>]|\d+(?:\.\d+)?\s*(?:%|mg|mmol|kg|days?|months?|years?|weeks?)|\bat least\b|\bless than\b|\bmore than\b|"
    r"\bwithin\b|\bcurrent(?:ly)?\b|\bsmok\w*|\bnewly\b|new[- ]onset|\bchronic\b|\bpoorly controlled\b|\buncontrolled\b|"
    r"\bstage\b|\bprevious(?:ly)?\b|\bprior\b|\bafter\b|\bscheduled\b|\bplanned\b|\bhba1c\b|\bbmi\b",
    re.IGNORECASE,
)
#: Criteria every study has (age, sex, consent, language, follow-up): they never decide who the study is for.
_ROUTINE_RE = re.compile(
    r"^\W*(?:aged?\b|\d+\s*(?:-|to)\s*\d+\s*years|(?:male|female|men|women)\b(?! with)|(?:adult\s+)?(?:patients?|participants?|subjects?)\s+aged?\b)|"
    r"\bconsent\b|\bwilling\b|\bable to\b|\bability to\b|\bunderstand\b|\bspeak\b|\bliterate\b|\bcontracepti|"
    r"\bpregnancy test\b|\bchildbearing\b|\bfollow[- ]?up\b|\bcomply\b|\bcompliance\b|\bavailable\b|"
    r"\bage\b|\baged\b|\byears? old\b|\byears of age\b|\bskeletally mature\b|"
    r"karnofsky|lansky|\becog\b|performance (?:status|score)|life expectancy|bilirubin|creatinine|\buln\b|"
    r"upper limit of normal|platelet|neutrophil|ha?emoglobin\b|\balt\b|\bast\b|aminotransferase|clearance|\bweight\b",
    re.IGNORECASE,
)


@per_build
def deciding_needs(trial: Trial) -> tuple[ScopedCriterion, ...]:
    """Short inclusion criteria with a limit, a window or a state ("currently smoking", "diagnosed less than 100
    days ago", "HbA1c ≥ 8.5%"): beside the illness's name, they are who the study is for."""
    return tuple(
        s
        for s in _top_inclusion(trial)
        if len(s.text) <= 160
        and _DECIDING_RE.search(s.text)
        and not _ROUTINE_RE.search(s.text)
        and not _CONDITIONAL_RE.match(s.text)
        and not _LEAD_IN_RE.search(s.text)
    )


#: Words of a title that name who takes part, which the illness and ages may not carry ("… in Pregnant Women",
#: "Smokers With Asthma", "Diabetic Foot Ulcers", "Type 2 Diabetes"); each with the stem a page must say.
_TITLE_GROUP_RE = re.compile(
    r"\b(?:pregnan\w*|gestational|postpartum|post-partum|lactating|breastfeeding|infants?|neonat\w*|newborns?|"
    r"preterm|veterans?|students?|obes\w*|overweight|hospitali[sz]ed|inpatients?|critically ill|intensive care|"
    r"nursing homes?|smokers?|athletes?|diabetic|type [12]\b|t[12]dm?\b|"
    # a surgery or implant everyone has, and the stage, earlier treatment or marker that narrows an illness
    r"surger(?:y|ies)|\w+ectomy|\w+plasty|\w+otomy|\w+scopy|transplant\w*|implant\w*|"
    r"previously treated|pretreated|pre-treated|treatment[- ]na[iï]ve|untreated|newly diagnosed|relapsed|refractory|"
    r"recurrent|resistant|metastatic|advanced|early[- ]stage|stage [0IV]+\w*|"
    r"(?-i:[A-Z][A-Za-z0-9-]*[A-Z0-9])[- ](?:positive|negative|mutant|mutated)\b|mutations?\b)",
    re.IGNORECASE,
)
#: Title words that the ages on the page already say.
_AGE_WORDS = {"infan": 2.0, "neona": 0.1, "newbo": 0.1}


def title_group(trial: Trial, said: str) -> str | None:
    """A word of the registry's title that names who takes part and is missing from ``said`` (the page's "for
    whom"): the title of a pregnancy registry says "pregnancy" where the criteria may not."""
    lowered = re.sub(r"[\s-]", "", said.casefold())
    for m in _TITLE_GROUP_RE.finditer(trial.brief_title or ""):
        word = re.sub(r"[\s-]", "", m.group(0).casefold())
        if word.startswith(("t1", "t2")):
            word = f"type{word[1]}"
        stem = word[:5]
        if stem in lowered or (stem == "diabe" and "diabet" in lowered):
            continue
        limit = _AGE_WORDS.get(stem)
        top = trial.eligibility.maximum_age
        if limit is not None and top is not None and _in_years(top) <= limit:
            continue
        return m.group(0)
    return None


def _in_years(age: Age) -> float:
    per_year = {"years": 1, "months": 12, "weeks": 52, "days": 365, "hours": 8760, "minutes": 525600}
    return float(age.value) / per_year[age.unit.value]


_AGE_FROM_RE = re.compile(
    r"(?:≥|>=|\bat least|\baged?|\bage of)\s*(\d{1,2})\s*(?:years?|yrs?)?(?:\s+of age)?(?:\s+(?:or|and)\s+(?:older|over|above))?"
    r"|\b(\d{1,2})\s*(?:years?|yrs?)(?:\s+of age|\s+old)?\s+(?:or|and)\s+(?:older|over|above)",
    re.IGNORECASE,
)
_AGE_BAND_RE = re.compile(r"\b(?:between\s+)?(\d{1,2})\s*(?:-|–|to|and)\s*(\d{1,3})\s*(?:years?|yrs?)\b", re.IGNORECASE)


@per_build
def ages(trial: Trial) -> tuple[Age | None, Age | None]:
    """The age limits: the record's own fields, or, where it has neither, the limits its inclusion criteria
    state in one of a few sure forms ("≥ 18 years", "aged 18 or over", "18 to 65 years"); never "any age" for a
    study whose criteria say adults."""
    e = trial.eligibility
    if e.minimum_age is not None or e.maximum_age is not None:
        return e.minimum_age, e.maximum_age
    for s in _top_inclusion_list(trial):
        if not re.search(r"\bage|\byears?\b|\byrs?\b|≥|>=", s.text, re.IGNORECASE):
            continue
        if (m := _AGE_BAND_RE.search(s.text)) and re.search(r"\bage|\bold\b|aged", s.text, re.IGNORECASE):
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo < hi:
                return Age(value=lo), Age(value=hi)
        if (m := _AGE_FROM_RE.search(s.text)) and re.search(r"\bage[ds]?\b|\bold\b|\bolder\b", s.text, re.IGNORECASE):
            return Age(value=int(m.group(1) or m.group(2))), None
    return None, None


def has_controls(trial: Trial) -> str | None:
    """The field that shows people without the illness take part (healthy volunteers, controls), if any."""
    pop = population(trial)
    return pop.kinds.get("healthy") or pop.kinds.get("relatives")


# ---------------------------------------------------------------- the illness


@dataclass(frozen=True)
class Illness:
    """The illness (or illnesses) the inclusion criteria require, as a reader would name them."""

    name: str
    #: The conditions entry and the criterion that requires it.
    source: str


_QUALIFIER = (
    r"(?:relapsed?\s*(?:or|/|and/or)\s*refractory|refractory\s*(?:or|/|and/or)\s*relapsed?|relapsed|refractory|"
    r"newly[- ]diagnosed|previously[- ]untreated|untreated|recurrent|metastatic|locally advanced|advanced)"
)
#: A qualifier, or several joined ("locally advanced or metastatic"), a few words before the illness.
_QUALIFIER_RE = re.compile(
    rf"\b({_QUALIFIER}(?:\s*(?:,|/|\bor\b|\band/or\b)\s*{_QUALIFIER})*)((?:\s+[\w-]+){{0,4}}?)\s+$", re.IGNORECASE
)
#: The qualifiers that open a condition name ("Metastatic Non-small Cell Lung Cancer").
_LEADING_QUALIFIER_RE = re.compile(
    rf"^\s*{_QUALIFIER}(?:\s*(?:,|/|\bor\b|\band/or\b)\s*{_QUALIFIER})*\s+(?!(?:or|and|and/or)\b)", re.IGNORECASE
)
_QUALIFIER_WORD_RE = re.compile(r"\b(?:relapse|refractory|newly|untreated|recurren|metasta|advanced)", re.IGNORECASE)
_NOT_AN_ILLNESS_RE = re.compile(
    r"\b(?:other|others|unspecified|nos|not otherwise specified|not elsewhere classified|scale|score|questionnaire|index)\b",
    re.IGNORECASE,
)
#: 'Asthmatics', 'Diabetic patients': a name for people, which "people with …" cannot take.
PEOPLE_WORD_RE = re.compile(r"\w+ics$|^\w+ic$|\b(?:patients?|subjects?|survivors?|users?|smokers?)$", re.IGNORECASE)
_STOP = {"and", "or", "the", "of", "with", "in", "for", "to", "a", "an", "on", "by"}


def _stems(name: str) -> list[str]:
    return [w[:5] for w in re.findall(r"[a-z0-9]+", name.casefold()) if (len(w) > 2 and w not in _STOP) or w.isdigit()]


#: Words an illness name may carry or drop without naming another illness.
_FILLER = frozenset({"mellitus", "disease", "disorder", "disorders", "syndrome"})


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", name.casefold()))


#: "with or without hypertension", "without diabetes": a name there is allowed or ruled out, never required.
_NOT_REQUIRED_RE = re.compile(r"\b(?:with or without|without|±)\s+[^;./()]*")


def _requiring(stems: list[str], criteria: list[ScopedCriterion], acronyms: dict[str, str]) -> ScopedCriterion | None:
    """The first inclusion criterion, not negated, that names every word of the illness (its acronyms spelt out)."""
    for s in criteria:
        lowered = _spelt_out(_NOT_REQUIRED_RE.sub(" ", s.text.casefold()), acronyms)
        if not s.negated and not s.is_heading and all(stem in lowered for stem in stems):
            return s
    return None


def _spelt_out(lowered: str, acronyms: dict[str, str]) -> str:
    if not acronyms:
        return lowered
    found = [long for short, long in acronyms.items() if short in lowered and re.search(rf"\b{re.escape(short)}\b", lowered)]
    return lowered + " " + " ".join(found) if found else lowered


def _qualified(name: str, s: ScopedCriterion) -> str:
    """'relapsed or refractory leukemia' where the criterion puts the qualifier just before the illness.

    Where the criterion puts one there, the qualifier is the criterion's, not the condition name's: "Metastatic
    NSCLC" beside a criterion for "locally advanced or metastatic NSCLC" would turn away people with locally
    advanced disease.
    """
    base = _LEADING_QUALIFIER_RE.sub("", name, count=1) or name
    head = re.findall(r"[a-z]+", base.casefold())
    if not head:
        return name
    at = s.text.casefold().find(head[-1][:5])
    if at < 0:
        return name
    m = _QUALIFIER_RE.search(s.text[:at])
    if not m or re.search(r"\b(?:no|not|without|never)\b", s.text[max(0, m.start() - 30) : m.start()], re.I):
        return name
    word = re.sub(r"\s*(?:/|\band/or\b)\s*", " or ", m.group(1).lower())
    word = re.sub(r"\brelapse\b", "relapsed", word)
    word = re.sub(r"\s*,\s*", ", ", word)
    if _QUALIFIER_WORD_RE.search(base):
        return base
    return f"{word} {base}"


#: "at least one of the following", "any of:", "either": the criteria after it are alternatives, not each required.
_ONE_OF_RE = re.compile(r"\b(?:at least one|one or more|any|either|one) of(?: the following)?\b|\beither\b", re.IGNORECASE)


_OWN_SUBJECT_RE = re.compile(
    r"^\W*(?:patients?|subjects?|participants?|age[ds]?|able|ability|willing|signed|must|written|informed|have|has|"
    r"is|are|provide|women|men|males?|females?|adults?|children|the|all|any)\b",
    re.IGNORECASE,
)


def _alternatives(criteria: list[ScopedCriterion]) -> set[str]:
    """The paths of the criteria listed after an "at least one of the following" lead-in (its children, or the
    criteria that follow it up to the next criterion that is not one of its items)."""
    out: set[str] = set()
    for i, s in enumerate(criteria):
        if not (_ONE_OF_RE.search(s.text) and (s.lead_in or s.text.rstrip().endswith(":"))):
            continue
        out |= {c.path for c in criteria if c.path.startswith(s.path + ".children")}
        for c in criteria[i + 1 :]:
            # The parser may flatten the list: its items are short and start with no subject or verb of their own.
            if c.path not in out and (c.lead_in or c.is_heading or len(c.text.split()) > 25 or _OWN_SUBJECT_RE.match(c.text)):
                break
            out.add(c.path)
    return out


def required_illness(
    source: Trial | Eligibility, candidates: tuple[str, ...], acronyms: dict[str, str] | None = None
) -> Illness | None:
    """The illnesses among ``candidates`` (plain names from the conditions) that an inclusion criterion requires.

    A name no criterion requires is not said to be who the study is for: "You have diabetic
    retinopathy" where the criteria ask for diabetes only misleads. When several are required they
    are all named ("leukemia, lymphoma or MDS"), since naming one would wrongly turn people away.
    """
    eligibility = source.eligibility if isinstance(source, Trial) else source
    criteria = [s for s in scoped(eligibility) if s.section == "inclusion"]
    table = {k.casefold(): v.casefold() for k, v in (acronyms or {}).items()}
    found: list[tuple[str, str]] = []
    for i, name in enumerate(candidates):
        if _NOT_AN_ILLNESS_RE.search(name) or PEOPLE_WORD_RE.search(name):
            continue
        stems = _stems(name)
        if not stems:
            continue
        s = _requiring(stems, criteria, table)
        if s is not None:
            found.append((_qualified(name, s), f"conditions[{i}]; {s.path}"))
    # A name inside a longer one already said ("diabetes" in "type 2 diabetes", "diabetes mellitus" beside
    # "diabetes type 2") adds nothing, and "or" between them would widen who can join.
    kept = [(n, src) for n, src in found if not any(n != m and (_words(n) - _FILLER) < _words(m) for m, _ in found)]
    # Two entries may come to one name ("Metastatic breast cancer" and "Breast cancer"): said once.
    kept = list({n.casefold(): (n, src) for n, src in reversed(kept)}.values())[::-1]
    if not kept or len(kept) > 3:
        return None
    words = [n for n, _ in kept]
    # Named by separate top-level criteria, each is required ("obesity and type 2 diabetes"); named in one
    # criterion, or under cohort headings, they are alternatives ("leukemia, lymphoma or MDS").
    paths = [src.split("; ")[-1] for _, src in kept]
    top = all(_TOP_LEVEL_RE.fullmatch(p) for p in paths)
    both = len(set(paths)) == len(paths) and top and not (set(paths) & _alternatives(criteria))
    if top and 1 < len(set(paths)) < len(paths):
        return None  # some named together, some apart: neither "and" nor "or" is what the criteria say
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + (" and " if both else " or ") + words[-1]
    return Illness(text, "; ".join(dict.fromkeys(src for _, src in kept)))


# ---------------------------------------------------------------- roles and design


def arm_interventions(trial: Trial, kinds: frozenset[ArmType] | set[ArmType]) -> tuple[Intervention, ...]:
    """The interventions given in the arms of these types: linked by the arm's label or by the arm's own list."""
    arms = [a for a in trial.arms if a.type in kinds]
    labels = {a.label for a in arms}
    listed = {fold_key(name) for a in arms for name in a.interventions}
    return tuple(i for i in trial.interventions if labels & set(i.arm_labels) or fold_key(i.name) in listed)


_MODEL_WORDS = {
    InterventionModel.PARALLEL: re.compile(r"\bparallel\b", re.IGNORECASE),
    InterventionModel.CROSSOVER: re.compile(r"\bcross(?:ed)?[- ]?over\b", re.IGNORECASE),
    InterventionModel.SEQUENTIAL: re.compile(r"\bsequential(?:ly)?\b|\bdose[- ]escalation\b", re.IGNORECASE),
    InterventionModel.FACTORIAL: re.compile(r"\bfactorial\b", re.IGNORECASE),
    InterventionModel.SINGLE_GROUP: re.compile(r"\bsingle[- ](?:group|arm)\b", re.IGNORECASE),
}


def intervention_model(trial: Trial) -> InterventionModel | None:
    """The coded intervention model, unless the record's words on it name another ("enrolled into each cohort in
    parallel" under SEQUENTIAL, "the control arm will be able to cross over" under PARALLEL): then none is said."""
    model = trial.design.intervention_model
    words = trial.design.intervention_model_description or ""
    named = {m for m, pattern in _MODEL_WORDS.items() if pattern.search(words)}
    if model is InterventionModel.SINGLE_GROUP and _CONTROL_GROUP_RE.search(f"{words} {trial.brief_summary or ''}"):
        return None  # "one group" beside "200 healthy participants" in the control group: mixed, so nothing is said
    return model if not named or model in named else None


_CONTROL_GROUP_RE = re.compile(r"\bcontrol (?:group|arm)s?\b|\b\d+\s+(?:healthy|control)\b|\bhealthy controls?\b", re.I)


#: "divided into 2 groups depending on the location of the lesion": who a person is, not chance, picks the group.
_GROUPED_BY_RE = re.compile(
    r"\b(?:divided|assigned|allocated|grouped|split|placed|enrolled|categori[sz]ed|classified)\b[^.;]{0,60}?"
    r"\b(?:according to|based on|depending on|by (?:their|the|his|her))\b",
    re.IGNORECASE,
)


def chance_backed(trial: Trial) -> bool:
    """Randomized, and no words of the record say the groups are set by who people are (their medicine, their
    lesion) rather than by chance; "stratified by" and "randomized according to" are still chance."""
    if trial.design.allocation is not Allocation.RANDOMIZED:
        return False
    texts = [trial.design.intervention_model_description, trial.brief_summary, *(a.description for a in trial.arms)]
    for text in filter(None, texts):
        for m in _GROUPED_BY_RE.finditer(text):
            if not re.search(r"random|stratif", text[max(0, m.start() - 40) : m.end()], re.IGNORECASE):
                return False
    return True


@per_build
def tested(trial: Trial) -> tuple[Intervention, ...]:
    """What the experimental arms test; every intervention where no arm is marked experimental."""
    found = arm_interventions(trial, {ArmType.EXPERIMENTAL})
    return found or tuple(i for i in trial.interventions if not _only_in_comparator_arms(trial, i))


def _only_in_comparator_arms(trial: Trial, item: Intervention) -> bool:
    key = fold_key(item.name)
    types = {a.type for a in trial.arms if a.label in item.arm_labels or key in {fold_key(n) for n in a.interventions}}
    return bool(types) and types <= COMPARATOR_ARMS


def is_comparator_only(trial: Trial, item: Intervention) -> bool:
    """Given only in placebo or sham arms: a comparison, never a treatment studied."""
    return _only_in_comparator_arms(trial, item)


def active_comparators(trial: Trial) -> tuple[Intervention, ...] | None:
    """What the active-comparator arms get, if none of it is also tested in an experimental arm.

    ``None`` when the record cannot back "one group gets X, to compare": no active-comparator arm,
    no intervention linked to it, or the same product in both (a donor or dose comparison).
    """
    if not any(a.type is ArmType.EXPERIMENTAL for a in trial.arms):
        # Without an experimental arm, the "active comparator" may be the very product tested against placebo.
        return None
    if sum(a.type is ArmType.ACTIVE_COMPARATOR for a in trial.arms) > 1:
        # Two comparison groups: "one group gets A and B" would merge them.
        return None
    shared = {i.name for i in background(trial)}
    compared = tuple(i for i in arm_interventions(trial, {ArmType.ACTIVE_COMPARATOR}) if i.name not in shared)
    if not compared:
        return None
    tested_names = {i.name for i in arm_interventions(trial, {ArmType.EXPERIMENTAL})}
    if tested_names & {i.name for i in compared}:
        return None
    return compared


def _arms_of(trial: Trial, item: Intervention) -> set[str]:
    key = fold_key(item.name)
    return {a.label for a in trial.arms if a.label in item.arm_labels or key in {fold_key(n) for n in a.interventions}}


def in_every_group(trial: Trial, item: Intervention) -> bool:
    """Every arm or observational group gets ``item`` (or there are not two groups to tell apart)."""
    labels = {a.label for a in trial.arms}
    return len(labels) < 2 or _arms_of(trial, item) >= labels


@per_build
def background(trial: Trial) -> tuple[Intervention, ...]:
    """What every group of a parallel study gets alike (morphine for all, beside pregabalin or placebo): it is not
    what the groups compare. Empty for a crossover, whose arms are orders of the same treatments, and where
    everything is shared (nothing would be left to compare)."""
    if len(trial.arms) < 2 or intervention_model(trial) is InterventionModel.CROSSOVER:
        return ()
    labels = {a.label for a in trial.arms}
    shared = tuple(i for i in trial.interventions if _arms_of(trial, i) >= labels)
    if len(shared) == len(trial.interventions):
        return ()
    return shared


@per_build
def is_medicine(trial: Trial) -> bool:
    """Every tested intervention is a medicine, so "medicine" words and a dose are backed."""
    items = [i for i in tested(trial) if i.type is not None]
    return bool(items) and all(i.type in MEDICINE_TYPES for i in items)


def given(trial: Trial) -> tuple[Intervention, ...]:
    """Drugs, tracers, radiation or procedures the record lists: the study is not "without treatment"."""
    return tuple(i for i in trial.interventions if i.type in GIVEN_TYPES)


_GIVING_WORDS_RE = re.compile(
    r"\b(?:treat(?:ed|ment|ments|ing)?|therap\w*|interven\w*|apps?|application|download\w*|administ\w*|inject\w*|"
    r"infus\w*|receiv\w*|\w+ectomy|\w+plasty|dos(?:e|es|ing)|program(?:me)?s?|surger\w*|operat(?:ed|ion)|implant\w*|vaccin\w*|supplement\w*)\b",
    re.IGNORECASE,
)


#: A time frame that spans weeks, months or years, or a follow-up: people are seen more than once.
_SPAN_RE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty[- ]four)[- ]*"
    r"(?P<unit>days?|weeks?|months?|years?|wks?|mos?)\b|\b(?:days?|weeks?|months?|years?)\s+\d+\s*(?:,|and|to|-)|"
    r"\bfollow[- ]?up\b|\blong[- ]term\b|\byearly\b|\bannual",
    re.IGNORECASE,
)


def _spans(frame: str) -> bool:
    """ "12 months", "Months 1, 2 and 3", "follow-up": yes; "1 day" (one visit): no."""
    return any(
        not (m.group("unit") and m.group("unit").lower().startswith("day") and m.group("n").lower() in ("0", "1", "one"))
        for m in _SPAN_RE.finditer(frame)
    )


#: A time frame of one moment ("Baseline (single timepoint only)", "at enrolment").
_ONE_TIME_RE = re.compile(
    r"^\W*(?:at\s+)?(?:the\s+)?(?:baseline|enrol?ment|inclusion|screening|admission|day\s*[01]|visit\s*1|once)\W*$|"
    r"\bsingle[- ]?(?:time[- ]?point|visit|time)\b|\bone[- ]time\b",
    re.IGNORECASE,
)


def _time_frames(trial: Trial) -> list[str]:
    return [o.time_frame for o in (*trial.primary_outcomes, *trial.secondary_outcomes) if o.time_frame]


def perspective_backed(trial: Trial) -> bool:
    """The time perspective's sentence ("at one point in time", "over time") agrees with the outcomes' time frames:
    a cross-sectional study that measures at 12 months, or a prospective one whose every measure is taken at one
    moment, says neither."""
    frames = _time_frames(trial)
    perspective = trial.design.time_perspective
    if perspective is TimePerspective.CROSS_SECTIONAL:
        return not any(_spans(f) for f in frames)
    if perspective is TimePerspective.PROSPECTIVE:
        return not frames or not all(_ONE_TIME_RE.search(f) for f in frames)
    return True


def gives_nothing(trial: Trial) -> bool:
    """An observational study that lists nothing given and whose own description speaks of no treatment: only then
    is "it does not give any treatment" said (a study that has people use an app may list no intervention)."""
    if trial.study_type is not StudyType.OBSERVATIONAL or given(trial):
        return False
    words = " ".join(filter(None, (trial.brief_summary, trial.detailed_description, trial.eligibility.study_population)))
    return not _GIVING_WORDS_RE.search(words)


_DOSE_FINDING_RE = re.compile(
    r"dose[- ](?:escalation|finding|ranging|levels?|cohorts?|de-?escalation|expansion|optimi[sz]ation|selection)|"
    r"escalating doses?|different doses|increasing doses|maximum tolerated|\bmtd\b|\brp2d\b|recommended phase (?:2|ii) dose|"
    r"optimal (?:biological )?dose|\bdose levels?\b|\b3\s*\+\s*3\b",
    re.IGNORECASE,
)


def dose_finding(trial: Trial) -> str | None:
    """The field that says doses are compared or raised step by step; "find the right dose" needs one."""
    fields = [
        ("brief_title", trial.brief_title),
        ("official_title", trial.official_title),
        ("brief_summary", trial.brief_summary),
    ]
    fields += [(f"arms[{i}].description", a.description) for i, a in enumerate(trial.arms)]
    fields += [(f"arms[{i}].label", a.label) for i, a in enumerate(trial.arms)]
    for path, text in fields:
        if text and _DOSE_FINDING_RE.search(text):
            return path
    return None


def is_large(trial: Trial) -> bool:
    """'A large group of people': 300 or more, counted or planned (editors read 110 or 150 as no large group)."""
    return trial.enrollment is not None and trial.enrollment.count >= 300


def phases(trial: Trial) -> tuple[Phase, ...]:
    return tuple(p for p in trial.phases if p is not Phase.NA)


# ---------------------------------------------------------------- what the study measures

#: A primary outcome's theme, read from its measure; the first that matches names it. Each plain phrase is what a
#: reader needs to know the study's question, never a reading of the result.
_MEASURE_THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (plain, re.compile(pattern, re.IGNORECASE))
    for plain, pattern in (
        (
            "drug levels in the blood",
            # Of the drug only: "urinary glucose excretion" and "creatinine clearance" are not drug levels.
            r"pharmacokinetic|\bpk\b|\bauc|\bc ?max\b|\bt ?max\b|half[- ]life|"
            r"(?:drug|plasma|total|apparent|oral|systemic) clearance|\bcl/f\b|bioavailab|bioequivalen|"
            r"excretion of (?:the )?(?:study )?drug|dose excreted|amount excreted|clearance \(cl|volume of distribution|"
            r"(?:plasma|serum|blood|drug|trough) (?:level|concentration)(?!s? of (?:glucose|insulin|c-peptide|hba1c|lipid|ketone))|"
            r"concentrations? of (?:the )?(?:study )?(?:drug|medicine|\w+(?:mab|nib|tide|flozin|gliptin|glutide|mide|zole|pril|"
            r"sartan|statin|cillin|mycin|vir|parin|lukast))\b",
        ),
        (
            "serious heart and blood vessel problems, such as heart attack or stroke",
            r"major adverse (?:cardiac|cardiovascular|cardio-?cerebrovascular|cerebrovascular|limb)|\bmacc?es?\b|"
            r"cardiovascular (?:events|outcomes|death)",
        ),
        (
            "how accurate the test is",
            r"sensitivity|specificity|diagnostic accuracy|predictive value|\bauroc\b|\broc\b|"
            r"area under the (?:roc|receiver)",
        ),
        (
            "side effects and safety",
            r"adverse|side[- ]effects?|toxicit|tolerab|tolerated|\bmtd\b|\b(?:te|s)?aes?\b|\badrs?\b|safety|dose[- ]limiting|\bdlts?\b",
        ),
        (
            "how long people live without the illness getting worse",
            r"progression[- ]free|event[- ]free|disease[- ]free|"
            r"relapse[- ]free|recurrence[- ]free|\b[pe]fs\b|\bdfs\b",
        ),
        ("how long people live", r"overall survival|\bos\b|mortality|death|survival rate"),
        (
            "how many people's illness responds to treatment",
            r"response rate|\borr\b|remission|tumou?r response|"
            r"complete response|objective response|clinical response|recist|treatment response",
        ),
        ("whether the illness comes back", r"recurren|relapse"),
        ("pain", r"\bpain"),
        (
            "how much pain medicine people need",
            r"(?:opioid|morphine|analgesic)s? (?:consumption|requirements?|doses?)|analgesic use|rescue analgesi",
        ),
        (
            "how much the illness limits daily life",
            r"disability index|oswestry|\bodi\b|\bndi\b|roland[- ]morris|"
            r"activities of daily living|\badl\b|functional (?:status|outcome|score)",
        ),
        ("whether the treated bones join together (fusion)", r"\bfusion\b(?! protein)"),
        ("quality of life", r"quality of life|\bqol\b|eq-?5d|sf-?36|sf-?12"),
        ("blood sugar", r"hba1c|a1c\b|glycated|glycosylated|glucose|time in range|hypoglyc|hyperglyc|glycemic|glycaemic"),
        ("body mass index (weight for height)", r"\bbmi\b|body mass"),
        ("body weight", r"body weight|weight (?:loss|change|gain)"),
        ("blood pressure", r"blood pressure"),
        ("the body's immune response", r"immunogenicity|antibod|seroconversion|seroprotection|titers?\b|titres?\b"),
        (
            "how practical and acceptable it is",
            r"feasibility|acceptability|retention|recruitment rate|"
            r"completion rate|satisfaction|usability",
        ),
        ("anxiety", r"anxiety"),
        ("depression", r"depressi"),
        ("sleep", r"\bsleep"),
        ("infections", r"infections?\b"),
    )
)
#: A code ("ODI", "PK-1") or a placeholder ("Primary Outcome Measure") is no name for what is measured.
_MEASURE_CODE_RE = re.compile(
    r"^[A-Z0-9-]{2,}(?:\s+[A-Z0-9-]{2,})*$|(?i:\b(?:primary|secondary) (?:outcome|endpoint|parameter|objective|aim))|"
    r"(?i:^(?:(?:mean |percent(?:age)? )?change|number of (?:participants|patients)(?: with change)?|score|rate|percentage)$)"
)
#: When a measure is taken ("at 12 months after intervention", "- 3th Month"): the time frame, not what is measured.
_WHEN_RE = re.compile(
    r"\s*(?:[-–,(]\s*)?(?:(?:at|after|before|over|within|during|by|up to|in)\s+(?:the\s+)?(?:\d+|one|two|three|"
    r"six|twelve|baseline|end|first|last|weeks?|months?|days?|years?|hours?|visits?)\b|\d+(?:st|nd|rd|th)\s+(?:day|week|month|year)).*$",
    re.IGNORECASE,
)
#: A measure's first word that is an ordinary word, lower-cased mid-sentence ("the main thing … was change in …").
_COMMON_START_RE = re.compile(
    r"^(?:change|number|percentage|percent|proportion|rate|time|duration|incidence|mean|total|levels?|amount|"
    r"frequency|severity|degree|extent|presence|occurrence|use|disc|order|body|removal|supplemental|effects?|impact|"
    r"improvement|reduction|increase|decrease|assessment|evaluation|measurement|quality|scores?|response|status|"
    r"function|functioning|ability|success|risk|length|intensity|absence|healing|closure)\b"
    # Not the first word of a name ("Patient Health Questionnaire", "Quality of Life Index" keeps "Quality").
    r"(?=\s+(?-i:[a-z0-9(])|\s*$)",
    re.IGNORECASE,
)
_THEME_WITHIN = 45
#: How many primary measures are named; past that, the page counts the rest.
MEASURES_SHOWN = 3


@dataclass(frozen=True)
class Measures:
    """What a study's primary outcomes measure, in plain themes or the record's own short words."""

    named: tuple[str, ...]
    #: Primary outcomes neither a theme nor their own short words could name.
    unnamed: int
    source: str


@per_build
def main_measures(trial: Trial) -> Measures | None:
    """The study's question as its primary outcomes state it: the themes they measure, or ``None`` without any."""
    if not trial.primary_outcomes:
        return None
    # "Drug levels" only where a medicine is given: a device study's "AUC" is a test's accuracy, not a blood level.
    medicine = any(i.type in MEDICINE_TYPES for i in trial.interventions)
    return _measures(tuple(o.measure for o in trial.primary_outcomes), medicine)


_ANY_THEME_RE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _MEASURE_THEMES), re.IGNORECASE)


@lru_cache(maxsize=64)
def _measures(outcomes: tuple[str, ...], medicine: bool) -> Measures | None:
    themes = _MEASURE_THEMES if medicine else _MEASURE_THEMES[1:]
    named: list[str] = []
    unnamed = 0
    for raw in outcomes:
        measure = " ".join(raw.split())
        theme = None
        if _ANY_THEME_RE.search(measure):
            # A theme word late in a measure is seldom what it measures ("incidence of pancreatic cancer in new-onset
            # hyperglycemia" is not blood sugar): only a match near the start names it.
            theme = next(
                (plain for plain, pattern in themes if (m := pattern.search(measure)) and m.start() < _THEME_WITHIN), None
            )
        if theme is None:
            measure = _WHEN_RE.sub("", measure).rstrip(" .;:,-")
        if theme is None and measure and len(measure) <= 60 and not _MEASURE_CODE_RE.search(measure):
            theme = _COMMON_START_RE.sub(lambda m: m.group(0).lower(), measure, count=1)
        if theme is None:
            unnamed += 1
        elif theme not in named:
            named.append(theme)
    if not named:
        return None
    return Measures(tuple(named), unnamed, "primary_outcomes[].measure")


@per_build
def _outcome_themes(trial: Trial) -> list[set[str]]:
    """Every theme each primary outcome touches, wherever in its words: a phase goal is judged on all it says."""
    medicine = any(i.type in MEDICINE_TYPES for i in trial.interventions)
    themes = _MEASURE_THEMES if medicine else _MEASURE_THEMES[1:]
    return [
        {plain for plain, pattern in themes if pattern.search(o.measure)} if _ANY_THEME_RE.search(o.measure) else set()
        for o in trial.primary_outcomes
    ]


def phase_goal_backed(trial: Trial, goal: Literal["safety", "helps"]) -> bool:
    """A phase's stock goal ("check safety", "see if it helps") only where the primary outcomes do not say otherwise:
    a phase 1 study of drug levels does not "check safety", a contrast-dye study does not test "whether it helps"."""
    purpose = trial.design.primary_purpose
    if goal == "helps" and purpose not in (
        None,
        PrimaryPurpose.TREATMENT,
        PrimaryPurpose.PREVENTION,
        PrimaryPurpose.SUPPORTIVE_CARE,
    ):
        return False
    if not trial.primary_outcomes:
        return True
    found = _outcome_themes(trial)
    if goal == "safety":
        return any("side effects and safety" in f for f in found)
    # An antibody count is a safety check of an insulin or a biosimilar as often as a vaccine's goal: not "helps".
    not_benefit = {
        "drug levels in the blood",
        "side effects and safety",
        "how practical and acceptable it is",
        "the body's immune response",
        "how accurate the test is",
    }
    return any(not f or (f - not_benefit) for f in found)


# ---------------------------------------------------------------- status and time


def record_date(trial: Trial) -> dt.date | None:
    date = trial.dates.last_update_posted or trial.dates.version
    return date.first_day if date else None


#: Statuses that cannot go out of date: the study is over, whatever day it is.
FINAL = frozenset({OverallStatus.COMPLETED, OverallStatus.TERMINATED, OverallStatus.WITHDRAWN})


def stale(trial: Trial, today: dt.date | None) -> dt.date | None:
    """The record's last update, when it is more than two years before ``today`` and the status could still change."""
    updated = record_date(trial)
    if today is None or updated is None or today - updated <= STALE_AFTER or trial.overall_status in FINAL:
        return None
    return updated


def overdue(trial: Trial, today: dt.date | None) -> tuple[str, str] | None:
    """A date the record has not caught up with, as (what it is, the registry's own date, never a made-up day):
    the planned start of a study not yet recruiting, the planned end of an open or running one, or the main
    results of a study that says it takes people but whose record says they were collected."""
    if today is None or trial.overall_status in FINAL:
        return None
    d = trial.dates
    done = d.primary_completion
    collected = done is not None and done.type is not None and done.type.value == "ACTUAL"
    if trial.overall_status in JOINABLE and collected and done.first_day < today:  # type: ignore[union-attr]
        return "date for its main results", done.date  # type: ignore[union-attr]
    start = d.start
    if (
        trial.overall_status is OverallStatus.NOT_YET_RECRUITING
        and start
        and start.type is not None
        and start.type.value == "ESTIMATED"
    ) and start.first_day < today:
        end = d.completion or d.primary_completion
        if end is not None and end.type is not None and end.type.value == "ESTIMATED" and end.first_day < today:
            return ("planned end date" if d.completion else "planned date for its main results"), end.date
        return "planned start date", start.date
    for words, end in (("planned end date", d.completion), ("planned date for its main results", d.primary_completion)):
        if end is not None:
            if (end.type is None or end.type.value == "ESTIMATED") and end.first_day < today:
                return words, end.date
            return None
    return None


_PLACEBO_WORDS_RE = re.compile(
    r"\bplacebos?\b|\bdumm(?:y|ies)\b|\bsham\b|\bvehicle\b|\binactive\b|\bsugar pills?\b|\bsaline\b", re.I
)


def placebo_backed(trial: Trial, kind: ArmType = ArmType.PLACEBO_COMPARATOR) -> bool:
    """A placebo (or sham) arm whose own words or interventions say it is one: the type label alone is not enough
    (registries mark usual care and diet advice as placebo comparators)."""
    arms = [a for a in trial.arms if a.type is kind]
    if not arms:
        return False
    given = arm_interventions(trial, {kind})
    words = " ".join(
        [a.label for a in arms]
        + [a.description or "" for a in arms]
        + [i.name for i in given]
        + [i.description or "" for i in given]
    )
    return bool(_PLACEBO_WORDS_RE.search(words))


#: A "placebo" the record says holds some of the drug ("contains 10% of the active ingredients", "low-dose").
_NOT_INERT_RE = re.compile(
    r"\d+\s*%\s*of the (?:active|study|real)|active ingredients?|low[- ]dose|sub-?therapeutic|reduced dose|"
    r"small(?:er)? (?:amount|dose)",
    re.IGNORECASE,
)


_OPEN_LABEL_RE = re.compile(r"\bopen[- ]label\b", re.IGNORECASE)
_SUBJECT_BLIND_RE = re.compile(
    r"single[- ]blind(?:ed)?\s*\((?:subjects?|participants?|patients?)\)|(?:subject|participant|patient)[- ]blind", re.I
)


def masking_backed(trial: Trial) -> bool:
    """The coded masking agrees with the record's own words on it: a study that codes its participants as masked
    while its titles say "open-label", or whose words say the participants are the ones kept blind while
    the coded list leaves them out, says nothing on masking."""
    d = trial.design
    # The titles and the design's own words, not the summary: a summary may speak of an earlier open-label trial.
    words = " ".join(filter(None, (trial.brief_title, trial.official_title, d.intervention_model_description)))
    # "Open-label" with a blinded assessor is one design; "open-label" with blinded participants is two.
    masked_people = d.masking not in (None, Masking.NONE) and WhoMasked.PARTICIPANT in d.who_masked
    if masked_people and _OPEN_LABEL_RE.search(words) and not _SOME_OPEN_SCOPE_RE.search(words):
        return False
    return not (_SUBJECT_BLIND_RE.search(words) and WhoMasked.PARTICIPANT not in d.who_masked)


#: "open-label extension", "open-label part": open for a part only, which the masking description speaks to.
_SOME_OPEN_SCOPE_RE = re.compile(r"\bopen[- ]label\s+(?:extension|part|phase|period|run-in|lead-in|cohort)", re.I)


@per_build
def placebo_inert(trial: Trial) -> bool:
    """Say a placebo "has no medicine in it" only where no word of the record says it holds some of the drug."""
    words = " ".join(
        [trial.brief_summary or "", trial.detailed_description or ""]
        + [f"{i.name} {i.description or ''}" for i in trial.interventions if _PLACEBO_WORDS_RE.search(i.name)]
        + [f"{a.label} {a.description or ''}" for a in trial.arms if a.type is ArmType.PLACEBO_COMPARATOR]
    )
    if "placebo" not in words.casefold():
        return True
    sentences = (c for c in re.split(r"[.;]", words) if "placebo" in c.casefold())
    return not any(_NOT_INERT_RE.search(c) for c in sentences)


def can_join(trial: Trial) -> bool:
    """Joining steps are backed only while the study takes (or will soon take) people."""
    return trial.overall_status in JOINABLE and trial.study_type is not StudyType.EXPANDED_ACCESS


__all__ = [
    "GIVEN_TYPES",
    "MEDICINE_TYPES",
    "Backed",
    "Illness",
    "Measures",
    "Population",
    "active_comparators",
    "arm_interventions",
    "background",
    "can_join",
    "deciding_needs",
    "dose_finding",
    "given",
    "gives_nothing",
    "has_controls",
    "healthy_criterion",
    "in_every_group",
    "is_comparator_only",
    "is_large",
    "is_medicine",
    "key_needs",
    "main_measures",
    "narrowing_criterion",
    "one_build",
    "overdue",
    "per_build",
    "phase_goal_backed",
    "phases",
    "placebo_backed",
    "population",
    "record_date",
    "required_illness",
    "stale",
    "tested",
]
