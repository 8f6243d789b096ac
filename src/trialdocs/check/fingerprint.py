"""Fingerprints of the registry facts an overlay was reviewed against.

The overlay's front matter keeps the facts themselves (``facts:``) as well as
their hash (``fingerprint:``), so the gate can say in words what changed
("status changed from RECRUITING to COMPLETED"), not just that something did.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

from trialdocs._io import load_yaml, write_atomic
from trialdocs.errors import SourceError
from trialdocs.model import Criterion, Trial
from trialdocs.summary.phrasebook import age_text

_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_LABELS = {
    "status": "status",
    "phases": "phases",
    "ages": "ages",
    "sex": "sex",
    "eligibility": "eligibility criteria",
    "sites": "sites",
}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def _criteria(items: tuple[Criterion, ...]) -> list[Any]:
    return [[c.text, _criteria(c.children)] for c in items]


def facts(trial: Trial) -> dict[str, str]:
    """The registry facts a lay text depends on, each as a short string."""
    e = trial.eligibility
    sites = sorted(f"{s.facility}|{s.city}|{s.country}|{s.status}" for s in trial.locations)
    return {
        "status": trial.overall_status.value,
        "phases": "/".join(p.value for p in trial.phases) or "none",
        "ages": age_text(e.minimum_age, e.maximum_age),
        "sex": e.sex.value if e.sex else "not given",
        "eligibility": _digest([_criteria(e.inclusion), _criteria(e.exclusion)]),
        "sites": f"{len(sites)} ({_digest(sites)})",
    }


def fingerprint(trial: Trial) -> str:
    return _digest(facts(trial))


def record_updated(trial: Trial) -> dt.date | None:
    date = trial.dates.last_update_posted or trial.dates.version
    return date.first_day if date else None


def changes(old: Any, trial: Trial) -> str:
    """What changed, in words; a bare summary when the old facts were not kept."""
    new = facts(trial)
    if not isinstance(old, dict):
        return (
            "the facts the text was written against have changed ("
            + ", ".join(f"{_LABELS[k]} now {v}" for k, v in new.items() if k in ("status", "phases", "ages", "sex"))
            + ")"
        )
    out = []
    for key, label in _LABELS.items():
        before, after = old.get(key), new[key]
        if before == after:
            continue
        if key in ("eligibility",):
            out.append(f"{label} changed")
        elif key == "sites":
            out.append(
                f"sites changed from {str(before).split(' ')[0]} to {after.split(' ')[0]}"
                if str(before).split(" ")[0] != after.split(" ")[0]
                else "site list changed"
            )
        else:
            out.append(f"{label} changed from {before} to {after}")
    return "; ".join(out) or "the facts changed"


def update_overlay(path: Path, trial: Trial, today: dt.date | None = None) -> bool:
    """Write the record's current fingerprint and facts, and the review date, into the overlay's front matter.

    Run after an editor has re-reviewed the text, so ``reviewed`` becomes
    ``today`` (the current date unless given). Returns False when all three
    were already current. The write is atomic.
    """
    text = path.read_text("utf-8")
    match = _FRONT_RE.match(text)
    front: dict[str, Any] = {}
    if match:
        loaded = load_yaml(match.group(1))
        if loaded is not None and not isinstance(loaded, dict):
            raise SourceError("front matter must be a mapping", file=str(path), path="front matter")
        front = loaded or {}
    new_facts, new_print = facts(trial), fingerprint(trial)
    reviewed = today or dt.date.today()
    if front.get("fingerprint") == new_print and front.get("facts") == new_facts and front.get("reviewed") == reviewed:
        return False
    front.setdefault("nct_id", trial.nct_id)
    front["reviewed"] = reviewed
    front["fingerprint"] = new_print
    front["facts"] = new_facts
    body = text[match.end() :] if match else text
    dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    write_atomic(path, f"---\n{dumped}---\n{body}")
    return True
