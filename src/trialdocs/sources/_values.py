"""Parsers for the registry's free-form values: dates and ages.

Both registry formats write dates and ages as text ("2024-05", "April 1991",
"18 Years", "N/A"); these turn them into model values or raise a FieldError.
"""

from __future__ import annotations

import datetime as dt
import re

from trialdocs.errors import FieldError
from trialdocs.model import Age, AgeUnit, DateType, PartialDate

_AGE_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?$", re.IGNORECASE)
_NO_LIMIT = {"n/a", "na", "none", "no limit", ""}
_DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d", "day"),
    ("%Y-%m", "month"),
    ("%Y", "year"),
    ("%B %d, %Y", "day"),
    ("%B %Y", "month"),
)
_DATE_TYPES = {
    "ACTUAL": DateType.ACTUAL,
    "ESTIMATED": DateType.ESTIMATED,
    "ESTIMATE": DateType.ESTIMATED,
    "ANTICIPATED": DateType.ESTIMATED,
}


def parse_age(text: str | None, path: str) -> Age | None:
    """'18 Years' -> Age(18, years); 'N/A' or nothing -> None (no limit)."""
    if text is None or text.strip().casefold() in _NO_LIMIT:
        return None
    match = _AGE_RE.match(text.strip())
    if not match:
        raise FieldError(f"cannot read age {text!r:.40}", path=path)
    number = float(match.group(1))
    value: int | float = int(number) if number.is_integer() else number
    return Age(value=value, unit=AgeUnit(match.group(2).lower() + "s"))


def parse_date_type(text: str | None, path: str) -> DateType | None:
    if text is None:
        return None
    try:
        return _DATE_TYPES[text.strip().upper()]
    except KeyError:
        raise FieldError(f"unknown DateType value {text!r:.40}", path=path) from None


def parse_date(text: str | None, path: str, date_type: DateType | None = None) -> PartialDate | None:
    """Read '2024-05-12', '2024-05', 'April 1991' or 'September 1, 2014'."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    for fmt, precision in _DATE_FORMATS:
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        iso = {"day": value.isoformat(), "month": value.isoformat()[:7], "year": value.isoformat()[:4]}[precision]
        return PartialDate(date=iso, type=date_type)
    raise FieldError(f"cannot read date {text!r:.40}", path=path)
