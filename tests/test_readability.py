"""Readability figures match textstat's, text for text."""

from __future__ import annotations

import pytest
import textstat

from trialdocs import Trial, iter_load, load_one
from trialdocs.readability import count, figures

from .conftest import FIXTURES, corpus_dir


def reference(text: str) -> tuple[float, float, float, float]:
    return (
        textstat.flesch_kincaid_grade(text),
        textstat.flesch_reading_ease(text),
        textstat.smog_index(text),
        textstat.dale_chall_readability_score(text),
    )


def ours(text: str) -> tuple[float, float, float, float]:
    c = count(text)
    return (c.fk_grade, c.reading_ease, c.smog, c.dale_chall)


def test_seed_sections_match_the_hand_checked_grades() -> None:
    lay = load_one(FIXTURES / "NCT06709469.yaml").lay
    assert lay is not None and lay.what and lay.good_fit
    # Checked by hand against textstat once: "What this trial studies" ~15.7, "Good fit" ~23.0.
    assert round(figures(lay.what).fk_grade, 1) == 15.7
    assert round(figures(lay.good_fit).fk_grade, 1) == 23.0
    for text in (lay.what, lay.good_fit, lay.not_a_fit, lay.benefit, lay.similar_studies, lay.title):
        assert text is not None
        assert ours(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    ["", "Hello.", "Don't stop. It's fine!", "a b. c d e f. g", "Age ≥16 years (\\<16).", "CAR-T cells; CD19+/- CD22+ B-ALL."],
)
def test_edge_cases_match(text: str) -> None:
    assert ours(text) == reference(text)


@pytest.mark.corpus
def test_corpus_texts_match_textstat_exactly() -> None:
    texts = []
    for trial in iter_load([corpus_dir("ctgov-v2")]):
        assert isinstance(trial, Trial)
        texts += [t for t in (trial.brief_summary, trial.eligibility.text, trial.detailed_description) if t]
    assert len(texts) > 1000
    mismatched = [t[:60] for t in texts if ours(t) != reference(t)]
    assert mismatched == []
