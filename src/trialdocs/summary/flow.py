"""How people moved through a trial, read from the participant flow so its arithmetic closes.

A flow has periods, and each period has groups with "started" and
"completed" milestones and reasons for not completing. Periods relate in two
ways, and the registry does not say which:

* **one cohort moving on:** every group starts each period with the people
  who completed the one before (a treatment period, then follow-up). Totals
  over the trial are meaningful: the first start, the last completion, and
  every reason along the way.
* **anything else:** a group starting a later period with people who never
  "completed" an earlier one (an extension cohort, a re-randomisation, a
  crossover that counts differently). Adding periods up would count people
  twice, so each period is told on its own.

Whatever the reading, a group's numbers are said only with the check that
started − completed equals the reasons given; when the record's numbers do
not add up, the page says so instead of printing a sum that cannot be true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trialdocs.model import FlowPeriod, ParticipantFlow, ResultGroup

Reading = Literal["cohort", "periods"]
_BASE = "results.participant_flow.periods"


@dataclass(frozen=True)
class Reason:
    """A reason for not finishing, in the record's words, with how many and where."""

    words: str
    count: int
    paths: tuple[str, ...]


@dataclass(frozen=True)
class GroupStep:
    """One group over one stretch (a period, or the whole trial): started, finished, and why people left."""

    group: ResultGroup
    started: int
    started_paths: tuple[str, ...]
    finished: int | None
    finished_paths: tuple[str, ...]
    reasons: tuple[Reason, ...]
    #: People who left in a period whose record gives no reasons at all.
    unexplained: int = 0
    #: False when some period inside this step does not add up on its own.
    parts_close: bool = True

    @property
    def left(self) -> int | None:
        return None if self.finished is None else self.started - self.finished

    @property
    def reasons_total(self) -> int:
        return sum(r.count for r in self.reasons)

    @property
    def closes(self) -> bool:
        """Whether started − finished is what the reasons account for (a period with no reasons at all leaves its leavers unexplained, not wrong)."""
        if self.finished is None:
            return not self.reasons and self.parts_close
        if self.finished > self.started or not self.parts_close:
            return False
        return self.reasons_total + self.unexplained == self.left

    @property
    def paths(self) -> tuple[str, ...]:
        return self.started_paths + self.finished_paths + tuple(p for r in self.reasons for p in r.paths)


@dataclass(frozen=True)
class Stretch:
    """A period (or the whole trial, for one cohort): its title and each group's step."""

    title: str | None
    title_path: str | None
    steps: tuple[GroupStep, ...]

    @property
    def started(self) -> int:
        return sum(s.started for s in self.steps)

    @property
    def finished(self) -> int | None:
        done = [s.finished for s in self.steps]
        return None if any(f is None for f in done) else sum(f for f in done if f is not None)

    @property
    def closes(self) -> bool:
        return all(s.closes for s in self.steps)


@dataclass(frozen=True)
class FlowReading:
    reading: Reading
    stretches: tuple[Stretch, ...]


def word(reason: str) -> str:
    """A reason as a reader says it: the record's words in lower case (acronyms kept); death is 'died'."""
    text = reason.strip()
    if text.casefold() in ("death", "deaths", "dead"):
        return "died"
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in text.split())


def deaths(reading: FlowReading | None) -> tuple[int, tuple[str, ...]]:
    """How many people the flow says left because they died, and where it says so."""
    if reading is None:
        return 0, ()
    died = [r for stretch in reading.stretches for step in stretch.steps for r in step.reasons if word(r.words) == "died"]
    return sum(r.count for r in died), tuple(p for r in died for p in r.paths)


def _counts(period: FlowPeriod, index: int, kind: str) -> dict[str, tuple[int, str]]:
    found = period.milestone(kind)
    if found is None:
        return {}
    mi, m = found
    return {c.group_id: (c.count, f"{_BASE}[{index}].milestones[{mi}].counts[{ci}].count") for ci, c in enumerate(m.counts)}


