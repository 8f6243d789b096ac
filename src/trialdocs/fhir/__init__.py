"""FHIR export: a Bundle per trial, in R5 (default) or R4B.

:func:`to_fhir_json` is the fast path used by the CLI and ``convert``: it
builds plain JSON, validates every resource once with the validator generated
from the StructureDefinitions (:mod:`trialdocs.fhir.structure`), and serializes
the JSON it built. fhir.resources and FHIRPath (:mod:`trialdocs.fhir.validate`)
are the reference, used by ``trialdocs validate``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Literal

import pydantic

from trialdocs._io import compact_json
from trialdocs.errors import TrialdocsError, pick
from trialdocs.fhir import r4b, r5, structure
from trialdocs.fhir.narrative import narrative
from trialdocs.fhir.structure import Problem, Version
from trialdocs.fhir.validate import invariant_problems, model_class, structure_problems, validate_resource
from trialdocs.model import Trial

BundleType = Literal["collection", "transaction", "batch"]
BUNDLE_TYPES: tuple[BundleType, ...] = ("collection", "transaction", "batch")
#: fullUrls are ``urn:uuid:`` UUIDs derived from ``Type/id`` in this namespace, so they never change.
FULL_URL_NAMESPACE = uuid.UUID("3f1c6b0e-5d0a-4c4e-9a8e-7d2b1f0c9e11")


class FhirValidationError(TrialdocsError):
    """An exported resource failed structure or invariant validation (a bug in the mapping)."""

    def __init__(self, nct_id: str, problems: list[Problem]) -> None:
        self.nct_id = nct_id
        self.problems = problems
        super().__init__(f"{nct_id}: {len(problems)} FHIR problem(s); first: {problems[0]}")


def resources(trial: Trial, version: Version = "R5") -> list[dict[str, Any]]:
    """The resources of one trial as plain FHIR JSON, in a fixed order, each with its narrative.

    References between them are ``Type/id``, as a server or an NDJSON file wants.
    """
    items = r4b.resources(trial) if version == "R4B" else r5.resources(trial)
    for item in items:
        item["text"] = narrative(item, trial)
    return items


def validated_resources(trial: Trial, version: Version = "R5") -> list[dict[str, Any]]:
    """:func:`resources`, each checked once (structure and invariants); raises FhirValidationError.

    The check is the generated one (:mod:`trialdocs.fhir.structure`); a test
    holds it to the same verdicts as fhir.resources with FHIRPath
    (:func:`validate_resource`) on every corpus output and on mutated resources.
    """
    version = pick(version, ("R5", "R4B"), "FHIR version")  # type: ignore[assignment]
    items = resources(trial, version)
    problems = [p for item in items for p in structure.problems(item, version)]
    if problems:
        raise FhirValidationError(trial.nct_id, problems)
    return items


def full_url(resource_type: str, rid: str, base_url: str | None = None) -> str:
    """``urn:uuid:`` derived from ``Type/id``, or ``BASE/Type/id`` when a server base is given."""
    if base_url:
        return f"{base_url.rstrip('/')}/{resource_type}/{rid}"
    return f"urn:uuid:{uuid.uuid5(FULL_URL_NAMESPACE, f'{resource_type}/{rid}')}"


def rewrite_references(obj: Any, urls: dict[str, str]) -> Any:
    """A copy of ``obj`` with every ``reference`` found in ``urls`` replaced by what it maps to."""
    if isinstance(obj, dict):
        return {
            k: urls.get(v, v) if k == "reference" and isinstance(v, str) else rewrite_references(v, urls) for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [rewrite_references(v, urls) for v in obj]
    return obj


def wrap_bundle(
    trial: Trial, items: list[dict[str, Any]], bundle: BundleType = "collection", base_url: str | None = None
) -> dict[str, Any]:
    """Resources in a Bundle whose references resolve under the spec's rules (bundle.html#references).

    Every fullUrl is a ``urn:uuid:`` derived from the resource's id, or
    ``BASE/Type/id`` with ``base_url``. With urn:uuid fullUrls the
    references inside the Bundle name those urn:uuids (a server turns them
    into its ids on a transaction); with a base, ``Type/id`` resolves
    against it. A batch keeps ``Type/id``: its entries are processed one by
    one, each PUT at its stable id, so they refer to each other by id.
    """
    bundle = pick(bundle, BUNDLE_TYPES, "Bundle type")  # type: ignore[assignment]
    urls = _full_urls(items, base_url)
    if not base_url and bundle != "batch":
        items = rewrite_references(items, urls)
    return _bundle(trial, items, urls, bundle)


def bundle_json(trial: Trial, items: list[dict[str, Any]], bundle: BundleType = "collection", base_url: str | None = None) -> str:
    """``compact_json(wrap_bundle(...))``, the same bytes, without copying every resource to rewrite its references.

    In compact JSON with sorted keys a reference is the text
    ``"reference":"Type/id"`` and nothing else can be (quotes inside a
    string are escaped), so the urn:uuid is put in by replacing that text.
    """
    bundle = pick(bundle, BUNDLE_TYPES, "Bundle type")  # type: ignore[assignment]
    urls = _full_urls(items, base_url)
    text = compact_json(_bundle(trial, items, urls, bundle))
    if not base_url and bundle != "batch":
        for ref, url in urls.items():
            text = text.replace(f'"reference":{compact_json(ref)}', f'"reference":{compact_json(url)}')
    return text


def _full_urls(items: list[dict[str, Any]], base_url: str | None) -> dict[str, str]:
    return {f"{i['resourceType']}/{i['id']}": full_url(i["resourceType"], i["id"], base_url) for i in items}


def _bundle(trial: Trial, items: list[dict[str, Any]], urls: dict[str, str], bundle: BundleType) -> dict[str, Any]:
    entries = []
    for item in items:
        entry: dict[str, Any] = {"fullUrl": urls[f"{item['resourceType']}/{item['id']}"], "resource": item}
        if bundle != "collection":
            entry["request"] = {"method": "PUT", "url": f"{item['resourceType']}/{item['id']}"}
        entries.append(entry)
    return {"resourceType": "Bundle", "id": f"{r5.base_id(trial)}-bundle", "type": bundle, "entry": entries}


def bundle_dict(
    trial: Trial,
    version: Version = "R5",
    bundle: BundleType = "collection",
    *,
    validate: bool = True,
    base_url: str | None = None,
) -> dict[str, Any]:
    """The trial as a Bundle in JSON form, validated unless asked not to.

    A transaction or batch Bundle PUTs each resource at its deterministic id,
    so loading it twice creates no duplicates.
    """
    version = pick(version, ("R5", "R4B"), "FHIR version")  # type: ignore[assignment]
    items = validated_resources(trial, version) if validate else resources(trial, version)
    return wrap_bundle(trial, items, bundle, base_url)


def to_fhir_json(
    trial: Trial,
    version: Version = "R5",
    bundle: BundleType = "collection",
    *,
    pretty: bool = False,
    base_url: str | None = None,
) -> str:
    """The validated Bundle serialized deterministically, with sorted keys.

    Compact by default: an indented dump goes through the pure-Python JSON
    encoder and costs a third of the export time.
    """
    if pretty:
        data = bundle_dict(trial, version, bundle, base_url=base_url)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return bundle_json(trial, validated_resources(trial, version), bundle, base_url) + "\n"


def to_fhir(trial: Trial, version: Version = "R5", bundle: BundleType = "collection") -> Any:
    """The Bundle as a ``fhir.resources`` model (R5 ``Bundle`` or R4B ``Bundle``).

    Parsing the Bundle into the model is itself the structure check, so only
    the invariants are evaluated beforehand: each resource is parsed once.
    """
    data = bundle_dict(trial, version, bundle, validate=False)
    items = [entry["resource"] for entry in data["entry"]]
    problems = [p for item in items for p in invariant_problems(item, version)]
    if not problems:
        try:
            return model_class("Bundle", version).model_validate(data)
        except pydantic.ValidationError as exc:
            problems = [p for item in items for p in structure_problems(item, version)]
            problems = problems or [Problem(f"Bundle/{data['id']}", "Bundle", str(exc).splitlines()[0])]
    raise FhirValidationError(trial.nct_id, problems)


def ndjson_lines(trial: Trial, version: Version = "R5") -> dict[str, list[str]]:
    """One compact JSON line per resource, grouped by resource type (Bulk Data layout)."""
    grouped: dict[str, list[str]] = {}
    for item in validated_resources(trial, version):
        grouped.setdefault(item["resourceType"], []).append(compact_json(item))
    return grouped


__all__ = [
    "BUNDLE_TYPES",
    "BundleType",
    "FhirValidationError",
    "Problem",
    "Version",
    "bundle_dict",
    "bundle_json",
    "full_url",
    "ndjson_lines",
    "resources",
    "rewrite_references",
    "to_fhir",
    "to_fhir_json",
    "validate_resource",
    "validated_resources",
    "wrap_bundle",
]
