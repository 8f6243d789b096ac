"""The conservation checker's cost a record: the time ``build_summary`` spends in ``conservation.losses``.

    .venv/bin/python bench/checker_cost.py [CORPUS_DIR]

The drafting calls the checker for every candidate wording of every criterion (a stock sentence, a plain
rewrite, the registry's words). This wraps the function the drafting calls with a CPU-time counter, builds
every page of the v2 corpus a few times, and prints the checker's ms a record, its calls a record and its
share of the drafting's time.
"""

from __future__ import annotations

import glob
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trialdocs.sources import load_one
from trialdocs.summary import build_summary, fit


def main() -> int:
    default = Path(os.environ.get("TRIALDOCS_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")) / "ctgov-v2"
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    files = sorted(glob.glob(str(corpus / "*.json")))
    if not files:
        print(f"no records in {corpus}", file=sys.stderr)
        return 2
    trials = [load_one(f).model_copy(update={"lay": None}) for f in files]
    spent = [0.0, 0]
    inner: Callable[..., Any] = fit.losses

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
            spent[1] += 1

    fit.losses = timed  # type: ignore[assignment]
    best_total, best_checker, calls = float("inf"), 0.0, 0
    for _ in range(3):
        spent[:] = [0.0, 0]
        batch = [t.model_copy(deep=True) for t in trials]
        start = time.process_time()
        for t in batch:
            build_summary(t)
        total = time.process_time() - start
        if total < best_total:
            best_total, best_checker, calls = total, spent[0], spent[1]
    n = len(trials)
    print(
        f"conservation checker: {best_checker / n * 1000:.2f} ms a record ({calls / n:.1f} calls), "
        f"{best_checker / best_total:.0%} of drafting ({best_total / n * 1000:.2f} ms a record, {n} records)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
