"""Code systems and maps from CT.gov enums to FHIR codes.

The choices follow HL7's own ClinicalTrials.gov mapping
(``ResearchStudy-example-ctgov-study-record.json``). A CT.gov value with no
FHIR code gets none: it is kept only as a coding in the CT.gov enum system.
"""

from __future__ import annotations

from trialdocs.model import ArmType, OfficialRole, OverallStatus, Phase, PrimaryPurpose

CTGOV = "https://clinicaltrials.gov"
CTGOV_ENUM = "https://clinicaltrials.gov/data-about-studies/study-data-structure#enum-"
STATUS = "http://hl7.org/fhir/research-study-status"
PHASE = "http://terminology.hl7.org/CodeSystem/research-study-phase"
PURPOSE = "http://terminology.hl7.org/CodeSystem/research-study-prim-purp-type"
ARM_TYPE = "http://hl7.org/fhir/research-study-arm-type"
PARTY_ROLE = "http://hl7.org/fhir/research-study-party-role"
OBJECTIVE_TYPE = "http://terminology.hl7.org/CodeSystem/research-study-objective-type"
TITLE_TYPE = "http://hl7.org/fhir/title-type"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
GENDER = "http://hl7.org/fhir/administrative-gender"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
EXT = "https://trialdocs.dev/fhir/StructureDefinition/"
R4_STATUS = "http://hl7.org/fhir/research-study-status"

STATUS_CODES: dict[OverallStatus, str] = {
    OverallStatus.RECRUITING: "recruiting",
    OverallStatus.NOT_YET_RECRUITING: "not-yet-recruiting",
    OverallStatus.ACTIVE_NOT_RECRUITING: "active-but-not-recruiting",
    OverallStatus.COMPLETED: "completed",
    OverallStatus.ENROLLING_BY_INVITATION: "enrolling-by-invitation",
    OverallStatus.SUSPENDED: "temporarily-closed-to-accrual",
    OverallStatus.TEMPORARILY_NOT_AVAILABLE: "temporarily-closed-to-accrual",
    OverallStatus.TERMINATED: "terminated",
    OverallStatus.WITHDRAWN: "withdrawn",
    OverallStatus.AVAILABLE: "active",
    OverallStatus.NO_LONGER_AVAILABLE: "closed-to-accrual",
    OverallStatus.APPROVED_FOR_MARKETING: "closed-to-accrual",
}

#: R4 has 11 status codes; the exact state is kept as a second coding.
R4_STATUS_CODES: dict[OverallStatus, str] = {
    OverallStatus.RECRUITING: "active",
    OverallStatus.NOT_YET_RECRUITING: "approved",
    OverallStatus.ACTIVE_NOT_RECRUITING: "closed-to-accrual",
    OverallStatus.COMPLETED: "completed",
    OverallStatus.ENROLLING_BY_INVITATION: "active",
    OverallStatus.SUSPENDED: "temporarily-closed-to-accrual",
    OverallStatus.TEMPORARILY_NOT_AVAILABLE: "temporarily-closed-to-accrual",
    OverallStatus.TERMINATED: "administratively-completed",
    OverallStatus.WITHDRAWN: "withdrawn",
    OverallStatus.AVAILABLE: "active",
    OverallStatus.NO_LONGER_AVAILABLE: "closed-to-accrual",
    OverallStatus.APPROVED_FOR_MARKETING: "completed",
    OverallStatus.WITHHELD: "in-review",
    OverallStatus.UNKNOWN: "active",
}

STATUS_DISPLAY = {
    code: code.replace("-", " ").capitalize() for code in set(STATUS_CODES.values()) | set(R4_STATUS_CODES.values())
}

_PHASE_CODES: dict[tuple[Phase, ...], tuple[str, str]] = {
    (Phase.NA,): ("n-a", "N/A"),
    (Phase.EARLY_PHASE1,): ("early-phase-1", "Early Phase 1"),
    (Phase.PHASE1,): ("phase-1", "Phase 1"),
    (Phase.PHASE1, Phase.PHASE2): ("phase-1-phase-2", "Phase 1/Phase 2"),
    (Phase.PHASE2,): ("phase-2", "Phase 2"),
    (Phase.PHASE2, Phase.PHASE3): ("phase-2-phase-3", "Phase 2/Phase 3"),
    (Phase.PHASE3,): ("phase-3", "Phase 3"),
    (Phase.PHASE4,): ("phase-4", "Phase 4"),
}
PHASE_BY_CODE = {code: phases for phases, (code, _) in _PHASE_CODES.items()}


def phase_code(phases: tuple[Phase, ...]) -> tuple[str, str] | None:
    return _PHASE_CODES.get(tuple(sorted(phases, key=list(Phase).index)))


PURPOSE_CODES: dict[PrimaryPurpose, str] = {
    PrimaryPurpose.TREATMENT: "treatment",
    PrimaryPurpose.PREVENTION: "prevention",
    PrimaryPurpose.DIAGNOSTIC: "diagnostic",
    PrimaryPurpose.SUPPORTIVE_CARE: "supportive-care",
    PrimaryPurpose.SCREENING: "screening",
    PrimaryPurpose.HEALTH_SERVICES_RESEARCH: "health-services-research",
    PrimaryPurpose.BASIC_SCIENCE: "basic-science",
    PrimaryPurpose.DEVICE_FEASIBILITY: "device-feasibility",
}

ARM_CODES: dict[ArmType, str] = {
    ArmType.EXPERIMENTAL: "experimental",
    ArmType.ACTIVE_COMPARATOR: "active-comparator",
    ArmType.PLACEBO_COMPARATOR: "placebo-comparator",
    ArmType.SHAM_COMPARATOR: "sham-comparator",
    ArmType.NO_INTERVENTION: "no-intervention",
    ArmType.OTHER: "other-arm-type",
}

OFFICIAL_ROLES: dict[OfficialRole, str] = {
    OfficialRole.PRINCIPAL_INVESTIGATOR: "primary-investigator",
    OfficialRole.STUDY_PRINCIPAL_INVESTIGATOR: "primary-investigator",
    OfficialRole.SUB_INVESTIGATOR: "sub-investigator",
    OfficialRole.STUDY_DIRECTOR: "study-director",
    OfficialRole.STUDY_CHAIR: "study-chair",
}

AGE_UNITS = {"years": "a", "months": "mo", "weeks": "wk", "days": "d", "hours": "h", "minutes": "min"}
AGE_UNITS_BACK = {v: k for k, v in AGE_UNITS.items()}


def display(code: str) -> str:
    return code.replace("-", " ").replace("_", " ").capitalize()


def ctgov(enum_name: str, value: str) -> dict[str, str]:
    """A coding that keeps the CT.gov enum value itself, so nothing is lost."""
    return {"system": CTGOV_ENUM + enum_name, "code": value, "display": display(value)}


def coding(system: str, code: str, text: str | None = None) -> dict[str, str]:
    return {"system": system, "code": code, "display": text or display(code)}
