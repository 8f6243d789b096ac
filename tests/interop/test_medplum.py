"""Medplum's validateResource over every corpus Bundle, fed each release's StructureDefinitions.

Zero errors is the bar. Known checker limits are listed with their reason;
any other issue, of any severity, fails the test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import NODE, need_interop
from .hl7 import ROOT

SCRIPT = ROOT / "interop" / "medplum-validate.mjs"

KNOWN = {
    # validateResource checks one resource at a time, with no Bundle around it,
    # so it cannot see which resource a urn:uuid reference names and warns that
    # the reference does not look like the target type. The references do
    # resolve: test_hl7_packages checks every one against the Bundle's fullUrls.
    re.compile(r'^Invalid reference: got "urn:uuid:[0-9a-f-]{36}", expected '): "urn:uuid references need the Bundle to resolve",
}


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_medplum_finds_no_error(bundle_files: dict[str, list[Path]], version: str) -> None:
    need_interop()
    files = [str(p) for p in bundle_files[version]]
    run = subprocess.run([str(NODE), str(SCRIPT), version, *files], capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["checked"] > 7000
    unexplained = [i for i in report["issues"] if not any(p.search(i["message"]) for p in KNOWN)]
    assert [i for i in report["issues"] if i["severity"] in ("error", "fatal")] == []
    assert unexplained[:10] == []


def test_medplum_does_report_a_broken_resource(tmp_path: Path) -> None:
    need_interop()
    from trialdocs import load_one
    from trialdocs.fhir import bundle_dict

    from ..conftest import FIXTURES

    bundle = bundle_dict(load_one(FIXTURES / "NCT06709469.yaml"))
    study = bundle["entry"][0]["resource"]
    study["status"] = 12
    study["notAnElement"] = True
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(bundle))
    run = subprocess.run([str(NODE), str(SCRIPT), "R5", str(path)], capture_output=True, text=True, timeout=120, check=False)
    errors = [i for i in json.loads(run.stdout)["issues"] if i["severity"] == "error"]
    assert {i["expression"] for i in errors} >= {"ResearchStudy.status", "ResearchStudy.notAnElement"}, errors
