"""Library functions behind the CLI commands: each command calls one of these."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from trialdocs._io import as_paths, safe_stem, write_atomic
from trialdocs.errors import NoResultsError, SourceError, UnreadableInputError, pick
from trialdocs.fhir import BundleType, FhirValidationError, ndjson_lines, to_fhir_json
from trialdocs.fhir.structure import Problem, Version
from trialdocs.fhir.validate import validate_resource
from trialdocs.model import Trial
from trialdocs.sources import iter_load_files
from trialdocs.sources.canonical import Format, dump
from trialdocs.summary import Format as SummaryFormat
from trialdocs.summary import find_overlay, results_summary, summary
from trialdocs.summary.rendering import SUFFIX

SummaryKind = Literal["lay", "results"]
SUMMARY_KINDS: tuple[SummaryKind, ...] = ("lay", "results")


@dataclass
class BatchResult:
    """What a batch did with every input: nothing is lost without a trace."""

    read: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    coverage: Counter[str] = field(default_factory=Counter)
    #: Records a results batch skipped because they have no posted results (not failures).
    no_results: list[SourceError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return batch_exit_code(len(self.written), self.errors)

    def summary(self, verb: str, out: str | os.PathLike[str]) -> str:
        """The closing line: every input is either written or failed."""
        total = len(self.written) + len(self.errors)
        return f"{verb} {len(self.written)} of {total} records into {out}; {len(self.errors)} failed"


def results_line(pages: int, no_results: int, failed: int) -> str:
    """The closing line of a results batch: "29 results pages; 491 records have no posted results"."""
    line = f"{pages} results {'page' if pages == 1 else 'pages'}; {no_results} {'record has' if no_results == 1 else 'records have'} no posted results"
    return line + (f"; {failed} failed" if failed else "")


def batch_exit_code(succeeded: int, errors: list[SourceError]) -> int:
    """0 clean; 1 some records failed; 2 nothing could be read at all."""
    if not errors:
        return 0
    if not succeeded and all(isinstance(e, UnreadableInputError) for e in errors):
        return 2
    return 1


def _trials(sources: Iterable[str | os.PathLike[str]], result: BatchResult) -> Iterator[Trial]:
    """The readable trials under ``sources``; every unreadable record goes into ``result``."""
    for _, trial in _records(sources, result):
        yield trial


def _records(sources: Iterable[str | os.PathLike[str]], result: BatchResult) -> Iterator[tuple[str, Trial]]:
    """:func:`_trials` with the file each trial came from, for messages that name it."""
    for file, item in iter_load_files(sources):
        if isinstance(item, SourceError):
            result.errors.append(item)
        else:
            result.read += 1
            yield file, item


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
    format = pick(format, ("yaml", "json"), "canonical format")  # type: ignore[assignment]
    out = Path(out_dir)
    result = BatchResult()
    for item in _trials(sources, result):
        try:
            target = out / f"{safe_stem(item.nct_id)}.{format}"
        except SourceError as exc:
            result.errors.append(exc)
            continue
        write_atomic(target, dump(item, format))
        result.written.append(target)
    return result


def export_fhir(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    version: Version = "R5",
    bundle: BundleType = "collection",
    ndjson: bool = False,
    pretty: bool = False,
    base_url: str | None = None,
) -> BatchResult:
    """Write one validated FHIR Bundle per study (``OUT/NCT….json``), or with
    ``ndjson`` the Bulk Data layout (``OUT/ResearchStudy.ndjson``, ``OUT/Group.ndjson`` …).

    A record that cannot be read or mapped is collected in the result; the
    batch always finishes.
    """
    out_dir = Path(out)
    result = BatchResult()
    grouped: dict[str, list[str]] = {}
    for item in _trials(sources, result):
        try:
            stem = safe_stem(item.nct_id)
            if ndjson:
                for rtype, lines in ndjson_lines(item, version).items():
                    grouped.setdefault(rtype, []).extend(lines)
                result.written.append(out_dir / f"{stem}")
            else:
                target = out_dir / f"{stem}.json"
                write_atomic(target, to_fhir_json(item, version, bundle, pretty=pretty, base_url=base_url))
                result.written.append(target)
        except FhirValidationError as exc:
            result.errors.append(SourceError(str(exc), nct_id=item.nct_id, path="$"))
        except SourceError as exc:
            result.errors.append(exc)
    for rtype in sorted(grouped):
        write_atomic(out_dir / f"{rtype}.ndjson", "".join(line + "\n" for line in grouped[rtype]))
    return result


@dataclass
class ValidationResult:
    """What ``trialdocs validate`` found: every problem, and what was read."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    resources: int = 0
    versions: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        found = ", ".join(f"{n} {v}" for v, n in sorted(self.versions.items())) or "none"
        return f"{self.files} file(s) ({found}), {self.resources} resource(s) checked: {len(self.problems)} problem(s)"


