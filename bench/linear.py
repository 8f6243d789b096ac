"""Linear in the input: time and peak memory of the whole user path as one field of a record doubles.

Run with ``make bench`` or ``python bench/linear.py [--quick] [--timeout S]``.

Three axes, each a synthetic CT.gov API v2 record built in memory and grown in
one place: (a) one eligibility criterion of N words, (b) N conditions, (c) N
criteria lines under the Inclusion and Exclusion headings. Each axis runs a
start size and four doublings. Every size runs in a fresh process that does
what a user's ``trialdocs summary FILE`` and ``trialdocs fhir FILE`` do: read
and parse the file, draft the lay summary, render it in every format the CLI
offers (md, html, txt, json) and build the validated FHIR R5 Bundle. The
process reports its own wall time per step and its peak RSS
(``getrusage(RUSAGE_SELF)``, so the parent's size does not leak in).

A tiny record of the same shape is the baseline: its time and memory
(interpreter start-up, imports, the fixed per-record work) are subtracted
before each doubling's ratio is taken. Linear gives a ratio of about 2,
quadratic about 4. The bench exits 1 when a doubling's time ratio is over
2.6 or its memory ratio is over 2.6 (once the net figures are large enough to
measure), unless that size was refused with a clear TrialdocsError naming a
documented limit and the field path.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A doubling step's ratio over this fails the bench (linear ~2, quadratic ~4; the machine is noisy).
MAX_RATIO = 2.6
#: Below these net figures (over the baseline record) the ratio is noise, not growth.
MIN_NET_SECONDS = 0.5
MIN_NET_MB = 25.0
DOUBLINGS = 4
FORMATS = ("md", "html", "txt", "json")

BASE_RECORD: dict[str, Any] = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT01234567",
            "briefTitle": "Aspirin for headache in adults",
            "officialTitle": "A Randomized Study of Aspirin for Tension-Type Headache in Adults",
        },
        "statusModule": {
            "overallStatus": "RECRUITING",
            "startDateStruct": {"date": "2024-05", "type": "ACTUAL"},
            "primaryCompletionDateStruct": {"date": "2026-12", "type": "ESTIMATED"},
        },
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Acme", "class": "INDUSTRY"}},
        "descriptionModule": {"briefSummary": "This study tests whether aspirin eases tension-type headache in adults."},
        "conditionsModule": {"conditions": ["Headache"], "keywords": ["aspirin", "headache"]},
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": ["PHASE2"],
            "enrollmentInfo": {"count": 120, "type": "ESTIMATED"},
        },
        "eligibilityModule": {
            "eligibilityCriteria": "Inclusion Criteria:\n\n* Adults with headache\n\nExclusion Criteria:\n\n* Age \\<18\n",
            "sex": "ALL",
            "minimumAge": "18 Years",
            "maximumAge": "N/A",
        },
        "armsInterventionsModule": {
            "armGroups": [{"label": "A", "type": "EXPERIMENTAL", "interventionNames": ["Drug: Aspirin"]}],
            "interventions": [{"type": "DRUG", "name": "Aspirin", "otherNames": ["ASA"]}],
        },
        "outcomesModule": {"primaryOutcomes": [{"measure": "Headache pain score", "timeFrame": "2 hours"}]},
    }
}


def _split(words: str) -> list[str]:
    return words.split()


# Words a criterion is made of: medical terms, connectives, numbers with units and the scope cues
# ("unless", "within 3 months", "except", "no history of") that the drafting reads.
TERMS = _split(
    "patients diagnosis histologically confirmed adenocarcinoma metastatic disease measurable lesion RECIST "
    "chemotherapy radiotherapy immunotherapy hepatic renal cardiac function creatinine clearance bilirubin "
    "platelets neutrophil count hemoglobin ECOG performance status pregnant breastfeeding contraception "
    "hepatitis HIV infection autoimmune disorder corticosteroids transplant surgery prior therapy investigational "
    "agent allergy hypersensitivity myocardial infarction stroke seizure dementia diabetes hypertension uncontrolled "
    "consent participant enrolled screening baseline visit laboratory values serum potassium magnesium electrolyte"
)
GLUE = _split("and or with of the a in for to on at by from any who has have had is are")
CUES = (
    "unless",
    "within 3 months",
    "within 14 days of enrollment",
    "except",
    "no history of",
    "not",
    "at least 4 weeks before",
    "if",
    "other than",
    "during the study",
    "is excluded",
    "negative",
    "are eligible",
    "(allowed)",
    "when",
    "provided that",
)
NUMBERS = ("18 years", "2.5 mg/kg", "≥ 1.5 × ULN", "< 60 mL/min", "100,000/mm3", "grade 2", "6 months", "0-1", "10 g/dL")


def words(n: int, rng: random.Random) -> list[str]:
    """``n`` words of criterion-like text: clauses, sentences, numbers with units and scope cues, mixed at random."""
    out: list[str] = []
    while len(out) < n:
        roll = rng.random()
        if roll < 0.08:
            out.extend(rng.choice(CUES).split())
        elif roll < 0.20:
            out.extend(rng.choice(NUMBERS).split())
        elif roll < 0.45:
            out.append(rng.choice(GLUE))
        else:
            word = rng.choice(TERMS)
            end = rng.random()
            out.append(word + ("," if end < 0.07 else ". Also" if end < 0.09 else ""))
    return out[:n]


def criterion_line(rng: random.Random, i: int) -> str:
    body = " ".join(words(rng.randint(6, 16), rng))
    return f"* {body[0].upper()}{body[1:]} (item {i})"


def record_words(n: int) -> dict[str, Any]:
    rng = random.Random(n)
    rec = copy.deepcopy(BASE_RECORD)
    text = " ".join(words(n, rng))
    rec["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        f"Inclusion Criteria:\n\n* {text[0].upper()}{text[1:]}\n\nExclusion Criteria:\n\n* Age \\<18\n"
    )
    return rec


ORGANS = _split("lung breast colon liver kidney skin brain bone blood heart pancreas prostate ovarian gastric thyroid")
KINDS = _split("cancer carcinoma lymphoma leukemia sarcoma disease syndrome insufficiency failure fibrosis infection")
QUALS = _split("chronic acute metastatic recurrent refractory advanced early hereditary primary secondary")


def record_conditions(n: int) -> dict[str, Any]:
    rng = random.Random(n)
    rec = copy.deepcopy(BASE_RECORD)
    rec["protocolSection"]["conditionsModule"]["conditions"] = [
        f"{rng.choice(QUALS).title()} {rng.choice(ORGANS)} {rng.choice(KINDS)} type {i}" for i in range(n)
    ]
    return rec


def record_lines(n: int) -> dict[str, Any]:
    rng = random.Random(n)
    rec = copy.deepcopy(BASE_RECORD)
    half = n // 2
    inclusion = "\n".join(criterion_line(rng, i) for i in range(half))
    exclusion = "\n".join(criterion_line(rng, i) for i in range(half, n))
    rec["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        f"Inclusion Criteria:\n\n{inclusion}\n\nExclusion Criteria:\n\n{exclusion}\n"
    )
    return rec


@dataclass
class Axis:
    name: str
    unit: str
    make: Callable[[int], dict[str, Any]]
    start: int
    quick: int
    tiny: int


AXES = (
    Axis("one criterion of N words", "words", record_words, 2_500, 500, 20),
    Axis("N conditions", "conditions", record_conditions, 5_000, 1_000, 2),
    # 24,000 lines are over the 20,000-line limit (trialdocs.sources._limits): the last size shows the refusal.
    Axis("N criteria lines", "lines", record_lines, 1_500, 250, 4),
)


def child(path: str) -> int:
    """One user's run on one file, in this fresh process: prints a JSON line of timings."""
    t0 = time.perf_counter()
    steps: dict[str, float] = {}
    out: dict[str, Any] = {"steps": steps}
    from trialdocs.errors import TrialdocsError
    from trialdocs.fhir import to_fhir_json
    from trialdocs.model import Trial
    from trialdocs.sources import iter_load
    from trialdocs.summary import build_summary, render

    steps["import"] = time.perf_counter() - t0
    try:
        mark = time.perf_counter()
        (trial,) = list(iter_load([path]))
        if not isinstance(trial, Trial):
            raise trial
        steps["load"] = time.perf_counter() - mark
        mark = time.perf_counter()
        summary = build_summary(trial)
        steps["draft"] = time.perf_counter() - mark
        for fmt in FORMATS:
            mark = time.perf_counter()
            render(summary, fmt)  # type: ignore[arg-type]
            steps[fmt] = time.perf_counter() - mark
        mark = time.perf_counter()
        to_fhir_json(trial)
        steps["fhir"] = time.perf_counter() - mark
    except TrialdocsError as exc:
        out["refused"] = f"{type(exc).__name__}: {exc}"
    out["seconds"] = time.perf_counter() - t0
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    return 0


