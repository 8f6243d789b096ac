"""Our own FHIR R5 Bundles back into the canonical model (the round trip).

``load(fhir(t)) == t`` on every field the mapping carries; ``NOT_CARRIED``
lists the rest. Only Bundles written by trialdocs are expected: the reader
looks for our identifiers, codings and extensions.
"""

from __future__ import annotations

from typing import Any

from trialdocs.errors import FieldError
from trialdocs.fhir import codes as c
from trialdocs.model import Trial

#: Canonical fields the R5 mapping does not carry back.
NOT_CARRIED = (
    "dates.first_posted",
    "dates.status_verified",
    "dates.version",
    "dates.last_update_posted.type",
    "responsible_party",
    "central_contacts",
    "locations[].contacts",
    "eligibility.gender_based",
    "eligibility.study_population",
    "interventions[].arm_labels",
    "lay (all but the plain-language title)",
    "results (posted results go to the results summary, not yet to FHIR)",
)

#: Further fields an R4B Bundle does not carry back (see ``r4b.DROPPED``).
NOT_CARRIED_R4B = (
    "dates.last_update_posted",
    "last_known_status",
    "officials (only the principal investigator's name, without role or affiliation)",
    "outcome descriptions and time frames",
    "intervention other names",
)

Json = dict[str, Any]


def is_bundle(data: Any) -> bool:
    return isinstance(data, dict) and data.get("resourceType") == "Bundle"


def _ctgov(concept: Json | None, enum_name: str) -> list[str]:
    if not concept:
        return []
    return [x["code"] for x in concept.get("coding", []) if x.get("system") == c.CTGOV_ENUM + enum_name]


def _first(concept: Json | None, enum_name: str) -> str | None:
    found = _ctgov(concept, enum_name)
    return found[0] if found else None


def _ext(node: Json, name: str) -> list[Any]:
    return [
        next(v for k, v in e.items() if k.startswith("value")) for e in node.get("extension", []) if e.get("url") == c.EXT + name
    ]


def _date(text: str | None, actual: bool | None) -> Json | None:
    if not text:
        return None
    out: Json = {"date": text}
    if actual is not None:
        out["type"] = "ACTUAL" if actual else "ESTIMATED"
    return out


def _headings(group: Json, section: str) -> list[tuple[int, int, str]]:
    """The ``criterion-heading`` extensions of one section, as (index, level, text) in index order."""
    out = []
    for e in group.get("extension", []):
        if e.get("url") != c.EXT + "criterion-heading":
            continue
        parts = {x["url"]: next(v for k, v in x.items() if k.startswith("value")) for x in e.get("extension", [])}
        if parts.get("section") == section:
            out.append((int(parts["index"]), int(parts["level"]), str(parts["text"])))
    return sorted(out)


def _criteria(chars: list[Json], exclude: bool, group: Json | None = None) -> list[Json]:
    """One section's criteria tree: the characteristics in order, with the headings put back at their places.

    Linked qualifiers (``criterion-qualifies``) are not criteria of their own:
    their clauses are part of the exclusion's text, which is read whole.
    """
    label = "Exclusion criterion" if exclude else "Inclusion criterion"
    flat: list[tuple[int, Json]] = []
    for ch in chars:
        text = ch.get("code", {}).get("text", "")
        if not text.startswith(label) or any(
            e.get("url") == c.EXT + "criterion-qualifies" for e in ch.get("modifierExtension", [])
        ):
            continue
        depth = int(text.rsplit(" ", 1)[1].rstrip(")")) if "level" in text else 0
        item: Json = {"text": ch["valueCodeableConcept"]["text"], "children": []}
        scope = next((e for e in ch.get("extension", []) if e.get("url") == c.EXT + "criterion-scope"), None)
        if scope and any(x.get("valueCode") == "heading" for x in scope.get("extension", [])):
            item["heading"] = True  # a Bundle written before headings left the characteristics
        flat.append((depth, item))
    for index, level, text in _headings(group or {}, "exclusion" if exclude else "inclusion"):
        flat.insert(index, (level, {"text": text, "children": [], "heading": True}))
    roots: list[Json] = []
    stack: list[Json] = []
    for depth, item in flat:
        del stack[depth:]
        (stack[-1]["children"] if stack else roots).append(item)
        stack.append(item)
    return roots


