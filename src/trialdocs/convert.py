"""Bulk conversion of a whole registry: every record to every output, in parallel.

The per-record work is :func:`convert_record`, a pure function of picklable
values (it reads its input, returns its outputs, writes nothing), so it can be
mapped over worker processes here, or over Dask or Spark partitions.
:func:`convert` streams the inputs, writes each record's files atomically,
keeps a journal so ``--resume`` can skip finished work, and accounts for every
record: written, or listed in ``errors.ndjson``.
"""

from __future__ import annotations

import html
import itertools
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from trialdocs._io import as_paths, atomic_file, compact_json, safe_stem, write_atomic
from trialdocs.check.config import Config
from trialdocs.check.document import CheckDocument, from_summary
from trialdocs.check.engine import check_document
from trialdocs.check.findings import Severity
from trialdocs.errors import Interrupted, SourceError, TrialdocsError, UsageError
from trialdocs.fhir import FhirValidationError, Version, bundle_json, validated_resources
from trialdocs.model import Trial
from trialdocs.readability import count
from trialdocs.sources import STDIN, iter_bytes, walk_files
from trialdocs.summary import build_results, build_summary, find_overlay, render, render_results
from trialdocs.summary.phrasebook import STATUSES
from trialdocs.summary.rendering import Format

OUTPUTS = ("fhir", "fhir-ndjson", "summary-md", "summary-html", "summary-json", "check")
JOURNAL = ".convert-journal.ndjson"
PAGE_FORMATS: tuple[Format, ...] = ("md", "html", "json")
_A_DAY = 86_400
NDJSON_DIR = "fhir-ndjson"


@dataclass(frozen=True)
class Options:
    """Everything :func:`convert_record` needs besides the record; picklable."""

    outputs: tuple[str, ...] = OUTPUTS
    fhir_version: Version = "R5"
    overlay_dir: str | None = None


@dataclass(frozen=True)
class Unit:
    """One input to convert: a file (read by the worker) or one NDJSON line.

    An NDJSON line also knows where it lies (``file``, ``offset``,
    ``length``), so a Dask partition can travel as byte ranges and be read
    by the worker rather than carried through the scheduler.
    """

    source: str
    payload: bytes | None = None
    suffix: str = ".json"
    file: str | None = None
    offset: int = 0
    length: int = 0


@dataclass
class RecordResult:
    """A converted record: the files to write, NDJSON lines, and its index row."""

    source: str
    nct_id: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    ndjson: dict[str, list[str]] = field(default_factory=dict)
    row: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _error(source: str, stage: str, exc: TrialdocsError | SourceError, nct_id: str | None = None) -> dict[str, Any]:
    if isinstance(exc, SourceError):
        return {
            "file": exc.file or source,
            "nct_id": exc.nct_id or nct_id,
            "stage": stage,
            "path": exc.path,
            "message": exc.message,
        }
    return {"file": source, "nct_id": nct_id, "stage": stage, "path": None, "message": str(exc)}


def convert_record(unit: Unit, options: Options) -> list[RecordResult]:
    """Convert one input (which may hold several studies) into outputs, writing nothing.

    Errors never escape: a record that fails at any stage comes back with its
    errors (file, NCT id, stage, field path, message) and no files.
    """
    if unit.payload is None:
        try:
            raw = Path(unit.source).read_bytes()
        except OSError as exc:
            return [
                RecordResult(
                    unit.source,
                    errors=[{"file": unit.source, "nct_id": None, "stage": "read", "path": None, "message": str(exc)}],
                )
            ]
    else:
        raw = unit.payload
    results = []
    for item in iter_bytes(raw, file=unit.source, suffix=unit.suffix):
        if isinstance(item, SourceError):
            results.append(RecordResult(unit.source, item.nct_id, errors=[_error(unit.source, "import", item)]))
        else:
            results.append(_convert_trial(unit.source, item, options))
    return results


