"""The canonical trial model: one typed, immutable shape for every source.

Importers (``trialdocs.sources``) fill it; every output (FHIR, lay summary,
readability gate) reads only it. It holds normalized values, never registry
strings: phases are enum members, ages are a number and a unit or ``None``
(never "N/A"), criteria are unescaped lists. This module imports no output
module, so the data flows one way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trialdocs.criteria import parse_criteria

SCHEMA_VERSION = 1
NCT_ID_PATTERN = r"^NCT[0-9]{8}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


# ---------------------------------------------------------------- enums
# Member names and values are the ClinicalTrials.gov API v2 enum values, so a
# value can be looked up by name from any source and kept as a FHIR coding.


class Phase(StrEnum):
    EARLY_PHASE1 = "EARLY_PHASE1"
    PHASE1 = "PHASE1"
    PHASE2 = "PHASE2"
    PHASE3 = "PHASE3"
    PHASE4 = "PHASE4"
    NA = "NA"


class OverallStatus(StrEnum):
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING"
    COMPLETED = "COMPLETED"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION"
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING"
    RECRUITING = "RECRUITING"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
    WITHDRAWN = "WITHDRAWN"
    AVAILABLE = "AVAILABLE"
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE"
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE"
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING"
    WITHHELD = "WITHHELD"
    UNKNOWN = "UNKNOWN"


class StudyType(StrEnum):
    INTERVENTIONAL = "INTERVENTIONAL"
    OBSERVATIONAL = "OBSERVATIONAL"
    EXPANDED_ACCESS = "EXPANDED_ACCESS"


class DateType(StrEnum):
    ACTUAL = "ACTUAL"
    ESTIMATED = "ESTIMATED"


class AgencyClass(StrEnum):
    NIH = "NIH"
    FED = "FED"
    OTHER_GOV = "OTHER_GOV"
    INDIV = "INDIV"
    INDUSTRY = "INDUSTRY"
    NETWORK = "NETWORK"
    AMBIG = "AMBIG"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class ResponsiblePartyType(StrEnum):
    SPONSOR = "SPONSOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SPONSOR_INVESTIGATOR = "SPONSOR_INVESTIGATOR"


class OfficialRole(StrEnum):
    STUDY_CHAIR = "STUDY_CHAIR"
    STUDY_DIRECTOR = "STUDY_DIRECTOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SUB_INVESTIGATOR = "SUB_INVESTIGATOR"
    STUDY_PRINCIPAL_INVESTIGATOR = "STUDY_PRINCIPAL_INVESTIGATOR"


class ContactRole(StrEnum):
    STUDY_CHAIR = "STUDY_CHAIR"
    STUDY_DIRECTOR = "STUDY_DIRECTOR"
    PRINCIPAL_INVESTIGATOR = "PRINCIPAL_INVESTIGATOR"
    SUB_INVESTIGATOR = "SUB_INVESTIGATOR"
    CONTACT = "CONTACT"


class InterventionType(StrEnum):
    BEHAVIORAL = "BEHAVIORAL"
    BIOLOGICAL = "BIOLOGICAL"
    COMBINATION_PRODUCT = "COMBINATION_PRODUCT"
    DEVICE = "DEVICE"
    DIAGNOSTIC_TEST = "DIAGNOSTIC_TEST"
    DIETARY_SUPPLEMENT = "DIETARY_SUPPLEMENT"
    DRUG = "DRUG"
    GENETIC = "GENETIC"
    PROCEDURE = "PROCEDURE"
    RADIATION = "RADIATION"
    OTHER = "OTHER"


class ArmType(StrEnum):
    EXPERIMENTAL = "EXPERIMENTAL"
    ACTIVE_COMPARATOR = "ACTIVE_COMPARATOR"
    PLACEBO_COMPARATOR = "PLACEBO_COMPARATOR"
    SHAM_COMPARATOR = "SHAM_COMPARATOR"
    NO_INTERVENTION = "NO_INTERVENTION"
    OTHER = "OTHER"


class Allocation(StrEnum):
    RANDOMIZED = "RANDOMIZED"
    NON_RANDOMIZED = "NON_RANDOMIZED"
    NA = "NA"


class InterventionModel(StrEnum):
    SINGLE_GROUP = "SINGLE_GROUP"
    PARALLEL = "PARALLEL"
    CROSSOVER = "CROSSOVER"
    FACTORIAL = "FACTORIAL"
    SEQUENTIAL = "SEQUENTIAL"


class ObservationalModel(StrEnum):
    COHORT = "COHORT"
    CASE_CONTROL = "CASE_CONTROL"
    CASE_ONLY = "CASE_ONLY"
    CASE_CROSSOVER = "CASE_CROSSOVER"
    ECOLOGIC_OR_COMMUNITY = "ECOLOGIC_OR_COMMUNITY"
    FAMILY_BASED = "FAMILY_BASED"
    DEFINED_POPULATION = "DEFINED_POPULATION"
    NATURAL_HISTORY = "NATURAL_HISTORY"
    OTHER = "OTHER"


class TimePerspective(StrEnum):
    RETROSPECTIVE = "RETROSPECTIVE"
    PROSPECTIVE = "PROSPECTIVE"
    CROSS_SECTIONAL = "CROSS_SECTIONAL"
    OTHER = "OTHER"


class PrimaryPurpose(StrEnum):
    TREATMENT = "TREATMENT"
    PREVENTION = "PREVENTION"
    DIAGNOSTIC = "DIAGNOSTIC"
    ECT = "ECT"
    SUPPORTIVE_CARE = "SUPPORTIVE_CARE"
    SCREENING = "SCREENING"
    HEALTH_SERVICES_RESEARCH = "HEALTH_SERVICES_RESEARCH"
    BASIC_SCIENCE = "BASIC_SCIENCE"
    DEVICE_FEASIBILITY = "DEVICE_FEASIBILITY"
    OTHER = "OTHER"


class Masking(StrEnum):
    NONE = "NONE"
    SINGLE = "SINGLE"
    DOUBLE = "DOUBLE"
    TRIPLE = "TRIPLE"
    QUADRUPLE = "QUADRUPLE"


class WhoMasked(StrEnum):
    PARTICIPANT = "PARTICIPANT"
    CARE_PROVIDER = "CARE_PROVIDER"
    INVESTIGATOR = "INVESTIGATOR"
    OUTCOMES_ASSESSOR = "OUTCOMES_ASSESSOR"


class Sex(StrEnum):
    ALL = "ALL"
    FEMALE = "FEMALE"
    MALE = "MALE"


class AgeGroup(StrEnum):
    CHILD = "CHILD"
    ADULT = "ADULT"
    OLDER_ADULT = "OLDER_ADULT"


class AgeUnit(StrEnum):
    YEARS = "years"
    MONTHS = "months"
    WEEKS = "weeks"
    DAYS = "days"
    HOURS = "hours"
    MINUTES = "minutes"


class SecondaryIdType(StrEnum):
    NIH = "NIH"
    FDA = "FDA"
    VA = "VA"
    CDC = "CDC"
    AHRQ = "AHRQ"
    SAMHSA = "SAMHSA"
    OTHER_GRANT = "OTHER_GRANT"
    EUDRACT_NUMBER = "EUDRACT_NUMBER"
    CTIS = "CTIS"
    REGISTRY = "REGISTRY"
    OTHER = "OTHER"


# ---------------------------------------------------------------- parts


class PartialDate(_Frozen):
    """A registry date with its precision: CT.gov gives '2024-05' or '2024-05-12'.

    ``date`` keeps the registry's own ISO form, so the precision is never lost
    or invented; ``first_day`` gives a real date for sorting and arithmetic.
    """

    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    type: DateType | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _from_yaml(cls, value: Any) -> Any:
        """Hand-written YAML turns ``2024`` into an int and ``2024-05-01`` into a date."""
        if isinstance(value, (int, dt.date)) and not isinstance(value, bool):
            return value.isoformat() if isinstance(value, dt.date) else str(value)
        return value

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        dt.date(parts[0], parts[1], parts[2])  # raises ValueError on 2024-13
        return value

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        precisions: tuple[Literal["year"], Literal["month"], Literal["day"]] = ("year", "month", "day")
        return precisions[self.date.count("-")]

    @property
    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


class Dates(_Frozen):
    start: PartialDate | None = None
    primary_completion: PartialDate | None = None
    completion: PartialDate | None = None
    first_posted: PartialDate | None = None
    last_update_posted: PartialDate | None = None
    status_verified: PartialDate | None = None
    #: When the registry produced this version of the record (CT.gov's
    #: ``versionHolder``, or the legacy XML ``download_date``).
    version: PartialDate | None = None


class Enrollment(_Frozen):
    count: int = Field(ge=0)
    type: DateType | None = None


class SecondaryId(_Frozen):
    id: str
    type: SecondaryIdType | None = None
    domain: str | None = None
    link: str | None = None


class Organization(_Frozen):
    name: str
    kind: AgencyClass | None = None


class ResponsibleParty(_Frozen):
    type: ResponsiblePartyType | None = None
    name: str | None = None
    title: str | None = None
    affiliation: str | None = None


class Official(_Frozen):
    name: str
    role: OfficialRole | None = None
    affiliation: str | None = None


class Contact(_Frozen):
    name: str | None = None
    role: ContactRole | None = None
    phone: str | None = None
    phone_ext: str | None = None
    email: str | None = None


class Intervention(_Frozen):
    type: InterventionType | None = None
    name: str
    other_names: tuple[str, ...] = ()
    description: str | None = None
    arm_labels: tuple[str, ...] = ()


class Arm(_Frozen):
    label: str
    type: ArmType | None = None
    description: str | None = None
    #: Names of the interventions this arm receives, without CT.gov's "Drug: " prefix.
    interventions: tuple[str, ...] = ()


class Outcome(_Frozen):
    measure: str
    description: str | None = None
    time_frame: str | None = None


class Design(_Frozen):
    allocation: Allocation | None = None
    intervention_model: InterventionModel | None = None
    observational_model: ObservationalModel | None = None
    time_perspective: TimePerspective | None = None
    primary_purpose: PrimaryPurpose | None = None
    masking: Masking | None = None
    who_masked: tuple[WhoMasked, ...] = ()
    #: The registry's own words on the masking ("staff in the catheter laboratory will not be blinded").
    masking_description: str | None = None
    #: The registry's own words on the groups ("two cohorts enrolled in parallel", "divided by the site of the lesion").
    intervention_model_description: str | None = None


class Age(_Frozen):
    """An age limit. A registry "N/A" is no limit, so it is ``None``, not an Age."""

    #: Each branch carries the bound, so the JSON Schema says ``minimum`` (a bound on the union would be a non-standard ``ge``).
    value: Annotated[int, Field(ge=0)] | Annotated[float, Field(ge=0)]
    unit: AgeUnit = AgeUnit.YEARS

    def __str__(self) -> str:
        unit = self.unit.value
        if self.value == 1:
            unit = unit[:-1]
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{value} {unit}"


class Criterion(_Frozen):
    """One eligibility criterion; nested bullets are kept as children.

    A ``heading`` ("Part 2 (Cohorts D to G)") is no criterion itself: it says
    that its children apply only to that part of the study.
    """

    text: str
    children: tuple[Criterion, ...] = ()
    heading: bool = False


class Eligibility(_Frozen):
    #: The registry's criteria text, verbatim (escapes and all).
    text: str | None = None
    inclusion: tuple[Criterion, ...] = ()
    exclusion: tuple[Criterion, ...] = ()
    sex: Sex | None = None
    gender_based: bool | None = None
    healthy_volunteers: bool | None = None
    minimum_age: Age | None = None
    maximum_age: Age | None = None
    std_ages: tuple[AgeGroup, ...] = ()
    study_population: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_text(cls, data: Any) -> Any:
        """A hand-written document may give only the text: parse the lists from it."""
        if isinstance(data, dict) and data.get("text") and not data.get("inclusion") and not data.get("exclusion"):
            inclusion, exclusion = parse_criteria(str(data["text"]))
            data = {**data, "inclusion": inclusion, "exclusion": exclusion}
        return data


class GeoPoint(_Frozen):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Location(_Frozen):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    status: OverallStatus | None = None
    geo: GeoPoint | None = None
    contacts: tuple[Contact, ...] = ()


class LaySummary(_Frozen):
    """Plain-language text an editor wrote; it always wins over drafted text."""

    title: str | None = None
    at_a_glance: str | None = None
    what: str | None = None
    good_fit: str | None = None
    not_a_fit: str | None = None
    benefit: str | None = None
    similar_studies: str | None = None
    reviewed: dt.date | None = None
    reviewed_by: str | None = None
    #: Fingerprint of the registry facts the text was written against.
    fingerprint: str | None = None


# ---------------------------------------------------------------- results
# Posted results (CT.gov ``resultsSection`` / legacy ``clinical_results``).
# Numbers of people are whole numbers; measured values keep the registry's
# own text ("45.2", "NA"), so a summary quotes exactly what was posted.


class OutcomeType(StrEnum):
    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"
    OTHER_PRE_SPECIFIED = "OTHER_PRE_SPECIFIED"
    POST_HOC = "POST_HOC"


class ResultGroup(_Frozen):
    """A group as the results report it (often an arm, sometimes arms pooled)."""

    id: str
    title: str
    description: str | None = None


class GroupCount(_Frozen):
    """How many people (or units) in one group."""

    group_id: str
    count: int = Field(ge=0)


class Milestone(_Frozen):
    #: "STARTED", "COMPLETED", "NOT COMPLETED", or the registry's own label.
    type: str
    counts: tuple[GroupCount, ...] = ()
    comment: str | None = None


class DropReason(_Frozen):
    reason: str
    counts: tuple[GroupCount, ...] = ()


class FlowPeriod(_Frozen):
    title: str
    milestones: tuple[Milestone, ...] = ()
    drop_reasons: tuple[DropReason, ...] = ()

    def milestone(self, kind: str) -> tuple[int, Milestone] | None:
        """The milestone of a kind ("STARTED", "COMPLETED") and its index, whatever the registry's case."""
        return next(((i, m) for i, m in enumerate(self.milestones) if m.type.strip().upper() == kind), None)


