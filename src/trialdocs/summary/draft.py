"""Drafted lay text: short sentences, each true to the record and carrying its source.

Drafting is deterministic and offline, and is used only where no editor has
written a section. Every sentence is a :class:`Line` with the record field or
criterion path it came from, so a reader (and a reviewer) can check it.

Design sentences come from a decision table over the design fields (study
type, allocation, intervention model, who is masked, arm types, purpose,
observational model, time perspective), never from the phase alone. Status
decides the tense: a closed trial is never "looking for people", and never
promises a treatment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from trialdocs import evidence
from trialdocs.criteria import has_inline_syntax, parse_inline
from trialdocs.model import (
    Allocation,
    ArmType,
    Eligibility,
    Intervention,
    InterventionModel,
    InterventionType,
    Masking,
    ObservationalModel,
    OverallStatus,
    Phase,
    PrimaryPurpose,
    Sex,
    StudyType,
    TimePerspective,
    Trial,
    WhoMasked,
)
from trialdocs.scope import SectionName, scoped
from trialdocs.summary import fit, names
from trialdocs.summary.names import expand_acronyms, sentence_case
from trialdocs.summary.phrasebook import OPEN_STATUSES, age_text, listing

Reader = Literal["adult", "child", "mixed"]
Voice = Literal["you", "now", "past", "plan"]

CLOSED_STATUSES = {
    OverallStatus.COMPLETED,
    OverallStatus.TERMINATED,
    OverallStatus.WITHDRAWN,
    OverallStatus.SUSPENDED,
    OverallStatus.ACTIVE_NOT_RECRUITING,
    OverallStatus.NO_LONGER_AVAILABLE,
    OverallStatus.TEMPORARILY_NOT_AVAILABLE,
    OverallStatus.APPROVED_FOR_MARKETING,
    OverallStatus.WITHHELD,
    OverallStatus.UNKNOWN,
}
ENDED_STATUSES = {OverallStatus.COMPLETED, OverallStatus.TERMINATED, OverallStatus.WITHDRAWN}


@dataclass(frozen=True)
class Line:
    """One drafted sentence (or bullet) and where in the record it came from."""

    text: str
    source: str
    #: The registry's own words, where the line rewrites a criterion.
    original: str | None = None
    #: In a list: the name of the group the bullets after it belong to ("Cohort 2:"), not a bullet itself.
    heading: bool = False


# ---------------------------------------------------------------- the reader


def reader(trial: Trial) -> Reader:
    """Whom the page speaks to: the participant, a parent, or either."""
    e = trial.eligibility
    low, high = evidence.ages(trial)
    lo = names.age_in_years(low.value, low.unit) if low else 0.0
    hi = names.age_in_years(high.value, high.unit) if high else None
    if hi is not None and hi < 18:
        return "child"
    if lo >= 18:
        return "adult"
    if low is None and high is None and e.std_ages and "CHILD" not in {a.value for a in e.std_ages}:
        return "adult"
    return "mixed"


def is_open(trial: Trial) -> bool:
    return trial.overall_status in OPEN_STATUSES and not is_retrospective(trial)


def is_retrospective(trial: Trial) -> bool:
    return trial.design.time_perspective is TimePerspective.RETROSPECTIVE


def sex_words(sex: Sex | None, who: Reader) -> str | None:
    """'women and girls' only where girls may join."""
    if sex is Sex.FEMALE:
        return {"adult": "women", "child": "girls", "mixed": "women and girls"}[who]
    if sex is Sex.MALE:
        return {"adult": "men", "child": "boys", "mixed": "men and boys"}[who]
    return None


def _people(trial: Trial) -> str:
    """'adults', 'children aged 6 to 17 years', 'women aged 50 years and older': the ages, unless the noun says them."""
    who = reader(trial)
    noun = sex_words(trial.eligibility.sex, who) or {"adult": "adults", "child": "children", "mixed": "people"}[who]
    low, high = evidence.ages(trial)
    ages = age_text(low, high)
    lo = names.age_in_years(low.value, low.unit) if low else 0.0
    if ages == "Any age" or (high is None and lo == 18 and who == "adult"):
        return noun
    return f"{noun} aged {ages[0].lower()}{ages[1:]}"


@evidence.per_build
def illness(trial: Trial) -> evidence.Illness | None:
    """The illness the inclusion criteria require (never a condition entry no criterion asks for)."""
    table = names.acronyms(trial)
    candidates = tuple(sentence_case(expand_acronyms(n, table)) for n in names.illnesses(trial))
    return _illness(candidates, trial.eligibility, tuple(table.items()))


@lru_cache(maxsize=64)
def _illness(
    candidates: tuple[str, ...], eligibility: Eligibility, table: tuple[tuple[str, str], ...]
) -> evidence.Illness | None:
    return evidence.required_illness(eligibility, candidates, dict(table))


@evidence.per_build
def topic(trial: Trial) -> str | None:
    """What the study is about (its condition entries): a weaker claim than whom it is for."""
    return names.condition_name(trial)


@evidence.per_build
def for_whom(trial: Trial) -> evidence.Backed | None:
    """'adults with type 2 diabetes, and healthy volunteers': the people the record says take part, or None."""
    pop = evidence.population(trial)
    people = _people(trial)
    found = illness(trial)
    extras: list[str] = []
    sources: list[str] = []
    clinicians = pop.kinds.get("clinicians", "")
    if clinicians.startswith("eligibility."):
        # Health workers take part; with patients beside them only where a criterion is about patients.
        if not pop.patients:
            # An illness beside health workers may be theirs or their patients': it is not said of them.
            return evidence.Backed("health workers", clinicians)
        extras.append("health workers")
        sources.append(clinicians)
    if found is None:
        if names.is_healthy_study(trial):
            return evidence.Backed(f"healthy {people}", "conditions")
        if (healthy := evidence.healthy_criterion(trial)) is not None:
            return evidence.Backed(f"healthy {people}", f"eligibility.healthy_volunteers; {healthy}")
        return None
    sources.insert(0, found.source)
    healthy = pop.kinds.get("healthy")
    # The bare flag beside criteria that require an illness is mixed evidence: only a named group is said.
    # An observational "Controls" group may be patients without the exposure: called healthy only beside the flag.
    # The record saying it takes no healthy volunteers outweighs a "controls" heading: they are not named.
    by_arm = bool(healthy and healthy.startswith("arms[")) and not trial.eligibility.healthy_volunteers
    refused = trial.eligibility.healthy_volunteers is False
    if healthy and healthy != "eligibility.healthy_volunteers" and not by_arm and not refused:
        extras.append("healthy volunteers")
        sources.append(healthy)
    if "healthy volunteers" not in extras and (without := evidence.without_illness(trial, found)) is not None:
        extras.append("people without it")
        sources.append(without)
    if "relatives" in pop.kinds:
        extras.append("relatives")
        sources.append(pop.kinds["relatives"])
    if "carers" in pop.kinds:
        extras.append("parents or carers")
        sources.append(pop.kinds["carers"])
    text = f"{people} with {found.name}" + (f", and {listing(extras)}" if extras else "")
    return evidence.Backed(text, "; ".join(sources))


def voice(trial: Trial) -> Voice:
    """Who the design sentences speak to, and when: 'you' while a study takes people, past once it ended."""
    s = trial.overall_status
    if is_open(trial):
        return "you"
    if s in (OverallStatus.COMPLETED, OverallStatus.TERMINATED):
        return "past"
    if s is OverallStatus.WITHDRAWN:
        return "plan"
    return "now"


def _child(text: str, who: Reader) -> str:
    """Speak to a parent on a children-only page."""
    if who != "child":
        return text
    for you, child in (
        ("You have ", "Your child has "),
        ("You are ", "Your child is "),
        ("You agree ", "You and your child agree "),
        ("You took ", "Your child took "),
        ("You can ", "Your child can "),
        ("Your age ", "Your child's age "),
        ("Your doctor expects you ", "The doctor expects your child "),
        ("Your disease ", "Your child's disease "),
        ("You may get ", "Your child may get "),
        ("You get ", "Your child gets "),
        ("You will not get ", "Your child will not get "),
        ("The study team will check your health ", "The study team will check your child's health "),
    ):
        if text.startswith(you):
            return child + text[len(you) :]
    return text


# ---------------------------------------------------------------- sections


def _said(trial: Trial, present: str, past: str, plan: str | None = None) -> str:
    """One sentence in the study's tense: present while it runs, past once it ended, a plan if no one joined."""
    v = voice(trial)
    if v == "past":
        return past
    if v == "plan":
        return plan if plan is not None else past
    return present


