"""What a lay text claims about its trial, and whether the record agrees.

A page that says "for people 18 or older" when the record takes children from
12 misleads a patient however well it reads. The gate reads a few kinds of
claim out of lay text with patterns that need a clear cue (an age needs "or
older", "up to age", "years old"; a status needs "this study has ended";
an enrollment needs "people will take part"), so that a claim found is a
claim made. Each claim is compared with the record's facts; a contradiction
names both values and the record field.

The facts come from the registry record (:meth:`RecordFacts.from_trial`), or,
when no record is at hand, from the ``facts`` an overlay's front matter keeps
(:meth:`RecordFacts.from_front_matter`): then only status, phase, ages and
sex can be compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from trialdocs import evidence
from trialdocs.model import (
    Age,
    AgeUnit,
    Allocation,
    ArmType,
    InterventionModel,
    Masking,
    OverallStatus,
    Phase,
    Sex,
    Trial,
    WhoMasked,
)

_YEARS_PER = {AgeUnit.YEARS: 1.0, AgeUnit.MONTHS: 1 / 12, AgeUnit.WEEKS: 1 / 52, AgeUnit.DAYS: 1 / 365}
OPEN = frozenset({OverallStatus.RECRUITING, OverallStatus.ENROLLING_BY_INVITATION, OverallStatus.AVAILABLE})
NOT_YET = frozenset({OverallStatus.NOT_YET_RECRUITING})
UNKNOWN = frozenset({OverallStatus.UNKNOWN, OverallStatus.WITHHELD})
_PHASE_WORDS = {"1": 1, "i": 1, "one": 1, "2": 2, "ii": 2, "two": 2, "3": 3, "iii": 3, "three": 3, "4": 4, "iv": 4, "four": 4}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _years(age: Age | None) -> float | None:
    if age is None or age.value == 0:
        return None
    return float(age.value) * _YEARS_PER.get(age.unit, 0.0)


@dataclass(frozen=True)
class Fact:
    """One record fact: its value for comparison, how to say it, and where it lives."""

    value: Any
    said: str
    path: str


@dataclass(frozen=True)
class RecordFacts:
    """The facts a lay text may be checked against; ``None`` means not known (not compared)."""

    minimum_age: Fact | None = None
    maximum_age: Fact | None = None
    sex: Fact | None = None
    phases: Fact | None = None
    status: Fact | None = None
    enrollment: Fact | None = None
    groups: Fact | None = None
    randomized: Fact | None = None
    masked: Fact | None = None
    participant_masked: Fact | None = None
    placebo: Fact | None = None
    sham: Fact | None = None
    #: The evidence layer's answers, so an editor's sentence is judged as a drafted one is.
    comparator_in_use: Fact | None = None
    gives_treatment: Fact | None = None
    #: The record's treatment and arm names, lower case (claims inside them are not claims).
    names: tuple[str, ...] = ()
    source: str = "record"

    @classmethod
    def from_trial(cls, trial: Trial) -> RecordFacts:
        e, d = trial.eligibility, trial.design
        low, high = _years(e.minimum_age), _years(e.maximum_age)
        single = d.intervention_model is InterventionModel.SINGLE_GROUP or (len(trial.arms) == 1)
        randomized: Fact | None = None
        if d.allocation is Allocation.RANDOMIZED:
            # Groups the record says are set by who people are: mixed evidence, so no claim on chance is judged.
            randomized = Fact(True, "randomized", "design.allocation") if evidence.chance_backed(trial) else None
        elif d.allocation is Allocation.NON_RANDOMIZED:
            randomized = Fact(False, "non-randomized", "design.allocation")
        elif single:
            randomized = Fact(False, "a single group", "design.intervention_model")
        masked = None if d.masking is None else Fact(d.masking is not Masking.NONE, _masking(d.masking), "design.masking")
        participant = None
        if d.masking is not None and d.masking is not Masking.NONE and d.who_masked:
            who = ", ".join(w.value.lower().replace("_", " ") for w in d.who_masked)
            participant = Fact(WhoMasked.PARTICIPANT in d.who_masked, f"masked for: {who}", "design.who_masked")
        words = " ".join(
            [a.label for a in trial.arms]
            + [a.description or "" for a in trial.arms]
            + [i.name for i in trial.interventions]
            + [n for i in trial.interventions for n in i.other_names]
        ).lower()
        arm_types = {a.type for a in trial.arms}
        has_design = bool(trial.arms or trial.interventions)
        return cls(
            minimum_age=Fact(low, str(e.minimum_age) if low else "none (no lower limit)", "eligibility.minimum_age"),
            maximum_age=Fact(high, str(e.maximum_age) if high else "none (no upper limit)", "eligibility.maximum_age"),
            sex=None if e.sex is None else Fact(e.sex, _SEX_SAID[e.sex], "eligibility.sex"),
            phases=Fact(_phase_numbers(trial.phases), _phases_said(trial.phases), "phases"),
            status=None
            if trial.overall_status in UNKNOWN
            else Fact(trial.overall_status, _status_said(trial.overall_status), "overall_status"),
            enrollment=None
            if trial.enrollment is None or not trial.enrollment.count
            else Fact(trial.enrollment.count, _enrollment_said(trial), "enrollment.count"),
            groups=Fact(len(trial.arms), f"{len(trial.arms)} arm{'s' if len(trial.arms) != 1 else ''}", "arms")
            if trial.arms
            else None,
            randomized=randomized,
            masked=masked,
            participant_masked=participant,
            placebo=Fact(ArmType.PLACEBO_COMPARATOR in arm_types or "placebo" in words, "", "arms") if has_design else None,
            sham=Fact(ArmType.SHAM_COMPARATOR in arm_types or "sham" in words, "", "arms") if has_design else None,
            comparator_in_use=Fact(
                evidence.active_comparators(trial) is not None,
                "no active comparator that differs from what the experimental arms test",
                "arms[].interventions",
            )
            if has_design
            else None,
            gives_treatment=Fact(
                bool(given := evidence.given(trial)),
                "gives " + ", ".join(i.name for i in given[:3]) if given else "gives no drug, radiation or procedure",
                "interventions[].type",
            )
            if trial.interventions
            else None,
            names=tuple(
                sorted(
                    {n.lower() for n in [*(i.name for i in trial.interventions), *(a.label for a in trial.arms)] if len(n) > 3}
                )
            ),
        )

    @classmethod
    def from_front_matter(cls, facts: Any) -> RecordFacts | None:
        """The facts an overlay's front matter keeps (``trialdocs check --update-fingerprint``)."""
        if not isinstance(facts, dict):
            return None
        where = "front matter.facts"
        out: dict[str, Fact | None] = {}
        if isinstance(facts.get("status"), str) and facts["status"] in OverallStatus.__members__:
            status = OverallStatus(facts["status"])
            out["status"] = None if status in UNKNOWN else Fact(status, _status_said(status), f"{where}.status")
        if isinstance(facts.get("phases"), str):
            phases = tuple(Phase(p) for p in facts["phases"].split("/") if p in Phase.__members__)
            out["phases"] = Fact(_phase_numbers(phases), _phases_said(phases), f"{where}.phases")
        if isinstance(facts.get("sex"), str) and facts["sex"] in Sex.__members__:
            sex = Sex(facts["sex"])
            out["sex"] = Fact(sex, _SEX_SAID[sex], f"{where}.sex")
        if isinstance(facts.get("ages"), str):
            low, high = _ages_from_text(facts["ages"])
            out["minimum_age"] = Fact(low, facts["ages"], f"{where}.ages")
            out["maximum_age"] = Fact(high, facts["ages"], f"{where}.ages")
        return cls(**out, source="front matter")  # type: ignore[arg-type]