def _r4b_as_r5(study: Json, by_ref: dict[str, Json]) -> Json:
    """Rewrite a trialdocs R4B ResearchStudy into the R5 shape the reader knows.

    R4B keeps the R5-only data in trialdocs extensions; what R4B drops
    (``r4b.DROPPED``) stays lost. The Group's criteria text moves back too.
    """

    def one(name: str) -> Any:
        found = _ext(study, name)
        return found[0] if found else None

    labels = []
    for code, name in (("official", "official-title"), ("plain-language", "plain-language-title")):
        if (value := one(name)) is not None:
            labels.append({"type": {"coding": [{"system": c.TITLE_TYPE, "code": code}]}, "value": value})
    progress: list[Json] = [{"state": {"coding": [one("ctgov-overall-status")]}}]
    for label, name, key in (
        ("Study start", "start-date", "start"),
        ("Primary completion", "primary-completion-date", "end"),
        ("Study completion", "completion-date", "end"),
    ):
        found = [e for e in study.get("extension", []) if e.get("url") == c.EXT + name]
        if found:
            parts = {x["url"]: next(v for k, v in x.items() if k.startswith("value")) for x in found[0]["extension"]}
            entry: Json = {"state": {"text": label}, "period": {key: parts["date"]}}
            if "type" in parts:
                entry["actual"] = parts["type"] == "ACTUAL"
            progress.append(entry)
    recruitment: Json = {}
    if (n := one("enrollment-count")) is not None:
        kind = one("enrollment-type")
        recruitment["actualNumber" if kind and kind["code"] == "ACTUAL" else "targetNumber"] = n
        if kind:
            recruitment["extension"] = [{"url": c.EXT + "enrollment-type", "valueCoding": kind}]

    def party(ref: Json, role: str) -> Json:
        org = by_ref.get(ref.get("reference", ""), {})
        classifier = [{"coding": org["type"][0]["coding"]}] if org.get("type") else []
        return {
            "name": ref.get("display"),
            "role": {"coding": [{"system": c.PARTY_ROLE, "code": role}]},
            "classifier": classifier,
        }

    parties = [party(study["sponsor"], "lead-sponsor")] if study.get("sponsor") else []
    parties += [party(ref, "collaborator") for ref in _ext(study, "collaborator")]
    if study.get("principalInvestigator", {}).get("display"):
        pi = study["principalInvestigator"]["display"]
        parties.append({"name": pi, "role": {"coding": [c.ctgov("OfficialRole", "PRINCIPAL_INVESTIGATOR")]}})
    plan = next((r for r in by_ref.values() if r.get("resourceType") == "PlanDefinition"), {})
    arm_actions = {a.get("title"): a for a in plan.get("action", []) if "action" in a}
    group = next((r for r in by_ref.values() if r.get("resourceType") == "Group"), None)
    if group is not None and _ext(group, "eligibility-text"):
        group["description"] = _ext(group, "eligibility-text")[0]
    return {
        "identifier": study.get("identifier", []),
        "name": one("acronym"),
        "title": study["title"],
        "label": labels,
        "studyDesign": study.get("category", []),
        "primaryPurposeType": study.get("primaryPurposeType"),
        "phase": study.get("phase"),
        "progressStatus": progress,
        "recruitment": recruitment,
        "associatedParty": parties,
        "condition": study.get("condition", []),
        "keyword": study.get("keyword", []),
        "focus": [{"concept": f} for f in study.get("focus", [])],
        "comparisonGroup": [
            {
                "name": arm["name"],
                "type": arm.get("type"),
                "description": arm.get("description"),
                "intendedExposure": [{"display": s["title"]} for s in arm_actions.get(arm["name"], {}).get("action", [])],
            }
            for arm in study.get("arm", [])
        ],
        "outcomeMeasure": [{"name": o["name"], "type": [o["type"]]} for o in study.get("objective", [])],
        "whyStopped": study.get("reasonStopped"),
        "descriptionSummary": study.get("description"),
        "description": one("detailed-description"),
        "site": study.get("site", []),
    }


def from_bundle(data: Json) -> Trial:
    """Rebuild a Trial from a trialdocs R5 Bundle.

    An R4B Bundle written by trialdocs is read through its extensions. Any
    other Bundle is refused with a FieldError rather than half read.
    """
    try:
        return _from_bundle(data)
    except (KeyError, TypeError, IndexError, AttributeError, StopIteration) as exc:
        raise FieldError(
            f"not a trialdocs Bundle (cannot read {type(exc).__name__}: {exc}); only Bundles written by trialdocs are read back",
            path="$.entry",
        ) from None


