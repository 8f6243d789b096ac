"""What a sentence that claims to say a criterion dropped or changed.

A plain rewrite of "ECOG ≤ 1 within 28 days before the first dose, unless …" is only safe if it keeps every
number with its unit and direction, the time window and what it is counted from, the exceptions and conditions,
the qualifiers ("uncontrolled", "newly diagnosed"), any negation, the "or" between alternatives and the group the
criterion applies to. This module lists what a sentence loses of those, so the drafting can choose between a
rewrite and the registry's own words, and the gate can judge an editor's bullet the same way.

It is a text layer below ``summary/`` and ``check/`` and imports neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from trialdocs.lexicon import default_lexicon

LossKind = Literal["number", "direction", "window", "exception", "qualifier", "negation", "alternative", "group", "cut"]


@dataclass(frozen=True)
class Loss:
    """One thing of the criterion's meaning that the sentence does not keep."""

    kind: LossKind
    #: The criterion's words that carry it ("≥ 18 years", "unless", "within 28 days").
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twelve": "12",
}  # fmt: skip
#: Each way of saying a direction, and the one it means.
_DIRECTIONS = (
    ("≥", r"≥|>=|=>|>/=|\bat least\b|\bno less than\b|\bnot less than\b|\bminimum of\b|\bequal to or (?:more|greater) than\b"),
    ("≤", r"≤|<=|=<|</=|\bat most\b|\bno more than\b|\bnot more than\b|\bup to\b|\bmaximum of\b|\bequal to or less than\b"),
    (">", r">|\bmore than\b|\bgreater than\b|\babove\b|\bover\b|\bexceeding\b|\bhigher than\b"),
    ("<", r"<|\bless than\b|\bfewer than\b|\bbelow\b|\bunder\b|\blower than\b"),
)
#: "18 years or older"; not "199 or more than 200", whose "more than" is the next number's.
_AFTER_DIRECTIONS = (
    ("≥", r"\bor (?:more|greater|older|higher|above)\b(?!\s+(?:than|\d))"),
    ("≤", r"\bor (?:less|fewer|younger|lower|below)\b(?!\s+(?:than|\d))"),
)
_DIRECTION_RE = "|".join(f"(?:{pattern})" for _, pattern in _DIRECTIONS)
_NUMBER_RE = re.compile(
    rf"(?P<op>{_DIRECTION_RE})?\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>%|(?!{_DIRECTION_RE})[a-zµμ/]+(?:/[a-z0-9µμ]+)*)?"
    rf"(?P<after>\s+(?:{'|'.join(p for _, p in _AFTER_DIRECTIONS)}))?",
    re.IGNORECASE,
)
#: What a window is counted from: a window without its anchor means something else.
_ANCHOR_RE = re.compile(
    r"\b(?:before|prior to|after|since|from|of)\s+(?:the\s+)?(?:first|last|start of|initiation of|study)?\s*"
    r"(?:dose|doses|dosing|screening|randomi[sz]ation|enrol{1,2}ment|baseline|study entry|entry|day 1|surgery|treatment|"
    r"consent|registration|inclusion|visit|diagnosis|use|infusion|study (?:dosing|drug|treatment))\b",
    re.IGNORECASE,
)
#: Words that make a criterion conditional or give it an exception; each must survive.
_EXCEPTION_RE = re.compile(
    r"\b(?:unless|except|excluding|other than|with the exception|provided(?: that)?|permitted|allowed|in case of|"
    r"if|only|but)\b",
    re.IGNORECASE,
)
_EXCEPTION_SAME = {"except": ("except", "apart from", "other than", "excluding"), "permitted": ("permitted", "allowed", "can")}
_QUALIFIER_RE = re.compile(
    r"\b(?:uncontrolled|poorly controlled|well[- ]controlled|controlled|active|symptomatic|asymptomatic|untreated|"
    r"previously untreated|treatment[- ]naive|newly diagnosed|relapsed|refractory|recurrent|metastatic|advanced|"
    r"locally advanced|unresectable|inoperable|severe|moderate|mild|clinically significant|significant|known|"
    r"history of|chronic|acute|stable|unstable|progressive|documented|confirmed|suspected|current(?:ly)?|ongoing|"
    r"prior|previous(?:ly)?|concurrent|persistent|serious|major|evidence of)\b",
    re.IGNORECASE,
)
_NEGATION_RE = re.compile(r"\b(?:no|not|without|never|none|neither|nor|free of|absence of|negative)\b|n't\b", re.IGNORECASE)
_HEDGE_RE = re.compile(r"\((?:more details|with exceptions|or other options)[^)]*\)?|\bsee the full list\b", re.IGNORECASE)
_DANGLING_RE = re.compile(r"(?:\b(?:and|or|with|of|the|a|an|to|for|in|on|by|at|than|who|which|that)|[,(:;/-])\s*$", re.I)


