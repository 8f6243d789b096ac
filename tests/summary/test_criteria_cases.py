"""The criteria case corpus: scope flags and the bullet of real corpus criteria (whole, never cut).

Each YAML file in ``criteria/`` holds cases taken from ../shared/corpus/ctgov-v2,
one class of the lay-accuracy issue per file (permissions, conditions,
exceptions, negations, cohort headings, surgery in the inclusion list, CNS
disease, HIV, plain criteria). A case gives the criterion, its section and
heading, the expected scope flags and the expected bullet, or null for "no
bullet". The flags and bullets were read by hand against the criterion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trialdocs.scope import scope_one
from trialdocs.summary.fit import bullet_for

from .cases import load_cases

CASES_DIR = Path(__file__).parent / "criteria"


CASES = load_cases(CASES_DIR)


def test_the_case_corpus_is_large_and_covers_every_class() -> None:
    assert len(CASES) >= 200
    assert {p.stem for p in CASES_DIR.glob("*.yaml")} >= {
        "permission",
        "conditional",
        "exception",
        "negated",
        "cohort",
        "surgery_inclusion",
        "brain",
        "hiv",
        "plain_exclusion",
        "plain_inclusion",
    }


@pytest.mark.parametrize("case", CASES)
def test_criterion_case(case: dict[str, Any]) -> None:
    scoped = scope_one(
        case["criterion"],
        path=case["path"],
        section=case["section"],
        heading=case.get("heading") if case.get("is_heading") else None,
        is_heading=bool(case.get("is_heading")),
    )
    if not case.get("is_heading") and case.get("heading") and scoped.heading is None:
        scoped = scope_one(case["criterion"], path=case["path"], section=case["section"], heading=case["heading"])
    assert {k: v for k, v in scoped.flags.items() if k != "heading"} == case["expect"]
    bullet = bullet_for(scoped)
    assert (bullet.text if bullet else None) == case["bullet"]
    if bullet is not None:
        assert bullet.source == case["path"]
