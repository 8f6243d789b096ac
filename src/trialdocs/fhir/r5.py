"""Canonical Trial -> FHIR R5 resources, as plain JSON dicts.

Building dicts and validating them once with fhir.resources is the fast path:
constructing pydantic models field by field and dumping them again would parse
everything twice. Ids are derived from the NCT id and the element, so the same
trial always gives the same resources.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from trialdocs.fhir import codes as c
from trialdocs.model import (
    Location,
    Organization,
    PartialDate,
    Trial,
    fold_key,
)
from trialdocs.scope import ScopedCriterion, scoped

Json = dict[str, Any]
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def base_id(trial: Trial) -> str:
    return trial.nct_id.lower()


def slug(text: str, limit: int = 40) -> str:
    """An id-safe slug; a short hash keeps distinct long names distinct."""
    s = _SLUG_RE.sub("-", text.lower()).strip("-")[:limit].strip("-") or "x"
    return f"{s}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def org_id(trial: Trial, org: Organization) -> str:
    return f"{base_id(trial)}-org-{hashlib.sha1(fold_key(org.name).encode()).hexdigest()[:10]}"


def organizations(trial: Trial) -> list[Organization]:
    """Sponsor and collaborators, deduplicated by folded name, sponsor first."""
    seen: set[str] = set()
    out = []
    for org in (trial.sponsor, *trial.collaborators):
        key = fold_key(org.name)
        if key not in seen:
            seen.add(key)
            out.append(org)
    return out


def ext(name: str, **value: Any) -> Json:
    return {"url": c.EXT + name, **value}


def _drop_empty(obj: Json) -> Json:
    return {k: v for k, v in obj.items() if v not in (None, [], {}, "")}


def ref(resource_type: str, rid: str, display: str | None = None) -> Json:
    return _drop_empty({"reference": f"{resource_type}/{rid}", "display": display})


def identifiers(trial: Trial) -> list[Json]:
    out: list[Json] = [{"use": "official", "system": c.CTGOV, "value": trial.nct_id}]
    if trial.org_study_id:
        out.append({"use": "secondary", "type": {"text": "Org Study ID"}, "value": trial.org_study_id})
    for sid in trial.secondary_ids:
        out.append(
            _drop_empty(
                {
                    "use": "secondary",
                    "type": _drop_empty(
                        {
                            "coding": [c.ctgov("SecondaryIdType", sid.type.value)] if sid.type else [],
                            "text": sid.domain or "Secondary ID",
                        }
                    ),
                    "value": sid.id,
                    "system": sid.link if sid.link and sid.link.startswith("http") else None,
                }
            )
        )
    return out


def labels(trial: Trial) -> list[Json]:
    out = []
    for code, text, value in (
        ("official", "Official Title", trial.official_title),
        ("short-title", "Brief Title", trial.brief_title),
        ("acronym", "Acronym", trial.acronym),
        ("plain-language", "Plain Language Title", trial.lay.title if trial.lay else None),
    ):
        if value:
            out.append({"type": {"coding": [c.coding(c.TITLE_TYPE, code)], "text": text}, "value": value})
    return out


def status_concept(trial: Trial) -> Json:
    codings = []
    code = c.STATUS_CODES.get(trial.overall_status)
    if code:
        codings.append(c.coding(c.STATUS, code))
    codings.append(c.ctgov("OverallStatus", trial.overall_status.value))
    return {"coding": codings}


def period(start: PartialDate | None, end: PartialDate | None) -> Json | None:
    return _drop_empty({"start": start.date if start else None, "end": end.date if end else None}) or None


def progress_status(trial: Trial) -> list[Json]:
    d = trial.dates
    out: list[Json] = [{"state": status_concept(trial)}]
    if trial.last_known_status is not None:
        known = c.STATUS_CODES.get(trial.last_known_status)
        codings = ([c.coding(c.STATUS, known)] if known else []) + [c.ctgov("OverallStatus", trial.last_known_status.value)]
        out.append({"state": {"coding": codings, "text": "Last known status"}})
    if d.start or d.completion:
        actual = bool(d.completion and d.completion.type and d.completion.type.value == "ACTUAL")
        out.append(
            {
                "state": {"coding": [c.coding(c.STATUS, "overall-study")]},
                "actual": actual,
                "period": period(d.start, d.completion),
            }
        )
    for text, date, is_start in (
        ("Study start", d.start, True),
        ("Primary completion", d.primary_completion, False),
        ("Study completion", d.completion, False),
    ):
        if date is not None:
            entry: Json = {"state": {"text": text}, "period": {"start" if is_start else "end": date.date}}
            if date.type is not None:
                entry["actual"] = date.type.value == "ACTUAL"
            out.append(entry)
    return out


def phase_concept(trial: Trial) -> Json | None:
    if not trial.phases:
        return None
    codings = []
    fhir = c.phase_code(trial.phases)
    if fhir:
        codings.append(c.coding(c.PHASE, fhir[0]))
    codings += [c.ctgov("Phase", p.value) for p in trial.phases]
    return {"coding": codings}


def study_design(trial: Trial) -> list[Json]:
    d = trial.design
    out = []
    for label, enum_name, value in (
        ("Study type", "StudyType", trial.study_type),
        ("Allocation", "DesignAllocation", d.allocation),
        ("Intervention model", "InterventionalAssignment", d.intervention_model),
        ("Observational model", "ObservationalModel", d.observational_model),
        ("Time perspective", "DesignTimePerspective", d.time_perspective),
        ("Masking", "DesignMasking", d.masking),
    ):
        if value is not None:
            out.append({"coding": [c.ctgov(enum_name, value.value)], "text": f"{label}: {c.display(value.value)}"})
    for who in d.who_masked:
        out.append({"coding": [c.ctgov("WhoMasked", who.value)], "text": f"Who masked: {c.display(who.value)}"})
    if d.masking_description:
        # The registry's own words on the masking: text only, as no code system holds them.
        out.append({"text": f"{c.MASKING_DESCRIPTION}{d.masking_description}"})
    if d.intervention_model_description:
        out.append({"text": f"{c.MODEL_DESCRIPTION}{d.intervention_model_description}"})
    return out


def purpose(trial: Trial) -> Json | None:
    p = trial.design.primary_purpose
    if p is None:
        return None
    codings = [c.coding(c.PURPOSE, c.PURPOSE_CODES[p])] if p in c.PURPOSE_CODES else []
    return {"coding": codings + [c.ctgov("PrimaryPurpose", p.value)]}


def focus(trial: Trial) -> list[Json]:
    out = []
    for item in trial.interventions:
        concept: Json = {"text": item.name}
        if item.type:
            concept["coding"] = [c.ctgov("InterventionType", item.type.value)]
        entry: Json = {"concept": concept}
        if item.other_names:
            entry["extension"] = [ext("other-name", valueString=n) for n in item.other_names]
        out.append(entry)
    return out


def arm_type_concept(arm_type: Any) -> Json | None:
    if arm_type is None:
        return None
    return {
        "coding": [c.coding(c.ARM_TYPE, c.ARM_CODES[arm_type]), c.ctgov("ArmGroupType", arm_type.value)],
        "text": c.display(arm_type.value),
    }


def comparison_groups(trial: Trial) -> list[Json]:
    return [
        _drop_empty(
            {
                "linkId": slug(arm.label),
                "name": arm.label,
                "type": arm_type_concept(arm.type),
                "description": arm.description,
                "intendedExposure": [{"display": name} for name in arm.interventions],
            }
        )
        for arm in trial.arms
    ]


def outcome_measures(trial: Trial) -> list[Json]:
    out = []
    for kind, outcomes in (("primary", trial.primary_outcomes), ("secondary", trial.secondary_outcomes)):
        for o in outcomes:
            out.append(
                _drop_empty(
                    {
                        "extension": [ext("outcome-time-frame", valueString=o.time_frame)] if o.time_frame else [],
                        "name": o.measure,
                        "type": [{"coding": [c.coding(c.OBJECTIVE_TYPE, kind)]}],
                        "description": o.description,
                    }
                )
            )
    return out


def associated_parties(trial: Trial) -> list[Json]:
    out = []
    for role, org in [("lead-sponsor", trial.sponsor)] + [("collaborator", o) for o in trial.collaborators]:
        out.append(
            _drop_empty(
                {
                    "name": org.name,
                    "role": {"coding": [c.coding(c.PARTY_ROLE, role)]},
                    "classifier": [{"coding": [c.ctgov("AgencyClass", org.kind.value)], "text": org.kind.value}]
                    if org.kind
                    else [],
                    "party": ref("Organization", org_id(trial, org), org.name),
                }
            )
        )
    for official in trial.officials:
        role_code = c.OFFICIAL_ROLES.get(official.role) if official.role else None
        codings = ([c.coding(c.PARTY_ROLE, role_code)] if role_code else []) + (
            [c.ctgov("OfficialRole", official.role.value)] if official.role else []
        )
        out.append(
            _drop_empty(
                {
                    "name": official.name,
                    "role": {"coding": codings} if codings else {"text": "Official"},
                    "classifier": [{"text": f"Affiliation: {official.affiliation}"}] if official.affiliation else [],
                }
            )
        )
    return out


def study_extensions(trial: Trial) -> list[Json]:
    """What CT.gov derives and FHIR has no element for: posted results, condition MeSH terms."""
    out = [ext("condition-mesh-term", valueString=term) for term in trial.condition_mesh_terms]
    if trial.has_results:
        out.append(ext("has-results", valueBoolean=True))
    return out


def research_study(trial: Trial) -> Json:
    bid = base_id(trial)
    enrollment = trial.enrollment
    recruitment: Json = {}  # extension first, as FHIR JSON orders it
    if enrollment is not None:
        key = "actualNumber" if enrollment.type and enrollment.type.value == "ACTUAL" else "targetNumber"
        recruitment[key] = enrollment.count
        if enrollment.type is not None:
            recruitment["extension"] = [ext("enrollment-type", valueCoding=c.ctgov("EnrollmentType", enrollment.type.value))]
    recruitment["eligibility"] = ref("Group", f"{bid}-eligibility")
    return _drop_empty(
        {
            "resourceType": "ResearchStudy",
            "id": bid,
            "extension": study_extensions(trial),
            "identifier": identifiers(trial),
            "name": trial.acronym,
            "title": trial.brief_title,
            "label": labels(trial),
            "protocol": [ref("PlanDefinition", f"{bid}-protocol")],
            "relatedArtifact": [{"type": "transforms", "document": {"url": trial.api_url}}],
            "date": trial.dates.last_update_posted.date if trial.dates.last_update_posted else None,
            "status": "active",
            "primaryPurposeType": purpose(trial),
            "phase": phase_concept(trial),
            "studyDesign": study_design(trial),
            "focus": focus(trial),
            "condition": [{"text": x} for x in trial.conditions],
            "keyword": [{"text": x} for x in trial.keywords],
            "descriptionSummary": trial.brief_summary,
            "description": trial.detailed_description,
            "period": period(trial.dates.start, trial.dates.completion),
            "site": [ref("Location", f"{bid}-site-{i + 1}") for i in range(len(trial.locations))],
            "associatedParty": associated_parties(trial),
            "progressStatus": progress_status(trial),
            "whyStopped": {"text": trial.why_stopped} if trial.why_stopped else None,
            "recruitment": recruitment,
            "comparisonGroup": comparison_groups(trial),
            "outcomeMeasure": outcome_measures(trial),
        }
    )


def plan_definition(trial: Trial) -> Json:
    by_name = {i.name: i for i in trial.interventions}

    def sub_action(name: str) -> Json:
        item = by_name.get(name)
        return _drop_empty(
            {
                "title": name,
                "description": item.description if item else None,
                "code": {"coding": [c.ctgov("InterventionType", item.type.value)]} if item and item.type else None,
            }
        )

    actions = [
        _drop_empty(
            {
                "linkId": slug(arm.label),
                "title": arm.label,
                "description": arm.description,
                "code": arm_type_concept(arm.type),
                "action": [sub_action(n) for n in arm.interventions],
            }
        )
        for arm in trial.arms
    ]
    in_arms = {n for arm in trial.arms for n in arm.interventions}
    actions += [sub_action(i.name) for i in trial.interventions if i.name not in in_arms]
    return _drop_empty(
        {
            "resourceType": "PlanDefinition",
            "id": f"{base_id(trial)}-protocol",
            "identifier": [{"system": c.CTGOV, "value": trial.nct_id}],
            "title": f"Protocol of {trial.nct_id}",
            "type": {"coding": [c.coding(c.PLAN_TYPE, "clinical-protocol")]},
            "status": "active",
            "action": actions,
        }
    )


def age_quantity(age: Any) -> Json:
    return {"value": age.value, "unit": age.unit.value, "system": c.UCUM, "code": c.AGE_UNITS[age.unit.value]}


def criterion_scope(s: ScopedCriterion) -> list[Json]:
    """The scope of a criterion, so a Group never inverts it (see ``trialdocs.scope``).

    ``kind`` is ``conditional``, ``permission`` or ``exception``; ``appliesTo``
    names the cohort heading a criterion sits under (its sub-items apply to
    that cohort only). Headings are no characteristics (``criterion_headings``);
    Bundles of earlier versions marked them ``kind: heading``, which the reader
    still understands.
    """
    inner = [
        {"url": "kind", "valueCode": k}
        for k, on in (
            ("conditional", s.conditional),
            ("permission", s.permission),
            ("exception", s.exception),
        )
        if on
    ]
    if s.heading and not s.is_heading:
        inner.append({"url": "appliesTo", "valueString": s.heading})
    return [ext("criterion-scope", extension=inner)] if inner else []


#: What a linked characteristic says of the exclusion it qualifies, by the scope flag it comes from.
QUALIFIER_LABELS = {
    "exception": "Exception to an exclusion criterion",
    "conditional": "Condition of an exclusion criterion",
    "permission": "Permission within an exclusion criterion",
}


def _clause(text: str) -> str:
    """A scope span as a clause: without the surrounding spaces and punctuation, and without an unmatched parenthesis."""
    out = text.strip(" \t\n,;:.")
    if out.startswith("(") and out.endswith(")"):
        out = out[1:-1].strip(" \t\n,;:.")
    if out.endswith(")") and "(" not in out:
        out = out[:-1].rstrip(" \t\n,;:.")
    if out.startswith("(") and ")" not in out:
        out = out[1:].lstrip(" \t\n,;:.")
    return out


def qualifiers(s: ScopedCriterion) -> list[tuple[str, str]]:
    """The exception, condition and permission clauses of a criterion, as (kind, clause), in text order.

    An exclusion keeps ``exclude: true`` and its qualifiers become separate
    characteristics, so neither the exclusion nor the people it lets in are
    lost. The clauses are the scope layer's spans; a flagged criterion whose
    spans give no clause is qualified by its whole text.
    """
    if s.plain or s.spans is None:
        return []
    found = sorted(
        (a, order, b, kind)
        for order, (kind, spans) in enumerate(
            (("exception", s.spans.exceptions), ("conditional", s.spans.conditions), ("permission", s.spans.permitted))
        )
        for a, b in spans
    )
    out: list[tuple[str, str]] = []
    for a, _, b, kind in found:
        clause = _clause(s.text[a:b])
        if clause and (kind, clause) not in out:
            out.append((kind, clause))
    if not out:
        kind = next(
            k for k, on in (("exception", s.exception), ("conditional", s.conditional), ("permission", s.permission)) if on
        )
        out.append((kind, s.text))
    return out


def _qualifier(kind: str, clause: str, target: str) -> Json:
    """A characteristic that qualifies the exclusion with element id ``target``.

    It is not a requirement of its own, so the link is a modifier extension:
    FHIR requires a reader to check modifier extensions, and one that does not
    know ``criterion-qualifies`` must not read the clause as a trait every
    member has.
    """
    link = ext("criterion-qualifies", extension=[{"url": "criterion", "valueString": target}, {"url": "kind", "valueCode": kind}])
    return {
        "modifierExtension": [link],
        "code": {"text": QUALIFIER_LABELS[kind]},
        "valueCodeableConcept": {"text": clause},
        "exclude": False,
    }


def _positions(trial: Trial) -> list[tuple[int, ScopedCriterion]]:
    """Each criterion with its place in its section's depth-first list (headings counted), the key headings are put back by."""
    counts = {"inclusion": 0, "exclusion": 0}
    out = []
    for s in scoped(trial.eligibility):
        out.append((counts[s.section], s))
        counts[s.section] += 1
    return out


