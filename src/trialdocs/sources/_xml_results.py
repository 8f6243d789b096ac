"""Legacy XML ``<clinical_results>`` -> canonical :class:`~trialdocs.model.Results`.

The legacy format spells enums as display text ("Count of Participants",
"Standard Deviation") and puts per-group totals of adverse events in a
"Total" category; both are mapped onto the API v2 shape here, so every
output sees one model.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from trialdocs.errors import FieldError
from trialdocs.model import (
    AdverseEvent,
    AdverseEvents,
    Analysis,
    Baseline,
    DropReason,
    EventCount,
    EventGroup,
    FlowPeriod,
    GroupCount,
    Measure,
    MeasureCategory,
    MeasureClass,
    Measurement,
    Milestone,
    OutcomeResult,
    OutcomeType,
    ParticipantFlow,
    PointOfContact,
    ResultGroup,
    Results,
)
from trialdocs.sources._reader import to_enum

_ENUM_RE = re.compile(r"[^A-Z0-9]+")


def _text(el: Element | None, tag: str | None = None) -> str | None:
    if el is not None and tag is not None:
        el = el.find(tag)
    if el is None or el.text is None:
        return None
    return " ".join(el.text.split()) or None


def _enum_key(text: str | None) -> str | None:
    return None if text is None else _ENUM_RE.sub("_", text.upper()).strip("_")


def _int(el: Element, attr: str, path: str, *, required: bool = True) -> int | None:
    value = el.get(attr)
    if value is None or not value.strip():
        if required:
            raise FieldError("missing value", path=f"{path}/@{attr}")
        return None
    if not value.strip().isdigit():
        raise FieldError(f"expected a whole number, got {value!r:.40}", path=f"{path}/@{attr}")
    return int(value)


def _group_id(el: Element, path: str) -> str:
    gid = el.get("group_id")
    if not gid:
        raise FieldError("missing value", path=f"{path}/@group_id")
    return gid


def _each(parent: Element, tag: str, path: str) -> list[tuple[Element, str]]:
    return [(el, f"{path}/{tag}[{i + 1}]") for i, el in enumerate(parent.findall(tag))]


def results_from_xml(el: Element | None, r: str) -> Results | None:
    if el is None:
        return None
    path = f"{r}/clinical_results"
    contact = el.find("point_of_contact")
    return Results(
        participant_flow=_flow(el.find("participant_flow"), f"{path}/participant_flow"),
        baseline=_baseline(el.find("baseline"), f"{path}/baseline"),
        outcomes=tuple(_outcome(o, p) for o, p in _each(el, "outcome_list/outcome", path)),
        adverse_events=_adverse_events(el.find("reported_events"), f"{path}/reported_events"),
        limitations=_text(el, "limitations_and_caveats"),
        point_of_contact=None
        if contact is None
        else PointOfContact(
            title=_text(contact, "name_or_title"),
            organization=_text(contact, "organization"),
            email=_text(contact, "email"),
            phone=_text(contact, "phone"),
            phone_ext=_text(contact, "phone_ext"),
        ),
    )


def _groups(el: Element, path: str) -> tuple[ResultGroup, ...]:
    out = []
    for g, gpath in _each(el, "group_list/group", path):
        gid = _group_id(g, gpath)
        out.append(ResultGroup(id=gid, title=_text(g, "title") or gid, description=_text(g, "description")))
    return tuple(out)


def _counts(el: Element, tag: str, attr: str, path: str) -> tuple[GroupCount, ...]:
    out = []
    for c, cpath in _each(el, tag, path):
        gid = _group_id(c, cpath)
        out.append(GroupCount(group_id=gid, count=_int(c, attr, cpath) or 0))
    return tuple(out)


def _flow(el: Element | None, path: str) -> ParticipantFlow:
    if el is None:
        return ParticipantFlow()
    periods = []
    for p, ppath in _each(el, "period_list/period", path):
        milestones = tuple(
            Milestone(type=_text(m, "title") or "", counts=_counts(m, "participants_list/participants", "count", mpath))
            for m, mpath in _each(p, "milestone_list/milestone", ppath)
        )
        drops = tuple(
            DropReason(reason=_text(d, "title") or "Other", counts=_counts(d, "participants_list/participants", "count", dpath))
            for d, dpath in _each(p, "drop_withdraw_reason_list/drop_withdraw_reason", ppath)
        )
        periods.append(FlowPeriod(title=_text(p, "title") or "Overall Study", milestones=milestones, drop_reasons=drops))
    return ParticipantFlow(
        recruitment_details=_text(el, "recruitment_details"),
        pre_assignment_details=_text(el, "pre_assignment_details"),
        groups=_groups(el, path),
        periods=tuple(periods),
    )


def _denoms(el: Element, path: str) -> tuple[GroupCount, ...]:
    for a, apath in _each(el, "analyzed_list/analyzed", path):
        if (_text(a, "units") or "Participants").casefold() == "participants":
            return _counts(a, "count_list/count", "value", apath)
    return ()


def _unit_denoms(el: Element, path: str) -> tuple[str | None, tuple[GroupCount, ...]]:
    """The first analysed count in another unit than people ("Eyes"), with that unit."""
    for a, apath in _each(el, "analyzed_list/analyzed", path):
        units = _text(a, "units")
        if units and units.casefold() != "participants":
            return units, _counts(a, "count_list/count", "value", apath)
    return None, ()


def _classes(el: Element, path: str) -> tuple[MeasureClass, ...]:
    out = []
    for c, cpath in _each(el, "class_list/class", path):
        categories = []
        for cat, catpath in _each(c, "category_list/category", cpath):
            measurements = []
            for m, mpath in _each(cat, "measurement_list/measurement", catpath):
                gid = _group_id(m, mpath)
                measurements.append(
                    Measurement(
                        group_id=gid,
                        value=m.get("value"),
                        spread=m.get("spread"),
                        lower_limit=m.get("lower_limit"),
                        upper_limit=m.get("upper_limit"),
                        comment=_text(m),
                    )
                )
            categories.append(MeasureCategory(title=_text(cat, "title"), measurements=tuple(measurements)))
        out.append(
            MeasureClass(
                title=_text(c, "title"),
                categories=tuple(categories),
                denoms=_denoms(c, cpath),
                unit_denoms=_unit_denoms(c, cpath)[1],
            )
        )
    return tuple(out)


def _measure_fields(m: Element, mpath: str) -> dict[str, object]:
    return {
        "title": _text(m, "title") or "Measure",
        "description": _text(m, "description"),
        "population_description": _text(m, "population"),
        "param_type": _enum_key(_text(m, "param")),
        "dispersion_type": _text(m, "dispersion"),
        "unit": _text(m, "units"),
        "denoms": _denoms(m, mpath),
        "classes": _classes(m, mpath),
    }


def _baseline(el: Element | None, path: str) -> Baseline:
    if el is None:
        return Baseline()
    return Baseline(
        population_description=_text(el, "population"),
        groups=_groups(el, path),
        denoms=_denoms(el, path),
        measures=tuple(Measure.model_validate(_measure_fields(m, p)) for m, p in _each(el, "measure_list/measure", path)),
    )


def _analysis(a: Element) -> Analysis:
    return Analysis(
        group_ids=tuple(t for g in a.findall("group_id_list/group_id") if (t := _text(g))),
        group_description=_text(a, "groups_desc"),
        non_inferiority_type=_enum_key(_text(a, "non_inferiority_type")),
        p_value=_text(a, "p_value"),
        p_value_comment=_text(a, "p_value_desc"),
        statistical_method=_text(a, "method"),
        param_type=_text(a, "param_type"),
        param_value=_text(a, "param_value"),
        ci_percent=_text(a, "ci_percent"),
        ci_lower_limit=_text(a, "ci_lower_limit"),
        ci_upper_limit=_text(a, "ci_upper_limit"),
        estimate_comment=_text(a, "estimate_desc"),
    )


def _outcome(o: Element, path: str) -> OutcomeResult:
    measure = o.find("measure")
    fields = _measure_fields(measure, f"{path}/measure") if measure is not None else {}
    fields.pop("title", None)
    fields.pop("description", None)
    title = _text(o, "title")
    if not title:
        raise FieldError("missing value", path=f"{path}/title")
    unit, unit_counts = _unit_denoms(measure, f"{path}/measure") if measure is not None else (None, ())
    return OutcomeResult.model_validate(
        {
            **fields,
            "analysis_unit": unit,
            "unit_denoms": unit_counts,
            "type": to_enum(OutcomeType, _enum_key(_text(o, "type")), f"{path}/type"),
            "title": title,
            "description": _text(o, "description"),
            "population_description": _text(o, "population") or fields.get("population_description"),
            "posted": measure is not None,
            "time_frame": _text(o, "time_frame"),
            "groups": _groups(o, path),
            "analyses": tuple(_analysis(a) for a in o.findall("analysis_list/analysis")),
        }
    )


def _events(el: Element | None, path: str) -> tuple[list[AdverseEvent], dict[str, EventCount]]:
    """The listed events, and the per-group totals from the "Total" category."""
    events: list[AdverseEvent] = []
    totals: dict[str, EventCount] = {}
    if el is None:
        return events, totals
    vocab, assessment = _text(el, "default_vocab"), _text(el, "default_assessment")
    for cat, catpath in _each(el, "category_list/category", path):
        system = _text(cat, "title")
        for e, epath in _each(cat, "event_list/event", catpath):
            counts = []
            for c, cpath in _each(e, "counts", epath):
                gid = _group_id(c, cpath)
                counts.append(
                    EventCount(
                        group_id=gid,
                        affected=_int(c, "subjects_affected", cpath) or 0,
                        at_risk=_int(c, "subjects_at_risk", cpath) or 0,
                        events=_int(c, "events", cpath, required=False),
                    )
                )
            if system == "Total":
                totals.update((c.group_id, c) for c in counts)
                continue
            sub = e.find("sub_title")
            events.append(
                AdverseEvent(
                    term=_text(sub) or "Unnamed event",
                    organ_system=system,
                    assessment_type=_enum_key(_text(e, "assessment") or assessment),
                    vocabulary=(sub.get("vocab") if sub is not None else None) or vocab,
                    counts=tuple(counts),
                )
            )
    return events, totals


def _adverse_events(el: Element | None, path: str) -> AdverseEvents:
    if el is None:
        return AdverseEvents()
    serious, serious_totals = _events(el.find("serious_events"), f"{path}/serious_events")
    other, other_totals = _events(el.find("other_events"), f"{path}/other_events")
    return AdverseEvents(
        time_frame=_text(el, "time_frame"),
        description=_text(el, "desc"),
        frequency_threshold=_text(el, "other_events/frequency_threshold"),
        groups=tuple(
            EventGroup(
                id=g.id,
                title=g.title,
                description=g.description,
                serious=serious_totals.get(g.id),
                other=other_totals.get(g.id),
            )
            for g in _groups(el, path)
        ),
        serious=tuple(serious),
        other=tuple(other),
    )
