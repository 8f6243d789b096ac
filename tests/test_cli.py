"""The CLI: exit codes, one-line errors, writing documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from trialdocs.cli import main
from trialdocs.sources import load_one

from .test_sources import MINIMAL_V2


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_single_study_to_stdout(fixture_yaml: Path) -> None:
    code, out, _ = run("import", str(fixture_yaml))
    assert code == 0
    assert out.startswith("schema_version: 1\nnct_id: NCT06709469\n")


def test_import_writes_one_document_per_study(tmp_path: Path, fixture_yaml: Path) -> None:
    code, _, err = run("import", str(fixture_yaml), "-o", str(tmp_path / "out"), "--format", "json")
    assert code == 0, err
    written = tmp_path / "out" / "NCT06709469.json"
    assert json.loads(written.read_text())["nct_id"] == "NCT06709469"
    assert load_one(written) == load_one(fixture_yaml)
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_bad_file_in_directory_exit_1_good_ones_written(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.json").write_text(json.dumps(MINIMAL_V2))
    bad = json.loads(json.dumps(MINIMAL_V2))
    bad["protocolSection"]["identificationModule"]["nctId"] = "NCT00000002"
    bad["protocolSection"]["designModule"]["phases"] = ["PHASE9"]
    (src / "bad.json").write_text(json.dumps(bad))
    code, _, err = run("import", str(src), "-o", str(tmp_path / "out"))
    assert code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["NCT01234567.yaml"]
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"trialdocs: error: {src / 'bad.json'}: NCT00000002: unknown Phase value 'PHASE9'"
        " @ $.protocolSection.designModule.phases[0]"
    )
    assert lines[-1].startswith("imported 1 of 2 records")


def test_unreadable_single_input_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"protocolSection": {')
    code, out, err = run("import", str(path))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and "Traceback" not in err


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"))
    assert code == 2
    assert "does not exist" in err


def test_report_counts_fields(fixture_yaml: Path) -> None:
    code, out, _ = run("import", str(fixture_yaml), "--report")
    assert code == 0
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:-1]}
    assert rows["nct_id"] == "1"
    assert rows["eligibility.maximum_age.value"] == "1"
    assert "eligibility.minimum_age.value" not in rows
    assert out.splitlines()[-1] == "1 records"


def test_import_help_documents_every_format() -> None:
    code, out, _ = run("import", "--help")
    assert code == 0
    for needle in ("API v2 study", "list response", "JSON array", "NDJSON", "legacy CT.gov XML", "canonical", "directory"):
        assert needle in out


def test_schema_command_prints_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["title"] == "Trial"


def test_python_dash_m_works(fixture_yaml: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "trialdocs", "import", str(fixture_yaml)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "nct_id: NCT06709469" in proc.stdout