class ParticipantFlow(_Frozen):
    recruitment_details: str | None = None
    pre_assignment_details: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    periods: tuple[FlowPeriod, ...] = ()


class Measurement(_Frozen):
    group_id: str
    value: str | None = None
    spread: str | None = None
    lower_limit: str | None = None
    upper_limit: str | None = None
    comment: str | None = None


class MeasureCategory(_Frozen):
    title: str | None = None
    measurements: tuple[Measurement, ...] = ()


class MeasureClass(_Frozen):
    title: str | None = None
    categories: tuple[MeasureCategory, ...] = ()
    #: Per-class numbers analysed, where they differ from the measure's.
    denoms: tuple[GroupCount, ...] = ()
    #: Per-class numbers of the measure's other unit of analysis ("Questionnaires"), where the record gives them.
    unit_denoms: tuple[GroupCount, ...] = ()


def table_cells(classes: tuple[MeasureClass, ...]) -> Iterator[tuple[str, MeasureClass, MeasureCategory, Measurement]]:
    """Every measurement of a results table, with its path below the measure
    (``.classes[0].categories[1].measurements[2]``) and the class and category it sits in."""
    for ci, cls in enumerate(classes):
        for ki, cat in enumerate(cls.categories):
            for vi, measurement in enumerate(cat.measurements):
                yield f".classes[{ci}].categories[{ki}].measurements[{vi}]", cls, cat, measurement


