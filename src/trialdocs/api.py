"""Library functions behind the CLI commands: each command calls one of these."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trialdocs._io import safe_stem, write_atomic
from trialdocs.errors import SourceError, UnreadableInputError
from trialdocs.model import Trial
from trialdocs.sources import iter_load
from trialdocs.sources.canonical import Format, dump


@dataclass
class BatchResult:
    """What a batch did with every input: nothing is lost without a trace."""

    read: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    coverage: Counter[str] = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        """0 clean; 1 some records failed; 2 nothing could be read at all."""
        if not self.errors:
            return 0
        if not self.written and all(isinstance(e, UnreadableInputError) for e in self.errors):
            return 2
        return 1


def import_trials(
    sources: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    format: Format = "yaml",
) -> BatchResult:
    """Read every record under ``sources`` and write one canonical document per study.

    Files are named ``OUT/NCT01234567.yaml`` and written atomically; bad records
    are collected in the result, never raised, so the batch always finishes.
    """
    out = Path(out_dir)
    result = BatchResult()
    for item in iter_load(sources):
        if isinstance(item, SourceError):
            result.errors.append(item)
            continue
        result.read += 1
        try:
            target = out / f"{safe_stem(item.nct_id)}.{format}"
        except SourceError as exc:
            result.errors.append(exc)
            continue
        write_atomic(target, dump(item, format))
        result.written.append(target)
    return result


def dump_many(trials: list[Trial], format: Format = "yaml") -> str:
    """Several trials as one stream: a YAML multi-document, or NDJSON-like JSON documents."""
    if format == "json":
        return "".join(dump(t, "json") for t in trials)
    return "---\n".join(dump(t, "yaml") for t in trials)
