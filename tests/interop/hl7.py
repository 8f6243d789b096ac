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


#: Complex datatypes whose own StructureDefinition carries the bindings inside them.
_PRIMITIVE_LIKE = {"BackboneElement", "Element", "Resource", "Extension", "Narrative", "xhtml"}


@cache
def _elements(version: str, type_name: str) -> dict[str, dict[str, Any]]:
    """path -> snapshot element, for a resource or datatype of one release."""
    core = package_dir(CORE[version])
    path = core / f"StructureDefinition-{type_name}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {e["path"]: e for e in data.get("snapshot", {}).get("element", [])}


@cache
def value_set_codes(version: str, url: str) -> tuple[frozenset[tuple[str, str]], frozenset[str]] | None:
    """(system, code) pairs a value set lists, and the systems it includes whole; None if unknown here."""
    vs = terminology(version).value_sets.get(url.split("|")[0])
    if vs is None:
        return None
    pairs: set[tuple[str, str]] = set()
    whole: set[str] = set()
    for include in vs.get("compose", {}).get("include", []):
        system = include.get("system")
        if not system:
            continue
        if include.get("concept"):
            pairs |= {(system, c["code"]) for c in include["concept"]}
        else:
            whole.add(system)  # a whole system, or one with filters: checked against the system's codes
    return frozenset(pairs), frozenset(whole)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str


def _codings(value: Any, kind: str) -> list[tuple[str | None, str]]:
    if kind == "code" and isinstance(value, str):
        return [(None, value)]
    if kind == "Coding" and isinstance(value, dict):
        return [(value.get("system"), value.get("code", ""))]
    if kind == "CodeableConcept" and isinstance(value, dict):
        return [(c.get("system"), c.get("code", "")) for c in value.get("coding", [])]
    return []


def check_bindings(resource: dict[str, Any], version: str) -> list[Problem]:
    """Required and extensible bindings, displays, and code systems that exist, for one resource."""
    t = terminology(version)
    problems: list[Problem] = []

    def visit(value: Any, type_name: str, path: str, where: str) -> None:
        elements = _elements(version, type_name)
        if not isinstance(value, dict):
            return
        for key, child in value.items():
            if key in ("resourceType", "text", "contained"):
                continue
            epath = f"{path}.{key}"
            element = elements.get(epath)
            if element is None:
                continue
            kinds = [x["code"] for x in element.get("type", [])]
            kind = kinds[0] if kinds else "Element"
            for i, item in enumerate(child if isinstance(child, list) else [child]):
                here = f"{where}.{key}[{i}]"
                binding = element.get("binding", {})
                if binding.get("strength") in ("required", "extensible") and binding.get("valueSet"):
                    problems.extend(_check_binding(item, kind, binding, version, here))
                for system, code in _codings(item, kind if kind != "code" else "_"):
                    if system and system.startswith(("http://hl7.org/fhir/", "http://terminology.hl7.org/")):
                        if not t.knows(system):
                            problems.append(Problem(here, f"code system {system} is not in the {version} packages"))
                        elif system in t.systems and code not in t.systems[system]:
                            problems.append(Problem(here, f"{system}#{code} is not a code of that system"))
                    if kind == "Coding":
                        _check_display(item, here, t, problems)
                if kind == "CodeableConcept" and isinstance(item, dict):
                    for j, coding in enumerate(item.get("coding", [])):
                        _check_display(coding, f"{here}.coding[{j}]", t, problems)
                if kind in ("BackboneElement", "Element"):
                    visit(item, type_name, epath, here)
                elif kind not in _PRIMITIVE_LIKE and kind[:1].isupper():
                    visit(item, kind, kind, here)

    visit(resource, resource["resourceType"], resource["resourceType"], f"{resource['resourceType']}/{resource.get('id')}")
    return list(dict.fromkeys(problems))


def _check_display(coding: Any, where: str, t: Terminology, problems: list[Problem]) -> None:
    if not isinstance(coding, dict) or "display" not in coding:
        return
    official = t.display(coding.get("system", ""), coding.get("code", ""))
    if official is not None and official != coding["display"]:
        problems.append(Problem(where, f"display {coding['display']!r} is not the official {official!r}"))


def _check_binding(item: Any, kind: str, binding: dict[str, Any], version: str, where: str) -> list[Problem]:
    found = value_set_codes(version, binding["valueSet"])
    if found is None:
        return []  # a value set not in these packages (SNOMED-based, external): not checkable here
    pairs, whole = found
    t = terminology(version)
    allowed_systems = {s for s, _ in pairs} | set(whole)

    def member(system: str | None, code: str) -> bool:
        if system is None:  # a bare code: any system of the value set
            return any(c == code for _, c in pairs) or any(code in t.systems.get(s, {}) for s in whole)
        if (system, code) in pairs:
            return True
        return system in whole and (system not in t.systems or code in t.systems[system])

    codes = _codings(item, kind)
    strength = binding["strength"]
    if strength == "required":
        if kind == "CodeableConcept" and not any(member(s, c) for s, c in codes):
            return [Problem(where, f"no coding from the required value set {binding['valueSet']}")]
        return [
            Problem(where, f"{s}#{c} is not in the required value set {binding['valueSet']}")
            for s, c in codes
            if kind != "CodeableConcept" and not member(s, c)
        ]
    # extensible: a coding from one of the value set's systems must be one of its codes
    return [
        Problem(where, f"{s}#{c} is from {binding['valueSet']}'s systems but not in it (extensible)")
        for s, c in codes
        if s in allowed_systems and not member(s, c)
    ]


def resolve_references(bundle: dict[str, Any]) -> list[Problem]:
    """Every reference in a Bundle names an entry, under bundle.html#references."""
    urls = {e.get("fullUrl") for e in bundle.get("entry", [])}
    restful = {u.rsplit("/", 2)[0] for u in urls if u and u.startswith("http")}
    problems = []

    def walk(obj: Any, where: str) -> None:
        if isinstance(obj, dict):
            ref = obj.get("reference")
            if isinstance(ref, str) and not ref.startswith("#"):
                absolute = ref if ref.startswith(("urn:", "http")) else next((f"{base}/{ref}" for base in restful), ref)
                if absolute not in urls:
                    problems.append(Problem(where, f"reference {ref} resolves to no entry"))
            for k, v in obj.items():
                walk(v, f"{where}.{k}")
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{where}[{i}]")

    for i, entry in enumerate(bundle.get("entry", [])):
        walk(entry.get("resource"), f"entry[{i}]")
    return problems
