"""Corpus sweeps of the lay-accuracy issue: each class of misleading text, counted over all 520 records.

The issue's counts before this work are in the comments; the target for each is zero.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from trialdocs import Trial, evidence, iter_load
from trialdocs.model import ArmType, InterventionModel, WhoMasked
from trialdocs.summary import Summary, build_summary, names, render
from trialdocs.summary import draft as d

from ..conftest import corpus_dir

pytestmark = pytest.mark.corpus


@cache
def pages() -> tuple[tuple[Trial, Summary, str], ...]:
    out = []
    for trial in iter_load([corpus_dir("ctgov-v2")]):
        assert isinstance(trial, Trial)
        s = build_summary(trial)
        out.append((trial, s, render(s, "md")))
    assert len(out) == 520
    return tuple(out)


def drafted(s: Summary) -> str:
    return " ".join(sec.text for sec in s.lay_sections if sec.source == "drafted")


def test_not_told_which_group_only_when_participants_are_masked() -> None:  # before: 40
    bad = [
        t.nct_id
        for t, s, _ in pages()
        if "not be told which group" in drafted(s) and WhoMasked.PARTICIPANT not in t.design.who_masked
    ]
    assert bad == []


def test_no_comparison_wording_for_single_group_studies() -> None:  # before: 15
    pattern = re.compile(
        r"better than the usual care|compares the treatment|to compare|gets a placebo|gets a sham", re.IGNORECASE
    )
    bad = [
        t.nct_id
        for t, s, _ in pages()
        if (t.design.intervention_model is InterventionModel.SINGLE_GROUP or len(t.arms) < 2) and pattern.search(drafted(s))
    ]
    assert bad == []


def test_closed_studies_promise_nothing() -> None:  # before: 167
    pattern = re.compile(
        r"looking for people to join\.|You may get a|will soon look|can join only if|Where this trial is running"
    )
    bad = [
        t.nct_id
        for t, s, md in pages()
        if not d.is_open(t) and (pattern.search(drafted(s)) or "Where this trial is running" in md)
    ]
    assert bad == []


def test_adult_only_studies_never_mention_girls_or_boys() -> None:  # before: 14
    bad = [
        t.nct_id
        for t, s, md in pages()
        if d.reader(t) == "adult" and re.search(r"\b(girls|boys)\b", md.split("## Eligibility")[0])
    ]
    assert bad == []


def test_children_only_studies_address_the_parent() -> None:  # before: 14 never did
    children = [(t, s) for t, s, _ in pages() if d.reader(t) == "child"]
    assert children, "the corpus has children-only studies"
    bad = [t.nct_id for t, s in children if "your child" not in drafted(s).lower() and "children" not in s.title.text]
    assert bad == []


def test_mixed_ages_say_you_or_your_child_when_open() -> None:
    bad = [t.nct_id for t, s, _ in pages() if d.reader(t) == "mixed" and d.is_open(t) and "you or your child" not in drafted(s)]
    assert bad == []


def test_no_bare_acronym_the_record_spells_out_in_title_or_glance() -> None:  # before: 39 titles
    bad = []
    for t, s, _ in pages():
        table = names.acronyms(t)
        for sec in (s.title, s.at_a_glance):
            if sec.source != "drafted":
                continue
            for token in re.findall(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b", sec.text):
                if token in table:
                    bad.append((t.nct_id, token))
    assert bad == []


def test_placebo_and_sham_are_never_treatments_studied() -> None:  # before: 21
    bad = []
    for t, s, _ in pages():
        for fact in s.facts:
            if fact.label == "Treatments studied" and re.search(r"\bplacebo|\bsham\b", fact.value, re.IGNORECASE):
                bad.append(t.nct_id)
    assert bad == []


def test_placebo_arms_are_explained() -> None:
    with_placebo = [(t, s) for t, s, _ in pages() if evidence.placebo_backed(t) and len(t.arms) > 1]
    assert with_placebo
    assert all("placebo" in s.what.text for t, s in with_placebo if s.what.source == "drafted")


def test_no_site_codes() -> None:
    pattern = re.compile(r"\(\s*Site\s*\d+\)|/ID#|Site Number", re.IGNORECASE)
    bad = [t.nct_id for t, _, md in pages() if pattern.search(md.split("## Where")[1] if "## Where" in md else "")]
    assert bad == []


def test_healthy_volunteer_wording_agrees_with_the_criteria() -> None:  # NCT02753764 before
    bad = [t.nct_id for t, s, _ in pages() if "Healthy people can join." in s.good_fit.bullets and d.requires_diagnosis(t)]
    assert bad == []


def test_every_drafted_sentence_has_a_source() -> None:
    for t, s, _ in pages():
        for sec in s.lay_sections:
            if sec.source != "drafted":
                continue
            for p in sec.paragraphs:
                assert p.sentences and all(line.source for line in p.sentences), (t.nct_id, sec.key, p.text)
                assert " ".join(line.text for line in p.sentences) == p.text


def test_fit_bullets_cite_real_criteria() -> None:
    """A bullet that cites a criterion path cites one that exists, and its original is that criterion's text
    (with its sub-items after it, which the bullet also says)."""
    for t, s, _ in pages():
        for sec in (s.good_fit, s.not_a_fit):
            for p in sec.paragraphs:
                for line in p.sentences:
                    m = re.fullmatch(r"eligibility\.(inclusion|exclusion)((?:\[\d+\](?:\.children)?)+)", line.source)
                    if not m:
                        continue
                    node = getattr(t.eligibility, m.group(1))
                    item = None
                    for idx in re.findall(r"\[(\d+)\]", m.group(2)):
                        item = node[int(idx)]
                        node = item.children
                    assert item is not None, (t.nct_id, line.source)
                    if line.heading:
                        # A heading line, or a criterion that names its own group first ("Cohort 1: …").
                        assert line.text.rstrip(":").strip() in item.text, (t.nct_id, line.text)
                        assert item.heading or item.text.startswith(line.text.rstrip(":")), (t.nct_id, line.text)
                        continue
                    assert line.original is not None, (t.nct_id, line.source)
                    assert line.original == item.text or line.original.startswith(item.text.strip().rstrip(" .;:")), (
                        t.nct_id,
                        line.source,
                    )
                    if sec.key == "not_a_fit":
                        assert m.group(1) == "exclusion", (t.nct_id, line.text)
                    else:
                        assert m.group(1) == "inclusion", (t.nct_id, line.text)


def test_both_fit_lists_say_they_are_incomplete() -> None:
    for t, s, _ in pages():
        if s.good_fit.source == "drafted":
            assert s.good_fit.bullets[-1].startswith("This list is not complete."), t.nct_id
        if s.not_a_fit.source == "drafted" and t.eligibility.exclusion:
            assert s.not_a_fit.bullets[-1].startswith("This list is not complete."), t.nct_id


def test_why_stopped_and_results_are_said() -> None:
    stopped = [
        (t, s) for t, s, _ in pages() if t.why_stopped and t.overall_status.value in ("TERMINATED", "WITHDRAWN", "SUSPENDED")
    ]
    assert stopped
    said = {
        "TERMINATED": "The reason it stopped early:",
        "WITHDRAWN": "The reason it was called off:",
        "SUSPENDED": "The reason it is paused:",
    }
    assert all(said[t.overall_status.value] in s.what.text for t, s in stopped if s.what.source == "drafted")
    with_results = [(t, s) for t, s, _ in pages() if t.has_results]
    assert len(with_results) == 29
    assert all("Results are posted on ClinicalTrials.gov" in s.what.text for _, s in with_results)


def test_the_anchor_prefilter_never_hides_a_concept() -> None:
    """The cheap substring test before the concept patterns must not change what they find."""
    from trialdocs.scope import _compiled, _present, scoped

    concepts, _ = _compiled()
    for t, _, _ in pages():
        for s in scoped(t.eligibility):
            found = {key for key, pattern in concepts if pattern.search(s.text)}
            assert found <= _present(s.text.lower()), (t.nct_id, s.path, sorted(found - _present(s.text.lower())))


def test_every_comparison_arm_is_explained() -> None:
    """Each comparison arm type the record gives has its sentence (none swallowed by another)."""
    said = {
        ArmType.ACTIVE_COMPARATOR: "compare",  # "gets X, to compare", or "compared with each other" where X is also tested
        ArmType.PLACEBO_COMPARATOR: "placebo",
        ArmType.SHAM_COMPARATOR: "sham",
        ArmType.NO_INTERVENTION: "none of the study treatments",
    }
    bad = []
    for t, s, _ in pages():
        if len(t.arms) < 2 or t.design.intervention_model is InterventionModel.SINGLE_GROUP or s.what.source != "drafted":
            continue
        for arm in t.arms:
            # A placebo or sham arm whose own words say it is something else is named "…, to compare".
            if arm.type in said and said[arm.type] not in s.what.text and "to compare" not in s.what.text:
                bad.append((t.nct_id, arm.type.value))
    assert bad == []


def test_no_age_line_says_any_age() -> None:
    """The age line reads the age fields; a criterion in the registry's words may still say "of any age"."""
    ages = [b for t, s, _ in pages() for b in s.good_fit.bullets if b.startswith("Your age")]
    assert ages and [b for b in ages if "any age" in b.lower()] == []
