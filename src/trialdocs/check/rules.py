"""The rule registry. Every rule has a code, a name, defaults, a severity and a
docstring with a bad and a good example (``trialdocs rules TD101`` prints it).

Rules look at one section at a time, or (``document = True``) at a whole
document. Their test cases are data: ``tests/check/rules/TD*.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, ClassVar, cast

from trialdocs import model
from trialdocs.check import facts
from trialdocs.check.document import Block, CheckDocument, CheckSection
from trialdocs.check.findings import Finding, Severity
from trialdocs.check.language import EVERYDAY_ACRONYMS, codes, defines_term, is_passive, undefined_acronyms
from trialdocs.check.numbers import RecordNumbers, mismatches, record_numbers
from trialdocs.lexicon import Lexicon
from trialdocs.readability import Counts, count, dale_chall, words
from trialdocs.scope import scoped
from trialdocs.summary.overlay import is_results_overlay
from trialdocs.summary.sections import SECTION_TITLES

REQUIRED_SECTIONS = ("good_fit", "not_a_fit", "benefit")
#: The order sections appear in on a rendered page (first uses are read in this order).
SECTION_ORDER = tuple(SECTION_TITLES)
_HAS_WORD = re.compile(r"\w")


@dataclass
class Context:
    """What a rule may use besides the text: the lexicon and the gate's settings."""

    lexicon: Lexicon
    min_words: int


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    defaults: ClassVar[dict[str, Any]] = {}
    #: Checks whole documents rather than sections.
    document: ClassVar[bool] = False
    #: Also applies to registry text (eligibility criteria).
    registry: ClassVar[bool] = False

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0]

    def applies(self, doc: CheckDocument) -> bool:
        """False when the rule has nothing to read in this document (saves a call a section)."""
        return True

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        return iter(())

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        return iter(())

    def finding(
        self,
        doc: CheckDocument,
        section: CheckSection,
        message: str,
        *,
        block: Block | None = None,
        snippet: str | None = None,
        severity: Severity | None = None,
        figure: float | None = None,
        threshold: float | None = None,
        suggestion: str | None = None,
    ) -> Finding:
        block = block or (section.blocks[0] if section.blocks else Block(""))
        line, col = doc.locate(snippet, block) if snippet else (block.line, block.col)
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            file=doc.file,
            section=section.key,
            line=line,
            col=col,
            json_path=None if line else section.json_path,
            figure=None if figure is None else round(figure, 2),
            threshold=threshold,
            suggestion=suggestion,
        )


RULES: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    RULES[cls.code] = cls()
    return cls


# ---------------------------------------------------------------- grade and ease


class FormulaRule(Rule):
    """Base of the readability-formula rules; below ``min_words`` they only warn."""

    metric: ClassVar[str]
    label: ClassVar[str]
    higher_is_worse: ClassVar[bool] = True
    #: Below ``min_words`` say nothing (the warning-only formulas), rather than warn.
    skip_short: ClassVar[bool] = False

    def value(self, section: CheckSection, counts: Counts, doc: CheckDocument) -> float:
        return float(getattr(counts, self.metric))

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        counts = count(section.text)
        if not counts.words or (self.skip_short and counts.words < settings.get("min_words", ctx.min_words)):
            return
        value = self.value(section, counts, doc)
        limit = float(settings["max"] if self.higher_is_worse else settings["min"])
        if (value > limit) if self.higher_is_worse else (value < limit):
            short = counts.words < ctx.min_words
            word = "above the maximum" if self.higher_is_worse else "below the minimum"
            n = counts.words
            note = f"; short text ({n} word{'' if n == 1 else 's'}), so only a warning" if short else ""
            yield self.finding(
                doc,
                section,
                f"{self.label} {value:.1f} is {word} {limit:g}{note}",
                severity=Severity.WARNING if short else None,
                figure=value,
                threshold=limit,
                suggestion="use shorter sentences and shorter, everyday words",
            )


