"""Rule test cases are data (``rules/TD*.yaml``, in the style of sqlfluff), run by one test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from trialdocs import dump, load_one
from trialdocs.check import RULES, Config, check_document
from trialdocs.check.document import Block, CheckDocument, CheckSection, load_documents
from trialdocs.check.fingerprint import update_overlay
from trialdocs.model import Trial

from ..conftest import FIXTURES

CASES_DIR = Path(__file__).parent / "rules"


def cases() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("TD*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        rule = data.pop("rule")
        assert rule == path.stem
        for name, case in data.items():
            out.append(pytest.param(rule, case, id=f"{rule}-{name}"))
    return out


def patched_fixture(patch: dict[str, Any]) -> Trial:
    base = load_one(FIXTURES / "NCT06709469.yaml").model_dump(mode="json", exclude_defaults=True)
    for key, value in patch.items():
        base[key] = {**base.get(key, {}), **value} if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return Trial.model_validate(base)


def document(case: dict[str, Any], tmp_path: Path) -> CheckDocument:
    if "overlay" in case:
        name = case.get("overlay_name") or ("NCT06709469.md" if "NCT06709469" in case["overlay"] else "overlay.md")
        overlay = tmp_path / name
        overlay.write_text(case["overlay"])
        if "record_patch" in case:
            record = tmp_path / "NCT06709469.yaml"
            if case.get("fingerprint_from_fixture"):
                record.write_text(dump(load_one(FIXTURES / "NCT06709469.yaml")))
                update_overlay(overlay, load_one(record), today=dt.date(2026, 11, 25))
            record.write_text(dump(patched_fixture(case["record_patch"])))
        (doc,) = load_documents(overlay)
        return doc
    registry = set(case.get("registry", []))
    sections = [CheckSection(key, [Block(text)], registry=key in registry) for key, text in case["sections"].items()]
    trial = patched_fixture(case["record_patch"]) if "record_patch" in case else None
    return CheckDocument("case.md", "test", sections, trial=trial)


@pytest.mark.parametrize("code,case", cases())
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path) -> None:
    config = Config(select=case.get("select", [code]), rules=case.get("config", {}))
    config.sections = {name: {"rules": rules} for name, rules in case.get("config_sections", {}).items()}
    if "lexicon" in case:
        extra = tmp_path / "lexicon.yaml"
        extra.write_text(yaml.safe_dump(case["lexicon"]))
        config.lexicon_files = [extra]
    findings = check_document(document(case, tmp_path), config)
    assert [f.code for f in findings] == case["expect"], [f.message for f in findings]
    if "severity" in case:
        assert {f.severity.value for f in findings} == {case["severity"]}
    if "message" in case:
        assert any(case["message"] in f.message for f in findings), [f.message for f in findings]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    kinds: dict[str, set[bool]] = {code: set() for code in RULES}
    for param in cases():
        code, case = param.values
        kinds[code].add(bool(case["expect"]))
    assert {code: k for code, k in kinds.items() if k != {True, False}} == {}


def test_every_rule_documents_a_bad_and_a_good_example() -> None:
    for rule in RULES.values():
        doc = rule.__doc__ or ""
        assert "Bad::" in doc and "Good::" in doc, rule.code
        assert rule.name and rule.code.startswith("TD")
