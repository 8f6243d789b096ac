"""Readers: every supported registry format in, canonical :class:`Trial` out.

:func:`iter_load` is the batch entry point: it yields a Trial or a
:class:`~trialdocs.errors.SourceError` for every record it meets, so one bad
record never stops a run. :func:`load` is the strict convenience for a caller
who wants the trials or an exception.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pydantic
import yaml

from trialdocs._io import as_paths
from trialdocs.errors import NotATrialError, SourceError, UnreadableInputError
from trialdocs.model import Trial
from trialdocs.sources._reader import model_error
from trialdocs.sources.canonical import (
    dump,
    from_canonical,
    is_canonical,
    parse_yaml_documents,
)
from trialdocs.sources.ctgov_v2 import from_v2, is_v2_study, nct_id_of
from trialdocs.sources.ctgov_xml import parse_xml

#: Inputs larger than this are refused with a clear error rather than read.
MAX_INPUT_BYTES = 512 * 1024 * 1024
SUFFIXES = frozenset({".json", ".ndjson", ".jsonl", ".xml", ".yaml", ".yml"})

LoadResult = Trial | SourceError


def load(path: str | os.PathLike[str]) -> list[Trial]:
    """Read every trial in ``path`` (a file or a directory); raise on the first error."""
    trials: list[Trial] = []
    for item in iter_load([path]):
        if isinstance(item, SourceError):
            raise item
        trials.append(item)
    return trials


def load_one(path: str | os.PathLike[str]) -> Trial:
    """Read a file that holds exactly one trial."""
    trials = load(path)
    if len(trials) != 1:
        raise UnreadableInputError(f"expected one study, found {len(trials)}", file=str(path))
    return trials[0]


def iter_load(paths: Iterable[str | os.PathLike[str]]) -> Iterator[LoadResult]:
    """Yield a Trial or a SourceError for every record under ``paths``, lazily.

    Directories are walked in sorted order; files of unknown suffix inside a
    directory are skipped (a file named on the command line is always read).
    ``-`` is standard input (any format ``iter_bytes`` detects, NDJSON included).
    """
    for _, item in iter_load_files(paths):
        yield item


def iter_load_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, LoadResult]]:
    """:func:`iter_load`, with the file each record came from, for messages about the record."""
    for path in as_paths(paths):
        p = Path(path)
        if str(p) == STDIN:
            for item in iter_bytes(sys.stdin.buffer.read(), file="<stdin>"):
                yield "<stdin>", item
        elif p.is_dir():
            for child in sorted(walk_files(p)):
                for item in _iter_file(child):
                    yield str(child), item
        else:
            for item in _iter_file(p):
                yield str(p), item


#: The path that means standard input, as in sqlite-utils and most Unix tools.
STDIN = "-"


def walk_files(root: Path) -> Iterator[Path]:
    """Readable files under a directory (hidden ones skipped), in walk order; callers sort."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                yield Path(dirpath) / name


def _iter_file(path: Path) -> Iterator[LoadResult]:
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise UnreadableInputError(f"file is {size} bytes, over the {MAX_INPUT_BYTES}-byte limit", file=file)
        raw = path.read_bytes()
    except SourceError as exc:
        yield exc
        return
    except OSError as exc:
        yield UnreadableInputError(f"cannot read file: {exc.strerror or exc}", file=file)
        return
    yield from iter_bytes(raw, file=file, suffix=path.suffix.lower())


