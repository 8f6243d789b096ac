"""Validation of FHIR JSON: structure with fhir.resources, invariants with FHIRPath.

The invariant expressions are shipped as data (``constraints.json``), copied
from the R5/R4 StructureDefinitions; a test checks them against the corpus
copies of those definitions.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pydantic
from fhirpathpy import compile as fp_compile
from fhirpathpy.models import models as fp_models

from trialdocs.fhir.structure import Problem, Version


@cache
def _constraints() -> dict[str, dict[str, list[dict[str, str]]]]:
    data: dict[str, dict[str, list[dict[str, str]]]] = json.loads(
        resources.files("trialdocs.fhir").joinpath("constraints.json").read_text("utf-8")
    )
    return data


@cache
def _compiled_one(version: Version, context: str, expression: str) -> Any:
    """``CONTEXT.all(EXPRESSION)`` compiled once, evaluated from the resource root.

    Evaluating from the root lets the FHIR model resolve choice types such as
    ``value[x]``, which a bare sub-node evaluation cannot.
    """
    model = fp_models["r5" if version == "R5" else "r4"]
    return fp_compile(f"{context}.all({expression})", model, {"traceFn": _quiet})


def _element_paths(node: Any, path: str, key: str, out: set[str]) -> None:
    """FHIRPath paths of every element named ``key`` in this JSON (``A.focus.extension``)."""
    if isinstance(node, list):
        for item in node:
            _element_paths(item, path, key, out)
    elif isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                out.add(f"{path}.{name}")
            if isinstance(value, (dict, list)):
                _element_paths(value, f"{path}.{name}", key, out)


def _all_keys(node: Any, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(key)
            _all_keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _all_keys(value, out)
    return out


def _contexts(item: dict[str, str], resource: dict[str, Any], keys: set[str]) -> list[str]:
    """Where to evaluate one invariant in this resource.

    An invariant whose ``requires`` element appears nowhere in the resource
    holds trivially (``contained.…`` with no ``contained``, ``member.empty()
    or …`` with no ``member``), so it is not evaluated. ``T.**.extension``
    (every extension, at any depth) is expanded to the paths that actually
    hold one: FHIRPath's ``descendants()`` would walk the whole resource for
    each check and cost ten times the rest together.
    """
    if item.get("requires") and item["requires"] not in keys:
        return []
    context = item["context"]
    if ".**." in context:
        root, key = context.split(".**.")
        found: set[str] = set()
        _element_paths(resource, root, key, found)
        return sorted(found)
    return [context]


def _quiet(label: str, value: Any) -> None:
    """dom-3 calls trace(); fhirpathpy would print it."""


def model_class(resource_type: str, version: Version) -> type[pydantic.BaseModel]:
    if version == "R4B":
        from fhir.resources.R4B import get_fhir_model_class as get_r4b

        return get_r4b(resource_type)
    from fhir.resources import get_fhir_model_class

    return get_fhir_model_class(resource_type)


def _label(resource: dict[str, Any]) -> str:
    return f"{resource.get('resourceType', '?')}/{resource.get('id', '?')}"


def structure_problems(resource: dict[str, Any], version: Version) -> list[Problem]:
    """Parse with fhir.resources; every pydantic error becomes a Problem with its path."""
    rtype = resource.get("resourceType")
    if not isinstance(rtype, str):
        return [Problem(_label(resource), "resourceType", "missing resourceType")]
    try:
        cls = model_class(rtype, version)
    except (KeyError, ValueError, AttributeError):
        return [Problem(_label(resource), "resourceType", f"unknown resource type {rtype!r}")]
    try:
        cls.model_validate(resource)
    except pydantic.ValidationError as exc:
        return [Problem(_label(resource), ".".join(str(p) for p in err["loc"]) or rtype, err["msg"]) for err in exc.errors()]
    # fhir_core fails this way, not with a ValidationError, on some wrong JSON kinds (an int for a string).
    except (AttributeError, TypeError, ValueError) as exc:
        return [Problem(_label(resource), rtype, f"could not be parsed: {exc}")]
    return []


def invariant_problems(resource: dict[str, Any], version: Version) -> list[Problem]:
    """Evaluate the shipped FHIR invariants of this resource type with fhirpathpy."""
    problems = []
    rtype = str(resource.get("resourceType"))
    keys = _all_keys(resource, set())
    for item in _constraints()[version].get(rtype, []):
        for context in _contexts(item, resource, keys):
            try:
                result = _compiled_one(version, context, item["expression"])(
                    resource, {"resource": resource, "rootResource": resource}
                )
            except Exception as exc:  # fhirpathpy raises plain exceptions on odd input
                problems.append(Problem(_label(resource), context, f"could not evaluate: {exc}", item["key"]))
                continue
            if result not in ([True], []):
                problems.append(Problem(_label(resource), context, item["human"], item["key"]))
    return problems


def validate_resource(resource: dict[str, Any], version: Version = "R5") -> list[Problem]:
    """Both checks on one resource (a Bundle's entries are checked one by one)."""
    if resource.get("resourceType") == "Bundle":
        problems = structure_problems({k: v for k, v in resource.items() if k != "entry"}, version)
        for entry in resource.get("entry", []) or []:
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                problems += validate_resource(entry["resource"], version)
        return problems
    return structure_problems(resource, version) + invariant_problems(resource, version)
