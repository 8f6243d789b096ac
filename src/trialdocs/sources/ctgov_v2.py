"""ClinicalTrials.gov API v2 study JSON -> canonical :class:`~trialdocs.model.Trial`."""

from __future__ import annotations

import re
from typing import Any

import pydantic

from trialdocs.errors import FieldError
from trialdocs.model import (
    AgeGroup,
    AgencyClass,
    Allocation,
    Arm,
    ArmType,
    Contact,
    ContactRole,
    Dates,
    Design,
    Eligibility,
    Enrollment,
    GeoPoint,
    Intervention,
    InterventionModel,
    InterventionType,
    Location,
    Masking,
    ObservationalModel,
    Official,
    OfficialRole,
    Organization,
    Outcome,
    OverallStatus,
    PartialDate,
    Phase,
    PrimaryPurpose,
    ResponsibleParty,
    ResponsiblePartyType,
    SecondaryId,
    SecondaryIdType,
    Sex,
    StudyType,
    TimePerspective,
    Trial,
    WhoMasked,
)
from trialdocs.sources._limits import check_conditions, check_criteria, check_criteria_text
from trialdocs.sources._reader import Node, model_error
from trialdocs.sources._v2_results import results_from_v2
from trialdocs.sources._values import parse_age, parse_date, parse_date_type

_TYPE_PREFIX_RE = re.compile(r"^[A-Za-z ]+:\s*")


def is_v2_study(data: Any) -> bool:
    return isinstance(data, dict) and "protocolSection" in data


