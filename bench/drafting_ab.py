"""Drafting cost of this checkout against a baseline checkout, in one sitting: ``build_summary`` per record.

Each run is a fresh process that loads the v2 corpus once and builds every page ``--passes`` times (fresh copies of
the records each pass, so no cache carries over); its best pass is its figure. Runs alternate baseline and this
checkout ``--pairs`` times and the ratio is taken pair by pair, so it holds while the machine's speed drifts.

    git worktree add /tmp/before e0387cd
    .venv/bin/python bench/drafting_ab.py --baseline-src /tmp/before/src
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

_ONE_RUN = """
import glob, sys, time
from trialdocs.sources import load_one
from trialdocs.summary import build_summary
trials = [load_one(f).model_copy(update={"lay": None}) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
best = float("inf")
for _ in range(int(sys.argv[2])):
    batch = [t.model_copy(deep=True) for t in trials]
    start = time.process_time()
    for t in batch:
        build_summary(t)
    best = min(best, (time.process_time() - start) / len(batch) * 1000)
print(best)
"""


def _run(src: Path | None, corpus: Path, passes: int) -> float:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    out = subprocess.run([sys.executable, "-c", _ONE_RUN, str(corpus), str(passes)], env=env, check=True, capture_output=True)
    return float(out.stdout)


def main() -> int:
    default = Path(os.environ.get("TRIALDOCS_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")) / "ctgov-v2"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True, help="the baseline checkout's src/ directory")
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_dir() or not (args.baseline_src / "trialdocs").is_dir():
        print(f"need the corpus ({args.corpus}) and a baseline src/ ({args.baseline_src})", file=sys.stderr)
        return 2
    ratios, before, after = [], [], []
    for _ in range(args.pairs):
        b = _run(args.baseline_src, args.corpus, args.passes)
        a = _run(None, args.corpus, args.passes)
        before.append(b)
        after.append(a)
        ratios.append(a / b)
    print(f"baseline {statistics.median(before):.2f} ms a record, this checkout {statistics.median(after):.2f} ms a record")
    print(f"ratio per pair: {' '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