def _masking(masking: Masking) -> str:
    return "none (open label)" if masking is Masking.NONE else masking.value.lower() + " blind"


_SEX_SAID = {Sex.ALL: "all sexes", Sex.FEMALE: "female only", Sex.MALE: "male only"}


def _phase_numbers(phases: tuple[Phase, ...]) -> frozenset[int]:
    return frozenset(int(p.value[-1]) for p in phases if p is not Phase.NA)


def _phases_said(phases: tuple[Phase, ...]) -> str:
    named = [p.value.replace("EARLY_PHASE", "early phase ").replace("PHASE", "phase ") for p in phases if p is not Phase.NA]
    return " and ".join(named) or "none (not a phased study)"


def _status_said(status: OverallStatus) -> str:
    return status.value.lower().replace("_", " ")


def _enrollment_said(trial: Trial) -> str:
    assert trial.enrollment is not None
    kind = f" ({trial.enrollment.type.value.lower()})" if trial.enrollment.type else ""
    return f"{trial.enrollment.count}{kind}"


def _ages_from_text(text: str) -> tuple[float | None, float | None]:
    """The front matter's age phrase ('Up to 30 years', '18 to 65 years', '18 years and older') as years."""
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    lower = text.lower()
    scale = 1 / 12 if "month" in lower else 1 / 52 if "week" in lower else 1.0
    if lower.startswith("up to") and numbers:
        return None, numbers[0] * scale
    if "older" in lower and numbers:
        return numbers[0] * scale, None
    if len(numbers) >= 2:
        return numbers[0] * scale, numbers[1] * scale
    return None, None


