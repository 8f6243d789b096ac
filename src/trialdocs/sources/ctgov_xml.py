"""Legacy ClinicalTrials.gov ``<clinical_study>`` XML -> canonical Trial.

The legacy format writes enums as display text ("Active, not recruiting",
"Phase 1/Phase 2", "Parallel Assignment"); :func:`_enum` maps them onto the v2
names. Parsing goes through defusedxml, so entity bombs and external entities
are refused before any element is read.
"""

from __future__ import annotations

import re
import textwrap
from enum import StrEnum
from typing import TypeVar
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import pydantic
from defusedxml import DefusedXmlException

from trialdocs.errors import FieldError, UnreadableInputError
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
    Sex,
    StudyType,
    TimePerspective,
    Trial,
    WhoMasked,
)
from trialdocs.sources._limits import check_conditions, check_criteria, check_criteria_text
from trialdocs.sources._reader import model_error, to_enum
from trialdocs.sources._values import parse_age, parse_date, parse_date_type
from trialdocs.sources._xml_results import results_from_xml

E = TypeVar("E", bound=StrEnum)

_ALIASES: dict[str, str] = {
    "UNKNOWN_STATUS": "UNKNOWN",
    "BOTH": "ALL",
    "U_S_FED": "FED",
    "N_A": "NA",
    "EARLY_PHASE_1": "EARLY_PHASE1",
    "PHASE_1": "PHASE1",
    "PHASE_2": "PHASE2",
    "PHASE_3": "PHASE3",
    "PHASE_4": "PHASE4",
    "OUTCOMES_ASSESSOR": "OUTCOMES_ASSESSOR",
    "SPONSOR_INVESTIGATOR": "SPONSOR_INVESTIGATOR",
    "ECOLOGIC_OR_COMMUNITY_STUDIES": "ECOLOGIC_OR_COMMUNITY",
}
_KEY_RE = re.compile(r"[^A-Z0-9]+")
_DOWNLOAD_RE = re.compile(r"processed this data on (.+)$")


def _key(text: str) -> str:
    head = re.split(r"[(\[]", text, maxsplit=1)[0]
    key = _KEY_RE.sub("_", head.strip().upper()).strip("_")
    key = key.removesuffix("_ASSIGNMENT")
    return _ALIASES.get(key, key)


def _enum(cls: type[E], text: str | None, path: str) -> E | None:
    if text is None:
        return None
    return to_enum(cls, _key(text), path)


