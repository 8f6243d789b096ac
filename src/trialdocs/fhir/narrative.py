"""A short generated narrative (``Resource.text``) for every resource we write.

FHIR viewers show a resource's narrative first (dom-6 asks for one). On the
ResearchStudy it is the plain-language title and "at a glance", the words a
patient reads on the lay summary page: an editor's (``trial.lay``) where
there are some, else the drafted ones. The other resources get one line
that says what they are.
"""

from __future__ import annotations

from html import escape
from typing import Any

from trialdocs.model import Trial
from trialdocs.summary import draft
from trialdocs.summary.phrasebook import age_text

Json = dict[str, Any]


def _div(*paragraphs: str) -> Json:
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs if p)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def plain_words(trial: Trial) -> tuple[str, str]:
    """The plain-language title and at-a-glance text: the editor's, else drafted."""
    lay = trial.lay
    title = (lay.title if lay else None) or draft.title(trial).text
    glance = (lay.at_a_glance if lay else None) or " ".join(line.text for line in draft.at_a_glance(trial))
    return title, glance


def narrative(resource: Json, trial: Trial) -> Json:
    kind = resource["resourceType"]
    if kind == "ResearchStudy":
        title, glance = plain_words(trial)
        return _div(title, glance, f"{trial.nct_id}: {trial.brief_title}")
    if kind == "PlanDefinition":
        arms = ", ".join(a.label for a in trial.arms)
        return _div(f"Protocol of {trial.nct_id}" + (f": {len(trial.arms)} groups ({arms})." if arms else "."))
    if kind == "Group":
        e = trial.eligibility
        counts = f"{len(e.inclusion)} inclusion and {len(e.exclusion)} exclusion criteria"
        ages = age_text(e.minimum_age, e.maximum_age)
        ages = "no age limits" if ages == "Any age" else f"ages {ages.lower()}"
        return _div(f"Who can join {trial.nct_id}: {ages}; {counts}.")
    if kind == "Organization":
        return _div(str(resource.get("name", "Organization")))
    if kind == "Location":
        address = resource.get("address", {})
        parts = [resource.get("name"), address.get("city"), address.get("state"), address.get("country")]
        return _div(", ".join(p for p in parts if p) or "Study site")
    return _div(kind)