# ---------------------------------------------------------------- claims


@dataclass(frozen=True)
class Claim:
    """A statement of fact found in lay text."""

    kind: str
    value: Any
    text: str
    start: int


_N = r"(\d{1,3})"
_YRS = r"(?:\s+years?(?:\s+(?:old|of\s+age))?)?"
_AFTER_BARE = r"(?=\s*(?:[.,;:)]|$|and\b|or\b|who\b|with\b|can\b|may\b|if\b))"
_AGE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("range", rf"\b(?:aged?|ages|between\s+the\s+ages\s+of|between\s+ages)\s+{_N}\s*(?:to|and|-|–)\s*{_N}\b"),
        ("range", rf"\b(?:between\s+|from\s+)?{_N}\s*(?:to|and|-|–)\s*{_N}\s+years?\s+(?:old|of\s+age)"),
        ("min", rf"\b{_N}{_YRS}\s+(?:or|and)\s+older\b"),
        ("min", rf"\b(?:aged?|ages)\s+{_N}\s+(?:or|and)\s+(?:over|above|up)\b"),
        ("min", rf"\b{_N}\s+years?(?:\s+(?:old|of\s+age))?\s+(?:or|and)\s+(?:over|above|up)\b"),
        ("min", rf"\bages?\s+{_N}\s*\+"),
        ("above", rf"\b(?:older\s+than|over\s+the\s+age\s+of|above\s+the\s+age\s+of|over\s+age)\s+{_N}"),
        ("above", rf"\b(?:are|is|be|aged?)\s+over\s+{_N}(?:\s+years?\s+(?:old|of\s+age))?{_AFTER_BARE}"),
        ("max", rf"\b{_N}{_YRS}\s+(?:or|and)\s+younger\b"),
        ("max", rf"\b(?:aged?|ages)\s+{_N}\s+(?:or|and)\s+(?:under|below)\b"),
        ("max", rf"\bup\s+to\s+(?:the\s+)?age\s+(?:of\s+)?{_N}"),
        ("max", rf"\bup\s+to\s+{_N}\s+years?\s+(?:old|of\s+age)"),
        ("below", rf"\b(?:younger\s+than|under\s+the\s+age\s+of|below\s+the\s+age\s+of|under\s+age)\s+{_N}"),
        ("below", rf"\b(?:are|is|be|aged?|children|kids)\s+under\s+{_N}(?:\s+years?\s+(?:old|of\s+age))?{_AFTER_BARE}"),
    )
)

_SEX_PATTERNS = (
    (
        Sex.FEMALE,
        r"\b(?:only\s+(?:for\s+)?(?:women|girls|females)|(?:women|girls|females)\s+only|(?:study|trial)\s+is\s+(?:only\s+)?for\s+(?:women|girls)\b(?!\s+(?:and|or)\s+(?:men|boys))|you\s+must\s+be\s+(?:a\s+)?(?:woman|female))",
    ),
    (
        Sex.MALE,
        r"\b(?:only\s+(?:for\s+)?(?:men|boys|males)|(?:men|boys|males)\s+only|(?:study|trial)\s+is\s+(?:only\s+)?for\s+(?:men|boys)\b(?!\s+(?:and|or)\s+(?:women|girls))|you\s+must\s+be\s+(?:a\s+)?(?:man|male))",
    ),
    (
        Sex.ALL,
        r"\b(?:men\s+and\s+women|women\s+and\s+men|boys\s+and\s+girls|girls\s+and\s+boys|people\s+of\s+any\s+sex|any\s+sex|both\s+sexes|males?\s+and\s+females?|females?\s+and\s+males?)\b",
    ),
)
_SEX_RE = tuple((sex, re.compile(p, re.IGNORECASE)) for sex, p in _SEX_PATTERNS)