def _text(el: Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _block(root: Element, path: str) -> str | None:
    """A ``<textblock>``: hard-wrapped and indented in the source; dedent it."""
    text = root.findtext(path)
    if text is None:
        return None
    return textwrap.dedent(text.replace("\r\n", "\n")).strip() or None


def parse_xml(data: bytes, file: str | None = None) -> Trial:
    """Parse one legacy XML document. Bombs and external entities are refused."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnreadableInputError(f"unsafe XML refused ({type(exc).__name__})", file=file) from None
    except SafeET.ParseError as exc:
        raise UnreadableInputError(f"invalid XML: {exc}", file=file) from None
    if root.tag != "clinical_study":
        raise UnreadableInputError(f"not a clinical_study document (root element <{root.tag}>)", file=file)
    return from_xml(root)


_MODEL_PATHS = {"nct_id": "/clinical_study/id_info/nct_id", "brief_title": "/clinical_study/brief_title"}


def from_xml(root: Element) -> Trial:
    """Build a Trial from a ``<clinical_study>`` element. Raises FieldError with a path."""
    try:
        return _from_xml(root)
    except pydantic.ValidationError as exc:
        raise model_error(exc, _MODEL_PATHS, (root.findtext("id_info/nct_id") or "").strip() or None) from None


def _from_xml(root: Element) -> Trial:
    r = "/clinical_study"
    nct_id = root.findtext("id_info/nct_id")
    if not nct_id or not nct_id.strip():
        raise FieldError("missing value", path=f"{r}/id_info/nct_id")
    brief_title = _text(root.find("brief_title"))
    if not brief_title:
        raise FieldError("missing value", path=f"{r}/brief_title")
    status = _enum(OverallStatus, _text(root.find("overall_status")), f"{r}/overall_status")
    if status is None:
        raise FieldError("missing value", path=f"{r}/overall_status")
    study_type = _enum(StudyType, _study_type(root), f"{r}/study_type")
    lead = root.find("sponsors/lead_sponsor")
    if lead is None or not _text(lead.find("agency")):
        raise FieldError("missing value", path=f"{r}/sponsors/lead_sponsor/agency")
    return Trial(
        nct_id=nct_id.strip(),
        org_study_id=_text(root.find("id_info/org_study_id")),
        secondary_ids=tuple(SecondaryId(id=t) for e in root.findall("id_info/secondary_id") if (t := _text(e))),
        acronym=_text(root.find("acronym")),
        brief_title=brief_title,
        official_title=_text(root.find("official_title")),
        overall_status=status,
        last_known_status=_enum(OverallStatus, _text(root.find("last_known_status")), f"{r}/last_known_status"),
        why_stopped=_text(root.find("why_stopped")),
        study_type=study_type,
        phases=_phases(_text(root.find("phase")), study_type, f"{r}/phase"),
        design=_design(root.find("study_design_info"), f"{r}/study_design_info"),
        dates=_dates(root, r),
        enrollment=_enrollment(root.find("enrollment"), f"{r}/enrollment"),
        sponsor=_org(lead, f"{r}/sponsors/lead_sponsor"),
        collaborators=tuple(
            _org(c, f"{r}/sponsors/collaborator[{i + 1}]") for i, c in enumerate(root.findall("sponsors/collaborator"))
        ),
        responsible_party=_responsible_party(root.find("responsible_party"), f"{r}/responsible_party"),
        officials=tuple(
            Official(
                name=_text(o.find("last_name")) or "",
                role=_enum(OfficialRole, _text(o.find("role")), f"{r}/overall_official[{i + 1}]/role"),
                affiliation=_text(o.find("affiliation")),
            )
            for i, o in enumerate(root.findall("overall_official"))
            if _text(o.find("last_name"))
        ),
        conditions=check_conditions(tuple(t for e in root.findall("condition") if (t := _text(e))), f"{r}/condition"),
        condition_mesh_terms=tuple(t for e in root.findall("condition_browse/mesh_term") if (t := _text(e))),
        keywords=tuple(t for e in root.findall("keyword") if (t := _text(e))),
        interventions=tuple(_intervention(e, f"{r}/intervention[{i + 1}]") for i, e in enumerate(root.findall("intervention"))),
        arms=tuple(_arm(e, root, f"{r}/arm_group[{i + 1}]") for i, e in enumerate(root.findall("arm_group"))),
        primary_outcomes=_outcomes(root, "primary_outcome"),
        secondary_outcomes=_outcomes(root, "secondary_outcome"),
        eligibility=_eligibility(root, f"{r}/eligibility"),
        locations=tuple(_location(e, f"{r}/location[{i + 1}]") for i, e in enumerate(root.findall("location"))),
        central_contacts=tuple(
            _contact(e, ContactRole.CONTACT) for e in root.findall("overall_contact") + root.findall("overall_contact_backup")
        ),
        brief_summary=_block(root, "brief_summary/textblock"),
        detailed_description=_block(root, "detailed_description/textblock"),
        has_results=root.find("clinical_results") is not None,
        results=results_from_xml(root.find("clinical_results"), r),
    )


def _study_type(root: Element) -> str | None:
    text = _text(root.find("study_type"))
    return None if text is None or _key(text) == "NA" else text


def _phases(text: str | None, study_type: StudyType | None, path: str) -> tuple[Phase, ...]:
    if text is None:
        return ()
    if _key(text) == "NA":
        return (Phase.NA,) if study_type is StudyType.INTERVENTIONAL else ()
    return tuple(p for part in text.split("/") if (p := _enum(Phase, part, path)) is not None)


def _design(info: Element | None, path: str) -> Design:
    if info is None:
        return Design()
    masking_text = _text(info.find("masking"))
    who: tuple[WhoMasked, ...] = ()
    if masking_text and "(" in masking_text:
        inner = masking_text.split("(", 1)[1].rstrip(")")
        if _key(inner) != "OPEN_LABEL":
            who = tuple(w for part in inner.split(",") if (w := _enum(WhoMasked, part, f"{path}/masking")) is not None)
    return Design(
        allocation=_enum(Allocation, _text(info.find("allocation")), f"{path}/allocation"),
        intervention_model=_enum(InterventionModel, _text(info.find("intervention_model")), f"{path}/intervention_model"),
        observational_model=_enum(ObservationalModel, _text(info.find("observational_model")), f"{path}/observational_model"),
        time_perspective=_enum(TimePerspective, _text(info.find("time_perspective")), f"{path}/time_perspective"),
        primary_purpose=_enum(PrimaryPurpose, _text(info.find("primary_purpose")), f"{path}/primary_purpose"),
        masking=_enum(Masking, masking_text, f"{path}/masking"),
        who_masked=who,
        masking_description=_text(info.find("masking_description")),
        intervention_model_description=_text(info.find("intervention_model_description")),
    )


def _date(root: Element, tag: str, r: str) -> PartialDate | None:
    el = root.find(tag)
    if el is None:
        return None
    kind = parse_date_type(el.get("type"), f"{r}/{tag}/@type")
    return parse_date(_text(el), f"{r}/{tag}", kind)


def _dates(root: Element, r: str) -> Dates:
    download = root.findtext("required_header/download_date") or ""
    match = _DOWNLOAD_RE.search(download.strip())
    return Dates(
        start=_date(root, "start_date", r),
        primary_completion=_date(root, "primary_completion_date", r),
        completion=_date(root, "completion_date", r),
        first_posted=_date(root, "study_first_posted", r) or _date(root, "firstreceived_date", r),
        last_update_posted=_date(root, "last_update_posted", r) or _date(root, "lastchanged_date", r),
        status_verified=_date(root, "verification_date", r),
        version=parse_date(match.group(1), f"{r}/required_header/download_date") if match else None,
    )


def _enrollment(el: Element | None, path: str) -> Enrollment | None:
    text = _text(el)
    if el is None or text is None:
        return None
    if not text.isdigit():
        raise FieldError(f"expected a whole number, got {text!r:.40}", path=path)
    return Enrollment(count=int(text), type=parse_date_type(el.get("type"), f"{path}/@type"))


def _org(el: Element, path: str) -> Organization:
    name = _text(el.find("agency"))
    if not name:
        raise FieldError("missing value", path=f"{path}/agency")
    return Organization(name=name, kind=_enum(AgencyClass, _text(el.find("agency_class")), f"{path}/agency_class"))


def _responsible_party(el: Element | None, path: str) -> ResponsibleParty | None:
    if el is None:
        return None
    return ResponsibleParty(
        type=_enum(ResponsiblePartyType, _text(el.find("responsible_party_type")), f"{path}/responsible_party_type"),
        name=_text(el.find("investigator_full_name")),
        title=_text(el.find("investigator_title")),
        affiliation=_text(el.find("investigator_affiliation")),
    )


def _intervention(el: Element, path: str) -> Intervention:
    name = _text(el.find("intervention_name"))
    if not name:
        raise FieldError("missing value", path=f"{path}/intervention_name")
    return Intervention(
        type=_enum(InterventionType, _text(el.find("intervention_type")), f"{path}/intervention_type"),
        name=name,
        other_names=tuple(t for e in el.findall("other_name") if (t := _text(e))),
        description=_text(el.find("description")),
        arm_labels=tuple(t for e in el.findall("arm_group_label") if (t := _text(e))),
    )


def _arm(el: Element, root: Element, path: str) -> Arm:
    label = _text(el.find("arm_group_label"))
    if not label:
        raise FieldError("missing value", path=f"{path}/arm_group_label")
    names = tuple(
        name
        for i in root.findall("intervention")
        if label in [_text(a) for a in i.findall("arm_group_label")] and (name := _text(i.find("intervention_name")))
    )
    return Arm(
        label=label,
        type=_enum(ArmType, _text(el.find("arm_group_type")), f"{path}/arm_group_type"),
        description=_text(el.find("description")),
        interventions=names,
    )


def _outcomes(root: Element, tag: str) -> tuple[Outcome, ...]:
    return tuple(
        Outcome(measure=measure, description=_text(e.find("description")), time_frame=_text(e.find("time_frame")))
        for e in root.findall(tag)
        if (measure := _text(e.find("measure")))
    )


def _eligibility(root: Element, path: str) -> Eligibility:
    el = root.find("eligibility")
    if el is None:
        return Eligibility()
    healthy = _text(el.find("healthy_volunteers"))
    gender_based = _text(el.find("gender_based"))
    text = _block(el, "criteria/textblock")
    check_criteria_text(text, f"{path}/criteria/textblock")
    eligibility = Eligibility(
        text=text,
        sex=_enum(Sex, _text(el.find("gender")), f"{path}/gender"),
        gender_based=None if gender_based is None else gender_based.lower() == "yes",
        healthy_volunteers=None if healthy is None else healthy.lower().startswith("accepts"),
        minimum_age=parse_age(_text(el.find("minimum_age")), f"{path}/minimum_age"),
        maximum_age=parse_age(_text(el.find("maximum_age")), f"{path}/maximum_age"),
        std_ages=_std_ages(el),
        study_population=_block(el, "study_pop/textblock"),
    )
    check_criteria(eligibility, f"{path}/criteria/textblock")
    return eligibility


def _std_ages(el: Element) -> tuple[AgeGroup, ...]:
    # Legacy XML has no stdAges; CT.gov derives them from the limits the same way.
    low = parse_age(_text(el.find("minimum_age")), "")
    high = parse_age(_text(el.find("maximum_age")), "")
    lo_years = _years(low.value, low.unit.value) if low else 0.0
    hi_years = _years(high.value, high.unit.value) if high else 999.0
    groups = []
    if lo_years < 18:
        groups.append(AgeGroup.CHILD)
    if lo_years < 65 and hi_years >= 18:
        groups.append(AgeGroup.ADULT)
    if hi_years >= 65:
        groups.append(AgeGroup.OLDER_ADULT)
    return tuple(groups)


def _years(value: float, unit: str) -> float:
    per_year = {"years": 1, "months": 12, "weeks": 52, "days": 365, "hours": 8760, "minutes": 525600}
    return float(value) / per_year[unit]


def _contact(el: Element, role: ContactRole | None) -> Contact:
    return Contact(
        name=_text(el.find("last_name")),
        role=role,
        phone=_text(el.find("phone")),
        phone_ext=_text(el.find("phone_ext")),
        email=_text(el.find("email")),
    )


def _location(el: Element, path: str) -> Location:
    address = el.find("facility/address")
    contacts = [_contact(c, ContactRole.CONTACT) for c in el.findall("contact") + el.findall("contact_backup")]
    contacts += [
        _contact(c, _enum(ContactRole, _text(c.find("role")), f"{path}/investigator/role")) for c in el.findall("investigator")
    ]
    return Location(
        facility=_text(el.find("facility/name")),
        city=_text(address.find("city")) if address is not None else None,
        state=_text(address.find("state")) if address is not None else None,
        zip=_text(address.find("zip")) if address is not None else None,
        country=_text(address.find("country")) if address is not None else None,
        status=_enum(OverallStatus, _text(el.find("status")), f"{path}/status"),
        contacts=tuple(contacts),
    )
