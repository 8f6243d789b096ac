"""Resolve a drafted line's cited model paths and find each of its numbers there.

Used by the results tests: a number in a drafted line is accounted for when
it is one of the cited values, their sum, the number of cited paths (or of
distinct values under a ``[]`` path), or, followed by ``%``, the share one
cited value is of another (within rounding).
"""

from __future__ import annotations

import json
import re
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


def unaccounted(text: str, source: str, record: dict[str, Any]) -> list[str]:
    """The numbers in ``text`` that its cited paths do not account for."""
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