_PHASE_RE = re.compile(
    r"\b(early\s+)?phase\s+(1|2|3|4|iv|iii|ii|i|one|two|three|four)\b(?:\s*(?:/|and|or|-)\s*(?:phase\s+)?(1|2|3|4|iv|iii|ii|i)\b)?",
    re.IGNORECASE,
)

_PEOPLE = r"(?:people|volunteers|participants|patients|children|adults|women|men|kids|babies|infants)"
_STATUS_PATTERNS = (
    (
        "open",
        rf"\b(?:is|are)\s+(?:now\s+|still\s+)?(?:looking\s+for|seeking|recruiting|enrolling|accepting|taking)\s+(?:new\s+|more\s+)?(?:\d+\s+)?{_PEOPLE}",
    ),
    ("open", r"\b(?:study|trial)\s+is\s+(?:now\s+|still\s+)?(?:open|recruiting|enrolling)\b"),
    ("open", r"\bnow\s+(?:open|recruiting|enrolling)\b"),
    (
        "not_yet",
        r"\b(?:has\s+not|hasn't|did\s+not|didn't)\s+(?:yet\s+)?(?:started|begun|opened)\b|\bnot\s+yet\s+(?:open|recruiting|started|enrolling|looking)\b|\bwill\s+(?:soon\s+)?(?:start|begin|open)\s+(?:soon|later|in\b)",
    ),
    ("closed", r"\b(?:study|trial)\s+(?:has\s+)?(?:ended|finished|closed|stopped|completed|been\s+completed|been\s+stopped)\b"),
    ("closed", r"\b(?:study|trial)\s+(?:is|was)\s+(?:finished|closed|over|complete|completed|stopped|ended)\b"),
    ("closed", r"\bno\s+longer\s+(?:recruiting|enrolling|looking\s+for|accepting|taking|open)\b"),
    ("closed", rf"\bnot\s+(?:taking|accepting|looking\s+for|recruiting)\s+(?:any\s+)?(?:new|more)\s+{_PEOPLE}"),
    ("closed", r"\b(?:stopped|finished|ended)\s+(?:recruiting|enrolling|taking)\b"),
)
_STATUS_RE = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _STATUS_PATTERNS)

_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_QUALIFIER = r"(?:(about|around|roughly|nearly|almost|approximately|some|up\s+to|over|more\s+than|at\s+least)\s+)?"
_ENROLLMENT_RE = (
    re.compile(
        rf"(?<!\bin\s)(?<!\bof\s)\b{_QUALIFIER}{_COUNT}\s+{_PEOPLE}\s+(?:will|took|are|were|have|has|joined|to\s+take)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:enrol+|include|recruit|involve|study)\w*\s+{_QUALIFIER}{_COUNT}\s+{_PEOPLE}\b", re.IGNORECASE),
)
_EACH_BEFORE = re.compile(r"\b(?:each|per|every|of the|in (?:each|one|the other))\b[^.]{0,20}$", re.IGNORECASE)

_GROUPS_RE = re.compile(
    r"\b(?:into|are|has|have|with|of|in)\s+(two|three|four|five|six|[2-6])\s+(?:(?:study|treatment|different|separate)\s+)?groups\b",
    re.IGNORECASE,
)
_SINGLE_RE = re.compile(
    r"\b(?:a\s+single\s+group|one\s+group\s+only|only\s+one\s+group|all\s+in\s+one\s+group|everyone\s+(?:in\s+the\s+study\s+)?(?:gets|receives|will\s+get|will\s+receive)\s+the\s+same)\b",
    re.IGNORECASE,
)