def losses(criterion: str, sentence: str, *, group: str | None = None) -> list[Loss]:
    """What ``sentence`` drops or changes of ``criterion`` (and of the ``group`` heading it sits under).

    An empty list means the sentence keeps everything this module can see; it is no proof of a faithful
    rewrite, only the absence of the losses people have found in drafted bullets.
    """
    found: list[Loss] = []
    criterion = _operators(_LIST_NUMBER_RE.sub("", criterion))
    sentence = _operators(sentence)
    said = _normal(sentence)
    if _HEDGE_RE.search(sentence):
        found.append(Loss("cut", _HEDGE_RE.search(sentence).group(0)))  # type: ignore[union-attr]
    elif _DANGLING_RE.search(sentence.rstrip(" .")):
        found.append(Loss("cut", sentence.rstrip(" .")[-20:]))
    found += _number_losses(criterion, sentence)
    # Each search of ``said`` is made once per distinct word: a long criterion repeats its cues, and a search per
    # occurrence made this quadratic in the criterion's length.
    anchors: dict[str, bool] = {}
    for m in _ANCHOR_RE.finditer(criterion):
        anchor = _normal(m.group(0))
        if anchor not in anchors:
            anchors[anchor] = anchor in said
        if not anchors[anchor]:
            found.append(Loss("window", m.group(0)))
    exceptions: dict[str, bool] = {}
    for m in _EXCEPTION_RE.finditer(criterion):
        word = m.group(0).casefold()
        if word not in exceptions:
            exceptions[word] = any(re.search(rf"\b{re.escape(w)}\b", said) for w in _EXCEPTION_SAME.get(word, (word,)))
        if not exceptions[word]:
            found.append(Loss("exception", m.group(0)))
    qualifiers: dict[str, bool] = {}
    for m in _QUALIFIER_RE.finditer(criterion):
        qualifier = _normal(m.group(0))
        if qualifier not in qualifiers:
            qualifiers[qualifier] = _kept(m.group(0), said)
        if not qualifiers[qualifier]:
            found.append(Loss("qualifier", m.group(0)))
    # "no more than 3" is a direction, checked with its number, not a negation.
    negated = _NEGATION_RE.search(re.sub(_DIRECTION_RE, " ", criterion, flags=re.IGNORECASE))
    if negated and not _NEGATION_RE.search(re.sub(_DIRECTION_RE, " ", sentence, flags=re.IGNORECASE)):
        found.append(Loss("negation", negated.group(0)))
    if _alternative(criterion) and not (_alternative(sentence) or re.search(r"\beither\b|\bany\b", said)):
        found.append(Loss("alternative", "or"))
    if group and _normal(group) not in said:
        found.append(Loss("group", group))
    return list(dict.fromkeys(found))


#: Operators spelt with words or a slash (">/=", "< or =") are one sign each, so their "or" is no alternative.
_SPELT_OPERATORS = (
    (re.compile(r">\s*/\s*=|>\s*or\s*=|=\s*/\s*>", re.I), "≥"),
    (re.compile(r"<\s*/\s*=|<\s*or\s*=|=\s*/\s*<", re.I), "≤"),
)


def _operators(text: str) -> str:
    for pattern, sign in _SPELT_OPERATORS:
        text = pattern.sub(sign, text)
    return text


_SLASH_RE = re.compile(r"\b([a-z]+)/([a-z]+)\b", re.IGNORECASE)


def _alternative(text: str) -> bool:
    """An "or" or a slash between words ("mother/father", "and/or"); not a unit ("mg/dL") or an operator (">/=")."""
    if re.search(r"\bor\b", text, re.IGNORECASE):
        return True
    return any(
        a.casefold().rstrip("s") not in _UNITS and b.casefold().rstrip("s") not in _UNITS and len(a) > 1
        for a, b in _SLASH_RE.findall(text)
    )


