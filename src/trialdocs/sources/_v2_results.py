"""API v2 ``resultsSection`` -> canonical :class:`~trialdocs.model.Results`.

Kept apart from the protocol importer because results are a second document
in all but name: four modules with their own group ids, nested tables of
measurements, and counts that the lay summary quotes back to a reader.
"""

from __future__ import annotations

from typing import Any

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
from trialdocs.sources._reader import Node


def results_from_v2(section: Node | None) -> Results | None:
    if section is None:
        return None
    more = section.obj("moreInfoModule")
    contact = more.opt_obj("pointOfContact")
    return Results(
        participant_flow=_flow(section.obj("participantFlowModule")),
        baseline=_baseline(section.obj("baselineCharacteristicsModule")),
        outcomes=tuple(_outcome(o) for o in section.obj("outcomeMeasuresModule").objs("outcomeMeasures")),
        adverse_events=_adverse_events(section.obj("adverseEventsModule")),
        limitations=more.obj("limitationsAndCaveats").text("description"),
        point_of_contact=None
        if contact is None
        else PointOfContact(
            title=contact.text("title"),
            organization=contact.text("organization"),
            email=contact.text("email"),
            phone=contact.text("phone"),
            phone_ext=contact.text("phoneExt"),
        ),
    )


def _count(node: Node, key: str) -> int:
    value = node.integer(key)
    if value is None:
        raise FieldError("missing value", path=node.at(key))
    if value < 0:
        raise FieldError(f"negative count {value}", path=node.at(key))
    return value


def _groups(node: Node, key: str = "groups") -> tuple[ResultGroup, ...]:
    return tuple(ResultGroup(id=g.req("id"), title=g.req("title"), description=g.text("description")) for g in node.objs(key))


def _counts(node: Node, key: str, number: str) -> tuple[GroupCount, ...]:
    return tuple(GroupCount(group_id=c.req("groupId"), count=_count(c, number)) for c in node.objs(key))


def _flow(node: Node) -> ParticipantFlow:
    return ParticipantFlow(
        recruitment_details=node.text("recruitmentDetails"),
        pre_assignment_details=node.text("preAssignmentDetails"),
        groups=_groups(node),
        periods=tuple(
            FlowPeriod(
                title=p.text("title") or "Overall Study",
                milestones=tuple(
                    Milestone(type=m.req("type"), counts=_counts(m, "achievements", "numSubjects"), comment=m.text("comment"))
                    for m in p.objs("milestones")
                ),
                drop_reasons=tuple(
                    DropReason(reason=d.req("type"), counts=_counts(d, "reasons", "numSubjects")) for d in p.objs("dropWithdraws")
                ),
            )
            for p in node.objs("periods")
        ),
    )


def _denoms(node: Node) -> tuple[GroupCount, ...]:
    """The "Participants" denominators; other units (eyes, knees) are not people."""
    for denom in node.objs("denoms"):
        if (denom.text("units") or "Participants").casefold() == "participants":
            return _counts(denom, "counts", "value")
    return ()


def _unit_denoms(node: Node) -> dict[str, Any]:
    """The first denominator in another unit than people ("Questionnaires", "Eyes"), with that unit."""
    for denom in node.objs("denoms"):
        units = denom.text("units")
        if units and units.casefold() != "participants":
            return {"analysis_unit": units, "unit_denoms": _counts(denom, "counts", "value")}
    return {}


def _classes(node: Node) -> tuple[MeasureClass, ...]:
    return tuple(
        MeasureClass(
            title=c.text("title"),
            denoms=_denoms(c),
            unit_denoms=_unit_denoms(c).get("unit_denoms", ()),
            categories=tuple(
                MeasureCategory(
                    title=cat.text("title"),
                    measurements=tuple(
                        Measurement(
                            group_id=m.req("groupId"),
                            value=m.text("value"),
                            spread=m.text("spread"),
                            lower_limit=m.text("lowerLimit"),
                            upper_limit=m.text("upperLimit"),
                            comment=m.text("comment"),
                        )
                        for m in cat.objs("measurements")
                    ),
                )
                for cat in c.objs("categories")
            ),
        )
        for c in node.objs("classes")
    )


