"""Field coverage: how many records filled each canonical field (``import --report``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from trialdocs.model import Trial


def _leaf_paths(value: Any, prefix: str, out: set[str]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _leaf_paths(child, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        for child in value:
            _leaf_paths(child, f"{prefix}[]", out)
    elif value is not None and value != "":
        out.add(prefix)


def field_coverage(trials: Iterable[Trial]) -> tuple[int, Counter[str]]:
    """Return ``(records, counts)``: for each field path, the records that filled it."""
    counts: Counter[str] = Counter()
    total = 0
    for trial in trials:
        total += 1
        paths: set[str] = set()
        _leaf_paths(trial.model_dump(mode="json", exclude_defaults=True), "", paths)
        counts.update(paths)
    return total, counts


def format_coverage(total: int, counts: Counter[str]) -> str:
    """A plain table, fields in model order of first appearance, sorted for stability."""
    width = max((len(p) for p in counts), default=10)
    lines = [f"{'field':<{width}}  {'records':>7}  {'share':>6}"]
    for path in sorted(counts):
        share = counts[path] / total if total else 0.0
        lines.append(f"{path:<{width}}  {counts[path]:>7}  {share:>6.1%}")
    lines.append(f"{total} records")
    return "\n".join(lines) + "\n"
