"""The inputs of each part of the design decision table (``summary/draft.py``), as (applies, key, sentences).

A key is the tuple of (field, value) pairs that decides what that part of the page says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trialdocs import Trial, evidence
from trialdocs.model import StudyType
from trialdocs.summary import draft

Key = tuple[tuple[str, Any], ...]


def _interventional(t: Trial) -> bool:
    return t.study_type is StudyType.INTERVENTIONAL


def _observational(t: Trial) -> bool:
    return t.study_type is StudyType.OBSERVATIONAL


def _value(x: Any) -> Any:
    return x.value if x is not None and hasattr(x, "value") else x


def groups_key(t: Trial) -> Key:
    d = t.design
    comparators = sorted(
        {
            a.type.value
            for a in t.arms
            if a.type and a.type.value in ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION", "ACTIVE_COMPARATOR")
        }
    )
    return (
        ("intervention_model", _value(d.intervention_model)),
        ("several_arms", len(t.arms) > 1),
        ("allocation", _value(d.allocation)),
        ("comparator_arms", ",".join(comparators)),
        ("placebo_intervention", any("placebo" in i.name.lower() for i in t.interventions)),
        # The evidence that decides what the coded fields propose:
        ("voice", draft.voice(t)),
        ("comparator_backed", evidence.active_comparators(t) is not None),
        ("placebo_backed", evidence.placebo_backed(t)),
        ("medicine", evidence.is_medicine(t)),
        ("model_backed", evidence.intervention_model(t) is d.intervention_model),
        ("chance_backed", evidence.chance_backed(t)),
    )


def masking_key(t: Trial) -> Key:
    d = t.design
    return (
        ("masking", _value(d.masking)),
        ("who_masked", ",".join(sorted(w.value for w in d.who_masked))),
        ("intervention_model", _value(d.intervention_model)),
        ("several_arms", len(t.arms) > 1),
        ("voice", draft.voice(t)),
        ("model_backed", evidence.intervention_model(t) is d.intervention_model),
        ("some_open", bool(draft._SOME_OPEN_RE.search(d.masking_description or ""))),
        ("masking_backed", evidence.masking_backed(t)),
    )


def phase_key(t: Trial) -> Key:
    return (
        ("phases", ",".join(sorted(p.value for p in t.phases))),
        ("medicine", evidence.is_medicine(t)),
        ("dose_finding", evidence.dose_finding(t) is not None),
        ("large", evidence.is_large(t)),
        ("voice", draft.voice(t)),
        # What the primary outcomes let the phase's stock goal say:
        ("safety_backed", evidence.phase_goal_backed(t, "safety")),
        ("helps_backed", evidence.phase_goal_backed(t, "helps")),
    )


def status_key(t: Trial) -> Key:
    return (
        ("overall_status", t.overall_status.value),
        ("last_known_not_recruiting", t.last_known_status is not None and t.last_known_status.value == "ACTIVE_NOT_RECRUITING"),
        ("retrospective", draft.is_retrospective(t)),
        ("why_stopped", bool(t.why_stopped)),
        ("has_results", t.has_results),
    )


def observational_key(t: Trial) -> Key:
    d = t.design
    return (
        ("time_perspective", _value(d.time_perspective)),
        ("perspective_backed", evidence.perspective_backed(t)),
        ("observational_model", _value(d.observational_model)),
        ("gives_something", bool(evidence.given(t))),
        ("description_gives_nothing", evidence.gives_nothing(t)),
        ("controls", evidence.has_controls(t) is not None),
        ("given_to_every_group", all(evidence.in_every_group(t, i) for i in evidence.given(t))),
        ("illness_required", draft.illness(t) is not None),
    )


def _status_lines(t: Trial) -> list[draft.Line]:
    return [draft.status_line(t), *draft.stop_lines(t)]


def _observational_lines(t: Trial) -> list[draft.Line]:
    # The design sentences only: the condition, measure and enrollment lines have tests of their own elsewhere.
    return [line for line in draft.what(t) if line.source not in ("conditions", "enrollment", "primary_outcomes[].measure")]


TABLES: dict[str, tuple[Callable[[Trial], bool], Callable[[Trial], Key], Callable[[Trial], list[draft.Line]]]] = {
    "groups": (_interventional, groups_key, draft._group_lines),
    "masking": (_interventional, masking_key, draft._masking_lines),
    "phase": (_interventional, phase_key, draft._phase_lines),
    "status": (lambda t: True, status_key, _status_lines),
    "observational": (_observational, observational_key, _observational_lines),
}
