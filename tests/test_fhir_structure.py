"""The generated validator gives the reference's verdict (fhir.resources + FHIRPath) on every output and mutation.

The export path trusts :func:`trialdocs.fhir.structure.problems`; these tests
hold it to :func:`trialdocs.fhir.validate.validate_resource`, which builds the
fhir.resources models and evaluates the invariants with fhirpathpy. A
disagreement either way fails: a miss would let an invalid resource be
written, a false alarm would drop a good record.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialdocs.fhir import FhirValidationError, Version, resources, validated_resources
from trialdocs.fhir.structure import problems, tables
from trialdocs.fhir.validate import validate_resource
from trialdocs.model import Trial
from trialdocs.sources import load

from .conftest import CORPUS, FIXTURES

VERSIONS: tuple[Version, ...] = ("R5", "R4B")


def _corpus_files() -> list[str]:
    files = sorted(str(p) for p in (CORPUS / "ctgov-v2").glob("*.json"))
    return files + sorted(str(p) for p in (CORPUS / "ctgov-legacy-xml").glob("*.xml"))


@cache
def _trials() -> tuple[Trial, ...]:
    return tuple(t for f in _corpus_files() for t in load(f))


@cache
def _pool(version: Version) -> tuple[dict[str, Any], ...]:
    """Every resource of every corpus record (without narratives' xhtml, which neither validator parses)."""
    if not (CORPUS / "ctgov-v2").is_dir():
        return tuple(resources(load(str(FIXTURES / "NCT06709469.yaml"))[0], version))
    return tuple(r for t in _trials() for r in resources(t, version))


def verdicts(resource: dict[str, Any], version: Version) -> tuple[bool, bool]:
    return bool(validate_resource(resource, version)), bool(problems(resource, version))


@pytest.mark.corpus
@pytest.mark.parametrize("version", VERSIONS)
def test_every_corpus_output_passes_both(version: Version) -> None:
    """All 583 corpus records (520 v2 + 63 XML), every resource, in R5 and R4B."""
    if not (CORPUS / "ctgov-v2").is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set TRIALDOCS_CORPUS)")
    assert len(_trials()) == 583
    pool = _pool(version)
    assert len(pool) > 5 * 583
    disagree = [(r["resourceType"], r["id"]) for r in pool if verdicts(r, version) != (False, False)]
    assert disagree == []


# Mutations. Each picks a place in a real exported resource and breaks it (or, for the
# benign ones, changes it harmlessly); the reference decides the verdict, ours must match.


def _typed(node: Any, tkey: str, version: Version) -> Iterator[tuple[dict[str, Any], str, str, int]]:
    """(parent object, key, type code, min) of every element, found through the tables."""
    t = tables(version)
    spec = t.types[tkey]
    for key, value in list(node.items()):
        element = spec.keys.get(key)
        if element is None:
            continue
        code = element.ref
        minimum = next((1 for name, keys in spec.required if key in keys), 0)
        yield node, key, code, minimum
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                if code == "Resource":
                    yield from _typed(item, item["resourceType"], version)
                elif code in t.types:
                    yield from _typed(item, code, version)


def _places(resource: dict[str, Any], version: Version) -> list[tuple[dict[str, Any], str, str, int]]:
    return list(_typed(resource, resource["resourceType"], version))


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _objects(item)


BAD_VALUES = {
    "code": "two  spaces",
    "id": "not an id",
    "date": "2021-13-40",
    "dateTime": "2021-02-30T25:00:00",
    "boolean": "maybe",
    "positiveInt": 0,
    "unsignedInt": -1,
    "integer": 1.5,
    "string": "",
    "decimal": "one",
}

Mutation = Callable[[dict[str, Any], Version, random.Random], bool]


def _drop_required(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k) for p, k, _, minimum in _places(res, version) if minimum and not k.startswith("value")]
    if not places:
        return False
    parent, key = rng.choice(places)
    del parent[key]
    parent.pop(f"_{key}", None)
    return True


def _unknown_element(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    rng.choice(list(_objects(res)))["notAnElement"] = "x"
    return True


def _list_for_one(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k) for p, k, _, _ in _places(res, version) if not isinstance(p[k], list)]
    parent, key = rng.choice(places)
    parent[key] = [parent[key]]
    return True


def _one_for_list(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k) for p, k, _, _ in _places(res, version) if isinstance(p[k], list)]
    if not places:
        return False
    parent, key = rng.choice(places)
    parent[key] = parent[key][0]
    return True


def _bad_primitive(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k, c) for p, k, c, _ in _places(res, version) if c in BAD_VALUES and not isinstance(p[k], list)]
    if not places:
        return False
    parent, key, code = rng.choice(places)
    parent[key] = BAD_VALUES[code]
    return True


