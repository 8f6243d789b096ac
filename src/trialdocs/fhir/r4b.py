"""Canonical Trial -> FHIR R4B resources, for servers that speak R4.

R4B's ResearchStudy is smaller than R5's. What R5 holds natively goes into
named trialdocs extensions here (``EXT`` + name); the rest is dropped and
listed in ``DROPPED`` (and in docs/fhir.md). No code is invented.
"""

from __future__ import annotations

from trialdocs.fhir import codes as c
from trialdocs.fhir import r5
from trialdocs.fhir.r5 import Json, _drop_empty, ext, ref
from trialdocs.model import Trial

#: Canonical fields that the R4B flavour does not carry at all.
DROPPED = (
    "outcome descriptions and time frames (objective has only name and type)",
    "intervention other names",
    "officials other than the principal investigator",
    "the labels' title types (titles are kept in extensions)",
    "the progress-status periods (the dates are kept in extensions)",
)


def _status_extension(trial: Trial) -> Json:
    return ext("ctgov-overall-status", valueCoding=c.ctgov("OverallStatus", trial.overall_status.value))


def research_study(trial: Trial) -> Json:
    bid = r5.base_id(trial)
    extensions: list[Json] = [_status_extension(trial)]
    for name, value in (
        ("acronym", trial.acronym),
        ("official-title", trial.official_title),
        ("plain-language-title", trial.lay.title if trial.lay else None),
        ("detailed-description", trial.detailed_description),
    ):
        if value:
            extensions.append(ext(name, valueString=value))
    if trial.enrollment is not None:
        extensions.append(ext("enrollment-count", valueInteger=trial.enrollment.count))
        if trial.enrollment.type is not None:
            extensions.append(ext("enrollment-type", valueCoding=c.ctgov("EnrollmentType", trial.enrollment.type.value)))
    for label, date in (
        ("start-date", trial.dates.start),
        ("primary-completion-date", trial.dates.primary_completion),
        ("completion-date", trial.dates.completion),
    ):
        if date is not None:
            inner = [{"url": "date", "valueDateTime": date.date}]
            if date.type is not None:
                inner.append({"url": "type", "valueCode": date.type.value})
            extensions.append(ext(label, extension=inner))
    for org in trial.collaborators:
        extensions.append(ext("collaborator", valueReference=ref("Organization", r5.org_id(trial, org), org.name)))
    extensions += r5.study_extensions(trial)
    pi = next((o for o in trial.officials if o.role and "PRINCIPAL_INVESTIGATOR" in o.role.value), None)
    return _drop_empty(
        {
            "resourceType": "ResearchStudy",
            "id": bid,
            "extension": extensions,
            "identifier": r5.identifiers(trial),
            "title": trial.brief_title,
            "protocol": [ref("PlanDefinition", f"{bid}-protocol")],
            "status": c.R4_STATUS_CODES[trial.overall_status],
            "primaryPurposeType": r5.purpose(trial),
            "phase": r5.phase_concept(trial),
            "category": r5.study_design(trial),
            "focus": [
                _drop_empty({"coding": [c.ctgov("InterventionType", i.type.value)] if i.type else [], "text": i.name})
                for i in trial.interventions
            ],
            "condition": [{"text": x} for x in trial.conditions],
            "relatedArtifact": [{"type": "derived-from", "url": trial.api_url}],
            "keyword": [{"text": x} for x in trial.keywords],
            "description": trial.brief_summary,
            "enrollment": [ref("Group", f"{bid}-eligibility")],
            "period": r5.period(trial.dates.start, trial.dates.completion),
            "sponsor": ref("Organization", r5.org_id(trial, trial.sponsor), trial.sponsor.name),
            "principalInvestigator": {"display": pi.name} if pi else None,
            "site": [ref("Location", f"{bid}-site-{i + 1}") for i in range(len(trial.locations))],
            "reasonStopped": {"text": trial.why_stopped} if trial.why_stopped else None,
            "arm": [
                _drop_empty(
                    {"name": arm.label, "type": _r4b_concept(r5.arm_type_concept(arm.type)), "description": arm.description}
                )
                for arm in trial.arms
            ],
            "objective": [
                {"name": o.measure, "type": {"coding": [c.coding(c.OBJECTIVE_TYPE, kind)]}}
                for kind, outcomes in (("primary", trial.primary_outcomes), ("secondary", trial.secondary_outcomes))
                for o in outcomes
            ],
        }
    )


def _r4b_concept(concept: Json | None) -> Json | None:
    """The concept without codings from R5 code systems that R4B does not have (``codes.NOT_IN_R4B``)."""
    if concept is None:
        return None
    return _drop_empty({**concept, "coding": [x for x in concept.get("coding", []) if x["system"] not in c.NOT_IN_R4B]})


def _r4_actions(actions: list[Json]) -> list[Json]:
    """R4B's action.code is a list; R5's is one concept."""
    out = []
    for action in actions:
        action = dict(action)
        action.pop("linkId", None)
        if "code" in action:
            action["code"] = [_r4b_concept(action["code"])]
        if "action" in action:
            action["action"] = _r4_actions(action["action"])
        out.append(action)
    return out


def plan_definition(trial: Trial) -> Json:
    plan = r5.plan_definition(trial)
    if "action" in plan:
        plan["action"] = _r4_actions(plan["action"])
    return plan


def group(trial: Trial) -> Json:
    grp = r5.group(trial)
    grp.pop("membership")
    text = grp.pop("description", None)
    extensions = [ext("eligibility-text", valueMarkdown=text)] if text else []
    extensions += grp.pop("extension", [])  # the criterion headings
    if extensions:
        grp["extension"] = extensions
    grp["actual"] = False
    if trial.enrollment is not None:
        grp["quantity"] = trial.enrollment.count
    return grp


def resources(trial: Trial) -> list[Json]:
    return [
        research_study(trial),
        plan_definition(trial),
        group(trial),
        *(r5.organization(trial, o) for o in r5.organizations(trial)),
        *(r5.location(trial, i, s) for i, s in enumerate(trial.locations)),
    ]
