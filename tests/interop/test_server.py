"""A real FHIR server in the tests: Medplum's FHIR router with its in-memory
repository on 127.0.0.1, started for these tests and stopped after.

Every corpus Bundle (R4B: Medplum is an R4 server) is loaded with
``trialdocs push``, found by identifier, read back identical, and every
reference resolved. ``push`` is also tried against a server that answers 503
first and one that refuses a Bundle.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from trialdocs.cli import main
from trialdocs.push import TRANSACTION_LIMIT, Server, push

from ..conftest import FIXTURES
from .conftest import NODE, need_interop
from .hl7 import ROOT

SCRIPT = ROOT / "interop" / "server.mjs"
IDENTIFIER = "https://clinicaltrials.gov"


@contextmanager
def fhir_server(*args: str) -> Iterator[str]:
    need_interop()
    proc = subprocess.Popen([str(NODE), str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("listening "), (line, proc.stderr.read() if proc.stderr else "")
        yield f"http://127.0.0.1:{line.split()[1]}/fhir"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def loaded(bundle_files: dict[str, list[Path]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, float]]:
    with fhir_server() as base:
        errors = tmp_path_factory.mktemp("push") / "push-errors.ndjson"
        started = time.perf_counter()
        result = push(bundle_files["R4B"], base, errors_file=errors)
        seconds = time.perf_counter() - started
        yield base, result, seconds


def test_every_corpus_bundle_loads(loaded: tuple[str, Any, float], bundle_files: dict[str, list[Path]]) -> None:
    _, result, seconds = loaded
    assert [f.message for f in result.failed] == []
    assert len(result.pushed) == 584
    big = sum(len(json.loads(p.read_text())["entry"]) > TRANSACTION_LIMIT for p in bundle_files["R4B"])
    assert result.modes == {"batch": big, "transaction": 584 - big}
    line = f"loaded {result.entries} resources in {len(result.pushed)} Bundles in {seconds:.1f} s"
    line += f": {result.entries / seconds:.0f} resources/s"
    print(f"\n{line}")
    _record("push", line)


def test_each_study_is_found_by_identifier_and_reads_back_identical(
    loaded: tuple[str, Any, float], bundle_files: dict[str, list[Path]]
) -> None:
    base, _, _ = loaded
    started = time.perf_counter()
    reads = 0
    with httpx.Client(base_url=base, timeout=60) as http:
        for path in bundle_files["R4B"]:
            bundle = json.loads(path.read_text("utf-8"))
            study = bundle["entry"][0]["resource"]
            nct = next(i["value"] for i in study["identifier"] if i.get("system") == IDENTIFIER)
            found = http.get("/ResearchStudy", params={"identifier": f"{IDENTIFIER}|{nct}"}).json()
            assert [e["resource"]["id"] for e in found.get("entry", [])] == [study["id"]], nct
            local = {e["fullUrl"]: f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
            for entry in bundle["entry"]:
                sent = entry["resource"]
                got = http.get(f"/{sent['resourceType']}/{sent['id']}").json()
                reads += 1
                got.pop("meta", None)
                assert got == _rewrite(sent, local), f"{sent['resourceType']}/{sent['id']}"
                for ref in _references(got):
                    assert http.get(f"/{ref}").status_code == 200, ref
                    reads += 1
    seconds = time.perf_counter() - started
    line = f"{reads} reads (entries and references) in {seconds:.1f} s: {reads / seconds:.0f} reads/s"
    print(f"\n{line}")
    _record("read-back", line)


def _record(what: str, line: str) -> None:
    """The throughput figures, kept with the other test artifacts for the report."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    (folder / f"interop-server-{what}.txt").write_text(line + "\n")


def _rewrite(obj: Any, local: dict[str, str]) -> Any:
    """What the server stores: a transaction's urn:uuid references become Type/id."""
    if isinstance(obj, dict):
        return {k: local.get(v, v) if k == "reference" and isinstance(v, str) else _rewrite(v, local) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rewrite(v, local) for v in obj]
    return obj


def _references(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        own = [obj["reference"]] if isinstance(obj.get("reference"), str) else []
        return own + [r for v in obj.values() for r in _references(v)]
    if isinstance(obj, list):
        return [r for v in obj for r in _references(v)]
    return []


def test_a_transaction_over_the_cap_is_refused_and_a_batch_loads(bundle_files: dict[str, list[Path]], tmp_path: Path) -> None:
    largest = max(bundle_files["R4B"], key=lambda p: p.stat().st_size)
    with fhir_server() as base:
        refused = push([largest], base, mode="transaction", errors_file=tmp_path / "e.ndjson")
        assert refused.failed and "more update operations than allowed" in refused.failed[0].message
        assert json.loads((tmp_path / "e.ndjson").read_text())["outcome"]["resourceType"] == "OperationOutcome"
        loaded = push([largest], base, mode="auto", errors_file=tmp_path / "e.ndjson")
        assert loaded.failed == [] and loaded.modes == {"batch": 1}
        assert not (tmp_path / "e.ndjson").exists()
        again = push([largest], base, mode="batch", errors_file=None)
        assert again.failed == []
        nct = json.loads(largest.read_text())["entry"][0]["resource"]["identifier"][0]["value"]
        found = httpx.get(f"{base}/ResearchStudy", params={"identifier": f"{IDENTIFIER}|{nct}"}).json()
        assert len(found["entry"]) == 1  # pushed twice, stored once: PUT at stable ids


def test_push_waits_out_503_answers(tmp_path: Path) -> None:
    slept: list[float] = []
    with fhir_server("--flaky", "2") as base:
        server = Server(base, sleep=slept.append)
        result = push([FIXTURES / "NCT06709469.yaml"], server, version="R4B", errors_file=None)
        server.close()
    assert result.failed == [] and len(result.pushed) == 1
    assert result.requests == 3 and slept == [1.0, 1.0]  # the server's Retry-After: 1


def test_push_reports_a_refused_bundle_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with fhir_server("--reject", "nct06709469") as base:
        run = CliRunner().invoke(
            main,
            [
                "push",
                str(FIXTURES / "NCT06709469.yaml"),
                str(FIXTURES / "results" / "NCT09990001.json"),
                "--server",
                base,
                "--fhir-version",
                "R4B",
                "-q",
            ],
        )
    assert run.exit_code == 1, run.output
    assert "server said 422: Resource nct06709469 refused by this server" in run.stderr
    assert "pushed 1 of 2 Bundles" in run.stderr
    (line,) = (tmp_path / "push-errors.ndjson").read_text().splitlines()
    report = json.loads(line)
    assert report["nct_id"] == "NCT06709469" and report["status"] == 422
    assert report["outcome"]["issue"][0]["details"]["text"] == "Resource nct06709469 refused by this server"