#: A list number at the start ("2.", "(4)", "a)") is the record's layout, not part of what the criterion says.
_LIST_NUMBER_RE = re.compile(r"^\s*(?:(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-*])\s+|\(?\d{1,2}[.)](?=[A-Z])|[•·▪◦]\s*)", re.IGNORECASE)

#: Words a faithful rewrite may use for each other.
_SAME = (
    (r"\bprior to\b", "before"),
    (r"\b(?:prior|previous|previously)\b", "earlier"),
    (r"\bbreast[- ]feeding\b", "breastfeeding"),
)


_SAME_RE = tuple((re.compile(p), same) for p, same in _SAME)
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_TIMES_RE = re.compile(r"(?<=\d)\s*[x×]\s+(?=uln|upper|the|10|normal)")
_ULN_RE = re.compile(r"\bupper limit of normal\b")


@lru_cache(maxsize=8192)
def _normal(text: str) -> str:
    """The text as the checks compare it (cached: a criterion is checked against each of its candidate wordings,
    and qualifiers such as "active" recur across records)."""
    text = text.casefold().replace("μ", "µ")
    for pattern, same in _SAME_RE:
        text = pattern.sub(same, text)
    text = _NUMBER_WORD_RE.sub(lambda m: _NUMBER_WORDS[m.group(1)], text)
    text = _TIMES_RE.sub(" times ", text)
    text = _ULN_RE.sub("uln", text)
    return " ".join(text.split())


def _kept(qualifier: str, said: str) -> bool:
    q = _normal(qualifier)
    if q == "earlier" and re.search(r"\b(?:earlier|before|already|ever|in the past|in the last)\b", said):
        return True
    if re.search(rf"\b{re.escape(q)}\b", said):
        return True
    return any(re.search(rf"\b{re.escape(_normal(p))}\b", said) for p in _plain(q))


@lru_cache(maxsize=256)
def _plain(term: str) -> tuple[str, ...]:
    return default_lexicon().plain(term)


def _number_losses(criterion: str, sentence: str) -> list[Loss]:
    """Every number of the criterion, with its unit and direction, must be in the sentence."""
    said: dict[str, list[tuple[str | None, str | None]]] = {}
    for n, u, d, _ in _numbers(sentence):
        said.setdefault(n, []).append((u, d))
    out = []
    for num, unit, direction, text in _numbers(criterion):
        same = said.get(num, [])
        if not same or (unit and not any(u and u.startswith(unit[:3]) for u, _ in same)):
            out.append(Loss("number", text))
        elif direction and direction not in {d for _, d in same}:
            out.append(Loss("direction", text))
    return out


_UNITS = frozenset(
    {"%", "year", "month", "week", "day", "hour", "minute", "min", "h", "mg", "g", "kg", "mcg", "µg", "ng", "ml", "l",
     "dl", "mmol", "µmol", "umol", "iu", "u", "mmhg", "cm", "mm", "m", "bpm", "beat", "uln", "time", "point", "cycle",
     "dose", "line", "kg/m2", "x"}
)  # fmt: skip


#: "7% ≤ HbA1c": the number on the left of its sign, whose direction is the sign turned round.
_LEFT_RE = re.compile(r"(?<![\d.])(\d+(?:[.,]\d+)?)\s*%?\s*(≤|<=|≥|>=|<|>)\s*(?=[a-z])")
_TURNED = {"≤": "≥", "<=": "≥", "≥": "≤", ">=": "≤", "<": ">", ">": "<"}


@lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple[tuple[str, str | None, str | None, str], ...]:
    out = []
    left = {m.start(1): _TURNED[m.group(2)] for m in _LEFT_RE.finditer(_normal(text))}
    for m in _NUMBER_RE.finditer(_normal(text)):
        num = m.group("num").replace(",", ".")
        unit = m.group("unit")
        if unit and "/" not in unit and unit.rstrip("s") not in _UNITS:
            unit = None  # "18 and 65": a word after a number is no unit
        unit = unit.rstrip("s") if unit and len(unit) > 3 else unit
        direction = None
        if m.group("op"):
            direction = next(d for d, pattern in _DIRECTIONS if re.fullmatch(pattern, m.group("op").strip(), re.I))
        elif m.group("after"):
            direction = next(d for d, pattern in _AFTER_DIRECTIONS if re.search(pattern, m.group("after"), re.I))
        elif m.start("num") in left:
            direction = left[m.start("num")]
        out.append((num, unit, direction, m.group(0).strip()))
    return tuple(out)