def _convert_trial(source: str, trial: Trial, options: Options) -> RecordResult:
    result = RecordResult(source, trial.nct_id)
    try:
        stem = safe_stem(trial.nct_id)
    except SourceError as exc:
        result.errors.append(_error(source, "import", exc, trial.nct_id))
        return result
    wanted = set(options.outputs)
    if wanted & {"fhir", "fhir-ndjson"}:
        try:
            items = validated_resources(trial, options.fhir_version)
        except FhirValidationError as exc:
            result.errors.append(_error(source, "fhir", exc, trial.nct_id))
            return result
        if "fhir" in wanted:
            result.files[f"fhir/{stem}.json"] = bundle_json(trial, items) + "\n"
        if "fhir-ndjson" in wanted:
            for res in items:
                line = compact_json(res)
                result.ndjson.setdefault(res["resourceType"], []).append(line)
    try:
        overlay = find_overlay(options.overlay_dir, trial.nct_id) if options.overlay_dir else None
        summary = build_summary(trial, overlay)
        for fmt in ("md", "html", "json"):
            if f"summary-{fmt}" in wanted:
                result.files[f"summary/{stem}.{fmt}"] = render(summary, fmt)
        if trial.results is not None and wanted & {"summary-md", "summary-html", "summary-json"}:
            found = find_overlay(options.overlay_dir, trial.nct_id, results=True) if options.overlay_dir else None
            page = build_results(trial, found)
            for page_format in PAGE_FORMATS:
                if f"summary-{page_format}" in wanted:
                    result.files[f"summary/{stem}.results.{page_format}"] = render_results(page, page_format)
    except TrialdocsError as exc:
        result.errors.append(_error(source, "summary", exc, trial.nct_id))
        result.files.clear()
        result.ndjson.clear()
        return result
    row: dict[str, Any] = {
        "nct_id": trial.nct_id,
        "title": summary.title.text,
        "status": STATUSES[trial.overall_status],
        "max_grade": round(max((count(s.text).fk_grade for s in summary.lay_sections), default=0.0), 1),
        "results": trial.results is not None,
    }
    if "check" in wanted:
        doc = CheckDocument(f"summary/{stem}.md", "record", from_summary(summary), trial=trial)
        findings = check_document(doc, _CHECK_CONFIG)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        row["errors"] = len(errors)
        row["warnings"] = len(findings) - len(errors)
        row["findings"] = [f.as_dict() for f in errors]
    result.row = row
    return result


_CHECK_CONFIG = Config()


def iter_units(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Unit]:
    """Inputs as units, lazily: files are read by the workers; NDJSON is split by line here."""
    for p in as_paths(paths):
        if str(p) == STDIN:
            yield from _stdin_units()
            continue
        files = sorted(walk_files(p)) if p.is_dir() else [p]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in (".ndjson", ".jsonl"):
                with file.open("rb") as handle:
                    offset = 0
                    for lineno, line in enumerate(handle, 1):
                        if line.strip():
                            yield Unit(f"{file}:{lineno}", line, ".json", str(file), offset, len(line))
                        offset += len(line)
            else:
                yield Unit(str(file), None, suffix)


def _stdin_units() -> Iterator[Unit]:
    """Standard input: NDJSON streamed line by line, or (if its first line is not a whole JSON value) one document."""
    stream = sys.stdin.buffer
    first = stream.readline()
    try:
        json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        yield Unit("<stdin>", first + stream.read(), "")
        return
    for lineno, line in enumerate(itertools.chain([first], stream), 1):
        if line.strip():
            yield Unit(f"<stdin>:{lineno}", line, ".json")


def _convert_batch(args: tuple[list[Unit], Options, str]) -> list[list[RecordResult]]:
    """Worker side: convert, then write each record's files atomically right here.

    Writing in the workers spreads the I/O over the cores and keeps the big
    strings out of the pipe back to the parent; only NDJSON lines and index
    rows travel. The parent journals a unit only after this has returned, so
    a journaled unit's files are always complete.
    """
    units, options, out = args
    batch = [convert_record(u, options) for u in units]
    for results in batch:
        _write_files(Path(out), results)
    return batch


def _write_files(out: Path, results: list[RecordResult]) -> None:
    """Each record's files, atomically; the contents are then dropped (the names stay, for the counts)."""
    for result in results:
        for rel, content in sorted(result.files.items()):
            write_atomic(out / rel, content)
        result.files = dict.fromkeys(result.files, "")


def _convert_partition(part: tuple[list[Unit], Options]) -> list[list[RecordResult]]:
    """Dask worker side: read the partition's byte ranges, convert, and return everything (the client writes).

    A cluster's workers need not share the output disk, so they write
    nothing; they read their input (the files, or the NDJSON byte ranges).
    """
    units, options = part
    return [convert_record(u, options) for u in _with_payloads(units)]


