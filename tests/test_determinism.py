"""The same inputs give byte-identical outputs: across runs, hash seeds, job counts and input order."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trialdocs.convert import JOURNAL

from .conftest import ROOT, corpus_dir


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != JOURNAL
    }


def run_convert(sources: list[Path], out: Path, jobs: int, seed: str, *extra: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [sys.executable, "-m", "trialdocs", "convert", *map(str, sources), "-o", str(out), "--jobs", str(jobs), *extra]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.corpus
def test_corpus_conversion_is_byte_identical(tmp_path: Path) -> None:
    v2, xml = corpus_dir("ctgov-v2"), corpus_dir("ctgov-legacy-xml")
    run_convert([v2, xml], tmp_path / "a", jobs=1, seed="1")
    run_convert([xml, v2], tmp_path / "b", jobs=2, seed="4242")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len(first) == 583 * 4 + 51 * 3 + 5 + 3  # and a results page in three formats for each of the 51 with results
    assert first == second


@pytest.mark.corpus
def test_a_local_dask_cluster_writes_the_same_tree_as_one_job(tmp_path: Path) -> None:
    """`--scheduler local` (2 worker processes, results in completion order) against `--jobs 1`."""
    v2, xml = corpus_dir("ctgov-v2"), corpus_dir("ctgov-legacy-xml")
    run_convert([v2, xml], tmp_path / "a", jobs=1, seed="1")
    run_convert([xml, v2], tmp_path / "dask", 2, "977", "--scheduler", "local")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "dask")
    assert len(second) == 583 * 4 + 51 * 3 + 5 + 3
    assert first == second
