"""Drafted lay text: short sentences built from the structured fields.

Drafting is deterministic and offline. It is used only where no editor has
written a section, and every drafted section is marked as drafted. The rules
for "not a fit" look for common exclusion themes in the criteria.
"""

from __future__ import annotations

import re

from trialdocs.model import Age, Criterion, OverallStatus, Phase, Sex, StudyType, Trial
from trialdocs.readability import count
from trialdocs.summary.phrasebook import OPEN_STATUSES

_EXCLUSION_THEMES: tuple[tuple[str, str], ...] = (
    (r"pregnan|breast-?feeding|lactat|nursing", "You are pregnant or breastfeeding."),
    (
        r"(another|other|prior|previous|concurrent)\s+(clinical\s+)?(trial|study|investigational)|investigational (drug|agent|product)",
        "You took part in another drug study recently.",
    ),
    (r"infection|tuberculosis", "You have an infection that is not under control."),
    (r"\bhiv\b|hepatitis", "You have HIV or a liver virus."),
    (
        r"hepatic|renal|liver|kidney|bilirubin|creatinine|organ function|transaminase",
        "Your liver or kidneys do not work well enough.",
    ),
    (r"cardiac|heart|myocardial|arrhythmi|angina|lvef|ejection fraction", "You have serious heart problems."),
    (
        r"other (active )?(malignan|cancer)|second (primary )?(malignan|cancer)|prior malignan|history of (another )?(malignan|cancer)",
        "You had another cancer in recent years.",
    ),
    (r"allerg|hypersensitiv", "You are allergic to the study treatment."),
    (r"brain metasta|cns (metasta|disease|involvement)|central nervous system", "The disease has spread to your brain."),
    (
        r"psychiatr|mental illness|dementia|cognitive impair|substance (abuse|use)|alcohol",
        "You have a mental health or drug use problem that makes joining hard.",
    ),
    (r"surgery|surgical", "You had major surgery recently or need it soon."),
    (r"seizure|epilep", "You have seizures that are not under control."),
    (r"immunosuppress|steroid|corticosteroid", "You take medicine that weakens the immune system."),
    (
        r"unable to|unwilling|not able to (comply|follow|give)|cannot (comply|give)",
        "You cannot follow the study plan or give consent.",
    ),
)

_INCLUSION_RULES: tuple[tuple[str, str], ...] = (
    (r"informed consent|written consent|consent form", "You are willing to sign a consent form."),
    (r"ecog|karnofsky|lansky|performance status", "You are well enough to do most daily tasks."),
    (r"life expectancy", "Your doctor expects you to live for at least a few more months."),
    (r"contracepti|birth control", "You agree to use birth control during the study."),
    (r"measurable disease|recist", "Your disease can be measured on scans."),
)


def _sentence_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_HEALTHY_RE = re.compile(r"\bhealthy\b|\bvolunteers?\b", re.IGNORECASE)


def _illnesses(trial: Trial) -> tuple[str, ...]:
    """Condition names that name an illness ("Healthy Volunteers" does not)."""
    return tuple(c for c in trial.conditions if not _HEALTHY_RE.search(c))


def for_whom(trial: Trial) -> str:
    """'people with asthma', or 'healthy people' when the record names no illness."""
    if trial.conditions and not _illnesses(trial):
        return "healthy people"
    return f"people with {condition_phrase(trial)}"


def condition_phrase(trial: Trial) -> str:
    """The plainest of the trial's condition names (fewest syllables a word).

    Registries often list a condition several ways ("Non-small Cell Lung
    Cancer", "Lung Cancer"); the reader gets the one easiest to read.
    """
    names = _illnesses(trial)
    if not names:
        return "the illness in this study"
    return min(names, key=lambda name: (_syllables_per_word(name), names.index(name)))


def _syllables_per_word(text: str) -> float:
    return count(text).syllables_per_word


def age_text(minimum: Age | None, maximum: Age | None) -> str:
    """'Up to 30 years', '18 years and older', '18 to 65 years', 'Any age'."""
    if minimum is None and maximum is None:
        return "Any age"
    if minimum is None:
        return f"Up to {maximum}"
    if maximum is None:
        return f"{minimum} and older"
    if minimum.unit == maximum.unit:
        return f"{_number(minimum)} to {maximum}"
    return f"{minimum} to {maximum}"


def _number(age: Age) -> str:
    return str(int(age.value)) if float(age.value).is_integer() else str(age.value)


def _criteria_text(items: tuple[Criterion, ...]) -> str:
    out = []
    for item in items:
        out.append(item.text)
        out.append(_criteria_text(item.children))
    return " ".join(out).lower()


