"""Bulk conversion: every record accounted for, resume after a kill, same output for any job count."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from trialdocs.cli import main
from trialdocs.convert import JOURNAL, Options, Unit, convert, convert_record

from .conftest import FIXTURES, ROOT, corpus_dir

BROKEN = {
    "truncated.json": '{"protocolSection": {"identificationModule": ',
    "not-a-study.json": '{"name": "left-pad"}',
    "bad-phase.json": json.dumps(
        {
            "protocolSection": {
                "identificationModule": {"nctId": "NCT09999991", "briefTitle": "x"},
                "statusModule": {"overallStatus": "RECRUITING"},
                "sponsorCollaboratorsModule": {"leadSponsor": {"name": "A"}},
                "designModule": {"phases": ["PHASE9"]},
            }
        }
    ),
    "bomb.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><clinical_study>&a;</clinical_study>',
    "traversal.json": json.dumps(
        {"nct_id": "../../escape", "brief_title": "x", "overall_status": "RECRUITING", "sponsor": {"name": "A"}}
    ),
}


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != JOURNAL
    }


def test_convert_record_is_pure_and_picklable(tmp_path: Path) -> None:
    unit = Unit(str(FIXTURES / "NCT06709469.yaml"), None, ".yaml")
    (result,) = convert_record(unit, Options())
    assert list(tmp_path.iterdir()) == []
    assert sorted(result.files) == [
        "fhir/NCT06709469.json",
        "summary/NCT06709469.html",
        "summary/NCT06709469.json",
        "summary/NCT06709469.md",
    ]
    assert sorted(result.ndjson) == ["Group", "Location", "Organization", "PlanDefinition", "ResearchStudy"]
    assert result.row["errors"] > 0 and result.errors == []
    assert pickle.loads(pickle.dumps(result)).row == result.row
    assert pickle.loads(pickle.dumps(convert_record)) is convert_record


@pytest.mark.corpus
def test_corpus_with_five_broken_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name, text in BROKEN.items():
        (broken / name).write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(corpus_dir("ctgov-v2")), str(broken), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.stderr
    assert "read 525, written 520" in result.stderr and "failed 5" in result.stderr
    errors = [json.loads(line) for line in (out / "errors.ndjson").read_text().splitlines()]
    assert sorted(Path(e["file"]).name for e in errors) == sorted(BROKEN)
    assert all({"file", "nct_id", "stage", "path", "message"} <= set(e) for e in errors)
    phase = next(e for e in errors if e["file"].endswith("bad-phase.json"))
    assert (phase["nct_id"], phase["stage"], phase["path"]) == (
        "NCT09999991",
        "import",
        "$.protocolSection.designModule.phases[0]",
    )
    assert len(list((out / "fhir").glob("NCT*.json"))) == 520
    for suffix in (".html", ".md", ".json"):
        pages = {p.name for p in (out / "summary").glob(f"NCT*{suffix}")}
        results = {p for p in pages if p.endswith(f".results{suffix}")}
        assert (len(pages - results), len(results)) == (520, 29)  # a results page beside the lay page of each of the 29
    assert len((out / "fhir-ndjson" / "ResearchStudy.ndjson").read_text().splitlines()) == 520
    check = json.loads((out / "check.json").read_text())
    assert check["summary"]["files"] == 520
    gate = json.loads(CliRunner().invoke(main, ["check", str(FIXTURES / "NCT06709469.md"), "--format", "json"]).stdout)
    assert set(check) == set(gate) and set(check["summary"]) == set(gate["summary"])
    assert {f["severity"] for f in check["findings"]} == {"error"} and set(check["findings"][0]) >= {"code", "file", "message"}
    index = (out / "index.html").read_text()
    assert index.count('<td data-label="Trial ID">NCT') == 520
    failing = {f["file"] for f in check["findings"]}
    assert 0 < index.count("<tr class=fails>") == index.count("Fails: ") == len(failing)
    assert 'id="only-failing"' in index
    assert index.count('.results.html">Results in plain words</a>') == 29 and "29 have a page of their posted results." in index
    assert not (tmp_path / "escape").exists() and not list(tmp_path.rglob("escape*"))


@pytest.mark.corpus
def test_jobs_1_and_2_give_identical_trees(tmp_path: Path) -> None:
    src = corpus_dir("ctgov-legacy-xml")
    convert([src], tmp_path / "one", jobs=1)
    convert([src], tmp_path / "two", jobs=2)
    assert tree_hashes(tmp_path / "one") == tree_hashes(tmp_path / "two")


@pytest.mark.corpus
def test_killed_run_resumes_to_the_same_output(tmp_path: Path) -> None:
    src = corpus_dir("ctgov-v2")
    convert([src], tmp_path / "full", jobs=1, options=Options(outputs=("fhir", "fhir-ndjson", "check")))
    out = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-m",
        "trialdocs",
        "convert",
        str(src),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--outputs",
        "fhir,fhir-ndjson,check",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.is_file() and journal.read_bytes().count(b"\n") >= 150:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = journal.read_bytes().count(b"\n")
    assert 150 <= finished < 520, finished
    assert not (out / "index.html").exists()
    result = CliRunner().invoke(main, [*cmd[3:], "--resume"])
    assert result.exit_code == 0, result.stderr
    assert f"resumed past {finished}" in result.stderr
    assert tree_hashes(out) == tree_hashes(tmp_path / "full")


@pytest.mark.corpus
@pytest.mark.parametrize("cut", ["start", "middle", "before-newline"])
def test_resume_after_a_torn_journal_line(cut: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SIGKILL can land while the journal's last line is being written. The resumed run must
    not append after the torn line: _finish would stop reading there and drop every later record."""
    import trialdocs.convert as conv

    src = corpus_dir("ctgov-legacy-xml")
    outputs = Options(outputs=("fhir", "fhir-ndjson", "check"))
    convert([src], tmp_path / "full", jobs=1, options=outputs)
    out = tmp_path / "killed"
    with monkeypatch.context() as m:
        m.setattr(conv, "_finish", lambda *a: None)
        convert([src], out, jobs=1, options=outputs)
    lines = (out / JOURNAL).read_bytes().splitlines(keepends=True)
    torn = lines[20]
    keep = {"start": 1, "middle": len(torn) // 2, "before-newline": len(torn) - 1}[cut]
    (out / JOURNAL).write_bytes(b"".join(lines[:20]) + torn[:keep])
    stats = convert([src], out, jobs=1, options=outputs, resume=True)
    assert stats.skipped == 20
    assert tree_hashes(out) == tree_hashes(tmp_path / "full")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_and_resume_finishes_the_same_tree(jobs: str, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) exits 130 at once, leaves
    no temporary file and a journal that --resume continues from, to the tree of an uninterrupted run."""
    src = corpus_dir("ctgov-v2")
    outputs = "fhir,fhir-ndjson,summary-md,check"
    convert([src], tmp_path / "full", jobs=1, options=Options(outputs=tuple(outputs.split(","))))
    out = tmp_path / "stopped"
    cmd = [sys.executable, "-m", "trialdocs", "convert", str(src), "-o", str(out), "--jobs", jobs, "--outputs", outputs]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    journal = out / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (journal.is_file() and journal.read_bytes().count(b"\n") >= 100):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    started = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "rerun with --resume" in err.strip().splitlines()[-1]
    assert list(out.rglob(".*.tmp")) == []
    finished = journal.read_bytes().count(b"\n")
    assert 100 <= finished < 520
    result = CliRunner().invoke(main, [*cmd[3:], "--resume"])
    assert result.exit_code == 0, result.stderr
    assert f"resumed past {finished}" in result.stderr
    assert tree_hashes(out) == tree_hashes(tmp_path / "full")


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(main, ["convert", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no trial records found in" in result.stderr


def test_unknown_output_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["convert", str(FIXTURES / "NCT06709469.yaml"), "-o", str(tmp_path), "--outputs", "fhir,pdf"]
    )
    assert result.exit_code == 2 and "unknown output(s): pdf" in result.stderr


def test_non_tty_progress_is_quiet(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(FIXTURES / "NCT06709469.yaml"), "-o", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(r"trialdocs convert: read 1, written 1 \(", lines[0])
