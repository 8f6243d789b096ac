"""Plain words for every registry enum a reader might see.

No enum value is ever printed as it is: each one a summary shows goes through
this phrasebook. A value missing here is a bug, and the corpus sweep test
catches it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from trialdocs.model import (
    Age,
    AgencyClass,
    InterventionType,
    OverallStatus,
    Phase,
    Sex,
    StudyType,
)

PHASES: dict[Phase, tuple[str, str]] = {
    Phase.EARLY_PHASE1: ("Early phase 1", "a very small early test, to learn how the body handles the treatment"),
    Phase.PHASE1: ("Phase 1", "an early test in a small group, mainly to check safety"),
    Phase.PHASE2: ("Phase 2", "tests if the treatment works and keeps checking safety"),
    Phase.PHASE3: ("Phase 3", "tests whether the treatment works, most often in more people than phase 2"),
    Phase.PHASE4: ("Phase 4", "a study of a treatment that is already approved for some uses"),
    Phase.NA: ("No phase", "this kind of study is not sorted into phases"),
}

#: The short line the phase ladder shows for each step.
LADDER = (
    ("Phase 1", "Is it safe?"),
    ("Phase 2", "Does it work?"),
    ("Phase 3", "Does it work in many people?"),
    ("Phase 4", "How does it work in daily use?"),
)

STATUSES: dict[OverallStatus, str] = {
    OverallStatus.RECRUITING: "Looking for people to join",
    OverallStatus.NOT_YET_RECRUITING: "Not yet looking for people to join",
    OverallStatus.ENROLLING_BY_INVITATION: "Joining by invitation only",
    OverallStatus.ACTIVE_NOT_RECRUITING: "Running, but no longer looking for people",
    OverallStatus.COMPLETED: "Finished",
    OverallStatus.SUSPENDED: "Paused for now",
    OverallStatus.TERMINATED: "Stopped early",
    OverallStatus.WITHDRAWN: "Stopped before anyone joined",
    OverallStatus.AVAILABLE: "Treatment available outside a trial",
    OverallStatus.NO_LONGER_AVAILABLE: "Treatment no longer available",
    OverallStatus.TEMPORARILY_NOT_AVAILABLE: "Treatment not available for now",
    OverallStatus.APPROVED_FOR_MARKETING: "Treatment approved for sale",
    OverallStatus.WITHHELD: "Details held back by the registry",
    OverallStatus.UNKNOWN: "Not known: the record has not been updated in a long time",
}

OPEN_STATUSES = {
    OverallStatus.RECRUITING,
    OverallStatus.NOT_YET_RECRUITING,
    OverallStatus.ENROLLING_BY_INVITATION,
    OverallStatus.AVAILABLE,
}

STUDY_TYPES: dict[StudyType, str] = {
    StudyType.INTERVENTIONAL: "Tests a treatment or other action (interventional study)",
    StudyType.OBSERVATIONAL: "Observes and records, with no study treatment (observational study)",
    StudyType.EXPANDED_ACCESS: "Gives access to a treatment not yet approved (expanded access)",
}

SPONSOR_KINDS: dict[AgencyClass, str] = {
    AgencyClass.NIH: "the U.S. National Institutes of Health",
    AgencyClass.FED: "a U.S. government agency",
    AgencyClass.OTHER_GOV: "a government body",
    AgencyClass.INDIV: "an individual researcher",
    AgencyClass.INDUSTRY: "a company",
    AgencyClass.NETWORK: "a research network",
    AgencyClass.AMBIG: "an organization",
    AgencyClass.OTHER: "a university, hospital or other organization",
    AgencyClass.UNKNOWN: "an organization",
}

INTERVENTION_TYPES: dict[InterventionType, str] = {
    InterventionType.BEHAVIORAL: "behavior or lifestyle program",
    InterventionType.BIOLOGICAL: "biological treatment",
    InterventionType.COMBINATION_PRODUCT: "combination product",
    InterventionType.DEVICE: "device",
    InterventionType.DIAGNOSTIC_TEST: "test",
    InterventionType.DIETARY_SUPPLEMENT: "supplement",
    InterventionType.DRUG: "drug",
    InterventionType.GENETIC: "genetic treatment",
    InterventionType.PROCEDURE: "procedure",
    InterventionType.RADIATION: "radiation",
    InterventionType.OTHER: "other",
}


def listing(items: list[str], conjunction: str = "and") -> str:
    """'a, b and c' (or 'a, b or c'): how a page lists things."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


SEXES: dict[Sex, str] = {Sex.ALL: "Anyone", Sex.FEMALE: "Women and girls", Sex.MALE: "Men and boys"}


def age_text(minimum: Age | None, maximum: Age | None) -> str:
    """'Up to 30 years', '18 years and older', '18 to 65 years', 'Any age'."""
    if minimum is not None and minimum.value == 0:
        minimum = None  # "0 years and older" is no limit
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


def percent(part: int, whole: int) -> str:
    """'30%'; below 1%, as many decimals as it takes to show a number that is not zero
    (1 in 300 is "0.3%", 2 in 5007 is "0.04%"), so a rare event is never shown as 0%."""
    exact = Decimal(100 * part) / Decimal(whole)
    if 0 < exact < 1:
        step = Decimal("0.1")
        while exact.quantize(step, ROUND_HALF_UP) == 0:
            step /= 10
        return f"{exact.quantize(step, ROUND_HALF_UP)}%"
    return f"{exact.quantize(Decimal('1'), ROUND_HALF_UP)}%"


def of_people(part: int, whole: int | None, noun: str = "people") -> str:
    """'12 of 40 people (30%)', or '12 people' when the record gives no total."""
    if whole is None or whole == 0:
        return f"{part} {'person' if part == 1 and noun == 'people' else noun}"
    return f"{part} of {whole} {'person' if whole == 1 and noun == 'people' else noun} ({percent(part, whole)})"