class Measure(_Frozen):
    """One baseline measure: a title, how it is summarised, and values per group."""

    title: str
    description: str | None = None
    population_description: str | None = None
    #: CT.gov ``paramType`` ("COUNT_OF_PARTICIPANTS", "MEAN", ...).
    param_type: str | None = None
    dispersion_type: str | None = None
    unit: str | None = None
    denoms: tuple[GroupCount, ...] = ()
    classes: tuple[MeasureClass, ...] = ()


class Analysis(_Frozen):
    group_ids: tuple[str, ...] = ()
    group_description: str | None = None
    non_inferiority_type: str | None = None
    #: As posted: "0.0245", "<0.001", "=0.247".
    p_value: str | None = None
    p_value_comment: str | None = None
    statistical_method: str | None = None
    param_type: str | None = None
    param_value: str | None = None
    ci_percent: str | None = None
    ci_lower_limit: str | None = None
    ci_upper_limit: str | None = None
    estimate_comment: str | None = None


class OutcomeResult(_Frozen):
    type: OutcomeType | None = None
    title: str
    description: str | None = None
    population_description: str | None = None
    #: False when the registry lists the measure but no data are posted yet.
    posted: bool = True
    time_frame: str | None = None
    param_type: str | None = None
    dispersion_type: str | None = None
    unit: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    denoms: tuple[GroupCount, ...] = ()
    #: When the record also analyses something other than people ("Questionnaires", "Eyes"):
    #: its unit and how many of them each group had, so a count of them is never read as people.
    analysis_unit: str | None = None
    unit_denoms: tuple[GroupCount, ...] = ()
    classes: tuple[MeasureClass, ...] = ()
    analyses: tuple[Analysis, ...] = ()