def _tested_names(trial: Trial, limit: int = 2) -> list[str]:
    found = [name for name, item, _ in names.treatments(trial) if not names.is_code(name) and len(name) <= 40]
    if not found or len(found) > limit:
        return []
    return found


@evidence.per_build
def said_for_whom(trial: Trial) -> evidence.Backed | None:
    """``for_whom``, unless the registry's title names a group it leaves out ("Smokers With Asthma"): then the
    page says what the study is about, and quotes the title, rather than a "for" that lets the wrong people in."""
    who = for_whom(trial)
    return None if who is None or evidence.title_group(trial, who.text) else who


def title(trial: Trial) -> Line:
    """What is studied (by name where the record gives a plain one), then for whom or about what, as far as the
    record backs it: "A study of semaglutide (a medicine). It is for adults with type 2 diabetes"."""
    who, about = said_for_whom(trial), topic(trial)
    table = names.acronyms(trial)
    tested = [expand_acronyms(n, table) for n in _tested_names(trial)]
    if trial.study_type is StudyType.EXPANDED_ACCESS:
        head, source = (
            (f"Early access to {listing(tested)}" if tested else "Early access to a treatment"),
            "study_type; interventions",
        )
    elif trial.study_type is StudyType.INTERVENTIONAL and (kind := _kind_words(trial)):
        named = _plain_names(_tested_items(trial), table)
        what = f"{listing(named)} ({listing(kind)})" if named else listing(kind)
        head, source = f"A study of {what}", "interventions[].type; interventions[].name; arms[].type"
    elif trial.study_type is StudyType.INTERVENTIONAL and (named := _plain_names(_tested_items(trial), table)):
        head, source = f"A study of {listing(named)}", "interventions[].name"
    elif trial.study_type is StudyType.OBSERVATIONAL:
        head, source = "A study that collects facts", "study_type"
    else:
        head, source = "A research study", "study_type"
    # Two short sentences, not one long one: the name of an illness is often long enough for a sentence.
    if who:
        return Line(f"{head}. It is for {who.text}", f"{source}; {who.source}")
    if about:
        return Line(f"{head}. It is about {about}", f"{source}; conditions")
    return Line(head, source)


#: Words that name an arm or a kind of care, not a product ("Intervention", "Control", "Treatment as usual").
_GENERIC_NAME_RE = re.compile(
    r"\b(?:intervention|control|treatment|therapy|usual|standard|care|group|arm|placebo|sham|program|programme|"
    r"reminders?|education\w*|training|session|visit|exercises?|block|surgery|performed|conditioning|experimental|"
    r"product|chemotherapy|assessment|manipulation|traction|technique|device|drug|medicine|app|application|system|"
    r"digital|therapeutics?|dose|injection|imaging)\b",
    re.IGNORECASE,
)


def _plain_names(items: list[Intervention], acronyms: dict[str, str]) -> list[str]:
    """The name of the one tested product, where it is a plain product name a title can carry ("pregabalin",
    "sacubitril/valsartan"); otherwise none, and the title says only what kind of thing is tested. Registry names
    of arms and programs ("Strengthening exercises", "Experimental product") are no names for a title."""
    shown = list(dict.fromkeys(names.treatment_name(i).rstrip(" .:") for i in items))
    if len(shown) != 1:
        return []
    for name in shown:
        if (
            names.is_code(name)
            or len(name.split()) > 2
            or re.search(r"[,;；()\[\]^:]", name)
            or len(re.findall(r"[A-Za-z]", name)) < 4
            or name.isupper()
            or _GENERIC_NAME_RE.search(name)
            or any(word in acronyms for word in re.findall(r"[\w-]+", name))
        ):
            return []
    return shown


_STATUS_NOW = {
    OverallStatus.RECRUITING: "It is looking for people to join.",
    OverallStatus.NOT_YET_RECRUITING: "It will soon look for people to join.",
    OverallStatus.ENROLLING_BY_INVITATION: "People can join only if the study team invites them.",
    OverallStatus.AVAILABLE: "The treatment can be asked for now.",
    OverallStatus.ACTIVE_NOT_RECRUITING: "It is still running, but it is not taking new people.",
    OverallStatus.COMPLETED: "This study has ended.",
    OverallStatus.TERMINATED: "This study stopped early.",
    OverallStatus.WITHDRAWN: "This study stopped before anyone joined.",
    OverallStatus.SUSPENDED: "This study is paused for now and is not taking new people.",
    OverallStatus.UNKNOWN: "The record has not been updated for a long time, so we do not know if it is still running.",
    OverallStatus.WITHHELD: "The registry does not show whether this study is running.",
}