def _with_payloads(units: list[Unit]) -> list[Unit]:
    """NDJSON units sent as ranges get their bytes back, one read per file per partition."""
    spans: dict[str, tuple[int, int]] = {}
    for u in units:
        if u.payload is None and u.file is not None:
            start, end = spans.get(u.file, (u.offset, u.offset + u.length))
            spans[u.file] = (min(start, u.offset), max(end, u.offset + u.length))
    blobs: dict[str, tuple[int, bytes]] = {}
    for name, (start, end) in spans.items():
        with open(name, "rb") as handle:
            handle.seek(start)
            blobs[name] = (start, handle.read(end - start))
    out = []
    for u in units:
        if u.payload is None and u.file is not None:
            base, blob = blobs[u.file]
            u = Unit(u.source, blob[u.offset - base : u.offset - base + u.length], u.suffix, u.file, u.offset, u.length)
        out.append(u)
    return out


def _as_range(unit: Unit) -> Unit:
    """The unit without its bytes when a worker can read them from the file."""
    return Unit(unit.source, None, unit.suffix, unit.file, unit.offset, unit.length) if unit.file is not None else unit


@dataclass
class ConvertStats:
    read: int = 0
    failed: int = 0
    written: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        outs = ", ".join(f"{k} {v}" for k, v in sorted(self.written.items()))
        return (
            f"read {self.read}, written {self.read - self.failed} ({outs or 'nothing'}), failed {self.failed}"
            + (f", resumed past {self.skipped}" if self.skipped else "")
            + f"; readability: {self.findings['error']} errors, {self.findings['warning']} warnings, "
            f"{self.findings['records_failing']} records over the gate; {self.seconds:.1f} s"
        )