def iter_bytes(raw: bytes, *, file: str = "<input>", suffix: str = "") -> Iterator[LoadResult]:
    """Detect the format of ``raw`` and yield its records (see :func:`iter_load`)."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        yield _guard(file, None, parse_xml, raw, file)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield UnreadableInputError(f"not UTF-8 text (byte {exc.start})", file=file)
        return
    if not suffix and head not in (b"{", b"["):
        suffix = ".yaml"  # a stream with no name: JSON and NDJSON start with { or [, XML with <
    if suffix in (".yaml", ".yml"):
        try:
            docs = [_clean(doc) for doc in parse_yaml_documents(text)]
        except yaml.YAMLError as exc:
            yield UnreadableInputError(f"invalid YAML: {_one_line(exc)}", file=file)
            return
        except RecursionError:
            yield UnreadableInputError("YAML nested too deeply", file=file)
            return
        for doc in docs:
            yield from _records(doc, file)
        return
    if suffix in (".ndjson", ".jsonl"):
        yield from _ndjson(text, file)
        return
    try:
        data = json.loads(text)
        if _SURROGATE_ESCAPE.search(raw):
            data = _clean(data)
    except RecursionError:
        yield UnreadableInputError("JSON nested too deeply", file=file)
        return
    except json.JSONDecodeError as exc:
        if head in (b"{", b"[") and text.count("\n{") >= 1 and suffix != ".json":
            yield from _ndjson(text, file)
            return
        yield UnreadableInputError(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg} (truncated file?)", file=file
        )
        return
    yield from _records(data, file)


_SURROGATE_ESCAPE = re.compile(rb"\\[uU][dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(data: Any) -> Any:
    """Replace unpaired UTF-16 surrogates (legal in JSON escapes, not in UTF-8) with U+FFFD."""
    if isinstance(data, str):
        if _LONE_SURROGATE.search(data):
            return data.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return data
    if isinstance(data, list):
        return [_clean(v) for v in data]
    if isinstance(data, dict):
        return {_clean(k): _clean(v) for k, v in data.items()}
    return data


def _ndjson(text: str, file: str) -> Iterator[LoadResult]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = _clean(json.loads(line)) if "\\u" in line else json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(f"invalid JSON on line {lineno}: {exc.msg}", file=f"{file}:{lineno}")
            continue
        except RecursionError:
            yield SourceError(f"JSON nested too deeply on line {lineno}", file=f"{file}:{lineno}")
            continue
        yield from _records(data, f"{file}:{lineno}")


def _records(data: Any, file: str) -> Iterator[LoadResult]:
    """One parsed JSON/YAML document -> its records."""
    if is_v2_study(data):
        yield _guard(file, nct_id_of(data), from_v2, data)
    elif isinstance(data, dict) and data.get("resourceType") == "Bundle":
        # Imported here: the FHIR code tables are only needed for our own Bundles.
        from trialdocs.sources.fhir import from_bundle

        yield _guard(file, None, from_bundle, data)
    elif is_canonical(data):
        nct = data.get("nct_id") if isinstance(data.get("nct_id"), str) else None
        yield _guard(file, nct, from_canonical, data)
    elif isinstance(data, dict) and isinstance(data.get("studies"), list):
        for i, study in enumerate(data["studies"]):
            yield _guard(file, nct_id_of(study), _one_study, study, f"$.studies[{i}]")
    elif isinstance(data, list) and any(is_v2_study(d) or is_canonical(d) for d in data):
        for i, study in enumerate(data):
            yield _guard(file, nct_id_of(study), _one_study, study, f"$[{i}]")
    else:
        kind = type(data).__name__ if not isinstance(data, dict) else "object with keys " + ", ".join(sorted(map(str, data))[:5])
        kind = "a list of other things" if isinstance(data, list) and data else kind
        yield NotATrialError(
            f"not a clinical study (expected a CT.gov study, a list of studies or a trialdocs document; got {kind})",
            file=file,
        )


def _one_study(data: Any, path: str) -> Trial:
    if is_v2_study(data):
        try:
            return from_v2(data)
        except SourceError as exc:
            exc.path = path + (exc.path or "$")[1:]
            raise
    if is_canonical(data):
        return from_canonical(data)
    raise SourceError("not a clinical study record", path=path)


def _guard(file: str, nct_id: str | None, build: Callable[..., Trial], *args: Any) -> LoadResult:
    """Run one record's reader; a SourceError comes back as a value naming file and record."""
    try:
        trial = build(*args)
    except SourceError as exc:
        return exc.with_context(file=file, nct_id=nct_id)
    except pydantic.ValidationError as exc:
        # A reader that let a bad value through to the model (a Bundle's date "2015-13-04"):
        # still a record error, named by the model's field path, never an internal error.
        return model_error(exc, {}, nct_id).with_context(file=file, nct_id=nct_id)
    except RecursionError:
        return SourceError("record nested too deeply", file=file, nct_id=nct_id)
    return trial


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


__all__ = ["LoadResult", "dump", "iter_bytes", "iter_load", "iter_load_files", "load", "load_one"]
