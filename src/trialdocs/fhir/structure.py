"""The export path's validator: structure from generated tables, invariants compiled to Python.

It proves what :mod:`trialdocs.fhir.validate` (fhir.resources and FHIRPath,
the reference) proves about the resources we emit, at a small part of the
cost: unknown elements, cardinality, one choice of ``value[x]``, JSON kinds,
primitive regexes and integer ranges, required elements (a ``_status`` with
only extensions counts, as in FHIR JSON), and the invariants dom-2…5, ext-1,
pld-0/1, grp-1, org-1 and our td-loc-1. The tables come from the HL7
StructureDefinitions (:mod:`trialdocs.fhir.tables`).

It is stricter than the reference in a few places where FHIR JSON is clear
and fhir.resources is lenient (an empty object, array or string, a ``null``,
``"true"`` for a boolean, an id of 65 characters, a space in a uri): the
agreement test (``tests/fhir/test_structure.py``) lists them. The
reference stays in ``trialdocs validate``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

Version = Literal["R5", "R4B"]


@dataclass(frozen=True)
class Problem:
    """One validation problem, naming the resource and the element path."""

    resource: str
    path: str
    message: str
    key: str = "structure"

    def __str__(self) -> str:
        return f"{self.resource}: {self.key}: {self.message} @ {self.path}"


_INT_RANGE = {"integer": (-(2**31), 2**31 - 1), "positiveInt": (1, 2**31 - 1), "unsignedInt": (0, 2**31 - 1)}


_PRIMITIVE, _COMPLEX, _RESOURCE = 0, 1, 2


@dataclass(frozen=True)
class _Element:
    name: str
    many: bool
    kind: int
    ref: str
    choice: bool


@dataclass(frozen=True)
class _Type:
    keys: dict[str, _Element]
    required: tuple[tuple[str, tuple[str, ...]], ...]
    is_extension: bool


@dataclass(frozen=True)
class _Tables:
    types: dict[str, _Type]
    primitives: dict[str, tuple[str, re.Pattern[str] | None]]
    resources: frozenset[str]
    version: Version


def _choice_key(name: str, code: str) -> str:
    return name[: -len("[x]")] + code[0].upper() + code[1:]


@cache
def tables(version: Version) -> _Tables:
    """The shipped tables of one version, indexed by JSON key."""
    data = json.loads(resources.files("trialdocs.fhir").joinpath(f"structure-{version}.json").read_text("utf-8"))
    primitives = {
        code: (kind, re.compile(regex) if regex and kind == "string" else None)
        for code, (kind, regex) in data["primitives"].items()
    }

    def element(name: str, many: bool, code: str, target: str | None, choice: bool) -> _Element:
        if target is not None:
            return _Element(name, many, _COMPLEX, target, choice)
        if code == "Resource":
            return _Element(name, many, _RESOURCE, code, choice)
        return _Element(name, many, _PRIMITIVE if code in primitives else _COMPLEX, code, choice)

    types: dict[str, _Type] = {}
    for tkey, elements in data["types"].items():
        keys: dict[str, _Element] = {}
        required: list[tuple[str, tuple[str, ...]]] = []
        for name, min_, max_, codes, target in elements:
            if name.endswith("[x]"):
                expanded = tuple(_choice_key(name, c) for c in codes)
                for key, code in zip(expanded, codes, strict=True):
                    keys[key] = element(name, max_ != 1, code, None, True)
            else:
                keys[name] = element(name, max_ != 1, codes[0] if len(codes) == 1 else "", target, False)
                expanded = (name,)
            if min_ > 0:
                required.append((name, expanded))
        types[tkey] = _Type(keys, tuple(required), tkey == "Extension")
    return _Tables(types, primitives, frozenset(data["emitted"]), version)


def problems(resource: dict[str, Any], version: Version = "R5") -> list[Problem]:
    """Every structure and invariant problem of one resource (a Bundle with its entries)."""
    t = tables(version)
    label = f"{resource.get('resourceType', '?')}/{resource.get('id', '?')}"
    out: list[Problem] = []
    _resource(resource, t, label, str(resource.get("resourceType", "")), out, top=True)
    return out


def _resource(node: Any, t: _Tables, label: str, path: str, out: list[Problem], top: bool = False) -> None:
    if type(node) is not dict:
        out.append(Problem(label, path, "a resource must be a JSON object"))
        return
    rtype = node.get("resourceType")
    if not isinstance(rtype, str):
        out.append(Problem(label, path or "resourceType", "missing resourceType"))
        return
    if rtype not in t.resources:
        out.append(Problem(label, path or rtype, f"unknown resource type {rtype!r}"))
        return
    _complex(node, t.types[rtype], t, label, rtype if top else path, out, resource=True)
    _invariants(node, rtype, label, out, t.version)


def _complex(node: Any, spec: _Type, t: _Tables, label: str, path: str, out: list[Problem], resource: bool = False) -> None:
    if type(node) is not dict:
        out.append(Problem(label, path, "expected a JSON object"))
        return
    if not node:
        out.append(Problem(label, path, "an element must have a value or children (ele-1)"))
        return
    chosen: set[str] = set()
    for key, value in node.items():
        primitive_ext = key[0] == "_"
        element = spec.keys.get(key[1:] if primitive_ext else key)
        if element is None:
            if not (resource and key == "resourceType"):
                out.append(Problem(label, f"{path}.{key}", "unknown element"))
            continue
        if element.choice and not primitive_ext:
            if element.name in chosen:
                out.append(Problem(label, f"{path}.{key}", f"only one value may be given for {element.name}"))
            chosen.add(element.name)
        if element.many:
            if type(value) is not list or not value:
                out.append(Problem(label, f"{path}.{key}", "expected a non-empty JSON array"))
                continue
            for i, item in enumerate(value):
                if not (primitive_ext and item is None):
                    _value(item, element, primitive_ext, t, label, path, key, i, out)
        elif type(value) is list:
            out.append(Problem(label, f"{path}.{key}", "expected one value, not an array"))
        else:
            _value(value, element, primitive_ext, t, label, path, key, None, out)
    for name, keys in spec.required:
        if not any(k in node or f"_{k}" in node for k in keys):
            out.append(Problem(label, f"{path}.{name}", "required element missing"))
    if spec.is_extension and ("extension" in node) == ("value[x]" in chosen):
        out.append(Problem(label, path, "Must have either extensions or value[x], not both", "ext-1"))


def _value(
    value: Any,
    element: _Element,
    primitive_ext: bool,
    t: _Tables,
    label: str,
    path: str,
    key: str,
    i: int | None,
    out: list[Problem],
) -> None:
    kind = element.kind
    if primitive_ext:
        if kind != _PRIMITIVE:
            out.append(Problem(label, _where(path, key, i), "unknown element"))
        else:
            _complex(value, t.types["Element"], t, label, _where(path, key, i), out)
    elif kind == _PRIMITIVE:
        code = element.ref
        form, pattern = t.primitives[code]
        if form == "string":
            ok = type(value) is str and value != "" and (pattern is None or pattern.fullmatch(value) is not None)
        elif form == "boolean":
            ok = type(value) is bool
        elif form == "integer":
            low, high = _INT_RANGE[code]
            ok = type(value) is int and low <= value <= high
        else:
            ok = type(value) in (int, float)
        if not ok:
            out.append(Problem(label, _where(path, key, i), f"not a valid {code}: {value!r}"[:200]))
    elif kind == _COMPLEX:
        _complex(value, t.types[element.ref], t, label, _where(path, key, i), out)
    else:
        _resource(value, t, label, _where(path, key, i), out)


def _where(path: str, key: str, i: int | None) -> str:
    return f"{path}.{key}" if i is None else f"{path}.{key}[{i}]"


def _walk(node: Any, key: str) -> Any:
    """Every value held under ``key`` anywhere in this JSON."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            if isinstance(value, (dict, list)):
                yield from _walk(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def _strings(node: Any) -> Any:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _invariants(node: dict[str, Any], rtype: str, label: str, out: list[Problem], version: Version) -> None:
    def fail(key: str, path: str, human: str) -> None:
        out.append(Problem(label, path, human, key))

    contained = node.get("contained") if isinstance(node.get("contained"), list) else []
    if contained:
        outside = set(_strings({k: v for k, v in node.items() if k != "contained"}))
        for item in contained:
            if not isinstance(item, dict):
                continue
            if "contained" in item:
                fail(
                    "dom-2",
                    f"{rtype}.contained",
                    "If the resource is contained in another resource, it SHALL NOT contain nested Resources",
                )
            if f"#{item.get('id')}" not in outside and not any(
                f"#{item.get('id')}" in set(_strings(other)) for other in contained if other is not item
            ):
                fail(
                    "dom-3",
                    f"{rtype}.contained",
                    "If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource",
                )
            meta: dict[str, Any] = item["meta"] if isinstance(item.get("meta"), dict) else {}
            if "versionId" in meta or "lastUpdated" in meta:
                fail(
                    "dom-4",
                    f"{rtype}.contained",
                    "If a resource is contained in another resource, it SHALL NOT have a meta.versionId or a meta.lastUpdated",
                )
            if "security" in meta:
                fail(
                    "dom-5",
                    f"{rtype}.contained",
                    "If a resource is contained in another resource, it SHALL NOT have a security label",
                )
    if rtype == "PlanDefinition":
        for actions in _walk(node, "action"):
            for action in actions if isinstance(actions, list) else []:
                for key, inv in (("input", "pld-0"), ("output", "pld-1")):
                    for item in action.get(key, []) if isinstance(action, dict) and isinstance(action.get(key), list) else []:
                        if isinstance(item, dict) and ("requirement" in item) == ("relatedData" in item):
                            fail(
                                inv,
                                f"PlanDefinition.action.{key}",
                                f"{key.capitalize()} data elements must have a requirement or a relatedData, but not both",
                            )
    elif rtype == "Group" and node.get("member"):
        enumerated = node.get("membership") == "enumerated" if version == "R5" else node.get("actual") is True
        if not enumerated:
            fail(
                "grp-1",
                "Group.member",
                'Can only have members if group is "enumerated"'
                if version == "R5"
                else 'Can only have members if group is "actual"',
            )
    elif rtype == "Organization" and "identifier" not in node and "name" not in node:
        fail("org-1", "Organization", "The organization SHALL at least have a name or an identifier, and possibly more than one")
    elif rtype == "Location" and "name" not in node and "address" not in node:
        fail("td-loc-1", "Location", "A study site names its facility or its address (trialdocs rule)")
