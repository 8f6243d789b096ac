"""compact_json: orjson's speed, the standard library's bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from trialdocs._io import compact_json


def stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=1500)
@given(JSON)
def test_same_bytes_as_json_dumps(data: Any) -> None:
    assert compact_json(data) == stdlib(data)


def test_the_cases_orjson_writes_differently() -> None:
    """Small floats (orjson: 0.000015, 2.5e-7), 65-bit integers (orjson refuses), and text that looks like them."""
    for data in (
        {"a": 1.5e-05},
        [2.5e-07, 1],
        {"n": 2**64},
        {"t": ":0.00001"},
        {"u": '\u2028 é \x1f \\ "'},
        {"b": 1, "a": [0.1, -0.0, 1e16, 1e-4]},
    ):
        assert compact_json(data) == stdlib(data)
    assert compact_json({"b": 1, "a": 2}) == '{"a":2,"b":1}'


def test_text_that_only_looks_like_a_small_float_keeps_the_fast_path() -> None:
    """uuids ("2765632e-0dda") and "Type-2e-5" are text: orjson's bytes stand, no second encoding."""
    from trialdocs._io import _small_float

    for data in ({"reference": "urn:uuid:2765632e-0dda-5456"}, {"t": "Type-2e-5", "n": 0.5}, ["phase-2"]):
        out = json.dumps(data, separators=(",", ":")).encode()
        assert not _small_float(out)
        assert compact_json(data) == stdlib(data)
    for data in ({"a": -2.5e-07}, [1e-05], 3e-9, {"a": [0.5, 1.5e-05]}):
        assert _small_float(json.dumps(data, separators=(",", ":")).encode())
