"""Our output against the HL7 packages: bindings, displays, code systems, references.

The checker (``hl7.py``) reads the packages as HL7 publishes them and shares
no code with trialdocs. Zero problems is the bar.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from trialdocs import load_one
from trialdocs.fhir import bundle_dict
from trialdocs.fhir import codes as c

from ..conftest import FIXTURES
from .conftest import need_interop
from .hl7 import check_bindings, resolve_references, terminology


@pytest.fixture(autouse=True)
def _installed() -> None:
    need_interop()


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_every_bundle_passes_bindings_displays_and_references(bundle_files: dict[str, list[Path]], version: str) -> None:
    problems = []
    resources = 0
    for path in bundle_files[version]:
        bundle = json.loads(path.read_text("utf-8"))
        problems += [(path.name, p) for p in resolve_references(bundle)]
        problems += [(path.name, p) for p in check_bindings(bundle, version)]
        for entry in bundle["entry"]:
            resources += 1
            problems += [(path.name, p) for p in check_bindings(entry["resource"], version)]
    assert len(bundle_files[version]) == 584
    assert resources > 7000
    assert problems[:20] == []


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_our_display_table_is_the_packages(version: str) -> None:
    """codes.DISPLAYS against the code systems of each release (and THO)."""
    t = terminology(version)
    checked = 0
    for system, codes in c.DISPLAYS.items():
        if system == c.SNOMED or (version == "R4B" and system in c.NOT_IN_R4B):
            continue
        for code, display in codes.items():
            official = t.display(system, code)
            if official is None and version == "R4B":
                continue  # an R5-only code (recruiting, ...): never written in R4B
            assert official == display, (system, code)
            checked += 1
    assert checked >= (50 if version == "R5" else 30)


def test_the_checker_finds_what_it_should() -> None:
    """A checker that never fails proves nothing: each planted defect is found."""
    bundle = bundle_dict(load_one(FIXTURES / "NCT06709469.yaml"))
    study = copy.deepcopy(bundle["entry"][0]["resource"])
    study["status"] = "bogus"
    study["label"][0]["type"]["coding"][0]["display"] = "Official"
    study["progressStatus"][0]["state"]["coding"][0]["code"] = "not-a-status"
    found = {p.message for p in check_bindings(study, "R5")}
    assert "None#bogus is not in the required value set http://hl7.org/fhir/ValueSet/publication-status|5.0.0" in found
    assert "display 'Official' is not the official 'Official title'" in found
    assert "http://hl7.org/fhir/research-study-status#not-a-status is not a code of that system" in found
    r4b = copy.deepcopy(bundle_dict(load_one(FIXTURES / "NCT06709469.yaml"), "R4B")["entry"][0]["resource"])
    r4b["arm"][0]["type"]["coding"].append({"system": c.ARM_TYPE, "code": "experimental"})
    assert {p.message for p in check_bindings(r4b, "R4B")} == {f"code system {c.ARM_TYPE} is not in the R4B packages"}
    broken = copy.deepcopy(bundle)
    broken["entry"][0]["resource"]["protocol"][0]["reference"] = "PlanDefinition/x"
    assert [p.message for p in resolve_references(broken)] == ["reference PlanDefinition/x resolves to no entry"]


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_the_shipped_validator_tables_are_the_ones_the_packages_give(version: str) -> None:
    """The fast validator's tables (src/trialdocs/fhir/structure-*.json) regenerate byte for byte
    from the HL7 StructureDefinitions; `make fhir-tables` rewrites them after a package update."""
    from trialdocs.fhir import tables

    package = Path(__file__).resolve().parents[2] / "interop" / "packages" / tables.PACKAGES[version] / "package"
    shipped = (Path(tables.__file__).parent / f"structure-{version}.json").read_text("utf-8")
    assert tables.dumps(tables.build(package)) == shipped
    data = json.loads(shipped)
    assert data["types"]["ResearchStudy"][0][0] == "id"
    status = next(e for e in data["types"]["ResearchStudy"] if e[0] == "status")
    assert status[1:4] == [1, 1, ["code"]]