class Baseline(_Frozen):
    population_description: str | None = None
    groups: tuple[ResultGroup, ...] = ()
    #: How many people were analysed at baseline, per group.
    denoms: tuple[GroupCount, ...] = ()
    measures: tuple[Measure, ...] = ()


class EventCount(_Frozen):
    group_id: str
    affected: int = Field(ge=0)
    at_risk: int = Field(ge=0)
    events: int | None = Field(default=None, ge=0)


class AdverseEvent(_Frozen):
    term: str
    organ_system: str | None = None
    assessment_type: str | None = None
    vocabulary: str | None = None
    counts: tuple[EventCount, ...] = ()


class EventGroup(_Frozen):
    """A group's totals: people with any serious / other event, and deaths."""

    id: str
    title: str
    description: str | None = None
    serious: EventCount | None = None
    other: EventCount | None = None
    deaths: EventCount | None = None


class AdverseEvents(_Frozen):
    time_frame: str | None = None
    description: str | None = None
    #: Other (non-serious) events are listed only above this percentage.
    frequency_threshold: str | None = None
    groups: tuple[EventGroup, ...] = ()
    serious: tuple[AdverseEvent, ...] = ()
    other: tuple[AdverseEvent, ...] = ()


class PointOfContact(_Frozen):
    title: str | None = None
    organization: str | None = None
    email: str | None = None
    phone: str | None = None
    phone_ext: str | None = None