def title(trial: Trial) -> str:
    """A question a reader would ask: short, plain words around the condition name."""
    if trial.study_type is StudyType.INTERVENTIONAL:
        return f"Can a new treatment help? A study for {for_whom(trial)}"
    return f"What can we learn? A study of {for_whom(trial)}"


def at_a_glance(trial: Trial) -> str:
    what = "It tests a new way to help." if trial.study_type is StudyType.INTERVENTIONAL else "It does not give a new treatment."
    open_now = (
        "It is looking for people to join."
        if trial.overall_status in OPEN_STATUSES
        else "It is not looking for people to join now."
    )
    return f"This study is for {for_whom(trial)}. {what} {open_now}"


def what(trial: Trial) -> list[str]:
    lines: list[str] = []
    if trial.study_type is StudyType.INTERVENTIONAL and trial.interventions:
        names = _sentence_list([i.name for i in trial.interventions[:4]])
        many = len(trial.interventions) > 1
        lines.append(f"This study tests {'these treatments' if many else 'a treatment'}: {names}.")
        lines.append(f"It is for {for_whom(trial)}.")
    elif trial.study_type is StudyType.EXPANDED_ACCESS:
        lines.append("This program gives some people a treatment that is not yet approved.")
        lines.append(f"It is for {for_whom(trial)}.")
    else:
        lines.append("This study does not give a new treatment.")
        lines.append("Researchers will watch and record the health of the people who take part.")
        lines.append(f"It is about {condition_phrase(trial) if _illnesses(trial) else 'the health of healthy people'}.")
    phases = [p for p in trial.phases if p is not Phase.NA]
    if Phase.PHASE1 in phases or Phase.EARLY_PHASE1 in phases:
        lines.append("The main goal is to check if the treatment is safe.")
    elif Phase.PHASE2 in phases:
        lines.append("The main goal is to see if the treatment works.")
    elif Phase.PHASE3 in phases:
        lines.append("The main goal is to see if it works better than the usual care.")
    elif Phase.PHASE4 in phases:
        lines.append("The treatment is already approved. The study looks at how it works in daily life.")
    if len(trial.arms) > 1:
        lines.append(f"People are put into {len(trial.arms)} groups.")
        if trial.design.allocation and trial.design.allocation.value == "RANDOMIZED":
            lines.append("Chance decides which group you are in, like a coin toss.")
        if any(a.type and a.type.value == "PLACEBO_COMPARATOR" for a in trial.arms):
            lines.append("One group gets a placebo. It looks like the real thing but has no medicine in it.")
    if trial.design.masking and trial.design.masking.value not in ("NONE",):
        lines.append("You will not be told which group you are in.")
    if trial.enrollment is not None and trial.enrollment.count > 0:
        planned = trial.enrollment.type is None or trial.enrollment.type.value == "ESTIMATED"
        verb = "will take part" if planned else "took part"
        lines.append(f"About {trial.enrollment.count} people {verb}.")
    return lines


def good_fit(trial: Trial) -> list[str]:
    e = trial.eligibility
    items: list[str] = []
    if e.minimum_age or e.maximum_age:
        items.append(f"Your age is {age_text(e.minimum_age, e.maximum_age).lower()}.")
    if e.sex is Sex.FEMALE:
        items.append("The study is for women and girls.")
    elif e.sex is Sex.MALE:
        items.append("The study is for men and boys.")
    if _illnesses(trial):
        items.append(f"You have {condition_phrase(trial)}.")
    if e.healthy_volunteers:
        items.append("Healthy people can also join.")
    text = _criteria_text(e.inclusion)
    items += [plain for pattern, plain in _INCLUSION_RULES if re.search(pattern, text)]
    items.append("A study doctor will check that you meet all the rules.")
    return items


def not_a_fit(trial: Trial) -> list[str]:
    text = _criteria_text(trial.eligibility.exclusion)
    items = [plain for pattern, plain in _EXCLUSION_THEMES if re.search(pattern, text)]
    if items:
        return items[:8]
    if trial.eligibility.exclusion:
        return ["You have one of the health problems on the list of reasons you cannot join. The full list is below."]
    return ["The record lists no reasons that keep people out. Ask the study team if you are not sure."]


def benefit(trial: Trial) -> list[str]:
    if trial.study_type is StudyType.OBSERVATIONAL:
        return [
            "You will not get a new treatment from this study.",
            "What it learns may help people with this illness in the future.",
        ]
    lines = ["You may get a new treatment before most people can."]
    lines.append("A care team will check your health often.")
    lines.append("What the study learns may help others with this illness.")
    lines.append("There may be risks, too. Ask the study team about them.")
    if trial.overall_status in (OverallStatus.COMPLETED, OverallStatus.TERMINATED, OverallStatus.WITHDRAWN):
        lines.append("This study has ended, so these points are for your background.")
    return lines
