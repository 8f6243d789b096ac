"""``trialdocs push``: load Bundles into a FHIR server, as transactions or batches.

Input is a folder of Bundles written by ``trialdocs fhir`` (or any of them by
name), or any source ``trialdocs import`` reads, exported on the fly. Each
Bundle is POSTed to the server's base as a ``transaction`` (all or nothing)
or a ``batch`` (each entry on its own). Some servers cap a transaction's
size (Medplum's router: 50 updates), so ``auto`` sends larger Bundles as
batches. Every resource is PUT at its stable id, so pushing twice creates
no duplicates.

A bearer token is read from an environment variable, never from a flag
(flags end up in shell history and process lists). 429 and 5xx answers are
retried with backoff, honouring ``Retry-After``. A Bundle the server refuses
is reported with the server's OperationOutcome; the others go on.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from trialdocs._http import RETRY_STATUSES, retry_after
from trialdocs._io import as_paths, write_atomic
from trialdocs._version import __version__
from trialdocs.errors import SourceError, TrialdocsError, UsageError
from trialdocs.fhir import BundleType, FhirValidationError, Version, bundle_dict, rewrite_references
from trialdocs.model import Trial
from trialdocs.sources import iter_load, walk_files

PushMode = Literal["auto", "transaction", "batch"]
PUSH_MODES: tuple[PushMode, ...] = ("auto", "transaction", "batch")
TOKEN_ENV = "TRIALDOCS_FHIR_TOKEN"
TRANSACTION_LIMIT = 50
FHIR_JSON = "application/fhir+json"

# httpx logs every request at INFO: one line a Bundle is noise where a caller turned INFO on.
logging.getLogger("httpx").setLevel(logging.WARNING)


class PushError(TrialdocsError):
    """The server cannot be reached at all; nothing can be pushed (exit 2)."""

    exit_code = 2


@dataclass
class Failure:
    """One Bundle the server did not take, with its answer."""

    file: str
    nct_id: str | None
    status: int | None
    message: str
    outcome: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "nct_id": self.nct_id, "status": self.status, "message": self.message, "outcome": self.outcome}


@dataclass
class PushResult:
    pushed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    #: Input records that could not be read or exported (never sent).
    errors: list[SourceError] = field(default_factory=list)
    entries: int = 0
    requests: int = 0
    seconds: float = 0.0
    modes: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.errors else 0

    def summary(self, server: str) -> str:
        total = len(self.pushed) + len(self.failed) + len(self.errors)
        rate = f", {self.entries / self.seconds:.0f} resources/s" if self.seconds > 0 and self.entries else ""
        how = ", ".join(f"{n} as {mode}" for mode, n in sorted(self.modes.items()))
        return (
            f"pushed {len(self.pushed)} of {total} Bundles ({self.entries} resources{rate}; {how or 'none sent'}) "
            f"to {server}; {len(self.failed) + len(self.errors)} failed"
        )


def request_bundle(bundle: dict[str, Any], kind: BundleType) -> dict[str, Any]:
    """A Bundle ready to POST: every entry PUT at ``Type/id``.

    For a batch, references to other entries are turned back into
    ``Type/id``: a batch's entries are processed one by one, so a
    ``urn:uuid`` reference would name nothing on the server.
    """
    entries = [dict(e) for e in bundle.get("entry", [])]
    by_url = {e["fullUrl"]: f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in entries if e.get("fullUrl")}

    out = []
    for entry in entries:
        res = entry["resource"]
        item = {**entry, "request": {"method": "PUT", "url": f"{res['resourceType']}/{res['id']}"}}
        if kind == "batch":
            item["resource"] = rewrite_references(res, by_url)
        out.append(item)
    return {**bundle, "type": kind, "entry": out}


def _is_bundle_file(path: Path) -> dict[str, Any] | None:
    if path.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("resourceType") == "Bundle" else None


def _inputs(
    paths: Iterable[str | os.PathLike[str]], version: Version, errors: list[SourceError]
) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """(file, NCT id, Bundle) for every Bundle file, and for every record exported on the fly."""
    for path in map(Path, as_paths(paths)):
        files = sorted(walk_files(path)) if path.is_dir() else [path]
        for file in files:
            bundle = _is_bundle_file(file)
            if bundle is not None:
                study: dict[str, Any] = next(
                    (
                        e["resource"]
                        for e in bundle.get("entry", [])
                        if e.get("resource", {}).get("resourceType") == "ResearchStudy"
                    ),
                    {},
                )
                nct = next(
                    (i.get("value") for i in study.get("identifier", []) if str(i.get("value", "")).startswith("NCT")), None
                )
                yield str(file), nct, bundle
                continue
            for item in iter_load([file]):
                if isinstance(item, SourceError):
                    errors.append(item)
                    continue
                assert isinstance(item, Trial)
                try:
                    yield str(file), item.nct_id, bundle_dict(item, version)
                except FhirValidationError as exc:
                    errors.append(SourceError(str(exc), file=str(file), nct_id=item.nct_id, path="$"))


@dataclass
class Server:
    """A FHIR server's base URL and an HTTP client for it. Pass ``transport`` to test without a network."""

    base_url: str
    token: str | None = None
    transport: httpx.BaseTransport | None = None
    timeout: float = 120.0
    retries: int = 5
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        headers = {"User-Agent": f"trialdocs/{__version__}", "Accept": FHIR_JSON, "Content-Type": FHIR_JSON}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.http = httpx.Client(transport=self.transport, timeout=self.timeout, headers=headers)
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def post(self, bundle: dict[str, Any]) -> httpx.Response:
        """POST a Bundle to the base, retrying 429, 5xx and dropped connections."""
        body = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        last: httpx.Response | None = None
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                response = self.http.post(self.base_url, content=body)
            except httpx.ConnectError as exc:
                raise PushError(f"cannot reach {self.base_url}: {exc}") from None
            except httpx.TransportError:
                self.sleep(min(self.backoff * 2**attempt, self.max_wait))
                continue
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                return response
            last = response
            self.sleep(min(retry_after(response) or self.backoff * 2**attempt, self.max_wait))
        if last is not None:
            return last
        raise PushError(f"{self.base_url}: no answer after {self.retries + 1} attempts")