@dataclass
class Run:
    size: int
    seconds: float  # wall time of the whole fresh process, start-up included
    mb: float  # peak RSS of that process
    steps: dict[str, float] = field(default_factory=dict)
    refused: str | None = None
    failed: str | None = None  # timeout or crash


def run_one(record: dict[str, Any], size: int, timeout: float) -> Run:
    with tempfile.TemporaryDirectory(prefix="trialdocs-linear-") as tmp:
        path = Path(tmp) / "NCT01234567.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        del record
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
        except subprocess.TimeoutExpired:
            return Run(size, time.perf_counter() - start, float("nan"), failed=f"timed out after {timeout:.0f} s")
        wall = time.perf_counter() - start
    if proc.returncode != 0 or not proc.stdout.strip():
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return Run(size, wall, float("nan"), failed=f"exit {proc.returncode}: {tail}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Run(size, wall, data["max_rss_mb"], data["steps"], data.get("refused"))


def clear_refusal(message: str) -> bool:
    """A refusal counts only if it is typed, names a limit and ends in the field path."""
    return "limit" in message and " @ $." in message


def ratio(now: float, before: float, floor: float) -> float | None:
    """Net growth of one doubling, or None where the net figures are too small to read."""
    if before < floor or now != now or before != before:  # NaN: a failed run
        return None
    return now / before


def suspicious(prev: Run, run: Run, base: Run) -> bool:
    if prev.failed or prev.refused or run.failed or run.refused:
        return False
    t_ratio = ratio(run.seconds - base.seconds, prev.seconds - base.seconds, MIN_NET_SECONDS)
    return t_ratio is not None and t_ratio > MAX_RATIO


def report(axis: Axis, base: Run, runs: list[Run]) -> bool:
    print(f"\n== {axis.name} (baseline: {axis.tiny} {axis.unit}, {base.seconds:.2f} s, {base.mb:.0f} MB) ==")
    print(
        f"{axis.unit:>10}  {'seconds':>8}  {'net s':>7}  {'MB':>7}  {'net MB':>7}  {'t ratio':>7}  {'MB ratio':>8}  slowest steps"
    )
    ok = True
    measured = 0
    prev: Run | None = None
    for run in runs:
        net_s = run.seconds - base.seconds
        net_mb = run.mb - base.mb
        t_ratio = mb_ratio = None
        note = ""
        if run.failed:
            ok = False
            note = f"FAILED: {run.failed}"
        elif run.refused:
            if clear_refusal(run.refused):
                note = f"refused: {run.refused}"
            else:
                ok = False
                note = f"refused WITHOUT a clear limit message: {run.refused}"
        if prev is not None and not prev.failed and not prev.refused and not run.failed and not run.refused:
            t_ratio = ratio(net_s, prev.seconds - base.seconds, MIN_NET_SECONDS)
            mb_ratio = ratio(net_mb, prev.mb - base.mb, MIN_NET_MB)
            measured += t_ratio is not None
            if (t_ratio is not None and t_ratio > MAX_RATIO) or (mb_ratio is not None and mb_ratio > MAX_RATIO):
                ok = False
                note = "SUPERLINEAR " + note
        if not note:
            top = sorted(((v, k) for k, v in run.steps.items() if k != "import"), reverse=True)[:3]
            note = ", ".join(f"{k} {v:.2f}" for v, k in top)
        t_txt = f"{t_ratio:.2f}" if t_ratio is not None else "-"
        m_txt = f"{mb_ratio:.2f}" if mb_ratio is not None else "-"
        print(
            f"{run.size:>10,}  {run.seconds:>8.2f}  {net_s:>7.2f}  {run.mb:>7.0f}  {net_mb:>7.0f}  {t_txt:>7}  {m_txt:>8}  {note}"
        )
        prev = run
    if not measured and not any(run.refused for run in runs):
        # Fail closed: no doubling was large enough to time, so nothing was checked.
        print(f"verdict: NOT MEASURED (no step's net time reached {MIN_NET_SECONDS} s; use larger sizes)")
        return False
    print(f"verdict: {'linear (or refused at a documented limit)' if ok else 'NOT linear'}")
    return ok


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        return child(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes (about an eighth), for a fast look; an axis whose steps are too small to time fails",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds before one size is given up as too slow")
    parser.add_argument("--axis", choices=[a.unit for a in AXES], action="append", help="run only this axis (repeatable)")
    parser.add_argument("--start", type=int, help="override the start size (with one --axis)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; max ratio per doubling {MAX_RATIO}")
    all_ok = True
    for axis in AXES:
        if args.axis and axis.unit not in args.axis:
            continue
        start = args.start or (axis.quick if args.quick else axis.start)
        # The baseline is the fastest of three runs: start-up is what it measures, and noise only adds to it.
        base = min((run_one(axis.make(axis.tiny), axis.tiny, args.timeout) for _ in range(3)), key=lambda r: r.seconds)
        if base.failed or base.refused:
            print(f"baseline failed for {axis.name}: {base.failed or base.refused}")
            all_ok = False
            continue
        runs: list[Run] = []
        for step in range(DOUBLINGS + 1):
            size = start * 2**step
            run = run_one(axis.make(size), size, args.timeout)
            if runs and suspicious(runs[-1], run, base):
                # This machine is noisy: a step over the ratio is run once more, and the faster run counts.
                again = run_one(axis.make(size), size, args.timeout)
                run = again if not again.failed and again.seconds < run.seconds else run
            runs.append(run)
            if run.failed:
                break  # a larger size would only take longer
        all_ok = report(axis, base, runs) and all_ok
    print(f"\noverall: {'PASS' if all_ok else 'FAIL'}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