#: A status inside "The record says …, but …": one clause, so no second "but".
_STATUS_SAID = {OverallStatus.ACTIVE_NOT_RECRUITING: "it is still running and not taking new people"}
#: What an UNKNOWN record last said, where it closes a door; "it was looking for people" would invite a reader in.
_LAST_KNOWN = {OverallStatus.ACTIVE_NOT_RECRUITING: "When it was last updated, it was not taking new people."}


def status_line(trial: Trial, today: dt.date | None = None) -> Line:
    """The status in words; a record older than two years says when it was last updated."""
    if is_retrospective(trial):
        return Line("It uses health records that already exist.", "design.time_perspective")
    text = _STATUS_NOW.get(trial.overall_status, "It is not taking new people now.")
    if trial.overall_status is OverallStatus.UNKNOWN:
        # Its words already say the record is old; what it last said is the one thing left to add.
        last = _LAST_KNOWN.get(trial.last_known_status) if trial.last_known_status else None
        return Line(f"{text} {last}" if last else text, "overall_status; last_known_status" if last else "overall_status")
    said = _STATUS_SAID.get(trial.overall_status) or text[0].lower() + text[1:].rstrip(".")
    if late := evidence.overdue(trial, today):
        text = f"The record says {said}, but its {late[0]}, {late[1]}, has passed, so this may have changed."
        return Line(text, "overall_status; dates")
    old = evidence.stale(trial, today)
    if old:
        text = f"The record says {said}, but it was last updated on {old.isoformat()}, so this may have changed."
        return Line(text, "overall_status; dates.last_update_posted")
    return Line(text, "overall_status")


def stop_lines(trial: Trial) -> list[Line]:
    """Why the study stopped, and whether results are posted."""
    out = []
    if trial.why_stopped and trial.overall_status in (
        OverallStatus.TERMINATED,
        OverallStatus.WITHDRAWN,
        OverallStatus.SUSPENDED,
    ):
        reason = trial.why_stopped.strip().rstrip(".")
        said = {
            OverallStatus.TERMINATED: "The reason it stopped early",
            OverallStatus.WITHDRAWN: "The reason it was called off",
            OverallStatus.SUSPENDED: "The reason it is paused",
        }[trial.overall_status]
        out.append(Line(f"{said}: {reason}.", "why_stopped"))
    if trial.has_results:
        out.append(Line(f"Results are posted on ClinicalTrials.gov: {trial.url}", "has_results"))
    return out


