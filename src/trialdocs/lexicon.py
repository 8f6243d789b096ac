"""The jargon lexicon: medical terms with plain alternatives.

One lexicon serves both the summary drafting (which swaps terms for plain
words) and the readability gate (which suggests them). It is team-written
data in ``data/lexicon.yaml``; users add their own files of the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from trialdocs.errors import UsageError


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, tuple[str, ...]]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(tuple(sorted(self.terms, key=len, reverse=True)))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) for every lexicon term in ``text``, longest match first."""
        return [(m.start(), m.end(), m.group(0).lower()) for m in self.pattern.finditer(text)]

    def plain(self, term: str) -> tuple[str, ...]:
        return self.terms.get(term.lower(), ())

    def extended(self, path: str | Path) -> Lexicon:
        """This lexicon plus the terms in a user's YAML file (theirs win)."""
        try:
            extra = yaml.safe_load(Path(path).read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"{path}: cannot read lexicon: {exc}") from None
        if not isinstance(extra, dict):
            raise UsageError(f"{path}: a lexicon maps terms to lists of plain alternatives")
        merged = dict(self.terms)
        for term, alternatives in extra.items():
            alts = alternatives if isinstance(alternatives, list) else [alternatives]
            merged[str(term).lower()] = tuple(str(a) for a in alts)
        return Lexicon(merged)


@cache
def _compile(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@cache
def default_lexicon() -> Lexicon:
    raw = yaml.safe_load(resources.files("trialdocs").joinpath("data/lexicon.yaml").read_text("utf-8"))
    return Lexicon({str(k).lower(): tuple(v) for k, v in raw.items()})