def criterion_headings(trial: Trial) -> list[Json]:
    """The cohort and section headings, as ``criterion-heading`` extensions on the Group.

    A heading ("Part 2 (Cohorts D to G)") is no trait of anyone, so it is no
    characteristic; its items name it in ``appliesTo``, and this extension
    keeps its text, section, place and level so the round trip rebuilds the tree.
    """
    return [
        ext(
            "criterion-heading",
            extension=[
                {"url": "section", "valueCode": s.section},
                {"url": "index", "valueInteger": index},
                {"url": "level", "valueInteger": s.path.count(".children")},
                {"url": "text", "valueString": s.text},
            ],
        )
        for index, s in _positions(trial)
        if s.is_heading
    ]


def criteria_characteristics(trial: Trial) -> list[Json]:
    """One characteristic per criterion, depth first; headings are none (see ``criterion_headings``).

    Every exclusion has ``exclude: true``. An exception, condition or
    permission within it ("… unless due to Gilbert's syndrome", "patients with
    treated brain metastases are eligible") describes people who may still
    join: it follows the exclusion as a characteristic of its own that points
    back to it (``criterion-qualifies``), so the exclusion is not inverted and
    the people it lets in are not turned away.
    """
    out = []
    for index, s in _positions(trial):
        if s.is_heading:
            continue
        depth = s.path.count(".children")
        label = "Exclusion criterion" if s.section == "exclusion" else "Inclusion criterion"
        linked = qualifiers(s) if s.section == "exclusion" else []
        element_id = f"{s.section}-{index}" if linked else None
        out.append(
            _drop_empty(
                {
                    "id": element_id,
                    "extension": criterion_scope(s),
                    "code": {"text": label if depth == 0 else f"{label} (sub-item, level {depth})"},
                    "valueCodeableConcept": {"text": s.text},
                    "exclude": s.section == "exclusion",
                }
            )
        )
        out += [_qualifier(kind, clause, element_id) for kind, clause in linked if element_id]
    return out