def _reasons(periods: list[tuple[int, FlowPeriod]], group_id: str) -> tuple[Reason, ...]:
    """Reasons for one group over some periods, the same words added up, in the record's first order."""
    merged: dict[str, tuple[str, int, list[str]]] = {}
    for index, period in periods:
        for ri, drop in enumerate(period.drop_reasons):
            for ci, c in enumerate(drop.counts):
                if c.group_id != group_id or not c.count:
                    continue
                key = drop.reason.strip().casefold()
                words, n, paths = merged.get(key, (drop.reason.strip(), 0, []))
                merged[key] = (words, n + c.count, [*paths, f"{_BASE}[{index}].drop_reasons[{ri}].counts[{ci}].count"])
    return tuple(Reason(w, n, tuple(p)) for w, n, p in merged.values())


def _is_chain(flow: ParticipantFlow) -> bool:
    """Whether each period starts, group by group, with exactly those who completed the one before."""
    for k in range(1, len(flow.periods)):
        before = _counts(flow.periods[k - 1], k - 1, "COMPLETED")
        now = _counts(flow.periods[k], k, "STARTED")
        if not before or not now:
            return False
        for group in flow.groups:
            if before.get(group.id, (0, ""))[0] != now.get(group.id, (0, ""))[0]:
                return False
    return True


def read_flow(flow: ParticipantFlow) -> FlowReading | None:
    """The flow as one cohort (totals) when its periods chain, else period by period; None without a start."""
    if not flow.periods or not flow.groups:
        return None
    indexed = list(enumerate(flow.periods))
    if len(indexed) == 1 or _is_chain(flow):
        first = _counts(flow.periods[0], 0, "STARTED")
        last = _counts(flow.periods[-1], len(indexed) - 1, "COMPLETED")
        steps = _steps(flow.groups, first, last, indexed)
        if not steps:
            return None
        title = flow.periods[0].title if len(indexed) == 1 else None
        return FlowReading("cohort", (Stretch(title, f"{_BASE}[0].title" if title else None, steps),))
    stretches = []
    for index, period in indexed:
        steps = _steps(flow.groups, _counts(period, index, "STARTED"), _counts(period, index, "COMPLETED"), [(index, period)])
        if steps:
            stretches.append(Stretch(period.title, f"{_BASE}[{index}].title", steps))
    return FlowReading("periods", tuple(stretches)) if stretches else None


def _steps(
    groups: tuple[ResultGroup, ...],
    started: dict[str, tuple[int, str]],
    finished: dict[str, tuple[int, str]],
    periods: list[tuple[int, FlowPeriod]],
) -> tuple[GroupStep, ...]:
    """Each group that started: one step over ``periods``, whose reasons are those of every period in it."""
    steps = []
    for group in groups:
        begun = started.get(group.id)
        if begun is None or begun[0] == 0:
            continue
        done = finished.get(group.id)
        parts = [_one_period(group, index, period) for index, period in periods] if len(periods) > 1 else []
        reasons = _reasons(periods, group.id)
        unexplained = (
            sum(p.unexplained for p in parts if p is not None)
            if parts
            else (begun[0] - done[0] if done and not reasons and done[0] <= begun[0] else 0)
        )
        steps.append(
            GroupStep(
                group,
                begun[0],
                (begun[1],),
                done[0] if done else None,
                (done[1],) if done else (),
                reasons,
                unexplained,
                all(p is None or p.closes for p in parts),
            )
        )
    return tuple(steps)


def _one_period(group: ResultGroup, index: int, period: FlowPeriod) -> GroupStep | None:
    """The group's step in one period, or None if it did not start it."""
    steps = _steps((group,), _counts(period, index, "STARTED"), _counts(period, index, "COMPLETED"), [(index, period)])
    return steps[0] if steps else None


__all__ = ["FlowReading", "GroupStep", "Reason", "Stretch", "deaths", "read_flow", "word"]