@register
class FleschKincaidGrade(FormulaRule):
    """Flesch-Kincaid grade level above the maximum (default 8).

    The grade is the school year a reader needs; patient material aims at 8 or lower.

    Bad::

        This Phase I trial uses an academic manufacturing approach to deliver two
        different CAR T-cell products matched to disease biomarkers.

    Good::

        This study tests a new cell treatment. The hospital makes the cells itself.
    """

    code = "TD101"
    name = "fk-grade"
    defaults = {"max": 8}
    metric = "fk_grade"
    label = "Flesch-Kincaid grade"


@register
class ReadingEase(FormulaRule):
    """Flesch Reading Ease below the minimum (default 60).

    60-70 is plain English; lower is harder.

    Bad::

        Patients with very limited life expectancy, poor organ function or
        performance status are unlikely to benefit from participation.

    Good::

        This study may not help you if your doctor expects you to live less than 12 weeks.
    """

    code = "TD102"
    name = "reading-ease"
    defaults = {"min": 60}
    metric = "reading_ease"
    label = "Flesch Reading Ease"
    higher_is_worse = False


@register
class Smog(FormulaRule):
    """SMOG index above its maximum (default 10).

    SMOG counts words of three or more syllables per sentence. McLaughlin
    defined it on 30 sentences; on sections under ``min_words`` it says
    nothing.

    Bad::

        Immunosuppressive therapy precludes participation in investigational protocols.

    Good::

        You cannot join if you take medicine that weakens the immune system.
    """

    code = "TD103"
    name = "smog"
    skip_short = True
    severity = Severity.WARNING
    defaults = {"max": 10}
    metric = "smog"
    label = "SMOG index"


@register
class DaleChall(FormulaRule):
    """Dale-Chall score above its maximum (default 8.0).

    The score grows with words outside the Dale-Chall list of familiar words.
    The words of the names the record gives (treatments, illnesses, arms,
    keywords, sponsor, places) count as familiar: a page about pembrolizumab
    for melanoma must name both, and the jargon rule (TD301) is there for
    words that have a plain alternative. Without a record the figure is
    textstat's (``trialdocs summary --format json`` reports textstat's figures
    too). Sections under ``min_words`` (default 50) are not scored: Dale and
    Chall sampled 100 words, and one drug name moves a 20-word paragraph by
    whole grades; the grade rules (TD101, TD102) still read short sections.

    Bad::

        Contraindications include hepatic impairment and concomitant anticoagulation.

    Good::

        You cannot join if your liver does not work well or you take a blood thinner.
    """

    code = "TD104"
    name = "dale-chall"
    skip_short = True
    severity = Severity.WARNING
    defaults = {"max": 8.0, "min_words": 50}
    metric = "dale_chall"
    label = "Dale-Chall score"

    def value(self, section: CheckSection, counts: Counts, doc: CheckDocument) -> float:
        return dale_chall(section.text, doc.familiar)


# ---------------------------------------------------------------- length


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)")


