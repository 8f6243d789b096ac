"""The meaning cases: does a drafted bullet keep what decides in a real criterion, and is its role right?

Each YAML file in ``criteria_meaning/`` holds cases taken from ../shared/corpus/ctgov-v2, one class per file:
time windows, numbers with unit and direction, performance scales, qualifiers, exceptions, deciding roles,
routine roles and cohort groups. A case gives the criterion exactly as :func:`trialdocs.scope.scoped` yields
it, its path, section and heading, the role it plays and the fragments the bullet must keep.

The cases were labelled by hand by a helper session of the project (an AI assistant), reading each criterion
on its own first and deciding its role and the fragments that carry its meaning (numbers with their units and
direction, windows and what they are counted from, exceptions, qualifiers, the group) before running
``bullet_for`` or ``roles.role`` on it. Only afterwards were the fragments written in the bullet's own wording,
and only where that wording is a faithful paraphrase ("≥" as "at least", "prior to" as "before", a gloss in
brackets). Where the code drops or changes the meaning, or gives another role, the case keeps the hand label
and fails: it records a defect of the code, not of the case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialdocs import roles
from trialdocs.conservation import losses
from trialdocs.scope import ScopedCriterion, scope_one
from trialdocs.summary.fit import bullet_for

from .cases import load_cases

CASES_DIR = Path(__file__).parent / "criteria_meaning"
CLASSES = frozenset({"windows", "numbers", "scales", "qualifiers", "exceptions", "roles_deciding", "roles_routine", "groups"})
#: What a bullet must never say in place of the criterion: a pointer to the full list instead of its meaning.
HEDGE_RE = re.compile(r"in the full list|see the full list|\((?:more details|with exceptions|or other options)", re.I)


CASES = load_cases(CASES_DIR)


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


def scoped_case(case: dict[str, Any]) -> ScopedCriterion:
    """The criterion as the page scopes it: under its heading, if it has one (as ``iter_scoped`` passes it)."""
    return scope_one(case["criterion"], path=case["path"], section=case["section"], heading=case.get("heading"))


def test_the_meaning_corpus_is_large_and_covers_every_class() -> None:
    assert len(CASES) >= 100
    assert {p.stem for p in CASES_DIR.glob("*.yaml")} >= CLASSES
    for path in CASES_DIR.glob("*.yaml"):
        assert len(yaml.safe_load(path.read_text("utf-8"))) >= 10, path.name


@pytest.mark.parametrize("case", CASES)
def test_meaning_case(case: dict[str, Any]) -> None:
    scoped = scoped_case(case)
    bullet = bullet_for(scoped)
    assert bullet is not None, "the criterion gives no bullet"
    # A list of roles: the labeller found the criterion plays both ("EGFR mutation-positive NSCLC that progressed
    # on first-line osimertinib" is a marker and a line of therapy); either puts it among the deciding ones.
    assert roles.role(scoped) in (case["role"] if isinstance(case["role"], list) else [case["role"]])
    said = normal(bullet.text)
    missing = [k for k in case["keep"] if normal(k) not in said]
    assert not missing, f"{bullet.text!r} drops {missing}"
    assert not HEDGE_RE.search(bullet.text), bullet.text
    assert [str(loss) for loss in losses(case["criterion"], bullet.text)] == []
