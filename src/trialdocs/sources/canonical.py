"""The canonical document: a Trial written as YAML or JSON (``trialdocs import`` output).

YAML is read with the safe loader, so no tag can build an object.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import pydantic
import yaml

from trialdocs._io import YamlDumper, YamlLoader
from trialdocs.errors import FieldError, pick
from trialdocs.model import SCHEMA_VERSION, Trial
from trialdocs.sources._limits import check_conditions, check_criteria, check_criteria_text

Format = Literal["yaml", "json"]


def is_canonical(data: Any) -> bool:
    return isinstance(data, dict) and "nct_id" in data and "protocolSection" not in data


def from_canonical(data: Any) -> Trial:
    """Validate a canonical document; a bad field raises FieldError with its path."""
    nct = data.get("nct_id") if isinstance(data, dict) and isinstance(data.get("nct_id"), str) else None
    eligibility = data.get("eligibility") if isinstance(data, dict) else None
    if isinstance(eligibility, dict) and isinstance(eligibility.get("text"), str):
        _limited(lambda: check_criteria_text(eligibility["text"], "$.eligibility.text"), nct)
    try:
        trial = Trial.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
        message = first["msg"]
        raise FieldError(message[:1].lower() + message[1:], path=path, nct_id=nct) from None
    _limited(lambda: check_criteria(trial.eligibility, "$.eligibility"), nct)
    _limited(lambda: check_conditions(trial.conditions, "$.conditions"), nct)
    return trial


def _limited(check: Callable[[], object], nct_id: str | None) -> None:
    """Run a size check; its refusal names the record."""
    try:
        check()
    except FieldError as exc:
        exc.nct_id = nct_id
        raise


def to_data(trial: Trial) -> dict[str, Any]:
    """The trial as plain JSON data, defaults left out, schema version first."""
    body = trial.model_dump(mode="json", exclude_defaults=True)
    body.pop("schema_version", None)
    return {"schema_version": SCHEMA_VERSION, **body}


def dump(trial: Trial, format: Format = "yaml") -> str:
    """Serialize a trial as a canonical document. ``load(dump(t)) == t``."""
    format = pick(format, ("yaml", "json"), "canonical format")  # type: ignore[assignment]
    data = to_data(trial)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=YamlDumper, sort_keys=False, allow_unicode=True, width=100)


def parse_yaml_documents(text: str) -> list[Any]:
    """YAML documents, read safely: no object tags, and no aliases.

    A canonical document never needs an alias, and aliases nest into
    "billion laughs" bombs, so any alias is refused before loading.
    """
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            where = f" (line {event.start_mark.line + 1})" if event.start_mark is not None else ""
            raise yaml.YAMLError(f"YAML aliases are not allowed{where}")
    return [doc for doc in yaml.load_all(text, Loader=YamlLoader) if doc is not None]
