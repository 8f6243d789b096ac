"""The numbers of a study's posted results, and the numbers a results text claims.

A results overlay is where an editor is most likely to slip a digit ("12 of
41" for "12 of 40"), and where a slip matters most. This module lists every
count, every "part of a whole" and every posted value in the record's
results, each with its model path, and checks the three kinds of number a
lay text states: "X of Y", a percentage, and "N people".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from trialdocs.model import GroupCount, MeasureClass, Results, table_cells


@dataclass(frozen=True)
class Pair:
    """``part`` of ``whole`` people (a group's serious side effects, those who finished...)."""

    part: int
    whole: int
    path: str

    @property
    def percent(self) -> Decimal:
        return Decimal(100 * self.part) / Decimal(self.whole) if self.whole else Decimal(0)


@dataclass(frozen=True)
class Number:
    value: Decimal
    path: str


@dataclass
class RecordNumbers:
    pairs: list[Pair]
    counts: list[Number]
    #: Posted values that are not counts (means, percentages as posted, p-values).
    values: list[Number]

    def pair(self, part: int, whole: int) -> Pair | None:
        return next((p for p in self.pairs if p.part == part and p.whole == whole), None)

    def closest_pair(self, part: int, whole: int) -> Pair | None:
        """The record's pair most like the text's: same whole first, then same part."""
        same = [p for p in self.pairs if p.whole == whole] or [p for p in self.pairs if p.part == part]
        return min(same, key=lambda p: (abs(p.part - part) + abs(p.whole - whole), p.path), default=None)


def _digits(text: str | None) -> Decimal | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*[<>=]*\s*(-?\d+(?:\.\d+)?)\s*", text)
    return Decimal(m.group(1)) if m else None


def _by_group(counts: tuple[GroupCount, ...]) -> dict[str, tuple[int, int]]:
    return {c.group_id: (c.count, i) for i, c in enumerate(counts)}


def _table(
    classes: tuple[MeasureClass, ...],
    denoms: tuple[GroupCount, ...],
    path: str,
    counts_are_people: bool,
    out: RecordNumbers,
    units: bool = False,
) -> None:
    top = _by_group(denoms)
    local, current = top, None
    for cell, cls, _, m in table_cells(classes):
        if cls is not current:  # a class's own denominators, once per class
            local, current = _by_group(cls.unit_denoms if units else cls.denoms) or top, cls
        where = f"{path}{cell}.value"
        value = _digits(m.value)
        if value is None:
            continue
        if counts_are_people and value == value.to_integral_value():
            out.counts.append(Number(value, where))
            if m.group_id in local:
                out.pairs.append(Pair(int(value), local[m.group_id][0], where))
        else:
            out.values.append(Number(value, where))
        for extra in (m.spread, m.lower_limit, m.upper_limit):
            if (v := _digits(extra)) is not None:
                out.values.append(Number(v, f"{path}{cell}"))


def record_numbers(results: Results) -> RecordNumbers:
    out = RecordNumbers([], [], [])
    for pi, period in enumerate(results.participant_flow.periods):
        started: dict[str, int] = {}
        started_total = 0
        for mi, ms in enumerate(period.milestones):
            base = f"results.participant_flow.periods[{pi}].milestones[{mi}]"
            for ci, c in enumerate(ms.counts):
                out.counts.append(Number(Decimal(c.count), f"{base}.counts[{ci}].count"))
            total = sum(c.count for c in ms.counts)
            out.counts.append(Number(Decimal(total), f"{base}.counts"))
            if ms.type.strip().upper() == "STARTED":
                started = {c.group_id: c.count for c in ms.counts}
                started_total = total
            elif started:
                for ci, c in enumerate(ms.counts):
                    if c.group_id in started:
                        out.pairs.append(Pair(c.count, started[c.group_id], f"{base}.counts[{ci}].count"))
                out.pairs.append(Pair(total, started_total, f"{base}.counts"))
        for di, drop in enumerate(period.drop_reasons):
            for ci, c in enumerate(drop.counts):
                out.counts.append(
                    Number(Decimal(c.count), f"results.participant_flow.periods[{pi}].drop_reasons[{di}].counts[{ci}].count")
                )
    for i, c in enumerate(results.baseline.denoms):
        out.counts.append(Number(Decimal(c.count), f"results.baseline.denoms[{i}].count"))
    for mi, m in enumerate(results.baseline.measures):
        people = m.param_type == "COUNT_OF_PARTICIPANTS"
        _table(m.classes, m.denoms or results.baseline.denoms, f"results.baseline.measures[{mi}]", people, out)
    for oi, o in enumerate(results.outcomes):
        for i, c in enumerate(o.denoms):
            out.counts.append(Number(Decimal(c.count), f"results.outcomes[{oi}].denoms[{i}].count"))
        for i, c in enumerate(o.unit_denoms):
            out.counts.append(Number(Decimal(c.count), f"results.outcomes[{oi}].unit_denoms[{i}].count"))
        people = o.param_type == "COUNT_OF_PARTICIPANTS" or (o.unit or "").strip().casefold() in ("participants", "patients")
        units = o.param_type == "COUNT_OF_UNITS" and bool(o.unit_denoms)
        _table(o.classes, o.unit_denoms if units else o.denoms, f"results.outcomes[{oi}]", people or units, out, units)
        for ai, a in enumerate(o.analyses):
            for field in ("p_value", "param_value", "ci_lower_limit", "ci_upper_limit"):
                if (v := _digits(getattr(a, field))) is not None:
                    out.values.append(Number(v, f"results.outcomes[{oi}].analyses[{ai}].{field}"))
    ae = results.adverse_events
    for gi, g in enumerate(ae.groups):
        for kind in ("serious", "other", "deaths"):
            count = getattr(g, kind)
            if count is not None:
                base = f"results.adverse_events.groups[{gi}].{kind}"
                out.pairs.append(Pair(count.affected, count.at_risk, base))
                out.counts += [
                    Number(Decimal(count.affected), f"{base}.affected"),
                    Number(Decimal(count.at_risk), f"{base}.at_risk"),
                ]
    for kind in ("serious", "other"):
        for ei, event in enumerate(getattr(ae, kind)):
            for ci, c in enumerate(event.counts):
                base = f"results.adverse_events.{kind}[{ei}].counts[{ci}]"
                out.pairs.append(Pair(c.affected, c.at_risk, base))
                out.counts += [Number(Decimal(c.affected), f"{base}.affected"), Number(Decimal(c.at_risk), f"{base}.at_risk")]
                if c.events is not None:
                    out.counts.append(Number(Decimal(c.events), f"{base}.events"))
    return out


@dataclass(frozen=True)
class Mismatch:
    said: str
    start: int
    record: str
    path: str | None


_OF = re.compile(
    r"\b(\d[\d,]*)\s+(?:out\s+)?of\s+(?:the\s+|these\s+)?(\d[\d,]*)\b(?P<tail>[^.;%]{0,40}?\(\s*(?P<pct>\d+(?:\.\d+)?)\s*%)?"
)
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b)")
_PEOPLE = re.compile(
    r"\b(\d[\d,]*)\s+(?:people|persons|participants|patients|adults|children|women|men|volunteers)\b", re.IGNORECASE
)
HALF = Decimal("0.5")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def mismatches(text: str, numbers: RecordNumbers) -> list[Mismatch]:
    """Every "X of Y", percentage and "N people" in ``text`` that the record's results do not hold."""
    found: list[Mismatch] = []
    covered: list[tuple[int, int]] = []
    for m in _OF.finditer(text):
        part, whole = _int(m.group(1)), _int(m.group(2))
        covered.append((m.start(), m.end()))
        pair = numbers.pair(part, whole)
        if pair is None:
            near = numbers.closest_pair(part, whole)
            record = f"{near.part} of {near.whole}" if near else "no such count"
            found.append(Mismatch(f"{part} of {whole}", m.start(), record, near.path if near else None))
            continue
        if m.group("pct") is not None and abs(Decimal(m.group("pct")) - pair.percent) > HALF:
            found.append(Mismatch(f"{m.group('pct')}% ({part} of {whole})", m.start("pct"), f"{pair.percent:.1f}%", pair.path))
    for m in _PERCENT.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        said = Decimal(m.group(1))
        ok = any(abs(p.percent - said) <= HALF for p in numbers.pairs if p.whole) or any(v.value == said for v in numbers.values)
        if not ok:
            near = min(numbers.pairs, key=lambda p: (abs(p.percent - said), p.path), default=None) if numbers.pairs else None
            found.append(
                Mismatch(
                    f"{m.group(1)}%",
                    m.start(),
                    f"{near.percent:.1f}% ({near.part} of {near.whole})" if near else "no such share",
                    near.path if near else None,
                )
            )
    for m in _PEOPLE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        said = Decimal(_int(m.group(1)))
        if not any(c.value == said for c in numbers.counts):
            count = min(numbers.counts, key=lambda c: (abs(c.value - said), c.path), default=None)
            found.append(
                Mismatch(m.group(0), m.start(), f"{count.value}" if count else "no such count", count.path if count else None)
            )
    return sorted(found, key=lambda x: x.start)
