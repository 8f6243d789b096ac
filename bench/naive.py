"""The naive pipeline the benchmark compares against, written plainly, as a
first attempt would be: fhir.resources models built field by field and
dumped, a Jinja2 page, and textstat called on every section."""

from __future__ import annotations

import jinja2
import textstat
from fhir.resources.bundle import Bundle, BundleEntry
from fhir.resources.codeableconcept import CodeableConcept
from fhir.resources.coding import Coding
from fhir.resources.group import Group, GroupCharacteristic
from fhir.resources.identifier import Identifier
from fhir.resources.location import Location
from fhir.resources.plandefinition import PlanDefinition, PlanDefinitionAction
from fhir.resources.reference import Reference
from fhir.resources.researchstudy import ResearchStudy, ResearchStudyComparisonGroup, ResearchStudyRecruitment

from trialdocs.model import Trial
from trialdocs.summary import build_summary

PAGE = jinja2.Template(
    "<html><body><h1>{{ t.brief_title }}</h1><p>{{ s.at_a_glance.text }}</p>"
    "{% for sec in s.lay_sections %}<h2>{{ sec.title }}</h2><p>{{ sec.text }}</p>{% endfor %}"
    "<ul>{% for c in t.eligibility.inclusion %}<li>{{ c.text }}</li>{% endfor %}</ul></body></html>",
    autoescape=True,
)


def naive(trial: Trial) -> tuple[str, str, list[float]]:
    nid = trial.nct_id.lower()
    study = ResearchStudy(
        id=nid,
        status="active",
        title=trial.brief_title,
        identifier=[Identifier(system="https://clinicaltrials.gov", value=trial.nct_id)],
        phase=CodeableConcept(coding=[Coding(system="https://clinicaltrials.gov/phase", code=p.value) for p in trial.phases])
        if trial.phases
        else None,
        condition=[CodeableConcept(text=c) for c in trial.conditions] or None,
        keyword=[CodeableConcept(text=k) for k in trial.keywords] or None,
        descriptionSummary=trial.brief_summary,
        recruitment=ResearchStudyRecruitment(
            targetNumber=trial.enrollment.count if trial.enrollment else None,
            eligibility=Reference(reference=f"Group/{nid}-eligibility"),
        ),
        comparisonGroup=[ResearchStudyComparisonGroup(name=a.label, description=a.description) for a in trial.arms] or None,
        site=[Reference(reference=f"Location/{nid}-site-{i}") for i in range(len(trial.locations))] or None,
    )
    group = Group(
        id=f"{nid}-eligibility",
        type="person",
        membership="definitional",
        characteristic=[
            GroupCharacteristic(
                code=CodeableConcept(text="criterion"), valueCodeableConcept=CodeableConcept(text=c.text), exclude=False
            )
            for c in trial.eligibility.inclusion
        ]
        + [
            GroupCharacteristic(
                code=CodeableConcept(text="criterion"), valueCodeableConcept=CodeableConcept(text=c.text), exclude=True
            )
            for c in trial.eligibility.exclusion
        ]
        or None,
    )
    plan = PlanDefinition(
        id=f"{nid}-protocol", status="active", action=[PlanDefinitionAction(title=a.label) for a in trial.arms] or None
    )
    sites = [Location(id=f"{nid}-site-{i}", name=s.facility) for i, s in enumerate(trial.locations)]
    bundle = Bundle(type="collection", entry=[BundleEntry(resource=r) for r in [study, group, plan, *sites]])
    fhir_json = bundle.model_dump_json()
    summary = build_summary(trial)
    page = PAGE.render(t=trial, s=summary)
    grades = []
    for sec in summary.lay_sections:
        grades += [
            textstat.flesch_kincaid_grade(sec.text),
            textstat.flesch_reading_ease(sec.text),
            textstat.smog_index(sec.text),
            textstat.dale_chall_readability_score(sec.text),
        ]
    return fhir_json, page, grades
