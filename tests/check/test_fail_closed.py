"""The gate fails closed: a typo, a bad value or an empty input never turns it into a pass."""

from __future__ import annotations

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
        ('[check.rules.TD101]\nmax = "seven"\n', "rules.TD101.max must be a number, not 'seven'"),
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
    for other in ("README.md", "overlays/notes.md", "NCT06709469.yaml", ".pre-commit-config.yaml"):
        assert not pattern.search(other), other
