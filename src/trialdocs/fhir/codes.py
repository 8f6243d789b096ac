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

#: The official display of every HL7 code we write, as the code systems of
#: hl7.fhir.r5.core 5.0.0, hl7.fhir.r4b.core 4.3.0 and hl7.terminology.r5
#: 7.0.1 give it (tests/interop checks each one against those packages).
#: A display is never made up: a code missing here gets none.
DISPLAYS: dict[str, dict[str, str]] = {
    STATUS: {
        "active": "Active",
        "active-but-not-recruiting": "Active, not recruiting",
        "administratively-completed": "Administratively Completed",
        "approved": "Approved",
        "closed-to-accrual": "Closed to Accrual",
        "completed": "Completed",
        "enrolling-by-invitation": "Enrolling by invitation",
        "in-review": "In Review",
        "not-yet-recruiting": "Not yet recruiting",
        "overall-study": "Overall study",
        "recruiting": "Recruiting",
        "temporarily-closed-to-accrual": "Temporarily Closed to Accrual",
        "terminated": "Terminated",
        "withdrawn": "Withdrawn",
    },
    PHASE: {
        "n-a": "N/A",
        "early-phase-1": "Early Phase 1",
        "phase-1": "Phase 1",
        "phase-1-phase-2": "Phase 1/Phase 2",
        "phase-2": "Phase 2",
        "phase-2-phase-3": "Phase 2/Phase 3",
        "phase-3": "Phase 3",
        "phase-4": "Phase 4",
    },
    PURPOSE: {
        "basic-science": "Basic Science",
        "device-feasibility": "Device Feasibility",
        "diagnostic": "Diagnostic",
        "health-services-research": "Health Services Research",
        "prevention": "Prevention",
        "screening": "Screening",
        "supportive-care": "Supportive Care",
        "treatment": "Treatment",
    },
    ARM_TYPE: {
        "active-comparator": "Active Comparator",
        "experimental": "Experimental",
        "no-intervention": "No Intervention",
        "other-arm-type": "Other Arm Type",
        "placebo-comparator": "Placebo Comparator",
        "sham-comparator": "Sham Comparator",
    },
    PARTY_ROLE: {
        "collaborator": "collaborator",
        "lead-sponsor": "lead-sponsor",
        "primary-investigator": "primary-investigator",
        "sponsor": "sponsor",
        "study-chair": "study-chair",
        "study-director": "study-director",
        "sub-investigator": "sub-investigator",
    },
    OBJECTIVE_TYPE: {"exploratory": "Exploratory", "primary": "Primary", "secondary": "Secondary"},
    TITLE_TYPE: {
        "acronym": "Acronym",
        "official": "Official title",
        "plain-language": "Plain language title",
        "short-title": "Short title",
    },
    PLAN_TYPE: {"clinical-protocol": "Clinical Protocol"},
    GENDER: {"female": "Female", "male": "Male"},
    # SNOMED CT is not in the HL7 packages; these are its fully specified names' preferred terms.
    SNOMED: {"424144002": "Current chronological age", "263495000": "Gender"},
}

#: Code systems of R5 that hl7.fhir.r4b.core and THO 7.0.1 do not have: an R4B
#: Bundle keeps the CT.gov coding and the text instead.
NOT_IN_R4B = frozenset({ARM_TYPE, PARTY_ROLE, TITLE_TYPE})

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


def coding(system: str, code: str) -> dict[str, str]:
    """An HL7 coding with its official display (none if the table has no display for it)."""
    found = DISPLAYS.get(system, {}).get(code)
    return {"system": system, "code": code, "display": found} if found else {"system": system, "code": code}


#: The text a masking description's concept starts with (text only, as no code system holds the registry's own
#: words), so the reader of our Bundles finds it again.
MASKING_DESCRIPTION = "Masking description: "
MODEL_DESCRIPTION = "Intervention model description: "
