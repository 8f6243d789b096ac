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

import re
from dataclasses import dataclass
from typing import Literal

from trialdocs.model import (
    Allocation,
    ArmType,
    InterventionModel,
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
from trialdocs.scope import scoped
from trialdocs.summary import fit, names
from trialdocs.summary.phrasebook import OPEN_STATUSES, age_text, listing

Reader = Literal["adult", "child", "mixed"]

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


# ---------------------------------------------------------------- the reader


def reader(trial: Trial) -> Reader:
    """Whom the page speaks to: the participant, a parent, or either."""
    e = trial.eligibility
    lo = names.age_in_years(e.minimum_age.value, e.minimum_age.unit) if e.minimum_age else 0.0
    hi = names.age_in_years(e.maximum_age.value, e.maximum_age.unit) if e.maximum_age else None
    if hi is not None and hi < 18:
        return "child"
    if lo >= 18:
        return "adult"
    if e.minimum_age is None and e.maximum_age is None and e.std_ages and "CHILD" not in {a.value for a in e.std_ages}:
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


def for_whom(trial: Trial) -> str:
    """'people with asthma', 'children with asthma', 'healthy people'."""
    who = reader(trial)
    people = {"adult": "adults", "child": "children", "mixed": "people"}[who]
    sex = sex_words(trial.eligibility.sex, who)
    if sex:
        people = sex
    if names.is_healthy_study(trial):
        return f"healthy {people}"
    condition = names.condition_name(trial)
    return f"{people} with {condition}" if condition else people


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


def title(trial: Trial) -> Line:
    """The question the study asks, then whom it is for: two short sentences."""
    if trial.study_type is StudyType.INTERVENTIONAL:
        question = (
            _QUESTIONS.get(trial.design.primary_purpose, "What can this study show?")
            if trial.design.primary_purpose
            else "What can this study show?"
        )
        return Line(f"{question} A study for {for_whom(trial)}", "design.primary_purpose; conditions")
    if trial.study_type is StudyType.EXPANDED_ACCESS:
        return Line(f"Early access to a treatment. For {for_whom(trial)}", "study_type; conditions")
    return Line(f"What can we learn? A study of {for_whom(trial)}", "study_type; conditions")


_QUESTIONS = {
    PrimaryPurpose.TREATMENT: "Can this treatment help?",
    PrimaryPurpose.PREVENTION: "Can this prevent illness?",
    PrimaryPurpose.DIAGNOSTIC: "Can this help find illness?",
    PrimaryPurpose.SUPPORTIVE_CARE: "Can this ease symptoms?",
    PrimaryPurpose.SCREENING: "Can this test find illness early?",
    PrimaryPurpose.HEALTH_SERVICES_RESEARCH: "Can care be given in a better way?",
    PrimaryPurpose.BASIC_SCIENCE: "How does the body work?",
    PrimaryPurpose.DEVICE_FEASIBILITY: "Can this device be used?",
    PrimaryPurpose.ECT: "Can this treatment help?",
}


def status_line(trial: Trial) -> Line:
    s = trial.overall_status
    if is_retrospective(trial):
        return Line("It uses health records that already exist.", "design.time_perspective")
    text = {
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
    }.get(s, "It is not taking new people now.")
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
        out.append(Line(f"The reason given: {reason}.", "why_stopped"))
    if trial.has_results:
        out.append(Line(f"Results are posted on ClinicalTrials.gov: {trial.url}", "has_results"))
    return out


def at_a_glance(trial: Trial) -> list[Line]:
    who = reader(trial)
    lines = [Line(f"This study is for {for_whom(trial)}.", "conditions; eligibility")]
    if trial.study_type is StudyType.INTERVENTIONAL:
        lines.append(Line(_kind_sentence(trial), "design.primary_purpose"))
    elif trial.study_type is StudyType.OBSERVATIONAL:
        lines.append(Line("It does not give any treatment.", "study_type"))
    lines.append(status_line(trial))
    if who == "mixed" and is_open(trial):
        lines.append(Line("Here, “you” means you or your child.", "eligibility.minimum_age; eligibility.maximum_age"))
    return lines


def _kind_sentence(trial: Trial) -> str:
    purpose = trial.design.primary_purpose
    return (
        {
            PrimaryPurpose.PREVENTION: "It tests a way to prevent illness.",
            PrimaryPurpose.DIAGNOSTIC: "It tests a way to find or check an illness.",
            PrimaryPurpose.SUPPORTIVE_CARE: "It tests a way to ease symptoms or side effects.",
            PrimaryPurpose.SCREENING: "It tests a way to screen for illness.",
            PrimaryPurpose.HEALTH_SERVICES_RESEARCH: "It tests a way to give care.",
            PrimaryPurpose.BASIC_SCIENCE: "It studies how the body works.",
            PrimaryPurpose.DEVICE_FEASIBILITY: "It tests if a device can be used.",
            PrimaryPurpose.OTHER: "It tests a treatment or other action.",
        }.get(purpose, "It tests a treatment.")
        if purpose
        else "It tests a treatment or other action."
    )


def _arm_types(trial: Trial) -> set[ArmType]:
    return {a.type for a in trial.arms if a.type is not None}


def is_comparison(trial: Trial) -> bool:
    """Two or more groups, and one of them is a comparison (usual care, placebo, sham or none)."""
    kinds = _arm_types(trial)
    comparators = {ArmType.ACTIVE_COMPARATOR, ArmType.PLACEBO_COMPARATOR, ArmType.SHAM_COMPARATOR, ArmType.NO_INTERVENTION}
    single = trial.design.intervention_model is InterventionModel.SINGLE_GROUP or len(trial.arms) < 2
    return not single and (bool(kinds & comparators) or bool(names.comparators(trial)))


def what(trial: Trial) -> list[Line]:
    """What the study does, from the decision table over the design fields."""
    if trial.study_type is StudyType.OBSERVATIONAL:
        return _what_observational(trial)
    lines: list[Line] = []
    found = names.treatments(trial)
    if trial.study_type is StudyType.EXPANDED_ACCESS:
        lines.append(Line("This program gives some people a treatment that is not yet approved.", "study_type"))
    elif found:
        shown = [name for name, _, _ in found[:4]]
        more = f", and {len(found) - 4} more" if len(found) > 4 else ""
        label = "these" if len(found) > 1 else "this"
        lines.append(
            Line(
                f"The study looks at {label}: {listing(shown)}{more}.",
                "interventions[" + ",".join(str(i) for _, _, i in found[:4]) + "].name",
            )
        )
    lines += _phase_lines(trial)
    lines += _group_lines(trial)
    lines += _masking_lines(trial)
    if (enrol := _enrollment_line(trial)) is not None:
        lines.append(enrol)
    return lines


def _phase_lines(trial: Trial) -> list[Line]:
    phases = set(trial.phases) - {Phase.NA}
    if not phases:
        return []
    if Phase.PHASE4 in phases:
        text = "The treatment is already approved. The study looks at how it works in everyday care."
    elif phases & {Phase.EARLY_PHASE1, Phase.PHASE1}:
        text = "The main goal is to check safety and find the right dose."
        if Phase.PHASE2 in phases:
            text = "It first checks safety and the right dose, then whether the treatment helps."
    elif Phase.PHASE2 in phases:
        text = "The main goal is to see if the treatment helps, while safety is checked."
    else:
        text = (
            "It compares the treatment with other care in a large group of people."
            if is_comparison(trial)
            else "It tests the treatment in a large group of people."
        )
    return [Line(text, "phases; arms[].type" if Phase.PHASE3 in phases else "phases")]


def _group_lines(trial: Trial) -> list[Line]:
    model = trial.design.intervention_model
    kinds = _arm_types(trial)
    lines: list[Line] = []
    if _conflicting_design(trial):
        return []  # the record contradicts itself: say nothing rather than guess
    if model is InterventionModel.SINGLE_GROUP or len(trial.arms) == 1:
        lines.append(Line("Everyone in the study gets the same study treatment.", "design.intervention_model"))
    elif model is InterventionModel.CROSSOVER:
        lines.append(Line("Each person gets the study treatments one after the other.", "design.intervention_model"))
    elif len(trial.arms) > 1:
        lines.append(Line(f"People are put into {len(trial.arms)} groups.", "arms"))
    if len(trial.arms) > 1 or model is InterventionModel.CROSSOVER:
        if trial.design.allocation is Allocation.RANDOMIZED:
            what_by_chance = "the order of treatments" if model is InterventionModel.CROSSOVER else "which group you are in"
            lines.append(Line(f"Chance decides {what_by_chance}, like a coin toss.", "design.allocation"))
        elif trial.design.allocation is Allocation.NON_RANDOMIZED:
            lines.append(Line("Chance does not decide which group you are in.", "design.allocation"))
    if len(trial.arms) > 1:
        # In a crossover everyone moves through the arms: each is a period, not a group.
        gets = "For part of the study, you get" if model is InterventionModel.CROSSOVER else "One group gets"
        for kind, what in (
            (ArmType.PLACEBO_COMPARATOR, "a placebo: it looks like the study medicine but has no medicine in it"),
            (ArmType.SHAM_COMPARATOR, "a sham: a pretend version of the study treatment"),
            (ArmType.NO_INTERVENTION, "no study treatment"),
            (ArmType.ACTIVE_COMPARATOR, "a treatment that is already in use, to compare"),
        ):
            if kind in kinds:
                lines.append(Line(f"{gets} {what}.", "arms[].type"))
    placebo = [i for i, item in enumerate(trial.interventions) if re.search(r"\bplacebo", item.name, re.IGNORECASE)]
    if placebo and ArmType.PLACEBO_COMPARATOR not in kinds:
        # A placebo among the treatments, without a placebo group: it may be given alongside (double dummy).
        lines.append(
            Line(
                "The study uses a placebo: it looks like the study medicine but has no medicine in it.",
                f"interventions[{placebo[0]}].name",
            )
        )
    return lines


def _conflicting_design(trial: Trial) -> bool:
    """A single-group model with several arms: the record contradicts itself."""
    return trial.design.intervention_model is InterventionModel.SINGLE_GROUP and len(trial.arms) > 1


def _masking_lines(trial: Trial) -> list[Line]:
    """Who is not told what, from ``who_masked``; "group" only where there are groups (not in a crossover)."""
    masking, who = trial.design.masking, set(trial.design.who_masked)
    if masking is None:
        return []
    crossover = trial.design.intervention_model is InterventionModel.CROSSOVER
    grouped = len(trial.arms) > 1 and not _conflicting_design(trial) and not crossover
    which = "which group you are in" if grouped else "which treatment you get"
    if WhoMasked.PARTICIPANT in who:
        return [Line(f"You will not be told {which}.", "design.who_masked")]
    if not grouped and not crossover:
        return []
    if masking is Masking.NONE:
        return [Line(f"You and the study team will know {which}.", "design.masking")]
    if who:
        people = []
        if WhoMasked.CARE_PROVIDER in who or WhoMasked.INVESTIGATOR in who:
            people.append("the study doctors")
        if WhoMasked.OUTCOMES_ASSESSOR in who:
            people.append("the people who check the results")
        return [Line(f"You will know {which}, but {listing(people)} will not.", "design.who_masked")]
    unknown = "who is in which group" if grouped else "who gets which treatment"
    return [Line(f"Some people in the study will not know {unknown}.", "design.masking")]


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


_OBS_MODEL = {
    ObservationalModel.CASE_CONTROL: "It compares people who have the illness with people who do not.",
    ObservationalModel.CASE_ONLY: "It looks only at people who have the illness.",
    ObservationalModel.FAMILY_BASED: "It looks at families.",
    ObservationalModel.ECOLOGIC_OR_COMMUNITY: "It looks at whole communities.",
    ObservationalModel.NATURAL_HISTORY: "It follows how the illness changes over time.",
}


def _what_observational(trial: Trial) -> list[Line]:
    lines = [Line("This study does not give any treatment.", "study_type")]
    perspective = trial.design.time_perspective
    if perspective is TimePerspective.RETROSPECTIVE:
        lines.append(Line("Researchers look back at health records from the past.", "design.time_perspective"))
    elif perspective is TimePerspective.CROSS_SECTIONAL:
        lines.append(Line("Researchers collect health facts at one point in time.", "design.time_perspective"))
    elif perspective is TimePerspective.PROSPECTIVE:
        lines.append(Line("Researchers follow the health of the people who take part over time.", "design.time_perspective"))
    else:
        lines.append(Line("Researchers collect and study health facts.", "study_type"))
    if trial.design.observational_model in _OBS_MODEL:
        lines.append(Line(_OBS_MODEL[trial.design.observational_model], "design.observational_model"))
    condition = names.condition_name(trial)
    if condition:
        lines.append(Line(f"It is about {condition}.", "conditions"))
    if (enrol := _enrollment_line(trial)) is not None:
        lines.append(enrol)
    return lines


def requires_diagnosis(trial: Trial) -> bool:
    """The inclusion criteria ask for an illness, whatever the healthy-volunteers flag says."""
    return any(s.section == "inclusion" and (s.asserted("diagnosis") or s.asserted("stage")) for s in scoped(trial.eligibility))


def good_fit(trial: Trial) -> list[Line]:
    e = trial.eligibility
    who = reader(trial)
    items: list[Line] = []
    if age_text(e.minimum_age, e.maximum_age) != "Any age":
        items.append(
            Line(
                _child(f"Your age is {age_text(e.minimum_age, e.maximum_age).lower()}.", who),
                "eligibility.minimum_age; eligibility.maximum_age",
            )
        )
    sex = sex_words(e.sex, who)
    if sex:
        items.append(Line(f"The study is for {sex}.", "eligibility.sex"))
    healthy_only = names.is_healthy_study(trial)
    condition = names.condition_name(trial)
    purpose = trial.design.primary_purpose
    if (
        condition
        and not healthy_only
        and purpose not in (PrimaryPurpose.PREVENTION, PrimaryPurpose.SCREENING)
        and not e.healthy_volunteers
    ):
        items.append(Line(_child(f"You have {condition}.", who), "conditions"))
    if e.healthy_volunteers and not requires_diagnosis(trial) and (healthy_only or not names.illnesses(trial)):
        items.append(Line("Healthy people can join.", "eligibility.healthy_volunteers"))
    table = names.acronyms(trial)
    for b in fit.bullets(scoped(e), "inclusion", table):
        items.append(Line(_child(b.text, who), b.source, b.original))
    items.append(
        Line(
            "This list is not complete. See the full list below. A study doctor will check it with you.",
            "eligibility.inclusion",
        )
    )
    return items


def not_a_fit(trial: Trial) -> list[Line]:
    who = reader(trial)
    items = [
        Line(_child(b.text, who), b.source, b.original)
        for b in fit.bullets(scoped(trial.eligibility), "exclusion", names.acronyms(trial))
    ]
    if not trial.eligibility.exclusion:
        return [
            Line(
                "The record lists no reasons that keep people out. Ask the study team if you are not sure.",
                "eligibility.exclusion",
            )
        ]
    items.append(
        Line(
            "This list is not complete. See the full list below. Ask the study team if you are not sure.", "eligibility.exclusion"
        )
    )
    return items


def benefit(trial: Trial) -> list[Line]:
    condition = names.condition_name(trial)
    others = f"people with {condition}" if condition else "other people"
    if not is_open(trial):
        lines = [Line(f"What this study learns may help {others} in the future.", "overall_status")]
        if trial.overall_status in CLOSED_STATUSES:
            lines.insert(0, Line("This study is not taking new people, so you cannot join it now.", "overall_status"))
        return lines
    if trial.study_type is StudyType.OBSERVATIONAL:
        return [
            Line(_child("You will not get a treatment from this study.", reader(trial)), "study_type"),
            Line(f"What it learns may help {others} in the future.", "study_type"),
        ]
    if trial.design.intervention_model is InterventionModel.CROSSOVER:
        first = Line("You get the study treatment for part of the study.", "design.intervention_model")
    elif is_comparison(trial):
        first = Line(
            "You may get the study treatment, or you may be in a group that gets something else to compare.", "arms[].type"
        )
    else:
        first = Line("You may get a treatment that most people cannot get yet.", "study_type; overall_status")
    lines = [
        first,
        Line("The study team will check your health often.", "study_type"),
        Line(f"What the study learns may help {others}.", "conditions"),
        Line("There may be risks, too. Ask the study team about them.", "study_type"),
    ]
    who = reader(trial)
    return [Line(_child(line.text, who), line.source, line.original) for line in lines]