def _wrong_type(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k, c) for p, k, c, _ in _places(res, version) if isinstance(p[k], str) and c != "xhtml"]
    parent, key, code = rng.choice(places)
    parent[key] = rng.choice([12345, {"text": "x"}]) if code not in ("date", "dateTime") else {"text": "x"}
    return True


def _an_extension(res: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """One extension with a value, picked at random, or None if the resource has none."""
    found = [o for o in _objects(res) if "url" in o and any(k.startswith("value") for k in o)]
    return rng.choice(found) if found else None


def _extension_both(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    if (ext := _an_extension(res, rng)) is None:
        return False
    ext["extension"] = [{"url": "http://example.org/x", "valueString": "y"}]
    return True


def _extension_neither(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    if (ext := _an_extension(res, rng)) is None:
        return False
    for key in [k for k in ext if k.startswith("value")]:
        del ext[key]
    return True


def _second_choice(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    if (ext := _an_extension(res, rng)) is None:
        return False
    if "valueBoolean" in ext:
        ext["valueInteger"] = 1
    else:
        ext["valueBoolean"] = True
    return True


def _invariant(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    if res["resourceType"] == "Organization":
        res.pop("name", None)
        res.pop("identifier", None)
    elif res["resourceType"] == "Location":
        res.pop("name", None)
        res.pop("address", None)
    elif res["resourceType"] == "Group":
        res["member"] = [{"entity": {"reference": "Patient/p1"}}]
    else:
        return False
    return True


def _benign_text(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [(p, k) for p, k, c, _ in _places(res, version) if c in ("string", "markdown") and isinstance(p[k], str)]
    if not places:
        return False
    parent, key = rng.choice(places)
    parent[key] = "Changed by the mutation test"
    return True


def _benign_drop(res: dict[str, Any], version: Version, rng: random.Random) -> bool:
    places = [
        (p, k)
        for p, k, _, minimum in _places(res, version)
        if not minimum and len(p) >= 3 and k not in ("name", "identifier", "address", "url") and not k.startswith("value")
    ]
    if not places:
        return False
    parent, key = rng.choice(places)
    del parent[key]
    return True


MUTATIONS: dict[str, Mutation] = {
    "drop-required": _drop_required,
    "unknown-element": _unknown_element,
    "array-for-one": _list_for_one,
    "one-for-array": _one_for_list,
    "bad-primitive": _bad_primitive,
    "wrong-type": _wrong_type,
    "extension-value-and-extensions": _extension_both,
    "extension-neither": _extension_neither,
    "second-choice": _second_choice,
    "invariant": _invariant,
    "benign-text": _benign_text,
    "benign-drop": _benign_drop,
}
SEEN: Counter[str] = Counter()


@settings(max_examples=3000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(VERSIONS), st.integers(0, 10**6), st.sampled_from(sorted(MUTATIONS)), st.randoms(use_true_random=False))
def _agree_on_mutation(version: Version, which: int, kind: str, rng: random.Random) -> None:
    pool = _pool(version)
    resource = copy.deepcopy(pool[which % len(pool)])
    if not MUTATIONS[kind](resource, version, rng):
        return
    reference, ours = verdicts(resource, version)
    SEEN[f"{kind}:{'rejected' if reference else 'accepted'}"] += 1
    assert ours == reference, (
        f"{kind} on {resource['resourceType']}/{resource['id']} ({version}): "
        f"reference {validate_resource(resource, version)[:2]}, ours {problems(resource, version)[:2]}"
    )


@pytest.mark.corpus
def test_verdicts_agree_on_mutated_resources() -> None:
    """At least 2,000 mutated resources, every kind of mutation, both verdicts seen."""
    SEEN.clear()
    _agree_on_mutation()
    total = sum(SEEN.values())
    assert total >= 2000, SEEN
    kinds = {key.split(":")[0] for key in SEEN}
    assert kinds == set(MUTATIONS), SEEN
    assert SEEN["benign-text:accepted"] > 50 and SEEN["drop-required:rejected"] > 50, SEEN


@pytest.mark.parametrize(
    ("case", "mutate"),
    [
        ("empty object", lambda r: r["identifier"].append({})),
        ("empty array", lambda r: r.update(alias=[])),
        ("null", lambda r: r.update(alias=None)),
        ('"true" for a boolean', lambda r: r.update(active="true")),
        ('"yes" for a boolean', lambda r: r.update(active="yes")),
        ("an empty markdown", lambda r: r.update(description="")),
        ("an id of 65 characters", lambda r: r.update(id="a" * 65)),
        ("a number for a dateTime (R4B)", lambda r: r.update(period={"start": 12345})),
        ("a space in a uri", lambda r: r["identifier"][0].update(system="http://example.org/a b")),
    ],
)
def test_stricter_than_the_reference_where_fhir_json_is_clear(case: str, mutate: Callable[[dict[str, Any]], Any]) -> None:
    """The known differences, one way only: fhir.resources accepts these, FHIR JSON does not, and we reject them."""
    org: dict[str, Any] = {
        "resourceType": "Organization",
        "id": "o1",
        "name": "Acme",
        "identifier": [{"system": "http://x", "value": "1"}],
    }
    mutate(org)
    version: Version = "R4B" if "(R4B)" in case else "R5"
    if "period" in org:
        org = {"resourceType": "ResearchStudy", "id": "s1", "status": "active", "period": org["period"]}
    assert verdicts(org, version) == (False, True), case


def test_an_invalid_export_raises_with_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing invalid is written: the exporter raises, naming the resource and element (convert lists it in errors.ndjson)."""
    import trialdocs.fhir as fhir

    trial = load(str(FIXTURES / "NCT06709469.yaml"))[0]
    real = fhir.resources

    def broken(trial: Trial, version: Version = "R5") -> list[dict[str, Any]]:
        items = real(trial, version)
        items[0]["status"] = "two  spaces"
        return items

    monkeypatch.setattr(fhir, "resources", broken)
    with pytest.raises(FhirValidationError) as caught:
        validated_resources(trial)
    assert "ResearchStudy/" in str(caught.value) and "@ ResearchStudy.status" in str(caught.value)


def _org(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Organization", "id": "o1", "name": "Acme", **extra}


CONTAINED_LOC = {"resourceType": "Location", "id": "l1", "name": "Site"}


@pytest.mark.parametrize(
    ("case", "resource", "key"),
    [
        (
            "contained and referred to",
            _org(contained=[CONTAINED_LOC], extension=[{"url": "http://x", "valueReference": {"reference": "#l1"}}]),
            None,
        ),
        ("contained, never referred to", _org(contained=[CONTAINED_LOC]), "dom-3"),
        (
            "contained holding contained",
            _org(
                contained=[{**CONTAINED_LOC, "contained": [CONTAINED_LOC]}],
                extension=[{"url": "http://x", "valueReference": {"reference": "#l1"}}],
            ),
            "dom-2",
        ),
        (
            "contained with a versionId",
            _org(
                contained=[{**CONTAINED_LOC, "meta": {"versionId": "1"}}],
                extension=[{"url": "http://x", "valueReference": {"reference": "#l1"}}],
            ),
            "dom-4",
        ),
        (
            "contained with a security label",
            _org(
                contained=[{**CONTAINED_LOC, "meta": {"security": [{"code": "R"}]}}],
                extension=[{"url": "http://x", "valueReference": {"reference": "#l1"}}],
            ),
            "dom-5",
        ),
        ("a primitive's extension", _org(_name={"extension": [{"url": "http://x", "valueString": "y"}]}), None),
        (
            "a required code given only as an extension",
            {"resourceType": "ResearchStudy", "id": "s", "_status": {"extension": [{"url": "http://x", "valueString": "y"}]}},
            None,
        ),
        ("an extension on a complex element", _org(_identifier=[{"id": "x"}]), "structure"),
        ("an unknown resource type", {"resourceType": "Patient", "id": "p"}, "structure"),
        ("no resourceType", {"id": "p"}, "structure"),
        (
            "a resource that is not an object",
            {"resourceType": "Bundle", "id": "b", "type": "collection", "entry": [{"resource": "x"}]},
            "structure",
        ),
        (
            "a nested action's output with neither requirement nor relatedData",
            {
                "resourceType": "PlanDefinition",
                "id": "p",
                "status": "active",
                "action": [{"title": "a", "action": [{"title": "b", "output": [{"title": "o"}]}]}],
            },
            "pld-1",
        ),
        (
            "a top-level action input with requirement and relatedData (the reference missed it before)",
            {
                "resourceType": "PlanDefinition",
                "id": "p",
                "status": "active",
                "action": [{"title": "a", "input": [{"requirement": {"type": "Patient"}, "relatedData": "x"}]}],
            },
            "pld-0",
        ),
    ],
)
def test_hand_made_cases_agree_with_the_reference(case: str, resource: dict[str, Any], key: str | None) -> None:
    """The invariants the corpus never triggers (we emit no contained resources) and the edges of FHIR JSON."""
    ours = problems(resource, "R5")
    # Three are ours alone: we know only the types we emit (the reference knows Patient), a missing
    # resourceType has no reference verdict, and the reference skips a Bundle entry that is not an object.
    if resource.get("resourceType") not in ("Patient", "Bundle", None):
        assert bool(validate_resource(resource, "R5")) == bool(ours), (case, validate_resource(resource, "R5"), ours)
    assert (key in {p.key for p in ours}) if key else ours == [], (case, ours)