class _Progress:
    """tqdm on a terminal; quiet periodic lines otherwise."""

    def __init__(self, total: int | None, stream: Any) -> None:
        self.stream, self.done, self.start = stream, 0, time.monotonic()
        self.last = self.start
        self.bar = None
        if stream is not None and getattr(stream, "isatty", lambda: False)():
            try:
                from tqdm import tqdm

                # A pty with no size set reports 0 columns, and tqdm would draw nothing.
                width = shutil.get_terminal_size(fallback=(80, 24)).columns or 80
                self.bar = tqdm(total=total, unit="rec", file=stream, smoothing=0.1, ncols=width)
            except ImportError:  # pragma: no cover
                self.bar = None

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.stream is not None and now - self.last >= 10:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            print(f"trialdocs convert: {self.done} records, {rate:.0f}/s", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _journal_state(out: Path) -> tuple[set[str], dict[str, int]]:
    """Finished units and the NDJSON byte offsets after the last one, from the journal.

    A kill can cut the journal's last line. The journal is cut back to the end
    of its last whole line here, so the lines a resumed run appends start on a
    line of their own and are read back by :func:`_finish` (a torn line would
    hide every line after it).
    """
    done: set[str] = set()
    offsets: dict[str, int] = {}
    journal = out / JOURNAL
    if not journal.is_file():
        return done, offsets
    good = 0
    with journal.open("r+b") as handle:
        for raw in handle:
            try:
                entry = orjson.loads(raw)
            except json.JSONDecodeError:
                break
            if not raw.endswith(b"\n"):
                break
            done.add(entry["unit"])
            offsets = entry.get("offsets", offsets)
            good += len(raw)
        handle.truncate(good)
    return done, offsets


def convert(
    sources: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    options: Options = Options(),
    resume: bool = False,
    progress: Any = None,
    batch: int = 16,
    client: Any = None,
    scheduler: str | None = None,
) -> ConvertStats:
    """Convert every record under ``sources`` into ``out_dir``.

    ``jobs`` worker processes (default: the number of cores). With ``resume``,
    units already in the journal are skipped and the NDJSON files are cut back
    to their state after the last finished unit, so a killed run continues to
    the same result as an uninterrupted one.

    With a Dask ``client`` (or a ``scheduler`` address, ``tcp://HOST:PORT`` or
    ``local``), the records are converted on the cluster's workers and this
    process writes the tree: the same bytes, journal and resume as ``jobs``.
    """
    if scheduler is not None and client is None:
        from trialdocs import cluster

        with cluster.connect(scheduler, jobs) as connected:
            return convert(
                sources, out_dir, jobs=jobs, options=options, resume=resume, progress=progress, batch=batch, client=connected
            )
    unknown = set(options.outputs) - set(OUTPUTS)
    if unknown:
        raise UsageError(f"unknown output(s): {', '.join(sorted(unknown))}; choose from {', '.join(OUTPUTS)}")
    paths = as_paths(sources)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    stats = ConvertStats()
    started = time.monotonic()
    done, offsets = _journal_state(out) if resume else (set(), {})
    if not resume:
        (out / JOURNAL).unlink(missing_ok=True)
        for part in (out / NDJSON_DIR).glob("*.part") if (out / NDJSON_DIR).is_dir() else ():
            part.unlink()
    ndjson_dir = out / NDJSON_DIR
    handles: dict[str, IO[bytes]] = {}
    if "fhir-ndjson" in options.outputs:
        ndjson_dir.mkdir(parents=True, exist_ok=True)
        for part in ndjson_dir.glob("*.part"):
            rtype = part.name[: -len(".ndjson.part")]
            handle = part.open("r+b")
            handle.truncate(offsets.get(rtype, 0))
            handle.seek(0, os.SEEK_END)
            handles[rtype] = handle
    journal = (out / JOURNAL).open("ab")
    units = (u for u in iter_units(paths) if u.source not in done)
    stats.skipped = len(done)
    streamed = any(s.is_file() and s.suffix.lower() in (".ndjson", ".jsonl") for s in paths)
    total = None if streamed else _count_units(paths)
    pool = None
    if client is None:
        methods = multiprocessing.get_all_start_methods()
        if jobs > 1 and "fork" in methods:
            _warm_up(options)
        if jobs > 1:
            pool = multiprocessing.get_context("fork" if "fork" in methods else "spawn").Pool(jobs, initializer=_ignore_sigint)
    bar = _Progress(None if total is None else max(total - len(done), 0), progress)
    interrupted = False
    try:
        batches = iter(lambda: list(itertools.islice(units, batch)), [])
        for units_done, results_per_unit in (
            _on_cluster(client, batches, options) if client is not None else _on_pool(pool, batches, options, str(out), jobs)
        ):
            for unit, results in zip(units_done, results_per_unit, strict=True):
                with _sigint_deferred():
                    if client is not None:
                        _write_files(out, results)
                    _write_unit(out, unit, results, handles, ndjson_dir, journal, stats)
                bar.update(len(results))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
        if pool is not None:
            if interrupted:
                pool.terminate()
            else:
                pool.close()
            pool.join()
        for open_file in handles.values():
            open_file.close()
        journal.close()
    if interrupted:
        _remove_temp_files(out)
        raise Interrupted(f"interrupted: {stats.read} record(s) done in {out}; rerun with --resume to continue where it stopped")
    if not stats.read and not stats.failed and not done:
        raise UsageError(f"no trial records found in {', '.join(map(str, paths))}")
    _finish(out, options, stats)
    stats.seconds = time.monotonic() - started
    return stats


Converted = Iterator[tuple[list[Unit], list[list[RecordResult]]]]


def _on_pool(pool: Any, batches: Iterator[list[Unit]], options: Options, out: str, jobs: int) -> Converted:
    """Batches converted here or in the process pool (which writes the files), in input order.

    The pool gets the next window before the parent writes the last one's
    results, so the workers do not wait on the parent; two windows at most
    are in memory.
    """
    windows = iter(lambda: [(b, options, out) for b in itertools.islice(batches, jobs * 8)], [])
    if pool is None:
        for window in windows:
            yield from zip((b for b, _, _ in window), map(_convert_batch, window), strict=True)
        return
    window = next(windows, [])
    # map_async().get(timeout) rather than map(): a plain map() waits where Ctrl-C cannot reach it.
    pending = pool.map_async(_convert_batch, window) if window else None
    while pending is not None:
        following = next(windows, [])
        ahead = pool.map_async(_convert_batch, following) if following else None
        yield from zip((b for b, _, _ in window), pending.get(_A_DAY), strict=True)
        window, pending = following, ahead


def _on_cluster(client: Any, batches: Iterator[list[Unit]], options: Options) -> Converted:
    """Batches converted on the Dask cluster, as NDJSON byte ranges or file names, in completion order."""
    from trialdocs import cluster

    window = 4 * cluster.workers(client)
    parts = (([_as_range(u) for u in b], options) for b in batches)
    for (sent, _), results in cluster.map_window(client, _convert_partition, parts, window):
        yield sent, results


_WARM = Trial.model_validate(
    {
        "nct_id": "NCT00000000",
        "brief_title": "Warm-up",
        "overall_status": "RECRUITING",
        "study_type": "INTERVENTIONAL",
        "phases": ["PHASE1"],
        "sponsor": {"name": "Warm-up", "kind": "OTHER"},
        "collaborators": [{"name": "Other"}],
        "conditions": ["Asthma"],
        "interventions": [{"type": "DRUG", "name": "Aspirin"}],
        "arms": [{"label": "A", "type": "EXPERIMENTAL", "interventions": ["Aspirin"]}],
        "eligibility": {
            "text": "Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n* Pregnant\n",
            "minimum_age": {"value": 18},
        },
        "locations": [
            {"facility": "Site", "city": "Town", "country": "Spain", "geo": {"lat": 1, "lon": 1}, "status": "RECRUITING"}
        ],
    }
)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (no tracebacks, no hang)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until one unit's files, NDJSON lines and journal line are all written."""
    caught: list[object] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _remove_temp_files(out: Path) -> None:
    """Temporary files a stopped worker left behind (``.NAME.XXXX.tmp``, see :func:`atomic_file`)."""
    for tmp in out.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _warm_up(options: Options) -> None:
    """Load the lazy pieces (FHIR model classes, CMUdict, lexicon) once, before forking.

    Forked workers then share them instead of each loading its own copy.
    """
    _convert_trial("warm-up", _WARM, options)


def _count_units(sources: Iterable[str | os.PathLike[str]]) -> int:
    n = 0
    for s in sources:
        p = Path(s)
        n += sum(1 for _ in walk_files(p)) if p.is_dir() else 1
    return n


def _write_unit(
    out: Path,
    unit: Unit,
    results: list[RecordResult],
    handles: dict[str, Any],
    ndjson_dir: Path,
    journal: Any,
    stats: ConvertStats,
) -> None:
    """Write one unit's files, then its NDJSON lines, then its journal line (in that order)."""
    entries = []
    for result in results:
        stats.read += 1
        if result.errors:
            stats.failed += 1
        for rel in sorted(result.files):
            kind = "results-" if rel.rsplit(".", 2)[-2] == "results" else "summary-"
            stats.written[rel.split("/")[0] if rel.startswith("fhir/") else kind + rel.rsplit(".", 1)[1]] += 1
        for rtype, lines in sorted(result.ndjson.items()):
            if rtype not in handles:
                handles[rtype] = (ndjson_dir / f"{rtype}.ndjson.part").open("ab")
            handles[rtype].write("".join(line + "\n" for line in lines).encode("utf-8"))
        if result.ndjson:
            stats.written["fhir-ndjson"] += 1
        if "errors" in result.row:
            stats.findings["error"] += result.row["errors"]
            stats.findings["warning"] += result.row["warnings"]
            stats.findings["records_failing"] += int(result.row["errors"] > 0)
        entries.append({"nct_id": result.nct_id, "row": result.row, "errors": result.errors})
    for handle in handles.values():
        handle.flush()
    offsets = {rtype: handle.tell() for rtype, handle in handles.items()}
    journal.write((compact_json({"unit": unit.source, "records": entries, "offsets": offsets}) + "\n").encode("utf-8"))
    journal.flush()


def _read_journal(out: Path) -> Iterator[dict[str, Any]]:
    with (out / JOURNAL).open("rb") as handle:
        for raw in handle:
            try:
                yield orjson.loads(raw)
            except json.JSONDecodeError:
                return


def _finish(out: Path, options: Options, stats: ConvertStats) -> None:
    """Publish NDJSON, errors.ndjson, check.json and index.html from the journal.

    Everything is ordered by NCT id (then source), not by input order, so the
    same records given in any order produce the same bytes.
    """
    rows: list[dict[str, Any]] = []
    errors: list[tuple[str, str]] = []
    spans: list[tuple[tuple[str, str], dict[str, tuple[int, int]]]] = []
    previous: dict[str, int] = {}
    for entry in _read_journal(out):
        offsets: dict[str, int] = entry.get("offsets", {})
        ids = sorted(r["nct_id"] or "" for r in entry["records"])
        key = (ids[0] if ids else "", entry["unit"])
        spans.append((key, {t: (previous.get(t, 0), end) for t, end in offsets.items() if end > previous.get(t, 0)}))
        previous = offsets
        for record in entry["records"]:
            if record["errors"]:
                errors += [(json.dumps(e, ensure_ascii=False, sort_keys=True), entry["unit"]) for e in record["errors"]]
            elif record["row"]:
                rows.append(record["row"])
    if "fhir-ndjson" in options.outputs:
        _publish_ndjson(out / NDJSON_DIR, sorted(spans, key=lambda s: s[0]))
    rows.sort(key=lambda r: r["nct_id"])
    errors.sort(key=lambda e: (e[1], e[0]))
    write_atomic(out / "errors.ndjson", "".join(e + "\n" for e, _ in errors))
    if "check" in options.outputs:
        # The shape of `trialdocs check --format json`, so one reader serves both; the findings
        # listed are the errors (warnings are counted): a registry's warnings would fill gigabytes.
        check = {
            "findings": [f for r in rows for f in r["findings"]],
            "unreadable": [],
            "skipped": [],
            "summary": {
                "files": len(rows),
                "errors": sum(r["errors"] for r in rows),
                "warnings": sum(r["warnings"] for r in rows),
                "unreadable": 0,
                "skipped": 0,
            },
            "exit_code": 1 if any(r["errors"] for r in rows) else 0,
        }
        write_atomic(out / "check.json", json.dumps(check, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    write_atomic(out / "index.html", _index_html(rows, options, len(errors)))


def _publish_ndjson(directory: Path, spans: list[tuple[tuple[str, str], dict[str, tuple[int, int]]]]) -> None:
    """Copy each record's lines from the working ``.part`` files in NCT-id order, streaming."""
    for part in sorted(directory.glob("*.ndjson.part")):
        rtype = part.name[: -len(".ndjson.part")]
        with part.open("rb") as src, atomic_file(directory / f"{rtype}.ndjson") as dst:
            for _, ranges in spans:
                if rtype in ranges:
                    start, end = ranges[rtype]
                    src.seek(start)
                    dst.write(src.read(end - start))
        part.unlink()


_INDEX_CSS = (
    "body{font-family:system-ui,sans-serif;color:#1b1b1b;margin:1rem;overflow-wrap:anywhere}"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}"
    "a{color:#0b4f8a}.fails td{background:#fbe9ea}.gate-fail{color:#a4262c;font-weight:700}.gate-pass{color:#2f6b3a}"
    "#only-failing:checked~table tbody tr:not(.fails){display:none}"
    "@media (max-width:600px){thead{display:none}table,tbody,tr,td{display:block}tr{border-bottom:2px solid #ccd;padding:.3rem 0}"
    'td{border:0;padding:.1rem .25rem}td[data-label]::before{content:attr(data-label) ": ";font-weight:700}}'
)


def _index_html(rows: list[dict[str, Any]], options: Options, failed: int) -> str:
    """Every converted study, those that fail the gate marked (in words and colour) and filterable, on any screen."""
    esc = html.escape
    link = "html" if "summary-html" in options.outputs else "md" if "summary-md" in options.outputs else None
    body = []
    failing = with_results = 0
    for r in rows:
        title = esc(r["title"])
        cell = f'<a href="summary/{esc(r["nct_id"])}.{link}">{title}</a>' if link else title
        if link and r.get("results"):
            cell += f' · <a href="summary/{esc(r["nct_id"])}.results.{link}">Results in plain words</a>'
            with_results += 1
        fails = bool(r.get("errors"))
        failing += fails
        if "errors" not in r:
            gate = ""
        elif fails:
            gate = f'<span class="gate-fail">Fails: {r["errors"]} error(s)</span>'
        else:
            gate = '<span class="gate-pass">Passes</span>'
        body.append(
            f'<tr{" class=fails" if fails else ""}><td data-label="Trial ID">{esc(r["nct_id"])}</td><td>{cell}</td>'
            f'<td data-label="Status">{esc(r["status"])}</td><td data-label="Highest grade">{r["max_grade"]:g}</td>'
            f'<td data-label="Readability gate">{gate}</td></tr>'
        )
    gate_note = f" {failing} fail the readability gate." if "check" in options.outputs else ""
    results_note = f" {with_results} have a page of their posted results." if link else ""
    toggle = (
        '<input type="checkbox" id="only-failing"> <label for="only-failing">Show only the studies that fail the gate</label>'
        if "check" in options.outputs
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>trialdocs: converted studies</title><style>{_INDEX_CSS}</style>"
        f"</head><body><main><h1>Converted studies</h1><p>{len(rows)} studies; {failed} record(s) failed (see errors.ndjson).{gate_note}"
        f"{results_note}</p>"
        f"{toggle}"
        '<table><thead><tr><th scope="col">Trial ID</th><th scope="col">Title</th><th scope="col">Status</th>'
        '<th scope="col">Highest grade</th><th scope="col">Readability gate</th></tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table></main></body></html>\n"
    )


__all__ = ["OUTPUTS", "ConvertStats", "Options", "RecordResult", "Unit", "convert", "convert_record", "iter_units"]
