"""Sweeps of the "Good fit and Not a fit that keep every criterion's meaning" issue, over every corpus record.

Each test reads the drafted fit lists of all 583 v2 and legacy-XML records and counts one class of defect; the
target for each is zero. The counts before this work (commit 9ad58d2, measured with the same checks and the same
conservation checker on its capped lists) are in the comments.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from trialdocs import Criterion, Trial, iter_load
from trialdocs.conservation import losses
from trialdocs.summary import Summary, build_summary

from ..conftest import corpus_dir

pytestmark = pytest.mark.corpus


@cache
def pages() -> tuple[tuple[Trial, Summary], ...]:
    out = []
    for trial in iter_load([corpus_dir("ctgov-v2"), corpus_dir("ctgov-legacy-xml")]):
        assert isinstance(trial, Trial)
        out.append((trial, build_summary(trial.model_copy(update={"lay": None}))))
    assert len(out) == 583
    return tuple(out)


def criterion_lines(s: Summary, *, grouped: bool = False) -> list[tuple[str, str, str, str | None]]:
    """(section, bullet text, source, original) of every drafted bullet that says criteria.

    With ``grouped``, a bullet under a group's name line ("Cohort 1:") is read with that name before it, as a
    reader reads it."""
    out = []
    for sec in (s.good_fit, s.not_a_fit):
        group = ""
        for p in sec.paragraphs:
            if not p.bullet:
                group = p.text if any(line.heading for line in p.sentences) else ""
            for line in p.sentences:
                if p.bullet and line.source.startswith("eligibility.") and "[" in line.source:
                    out.append((sec.key, f"{group} {line.text}" if grouped and group else line.text, line.source, line.original))
    return out


def routine_sum(text: str) -> bool:
    return text.startswith(("The full list also asks for", "Other reasons in the full list include"))


def test_every_bullet_keeps_its_criterion() -> None:  # before: 849 of 3517 bullets lost something
    """The conservation checker over every criterion bullet: no number, window, exception, qualifier,
    negation or "or" of the criterion is dropped."""
    lost = []
    for t, s in pages():
        for _, text, source, original in criterion_lines(s, grouped=True):
            if routine_sum(text.split(": ", 1)[-1]):
                continue
            assert original is not None, (t.nct_id, source)
            quoted = re.fullmatch(r"(.*?)The record lists: “(.*)”\.?", text)
            if found := losses(original, quoted.group(1) + quoted.group(2) if quoted else text):
                lost.append((t.nct_id, source, [str(x) for x in found]))
    assert lost == []


def test_no_hedge_in_a_bullet() -> None:  # before: 463
    hedge = re.compile(r"\((?:more details|with exceptions|or other options) in the full list\)|see the full list\)", re.I)
    assert [(t.nct_id, x[1]) for t, s in pages() for x in criterion_lines(s) if hedge.search(x[1])] == []


def test_no_bullet_ends_mid_phrase() -> None:  # before: 7
    dangling = re.compile(r"(?:\b(?:and|or|with|of|the|a|an|to|for|in|on|by|at|than|who|which|that)|[,(;/-])\s*$", re.I)
    bad = [(t.nct_id, x[1][-40:]) for t, s in pages() for x in criterion_lines(s) if dangling.search(x[1].rstrip(" ."))]
    assert bad == []


def test_no_raw_operator_in_a_bullet() -> None:  # before: 1 (">/=" drafted as "more than /=")
    raw = re.compile(r"[<>≤≥≦≧]|/=|=/|=<|=>")
    assert [(t.nct_id, x[1]) for t, s in pages() for x in criterion_lines(s) if raw.search(x[1])] == []


def _roots(items: tuple[Criterion, ...], base: str, heading: str | None = None) -> list[tuple[str, str | None, Criterion]]:
    """Criteria of their own: top level, or directly under a heading line (sub-items belong to their parent)."""
    out = []
    for i, c in enumerate(items):
        path = f"{base}[{i}]"
        if c.heading:
            out += _roots(c.children, f"{path}.children", c.text)
        elif c.text.strip():
            out.append((path, heading, c))
    return out


_AGE_ONLY = re.compile(
    r"^\W*(?:(?:age[ds]?|aged|the|patients?|participants?|subjects?|individuals?|persons?|people|males?|females?|"
    r"child|children|kids?|adolescents?|infants?|adults?|men|women|"
    r"or|and|and/or|but|must|be|is|are|years?|old|older|younger|above|over|under|at|least|between|to|of|from|"
    r"inclusive|than|more|less|equal|greater)\b|[\W\d_])*$",
    re.I,
)


def test_no_deciding_criterion_is_left_out() -> None:  # before: 4134 criteria left out of capped lists
    """Every criterion of its own is in a bullet, or in the one sentence that sums up the routine ones; the only
    criteria left out are a bare age limit (the age line says it) and a sentence that only says who may still join."""
    missing = []
    for t, s in pages():
        said = {p for x in criterion_lines(s) for p in x[2].split("; ")}
        for section in ("inclusion", "exclusion"):
            for path, heading, c in _roots(getattr(t.eligibility, section), f"eligibility.{section}"):
                if path in said or (heading is None and _AGE_ONLY.match(c.text)):
                    continue
                if re.search(r"\b(?:eligible|allowed|permitted|may be (?:enrolled|included))\b", c.text, re.I):
                    continue
                missing.append((t.nct_id, path, c.text[:60]))
    assert missing == []


def test_routine_sums_cover_only_routine_criteria() -> None:
    """A sentence that sums criteria up says only consent, the study plan, birth control and blood tests."""
    kinds = re.compile(r"consent|comply|compliance|willing|able to|contracept|birth control|function|count|bilirubin|"
                       r"creatinine|hemoglobin|haemoglobin|platelet|neutrophil|uln|upper limit|ast|alt|inr|albumin|"
                       r"\d", re.I)  # fmt: skip
    bad = []
    for t, s in pages():
        for _, text, source, _original in criterion_lines(s):
            if routine_sum(text):
                summed = [_criterion(t, path).text for path in source.split("; ")]
                bad += [(t.nct_id, o[:60]) for o in summed if not kinds.search(o)]
    assert bad == []


def _criterion(t: Trial, path: str) -> Criterion:
    section, rest = path.removeprefix("eligibility.").split("[", 1)
    items = getattr(t.eligibility, section)
    found = None
    for index in re.findall(r"\[(\d+)\]", "[" + rest):
        found = items[int(index)]
        items = found.children
    assert found is not None, path
    return found


def test_groups_stay_groups() -> None:  # before: 20 criteria of 9 groups (5 studies) listed for everyone
    """A criterion under a heading is listed after that heading's name and before the next group's name; the
    criteria of everyone come before any group's."""
    bad = []
    for t, s in pages():
        headings = {path: heading for section in ("inclusion", "exclusion")
                    for path, heading, _ in _roots(getattr(t.eligibility, section), f"eligibility.{section}")}  # fmt: skip
        for sec in (s.good_fit, s.not_a_fit):
            current: str | None = None
            for p in sec.paragraphs:
                if not p.bullet:
                    current = p.text.rstrip(":")
                    continue
                for line in p.sentences:
                    for path in line.source.split("; "):
                        if path in headings and headings[path] is not None:
                            name = re.sub(r"\s+", " ", headings[path] or "").strip().rstrip(":")
                            if current != name:
                                bad.append((t.nct_id, path, current, name))
                        elif path in headings and current is not None and not _named(current, line.original or ""):
                            bad.append((t.nct_id, path, current, None))
    assert bad == []


def _named(group: str, criterion: str) -> bool:
    """A criterion that names its own group in its first words ("Cohort 1: …", "For group A, …")."""
    return group.casefold() in criterion[: len(group) + 12].casefold()