_DESIGN_PATTERNS: tuple[tuple[str, bool, str], ...] = (
    (
        "placebo",
        False,
        r"\b(?:no|not\s+(?:a|any)|without(?:\s+a)?|nobody\s+gets\s+a|no\s+one\s+gets\s+a)\s+(?:\w+\s+)?placebos?\b",
    ),
    ("placebo", True, r"\bplacebos?\b"),
    ("sham", False, r"\b(?:no|not\s+(?:a|any)|without(?:\s+a)?)\s+(?:\w+\s+)?sham\b"),
    ("sham", True, r"\bsham\b"),
    (
        "randomized",
        False,
        r"\bnot\s+(?:chosen\s+|decided\s+|picked\s+)?(?:at\s+random|by\s+chance|randomly)|\byou\s+(?:can\s+|will\s+|may\s+)?(?:choose|pick)\s+(?:your|which)\s+(?:group|treatment)",
    ),
    (
        "randomized",
        True,
        r"\b(?:random\w*|by\s+chance|chance\s+decide[sd]?|coin\s+toss|toss\s+of\s+a\s+coin|flip(?:ping)?\s+(?:of\s+)?a\s+coin|draw(?:ing)?\s+lots)\b",
    ),
    (
        "masked",
        False,
        r"\b(?:open[-\s]label|everyone\s+(?:will\s+)?knows?\s+which|you\s+(?:and\s+your\s+doctors?\s+)?will\s+know\s+which)\b",
    ),
    (
        "masked",
        True,
        r"\b(?:(?:not\s+(?:be\s+)?told|won't\s+(?:be\s+told|know)|will\s+not\s+(?:be\s+told|know)|do(?:es)?\s+not\s+know|don't\s+know)\s+which\s+(?:group|treatment|medicine|one|you)|(?:double|single|triple)[-\s]blind\w*|blinded|masked)\b",
    ),
)
_DESIGN_PATTERNS += (
    (
        "in_use",
        True,
        r"\b(?:treatments?|medicines?|drugs?|care|therap\w+)\s+(?:that\s+(?:is|are)\s+|that's\s+)?already\s+(?:in\s+use|used)\b",
    ),
    (
        "no_treatment",
        True,
        r"\b(?:does|will|do)\s+not\s+give\s+(?:you\s+|people\s+)?(?:any\s+)?(?:treatments?|medicines?|drugs?)\b"
        r"|\bno\s+(?:treatment|medicine|drug)\s+is\s+given\b|\b(?:won't|will\s+not)\s+get\s+(?:a|any)\s+(?:treatment|medicine)\s+from\b",
    ),
)
_DIGIT_RE = re.compile(r"\d")
_DESIGN_RE = tuple((kind, value, re.compile(p, re.IGNORECASE)) for kind, value, p in _DESIGN_PATTERNS)


def _age_claims(text: str) -> Iterator[Claim]:
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            numbers = tuple(int(g) for g in m.groups() if g)
            yield Claim(kind, numbers, m.group(0), m.start())


#: Words without which a family of patterns cannot match: a substring test is far cheaper than the patterns.
_SEX_ANCHORS = ("men", "man", "boy", "girl", "male", "sex")
_DESIGN_ANCHORS = {
    "placebo": ("placebo",),
    "sham": ("sham",),
    "randomized": ("random", "chance", "coin", "lots", "choose", "pick"),
    "masked": ("blind", "mask", "know", "told", "open"),
    "in_use": ("already",),
    "no_treatment": ("not give", "no treatment", "no medicine", "no drug", "not get"),
}