def at_a_glance(trial: Trial, today: dt.date | None = None) -> list[Line]:
    who = reader(trial)
    whom, about = said_for_whom(trial), topic(trial)
    named = for_whom(trial) is not None and whom is None
    if whom:
        lines = [Line(f"This study is for {whom.text}.", whom.source)]
        if about and " with " not in whom.text:
            lines.append(Line(f"It is about {about}.", "conditions"))
    elif about:
        lines = [Line(f"This study is about {about}.", "conditions")]
    elif short := [c.strip() for c in trial.conditions if re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", c.strip())]:
        # A condition given only as an acronym the record never spells out: named as the record names it.
        quoted = listing([f"“{c}”" for c in dict.fromkeys(short)])
        lines = [Line(f"The record names what this study is about only as {quoted}.", "conditions")]
    else:
        lines = [Line("The lists below say who can join.", "eligibility")]
    if not whom and (only := sex_words(trial.eligibility.sex, "adult")):
        # Who may join by sex is a coded field no criterion can widen: said even where the illness is not.
        lines.append(Line(f"Only {only} can join.", "eligibility.sex"))
    if named and trial.brief_title:
        full = expand_acronyms(trial.brief_title.strip().rstrip("."), names.acronyms(trial))
        lines.append(Line(f"The study's full name: “{full}”.", "brief_title"))
    if not whom and trial.study_type is StudyType.OBSERVATIONAL and (group := _study_population(trial)):
        lines.append(Line(f"Who takes part, in the record's words: “{group}”.", "eligibility.study_population"))
    needs = list(evidence.key_needs(trial)[:2])
    if (found := illness(trial)) and (narrow := evidence.narrowing_criterion(trial, found)) and narrow not in needs:
        needs.insert(0, narrow)
    needs += [s for s in evidence.deciding_needs(trial) if s not in needs]
    # An open study names more of them: a reader may act on the glance.
    shown = [n for n in needs if len(n.text) <= 200][: _NEEDS_SHOWN if is_open(trial) else 2]
    for i, need in enumerate(shown):
        # List numbers ("3.", "iii.", "b)") belong to the record's list, not to the need.
        bare = re.sub(r"^\W*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+", "", need.text.strip("•·*-–.;:, "), flags=re.IGNORECASE)
        need_text = expand_acronyms(bare, names.acronyms(trial))
        lead = "A key need to join" if i == 0 else "Also"
        # Quoted: the record's own words, not the page's claim.
        lines.append(Line(f"{lead}: “{need_text}”.", need.path))
    if shown and len(needs) > len(shown):
        lines.append(Line("There are more needs in the lists below.", "eligibility.inclusion"))
    if trial.study_type is StudyType.INTERVENTIONAL and (kind := _kind_sentence(trial)):
        lines.append(kind)
    elif evidence.gives_nothing(trial):
        lines.append(Line("It does not give any treatment.", "study_type; interventions; brief_summary"))
    lines.append(status_line(trial, today))
    if who == "mixed" and is_open(trial):
        lines.append(Line("Here, “you” means you or your child.", "eligibility.minimum_age; eligibility.maximum_age"))
    return lines


#: How many needs to join the glance names in the record's words; the lists below have the rest.
_NEEDS_SHOWN = 3


def _says_more(words: str, criteria: str | None) -> bool:
    """A line that names people, ends as a sentence, and has words of substance (six letters or more, not study
    boilerplate) that the criteria text does not have."""
    if not _NAMES_PEOPLE_RE.search(words) or re.search(r"\b(?:e\.g|i\.e|etc|vs)$", words, re.IGNORECASE):
        return False
    have = (criteria or "").casefold()
    new = {w for w in re.findall(r"[a-z][a-z-]{5,}", words.casefold()) if w not in have}
    return len(new - _BOILERPLATE) >= 2


_NAMES_PEOPLE_RE = re.compile(
    r"\b(?:patients?|participants?|people|persons?|individuals?|adults?|children|women|men|subjects?|residents?|"
    r"volunteers?|campers|members)\b",
    re.IGNORECASE,
)
#: Words of a population line that say nothing of whom it is.
_BOILERPLATE = frozenset(
    {"patients", "participants", "people", "persons", "adults", "subjects", "individuals", "population", "sampled",
     "study", "studies", "included", "include", "includes", "enrolled", "recruited", "selected", "eligible",
     "cohort", "nested", "prospective", "retrospective", "observational", "between", "during", "within", "through",
     "following", "consecutive", "assessment", "assessments", "baseline", "hospital", "clinic", "clinics"}
)  # fmt: skip


def _study_population(trial: Trial) -> str | None:
    """An observational record's own line on whom it studies ("patients having partial pancreatectomy"): it is
    the group's definition, which a condition name cannot give. Shown in its words, or not at all if too long."""
    raw = trial.eligibility.study_population or ""
    text = " ".join((parse_inline(raw) if has_inline_syntax(raw) else raw).split())
    text = expand_acronyms(text, names.acronyms(trial))
    if len(text) > 200:
        text = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    text = text.rstrip(" .;:")
    if len(text.split()) < 3 or _NO_POPULATION_RE.search(text):
        return None  # "See Statistical Analysis Plan" says nothing of who takes part
    return text if len(text) <= 200 else None


_NO_POPULATION_RE = re.compile(r"\bsee\b|statistical analysis plan|\bprotocol\b|\bnot applicable\b|^\W*n/?a\W*$", re.I)


_KIND_WORDS = {
    InterventionType.BEHAVIORAL: "a program",
    InterventionType.DEVICE: "a device",
    InterventionType.DIAGNOSTIC_TEST: "a test",
    InterventionType.PROCEDURE: "a procedure",
    InterventionType.RADIATION: "a radiation treatment",
    InterventionType.DIETARY_SUPPLEMENT: "a supplement",
}


def _tested_items(trial: Trial) -> list[Intervention]:
    """What the experimental arms get beyond what every group gets, and never a placebo."""
    items = [i for i in evidence.tested(trial) if not names.is_placebo(i)]
    shared = {i.name for i in evidence.background(trial)}
    return [i for i in items if i.name not in shared] or items


#: A device that is software on a phone or computer: "an app", not "a device".
_APP_RE = re.compile(
    r"\bapps?\b|\bapplication\b|\bsmartphone\b|\bmobile\b|\bdigital therapeutic|\bsoftware\b|\bDTx\b|\bonline\b|"
    r"\bweb[- ]?based\b|\bvideo game\b",
    re.IGNORECASE,
)


def _kind_words(trial: Trial) -> list[str]:
    """'a medicine', 'a device and a program': what the experimental arms get, never from the purpose code alone."""
    items = _tested_items(trial)
    if not items:
        return []
    if trial.design.primary_purpose in (PrimaryPurpose.DIAGNOSTIC, PrimaryPurpose.SCREENING) and any(
        i.type in evidence.MEDICINE_TYPES for i in items
    ):
        return []  # a contrast dye or a tracer is given for a test, not as "a medicine" for the illness
    if all(i.type is InterventionType.DEVICE and _APP_RE.search(f"{i.name} {i.description or ''}") for i in items):
        return ["an app" if len(items) == 1 else "apps"]
    if evidence.is_medicine(trial) and all(i.type in evidence.MEDICINE_TYPES for i in items):
        if all(i.type is InterventionType.BIOLOGICAL for i in items):
            return ["a biological treatment" if len(items) == 1 else "biological treatments"]
        if all(i.type is InterventionType.DIETARY_SUPPLEMENT for i in items):
            return ["a supplement" if len(items) == 1 else "supplements"]
        return ["a medicine" if len(items) == 1 else "medicines"]
    kinds = list(dict.fromkeys(i.type for i in items))
    if any(k not in _KIND_WORDS for k in kinds) or len(kinds) > 2:
        return []
    return [_KIND_WORDS[k] for k in kinds if k is not None]


def _kind_sentence(trial: Trial) -> Line | None:
    words = _kind_words(trial)
    if not words:
        return None
    verb = _said(trial, "It tests", "It tested", "It was to test")
    return Line(f"{verb} {listing(words)}.", "interventions[].type; arms[].type")


def _arm_types(trial: Trial) -> set[ArmType]:
    return {a.type for a in trial.arms if a.type is not None}


def is_comparison(trial: Trial) -> bool:
    """Two or more groups, and one of them is a comparison (usual care, placebo, sham or none)."""
    kinds = _arm_types(trial)
    comparators = {ArmType.ACTIVE_COMPARATOR, ArmType.PLACEBO_COMPARATOR, ArmType.SHAM_COMPARATOR, ArmType.NO_INTERVENTION}
    single = evidence.intervention_model(trial) is InterventionModel.SINGLE_GROUP or len(trial.arms) < 2
    return not single and (bool(kinds & comparators) or bool(names.comparators(trial)))


def what(trial: Trial) -> list[Line]:
    """What the study does: the treatments, then design lines each backed by the arms and their interventions."""
    if trial.study_type is StudyType.OBSERVATIONAL:
        return _what_observational(trial)
    lines: list[Line] = []
    found = names.treatments(trial)
    if trial.study_type is StudyType.EXPANDED_ACCESS:
        lines.append(Line("This program gives some people a treatment that is not yet approved.", "study_type"))
    elif found:
        shared = {item.name for item in evidence.background(trial)}
        compared = [f for f in found if f[1].name not in shared] or list(found)
        shown = [name for name, _, _ in compared[:4]]
        more = f", and {len(compared) - 4} more" if len(compared) > 4 else ""
        label = "these" if len(compared) > 1 else "this"
        lines.append(
            Line(
                f"The study looks at {label}: {listing(shown)}{more}.",
                "interventions[" + ",".join(str(i) for _, _, i in compared[:4]) + "].name",
            )
        )
        alike = [f for f in found if f not in compared]
        if alike and len(alike) <= 3:
            verb = _said(trial, "Every group also gets", "Every group also got", "Every group was also to get")
            lines.append(
                Line(
                    f"{verb} {listing([name for name, _, _ in alike])}.",
                    "arms[].interventions; interventions[" + ",".join(str(i) for _, _, i in alike) + "].name",
                )
            )
    if (measured := _measures_line(trial)) is not None:
        lines.append(measured)
    lines += _phase_lines(trial)
    lines += _group_lines(trial)
    lines += _masking_lines(trial)
    if (enrol := _enrollment_line(trial)) is not None:
        lines.append(enrol)
    return lines


def _measures_line(trial: Trial) -> Line | None:
    """The study's question, from its primary outcomes: what it measures, not what a phase usually does."""
    measures = evidence.main_measures(trial)
    if measures is None:
        return None
    shown = list(measures.named[: evidence.MEASURES_SHOWN])
    rest = len(measures.named) - len(shown) + measures.unnamed
    if rest:
        shown.append("other things")
    many = len(shown) > 1
    verb = _said(
        trial,
        "The main things the study measures are" if many else "The main thing the study measures is",
        "The main things the study measured were" if many else "The main thing the study measured was",
        "The study planned to measure",
    )
    return Line(f"{verb} {listing(shown)}.", measures.source)


def _phase_lines(trial: Trial) -> list[Line]:
    """A phase's stock goal, each part only where the primary outcomes (and a dose plan) back it."""
    phases = set(evidence.phases(trial))
    if not phases:
        return []
    if Phase.PHASE4 in phases:
        return [Line("The treatment is already approved for some uses.", "phases")]
    dose = evidence.is_medicine(trial) and evidence.dose_finding(trial)
    early = bool(phases & {Phase.EARLY_PHASE1, Phase.PHASE1})
    safety = evidence.phase_goal_backed(trial, "safety")
    helps = evidence.phase_goal_backed(trial, "helps") and (not early or Phase.PHASE2 in phases)
    source = "phases; primary_outcomes[].measure" + (f"; {dose}" if dose else "")
    first = [w for w, backed in (("safety", safety), ("the dose", bool(dose) and early)) if backed]
    if early and first and helps:
        now = f"It first checks {listing(first)}, then whether it helps."
        past = f"It first checked {listing(first)}, then whether it helped."
    elif helps:
        large = evidence.is_large(trial) and Phase.PHASE3 in phases
        where = ", in a large group of people" if large else ""
        also = (", while safety is checked", ", while safety was checked") if safety and not large else ("", "")
        now, past = f"It tests whether it helps{where}{also[0]}.", f"It tested whether it helped{where}{also[1]}."
        source += "; enrollment" if large else ""
    elif first:
        goal = listing([{"safety": "check safety", "the dose": "find the right dose"}[w] for w in first])
        now, past = f"The main goal is to {goal}.", f"The main goal was to {goal}."
    else:
        return []
    return [Line(_said(trial, now, past), source)]


def _group_lines(trial: Trial) -> list[Line]:
    model = evidence.intervention_model(trial)
    kinds = _arm_types(trial)
    lines: list[Line] = []
    if _conflicting_design(trial):
        return []  # the record contradicts itself: say nothing rather than guess
    v = voice(trial)
    # The record's words on its groups name another model (dose levels, cohorts in parallel): one arm is no proof
    # that everyone gets the same.
    described_otherwise = trial.design.intervention_model is not None and model is None
    if model is InterventionModel.SINGLE_GROUP or (len(trial.arms) == 1 and not described_otherwise):
        text = _said(
            trial,
            # One group, not "the same treatment": doses may rise, or a test may pick each person's treatment.
            "Everyone is in one group. There is no comparison group.",
            "Everyone was in one group. There was no comparison group.",
            "The plan was to have everyone in one group, with no comparison group.",
        )
        lines.append(Line(text, "design.intervention_model"))
    elif model is InterventionModel.CROSSOVER:
        text = _said(
            trial,
            "Each person gets the study treatments one after the other.",
            "Each person got the study treatments one after the other.",
            "The plan was for each person to get the study treatments one after the other.",
        )
        lines.append(Line(text, "design.intervention_model"))
    elif len(trial.arms) > 1 and model is InterventionModel.SEQUENTIAL:
        n = len(trial.arms)
        text = _said(
            trial,
            f"People take part in {n} groups, one group after another.",
            f"People took part in {n} groups, one group after another.",
            f"The plan was for people to take part in {n} groups, one group after another.",
        )
        lines.append(Line(text, "design.intervention_model; arms"))
    elif len(trial.arms) > 1:
        n = len(trial.arms)
        text = _said(
            trial,
            f"People are put into {n} groups.",
            f"People were put into {n} groups.",
            f"The plan was to put people into {n} groups.",
        )
        lines.append(Line(text, "arms"))
    if v == "plan":
        return lines + (_role_lines(trial, kinds) if len(trial.arms) > 1 else [])
    # In groups that follow one another, chance (if any) works within a group, not between them: nothing is said.
    if (len(trial.arms) > 1 or model is InterventionModel.CROSSOVER) and model is not InterventionModel.SEQUENTIAL:
        crossover = model is InterventionModel.CROSSOVER
        randomized = evidence.chance_backed(trial)
        # Where chance picked whole sites or classes, not each person, nothing is said of it.
        if randomized and not _CLUSTER_RE.search(_design_words(trial)):
            if crossover:
                text = _said(
                    trial,
                    "Chance decides the order of treatments, like a coin toss.",
                    "Chance decided the order of treatments, like a coin toss.",
                )
            elif v == "you":
                text = "Chance decides which group you are in, like a coin toss."
            else:
                text = _said(
                    trial,
                    "Chance decides which group each person is in, like a coin toss.",
                    "Chance decided which group each person was in, like a coin toss.",
                )
            lines.append(Line(text, "design.allocation"))
        elif trial.design.allocation is Allocation.NON_RANDOMIZED and not crossover:
            text = (
                "Chance does not decide which group you are in."
                if v == "you"
                else _said(
                    trial,
                    "Chance does not decide which group each person is in.",
                    "Chance did not decide which group each person was in.",
                )
            )
            lines.append(Line(text, "design.allocation"))
    if len(trial.arms) > 1:
        lines += _role_lines(trial, kinds)
    placebo = [i for i, item in enumerate(trial.interventions) if re.search(r"\bplacebo", item.name, re.IGNORECASE)]
    if placebo and ArmType.PLACEBO_COMPARATOR not in kinds:
        # A placebo among the treatments, without a placebo group: it may be given alongside (double dummy).
        verb = _said(trial, "The study uses", "The study used")
        lines.append(Line(f"{verb} a placebo: {_placebo_words(trial)}.", f"interventions[{placebo[0]}].name"))
    return lines


_CLUSTER_RE = re.compile(
    r"\bcluster[- ]?randomi[sz]|\bcluster (?:trial|design)|\brandomi[sz]ed by (?:site|clinic|practice|school|branch)", re.I
)


def _design_words(trial: Trial) -> str:
    return " ".join(filter(None, (trial.official_title, trial.brief_summary, trial.detailed_description)))


def _placebo_words(trial: Trial) -> str:
    """Medicine words only where what is tested is a medicine."""
    if evidence.is_medicine(trial) and not evidence.placebo_inert(trial):
        return "it looks like the study medicine, and the record says what is in it"
    if evidence.is_medicine(trial):
        return "it looks like the study medicine but has no medicine in it"
    return "it looks like the study treatment but is not the real one"


def _role_lines(trial: Trial, kinds: set[ArmType]) -> list[Line]:
    """What each comparison group gets, each backed by its arm type and the interventions of that arm."""
    crossover = evidence.intervention_model(trial) is InterventionModel.CROSSOVER
    if crossover:
        gets = _said(
            trial,
            "For part of the study, you get" if voice(trial) == "you" else "For part of the study, each person gets",
            "For part of the study, each person got",
            "For part of the study, each person was to get",
        )
    else:
        gets = _said(trial, "One group gets", "One group got", "One group was to get")
    lines = []
    for kind, said in (
        (ArmType.PLACEBO_COMPARATOR, f"a placebo: {_placebo_words(trial)}"),
        (ArmType.SHAM_COMPARATOR, "a sham: a pretend version of the study treatment"),
    ):
        if kind not in kinds:
            continue
        if evidence.placebo_backed(trial, kind):
            lines.append(Line(f"{gets} {said}.", "arms[].type; arms[].description; interventions[].name"))
            continue
        # Marked as a placebo or sham arm, but its own words say usual care, diet advice…: named, not called one.
        shown = [names.treatment_name(i) for i in evidence.arm_interventions(trial, {kind})]
        if shown and len(shown) <= 3 and all(len(n) <= 40 for n in shown):
            lines.append(Line(f"{gets} {listing(list(dict.fromkeys(shown)))}, to compare.", "arms[].type; arms[].interventions"))
        else:
            lines.append(Line(f"{gets} something else, to compare.", "arms[].type"))
    if ArmType.NO_INTERVENTION in kinds:
        # Not "no treatment": the group may keep its usual care (its insulin, its medicines).
        lines.append(Line(f"{gets} none of the study treatments.", "arms[].type"))
    if ArmType.ACTIVE_COMPARATOR in kinds:
        compared = evidence.active_comparators(trial)
        shown = [names.treatment_name(i) for i in compared or ()]
        if compared and all(len(n) <= 40 for n in shown) and len(shown) <= 3:
            lines.append(Line(f"{gets} {listing(list(dict.fromkeys(shown)))}, to compare.", "arms[].type; arms[].interventions"))
        else:
            # The comparator shares the tested product, or its interventions are not linked: no role is claimed.
            what = "treatments" if crossover else "groups"
            lines.append(
                Line(
                    _said(
                        trial,
                        f"The {what} are compared with each other.",
                        f"The {what} were compared with each other.",
                        f"The plan was to compare the {what}.",
                    ),
                    "arms",
                )
            )
    return lines


def _conflicting_design(trial: Trial) -> bool:
    """A single-group model with several arms: the record contradicts itself."""
    return trial.design.intervention_model is InterventionModel.SINGLE_GROUP and len(trial.arms) > 1


def _masking_lines(trial: Trial) -> list[Line]:
    """Who is not told what, from ``who_masked``; "group" only where there are groups (not in a crossover)."""
    masking, who = trial.design.masking, set(trial.design.who_masked)
    v = voice(trial)
    if masking is None or v == "plan" or not evidence.masking_backed(trial):
        return []
    crossover = evidence.intervention_model(trial) is InterventionModel.CROSSOVER
    # In groups that follow one another, what is hidden is the treatment (often the study drug or a placebo).
    sequential = evidence.intervention_model(trial) is InterventionModel.SEQUENTIAL
    grouped = len(trial.arms) > 1 and not _conflicting_design(trial) and not crossover and not sequential
    if v == "you":
        which = "which group you are in" if grouped else "which treatment you get"
        you, know, not_told = "You", "will know", "You will not be told"
    else:
        which = _said(
            trial,
            "which group they are in" if grouped else "which treatment they get",
            "which group they were in" if grouped else "which treatment they got",
        )
        you, know, not_told = (
            "People in the study",
            _said(trial, "know", "knew"),
            _said(trial, "People in the study are not told", "People in the study were not told"),
        )
    described = trial.design.masking_description or ""
    if WhoMasked.PARTICIPANT in who and _SOME_OPEN_RE.search(described):
        return []  # blind for some groups, open for others: which is whose is not for a sentence to guess
    if WhoMasked.PARTICIPANT in who:
        # The record's own words saying someone is not blinded outweigh the coded list: only the participant is said.
        also = [] if _UNBLINDED_RE.search(trial.design.masking_description or "") else _masked_others(who)
        neither = ""
        if also:
            verb = "will" if v == "you" else _said(trial, "are", "were")
            neither = f", and neither {verb} {' or '.join(also)}"
        return [Line(f"{not_told} {which}{neither}.", "design.who_masked")]
    if not grouped and not crossover:
        return []
    if masking is Masking.NONE:
        team = "You and the study team" if v == "you" else "People in the study and the study team"
        return [Line(f"{team} {know} {which}.", "design.masking")]
    if who:
        people = _masked_others(who)
        will_not = "will not" if v == "you" else _said(trial, "do not", "did not")
        return [Line(f"{you} {know} {which}, but {listing(people)} {will_not}.", "design.who_masked")]
    unknown = "who is in which group" if grouped else "who gets which treatment"
    return [
        Line(
            _said(
                trial,
                f"Some people in the study will not know {unknown}.",
                f"Some people in the study did not know {unknown.replace(' is ', ' was ').replace(' gets ', ' got ')}.",
            ),
            "design.masking",
        )
    ]


#: "Subjects for groups C and D will be recruited on an open label basis", "the open-label extension": some of the
#: people in the study know what they get.
_SOME_OPEN_RE = re.compile(
    r"\b(?:subjects?|participants?|patients?|groups?|cohorts?|parts?|arms?|phase|period|extension)\b[^.;]{0,80}"
    r"\bopen[- ]label\b|\bopen[- ]label\b[^.;]{0,40}\b(?:groups?|cohorts?|parts?|arms?|phase|period|extension)\b",
    re.IGNORECASE,
)
_UNBLINDED_RE = re.compile(
    r"\b(?:not|un|no)[- ]?(?:be )?blind|\bunmasked\b|\bnot (?:be )?masked\b|\bopen[- ]label\b|\baware of\b", re.I
)


def _masked_others(who: set[WhoMasked]) -> list[str]:
    people = []
    if WhoMasked.CARE_PROVIDER in who or WhoMasked.INVESTIGATOR in who:
        people.append("the study doctors")
    if WhoMasked.OUTCOMES_ASSESSOR in who:
        people.append("the people who check the results")
    return people


def _enrollment_line(trial: Trial) -> Line | None:
    if trial.enrollment is None or trial.enrollment.count <= 0:
        return None
    n = trial.enrollment.count
    people = "person" if n == 1 else "people"
    planned = trial.enrollment.type is None or trial.enrollment.type.value == "ESTIMATED"
    if planned and trial.overall_status not in ENDED_STATUSES:
        return Line(f"About {n} {people} will take part.", "enrollment")
    if planned:
        return Line(f"The plan was for about {n} {people} to take part.", "enrollment")
    return Line(f"{n} {people} took part.", "enrollment")


def _what_observational(trial: Trial) -> list[Line]:
    items = evidence.given(trial)
    if items:
        shown = list(dict.fromkeys(names.treatment_name(i) for i in items))
        more = f", and {len(shown) - 4} more" if len(shown) > 4 else ""
        verb = _said(trial, "get", "got", "were to get")
        # A control group that does not get it (patients on their usual medicines) makes it "some of the people".
        who = "The people" if all(evidence.in_every_group(trial, i) for i in items) else "Some of the people"
        lines = [
            Line(f"{who} in this study {verb} {listing(shown[:4])}{more}.", "interventions[].type; interventions[].name; arms")
        ]
    elif evidence.gives_nothing(trial):
        lines = [Line("This study does not give any treatment.", "study_type; interventions; brief_summary")]
    else:
        lines = []
    # The coded perspective is said only where the outcomes' time frames agree with it.
    perspective = trial.design.time_perspective if evidence.perspective_backed(trial) else None
    if perspective is TimePerspective.RETROSPECTIVE:
        lines.append(Line("Researchers look back at health records from the past.", "design.time_perspective"))
    elif perspective is TimePerspective.CROSS_SECTIONAL:
        lines.append(Line("Researchers collect facts at one point in time.", "design.time_perspective"))
    elif perspective is TimePerspective.PROSPECTIVE:
        # Not "their health": some studies follow clinicians using software, or the waste a device leaves.
        lines.append(Line("Researchers follow the people who take part over time.", "design.time_perspective"))
    else:
        lines.append(Line("Researchers collect and study facts.", "study_type"))
    if (model := _observational_model(trial)) is not None:
        lines.append(model)
    about = topic(trial)
    if about:
        lines.append(Line(f"It is about {about}.", "conditions"))
    if (measured := _measures_line(trial)) is not None:
        lines.append(measured)
    if (enrol := _enrollment_line(trial)) is not None:
        lines.append(enrol)
    return lines


def _observational_model(trial: Trial) -> Line | None:
    """The observational model in words, only where the groups and criteria agree with it."""
    model = trial.design.observational_model
    controls = evidence.has_controls(trial)
    found = illness(trial)
    if model is ObservationalModel.CASE_ONLY and not controls and found:
        return Line(f"It looks only at people who have {found.name}.", f"design.observational_model; {found.source}")
    if model is ObservationalModel.CASE_CONTROL and controls and found:
        return Line(
            f"It compares people who have {found.name} with people who do not.", f"design.observational_model; {controls}"
        )
    simple = {
        ObservationalModel.FAMILY_BASED: "It looks at families.",
        ObservationalModel.ECOLOGIC_OR_COMMUNITY: "It looks at whole communities.",
    }
    if model in simple:
        return Line(simple[model], "design.observational_model")
    return None


def requires_diagnosis(trial: Trial) -> bool:
    """The inclusion criteria ask for an illness, whatever the healthy-volunteers flag says."""
    return any(s.section == "inclusion" and (s.asserted("diagnosis") or s.asserted("stage")) for s in scoped(trial.eligibility))


#: Roles of inclusion criteria that leave a study open to healthy people (ages, sex, consent, the study plan).
_OPEN_ROLES = frozenset({"person", "routine"})
#: Roles of criteria that say who the study is for, not only how to join it.
_DECIDING = frozenset({"illness", "prior_treatment", "marker", "requirement"})


def _fit_lines(trial: Trial, section: SectionName) -> list[Line]:
    """Every criterion of one section: everyone's first, then each group's under its name; routine ones summed up."""
    return _fit_groups(trial, section, _field_ages(trial))[0]


#: A sentence of a description that gives reasons to stay out ("The following exclusion criteria will be used: …").
_EXCLUDED_RE = re.compile(r"\bexclusion criteria\b|\b(?:will be|were|are) excluded\b", re.IGNORECASE)


def _field_ages(trial: Trial) -> frozenset[str] | None:
    """The numbers of the age line ("8 to 21 years": {"8", "21"}), or None when the record has no age fields."""
    e = trial.eligibility
    if not (e.minimum_age or e.maximum_age):
        return None
    return frozenset(re.findall(r"\d+", age_text(*evidence.ages(trial))))


def _ages_disagree(trial: Trial, ages: frozenset[str] | None) -> bool:
    """A criterion that is only an age limit says other ages (``ages``: the age fields' numbers) than the age
    fields: the fields are not said alone."""
    return any(
        s.section == "inclusion" and s.heading is None and fit.age_only(s) and fit.age_conflict(s, ages)
        for s in scoped(trial.eligibility)
    )


def _fit_groups(trial: Trial, section: SectionName, ages: frozenset[str] | None) -> tuple[list[Line], set[str]]:
    """The lines of :func:`_fit_lines` and the roles of their bullets (``ages``: the age fields' numbers)."""
    who = reader(trial)
    out: list[Line] = []
    roles: set[str] = set()
    for g in fit.groups(scoped(trial.eligibility), section, names.acronyms(trial), ages):
        roles.update(b.role for b in g.bullets)
        name = re.sub(r"\s+", " ", g.name or "").strip().rstrip(":")
        if g.name is not None and (g.bullets or g.routine):
            first = g.bullets[0].source if g.bullets else g.routine[1] if g.routine else ""
            out.append(Line(f"{name}:", g.source or first, heading=True))
        for b in g.bullets:
            text = b.text
            if g.name is not None and text.lower().startswith(f"{name.lower()}:"):
                text = text[len(name) + 1 :].strip()  # the group's name stands above it
                text = text[:1].upper() + text[1:]
            out.append(Line(_child(text, who), b.source, b.original))
        if g.routine:
            out.append(Line(*g.routine))
    return out, roles


def good_fit(trial: Trial) -> list[Line]:
    e = trial.eligibility
    who = reader(trial)
    items: list[Line] = []
    ages = age_text(*evidence.ages(trial))
    field_ages = _field_ages(trial)
    if ages != "Any age" and not _ages_disagree(trial, field_ages):
        said_by = (
            "eligibility.minimum_age; eligibility.maximum_age" if e.minimum_age or e.maximum_age else "eligibility.inclusion"
        )
        items.append(
            Line(
                _child(f"Your age is {ages.lower()}.", who),
                said_by,
            )
        )
    sex = sex_words(e.sex, who)
    if sex:
        items.append(Line(f"The study is for {sex}.", "eligibility.sex"))
    # No "You have <illness>." line: the criteria that require it are listed, with their qualifiers ("new onset",
    # "within 90 days", "relapsed or refractory"), and a line of its own drops them.
    healthy_only = names.is_healthy_study(trial)
    lines, roles = _fit_groups(trial, "inclusion", field_ages)
    # A study that takes healthy volunteers and whose criteria ask only for ages, sex and consent is open to
    # healthy people, even where its condition entries name one ("about lipid disorders"); a criterion with
    # anything more (an HbA1c of 6.3% or more) leaves the evidence mixed, and nothing is said.
    if (
        e.healthy_volunteers
        and not requires_diagnosis(trial)
        and (healthy_only or not names.illnesses(trial) or roles <= _OPEN_ROLES)
    ):
        items.append(Line("Healthy people can join.", "eligibility.healthy_volunteers"))
    items += lines
    if (
        trial.study_type is StudyType.OBSERVATIONAL
        and (group := _study_population(trial))
        and (not roles & _DECIDING or _says_more(group, e.text))
    ):
        # An observational study's own line on whom it looks at is the group's definition ("individuals with
        # prevalent diabetes in the EPIC cohorts"): said where the criteria say less.
        items.append(Line(f"Who the study looks at, in the record's words: “{group}”.", "eligibility.study_population"))
    items.append(
        Line(
            "This list is not complete. See the full list below. A study doctor will check it with you.",
            "eligibility.inclusion",
        )
    )
    return items


def not_a_fit(trial: Trial) -> list[Line]:
    if not trial.eligibility.exclusion:
        for field in ("detailed_description", "brief_summary"):
            text = " ".join((getattr(trial, field) or "").split())
            said = next((x for x in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if _EXCLUDED_RE.search(x)), None)
            if said:
                return [
                    Line(
                        "The eligibility criteria list no reasons that keep people out, but the study's description "
                        f"does: “{said.rstrip(' .')}”.",
                        f"eligibility.exclusion; {field}",
                    ),
                    Line("Ask the study team if you are not sure.", "eligibility.exclusion"),
                ]
        return [
            Line(
                "The eligibility criteria list no reasons that keep people out. Ask the study team if you are not sure.",
                "eligibility.exclusion",
            )
        ]
    items = _fit_lines(trial, "exclusion")
    items.append(
        Line(
            "This list is not complete. See the full list below. Ask the study team if you are not sure.", "eligibility.exclusion"
        )
    )
    return items


def _may_learn(trial: Trial) -> bool:
    """A study with no one in it (withdrawn, or stopped with a handful) cannot learn much: no promise is made."""
    if trial.overall_status is OverallStatus.WITHDRAWN:
        return False
    e = trial.enrollment
    actual = e is not None and e.type is not None and e.type.value == "ACTUAL"
    return not (
        actual and e is not None and (e.count == 0 or (trial.overall_status is OverallStatus.TERMINATED and e.count < 10))
    )


_VACCINE_RE = re.compile(r"\bvaccin", re.IGNORECASE)


def benefit(trial: Trial) -> list[Line]:
    about = topic(trial)
    # A study that prevents or vaccinates does not help people who have the illness: "other people" is said.
    preventive = (
        trial.design.primary_purpose is PrimaryPurpose.PREVENTION
        or any(_VACCINE_RE.search(f"{i.name} {i.description or ''}") for i in trial.interventions)
        or bool(_VACCINE_RE.search(trial.brief_title))
    )
    others = f"people with {about}" if about and not preventive else "other people"
    if not is_open(trial):
        lines = []
        if trial.overall_status is OverallStatus.UNKNOWN and trial.last_known_status is OverallStatus.ACTIVE_NOT_RECRUITING:
            lines.append(
                Line(
                    "When the record was last updated, the study was not taking new people, so you cannot count on joining it.",
                    "overall_status; last_known_status",
                )
            )
        elif trial.overall_status is OverallStatus.UNKNOWN:
            lines.append(Line("We do not know if this study is still taking people.", "overall_status"))
        elif trial.overall_status in CLOSED_STATUSES:
            lines.append(Line("This study is not taking new people, so you cannot join it now.", "overall_status"))
        if _may_learn(trial):
            lines.append(
                Line(f"What this study learns may help {others} in the future.", "overall_status; enrollment; conditions")
            )
        return lines or [Line("This study is not taking new people.", "overall_status")]
    who = reader(trial)
    if trial.study_type is StudyType.OBSERVATIONAL:
        lines = (
            [Line("You will not get a treatment from this study.", "study_type; interventions; brief_summary")]
            if evidence.gives_nothing(trial)
            else []
        )
        lines.append(Line(f"What it learns may help {others} in the future.", "study_type; conditions"))
        return [Line(_child(line.text, who), line.source) for line in lines]
    lines = []
    if evidence.intervention_model(trial) is InterventionModel.CROSSOVER:
        lines.append(Line("You get the study treatment for part of the study.", "design.intervention_model"))
    elif is_comparison(trial):
        lines.append(
            Line("You may get the study treatment, or you may be in a group that gets something else to compare.", "arms[].type")
        )
    if any(i.type in _CHECKED_TYPES for i in trial.interventions):
        lines.append(Line("The study team will check your health during the study.", "interventions[].type"))
    lines.append(Line(f"What the study learns may help {others}.", "conditions"))
    lines.append(Line("There may be risks, too. Ask the study team about them.", "study_type"))
    return [Line(_child(line.text, who), line.source, line.original) for line in lines]


_CHECKED_TYPES = evidence.GIVEN_TYPES | {InterventionType.DEVICE}