def _outcome(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("resourceType") == "OperationOutcome" else None


def _message(outcome: dict[str, Any] | None, response: httpx.Response) -> str:
    if outcome:
        texts = [i.get("details", {}).get("text") or i.get("diagnostics") or i.get("code", "") for i in outcome.get("issue", [])]
        return "; ".join(t for t in texts if t) or f"HTTP {response.status_code}"
    return f"HTTP {response.status_code}: {response.text[:200]}"


def _entry_failures(response: httpx.Response) -> list[str]:
    """A batch answers 200 even when entries fail: each entry's own status says."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ["unreadable response body"]
    out = []
    for i, entry in enumerate(data.get("entry", []) if isinstance(data, dict) else []):
        status = str(entry.get("response", {}).get("status", ""))
        if not status.startswith("2"):
            outcome = entry.get("response", {}).get("outcome")
            out.append(f"entry {i}: {status} {_message(outcome, response) if outcome else ''}".strip())
    return out


def push(
    paths: Iterable[str | os.PathLike[str]],
    server: str | Server,
    *,
    mode: PushMode = "auto",
    version: Version = "R5",
    transaction_limit: int = TRANSACTION_LIMIT,
    token_env: str = TOKEN_ENV,
    errors_file: str | os.PathLike[str] | None = "push-errors.ndjson",
    progress: Callable[[int], None] | None = None,
) -> PushResult:
    """Push every Bundle under ``paths`` to ``server``; a refused Bundle is reported, never fatal.

    ``errors_file`` gets one JSON line per Bundle the server refused, with
    its OperationOutcome (written atomically; removed when nothing failed).
    """
    if mode not in PUSH_MODES:
        raise UsageError(f"unknown push mode {mode!r} (choose from {', '.join(PUSH_MODES)})")
    client = server if isinstance(server, Server) else Server(server, token=os.environ.get(token_env) or None)
    result = PushResult()
    started = time.perf_counter()
    try:
        for file, nct_id, bundle in _inputs(paths, version, result.errors):
            n = len(bundle.get("entry", []))
            kind: BundleType = "batch" if mode == "batch" or (mode == "auto" and n > transaction_limit) else "transaction"
            response = client.post(request_bundle(bundle, kind))
            result.modes[kind] = result.modes.get(kind, 0) + 1
            failure: Failure | None = None
            if response.status_code >= 300:
                outcome = _outcome(response)
                failure = Failure(file, nct_id, response.status_code, _message(outcome, response), outcome)
            elif kind == "batch" and (bad := _entry_failures(response)):
                failure = Failure(file, nct_id, response.status_code, "; ".join(bad[:5]))
            if failure is None:
                result.pushed.append(file)
                result.entries += n
            else:
                result.failed.append(failure)
            if progress is not None:
                progress(1)
    finally:
        result.seconds = time.perf_counter() - started
        result.requests = client.requests
        if not isinstance(server, Server):
            client.close()
    if errors_file is not None:
        target = Path(errors_file)
        if result.failed:
            write_atomic(
                target, "".join(json.dumps(f.as_dict(), ensure_ascii=False, sort_keys=True) + "\n" for f in result.failed)
            )
        elif target.exists():
            target.unlink()
    return result