@lru_cache(maxsize=1024)
def claims(text: str) -> tuple[Claim, ...]:
    """Every factual claim the patterns find in ``text``, in order.

    Cached: the gate asks once per topic, seven times a section.
    """
    lower = text.lower()
    digits = _DIGIT_RE.search(text) is not None
    found: list[Claim] = list(_age_claims(text)) if digits else []
    if any(a in lower for a in _SEX_ANCHORS):
        for sex, pattern in _SEX_RE:
            found += [Claim("sex", sex, m.group(0), m.start()) for m in pattern.finditer(text)]
    if "phase" in lower:
        for m in _PHASE_RE.finditer(text):
            numbers = {_PHASE_WORDS[g.lower()] for g in m.groups()[1:] if g}
            found.append(Claim("phase", frozenset(numbers), m.group(0), m.start()))
    for status, pattern in _STATUS_RE:
        found += [Claim("status", status, m.group(0), m.start()) for m in pattern.finditer(text)]
    for pattern in _ENROLLMENT_RE if digits else ():
        for m in pattern.finditer(text):
            if _EACH_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            qualifier = (m.group(1) or "").lower()
            found.append(Claim("enrollment", (int(m.group(2).replace(",", "")), qualifier), m.group(0), m.start()))
    if "group" in lower:
        for m in _GROUPS_RE.finditer(text):
            word = m.group(1).lower()
            found.append(Claim("groups", _NUMBER_WORDS.get(word) or int(word), m.group(0), m.start()))
    found += [Claim("groups", 1, m.group(0), m.start()) for m in _SINGLE_RE.finditer(text)]
    seen_design: list[tuple[str, int, int]] = []
    for kind, value, pattern in _DESIGN_RE:
        if not any(a in lower for a in _DESIGN_ANCHORS[kind]):
            continue
        for m in pattern.finditer(text):
            if any(k == kind and s <= m.start() < e for k, s, e in seen_design):
                continue
            seen_design.append((kind, m.start(), m.end()))
            found.append(Claim(kind, value, m.group(0), m.start()))
    return tuple(sorted(found, key=lambda c: c.start))


