"""Hostile input: file names from data, bombs, size limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trialdocs import sources
from trialdocs._io import safe_stem
from trialdocs.check import document as check_document_module
from trialdocs.cli import main
from trialdocs.errors import SourceError

from .conftest import FIXTURES

EVIL_IDS = ["../../x", "NCT1/../../y", "NCT00000001/../../z", "/etc/passwd", "NCT0000000１", ""]


@pytest.mark.parametrize("nct", EVIL_IDS)
def test_ids_are_checked_before_they_touch_a_path(nct: str) -> None:
    with pytest.raises(SourceError, match="not an NCT id"):
        safe_stem(nct)


@pytest.mark.parametrize("command", [["import"], ["fhir"], ["summary"], ["convert", "--jobs", "1"]])
def test_no_command_writes_outside_outdir(tmp_path: Path, command: list[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i, nct in enumerate(EVIL_IDS):
        doc = {"nct_id": nct, "brief_title": "x", "overall_status": "RECRUITING", "sponsor": {"name": "A"}}
        (src / f"{i}.json").write_text(json.dumps(doc))
    (src / "ok.yaml").write_text((FIXTURES / "NCT06709469.yaml").read_text())
    out = tmp_path / "deep" / "out"
    result = CliRunner().invoke(main, [command[0], str(src), "-o", str(out), *command[1:]])
    assert result.exit_code == 1, result.stderr
    assert "NCT06709469" in "".join(str(p) for p in out.rglob("*"))
    outside = [p for p in tmp_path.rglob("*") if not str(p).startswith((str(src), str(tmp_path / "deep")))]
    assert outside == []
    assert not list((tmp_path / "deep").glob("*")) or [p.name for p in (tmp_path / "deep").iterdir()] == ["out"]


def test_size_limits_give_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.json"
    big.write_text("[" + "1," * 1000 + "1]")
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 100)
    (err,) = list(sources.iter_load([big]))
    assert isinstance(err, SourceError) and "over the 100-byte limit" in str(err)
    monkeypatch.setattr(check_document_module, "MAX_CHECK_BYTES", 100)
    result = CliRunner().invoke(main, ["check", str(big)])
    assert result.exit_code == 2 and "over the 100-byte limit" in result.stdout


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=False):
        rows.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    rows += ["nct_id: NCT00000001", "brief_title: x", "overall_status: RECRUITING", "sponsor: {name: A}", "keywords: *h"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 2 and "YAML aliases are not allowed" in result.stderr


def test_deep_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 2 and "nested too deeply" in result.stderr
