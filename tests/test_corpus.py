"""Sweeps of the shared corpus: every record imports, reloads and round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialdocs import SourceError, Trial, dump, iter_load
from trialdocs.api import import_trials
from trialdocs.criteria import _is_empty, split_header
from trialdocs.model import Criterion
from trialdocs.sources import iter_bytes

ESCAPES = ("\\<", "\\>", "\\[", "\\]", "\\^", "\\*", "\\~", "\\_", "\\(", "\\)", "\\#", "\\-", "\\.")


def all_texts(items: tuple[Criterion, ...]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(item.text)
        out.extend(all_texts(item.children))
    return out


def sweep(directory: Path) -> list[Trial]:
    items = list(iter_load([directory]))
    errors = [str(i) for i in items if isinstance(i, SourceError)]
    assert errors == []
    return [i for i in items if isinstance(i, Trial)]


@pytest.mark.corpus
@pytest.mark.parametrize("name,count", [("ctgov-v2", 520), ("ctgov-legacy-xml", 63)])
def test_every_corpus_record_imports_and_round_trips(
    name: str, count: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    directory = request.getfixturevalue("v2_dir" if name == "ctgov-v2" else "xml_dir")
    result = import_trials([directory], tmp_path)
    assert result.errors == []
    assert len(result.written) == count
    originals = {t.nct_id: t for t in sweep(directory)}
    assert len(originals) == count
    for trial in sweep(tmp_path):
        assert trial == originals[trial.nct_id]
        (again,) = list(iter_bytes(dump(trial, "json").encode(), suffix=".json"))
        assert again == trial


@pytest.mark.corpus
@pytest.mark.parametrize("fixture", ["v2_dir", "xml_dir"])
def test_corpus_criteria_are_clean(fixture: str, request: pytest.FixtureRequest) -> None:
    trials = sweep(request.getfixturevalue(fixture))
    with_text = [t for t in trials if t.eligibility.text]
    for trial in trials:
        texts = all_texts(trial.eligibility.inclusion) + all_texts(trial.eligibility.exclusion)
        leaked = [t for t in texts if any(e in t for e in ESCAPES)]
        assert leaked == [], trial.nct_id
        assert all(t.strip() and t.strip().casefold() not in ("n/a", "na") for t in texts), trial.nct_id
        for age in (trial.eligibility.minimum_age, trial.eligibility.maximum_age):
            assert age is None or age.value >= 0
    # Every record with criteria text yields criteria, header or not, unless
    # the text holds only headers and placeholders ("Inclusion Criteria: Nil").
    empty = [t for t in with_text if not t.eligibility.inclusion and not t.eligibility.exclusion]
    for trial in empty:
        assert trial.eligibility.text is not None
        lines = [line.strip(" *-:") for line in trial.eligibility.text.splitlines()]
        substantive = [line for line in lines if line and split_header(line)[0] is None and not _is_empty(line)]
        assert substantive == [], trial.nct_id


@pytest.mark.corpus
def test_records_without_inclusion_header_still_yield_criteria(v2_dir: Path) -> None:
    trials = {t.nct_id: t for t in sweep(v2_dir)}
    headless = [t for t in trials.values() if t.eligibility.text and "inclusion criteria" not in t.eligibility.text.lower()]
    assert len(headless) >= 3
    assert all(t.eligibility.inclusion for t in headless)
    nct = trials["NCT05266716"]
    assert nct.eligibility.inclusion[0].text.startswith("To be eligible")
    assert nct.eligibility.inclusion[0].children[0].text == "Be 18 years of age or older;"
