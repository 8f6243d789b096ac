"""Generate the fast validator's tables from the HL7 core packages' StructureDefinitions.

The export path checks every resource it writes (:mod:`trialdocs.fhir.structure`).
Building a fhir.resources model per resource did that at 26 times the cost
of reading and writing the JSON, so the facts the check needs are taken once
from the StructureDefinitions and shipped as data: for each element, its
cardinality and types (the choices of a ``value[x]``); for each primitive,
its JSON kind and regex. Only the types reachable from the resources we emit
are kept.

Run ``make fhir-tables`` (which calls ``python -m trialdocs.fhir.tables``)
after ``make interop-install`` has unpacked the packages; a test in
``tests/interop`` regenerates the tables and compares them with the shipped
ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: Resource types the exporter writes; everything they reach is tabled.
EMITTED = ("Bundle", "Group", "Location", "Organization", "PlanDefinition", "ResearchStudy")
PACKAGES = {"R5": "hl7.fhir.r5.core", "R4B": "hl7.fhir.r4b.core"}
_FHIR_TYPE = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"
_REGEX = "http://hl7.org/fhir/StructureDefinition/regex"
_JSON_KIND = {"boolean": "boolean", "integer": "integer", "positiveInt": "integer", "unsignedInt": "integer", "decimal": "number"}


def _definitions(package: Path) -> dict[str, dict[str, Any]]:
    """The base StructureDefinitions (types and resources, not profiles) by type name."""
    found = {}
    for path in sorted(package.glob("StructureDefinition-*.json")):
        sd = json.loads(path.read_text("utf-8"))
        base = sd.get("derivation") == "specialization" or sd.get("type") in ("Element", "Resource", "Base")
        if base and sd.get("kind") in ("primitive-type", "complex-type", "resource"):
            found[sd["type"]] = sd
    return found


def _type_code(item: dict[str, Any]) -> str:
    """``http://hl7.org/fhirpath/System.String`` (as for ``Element.id``) names its FHIR type in an extension."""
    code: str = item["code"]
    if code.startswith("http://hl7.org/fhirpath/"):
        for ext in item.get("extension", []):
            if ext.get("url") == _FHIR_TYPE:
                return str(ext.get("valueUrl") or ext.get("valueUri"))
        return "string"
    return code


def _primitive(sd: dict[str, Any]) -> list[str]:
    name = sd["type"]
    regex = ""
    for element in sd["snapshot"]["element"]:
        if element["path"] == f"{name}.value":
            for item in element.get("type", []):
                for ext in item.get("extension", []):
                    if ext.get("url") == _REGEX:
                        regex = ext["valueString"]
    return [_JSON_KIND.get(name, "string"), regex]


def build(package: Path) -> dict[str, Any]:
    """The tables for one FHIR version, from its unpacked core package folder."""
    sds = _definitions(package)
    types: dict[str, list[list[Any]]] = {}
    primitives: dict[str, list[str]] = {}
    queue = list(EMITTED) + ["Element"]
    while queue:
        name = queue.pop()
        if name in types or name in primitives or name == "Resource":
            continue
        sd = sds[name]
        if sd["kind"] == "primitive-type":
            primitives[name] = _primitive(sd)
            continue
        for element in sd["snapshot"]["element"][1:]:
            parent, _, field = element["path"].rpartition(".")
            max_ = -1 if element["max"] == "*" else int(element["max"])
            codes = sorted({_type_code(t) for t in element.get("type", [])})
            target = None
            if "contentReference" in element:
                target = element["contentReference"].split("#", 1)[1]
            elif codes in (["BackboneElement"], ["Element"]) and any(
                e["path"].startswith(element["path"] + ".") for e in sd["snapshot"]["element"]
            ):
                target = element["path"]
            if field == "value" and parent == name and sd["kind"] == "primitive-type":
                continue
            types.setdefault(parent, []).append([field, int(element["min"]), max_, codes, target])
            if target is None:
                queue += [c for c in codes if c not in ("Resource",)]
        types.setdefault(name, [])
    return {
        "emitted": list(EMITTED),
        "primitives": dict(sorted(primitives.items())),
        "types": dict(sorted(types.items())),
    }


def dumps(tables: dict[str, Any]) -> str:
    return json.dumps(tables, sort_keys=True, indent=0, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", type=Path, help="folder holding hl7.fhir.r5.core/ and hl7.fhir.r4b.core/ (interop/packages)")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent, help="where to write structure-R5.json and structure-R4B.json"
    )
    args = parser.parse_args(argv)
    for version, package in PACKAGES.items():
        folder = args.packages / package / "package"
        if not folder.is_dir():
            print(f"{folder}: not found; run `make interop-install` first", file=sys.stderr)
            return 2
        (args.out / f"structure-{version}.json").write_text(dumps(build(folder)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
