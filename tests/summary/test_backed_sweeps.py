"""Contradiction sweeps of the "pages that say only what the record backs" issue.

One test for each class the blind review found, over every corpus record (API v2 and legacy XML).
The counts before this work are in the comments; the target for each is zero. Each test reads the
record's own fields to decide what contradicts the page, not the drafting's evidence module.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from trialdocs import Trial, iter_load
from trialdocs.model import ArmType, InterventionType, OverallStatus, StudyType
from trialdocs.summary import Summary, build_summary, names

from ..conftest import corpus_dir

pytestmark = pytest.mark.corpus


@cache
def pages() -> tuple[tuple[Trial, Summary], ...]:
    out = []
    for trial in iter_load([corpus_dir("ctgov-v2"), corpus_dir("ctgov-legacy-xml")]):
        assert isinstance(trial, Trial)
        out.append((trial, build_summary(trial)))
    assert len(out) == 583
    return tuple(out)


def prose(s: Summary) -> str:
    """The drafted sentences that are not criterion bullets: title, at a glance, what, benefit."""
    return " ".join(sec.text for sec in (s.title, s.at_a_glance, s.what, s.benefit) if sec.source == "drafted")


def inclusion_text(t: Trial) -> str:
    def walk(items: tuple) -> list[str]:  # type: ignore[type-arg]
        return [x for c in items for x in [c.text, *walk(c.children)]]

    return " ".join(walk(t.eligibility.inclusion)).casefold()


_QUALIFIER_WORDS = {"relapsed", "refractory", "newly", "diagnosed", "recurrent", "metastatic", "advanced", "untreated"}
_QUALIFIER_WORDS |= {"and", "the", "with", "for", "due"}


def _stem(word: str) -> str:
    return word[:5]


def illnesses_named(s: Summary) -> list[str]:
    """Who-claims: 'for … with X' and 'who have X' in the title, at a glance and what; 'You have X.' in Good fit."""
    found = []
    for sec in (s.title, s.at_a_glance, s.what):
        if sec.source == "drafted":
            # The record's own words, quoted, are not the page's claim.
            text = re.sub(r"“[^”]*”", "", sec.text)
            if sec is not s.what:  # "what" names the treatments, whose own names may hold "for … with"
                found += re.findall(r"\bfor [\w ]+? with ([^.?,]+)", text)
            found += re.findall(r"\bwho have ([^.?,]+?)(?: with people|\.)", text)
    if s.good_fit.source == "drafted":
        for line in s.good_fit.paragraphs:
            if line.sentences and not line.sentences[0].source.startswith("eligibility."):
                m = re.fullmatch(r"(?:You have|Your child has) (.+)\.", line.text)
                if m:
                    found.append(m.group(1))
    return found


def test_the_illness_named_is_one_the_criteria_require() -> None:  # before: 691 names
    bad = []
    for t, s in pages():
        text = expand_acronyms(inclusion_text(t), {k.casefold(): v.casefold() for k, v in names.acronyms(t).items()})
        for name in illnesses_named(s):
            words = [w for w in re.findall(r"[a-z0-9]+", name.casefold()) if len(w) > 2 and w not in _QUALIFIER_WORDS]
            if words and not all(_stem(w) in text for w in words):
                bad.append((t.nct_id, name))
    assert bad == []


def expand_acronyms(text: str, table: dict[str, str]) -> str:
    """The criteria with the record's own acronyms spelt out beside them ('nsclc (non-small cell lung cancer)')."""
    return re.sub(
        r"\b[a-z0-9-]{2,}\b", lambda m: f"{m.group(0)} ({table[m.group(0)]})" if m.group(0) in table else m.group(0), text
    )


def _arm_interventions(t: Trial, kinds: set[ArmType]) -> set[str]:
    labels = {a.label for a in t.arms if a.type in kinds}
    return {i.name for i in t.interventions if labels & set(i.arm_labels)}


def test_no_already_in_use_for_a_product_an_experimental_arm_tests() -> None:  # before: 35
    bad = []
    for t, s in pages():
        if "already in use" not in prose(s):
            continue
        compared = _arm_interventions(t, {ArmType.ACTIVE_COMPARATOR})
        tested = _arm_interventions(t, {ArmType.EXPERIMENTAL})
        if not compared or compared & tested:
            bad.append(t.nct_id)
    assert bad == []