def _baseline(node: Node) -> Baseline:
    return Baseline(
        population_description=node.text("populationDescription"),
        groups=_groups(node),
        denoms=_denoms(node),
        measures=tuple(Measure(**_measure_fields(m)) for m in node.objs("measures")),
    )


def _measure_fields(node: Node) -> dict[str, Any]:
    """What a baseline measure and an outcome measure share: a title, how values are summarised, the table."""
    return {
        "title": node.req("title"),
        "description": node.text("description"),
        "population_description": node.text("populationDescription"),
        "param_type": node.text("paramType"),
        "dispersion_type": node.text("dispersionType"),
        "unit": node.text("unitOfMeasure"),
        "denoms": _denoms(node),
        "classes": _classes(node),
    }


def _outcome(node: Node) -> OutcomeResult:
    return OutcomeResult(
        **_measure_fields(node),
        **_unit_denoms(node),
        type=node.enum("type", OutcomeType),
        posted=node.text("reportingStatus") != "NOT_POSTED",
        time_frame=node.text("timeFrame"),
        groups=_groups(node),
        analyses=tuple(
            Analysis(
                group_ids=a.strs("groupIds"),
                group_description=a.text("groupDescription"),
                non_inferiority_type=a.text("nonInferiorityType"),
                p_value=a.text("pValue"),
                p_value_comment=a.text("pValueComment"),
                statistical_method=a.text("statisticalMethod"),
                param_type=a.text("paramType"),
                param_value=a.text("paramValue"),
                ci_percent=a.text("ciPctValue"),
                ci_lower_limit=a.text("ciLowerLimit"),
                ci_upper_limit=a.text("ciUpperLimit"),
                estimate_comment=a.text("estimateComment"),
            )
            for a in node.objs("analyses")
        ),
    )


def _total(node: Node, group_id: str, kind: str) -> EventCount | None:
    affected, at_risk = node.integer(f"{kind}NumAffected"), node.integer(f"{kind}NumAtRisk")
    if affected is None or at_risk is None:
        return None
    for key, value in ((f"{kind}NumAffected", affected), (f"{kind}NumAtRisk", at_risk)):
        if value < 0:
            raise FieldError(f"negative count {value}", path=node.at(key))
    return EventCount(group_id=group_id, affected=affected, at_risk=at_risk)


def _events(node: Node, key: str) -> tuple[AdverseEvent, ...]:
    return tuple(
        AdverseEvent(
            term=e.req("term"),
            organ_system=e.text("organSystem"),
            assessment_type=e.text("assessmentType"),
            vocabulary=e.text("sourceVocabulary"),
            counts=tuple(
                EventCount(
                    group_id=s.req("groupId"),
                    affected=_count(s, "numAffected"),
                    at_risk=_count(s, "numAtRisk"),
                    events=s.integer("numEvents"),
                )
                for s in e.objs("stats")
            ),
        )
        for e in node.objs(key)
    )


def _adverse_events(node: Node) -> AdverseEvents:
    return AdverseEvents(
        time_frame=node.text("timeFrame"),
        description=node.text("description"),
        frequency_threshold=node.text("frequencyThreshold"),
        groups=tuple(
            EventGroup(
                id=(gid := g.req("id")),
                title=g.req("title"),
                description=g.text("description"),
                serious=_total(g, gid, "serious"),
                other=_total(g, gid, "other"),
                deaths=_total(g, gid, "deaths"),
            )
            for g in node.objs("eventGroups")
        ),
        serious=_events(node, "seriousEvents"),
        other=_events(node, "otherEvents"),
    )