def _fhir_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], result: ValidationResult
) -> Iterator[list[tuple[str, Any]]]:
    """For each JSON or NDJSON file under ``paths`` (folders walked), its documents as (where, parsed JSON)."""
    for path in as_paths(paths):
        files = (
            sorted(p for p in path.rglob("*") if p.suffix.lower() in (".json", ".ndjson", ".jsonl")) if path.is_dir() else [path]
        )
        for file in files:
            result.files += 1
            text = file.read_text("utf-8")
            try:
                yield [(str(file), json.loads(text))]
                continue
            except json.JSONDecodeError as exc:
                whole = exc
            lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
            if len(lines) < 2:
                result.problems.append(Problem(str(file), "$", f"invalid JSON: {whole.msg} (line {whole.lineno})", "json"))
                continue
            docs = []
            for n, line in lines:
                try:
                    docs.append((f"{file}:{n}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    result.problems.append(Problem(f"{file}:{n}", "$", f"invalid JSON: {exc.msg}", "json"))
            yield docs


def _problems(docs: list[tuple[str, Any]], version: Version) -> list[Problem]:
    out = []
    for where, doc in docs:
        if not isinstance(doc, dict) or "resourceType" not in doc:
            out.append(Problem(where, "$", "not a FHIR resource (no resourceType)", "json"))
        else:
            out += [Problem(f"{where}: {p.resource}", p.path, p.message, p.key) for p in validate_resource(doc, version)]
    return out


def validate_files(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], version: Version | Literal["auto"] = "auto"
) -> ValidationResult:
    """Validate FHIR JSON or NDJSON files, or folders of them (ours or anyone's): structure and invariants.

    With ``version="auto"`` each file is checked as R5 and, if R5 finds
    problems, as R4B too; the release with fewer problems is the one reported
    (R4B input no longer gives thousands of "Extra inputs are not permitted").
    """
    result = ValidationResult()
    for docs in _fhir_files(paths, result):
        chosen: Version = "R5" if version == "auto" else version
        found = _problems(docs, chosen)
        if version == "auto" and found:
            other = _problems(docs, "R4B")
            if len(other) < len(found):
                chosen, found = "R4B", other
        result.versions[chosen] += 1
        result.resources += sum(
            len(d.get("entry") or []) if d.get("resourceType") == "Bundle" else 1 for _, d in docs if isinstance(d, dict)
        )
        result.problems += found
    return result


def write_summaries(
    sources: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    format: SummaryFormat = "md",
    overlay_dir: str | os.PathLike[str] | None = None,
    templates: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
    kind: SummaryKind = "lay",
) -> BatchResult:
    """Write one summary per study (``OUT/NCT….md`` …), overlays applied from ``overlay_dir``.

    ``kind="results"`` writes the results summary (``OUT/NCT….results.md``);
    a study without posted results is skipped and counted in ``no_results``.
    """
    format = pick(format, tuple(SUFFIX), "summary format")  # type: ignore[assignment]
    kind = pick(kind, SUMMARY_KINDS, "summary kind")  # type: ignore[assignment]
    out_dir = Path(out)
    result = BatchResult()
    for file, item in _records(sources, result):
        try:
            page = summary_page(item, format, kind=kind, overlay_dir=overlay_dir, templates=templates, today=today)
            infix = ".results" if kind == "results" else ""
            target = out_dir / f"{safe_stem(item.nct_id)}{infix}{SUFFIX[format]}"
            write_atomic(target, page)
            result.written.append(target)
        except NoResultsError as exc:
            result.no_results.append(exc.with_context(file=file, nct_id=item.nct_id))
        except SourceError as exc:
            result.errors.append(exc.with_context(file=file, nct_id=item.nct_id))
    return result


def summary_page(
    trial: Trial,
    format: SummaryFormat = "md",
    *,
    kind: SummaryKind = "lay",
    overlay_dir: str | os.PathLike[str] | None = None,
    templates: str | os.PathLike[str] | None = None,
    today: dt.date | None = None,
) -> str:
    """One study's lay or results summary, its overlay (``NCT….md`` / ``NCT….results.md``) applied."""
    results = kind == "results"
    overlay = find_overlay(Path(overlay_dir), trial.nct_id, results=results) if overlay_dir is not None else None
    folder = Path(templates) if templates else None
    if results:
        return results_summary(trial, format, overlay=overlay, templates=folder)
    return summary(trial, format, overlay=overlay, templates=folder, today=today)


def dump_many(trials: list[Trial], format: Format = "yaml") -> str:
    """Several trials as one stream: a YAML multi-document, or NDJSON-like JSON documents."""
    if format == "json":
        return "".join(dump(t, "json") for t in trials)
    return "---\n".join(dump(t, "yaml") for t in trials)
