"""`convert` on a Dask LocalCluster: the same tree as one job, nothing lost when a worker dies, resume, broken input."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from trialdocs.cli import main
from trialdocs.convert import JOURNAL, Options, convert
from trialdocs.errors import UsageError

from .conftest import corpus_dir
from .test_convert import BROKEN, tree_hashes

distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'trialdocs[dask]'")

OUTPUTS = Options(outputs=("fhir", "fhir-ndjson", "summary-md", "check"))


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes, one thread each, as `--scheduler local --jobs 2` starts them."""
    from trialdocs import cluster

    with cluster.connect("local", 2) as connected:
        yield connected


@pytest.fixture(scope="module")
def ndjson(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 520 v2 records as one NDJSON file: the workers read their partitions as byte ranges."""
    path = tmp_path_factory.mktemp("input") / "registry.ndjson"
    with path.open("w", encoding="utf-8") as handle:
        for record in sorted(corpus_dir("ctgov-v2").glob("*.json")):
            handle.write(json.dumps(json.loads(record.read_bytes()), separators=(",", ":")) + "\n")
    return path


@pytest.fixture(scope="module")
def one_job(ndjson: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("one-job")
    convert([ndjson], out, jobs=1, options=OUTPUTS)
    return tree_hashes(out)


@pytest.mark.corpus
def test_byte_ranges_on_the_cluster_give_the_tree_of_one_job(
    client: Any, ndjson: Path, one_job: dict[str, str], tmp_path: Path
) -> None:
    stats = convert([ndjson], tmp_path, options=OUTPUTS, client=client)
    assert (stats.read, stats.failed) == (520, 0)
    assert tree_hashes(tmp_path) == one_job


@pytest.mark.corpus
def test_a_killed_worker_loses_and_doubles_nothing(client: Any, ndjson: Path, one_job: dict[str, str], tmp_path: Path) -> None:
    """SIGKILL one worker mid-run: the scheduler reruns its tasks elsewhere, and each record is written once."""
    pids = client.run(os.getpid)
    result: dict[str, Any] = {}
    run = threading.Thread(
        target=lambda: result.update(stats=convert([ndjson], tmp_path, options=OUTPUTS, client=client, batch=4))
    )
    run.start()
    journal = tmp_path / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (journal.is_file() and journal.read_bytes().count(b"\n") >= 20):
        time.sleep(0.02)
    finished_before = journal.read_bytes().count(b"\n")
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)
    run.join(timeout=600)
    assert not run.is_alive()
    assert finished_before < 520, "the kill came too late to test anything"
    units = [json.loads(line)["unit"] for line in journal.read_bytes().splitlines()]
    assert len(units) == len(set(units)) == 520
    assert result["stats"].read == 520 and result["stats"].failed == 0
    assert tree_hashes(tmp_path) == one_job
    assert victim not in client.run(os.getpid).values()


@pytest.mark.corpus
def test_resume_on_the_cluster_after_a_torn_journal(
    client: Any, ndjson: Path, one_job: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trialdocs.convert as conv

    with monkeypatch.context() as m:
        m.setattr(conv, "_finish", lambda *a: None)
        convert([ndjson], tmp_path, options=OUTPUTS, client=client)
    lines = (tmp_path / JOURNAL).read_bytes().splitlines(keepends=True)
    (tmp_path / JOURNAL).write_bytes(b"".join(lines[:100]) + lines[100][:50])
    stats = convert([ndjson], tmp_path, options=OUTPUTS, client=client, resume=True)
    assert stats.skipped == 100
    assert tree_hashes(tmp_path) == one_job


@pytest.mark.corpus
def test_broken_files_on_the_cluster_are_reported_and_the_rest_written(client: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name, text in BROKEN.items():
        (broken / name).write_text(text)
    stats = convert([corpus_dir("ctgov-legacy-xml"), broken], tmp_path / "out", options=OUTPUTS, client=client)
    assert (stats.read, stats.failed) == (68, 5)
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.ndjson").read_text().splitlines()]
    assert sorted(Path(e["file"]).name for e in errors) == sorted(BROKEN)
    assert len(list((tmp_path / "out" / "fhir").glob("NCT*.json"))) == 63
    assert not list(tmp_path.rglob("escape*"))


def test_without_dask_the_option_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"pip install 'trialdocs\[dask\]'"):
        convert([tmp_path], tmp_path / "out", scheduler="local")


def test_a_bad_scheduler_address_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(tmp_path), "-o", str(tmp_path / "out"), "--scheduler", "nowhere"])
    assert result.exit_code == 2
    assert "--scheduler 'nowhere': give tcp://HOST:PORT (a dask scheduler) or 'local'" in result.stderr
