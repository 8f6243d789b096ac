"""Benchmark over the CT.gov v2 corpus: records per second per stage, and whole `trialdocs convert` runs.

Run with ``make bench`` or ``python bench/run.py [CORPUS_DIR] [--repeat N]``.
Rows: the floor (json.load + json.dumps), import, the validated FHIR export
in R5 and R4B (and without validation, to show its cost), the summary in each
format, the readability gate, and the four readability formulas computed by
trialdocs against textstat's per-metric loop on the same sections; then
whole `trialdocs convert` runs (fresh processes, start-up included) with
--jobs 1, --jobs 2 and a 2-worker Dask LocalCluster, and what a Dask client
spends writing. Each row gives records/s, the ratio to the floor and the
projected time for 560,000 records on one core; the summary compares them
with the targets of issue 13.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import textstat

from naive import naive
from trialdocs import Trial
from trialdocs.check import Config, check_document
from trialdocs.check.document import CheckDocument, from_summary
from trialdocs.convert import (
    JOURNAL,
    NDJSON_DIR,
    ConvertStats,
    Options,
    _write_files,
    _write_unit,
    convert_record,
    iter_units,
)
from trialdocs.fhir import bundle_dict, resources, to_fhir_json
from trialdocs.fhir.validate import validate_resource
from trialdocs.readability import count
from trialdocs.sources import iter_bytes
from trialdocs.summary import Summary, build_summary, render

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
    parser.add_argument("--memory-repeat", type=int, default=10, help="corpus copies for the larger memory measurement")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    files = sorted(args.corpus.glob("*.json"))
    raw = [p.read_bytes() for p in files] * args.repeat
    # Text-level caches would make repeated records free, so the readability
    # rows use each distinct record once.
    unique = len(files)
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

    summaries: list[Summary] = []

    def summary_build() -> int:
        summaries.clear()
        summaries.extend(build_summary(t) for t in trials)
        return len(summaries)

    def summary_format(fmt: str) -> Callable[[], int]:
        def run() -> int:
            count.cache_clear()
            for s in summaries:
                render(s, fmt)  # type: ignore[arg-type]
            return len(summaries)

        return run

    def section_texts() -> list[str]:
        return [sec.text for s in summaries[:unique] for sec in s.lay_sections]

    def gate() -> int:
        """As convert runs it: with the record, so the fact rules (TD7xx) run too."""
        count.cache_clear()
        config = Config()
        for t, s in zip(trials[:unique], summaries[:unique], strict=True):
            doc = CheckDocument(t.nct_id, "record", from_summary(s), trial=t)
            check_document(doc, config)
        return unique

    def fhir_reference() -> int:
        """The R5 export checked the old way: fhir.resources models and FHIRPath (the reference, kept in `validate`)."""
        for t in trials[:unique]:
            for item in resources(t, "R5"):
                validate_resource(item, "R5")
        return unique

    def formulas_ours() -> int:
        count.cache_clear()
        for text in section_texts():
            c = count(text)
            (c.fk_grade, c.reading_ease, c.smog, c.dale_chall)
        return unique

    def formulas_textstat() -> int:
        for text in section_texts():
            textstat.flesch_kincaid_grade(text)
            textstat.flesch_reading_ease(text)
            textstat.smog_index(text)
            textstat.dale_chall_readability_score(text)
        return unique

    rows = [("floor: json.load + json.dumps", floor), ("import only", import_only)]
    rows += [
        ("FHIR R5, validated", fhir("R5")),
        ("FHIR R4B, validated", fhir("R4B")),
        ("FHIR R5, not validated", fhir("R5", False)),
        ("FHIR R5, reference validator", fhir_reference),
    ]
    rows += [("summary: build (drafting)", summary_build)]
    rows += [(f"summary: render {fmt}", summary_format(fmt)) for fmt in ("md", "html", "txt", "json")]
    rows += [("check (all rules, per summary)", gate)]
    rows += [("formulas: trialdocs counts", formulas_ours), ("formulas: textstat per metric", formulas_textstat)]

    def anchor_texts() -> list[str]:
        return [f"{t.brief_summary or ''}\n{t.eligibility.text or ''}" for t in trials[:unique]]

    def anchor_ours() -> int:
        count.cache_clear()
        for text in anchor_texts():
            c = count(text)
            (c.fk_grade, c.reading_ease, c.smog, c.dale_chall)
        return unique

    def anchor_textstat() -> int:
        for text in anchor_texts():
            textstat.flesch_kincaid_grade(text)
            textstat.flesch_reading_ease(text)
            textstat.smog_index(text)
            textstat.dale_chall_readability_score(text)
        return unique

    rows += [("anchor: trialdocs counts", anchor_ours), ("anchor: textstat per metric", anchor_textstat)]

    workdir = Path(tempfile.mkdtemp(prefix="trialdocs-bench-"))
    ndjson = workdir / "input.ndjson"
    with ndjson.open("wb") as handle:
        for blob in raw:
            handle.write(json.dumps(json.loads(blob), separators=(",", ":")).encode() + b"\n")

    def convert_cli(*flags: str) -> Callable[[], int]:
        """`trialdocs convert` as a user runs it: a fresh process (start-up included), all outputs."""

        def run() -> int:
            out = workdir / "out-convert"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [sys.executable, "-m", "trialdocs", "convert", str(ndjson), "-o", str(out), *flags]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return len(raw)

        return run

    converted: list[tuple[Any, list[Any]]] = []

    def client_writes() -> int:
        """What a Dask client does per record besides waiting: write the files, NDJSON and journal (its ceiling).

        The records are converted beforehand (the first copy of the corpus), outside the timing.
        """
        out = workdir / "out-client"
        shutil.rmtree(out, ignore_errors=True)
        (out / NDJSON_DIR).mkdir(parents=True)
        stats, handles = ConvertStats(), {}
        with (out / JOURNAL).open("ab") as journal:
            for unit, results in converted:
                for r in results:
                    r.files = dict(r.files)
                _write_files(out, results)
                _write_unit(out, unit, results, handles, out / NDJSON_DIR, journal, stats)
        for handle in handles.values():
            handle.close()
        converted.clear()
        return stats.read

    def naive_pipeline() -> int:
        for t in trials:
            naive(t)
        return len(trials)

    rows += [
        ("convert --jobs 1 (all outputs)", convert_cli("--jobs", "1")),
        ("convert --jobs 2 (all outputs)", convert_cli("--jobs", "2")),
    ]
    rows += [
        ("convert on Dask, 2 local workers", convert_cli("--scheduler", "local", "--jobs", "2")),
        ("Dask client: writing only", client_writes),
    ]
    rows += [("naive pipeline", naive_pipeline)]
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"records: {len(raw)} ({args.corpus})\n")
    print(f"{'stage':<36} {'records/s':>10} {'ms/record':>10} {'x floor':>8} {'560k, 1 core':>13}")
    floor_rate = 0.0
    rates: dict[str, float] = {}
    for name, fn in rows:
        if name.startswith(("formulas:", "anchor:")):
            fn()  # warm-up: both sides run once first, so caches and imports are warm for both
        if name.startswith("Dask client"):
            converted.extend((u, convert_record(u, Options())) for u in itertools.islice(iter_units([ndjson]), unique))
        n, secs = timed(fn)
        rate = n / secs
        rates[name] = rate
        floor_rate = floor_rate or rate
        projected = REGISTRY / rate / 60
        print(f"{name:<36} {rate:>10.0f} {1000 / rate:>10.2f} {floor_rate / rate:>8.1f} {projected:>10.1f} min")

    def x(name: str) -> float:
        return floor_rate / rates[name]

    anchor = rates["anchor: trialdocs counts"] / rates["anchor: textstat per metric"]
    ratio = rates["formulas: trialdocs counts"] / rates["formulas: textstat per metric"]
    print(
        f"\nreadability formulas, 4 metrics on brief summary + criteria (the issue's anchor): trialdocs is {anchor:.1f}x textstat"
    )
    print(f"readability formulas, 4 metrics on every drafted lay section: trialdocs is {ratio:.1f}x textstat")
    print(f"gate: 1,000 drafted summaries check in {1000 / rates['check (all rules, per summary)']:.2f} s on one core")
    lay = x("summary: build (drafting)") + x("summary: render md") + x("summary: render html") + x("summary: render json")
    lay += x("check (all rules, per summary)")
    print("\ntargets (x floor per record, one core):")
    print(f"  import                                  {x('import only'):6.1f}  (target <= 3)")
    print(f"  FHIR R5 validated                       {x('FHIR R5, validated'):6.1f}  (target <= 4)")
    print(f"  summary build + 3 renders + check       {lay:6.1f}  (target <= 3)")
    j1, j2 = rates["convert --jobs 1 (all outputs)"], rates["convert --jobs 2 (all outputs)"]
    print(f"  convert --jobs 1, all outputs           {floor_rate / j1:6.1f}  (target <= 10)")
    print(
        f"convert: --jobs 2 is {j2 / j1:.2f}x --jobs 1 (target >= 1.9); {j1 / rates['naive pipeline']:.2f}x the naive pipeline on one core;"
        f" 560,000 records on 2 cores: {REGISTRY / j2 / 60:.0f} min (target <= 15)"
    )
    dask, ceiling = rates["convert on Dask, 2 local workers"], rates["Dask client: writing only"]
    print(
        f"Dask LocalCluster (2 workers, cluster start-up included): {dask:.0f} records/s, {dask / j2:.2f}x --jobs 2;"
        f" the client writes at most {ceiling:.0f} records/s, so a cluster tops out near {ceiling / dask:.0f}x this one"
    )
    small, large = peak_memory(files[0].parent, 1, workdir), peak_memory(files[0].parent, args.memory_repeat, workdir)
    print(
        f"peak memory of convert --jobs 2 (parent + largest worker): {small[0]} records {small[1]:.0f} MB; {large[0]} records {large[1]:.0f} MB"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def peak_memory(corpus: Path, repeat: int, workdir: Path) -> tuple[int, float]:
    """Convert the corpus repeated ``repeat`` times in a fresh process (--jobs 2), sampling
    the resident memory of the whole process tree; returns (records, peak MB).

    Sampling /proc is used rather than getrusage: on Linux a child's ru_maxrss
    keeps the size of the (large) benchmark process it was forked from.
    Summing the tree counts pages the workers share with the parent twice, so
    the figure is an upper bound.
    """
    source = workdir / f"mem-{repeat}.ndjson"
    with source.open("wb") as handle:
        for _ in range(repeat):
            for path in sorted(corpus.glob("*.json")):
                handle.write(json.dumps(json.loads(path.read_bytes()), separators=(",", ":")).encode() + b"\n")
    cmd = [sys.executable, "-m", "trialdocs", "convert", str(source), "-o", str(workdir / f"mem-out-{repeat}"), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _rss_mb(proc.pid))
        time.sleep(0.05)
    return 520 * repeat, peak


if __name__ == "__main__":
    sys.exit(main())
