"""A newcomer's first hour (issue 12): safe library calls, clear exits, files others can read."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import trialdocs
from trialdocs import UsageError, convert_registry, load_one, to_fhir_json
from trialdocs._io import as_paths, write_atomic
from trialdocs.check import check_paths
from trialdocs.cli import main

from .conftest import FIXTURES, ROOT, corpus_dir

YAML = FIXTURES / "NCT06709469.yaml"


def test_a_single_path_given_as_str_is_one_path_not_its_characters(tmp_path: Path) -> None:
    stats = convert_registry(str(YAML), tmp_path / "out", jobs=1)
    assert stats.read == 1
    assert sorted(p.name for p in (tmp_path / "out" / "fhir").iterdir()) == ["NCT06709469.json"]
    assert as_paths(YAML) == [YAML] and as_paths(str(YAML)) == [YAML] and as_paths([str(YAML)]) == [YAML]
    assert [t.nct_id for t in trialdocs.iter_load(str(YAML))] == ["NCT06709469"]  # type: ignore[union-attr]
    assert check_paths(str(FIXTURES / "NCT06709469.md")).files == [str(FIXTURES / "NCT06709469.md")]
    assert check_paths([str(FIXTURES / "NCT06709469.md")]).files == [str(FIXTURES / "NCT06709469.md")]


def test_paths_of_the_wrong_type_are_a_usage_error() -> None:
    with pytest.raises(UsageError, match="must be paths"):
        as_paths([YAML, 3])  # type: ignore[list-item]
    with pytest.raises(UsageError, match="a path or a list of paths, not int"):
        as_paths(3)  # type: ignore[arg-type]


def test_an_unknown_version_or_format_names_the_valid_ones() -> None:
    trial = load_one(YAML)
    with pytest.raises(UsageError, match=r"unknown FHIR version 'R4': choose from R5, R4B; did you mean 'R4B'\?"):
        to_fhir_json(trial, "R4")  # type: ignore[arg-type]
    assert '"resourceType":"Bundle"' in to_fhir_json(trial, "r4b")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown summary format 'pdf'"):
        trialdocs.summarize(trial, "pdf")  # type: ignore[arg-type]
    from trialdocs import api

    with pytest.raises(UsageError, match="unknown canonical format 'xml': choose from yaml, json"):
        api.import_trials(str(YAML), "out", format="xml")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown summary format 'PDF': choose from md, html, txt, json"):
        api.write_summaries(str(YAML), "out", format="PDF")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown FHIR version 'R3'"):
        api.export_fhir(str(YAML), "out", version="R3")  # type: ignore[arg-type]


def test_help_opens_with_an_example() -> None:
    doc = trialdocs.__doc__ or ""
    assert "import trialdocs" in doc.split("\n\n", 3)[1] + doc.split("\n\n", 3)[2]


def test_written_files_respect_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.md", "text")
        convert_registry([YAML], tmp_path / "out", jobs=1)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.md").stat().st_mode) == 0o644
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert modes == {0o644}


@pytest.mark.parametrize("command", ["import", "fhir", "summary", "convert", "check", "validate"])
def test_an_empty_folder_exits_2_for_every_command(command: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    extra = ["-o", str(tmp_path / "out")] if command == "convert" else []
    result = CliRunner().invoke(main, [command, str(empty), *extra])
    assert result.exit_code == 2, result.stderr
    assert "trialdocs: error:" in result.stderr and str(empty) in result.stderr


@pytest.mark.parametrize(
    ("args", "ok"),
    [
        (["summary", str(YAML), "--format", "HTML"], True),
        (["fhir", str(YAML), "--fhir-version", "r4b"], True),
        (["check", str(FIXTURES / "NCT06709469.md"), "--format", "JSON"], True),
    ],
)
def test_choices_are_case_insensitive(args: list[str], ok: bool) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def test_a_near_miss_choice_names_the_nearest() -> None:
    result = CliRunner().invoke(main, ["fhir", str(YAML), "--fhir-version", "R4"])
    assert result.exit_code == 2
    assert "Did you mean 'R4B'?" in result.output


def test_a_closed_pipe_stops_quietly() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m trialdocs summary {FIXTURES} {FIXTURES} {FIXTURES} --format md | head -n 1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        executable="/bin/bash",
    )
    assert proc.stdout.startswith("# ")
    assert proc.stderr == ""


def test_the_example_in_help_runs() -> None:
    code = "import doctest, sys, trialdocs; sys.exit(doctest.testmod(trialdocs).failed)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_validate_reads_folders_and_ndjson_and_detects_the_release(tmp_path: Path) -> None:
    trial = load_one(YAML)
    (tmp_path / "r5.json").write_text(to_fhir_json(trial, "R5"), "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r4b.json").write_text(to_fhir_json(trial, "R4B"), "utf-8")
    bundle = __import__("json").loads(to_fhir_json(trial, "R4B"))
    lines = "".join(__import__("json").dumps(e["resource"]) + "\n" for e in bundle["entry"])
    (tmp_path / "sub" / "resources.ndjson").write_text(lines, "utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    n = len(bundle["entry"])
    assert result.stderr.strip() == f"3 file(s) (2 R4B, 1 R5), {3 * n} resource(s) checked: 0 problem(s)"
    forced = CliRunner().invoke(main, ["validate", str(tmp_path / "sub" / "r4b.json"), "--fhir-version", "R5"])
    assert forced.exit_code == 1 and "Extra inputs are not permitted" in forced.stdout


def test_our_bundle_with_a_bad_date_is_a_record_error_everywhere(tmp_path: Path) -> None:
    import json as _json
    import re

    record = corpus_dir("ctgov-v2") / "NCT00353704.json"
    bundle = to_fhir_json(load_one(record), "R5")
    bad = re.sub(r'"\d{4}-\d{2}(-\d{2})?"', '"2015-13-04"', bundle, count=1)
    assert bad != bundle
    src = tmp_path / "in"
    src.mkdir()
    (src / "bad.json").write_text(bad, "utf-8")
    (src / "good.yaml").write_text(YAML.read_text("utf-8"), "utf-8")
    assert "NCT00353704" in bundle
    result = CliRunner().invoke(main, ["import", str(src / "bad.json")])
    assert result.exit_code == 1
    assert "month must be in 1..12 @ $." in result.stderr and str(src / "bad.json") in result.stderr
    assert "internal error" not in result.stderr
    result = CliRunner().invoke(main, ["convert", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.stderr
    (error,) = [_json.loads(line) for line in (tmp_path / "out" / "errors.ndjson").read_text("utf-8").splitlines()]
    assert error["file"] == str(src / "bad.json") and "month must be in 1..12" in error["message"]
    assert (tmp_path / "out" / "fhir" / "NCT06709469.json").is_file()


def test_small_things() -> None:
    import json

    from trialdocs.check import Config, check_document
    from trialdocs.check.document import Block, CheckDocument, CheckSection
    from trialdocs.model import json_schema
    from trialdocs.summary import build_summary

    one = CheckDocument("x.md", "test", [CheckSection("title", [Block("Pharmacokinetics.")])])
    messages = [f.message for f in check_document(one, Config(select=["TD101"]))]
    assert messages and all("(1 word)" in m for m in messages)
    assert '"ge"' not in json.dumps(json_schema()) and '"minimum": 0' in json.dumps(json_schema())
    import datetime as dt

    trial = load_one(corpus_dir("ctgov-v2") / "NCT00353704.json")
    given = build_summary(trial, today=dt.date(2026, 11, 25)).timeline
    default = build_summary(trial).timeline
    assert given is not None and default is not None
    assert given["mark"] == "Today 2026-11-25"
    assert default["mark"].startswith("Record updated ") and "last updated" in default["mark_caption"]


def test_no_install_recipe_points_at_an_index_we_are_not_on() -> None:
    for doc in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]:
        assert not re.search(r"pip install trialdocs\b(?!\s*@)", doc.read_text("utf-8")), doc.name