def nct_id_of(data: Any) -> str | None:
    """The NCT id of a raw v2 record, if it has a readable one (for error messages)."""
    try:
        value = data["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


_MODEL_PATHS = {
    "nct_id": "$.protocolSection.identificationModule.nctId",
    "brief_title": "$.protocolSection.identificationModule.briefTitle",
    "enrollment": "$.protocolSection.designModule.enrollmentInfo",
    "locations": "$.protocolSection.contactsLocationsModule.locations",
    "eligibility": "$.protocolSection.eligibilityModule",
}


def from_v2(data: Any) -> Trial:
    """Build a Trial from one API v2 study object. Raises FieldError with a path."""
    try:
        return _from_v2(data)
    except pydantic.ValidationError as exc:
        raise model_error(exc, _MODEL_PATHS, nct_id_of(data)) from None


def _from_v2(data: Any) -> Trial:
    root = Node(data)
    ps = root.obj("protocolSection")
    ident = ps.obj("identificationModule")
    status = ps.obj("statusModule")
    design_mod = ps.obj("designModule")
    sponsors = ps.obj("sponsorCollaboratorsModule")
    elig = ps.obj("eligibilityModule")
    arms_mod = ps.obj("armsInterventionsModule")
    contacts = ps.obj("contactsLocationsModule")

    lead = sponsors.obj("leadSponsor")
    org_study = ident.obj("orgStudyIdInfo")
    conditions = ps.obj("conditionsModule").strs("conditions")
    check_conditions(conditions, ps.obj("conditionsModule").at("conditions"))
    return Trial(
        nct_id=ident.req("nctId"),
        org_study_id=org_study.text("id"),
        secondary_ids=tuple(
            SecondaryId(id=s.req("id"), type=s.enum("type", SecondaryIdType), domain=s.text("domain"), link=s.text("link"))
            for s in ident.objs("secondaryIdInfos")
        ),
        acronym=ident.text("acronym"),
        brief_title=ident.req("briefTitle"),
        official_title=ident.text("officialTitle"),
        overall_status=_required_enum(status, "overallStatus", OverallStatus),
        last_known_status=status.enum("lastKnownStatus", OverallStatus),
        why_stopped=status.text("whyStopped"),
        study_type=design_mod.enum("studyType", StudyType),
        phases=design_mod.enums("phases", Phase),
        design=_design(design_mod.obj("designInfo")),
        dates=_dates(status, root.obj("derivedSection").obj("miscInfoModule")),
        enrollment=_enrollment(design_mod.obj("enrollmentInfo")),
        sponsor=Organization(name=lead.req("name"), kind=lead.enum("class", AgencyClass)),
        collaborators=tuple(
            Organization(name=c.req("name"), kind=c.enum("class", AgencyClass)) for c in sponsors.objs("collaborators")
        ),
        responsible_party=_responsible_party(sponsors.opt_obj("responsibleParty")),
        officials=tuple(
            Official(name=o.req("name"), role=o.enum("role", OfficialRole), affiliation=o.text("affiliation"))
            for o in contacts.objs("overallOfficials")
        ),
        conditions=conditions,
        condition_mesh_terms=tuple(
            t for m in root.obj("derivedSection").obj("conditionBrowseModule").objs("meshes") if (t := m.text("term"))
        ),
        keywords=ps.obj("conditionsModule").strs("keywords"),
        interventions=tuple(
            Intervention(
                type=i.enum("type", InterventionType),
                name=i.req("name"),
                other_names=i.strs("otherNames"),
                description=i.text("description"),
                arm_labels=i.strs("armGroupLabels"),
            )
            for i in arms_mod.objs("interventions")
        ),
        arms=tuple(
            Arm(
                label=a.req("label"),
                type=a.enum("type", ArmType),
                description=a.text("description"),
                interventions=tuple(_TYPE_PREFIX_RE.sub("", n) for n in a.strs("interventionNames")),
            )
            for a in arms_mod.objs("armGroups")
        ),
        primary_outcomes=_outcomes(ps.obj("outcomesModule"), "primaryOutcomes"),
        secondary_outcomes=_outcomes(ps.obj("outcomesModule"), "secondaryOutcomes"),
        eligibility=_eligibility(elig),
        locations=tuple(_location(loc) for loc in contacts.objs("locations")),
        central_contacts=tuple(_contact(c) for c in contacts.objs("centralContacts")),
        brief_summary=ps.obj("descriptionModule").text("briefSummary"),
        detailed_description=ps.obj("descriptionModule").text("detailedDescription"),
        has_results=bool(data.get("hasResults")) or "resultsSection" in data,
        results=results_from_v2(root.opt_obj("resultsSection")),
    )


def _required_enum(node: Node, key: str, cls: type[OverallStatus]) -> OverallStatus:
    value = node.enum(key, cls)
    if value is None:
        raise FieldError("missing value", path=node.at(key))
    return value


def _struct_date(node: Node, key: str) -> PartialDate | None:
    struct = node.obj(key)
    return parse_date(struct.text("date"), struct.at("date"), parse_date_type(struct.text("type"), struct.at("type")))


def _dates(status: Node, misc: Node) -> Dates:
    return Dates(
        start=_struct_date(status, "startDateStruct"),
        primary_completion=_struct_date(status, "primaryCompletionDateStruct"),
        completion=_struct_date(status, "completionDateStruct"),
        first_posted=_struct_date(status, "studyFirstPostDateStruct"),
        last_update_posted=_struct_date(status, "lastUpdatePostDateStruct"),
        status_verified=parse_date(status.text("statusVerifiedDate"), status.at("statusVerifiedDate")),
        version=parse_date(misc.text("versionHolder"), misc.at("versionHolder")),
    )


def _design(info: Node) -> Design:
    masking = info.obj("maskingInfo")
    return Design(
        allocation=info.enum("allocation", Allocation),
        intervention_model=info.enum("interventionModel", InterventionModel),
        observational_model=info.enum("observationalModel", ObservationalModel),
        time_perspective=info.enum("timePerspective", TimePerspective),
        primary_purpose=info.enum("primaryPurpose", PrimaryPurpose),
        masking=masking.enum("masking", Masking),
        who_masked=masking.enums("whoMasked", WhoMasked),
        masking_description=masking.text("maskingDescription"),
        intervention_model_description=info.text("interventionModelDescription"),
    )


def _enrollment(info: Node) -> Enrollment | None:
    count = info.integer("count")
    if count is None:
        return None
    if count < 0:
        raise FieldError(f"negative enrollment {count}", path=info.at("count"))
    return Enrollment(count=count, type=parse_date_type(info.text("type"), info.at("type")))


def _responsible_party(node: Node | None) -> ResponsibleParty | None:
    if node is None:
        return None
    return ResponsibleParty(
        type=node.enum("type", ResponsiblePartyType),
        name=node.text("investigatorFullName"),
        title=node.text("investigatorTitle"),
        affiliation=node.text("investigatorAffiliation"),
    )


def _outcomes(node: Node, key: str) -> tuple[Outcome, ...]:
    return tuple(
        Outcome(measure=o.req("measure"), description=o.text("description"), time_frame=o.text("timeFrame"))
        for o in node.objs(key)
    )


def _eligibility(node: Node) -> Eligibility:
    text = node.text("eligibilityCriteria")
    check_criteria_text(text, node.at("eligibilityCriteria"))
    eligibility = Eligibility(
        text=text,
        sex=node.enum("sex", Sex),
        gender_based=node.boolean("genderBased"),
        healthy_volunteers=node.boolean("healthyVolunteers"),
        minimum_age=parse_age(node.text("minimumAge"), node.at("minimumAge")),
        maximum_age=parse_age(node.text("maximumAge"), node.at("maximumAge")),
        std_ages=node.enums("stdAges", AgeGroup),
        study_population=node.text("studyPopulation"),
    )
    check_criteria(eligibility, node.at("eligibilityCriteria"))
    return eligibility


def _contact(node: Node) -> Contact:
    return Contact(
        name=node.text("name"),
        role=node.enum("role", ContactRole),
        phone=node.text("phone"),
        phone_ext=node.text("phoneExt"),
        email=node.text("email"),
    )


def _location(node: Node) -> Location:
    geo = node.opt_obj("geoPoint")
    point = None
    if geo is not None:
        lat, lon = geo.number("lat"), geo.number("lon")
        if lat is not None and lon is not None:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise FieldError(f"geo point out of range ({lat}, {lon})", path=geo.path)
            point = GeoPoint(lat=lat, lon=lon)
    return Location(
        facility=node.text("facility"),
        city=node.text("city"),
        state=node.text("state"),
        zip=node.text("zip"),
        country=node.text("country"),
        status=node.enum("status", OverallStatus),
        geo=point,
        contacts=tuple(_contact(c) for c in node.objs("contacts")),
    )