def group(trial: Trial) -> Json:
    e = trial.eligibility
    chars: list[Json] = []
    if e.minimum_age or e.maximum_age:
        chars.append(
            {
                "code": {"coding": [c.coding(c.SNOMED, "424144002")]},
                "valueRange": _drop_empty(
                    {
                        "low": age_quantity(e.minimum_age) if e.minimum_age else None,
                        "high": age_quantity(e.maximum_age) if e.maximum_age else None,
                    }
                ),
                "exclude": False,
            }
        )
    if e.sex is not None:
        codings = [c.coding(c.GENDER, e.sex.value.lower())] if e.sex.value != "ALL" else []
        chars.append(
            {
                "code": {"coding": [c.coding(c.SNOMED, "263495000")]},
                "valueCodeableConcept": {"coding": codings + [c.ctgov("Sex", e.sex.value)], "text": c.display(e.sex.value)},
                "exclude": False,
            }
        )
    if e.healthy_volunteers is not None:
        chars.append({"code": {"text": "Accepts healthy volunteers"}, "valueBoolean": e.healthy_volunteers, "exclude": False})
    for group_ in e.std_ages:
        chars.append(
            {
                "code": {"text": "Standard age group"},
                "valueCodeableConcept": {"coding": [c.ctgov("StandardAge", group_.value)]},
                "exclude": False,
            }
        )
    chars += criteria_characteristics(trial)
    return _drop_empty(
        {
            "resourceType": "Group",
            "id": f"{base_id(trial)}-eligibility",
            "identifier": [{"system": c.CTGOV, "value": f"{trial.nct_id}-eligibility"}],
            "name": f"Eligibility criteria of {trial.nct_id}",
            "description": e.text,
            "extension": criterion_headings(trial),
            "type": "person",
            "membership": "definitional",
            "characteristic": chars,
        }
    )


def organization(trial: Trial, org: Organization) -> Json:
    return _drop_empty(
        {
            "resourceType": "Organization",
            "id": org_id(trial, org),
            "name": org.name,
            "type": [{"coding": [c.ctgov("AgencyClass", org.kind.value)]}] if org.kind else [],
        }
    )


def location(trial: Trial, index: int, site: Location) -> Json:
    address = _drop_empty({"city": site.city, "state": site.state, "postalCode": site.zip, "country": site.country})
    return _drop_empty(
        {
            "resourceType": "Location",
            "id": f"{base_id(trial)}-site-{index + 1}",
            "extension": [ext("site-recruitment-status", valueCoding=c.ctgov("RecruitmentStatus", site.status.value))]
            if site.status
            else [],
            "status": "active",
            "name": site.facility,
            "address": address or None,
            "position": {"latitude": site.geo.lat, "longitude": site.geo.lon} if site.geo else None,
        }
    )


def resources(trial: Trial) -> list[Json]:
    """Every resource for one trial, in a fixed order."""
    return [
        research_study(trial),
        plan_definition(trial),
        group(trial),
        *(organization(trial, o) for o in organizations(trial)),
        *(location(trial, i, s) for i, s in enumerate(trial.locations)),
    ]
