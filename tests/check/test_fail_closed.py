"""The gate fails closed: a typo, a bad value or an empty input never turns it into a pass."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from trialdocs.check import ExitCode
from trialdocs.cli import main

from ..conftest import FIXTURES, ROOT

OVERLAY = FIXTURES / "NCT06709469.md"
YAML = FIXTURES / "NCT06709469.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("flag", "value", "hint"),
    [
        ("--select", "TD999", "did you mean 'TD901'?"),
        ("--select", "TD10l", "did you mean 'TD101'?"),
        ("--select", "fk-grad", "did you mean 'fk-grade'?"),
        ("--ignore", "dale-chal", "did you mean 'dale-chall'?"),
        ("--select", "XY1", ""),
    ],
)
def test_unknown_rule_in_a_flag_is_a_usage_error(flag: str, value: str, hint: str) -> None:
    code, out, err = run("check", str(OVERLAY), flag, value)
    assert code == ExitCode.USAGE
    assert f"{flag}: unknown rule {value!r}" in err
    assert hint in err
    assert out == ""


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--select", ","), "--select: names no rule (['', '']); it would leave nothing checked"),
        (("--select", " "), "--select: names no rule ([' ']); it would leave nothing checked"),
        (("--select", ""), "--select: names no rule (['']); it would leave nothing checked"),
        (("--ignore", "TD"), "select ['TD'] with ignore ['TD'] leaves no rule to run"),
        (("--select", "TD1", "--ignore", "TD1"), "select ['TD1'] with ignore ['TD1'] leaves no rule to run"),
        (("--max-grade", "nan"), "--max-grade must be a finite number, not nan"),
        (("--max-grade", "inf"), "--max-grade must be a finite number, not inf"),
    ],
)
def test_flags_that_leave_nothing_checked_are_usage_errors(flags: tuple[str, ...], message: str) -> None:
    code, out, err = run("check", str(OVERLAY), *flags)
    assert code == ExitCode.USAGE, err
    assert message in err
    assert "passed" not in err and out == ""


def test_an_empty_ignore_flag_ignores_nothing() -> None:
    assert run("check", str(YAML), "--ignore", "")[0] == run("check", str(YAML))[0] == ExitCode.FINDINGS


def test_a_rule_name_selects_its_rule() -> None:
    code, out, _ = run("check", str(YAML), "--select", "fk-grade")
    assert code == ExitCode.FINDINGS
    codes = set(re.findall(r" (TD\d{3}) ", out))
    assert codes == {"TD101"}


def config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "trialdocs.toml"
    path.write_text(body, "utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[check]\nselect = ["TD10l"]\n', "select: unknown rule 'TD10l'; did you mean 'TD101'?"),
        ('[check]\nignore = ["TD999"]\n', "ignore: unknown rule 'TD999'; did you mean 'TD901'?"),
        ('[check.rules.TD101]\nmax = "seven"\n', "rules.TD101.max must be a finite number, not 'seven'"),
        ("[check.rules.TD101]\nmax = nan\n", "rules.TD101.max must be a finite number, not nan"),
        ("[check.rules.TD101]\nmax = inf\n", "rules.TD101.max must be a finite number, not inf"),
        ("[check]\nselect = []\n", "select: names no rule ([]); it would leave nothing checked"),
        ('[check]\nselect = [" "]\n', "select: names no rule ([' ']); it would leave nothing checked"),
        ('[check]\nignore = ["TD"]\n', "select ['TD'] with ignore ['TD'] leaves no rule to run; nothing would be checked"),
        ("[check.rules.TD101]\nmaximum = 3\n", "rules.TD101: unknown setting 'maximum'; did you mean 'max'?"),
        ("[check.rules.TD999]\nmax = 3\n", "unknown rule 'TD999'"),
        ('[check.rules.TD201]\nseverity = "fatal"\n', "rules.TD201.severity must be 'error' or 'warning', not 'fatal'"),
        ('[check]\nmin_words = "many"\n', "min_words must be a whole number, not 'many'"),
        ("[check]\nmax_grade = 6\n", "unknown setting(s) max_grade"),
        ("[check.sections.goodfit.rules.TD201]\nmax = 15\n", "unknown section 'goodfit'; did you mean 'good_fit'?"),
        ('[check]\nexclude = "drafts/*"\nlexicon = [3]\n', "lexicon must be a list of strings, not [3]"),
    ],
)
def test_a_bad_config_value_is_a_usage_error_naming_key_and_value(tmp_path: Path, body: str, message: str) -> None:
    cfg = config(tmp_path, body)
    code, out, err = run("check", str(OVERLAY), "--config", str(cfg))
    assert code == ExitCode.USAGE, err
    assert message in err
    assert err.startswith(f"trialdocs: error: {cfg}")
    assert out == ""


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path))
    assert code == ExitCode.USAGE
    assert f"nothing to check in {tmp_path}" in err


def test_a_folder_of_non_overlays_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our overlays\n\nRead the style guide first.\n", "utf-8")
    code, _, err = run("check", str(tmp_path))
    assert code == ExitCode.USAGE
    assert "1 file(s) skipped" in err


def test_readme_and_config_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    shutil.copy(OVERLAY, tmp_path / OVERLAY.name)
    (tmp_path / "README.md").write_text("# Our overlays\n\nRead the style guide first.\n", "utf-8")
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", tmp_path / "hooks.yaml")
    code, out, err = run("check", str(tmp_path))
    assert code == ExitCode.CLEAN, err
    assert f"{tmp_path / 'README.md'}: skipped: not an overlay or a rendered summary" in err
    assert f"{tmp_path / 'hooks.yaml'}: skipped: not a clinical study" in err
    assert err.splitlines()[-1].startswith("1 file(s) checked: 0 error(s)")
    assert "2 skipped" in err.splitlines()[-1]
    assert "README" not in out


def test_exclude_globs_in_the_config(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    shutil.copy(OVERLAY, tmp_path / OVERLAY.name)
    (tmp_path / "drafts" / "NCT06709469.yaml").write_text(YAML.read_text("utf-8"), "utf-8")
    config(tmp_path, '[check]\nexclude = ["drafts/*"]\n')
    code, _, err = run("check", str(tmp_path))
    assert code == ExitCode.CLEAN, err
    assert f"{tmp_path / 'drafts' / 'NCT06709469.yaml'}: skipped: excluded by {tmp_path / 'trialdocs.toml'}" in err


def test_the_summary_line_goes_to_stderr_even_with_an_output_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, out, err = run("check", str(YAML), "--format", "json", "-o", str(report))
    assert code == ExitCode.FINDINGS
    assert out == ""
    assert err.splitlines()[-1].startswith("1 file(s) checked:")
    assert err.splitlines()[-1].endswith("— failed")
    assert report.read_text("utf-8").startswith("{")


def test_the_pre_commit_hook_only_sees_overlays() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    pattern = re.compile(hook["files"])
    assert pattern.search("overlays/NCT06709469.md")
    assert pattern.search("overlays/NCT06709469.results.md")
    for other in ("README.md", "overlays/notes.md", "NCT06709469.yaml", ".pre-commit-config.yaml", "NCT06709469.results.html"):
        assert not pattern.search(other), other


def _overlay_beside_record(tmp_path: Path, text: str | None = None) -> Path:
    shutil.copy(YAML, tmp_path / YAML.name)
    page = tmp_path / OVERLAY.name
    page.write_text(text if text is not None else OVERLAY.read_text("utf-8"), "utf-8")
    return page


def test_underlined_headings_are_read_like_hash_headings(tmp_path: Path) -> None:
    text = OVERLAY.read_text("utf-8")
    underlined = re.sub(r"^## (.+)$", lambda m: m.group(1) + "\n" + "=" * len(m.group(1)), text, flags=re.M)
    assert "## " not in underlined.split("---", 2)[2]
    hashes = run("check", str(_overlay_beside_record(tmp_path)), "--format", "json")
    (tmp_path / "u").mkdir()
    lines = run("check", str(_overlay_beside_record(tmp_path / "u", underlined)), "--format", "json")
    assert hashes[0] == lines[0]
    rules = lambda out: sorted((f["code"], f["section"]) for f in json.loads(out)["findings"])  # noqa: E731
    assert rules(hashes[1]) == rules(lines[1]) != []


def test_a_page_with_no_section_the_gate_knows_is_an_error(tmp_path: Path) -> None:
    text = re.sub(r"^## (.+)$", r"## Notes on \1", OVERLAY.read_text("utf-8"), flags=re.M)
    code, out, err = run("check", str(_overlay_beside_record(tmp_path, text)))
    assert code == ExitCode.USAGE  # the only file given could not be read
    assert "no section the gate recognises" in out
    assert "passed" not in err
    code, out, err = run("summary", str(tmp_path / YAML.name), "--overlay", str(tmp_path))
    assert code == 1 and out == ""  # the record failed: its overlay cannot be published unchecked
    assert f"{tmp_path / OVERLAY.name}: NCT06709469: no section the gate recognises" in err


def test_a_broken_record_beside_an_overlay_is_an_error_not_no_record(tmp_path: Path) -> None:
    page = _overlay_beside_record(tmp_path)
    (tmp_path / YAML.name).write_text("nct_id: [unclosed\n", "utf-8")
    code, out, err = run("check", str(page))
    assert code == ExitCode.USAGE
    assert f"its record {tmp_path / YAML.name} cannot be read" in out
    assert "1 unreadable" in err


def test_a_review_date_in_the_future_does_not_hide_a_stale_review(tmp_path: Path) -> None:
    text = OVERLAY.read_text("utf-8").replace("reviewed: 2026-11-25", "reviewed: 2099-12-31")
    text = re.sub(r"^fingerprint: \w+$", "fingerprint: 0000aaaa0000", text, flags=re.M)
    code, out, _ = run("check", str(_overlay_beside_record(tmp_path, text)), "--select", "TD601")
    assert code == ExitCode.FINDINGS
    assert "reviewed: 2099-12-31 is in the future" in out
    assert "registry record changed since the review on 2099-12-31" in out
