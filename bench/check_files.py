"""Benchmark of ``trialdocs check`` on the files editors commit, whole processes timed.

Run with ``make bench`` (after ``bench/run.py``) or ``python bench/check_files.py [CORPUS_DIR]``.

- One overlay (``fixtures/NCT06709469.md``, its record beside it), as a
  pre-commit hook runs it: wall seconds, start-up included.
- 1,040 rendered Markdown summaries (the 520 corpus records rendered, in two
  folders): ``trialdocs check`` on both folders against a Python process that
  imports textstat and runs its four metrics, one call a metric, on the lay
  sections of the same files. The sections are taken out beforehand, so the
  textstat side does no Markdown reading at all.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTSTAT_LOOP = """
import json, sys, textstat
for text in json.load(open(sys.argv[1])):
    textstat.flesch_kincaid_grade(text)
    textstat.flesch_reading_ease(text)
    textstat.smog_index(text)
    textstat.dale_chall_readability_score(text)
"""


def wall(command: list[str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` runs of a whole process (one warm-up run first, not counted)."""
    subprocess.run(command, capture_output=True, check=False)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        out.append(time.perf_counter() - start)
    return out


def spread(values: list[float], scale: float = 1.0, unit: str = "s") -> str:
    return (
        f"median {statistics.median(values) * scale:.3f} {unit} "
        f"(min {min(values) * scale:.3f}, max {max(values) * scale:.3f}, {len(values)} runs)"
    )


def render(corpus: Path, workdir: Path) -> tuple[list[Path], Path]:
    """The corpus rendered to Markdown twice over, and the lay sections of every file as JSON."""
    from trialdocs import Trial, iter_load
    from trialdocs.check.document import load_documents
    from trialdocs.summary import summary

    folders = [workdir / "a", workdir / "b"]
    for folder in folders:
        folder.mkdir()
    for trial in iter_load(sorted(corpus.glob("*.json"))):
        if isinstance(trial, Trial):
            page = summary(trial, "md")
            for folder in folders:
                (folder / f"{trial.nct_id}.md").write_text(page, "utf-8")
    sections = [
        s.text for folder in folders for path in sorted(folder.glob("*.md")) for doc in load_documents(path) for s in doc.sections
    ]
    texts = workdir / "sections.json"
    texts.write_text(json.dumps(sections), "utf-8")
    return folders, texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("TRIALDOCS_CORPUS", ROOT.parent / "shared" / "corpus")) / "ctgov-v2"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 2
    trialdocs = str(Path(sys.executable).with_name("trialdocs"))
    overlay = wall([trialdocs, "check", str(ROOT / "fixtures" / "NCT06709469.md")], args.runs * 2)
    print(f"check one overlay (pre-commit hook), start-up included: {spread(overlay)}; target 0.5 s")
    defects = sorted((ROOT / "tests" / "check" / "defects" / "clean").glob("*.md"))
    fifteen = wall([trialdocs, "check", *map(str, defects), "--records", str(args.corpus)], args.runs)
    print(f"check the {len(defects)} clean defect-corpus overlays against their corpus records: {spread(fifteen)}")
    with tempfile.TemporaryDirectory(prefix="trialdocs-check-bench-") as tmp:
        folders, texts = render(args.corpus, Path(tmp))
        files = sum(len(list(f.glob("*.md"))) for f in folders)
        ours = wall([trialdocs, "check", *map(str, folders), "--format", "json", "-o", str(Path(tmp) / "report.json")], args.runs)
        theirs = wall([sys.executable, "-c", TEXTSTAT_LOOP, str(texts)], args.runs)
    print(
        f"check {files} rendered Markdown summaries (all rules): {spread(ours)}; {statistics.median(ours) / files * 1000:.2f} ms a file"
    )
    print(f"textstat, 4 metrics a lay section of the same files:   {spread(theirs)}")
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"check is {ratio:.1f}x the textstat loop, start-up included (target 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
