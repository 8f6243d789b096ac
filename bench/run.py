"""Benchmark over the CT.gov v2 corpus: records per second per stage.

Run with ``make bench`` or ``python bench/run.py [CORPUS_DIR] [--repeat N]``.
Rows measured so far: the floor (json.load + json.dumps), import, and the
validated FHIR export in R5 and R4B, plus FHIR without validation to show what
validation costs. Each row gives records/s, the ratio to the floor and the
projected time for 560,000 records on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trialdocs import Trial, iter_load
from trialdocs.fhir import bundle_dict, to_fhir_json
from trialdocs.sources import iter_bytes

REGISTRY = 560_000


def timed(fn: Callable[[], int]) -> tuple[int, float]:
    start = time.perf_counter()
    n = fn()
    return n, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("TRIALDOCS_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus")) / "ctgov-v2"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=1, help="process the corpus N times (records are small)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    raw = [p.read_bytes() for p in sorted(args.corpus.glob("*.json"))] * args.repeat
    trials: list[Trial] = []

    def floor() -> int:
        for blob in raw:
            json.dumps(json.loads(blob))
        return len(raw)

    def import_only() -> int:
        trials.clear()
        for blob in raw:
            trials.extend(t for t in iter_bytes(blob, suffix=".json") if isinstance(t, Trial))
        return len(trials)

    def fhir(version: str, validate: bool = True) -> Callable[[], int]:
        def run() -> int:
            for t in trials:
                if validate:
                    to_fhir_json(t, version)  # type: ignore[arg-type]
                else:
                    json.dumps(bundle_dict(t, version, validate=False), sort_keys=True)  # type: ignore[arg-type]
            return len(trials)

        return run

    rows = [("floor: json.load + json.dumps", floor), ("import only", import_only)]
    rows += [("FHIR R5, validated", fhir("R5")), ("FHIR R4B, validated", fhir("R4B")), ("FHIR R5, not validated", fhir("R5", False))]
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"records: {len(raw)} ({args.corpus})\n")
    print(f"{'stage':<32} {'records/s':>10} {'ms/record':>10} {'x floor':>8} {'560k, 1 core':>13}")
    floor_rate = 0.0
    for name, fn in rows:
        n, secs = timed(fn)
        rate = n / secs
        floor_rate = floor_rate or rate
        projected = REGISTRY / rate / 60
        print(f"{name:<32} {rate:>10.0f} {1000 / rate:>10.2f} {floor_rate / rate:>8.1f} {projected:>10.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
