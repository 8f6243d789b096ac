"""Shared test fixtures. The corpus is read in place through TRIALDOCS_CORPUS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("TRIALDOCS_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


def corpus_dir(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"corpus not found at {path} (set TRIALDOCS_CORPUS to the shared corpus)")
    return path


@pytest.fixture
def v2_dir() -> Path:
    return corpus_dir("ctgov-v2")


@pytest.fixture
def xml_dir() -> Path:
    return corpus_dir("ctgov-legacy-xml")


@pytest.fixture
def fixture_yaml() -> Path:
    return FIXTURES / "NCT06709469.yaml"
