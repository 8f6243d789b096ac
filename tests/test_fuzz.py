"""Fuzzing with hypothesis: mutated real records and random overlays.

The only exceptions allowed out of the library entry points (load, to_fhir,
summary, check) are TrialdocsError subclasses. ``make test`` runs a bounded
profile; ``make fuzz`` runs the long one (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialdocs import Trial, TrialdocsError
from trialdocs.check import Config, check_document
from trialdocs.check.document import CheckDocument, from_summary
from trialdocs.fhir import bundle_dict
from trialdocs.sources import iter_bytes
from trialdocs.summary import build_summary, parse_overlay, render

from .conftest import CORPUS

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NASTY = st.one_of(
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.just(""),
    st.just(" "),
    st.just("N/A"),
    st.just("x" * 1_000_000),
    st.just("\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d"),
    st.just("\ud800 unpaired"),
    st.just("\x00\x01\x1b[31m\x7f"),
    st.just("<script>alert(1)</script> {{ 7*7 }} {% raw %}"),
    st.just("../../etc/passwd"),
    st.text(max_size=50),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.recursive(st.just([]), lambda children: st.lists(children, min_size=1, max_size=1), max_leaves=200),
)


@cache
def seeds() -> list[dict[str, Any]]:
    directory = CORPUS / "ctgov-v2"
    if not directory.is_dir():
        return []
    names = ["NCT00763412.json", "NCT05803083.json", "NCT02299791.json", "NCT04911257.json"]
    return [json.loads((directory / n).read_text("utf-8")) for n in names if (directory / n).is_file()]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):
            out += paths(value, (*prefix, i))
    return out


def mutate(record: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> dict[str, Any]:
    record = copy.deepcopy(record)
    if not path:
        return record
    parent: Any = record
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "drop" and isinstance(parent, dict):
        del parent[last]
    elif action == "drop" and isinstance(parent, list):
        parent.pop(last)
    else:
        parent[last] = value
    return record


def exercise(raw: bytes, suffix: str = ".json") -> None:
    """Every entry point on whatever the bytes turn into; only TrialdocsError may escape."""
    try:
        for item in iter_bytes(raw, file="fuzz", suffix=suffix):
            if not isinstance(item, Trial):
                assert isinstance(item, TrialdocsError)
                continue
            for version in ("R5", "R4B"):
                bundle_dict(item, version)  # type: ignore[arg-type]
            summary = build_summary(item)
            for fmt in ("md", "html", "txt", "json"):
                text = render(summary, fmt)  # type: ignore[arg-type]
                assert "<script>alert" not in text or fmt in ("txt", "json")
            check_document(CheckDocument("fuzz", "record", from_summary(summary)), Config())
    except TrialdocsError:
        pass


@pytest.mark.corpus
@given(data=st.data(), action=st.sampled_from(["drop", "replace", "replace", "replace"]), value=NASTY)
def test_mutated_records_only_raise_trialdocs_errors(data: st.DataObject, action: str, value: Any) -> None:
    if not seeds():
        pytest.skip("corpus not found (set TRIALDOCS_CORPUS)")
    record = data.draw(st.sampled_from(seeds()))
    path = data.draw(st.sampled_from(paths(record)))
    mutated = mutate(record, path, action, value)
    try:
        raw = json.dumps(mutated, ensure_ascii=True).encode()
    except (ValueError, OverflowError):
        return
    exercise(raw)


@given(st.binary(max_size=2000))
def test_random_bytes_only_raise_trialdocs_errors(raw: bytes) -> None:
    for suffix in (".json", ".xml", ".yaml", ".ndjson"):
        exercise(raw, suffix)


@given(st.text(max_size=3000))
def test_random_json_nesting_and_duplicate_keys(text: str) -> None:
    deep = "[" * 5000 + "]" * 5000
    exercise(deep.encode())
    exercise(
        b'{"protocolSection": {"identificationModule": {"nctId": "NCT00000001"}}, "protocolSection": '
        + json.dumps(text).encode()
        + b"}"
    )


FRONT = st.dictionaries(
    st.sampled_from(["nct_id", "lay_title", "reviewed", "fingerprint", "facts", "other"]),
    st.one_of(st.text(max_size=20), st.integers(), st.dates(), st.lists(st.integers(), max_size=3), st.none()),
    max_size=5,
)
BODY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "## Good fit",
                "## Not a fit",
                "## What this trial studies",
                "## Nope",
                "# Title",
                "---",
                "- item",
                "* item",
                "1. one",
            ]
        ),
        st.sampled_from(
            [
                "<!-- trialdocs: disable=TD101 -->",
                "<!-- noqa -->",
                "<!-- trialdocs: enable -->",
                "<!-- unclosed",
                "```",
                "    code",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=30,
)


@given(front=FRONT, body=BODY, raw_front=st.booleans())
def test_random_overlays_only_raise_trialdocs_errors(front: dict[str, Any], body: list[str], raw_front: bool) -> None:
    import yaml

    head = yaml.safe_dump(front) if not raw_front else "nct_id: [unclosed\n"
    text = f"---\n{head}---\n" + "\n".join(body)
    try:
        overlay = parse_overlay(text, "fuzz.md")
    except TrialdocsError:
        return
    for section in overlay.sections.values():
        assert all(block.line >= 1 for block in section.blocks)
