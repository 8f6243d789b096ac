"""The jargon lexicon: medical terms with plain alternatives.

One lexicon serves both the summary drafting (which swaps terms for plain
words) and the readability gate (which suggests them). It is team-written
data in ``data/lexicon.yaml``; users add their own files of the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import yaml

from trialdocs._io import load_yaml
from trialdocs.errors import UsageError

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, tuple[str, ...]]

    @cached_property
    def _by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        """Terms indexed by their first word, longest first, for a one-pass scan."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for term in self.terms:
            words = tuple(term.split())
            index.setdefault(words[0], []).append(words)
        for entries in index.values():
            entries.sort(key=len, reverse=True)
        return index

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) for every lexicon term in ``text``, longest match first.

        Text is scanned word by word and each word looked up, so the cost does
        not grow with the size of the lexicon. A term matches whole words only:
        "small" is not found in "non-small".
        """
        tokens = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text)]
        index = self._by_first_word
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            matched = 0
            for words in index.get(tokens[i][2], ()):
                n = len(words)
                if tuple(t[2] for t in tokens[i : i + n]) == words:
                    found.append((tokens[i][0], tokens[i + n - 1][1], " ".join(words)))
                    matched = n
                    break
            i += matched or 1
        return found

    def plain(self, term: str) -> tuple[str, ...]:
        return self.terms.get(term.lower(), ())

    def extended(self, path: str | Path) -> Lexicon:
        """This lexicon plus the terms in a user's YAML file (theirs win)."""
        try:
            extra = load_yaml(Path(path).read_text("utf-8")) or {}
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
def default_lexicon() -> Lexicon:
    raw = load_yaml(resources.files("trialdocs").joinpath("data/lexicon.yaml").read_text("utf-8"))
    return Lexicon({str(k).lower(): tuple(v) for k, v in raw.items()})