@lru_cache(maxsize=8192)
def sentences(text: str) -> list[str]:
    """Sentences as a reader sees them: a full stop ends one only before a space, so "1.1" and "e.g." inside stay whole.

    The readability figures keep textstat's own splitting; this is for the
    rules that quote or measure one sentence (TD201, TD204, TD502).
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip() and _HAS_WORD.search(s)]


@register
class LongSentence(Rule):
    """A sentence longer than the maximum number of words (default 25).

    Bad::

        Children, adolescents, and young adults with relapsed or refractory B-ALL
        who have failed conventional chemotherapy and meet performance, laboratory,
        and donor eligibility criteria are the intended participants.

    Good::

        The study is for children and young adults up to 30. Their blood cancer came back.
    """

    code = "TD201"
    name = "long-sentence"
    defaults = {"max": 25}

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        for block in section.blocks:
            for sentence in sentences(block.text):
                n = len(words(sentence))
                if n > settings["max"]:
                    yield self.finding(
                        doc,
                        section,
                        f"sentence of {n} words is longer than {settings['max']}",
                        block=block,
                        snippet=sentence,
                        figure=n,
                        threshold=settings["max"],
                        suggestion="split it into two or three sentences",
                    )


@register
class AverageSentenceLength(Rule):
    """Average sentence length above the maximum (default 20 words).

    Bad::

        Doctors will watch closely for side effects, check how long the cells last,
        and look for early signs that the cancer is going away, which takes weeks.

    Good::

        Doctors will watch for side effects. They will check how long the cells last.
    """

    code = "TD202"
    name = "average-sentence-length"
    severity = Severity.WARNING
    defaults = {"max": 20}

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        counts: Counts = count(section.text)
        if counts.sentences and counts.words_per_sentence > settings["max"]:
            yield self.finding(
                doc,
                section,
                f"average sentence is {counts.words_per_sentence:.1f} words, above {settings['max']}",
                figure=counts.words_per_sentence,
                threshold=settings["max"],
            )


@register
class SectionLength(Rule):
    """A section longer than the maximum number of words (default 250).

    Bad::

        A "What this trial studies" section that retells the whole protocol.

    Good::

        Three short paragraphs: what is tested, who is in which group, what is measured.
    """

    code = "TD203"
    name = "section-length"
    severity = Severity.WARNING
    defaults = {"max": 250}

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        n = count(section.text).words
        if n > settings["max"]:
            yield self.finding(
                doc, section, f"section has {n} words, more than {settings['max']}", figure=n, threshold=settings["max"]
            )


@register
class PassiveVoice(Rule):
    """Too many sentences in the passive voice (default: more than 40% of a section's).

    "Patients are assigned", "blood is collected": the passive hides who does
    what, and readers have to work it out. The rule counts sentences with a
    form of "be" or "get" followed by a past participle; it only looks at
    sections of four sentences or more, so one "People are put into 2
    groups" in a short paragraph is not a wall.

    Bad::

        Patients are assigned to a group. Blood samples are collected at each
        visit. Scans are performed every 8 weeks. Side effects are recorded.

    Good::

        A computer puts you in a group. A nurse takes a blood sample at each
        visit. You have a scan every 8 weeks. The team writes down any side effects.
    """

    code = "TD204"
    name = "passive-voice"
    severity = Severity.WARNING
    defaults = {"max_share": 0.4, "min_sentences": 4}

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        found = [s for b in section.blocks for s in sentences(b.text) if len(s.split()) > 2]
        if len(found) < settings["min_sentences"]:
            return
        passive = [s for s in found if is_passive(s)]
        share = len(passive) / len(found)
        if share > settings["max_share"]:
            yield self.finding(
                doc,
                section,
                f"{len(passive)} of {len(found)} sentences are passive ({share:.0%}), e.g. {passive[0][:60]!r}",
                snippet=passive[0],
                figure=share,
                threshold=settings["max_share"],
                suggestion="say who does what: 'a nurse takes a blood sample', not 'blood is collected'",
            )


# ---------------------------------------------------------------- jargon


@register
class Jargon(Rule):
    """A medical term from the jargon lexicon; the plain alternatives are the suggestion.

    The lexicon is shared with summary drafting; extend it with ``lexicon = [...]``
    in the configuration or ``--lexicon FILE``. A term the page explains where
    it first uses it ("placebo (a look-alike with no medicine)", "placebo,
    which ...") is not reported there or after. An entry can name words that
    change its sense (``unless``): "antibody" has no plain swap in "an
    antibody drug". Each term is reported once a page, where it first
    appears: the editor who fixes it there fixes the rest.

    Bad::

        Patients receive autologous CAR T cells for refractory disease.

    Good::

        You get CAR T cells made from your own cells, for cancer that has not
        responded to treatment.
    """

    code = "TD301"
    name = "jargon"
    severity = Severity.WARNING
    registry = True

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        seen = cast(set[str], doc.memo.setdefault("jargon-registry" if section.registry else "jargon-reported", set()))
        defined = _defined_terms(doc, ctx)
        here = doc.sections.index(section) if section in doc.sections else 0
        for index, block in enumerate(section.blocks):
            for start, end, term in ctx.lexicon.find(block.text):
                if term in seen or (term in defined and defined[term] <= (here, index, start)):
                    continue
                seen.add(term)
                plain = " / ".join(ctx.lexicon.plain(term))
                yield self.finding(
                    doc,
                    section,
                    f"'{block.text[start:end]}' is medical jargon; try: {plain}",
                    block=block,
                    snippet=block.text[start:],
                    suggestion=plain,
                )


def _defined_terms(doc: CheckDocument, ctx: Context) -> dict[str, tuple[int, int, int]]:
    """Where on the page each lexicon term is first explained: (section, block, offset)."""
    key = "jargon-definitions"
    if key not in doc.memo:
        found: dict[str, tuple[int, int, int]] = {}
        for i, section in enumerate(doc.sections):
            if section.registry:
                continue
            for j, block in enumerate(section.blocks):
                for start, end, term in ctx.lexicon.find(block.text):
                    if term not in found and defines_term(block.text, start, end):
                        found[term] = (i, j, start)
        doc.memo[key] = found
    return doc.memo[key]  # type: ignore[return-value]


@register
class UndefinedAcronym(Rule):
    """An acronym used before (or without) its meaning on the page.

    "ITI", "FVIII", "TMA": a reader who does not know them cannot look them up
    mid-sentence. An acronym counts as explained where the page gives its
    long form ("factor eight (FVIII)"), explains it ("ALL, a type of blood
    cancer"; "ALL is a blood cancer"; "a marker called CD19"). Everyday ones
    (HIV, DNA, COVID-19, ...) are allowed; add yours with
    ``[rules.TD303] also_allow = ["NHS"]``.

    Bad::

        Some people with hemophilia make antibodies against FVIII.

    Good::

        Some people with hemophilia make antibodies against factor eight (FVIII),
        the clotting protein they lack.
    """

    code = "TD303"
    name = "undefined-acronym"
    severity = Severity.WARNING
    document = True
    defaults = {"allow": list(EVERYDAY_ACRONYMS), "also_allow": []}

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        lay = [s for s in _page_order(doc) if not s.registry]
        allow = {a.upper() for a in [*settings["allow"], *settings["also_allow"]]} | {a for a in settings["allow"]}
        by_key = {s.key: s for s in lay}
        for key, word, rest in undefined_acronyms([(s.key, s.text) for s in lay], allow):
            section = by_key[key]
            block = next((b for b in section.blocks if rest[:20] in b.text), section.blocks[0])
            yield self.finding(
                doc,
                section,
                f"acronym '{word}' is used before the page says what it means",
                block=block,
                snippet=rest,
                suggestion=f"write it out the first time: 'long form ({word})', or use plain words",
            )


def _page_order(doc: CheckDocument) -> list[CheckSection]:
    order = list(SECTION_ORDER)
    return sorted(doc.sections, key=lambda s: order.index(s.key) if s.key in order else len(order))


# ---------------------------------------------------------------- leaks


def _enum_codes() -> frozenset[str]:
    """The model's enum values that look like codes (PHASE1, NOT_YET_RECRUITING), not words (DRUG)."""
    values = {
        m.value
        for name in dir(model)
        if isinstance(obj := getattr(model, name), type) and issubclass(obj, StrEnum) and obj is not StrEnum
        for m in obj
    }
    return frozenset(v for v in values if "_" in v or any(c.isdigit() for c in v))


class PatternRule(Rule):
    pattern: ClassVar[re.Pattern[str]]
    what: ClassVar[str]
    fix: ClassVar[str]
    #: If set, a match must also be one of these (a cheap token pattern plus a set beats a long alternation).
    only: ClassVar[frozenset[str] | None] = None
    #: The finding's message, from ``what`` and the text ``found``.
    message: ClassVar[str] = "{what} {found!r}"

    def matches(self, text: str) -> Iterator[tuple[int, str]]:
        """(offset, matched text) for each leak in ``text``."""
        for match in self.pattern.finditer(text):
            if self.only is None or match.group(0) in self.only:
                yield match.start(), match.group(0)

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        for block in section.blocks:
            for start, found in self.matches(block.text):
                yield self.finding(
                    doc,
                    section,
                    self.message.format(what=self.what, found=found),
                    block=block,
                    snippet=block.text[start:],
                    suggestion=self.fix,
                )


@register
class RawEnum(PatternRule):
    """A raw registry code shown to a reader, such as PHASE1 or NOT_YET_RECRUITING.

    Bad::

        Phase: PHASE1. Status: NOT_YET_RECRUITING.

    Good::

        Phase 1: the first time this treatment is tested in people.
    """

    code = "TD401"
    name = "raw-enum"
    pattern = re.compile(r"\b[A-Z][A-Z0-9_]*[_0-9][A-Z0-9_]*\b")
    only = _enum_codes()
    what = "raw registry code"
    fix = "say it in words (see the phrasebook)"


@register
class NotApplicable(PatternRule):
    """The string "N/A" shown to a reader.

    Bad::

        Ages: N/A to 30 Years

    Good::

        Ages: up to 30 years
    """

    code = "TD402"
    name = "not-applicable"
    pattern = re.compile(r"\bN/A\b", re.IGNORECASE)
    what = "placeholder"
    fix = "say what it means, or leave it out"


@register
class MarkdownEscape(PatternRule):
    """A registry Markdown escape left in the text, such as ``\\<16``.

    Bad::

        Lansky (age \\<16 years)

    Good::

        Lansky (age under 16 years)
    """

    code = "TD403"
    name = "markdown-escape"
    pattern = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>~^|]")
    what = "Markdown escape"
    fix = "remove the backslash"


@register
class TemplateMarker(PatternRule):
    """An unexpanded template marker such as ``{{ name }}`` or ``{% if %}``.

    Bad::

        This study is for {{ condition }}.

    Good::

        This study is for people with asthma.
    """

    code = "TD404"
    name = "template-marker"
    pattern = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
    what = "template marker"
    fix = "fill in the text"


@register
class ProductCode(PatternRule):
    """A drug, product or site code in lay text: "NNC0365-3769", "SCRI-CAR22v2", "Site 0012".

    Codes mean nothing to a reader. Say what the product is ("a new
    medicine for hemophilia") and, if the name matters, give the one the
    record uses for people. A code is a word with two or more capital letters
    and three or more digits, or "site" followed by a number.

    Bad::

        You will get NNC0365-3769 once a week.

    Good::

        You will get the study medicine once a week, as a shot under the skin.
    """

    code = "TD405"
    name = "product-code"
    what = "code"
    message = "{what} {found!r} means nothing to a reader"
    fix = "say what it is in words"

    def matches(self, text: str) -> Iterator[tuple[int, str]]:
        return codes(text)


# ---------------------------------------------------------------- structure


@register
class MissingSection(Rule):
    """A required section (good fit, not a fit, potential benefit) is missing or empty.

    Bad::

        An overlay with "## Good fit" but no "## Not a fit".

    Good::

        Both lists, each with at least one plain sentence.
    """

    code = "TD501"
    name = "missing-section"
    document = True
    defaults = {"required": list(REQUIRED_SECTIONS)}

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        if doc.overlay is not None and is_results_overlay(doc.overlay.path):
            return  # a results overlay replaces only the elements it names; drafts fill the rest
        present = {s.key for s in doc.sections if s.text.strip()}
        for key in settings["required"]:
            if key not in present:
                title = key.replace("_", " ")
                empty = CheckSection(
                    key, [Block("", 1 if doc.lines else 0, 1 if doc.lines else 0)], json_path=f"$.sections.{key}"
                )
                yield self.finding(
                    doc, empty, f"required section '{title}' is missing or empty", suggestion=f"add a '{title}' section"
                )


def _norm(sentence: str) -> str:
    return " ".join(words(sentence.lower()))


@register
class DuplicateText(Rule):
    """The same sentence appears in two sections.

    Bad::

        At a glance: "The main goal is to check safety." What: "The main goal is to check safety."

    Good::

        Say it once, where it belongs.
    """

    code = "TD502"
    name = "duplicate-text"
    severity = Severity.WARNING
    document = True
    defaults = {"min_words": 6}

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        first: dict[str, str] = {}
        for section in doc.sections:
            if section.registry:
                continue
            for block in section.blocks:
                for sentence in sentences(block.text):
                    key = _norm(sentence)
                    if len(key.split()) < settings["min_words"]:
                        continue
                    if key in first and first[key] != section.key:
                        yield self.finding(
                            doc,
                            section,
                            f"sentence repeats the {first[key].replace('_', ' ')} section",
                            block=block,
                            snippet=sentence,
                        )
                    first.setdefault(key, section.key)


# ---------------------------------------------------------------- facts


@register
class NoRecord(Rule):
    """No registry record was found for an overlay, so its facts could not be checked.

    The fact rules (TD701-TD710) and the stale-review rule (TD601) compare an
    overlay with its record: ``NCT….yaml``/``.json``/``.xml`` beside it, or in
    ``--records DIR``. Without one, the gate says so once per file rather
    than passing in silence; status, phase, ages and sex are still compared
    with the ``facts`` the front matter keeps, if any.

    Bad::

        overlays/NCT06709469.md checked with no NCT06709469.json anywhere.

    Good::

        trialdocs check overlays/ --records registry/
    """

    code = "TD700"
    name = "no-record"
    severity = Severity.WARNING
    document = True

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        if doc.kind != "overlay" or doc.trial is not None:
            return
        nct = doc.overlay.nct_id if doc.overlay else None
        where = CheckSection("front matter", [Block("", 1, 1)])
        if not nct:
            yield self.finding(doc, where, "overlay names no nct_id, so no record could be found: facts and review not checked")
            return
        partly = "checked against the front matter's facts only" if doc.facts else "not checked"
        yield self.finding(
            doc,
            where,
            f"no record for {nct} beside the overlay or in --records: stale review and facts {partly}",
            suggestion="put the record beside the overlay, or pass --records DIR",
        )


class FactRule(Rule):
    """Base of the fact rules: claims of one topic that the record contradicts."""

    topic: ClassVar[str]

    def applies(self, doc: CheckDocument) -> bool:
        return doc.facts is not None

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        if doc.facts is None or section.key not in facts.TOPIC_SECTIONS[self.topic]:
            return
        for block in section.blocks:
            for claim, fact, said in facts.contradictions(block.text, doc.facts, self.topic, section.key):
                yield self.finding(
                    doc,
                    section,
                    f'text says "{claim.text}"; {said} @ {fact.path}',
                    block=block,
                    snippet=block.text[claim.start :],
                    suggestion="make the text agree with the record (or have the record corrected)",
                )


@register
class AgeContradiction(FactRule):
    """The text gives an age limit the record does not have.

    "18 or older" needs a minimum age of 18; "up to age 30" a maximum of 30;
    "over 18" a minimum of 18 or 19; "under 18" a maximum of 17 or 18.

    Bad::

        You must be 18 or older.   (record: minimum age 12 years)

    Good::

        You must be 12 or older.
    """

    code = "TD701"
    name = "age-contradiction"
    topic = "age"


@register
class SexContradiction(FactRule):
    """The text says who can join by sex, and the record disagrees.

    Bad::

        This study is for women only.   (record: all sexes)

    Good::

        Women and men can join.
    """

    code = "TD702"
    name = "sex-contradiction"
    topic = "sex"


@register
class PhaseContradiction(FactRule):
    """The text names a phase the record does not list.

    Bad::

        This phase 3 study ...   (record: phase 1)

    Good::

        This phase 1 study ...
    """

    code = "TD703"
    name = "phase-contradiction"
    topic = "phase"


@register
class StatusContradiction(FactRule):
    """The text says the study is open, not yet open or closed, and the record disagrees.

    Bad::

        This study is looking for people to join.   (record: completed)

    Good::

        This study has ended.
    """

    code = "TD704"
    name = "status-contradiction"
    topic = "status"


@register
class EnrollmentContradiction(FactRule):
    """The text gives a number of participants the record does not.

    "about", "around", "nearly" allow 15%; "up to", "more than", "at least" are read as bounds.

    Bad::

        About 200 people will take part.   (record: 40)

    Good::

        About 40 people will take part.
    """

    code = "TD705"
    name = "enrollment-contradiction"
    topic = "enrollment"


@register
class GroupsContradiction(FactRule):
    """The text gives a number of groups the record's arms do not match.

    Bad::

        People are put into three groups.   (record: 2 arms)

    Good::

        People are put into two groups.
    """

    code = "TD706"
    name = "groups-contradiction"
    topic = "groups"


@register
class DesignContradiction(FactRule):
    """The text describes a design the record does not have: placebo, sham, chance, blinding.

    A placebo in a study without one, "chance decides your group" in a
    non-randomized study, "you will not be told" in an open-label study:
    each changes what a person agrees to.

    Bad::

        One group gets a placebo.   (record: a single group, no placebo)

    Good::

        Everyone in the study gets the new medicine.
    """

    code = "TD707"
    name = "design-contradiction"
    topic = "design"


#: Exclusions a patient must not miss: (label, scope concepts in the record, words that cover it in lay text).
KEY_EXCLUSIONS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (label, concepts, re.compile(words_re, re.IGNORECASE))
    for label, concepts, words_re in (
        ("pregnancy", ("pregnancy",), r"pregnan|breast-?feed|nursing|\bbaby\b"),
        (
            "prior treatment",
            ("prior_treatment",),
            r"\b(?:treat\w*|medicines?|drugs?|therap\w*|chemo\w*|radiation|radiotherapy|transplant\w*|surgery|vaccin\w*"
            r"|before|already|in the past|earlier|recently)\b",
        ),
        (
            "organ function",
            ("organ_function", "heart"),
            r"\b(?:heart|liver|kidneys?|organs?|lungs?|blood\s+(?:counts?|tests?))\b",
        ),
        (
            "other cancers",
            ("other_cancer",),
            r"\b(?:another|other|second|different|earlier|past|previous)\s+(?:\w+\s+){0,2}cancers?\b(?!\s+(?:medicines?|drugs?|treatments?|therap\w*))"
            r"|\bcancers?\b[^.]{0,40}\b(?:before|in the past)\b",
        ),
        ("infections", ("infection", "hiv", "hepatitis"), r"\b(?:infections?|hiv|hepatitis|virus\w*|tuberculosis|tb)\b"),
    )
)


@register
class OmittedExclusion(Rule):
    """The overlay's "Not a fit" leaves out a key exclusion the record makes.

    Pregnancy, earlier treatments, organ function, other cancers and
    infections are exclusions a patient acts on. When the record's
    exclusion criteria name one and the overlay's "Not a fit" says nothing
    of it, the rule names the criterion. It checks overlays only: drafted
    lists carry a "this list is not complete" line and the full criteria.

    Bad::

        Not a fit: "Your heart does not work well."   (record also excludes: Pregnant or lactating women.)

    Good::

        Not a fit: "Your heart does not work well." "You are pregnant or breastfeeding."
    """

    code = "TD710"
    name = "omitted-exclusion"
    severity = Severity.WARNING
    document = True

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        section = next((s for s in doc.sections if s.key == "not_a_fit"), None)
        if doc.kind != "overlay" or doc.trial is None or section is None:
            return
        criteria = [
            c for c in scoped(doc.trial.eligibility) if c.section == "exclusion" and not c.is_heading and not c.permission
        ]
        for label, concepts, covered in KEY_EXCLUSIONS:
            named = next((c for c in criteria if any(c.asserted(k) for k in concepts)), None)
            if named is None or covered.search(section.text):
                continue
            yield self.finding(
                doc,
                section,
                f'"Not a fit" leaves out the record\'s {label} exclusion: "{named.text[:80]}" @ {named.path}',
                suggestion=f"add a plain line about {label}",
            )


@register
class ResultsNumberMismatch(Rule):
    """A number in a results overlay that the record's posted results do not hold.

    Checks what a reader acts on: "X of Y" (a count and its group size), a
    percentage (against the "X of Y" beside it, or any share the record
    gives), and "N people". The message names the text's value, the
    record's nearest one, and its path. Runs on ``NCT….results.md``
    overlays whose record (beside it, or in ``--records``) has results.

    Bad::

        In Group A, 12 of 41 people (30%) had a serious side effect.   (record: 12 of 40)

    Good::

        In Group A, 12 of 40 people (30%) had a serious side effect.
    """

    code = "TD720"
    name = "results-number-mismatch"
    document = True

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        if doc.overlay is None or not is_results_overlay(doc.overlay.path) or doc.trial is None or doc.trial.results is None:
            return
        record = doc.memo.get("results-numbers")
        if not isinstance(record, RecordNumbers):
            record = doc.memo["results-numbers"] = record_numbers(doc.trial.results)
        for section in doc.sections:
            for block in section.blocks:
                for miss in mismatches(block.text, record):
                    where = f" @ {miss.path}" if miss.path else ""
                    yield self.finding(
                        doc,
                        section,
                        f'text says "{miss.said}"; the record has {miss.record}{where}',
                        block=block,
                        snippet=block.text[miss.start :],
                        suggestion="use the record's number (or have the record corrected)",
                    )


# ---------------------------------------------------------------- stale review


@register
class StaleReview(Rule):
    """The overlay was reviewed against registry facts that have since changed.

    The overlay's front matter keeps the ``reviewed`` date and a ``fingerprint``
    of the facts it was written against (status, phases, ages, sex,
    eligibility, sites). When the fingerprint differs from the record's, the
    overlay is stale, whatever its ``reviewed`` date says (a date in the
    future is an error of its own). After re-reviewing, run
    ``trialdocs check --update-fingerprint``.

    Bad::

        reviewed: 2026-05-15, but the study has since stopped recruiting.

    Good::

        reviewed after the last registry update, with a matching fingerprint.
    """

    code = "TD601"
    name = "stale-review"
    document = True

    def check_document(self, doc: CheckDocument, settings: dict[str, Any], ctx: Context) -> Iterator[Finding]:
        from trialdocs.check.fingerprint import changes, fingerprint

        if doc.overlay is None or doc.trial is None or doc.kind != "overlay":
            return
        overlay = doc.overlay
        where = CheckSection("front matter", [Block("", 1, 1)])
        if overlay.reviewed is not None and overlay.reviewed > dt.date.today():
            yield self.finding(
                doc,
                where,
                f"reviewed: {overlay.reviewed} is in the future; a review date cannot vouch for facts not yet seen",
                suggestion="set reviewed: to the day of the review, then run trialdocs check --update-fingerprint",
            )
        if not overlay.fingerprint:
            yield self.finding(
                doc,
                where,
                "overlay records no fingerprint of the registry facts it was reviewed against",
                severity=Severity.WARNING,
                suggestion="run trialdocs check --update-fingerprint after review",
            )
            return
        if overlay.fingerprint != fingerprint(doc.trial):
            found = changes(overlay.front_matter.get("facts"), doc.trial)
            since = f" since the review on {overlay.reviewed}" if overlay.reviewed else ""
            yield self.finding(
                doc,
                where,
                f"registry record changed{since}: {found}; re-review the page against the record, "
                "then run trialdocs check --update-fingerprint",
                suggestion="re-review the text, then run trialdocs check --update-fingerprint",
            )


@register
class UnusedSuppression(Rule):
    """An inline suppression (``disable``/``noqa``) that suppresses nothing.

    Bad::

        <!-- trialdocs: disable=TD101 --> above text that passes TD101.

    Good::

        Remove the comment.
    """

    code = "TD901"
    name = "unused-suppression"
    severity = Severity.WARNING
    document = True