class Results(_Frozen):
    participant_flow: ParticipantFlow = ParticipantFlow()
    baseline: Baseline = Baseline()
    outcomes: tuple[OutcomeResult, ...] = ()
    adverse_events: AdverseEvents = AdverseEvents()
    limitations: str | None = None
    point_of_contact: PointOfContact | None = None


# ---------------------------------------------------------------- folding

_FOLD_RE = re.compile(r"[\W_]+", re.UNICODE)


def fold_key(name: str) -> str:
    """Case- and punctuation-insensitive key: 'CAR-T', 'CAR T' and 'cart' are one name."""
    return _FOLD_RE.sub("", name.casefold())


def fold_names(names: tuple[str, ...] | list[str], *, seen: set[str] | None = None) -> tuple[str, ...]:
    """Drop names that fold to one already seen, keeping the first spelling."""
    seen = set() if seen is None else seen
    kept: list[str] = []
    for name in names:
        key = fold_key(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


def fold_interventions(items: tuple[Intervention, ...]) -> tuple[Intervention, ...]:
    """Merge interventions whose names fold together, and drop other-names that
    repeat a name already listed anywhere in the trial.

    The seed page listed "CART, CAR-T, ... CAR T" as three interventions; after
    folding a reader sees one.
    """
    merged: dict[str, Intervention] = {}
    for item in items:
        key = fold_key(item.name)
        if key in merged:
            first = merged[key]
            merged[key] = first.model_copy(
                update={
                    "other_names": first.other_names + item.other_names,
                    "arm_labels": tuple(dict.fromkeys(first.arm_labels + item.arm_labels)),
                    "description": first.description or item.description,
                    "type": first.type or item.type,
                }
            )
        else:
            merged[key] = item
    seen = set(merged)
    return tuple(item.model_copy(update={"other_names": fold_names(item.other_names, seen=seen)}) for item in merged.values())


# ---------------------------------------------------------------- the trial


class Trial(_Frozen):
    """One clinical study in canonical form."""

    schema_version: int = SCHEMA_VERSION
    nct_id: str = Field(pattern=NCT_ID_PATTERN)
    org_study_id: str | None = None
    secondary_ids: tuple[SecondaryId, ...] = ()
    acronym: str | None = None
    brief_title: str
    official_title: str | None = None

    overall_status: OverallStatus
    last_known_status: OverallStatus | None = None
    why_stopped: str | None = None
    study_type: StudyType | None = None
    phases: tuple[Phase, ...] = ()
    design: Design = Design()
    dates: Dates = Dates()
    enrollment: Enrollment | None = None

    sponsor: Organization
    collaborators: tuple[Organization, ...] = ()
    responsible_party: ResponsibleParty | None = None
    officials: tuple[Official, ...] = ()

    conditions: tuple[str, ...] = ()
    #: The registry's MeSH terms for the conditions (CT.gov ``derivedSection``),
    #: a fallback when a condition entry is not the name of an illness.
    condition_mesh_terms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    arms: tuple[Arm, ...] = ()
    primary_outcomes: tuple[Outcome, ...] = ()
    secondary_outcomes: tuple[Outcome, ...] = ()

    eligibility: Eligibility = Eligibility()
    locations: tuple[Location, ...] = ()
    central_contacts: tuple[Contact, ...] = ()

    brief_summary: str | None = None
    detailed_description: str | None = None
    #: Whether the registry holds posted results for this study.
    has_results: bool = False
    #: The posted results, when the source carries them.
    results: Results | None = None
    lay: LaySummary | None = None

    @field_validator("interventions")
    @classmethod
    def _fold_interventions(cls, value: tuple[Intervention, ...]) -> tuple[Intervention, ...]:
        return fold_interventions(value)

    @property
    def url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}"

    @property
    def api_url(self) -> str:
        return f"https://clinicaltrials.gov/api/v2/studies/{self.nct_id}"


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the canonical document (``trialdocs schema``)."""
    schema = Trial.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://trialdocs.invalid/schema/trial-{SCHEMA_VERSION}.json"
    return schema
