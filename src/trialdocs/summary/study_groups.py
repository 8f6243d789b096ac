"""One set of groups per study, the same letter for the same people in every results table.

The registry gives each results table (participant flow, baseline, adverse
events, each outcome) its own list of groups, with its own ids and often its
own titles ("Placebo" in one, "Patients Who Received Placebo" in the next),
plus groups that are not arms at all ("Total", everyone pooled). Lettering
each table's titles gave one study 13 letters for 2 arms.

Here the **lettered groups** are those of the participant flow (else the
baseline, else the adverse events): the people as they were assigned. Every
other table's group is matched to one of them by title, then by description,
then by the words of the title, and, when the table has as many groups as
there are letters and only one of each is left, by the same number of
people. A table's group never takes the letter of a group with fewer people
than it counts. A group that matches none (a total, a pool, an analysis
subset) is never lettered or counted, and is named by its own title in the
record's words; a total is "all groups together", and a group titled like a
lettered one but counting other people (clinicians under the patients'
title) says how many people it counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from trialdocs.model import Arm, EventGroup, ResultGroup, Results, fold_key

#: Words that say nothing about which group is meant.
_FILLER = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "to",
        "with",
        "or",
        "for",
        "by",
        "at",
        "who",
        "were",
        "was",
        "group",
        "arm",
        "cohort",
        "patients",
        "participants",
        "subjects",
        "people",
        "received",
        "receiving",
        "treated",
        "treatment",
        "randomized",
        "randomised",
        "assigned",
        "all",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
TOTAL_TITLES = frozenset(("total", "overall", "all participants", "all patients", "all subjects", "everyone"))


#: Titles of groups of people around a study rather than in one of its arms.
ROLE_TITLE = re.compile(
    r"\b(clinicians?|physicians?|doctors?|providers?|nurses?|staff|caregivers?|carers?|teachers?|practitioners?|"
    r"pharmacists?|surgeons?|therapists?|coaches?|interventionists?|health ?(?:care )?workers?)\b",
    re.IGNORECASE,
)


def is_total(group: ResultGroup) -> bool:
    return group.title.strip().casefold() in TOTAL_TITLES


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").casefold()) if w not in _FILLER)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Lettered:
    """A lettered group: its letter, the group as its table gives it, and its path."""

    label: str
    group: ResultGroup
    path: str


class StudyGroups:
    """The study's lettered groups, and each results table's groups mapped onto them."""

    def __init__(self, results: Results, arms: int | None = None) -> None:
        """``arms``: how many groups the plan had; when the flow has more, a group titled for a role
        (clinicians, caregivers, staff) is people around the trial, not an arm, and gets no letter."""
        flow = results.participant_flow.groups
        #: Everyone the first table counts, lettered or not: a group of another table that has exactly
        #: the size of one of them (the clinicians) is not one of the lettered groups.
        self._everyone = tuple(flow)
        if arms is not None and len(flow) > arms:
            flow = tuple(g for g in flow if not ROLE_TITLE.search(g.title))
        baseline = [g for g in results.baseline.groups if not is_total(g)]
        events = [ResultGroup(id=g.id, title=g.title, description=g.description) for g in results.adverse_events.groups]
        if flow:
            base, base_path = list(flow), "results.participant_flow.groups"
        elif baseline:
            base, base_path = baseline, "results.baseline.groups"
            self._everyone = tuple(baseline)
        else:
            base, base_path = [g for g in events if not is_total(g)], "results.adverse_events.groups"
            self._everyone = tuple(base)
        self.entries: tuple[Lettered, ...] = tuple(
            Lettered(f"Group {_letter(i)}", g, f"{base_path}[{_index(base_path, g, results)}]") for i, g in enumerate(base)
        )
        self._base_path = base_path
        self._results = results
        self._base_size = _sizes(results, base_path)
        self._tables: dict[str, dict[str, str]] = {}

    def labels(self, table: str, groups: Sequence[ResultGroup]) -> dict[str, str]:
        """Each group id of one table → its letter, or its own title in quotes when it is none of the lettered groups."""
        if table not in self._tables:
            self._tables[table] = self._match(table, groups)
        return self._tables[table]

    def _match(self, table: str, groups: Sequence[ResultGroup]) -> dict[str, str]:
        if table == self._base_path:
            by_id = {e.group.id: e.label for e in self.entries}
            return {g.id: by_id.get(g.id) or ("all groups together" if is_total(g) else _named(g)) for g in groups}
        found: dict[str, str] = {}
        free = list(self.entries)
        candidates = [g for g in groups if not is_total(g)]
        size = _sizes(self._results, table)

        def fits(g: ResultGroup, e: Lettered) -> bool:
            """A table's group can be a lettered group only if it counts no more people than that group had,
            and no other lettered group has exactly its number when this one does not (the same title reused
            for patients and their clinicians)."""
            mine, theirs = size.get(g.id), self._base_size.get(e.group.id)
            if mine is None or theirs is None:
                return True
            exact = [o for o in self._everyone if o.id != e.group.id and self._base_size.get(o.id) == mine]
            return mine <= theirs and (mine == theirs or not exact)

        for same in (_same_title, _same_description):
            for g in candidates:
                if g.id in found:
                    continue
                hits = [e for e in free if same(g, e.group) and fits(g, e)]
                if len(hits) == 1 and sum(1 for h in candidates if h.id not in found and same(h, hits[0].group)) == 1:
                    found[g.id] = hits[0].label
                    free.remove(hits[0])
        for g in candidates:
            if g.id in found or not free:
                continue
            scores = sorted(((_jaccard(_words(g.title), _words(e.group.title)), e.label, e) for e in free), reverse=True)
            best = scores[0]
            unique = (len(scores) == 1 or scores[1][0] < best[0]) and fits(g, best[2])
            rivals = [h for h in candidates if h.id not in found and h.id != g.id]
            beaten = any(_jaccard(_words(h.title), _words(best[2].group.title)) >= best[0] for h in rivals)
            if best[0] >= 0.5 and unique and not beaten:
                found[g.id] = best[2].label
                free.remove(best[2])
        left = [g for g in candidates if g.id not in found]
        if len(candidates) == len(self.entries) and len(left) == 1 == len(free):
            mine, theirs = size.get(left[0].id), self._base_size.get(free[0].group.id)
            if mine is not None and mine == theirs:
                found[left[0].id] = free[0].label
        return {g.id: found.get(g.id) or self._unmatched(g, size.get(g.id)) for g in groups}

    def _unmatched(self, group: ResultGroup, people: int | None) -> str:
        """A total is everyone; a group titled like a lettered one but not the same people says how many it counts."""
        if is_total(group):
            return "all groups together"
        look_alike = any(
            _same_title(group, e.group) or _jaccard(_words(group.title), _words(e.group.title)) >= 0.5 for e in self.entries
        )
        if look_alike and people is not None:
            return f"the group of {_people(people)} the record calls “{group.title.strip()}”"
        return _named(group)


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def arm_of(arms: Sequence[Arm], group: ResultGroup) -> Arm | None:
    """The planned arm a results group is, by its exact title or, failing that, the one arm whose
    title words it shares (half or more, and more than with any other arm)."""
    same = [a for a in arms if fold_key(a.label) == fold_key(group.title)]
    if len(same) == 1:
        return same[0]
    scores = sorted(((_jaccard(_words(a.label), _words(group.title)), i) for i, a in enumerate(arms)), reverse=True)
    if scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[1][0] < scores[0][0]):
        return arms[scores[0][1]]
    return None


def _sizes(results: Results, table: str) -> dict[str, int]:
    """How many people each group of a table counts (the most any of its counts says), where the record gives it."""
    counts: list[tuple[str, int]] = []
    if table == "results.participant_flow.groups":
        counts = [
            (c.group_id, c.count)
            for p in results.participant_flow.periods
            for m in p.milestones
            if m.type.strip().upper() == "STARTED"
            for c in m.counts
        ]
    elif table == "results.baseline.groups":
        counts = [(c.group_id, c.count) for c in results.baseline.denoms]
    elif table == "results.adverse_events.groups":
        counts = [
            (g.id, c.at_risk) for g in results.adverse_events.groups for c in (g.serious, g.other, g.deaths) if c is not None
        ]
    elif (m := re.fullmatch(r"results\.outcomes\[(\d+)\]\.groups", table)) and int(m.group(1)) < len(results.outcomes):
        outcome = results.outcomes[int(m.group(1))]
        counts = [(c.group_id, c.count) for c in outcome.denoms] + [
            (c.group_id, c.count) for k in outcome.classes for c in k.denoms
        ]
    size: dict[str, int] = {}
    for group_id, n in counts:
        size[group_id] = max(size.get(group_id, 0), n)
    return size


def _same_title(a: ResultGroup, b: ResultGroup) -> bool:
    return bool(fold_key(a.title)) and fold_key(a.title) == fold_key(b.title)


def _same_description(a: ResultGroup, b: ResultGroup) -> bool:
    return bool(a.description and b.description) and fold_key(a.description or "") == fold_key(b.description or "")


def _named(group: ResultGroup) -> str:
    return f"the group “{group.title.strip()}”"


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else str(n + 1)


def _index(path: str, group: ResultGroup, results: Results) -> int:
    pools: dict[str, Sequence[ResultGroup | EventGroup]] = {
        "results.participant_flow.groups": results.participant_flow.groups,
        "results.baseline.groups": results.baseline.groups,
        "results.adverse_events.groups": results.adverse_events.groups,
    }
    return next(i for i, g in enumerate(pools[path]) if g.id == group.id)


__all__ = ["ROLE_TITLE", "TOTAL_TITLES", "Lettered", "StudyGroups", "arm_of", "is_total"]
