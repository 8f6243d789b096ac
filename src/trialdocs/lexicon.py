"""The jargon lexicon: medical terms with plain alternatives.

One lexicon serves both the summary drafting (which swaps terms for plain
words) and the readability gate (which suggests them). It is team-written
data in ``data/lexicon.yaml``; users add their own files of the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import yaml

from trialdocs._io import load_yaml
from trialdocs.errors import UsageError

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


_WINDOW = 40
_CLAUSE_END = re.compile(r"[.!?;]\s")


@dataclass(frozen=True)
class Lexicon:
    """Terms and their plain alternatives.

    An entry may name words that change the term's sense (``unless``): the
    term is then not matched when one of them stands within a few words of
    it in the same sentence. "antibody" means "a protein that fights germs",
    but not in "an antibody drug" or "a monoclonal antibody".
    """

    terms: dict[str, tuple[str, ...]]
    unless: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def _other_sense(self, text: str, start: int, end: int, term: str) -> bool:
        pattern = self.unless.get(term)
        if pattern is None:
            return False
        before = _CLAUSE_END.split(text[max(0, start - _WINDOW) : start])[-1]
        after = _CLAUSE_END.split(text[end : end + _WINDOW])[0]
        return pattern.search(before) is not None or pattern.search(after) is not None

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

    @cached_property
    def _found(self) -> dict[str, list[tuple[int, int, str]]]:
        return {}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) for every lexicon term in ``text`` (remembered: the gate asks twice)."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) > 50_000:
                self._found.clear()
            found = self._found[text] = self._scan(text)
        return found

    def _scan(self, text: str) -> list[tuple[int, int, str]]:
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
                    start, end, term = tokens[i][0], tokens[i + n - 1][1], " ".join(words)
                    if not self._other_sense(text, start, end, term):
                        found.append((start, end, term))
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
        merged, unless = dict(self.terms), dict(self.unless)
        for term, entry in extra.items():
            key = str(term).lower()
            merged[key], sense = _entry(entry, f"{path}: {term}")
            unless.pop(key, None)
            if sense is not None:
                unless[key] = sense
        return Lexicon(merged, unless)


@cache
def default_lexicon() -> Lexicon:
    raw = load_yaml(resources.files("trialdocs").joinpath("data/lexicon.yaml").read_text("utf-8"))
    terms, unless = {}, {}
    for term, entry in raw.items():
        terms[str(term).lower()], sense = _entry(entry, f"lexicon.yaml: {term}")
        if sense is not None:
            unless[str(term).lower()] = sense
    return Lexicon(terms, unless)


def _entry(entry: object, where: str) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """One lexicon entry: ``[plain, ...]``, a single string, or ``{plain: [...], unless: [word, ...]}``.

    An ``unless`` word ending in ``-`` matches a prefix ("anti-"), one
    starting with ``-`` a suffix ("-mab": pembrolizumab).
    """
    if isinstance(entry, dict):
        plain, words = entry.get("plain", []), entry.get("unless", [])
        if not isinstance(words, list):
            raise UsageError(f"{where}: unless must be a list of words")
        parts = []
        for word in map(str, words):
            if word.endswith("-"):
                parts.append(rf"\b{re.escape(word)}")
            elif word.startswith("-"):
                parts.append(rf"\w{re.escape(word[1:])}\b")
            else:
                parts.append(rf"\b{re.escape(word)}\b")
        sense = re.compile("|".join(parts), re.IGNORECASE) if parts else None
    else:
        plain, sense = entry, None
    alternatives = plain if isinstance(plain, list) else [plain]
    return tuple(str(a) for a in alternatives), sense