@lru_cache(maxsize=1024)
def _name_spans(text: str, names: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    lower = text.lower()
    spans = []
    for name in names:
        start = lower.find(name) if name else -1
        while start >= 0:
            spans.append((start, start + len(name)))
            start = lower.find(name, start + len(name))
    return tuple(spans)


#: In "Not a fit" an age claim states the opposite limit: "You are older than 85" means a maximum of 85.
_NOT_A_FIT_AGES = {"min": ("max", -1), "above": ("max", 0), "max": ("min", 1), "below": ("min", 0)}


def _age_contradiction(claim: Claim, facts: RecordFacts, section: str) -> tuple[Fact, str] | None:
    """ "18 or older" must meet a minimum of 18; "over 18" a minimum of 18 or 19; "under 18" a maximum of 17 or 18.

    A range ("aged 18 to 75") must give both limits. In "Not a fit" a claim
    states the opposite limit ("older than 85" is a maximum of 85), and a
    range there is not read.
    """
    kind, n = claim.kind, list(claim.value)
    if section == "not_a_fit":
        if kind == "range":
            return None
        kind, shift = _NOT_A_FIT_AGES[kind]
        n = [n[0] + shift]
    low, high = facts.minimum_age, facts.maximum_age
    checks: list[tuple[Fact | None, set[float], str]] = {
        "range": [(low, {n[0]}, "minimum"), (high, {n[-1]}, "maximum")],
        "min": [(low, {n[0]}, "minimum")],
        "above": [(low, {n[0], n[0] + 1}, "minimum")],
        "max": [(high, {n[0]}, "maximum")],
        "below": [(high, {n[0] - 1, n[0]}, "maximum")],
    }[kind]
    for fact, allowed, bound in checks:
        if fact is not None and (fact.value is None or not any(abs(fact.value - a) < 0.05 for a in allowed)):
            return fact, _said_age(fact, bound)
    return None


def _said_age(fact: Fact, bound: str) -> str:
    return f"record ages are {fact.said}" if fact.path.endswith(".ages") else f"record {bound} age is {fact.said}"


def _compare(claim: Claim, facts: RecordFacts, section: str) -> tuple[Fact, str] | None:
    """The record fact the claim contradicts, and how to say it; None if it agrees or is unknown."""
    if claim.kind in ("range", "min", "above", "max", "below"):
        return _age_contradiction(claim, facts, section)
    if claim.kind == "sex" and facts.sex is not None:
        record = facts.sex.value
        wrong = (claim.value is Sex.ALL and record is not Sex.ALL) or (claim.value is not Sex.ALL and record is not claim.value)
        return (facts.sex, f"record sex is {facts.sex.said}") if wrong else None
    if claim.kind == "phase" and facts.phases is not None:
        return (
            None
            if claim.value <= facts.phases.value and facts.phases.value
            else (facts.phases, f"record phase is {facts.phases.said}")
        )
    if claim.kind == "status" and facts.status is not None:
        status = facts.status.value
        actual = "open" if status in OPEN else "not_yet" if status in NOT_YET else "closed"
        return None if actual == claim.value else (facts.status, f"record status is {facts.status.said}")
    if claim.kind == "enrollment" and facts.enrollment is not None:
        stated, qualifier = claim.value
        count = facts.enrollment.value
        ok = {
            "": count == stated,
            "up to": count <= stated,
            "over": count > stated,
            "more than": count > stated,
            "at least": count >= stated,
        }.get(qualifier.replace("  ", " "), abs(count - stated) <= max(2, 0.15 * stated))
        return None if ok else (facts.enrollment, f"record enrollment is {facts.enrollment.said}")
    if claim.kind == "groups" and facts.groups is not None:
        if claim.value == 1:
            return None if facts.groups.value == 1 else (facts.groups, f"record has {facts.groups.said}")
        return None if claim.value == facts.groups.value else (facts.groups, f"record has {facts.groups.said}")
    if claim.kind in ("placebo", "sham"):
        fact = facts.placebo if claim.kind == "placebo" else facts.sham
        if fact is None or fact.value == claim.value:
            return None
        has = "has" if fact.value else "has no"
        return fact, f"record {has} {claim.kind} arm or intervention"
    if claim.kind == "in_use" and facts.comparator_in_use is not None and not facts.comparator_in_use.value:
        return facts.comparator_in_use, f"record has {facts.comparator_in_use.said}"
    if claim.kind == "no_treatment" and facts.gives_treatment is not None and facts.gives_treatment.value:
        return facts.gives_treatment, f"record {facts.gives_treatment.said}"
    if claim.kind == "randomized" and facts.randomized is not None:
        return (
            None if facts.randomized.value == claim.value else (facts.randomized, f"record allocation is {facts.randomized.said}")
        )
    if claim.kind == "masked":
        you = re.search(r"\byou\b", claim.text, re.IGNORECASE) is not None
        if you and facts.participant_masked is not None:
            if facts.participant_masked.value != claim.value:
                who = "" if facts.participant_masked.value else " (not participants)"
                return facts.participant_masked, f"record masking is {facts.participant_masked.said}{who}"
            return None
        if facts.masked is not None and facts.masked.value != claim.value:
            return facts.masked, f"record masking is {facts.masked.said}"
    return None


#: Where each topic is read: criteria-like lists mention phases, groups and
#: designs of earlier studies ("completed a phase 2 trial"), so only the
#: sections about this study are read for those.
TOPIC_SECTIONS: dict[str, tuple[str, ...]] = {
    "age": ("title", "at_a_glance", "what", "good_fit", "not_a_fit", "benefit"),
    "sex": ("title", "at_a_glance", "what", "good_fit", "not_a_fit", "benefit"),
    **{t: ("title", "at_a_glance", "what", "benefit") for t in ("phase", "status", "enrollment", "groups", "design")},
}

#: Which rule reports which kind of claim.
KINDS: dict[str, tuple[str, ...]] = {
    "age": ("range", "min", "above", "max", "below"),
    "sex": ("sex",),
    "phase": ("phase",),
    "status": ("status",),
    "enrollment": ("enrollment",),
    "groups": ("groups",),
    "design": ("placebo", "sham", "randomized", "masked", "in_use", "no_treatment"),
}


def contradictions(text: str, facts: RecordFacts, topic: str, section: str = "what") -> Iterator[tuple[Claim, Fact, str]]:
    """Claims in ``text`` about ``topic`` (a key of :data:`KINDS`) that the facts contradict.

    Words inside a name the record gives ("Anifrolumab (unblinded, open
    label)") are the record's own and claim nothing.
    """
    kinds = KINDS[topic]
    spans = _name_spans(text, facts.names)
    reported: dict[str, int] = {}
    for claim in claims(text):
        if claim.kind not in kinds or any(s <= claim.start < e for s, e in spans):
            continue
        if claim.kind in reported and not re.search(r"[.!?]\s", text[reported[claim.kind] : claim.start]):
            continue  # one report a sentence: "Chance decides, like a coin toss" is one claim
        found = _compare(claim, facts, section)
        if found is not None:
            reported[claim.kind] = claim.start
            yield claim, found[0], found[1]


__all__ = ["KINDS", "TOPIC_SECTIONS", "Claim", "Fact", "RecordFacts", "claims", "contradictions"]
