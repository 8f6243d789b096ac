"""The design decision table: what the page says for every combination of design inputs in the corpus.

``decision_table.yaml`` has one row per combination that occurs in the v2 and legacy XML corpus, for each
part of the "What this trial studies" and "At a glance" text: groups, masking, phase, status and the
observational design. Each row names a record with that combination; the sentences were read by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from trialdocs import Trial, iter_load

from ..conftest import CORPUS, corpus_dir
from .decision_keys import TABLES

TABLE = yaml.safe_load((Path(__file__).parent / "decision_table.yaml").read_text("utf-8"))
ROWS = [pytest.param(part, row, id=f"{part}-{row['nct_id']}") for part, rows in TABLE.items() for row in rows]

pytestmark = pytest.mark.corpus


def _load(nct_id: str) -> Trial:
    for folder, suffix in (("ctgov-v2", ".json"), ("ctgov-legacy-xml", ".xml")):
        path = CORPUS / folder / f"{nct_id}{suffix}"
        if path.is_file():
            (trial,) = list(iter_load([path]))
            assert isinstance(trial, Trial)
            return trial
    corpus_dir("ctgov-v2")
    raise AssertionError(f"{nct_id} is not in the corpus")


@pytest.mark.parametrize("part,row", ROWS)
def test_decision_table_row(part: str, row: dict[str, Any]) -> None:
    _, key, lines = TABLES[part]
    trial = _load(row["nct_id"])
    assert dict(key(trial)) == row["inputs"], "the row's record no longer has this combination"
    assert [line.text for line in lines(trial)] == row["says"]


def test_every_combination_in_the_corpus_has_a_row() -> None:
    trials = [t for t in iter_load([corpus_dir("ctgov-v2"), corpus_dir("ctgov-legacy-xml")]) if isinstance(t, Trial)]
    for part, (applies, key, _) in TABLES.items():
        have = {tuple(sorted(row["inputs"].items())) for row in TABLE[part]}
        found = {tuple(sorted(dict(key(t)).items())) for t in trials if applies(t)}
        assert found <= have, (part, sorted(found - have)[:3])
