"""Our criteria scope parser against medspaCy's ConText, for accuracy and speed.

Run with ``make scope-compare`` (it builds ``.venv-compare`` with medspaCy,
which the core install does not need), or directly:

    .venv-compare/bin/python bench/scope_compare.py [--show N]

Both engines get the same targets (the concept spans of ``trialdocs.scope``)
and the same extra trigger phrases for what ConText has no category for
(exceptions and permissions); ConText keeps its own bundled rules for
negation and hypotheticals. Criterion-level flags are read off the ConText
modifiers and compared with the flags in the case corpus
(``tests/summary/criteria``).

The case corpus's flags were drafted by our parser and then read by hand, so
agreement with them favours our parser; ``--show`` prints the cases where the
two engines disagree, for a person to judge which one is right.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trialdocs.scope import _compiled, scope_one  # noqa: E402

FLAGS = ("negated", "exception", "conditional", "permission")

# What ConText has no category for: the same phrases our parser uses.
EXTRA_RULES: tuple[tuple[str, str, str], ...] = (
    ("unless", "EXCEPTION", "FORWARD"),
    ("except", "EXCEPTION", "FORWARD"),
    ("except for", "EXCEPTION", "FORWARD"),
    ("other than", "EXCEPTION", "FORWARD"),
    ("with the exception of", "EXCEPTION", "FORWARD"),
    ("excluding", "EXCEPTION", "FORWARD"),
    ("are eligible", "PERMISSION", "BACKWARD"),
    ("is eligible", "PERMISSION", "BACKWARD"),
    ("are allowed", "PERMISSION", "BACKWARD"),
    ("is allowed", "PERMISSION", "BACKWARD"),
    ("is permitted", "PERMISSION", "BACKWARD"),
    ("are permitted", "PERMISSION", "BACKWARD"),
    ("may participate", "PERMISSION", "BACKWARD"),
    ("may be enrolled", "PERMISSION", "BACKWARD"),
    ("may be included", "PERMISSION", "BACKWARD"),
    ("is acceptable", "PERMISSION", "BACKWARD"),
    ("are acceptable", "PERMISSION", "BACKWARD"),
)


def load_cases() -> list[dict[str, Any]]:
    out = []
    for path in sorted((ROOT / "tests" / "summary" / "criteria").glob("*.yaml")):
        out += [c for c in yaml.safe_load(path.read_text("utf-8")) if not c.get("is_heading")]
    return out


def context_pipeline() -> Any:
    import logging

    import medspacy
    from loguru import logger
    from medspacy.context import ConTextRule

    logging.disable(logging.INFO)  # PyRuSH logs every sentence it splits
    logger.remove()

    nlp = medspacy.load(enable=["medspacy_pyrush", "medspacy_context"])
    context = nlp.get_pipe("medspacy_context")
    context.add([ConTextRule(literal, category, direction=direction) for literal, category, direction in EXTRA_RULES])
    return nlp


def context_flags(nlp: Any, text: str) -> dict[str, bool]:
    """Criterion flags from ConText: the targets are our concept spans."""
    concepts, _ = _compiled()
    doc = nlp.make_doc(text)
    spans = []
    for key, pattern in concepts:
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end(), label=key, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    spans.sort(key=lambda s: (s.start, -s.end))
    kept, last = [], -1
    for span in spans:
        if span.start >= last:
            kept.append(span)
            last = span.end
    doc.ents = kept
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    ents = list(doc.ents)

    def has(category: str) -> bool:
        return any(category in {m.category for m in e._.modifiers} for e in ents)

    first = ents[0] if ents else None
    return {
        "negated": bool(first is not None and first._.is_negated and first.start_char < 40),
        "exception": has("EXCEPTION"),
        "conditional": has("HYPOTHETICAL"),
        "permission": has("PERMISSION"),
    }


def ours(case: dict[str, Any]) -> dict[str, bool]:
    flags = scope_one(case["criterion"], path=case["path"], section=case["section"]).flags
    return {k: flags[k] for k in FLAGS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=0, help="print up to N cases where the engines disagree")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds over the cases (median is reported)")
    args = parser.parse_args()
    cases = load_cases()
    nlp = context_pipeline()

    results = {"trialdocs": [ours(c) for c in cases], "medspaCy ConText": [context_flags(nlp, c["criterion"]) for c in cases]}
    print(f"cases: {len(cases)} criteria from tests/summary/criteria (cohort headings left out)\n")
    print(f"{'flag':<12} {'engine':<18} {'accuracy':>8} {'precision':>9} {'recall':>7}")
    for flag in FLAGS:
        truth = [bool(c["expect"][flag]) for c in cases]
        for engine, found in results.items():
            got = [f[flag] for f in found]
            tp = sum(1 for t, g in zip(truth, got, strict=True) if t and g)
            fp = sum(1 for t, g in zip(truth, got, strict=True) if g and not t)
            fn = sum(1 for t, g in zip(truth, got, strict=True) if t and not g)
            acc = sum(1 for t, g in zip(truth, got, strict=True) if t == g) / len(truth)
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"{flag:<12} {engine:<18} {acc:>8.1%} {precision:>9.1%} {recall:>7.1%}")

    texts = [c["criterion"] for c in cases]
    timings: dict[str, list[float]] = {"trialdocs": [], "medspaCy ConText": []}
    for _ in range(args.repeat):
        start = time.perf_counter()
        for c in cases:
            ours(c)
        timings["trialdocs"].append((time.perf_counter() - start) / len(texts))
        start = time.perf_counter()
        for text in texts:
            context_flags(nlp, text)
        timings["medspaCy ConText"].append((time.perf_counter() - start) / len(texts))
    print("\nspeed (median of rounds, per criterion; a record has about 17 criteria):")
    for engine, values in timings.items():
        per = statistics.median(values) * 1000
        print(f"  {engine:<18} {per:.3f} ms a criterion, {per * 17:.1f} ms a record")

    if args.show:
        print("\ndisagreements (case file order):")
        shown = 0
        for case, a, b in zip(cases, results["trialdocs"], results["medspaCy ConText"], strict=True):
            if a != b and shown < args.show:
                shown += 1
                diff = {k: (a[k], b[k]) for k in FLAGS if a[k] != b[k]}
                print(f"- {case['nct_id']} {case['section']}: {case['criterion'][:160]!r}\n    (trialdocs, ConText): {diff}")


if __name__ == "__main__":
    main()
