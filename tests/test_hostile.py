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
from trialdocs.model import Criterion, Eligibility

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


def _v2(criteria: str, conditions: list[str] | None = None) -> bytes:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT01234567", "briefTitle": "Aspirin for headache"},
            "statusModule": {"overallStatus": "RECRUITING"},
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Acme"}},
            "conditionsModule": {"conditions": conditions or ["Headache"]},
            "eligibilityModule": {"eligibilityCriteria": criteria},
        }
    }
    return json.dumps(study).encode()


def test_a_criterion_over_the_word_limit_is_refused_with_its_path(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 97} within 3 months unless" for i in range(12_001))  # 60,005 words
    path = tmp_path / "NCT01234567.json"
    path.write_bytes(_v2(f"Inclusion Criteria:\n\n* {words}\n"))
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "md"])
    assert result.exit_code == 1
    assert (
        "criterion of 60005 words, over the 50000-word limit @ $.protocolSection.eligibilityModule.eligibilityCriteria"
        in result.stderr
    )


def test_criteria_and_conditions_over_their_limits_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from trialdocs.sources import _limits

    monkeypatch.setattr(_limits, "MAX_CRITERIA_LINES", 10)
    monkeypatch.setattr(_limits, "MAX_CONDITIONS", 10)
    monkeypatch.setattr(_limits, "MAX_CRITERIA_CHARS", 1_000)
    many = "Inclusion Criteria:\n\n" + "\n".join(f"* Adults {i}" for i in range(12))
    cases = [
        (_v2(many), "eligibility criteria of 13 lines, over the 10-line limit @ $.protocolSection.eligibilityModule.eligibilityCriteria"),
        (_v2("x" * 1_001), "eligibility criteria of 1001 characters, over the 1000-character limit @ $.protocolSection.eligibilityModule"),
        (_v2("* Adults", [f"C{i}" for i in range(11)]), "11 conditions, over the 10-condition limit @ $.protocolSection.conditionsModule.conditions"),
    ]  # fmt: skip
    for raw, message in cases:
        (err,) = list(sources.iter_bytes(raw, suffix=".json"))
        assert isinstance(err, SourceError) and message in str(err), str(err)
    canonical = {"nct_id": "NCT01234567", "brief_title": "x", "overall_status": "RECRUITING", "sponsor": {"name": "A"}}
    (err,) = list(sources.iter_bytes(json.dumps({**canonical, "eligibility": {"text": many}}).encode(), suffix=".json"))
    assert isinstance(err, SourceError) and str(err).endswith("over the 10-line limit @ $.eligibility.text")
    assert err.nct_id == "NCT01234567"
    (err,) = list(
        sources.iter_bytes(json.dumps({**canonical, "conditions": [f"C{i}" for i in range(11)]}).encode(), suffix=".json")
    )
    assert isinstance(err, SourceError) and str(err).endswith("11 conditions, over the 10-condition limit @ $.conditions")
    xml = (
        "<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info><brief_title>x</brief_title>"
        "<overall_status>Recruiting</overall_status><sponsors><lead_sponsor><agency>A</agency></lead_sponsor></sponsors>"
        f"<eligibility><criteria><textblock>{many}</textblock></criteria></eligibility></clinical_study>"
    )
    (err,) = list(sources.iter_bytes(xml.encode(), suffix=".xml"))
    assert isinstance(err, SourceError) and "over the 10-line limit @ /clinical_study/eligibility/criteria/textblock" in str(
        err
    ), str(err)
    # Items are counted too: nesting could give more criteria than lines.
    deep = Eligibility(inclusion=(Criterion(text="a", children=tuple(Criterion(text=str(i)) for i in range(10))),))
    with pytest.raises(SourceError, match=r"eligibility criteria of 11 items, over the 10-item limit @ \$\.x$"):
        _limits.check_criteria(deep, "$.x")
    _limits.check_criteria(Eligibility(inclusion=deep.inclusion[0].children), "$.x")