_MEDICINE = {
    InterventionType.DRUG,
    InterventionType.BIOLOGICAL,
    InterventionType.DIETARY_SUPPLEMENT,
    InterventionType.COMBINATION_PRODUCT,
    InterventionType.GENETIC,
}
_NOT_MEDICINE = {InterventionType.DEVICE, InterventionType.BEHAVIORAL, InterventionType.DIAGNOSTIC_TEST}
_MEDICINE_WORDS = re.compile(r"\bmedicines?\b|\bdrugs?\b|\bdoses?\b|\bpills?\b|\btablets?\b", re.IGNORECASE)


def test_no_medicine_words_for_devices_programs_and_tests() -> None:  # before: 114 (counted with record names not yet excluded)
    bad = []
    for t, s in pages():
        kinds = {i.type for i in t.interventions}
        if not kinds or not kinds <= _NOT_MEDICINE:
            continue
        # The record's own words, quoted (a key need to join), are not the page's claim.
        said = (
            re.sub(r"“[^”]*”", "", prose(s)) + " " + " ".join(f.value for f in s.facts if f.label in ("Compared with", "Phase"))
        )
        for name in [i.name for i in t.interventions] + list(t.conditions) + [names.condition_name(t) or ""]:
            said = said.replace(name, "").replace(name.lower(), "") if name else said
        if m := _MEDICINE_WORDS.search(said):
            bad.append((t.nct_id, m.group(0)))
    assert bad == []


def test_no_no_treatment_claim_where_a_drug_or_procedure_is_given() -> None:  # before: 24
    given = {InterventionType.DRUG, InterventionType.BIOLOGICAL, InterventionType.RADIATION, InterventionType.PROCEDURE}
    bad = [
        t.nct_id
        for t, s in pages()
        if re.search(r"does not give any treatment|will not get a treatment", prose(s))
        and {i.type for i in t.interventions} & given
    ]
    assert bad == []


_CONTROL_RE = re.compile(
    r"\bhealthy\b|\bcontrols?\b|\bvolunteers?\b|\bwithout\b|\bnon-?\w+ (?:people|subjects|participants)", re.I
)


def test_no_only_people_with_the_illness_where_there_are_controls() -> None:  # before: 1
    bad = []
    for t, s in pages():
        if "only at people who have" not in prose(s):
            continue
        groups = " ".join(f"{a.label} {a.description or ''}" for a in t.arms)
        if t.eligibility.healthy_volunteers or _CONTROL_RE.search(groups) or "healthy" in inclusion_text(t):
            bad.append(t.nct_id)
    assert bad == []


_JOINING = re.compile(
    r"who can and cannot join|Contact the study team|Joining is your choice|whether this study is right for you"
)


def test_no_joining_steps_unless_the_study_takes_people() -> None:  # before: 303
    takes = {OverallStatus.RECRUITING, OverallStatus.NOT_YET_RECRUITING}
    bad = []
    for t, s in pages():
        steps = " ".join(s.steps)
        if t.overall_status is OverallStatus.ENROLLING_BY_INVITATION:
            if "invit" not in steps or "Contact the study team" in steps:
                bad.append((t.nct_id, t.overall_status.value))
        elif t.overall_status not in takes and _JOINING.search(steps):
            bad.append((t.nct_id, t.overall_status.value))
    assert bad == []


def test_closed_studies_point_to_what_a_reader_can_do() -> None:
    """No joining steps, but results if posted and where to find similar studies."""
    for t, s in pages():
        if t.overall_status in {
            OverallStatus.RECRUITING,
            OverallStatus.NOT_YET_RECRUITING,
            OverallStatus.ENROLLING_BY_INVITATION,
        }:
            continue
        if t.study_type is StudyType.EXPANDED_ACCESS:
            continue
        steps = " ".join(s.steps)
        assert "similar studies" in steps, (t.nct_id, steps)
        if t.has_results:
            assert "results" in steps.lower(), (t.nct_id, steps)