def _from_bundle(data: Json) -> Trial:
    by_ref: dict[str, Json] = {}
    for entry in data.get("entry", []):
        res = entry.get("resource", {})
        by_ref[f"{res.get('resourceType')}/{res.get('id')}"] = res
        if entry.get("fullUrl"):  # references may name the entry's urn:uuid (or BASE/Type/id)
            by_ref[entry["fullUrl"]] = res
    study = next((r for r in by_ref.values() if r.get("resourceType") == "ResearchStudy"), None)
    if study is None:
        raise FieldError("no ResearchStudy in the Bundle", path="$.entry")
    mesh_terms, has_results = _ext(study, "condition-mesh-term"), bool(_ext(study, "has-results"))
    if _ext(study, "ctgov-overall-status"):
        study = _r4b_as_r5(study, by_ref)
    nct = next(
        (i["value"] for i in study.get("identifier", []) if i.get("system") == c.CTGOV and i.get("use") == "official"), None
    )
    if nct is None:
        raise FieldError("no ClinicalTrials.gov identifier", path="$.entry[0].resource.identifier")

    labels = {x["type"]["coding"][0]["code"]: x["value"] for x in study.get("label", [])}
    design: Json = {}
    study_type = None
    for concept in study.get("studyDesign", []):
        for enum_name, key in (
            ("DesignAllocation", "allocation"),
            ("InterventionalAssignment", "intervention_model"),
            ("ObservationalModel", "observational_model"),
            ("DesignTimePerspective", "time_perspective"),
            ("DesignMasking", "masking"),
        ):
            if (v := _first(concept, enum_name)) is not None:
                design[key] = v
        if (v := _first(concept, "WhoMasked")) is not None:
            design.setdefault("who_masked", []).append(v)
        if not concept.get("coding") and str(concept.get("text", "")).startswith(c.MASKING_DESCRIPTION):
            design["masking_description"] = concept["text"][len(c.MASKING_DESCRIPTION) :]
        if not concept.get("coding") and str(concept.get("text", "")).startswith(c.MODEL_DESCRIPTION):
            design["intervention_model_description"] = concept["text"][len(c.MODEL_DESCRIPTION) :]
        study_type = study_type or _first(concept, "StudyType")
    if (v := _first(study.get("primaryPurposeType"), "PrimaryPurpose")) is not None:
        design["primary_purpose"] = v

    dates: Json = {}
    for entry in study.get("progressStatus", []):
        label: str | None = entry.get("state", {}).get("text")
        milestone = {"Study start": "start", "Primary completion": "primary_completion", "Study completion": "completion"}.get(
            label or ""
        )
        if milestone:
            period = entry.get("period", {})
            dates[milestone] = _date(period.get("start") or period.get("end"), entry.get("actual"))
    if study.get("date"):
        dates["last_update_posted"] = {"date": study["date"]}

    rec = study.get("recruitment", {})
    enrollment = None
    count = rec.get("actualNumber", rec.get("targetNumber"))
    if count is not None:
        kind = _ext(rec, "enrollment-type")
        enrollment = {"count": count, "type": kind[0]["code"] if kind else None}

    sponsor: Json | None = None
    collaborators: list[Json] = []
    officials: list[Json] = []
    for party in study.get("associatedParty", []):
        roles = [x["code"] for x in party.get("role", {}).get("coding", []) if x.get("system") == c.PARTY_ROLE]
        agency = _first((party.get("classifier") or [{}])[0], "AgencyClass")
        org = {"name": party["name"], "kind": agency}
        if "lead-sponsor" in roles:
            sponsor = org
        elif "collaborator" in roles:
            collaborators.append(org)
        else:
            aff = [
                x["text"][len("Affiliation: ") :]
                for x in party.get("classifier", [])
                if x.get("text", "").startswith("Affiliation: ")
            ]
            officials.append(
                {"name": party["name"], "role": _first(party.get("role"), "OfficialRole"), "affiliation": aff[0] if aff else None}
            )

    plan = by_ref.get(f"PlanDefinition/{nct.lower()}-protocol", {})
    details: dict[str, Json] = {}

    def walk(actions: list[Json]) -> None:
        for a in actions:
            if "action" in a:
                walk(a["action"])
            elif a.get("title"):
                details.setdefault(a["title"], a)

    walk(plan.get("action", []))
    interventions = []
    for f in study.get("focus", []):
        name = f["concept"]["text"]
        detail = details.get(name, {})
        interventions.append(
            {
                "type": _first(f["concept"], "InterventionType"),
                "name": name,
                "other_names": _ext(f, "other-name"),
                "description": detail.get("description"),
            }
        )
    arms = [
        {
            "label": g["name"],
            "type": _first(g.get("type"), "ArmGroupType"),
            "description": g.get("description"),
            "interventions": [x["display"] for x in g.get("intendedExposure", [])],
        }
        for g in study.get("comparisonGroup", [])
    ]
    outcomes: dict[str, list[Json]] = {"primary": [], "secondary": []}
    for o in study.get("outcomeMeasure", []):
        kind = o["type"][0]["coding"][0]["code"]
        tf = _ext(o, "outcome-time-frame")
        outcomes[kind].append({"measure": o["name"], "description": o.get("description"), "time_frame": tf[0] if tf else None})

    group = by_ref.get(f"Group/{nct.lower()}-eligibility", {})
    chars = group.get("characteristic", [])
    elig: Json = {
        "text": group.get("description"),
        "inclusion": _criteria(chars, False, group),
        "exclusion": _criteria(chars, True, group),
    }
    for ch in chars:
        code = ch.get("code", {})
        if any(x.get("code") == "424144002" for x in code.get("coding", [])):
            rng = ch["valueRange"]
            for bound, key in (("low", "minimum_age"), ("high", "maximum_age")):
                if bound in rng:
                    elig[key] = {"value": rng[bound]["value"], "unit": c.AGE_UNITS_BACK[rng[bound]["code"]]}
        elif (sex := _first(ch.get("valueCodeableConcept"), "Sex")) is not None:
            elig["sex"] = sex
        elif code.get("text") == "Accepts healthy volunteers":
            elig["healthy_volunteers"] = ch["valueBoolean"]
        elif (age := _first(ch.get("valueCodeableConcept"), "StandardAge")) is not None:
            elig.setdefault("std_ages", []).append(age)

    locations = []
    for site in study.get("site", []):
        loc = by_ref.get(site["reference"], {})
        address = loc.get("address", {})
        status = _ext(loc, "site-recruitment-status")
        pos = loc.get("position")
        locations.append(
            {
                "facility": loc.get("name"),
                "city": address.get("city"),
                "state": address.get("state"),
                "zip": address.get("postalCode"),
                "country": address.get("country"),
                "status": status[0]["code"] if status else None,
                "geo": {"lat": pos["latitude"], "lon": pos["longitude"]} if pos else None,
            }
        )

    secondary = []
    org_study_id = None
    for ident in study.get("identifier", []):
        if ident.get("use") != "secondary":
            continue
        if ident.get("type", {}).get("text") == "Org Study ID":
            org_study_id = ident["value"]
            continue
        text = ident.get("type", {}).get("text")
        secondary.append(
            {
                "id": ident["value"],
                "type": _first(ident.get("type"), "SecondaryIdType"),
                "domain": None if text == "Secondary ID" else text,
                "link": ident.get("system"),
            }
        )

    doc = {
        "nct_id": nct,
        "org_study_id": org_study_id,
        "secondary_ids": secondary,
        "acronym": study.get("name"),
        "brief_title": study["title"],
        "official_title": labels.get("official"),
        "overall_status": _first(study["progressStatus"][0]["state"], "OverallStatus"),
        "last_known_status": next(
            (
                _first(e["state"], "OverallStatus")
                for e in study["progressStatus"]
                if e["state"].get("text") == "Last known status"
            ),
            None,
        ),
        "why_stopped": (study.get("whyStopped") or {}).get("text"),
        "study_type": study_type,
        "phases": _ctgov(study.get("phase"), "Phase"),
        "design": design,
        "dates": dates,
        "enrollment": enrollment,
        "sponsor": sponsor,
        "collaborators": collaborators,
        "officials": officials,
        "conditions": [x["text"] for x in study.get("condition", [])],
        "condition_mesh_terms": mesh_terms,
        "has_results": has_results,
        "keywords": [x["text"] for x in study.get("keyword", [])],
        "interventions": interventions,
        "arms": arms,
        "primary_outcomes": outcomes["primary"],
        "secondary_outcomes": outcomes["secondary"],
        "eligibility": elig,
        "locations": locations,
        "brief_summary": study.get("descriptionSummary"),
        "detailed_description": study.get("description"),
        "lay": {"title": labels["plain-language"]} if "plain-language" in labels else None,
    }
    return Trial.model_validate(doc)
