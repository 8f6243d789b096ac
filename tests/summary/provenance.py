"""Resolve a drafted line's cited model paths and find each of its numbers there.

Used by the results tests: a number in a drafted line is accounted for when
it is one of the cited values, their sum, the number of cited paths (or of
distinct values under a ``[]`` path, or of a cited list), or, followed by ``%``,
the share one cited value is of another (within rounding).

:func:`wrong_denominators` checks the other half of a share: in "12 of 40
people", 12 and 40 are counts of the same group.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

_STEP = re.compile(r"([^.\[\]]+)|\[(\d*)\]")
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s*%)?")


def resolve(data: Any, path: str) -> list[Any]:
    """Every value at a model path; ``[]`` means every item of a list."""
    found = [data]
    for name, index in _STEP.findall(path):
        nxt: list[Any] = []
        for value in found:
            if name:
                if isinstance(value, dict) and name in value:
                    nxt.append(value[name])
            elif index == "":
                nxt += value if isinstance(value, list) else []
            elif isinstance(value, list) and int(index) < len(value):
                nxt.append(value[int(index)])
        found = nxt
    return found


def _numbers_in(value: Any) -> list[Decimal]:
    text = value if isinstance(value, str) else json.dumps(value)
    return [Decimal(m) for m in re.findall(r"\d+(?:\.\d+)?", text)]


_QUOTED = re.compile(r"“([^”]*)”")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def unaccounted(text: str, source: str, record: dict[str, Any]) -> list[str]:
    """The numbers in ``text`` that its cited paths do not account for.

    Words in curly quotes that are one of the record's own strings (a group's
    title, a period's name) are the record's words, not drafted numbers.
    """
    if _QUOTED.search(text):
        strings = set(_strings(record))
        text = _QUOTED.sub(lambda m: "“”" if m.group(1).strip() in strings else m.group(0), text)
    paths = [p.strip() for p in source.split(";") if p.strip()]
    values = [v for p in paths for v in resolve(record, p)]
    assert values or not NUMBER.search(text), f"cited paths resolve to nothing: {source}"
    flat = [n for v in values for n in _numbers_in(v)]
    scalars = [
        Decimal(str(v)) if not isinstance(v, str) else Decimal(v)
        for v in values
        if (isinstance(v, int | float) and not isinstance(v, bool)) or (isinstance(v, str) and re.fullmatch(r"\d+", v))
    ]
    counts = {Decimal(len(paths))} | {Decimal(len({json.dumps(v) for v in resolve(record, p)})) for p in paths if "[]" in p}
    counts |= {Decimal(len(v)) for v in values if isinstance(v, list)}
    missing = []
    for m in NUMBER.finditer(text):
        said = Decimal(m.group(1))
        if m.group(2):
            ok = (
                any(b and a <= b and abs(Decimal(100) * a / b - said) <= Decimal("0.5") for a in scalars for b in scalars)
                or said in flat
            )
        else:
            ok = said in flat or said == sum(scalars, Decimal(0)) or said in counts
        if not ok:
            missing.append(m.group(0).strip())
    return missing


SHARE = re.compile(r"(?<![\w.])(\d+) of (\d+) (?:people|person)\b")


def _group_of(record: dict[str, Any], path: str) -> set[str]:
    """The group ids a count's path belongs to: its own ``group_id``, or that of the object holding it."""
    parent = path.rsplit(".", 1)[0]
    found = set()
    for holder in resolve(record, parent):
        if isinstance(holder, dict) and isinstance(holder.get("group_id"), str):
            found.add(holder["group_id"])
    return found


def wrong_denominators(text: str, source: str, record: dict[str, Any]) -> list[str]:
    """Each "N of M people" whose M is not a count of the group N counts (by the cited paths)."""
    paths = [p.strip() for p in source.split(";") if p.strip()]
    by_value: dict[int, list[str]] = {}
    for p in paths:
        for v in resolve(record, p):
            if isinstance(v, int) and not isinstance(v, bool):
                by_value.setdefault(v, []).append(p)
            elif isinstance(v, str) and v.isdigit():
                by_value.setdefault(int(v), []).append(p)
    wrong = []
    for m in SHARE.finditer(text):
        part, whole = int(m.group(1)), int(m.group(2))
        ok = any(_group_of(record, a) & _group_of(record, b) for a in by_value.get(part, []) for b in by_value.get(whole, []))
        if not ok:
            wrong.append(m.group(0))
    return wrong
