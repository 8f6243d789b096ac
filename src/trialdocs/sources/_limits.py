"""Size limits on the fields that drafting and the FHIR export read in full.

Every step is linear in these fields (``bench/linear.py`` holds it to that), but
linear in a 512 MB file is still an hour and gigabytes for one record. The
readers refuse a record over one of these limits with a :class:`FieldError`
that names the size, the limit and the field path, before any drafting starts.
The limits sit far above any real record: in the 520-record v2 corpus the
longest criteria text is 19,020 characters and 136 lines, the longest
criterion 497 words and the most conditions 19. docs/performance.md
("Linear in the input") documents them.
"""

from __future__ import annotations

from trialdocs.errors import FieldError
from trialdocs.model import Criterion, Eligibility

#: Characters of a record's eligibility criteria text.
MAX_CRITERIA_CHARS = 2_000_000
#: Non-blank lines of the criteria text, and criteria (headings included) read from it.
MAX_CRITERIA_LINES = 20_000
#: Words of one criterion.
MAX_CRITERION_WORDS = 50_000
#: Condition entries of a record.
MAX_CONDITIONS = 100_000


def check_criteria_text(text: str | None, path: str) -> None:
    """Refuse a criteria text too long to read, before it is parsed."""
    if not text:
        return
    if len(text) > MAX_CRITERIA_CHARS:
        raise FieldError(
            f"eligibility criteria of {len(text)} characters, over the {MAX_CRITERIA_CHARS}-character limit", path=path
        )
    lines = sum(1 for line in text.splitlines() if line.strip())
    if lines > MAX_CRITERIA_LINES:
        raise FieldError(f"eligibility criteria of {lines} lines, over the {MAX_CRITERIA_LINES}-line limit", path=path)


def check_criteria(eligibility: Eligibility, path: str) -> None:
    """Refuse parsed criteria with too many items, or one criterion with too many words."""
    items = 0
    stack: list[Criterion] = [*eligibility.inclusion, *eligibility.exclusion]
    while stack:
        item = stack.pop()
        items += 1
        words = len(item.text.split())
        if words > MAX_CRITERION_WORDS:
            raise FieldError(f"criterion of {words} words, over the {MAX_CRITERION_WORDS}-word limit", path=path)
        stack.extend(item.children)
    if items > MAX_CRITERIA_LINES:
        raise FieldError(f"eligibility criteria of {items} items, over the {MAX_CRITERIA_LINES}-item limit", path=path)


def check_conditions(conditions: tuple[str, ...], path: str) -> tuple[str, ...]:
    """``conditions``, unless there are more than the limit."""
    if len(conditions) > MAX_CONDITIONS:
        raise FieldError(f"{len(conditions)} conditions, over the {MAX_CONDITIONS}-condition limit", path=path)
    return conditions
