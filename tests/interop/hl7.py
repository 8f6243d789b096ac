"""A binding, display and reference checker built from the HL7 packages (npm).

It shares no code with trialdocs' own validation: code systems, value sets
and StructureDefinitions come from ``hl7.fhir.r5.core``/``hl7.fhir.r4b.core``
and ``hl7.terminology.r5`` as published, unpacked by ``make interop-install``
into ``interop/packages``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "interop" / "packages"
CORE = {"R5": "hl7.fhir.r5.core", "R4B": "hl7.fhir.r4b.core"}
THO = "hl7.terminology.r5"


def package_dir(name: str) -> Path:
    return PACKAGES / name / "package"


def available() -> bool:
    return all(package_dir(p).is_dir() for p in (*CORE.values(), THO))


@dataclass
class Terminology:
    """Code systems (code -> display) and value sets of one FHIR release plus THO."""

    systems: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Code systems THO or the core lists with content "not-present" (codes unknown here).
    opaque: set[str] = field(default_factory=set)
    value_sets: dict[str, dict[str, Any]] = field(default_factory=dict)
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)

    def display(self, system: str, code: str) -> str | None:
        return self.systems.get(system, {}).get(code)

    def knows(self, system: str) -> bool:
        return system in self.systems or system in self.opaque


def _concepts(concepts: list[dict[str, Any]], out: dict[str, str]) -> None:
    for concept in concepts:
        out[concept["code"]] = concept.get("display", "")
        _concepts(concept.get("concept", []), out)


@cache
def terminology(version: str) -> Terminology:
    t = Terminology()
    for name in (THO, CORE[version]):  # the core wins where both define a system
        for path in sorted(package_dir(name).glob("*.json")):
            kind = path.name.split("-", 1)[0]
            if kind not in ("CodeSystem", "ValueSet", "StructureDefinition"):
                continue
            data = json.loads(path.read_text("utf-8"))
            if kind == "CodeSystem" and "url" in data:
                if data.get("content") in ("not-present", "example", "fragment") and not data.get("concept"):
                    t.opaque.add(data["url"])
                else:
                    codes: dict[str, str] = {}
                    _concepts(data.get("concept", []), codes)
                    t.systems[data["url"]] = codes
            elif kind == "ValueSet" and "url" in data:
                t.value_sets[data["url"].split("|")[0]] = data
            elif kind == "StructureDefinition" and data.get("kind") == "resource" and data.get("derivation") == "specialization":
                t.profiles[data["type"]] = data
    return t
