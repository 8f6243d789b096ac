"""The rule registry. Every rule has a code, a name, defaults, a severity and a
docstring with a bad and a good example (``trialdocs rules TD101`` prints it).

Rules look at one section at a time, or (``document = True``) at a whole
document. Their test cases are data: ``tests/check/rules/TD*.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from trialdocs import model
from trialdocs.check.document import Block, CheckDocument, CheckSection
from trialdocs.check.findings import Finding, Severity
from trialdocs.lexicon import Lexicon
from trialdocs.readability import Counts, count, words

REQUIRED_SECTIONS = ("good_fit", "not_a_fit", "benefit")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


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

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        counts = count(section.text)
        if not counts.words:
            return
        value = float(getattr(counts, self.metric))
        limit = float(settings["max"] if self.higher_is_worse else settings["min"])
        if (value > limit) if self.higher_is_worse else (value < limit):
            short = counts.words < ctx.min_words
            word = "above the maximum" if self.higher_is_worse else "below the minimum"
            note = f"; short text ({counts.words} words), so only a warning" if short else ""
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

    SMOG counts words of three or more syllables per sentence.

    Bad::

        Immunosuppressive therapy precludes participation in investigational protocols.

    Good::

        You cannot join if you take medicine that weakens the immune system.
    """

    code = "TD103"
    name = "smog"
    severity = Severity.WARNING
    defaults = {"max": 10}
    metric = "smog"
    label = "SMOG index"


@register
class DaleChall(FormulaRule):
    """Dale-Chall score above its maximum (default 8.0).

    The score grows with words outside the Dale-Chall list of familiar words.

    Bad::

        Contraindications include hepatic impairment and concomitant anticoagulation.

    Good::

        You cannot join if your liver does not work well or you take a blood thinner.
    """

    code = "TD104"
    name = "dale-chall"
    severity = Severity.WARNING
    defaults = {"max": 8.0}
    metric = "dale_chall"
    label = "Dale-Chall score"


# ---------------------------------------------------------------- length


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


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


# ---------------------------------------------------------------- jargon


@register
class Jargon(Rule):
    """A medical term from the jargon lexicon; the plain alternatives are the suggestion.

    The lexicon is shared with summary drafting; extend it with ``lexicon = [...]``
    in the configuration or ``--lexicon FILE``.

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
        seen: set[str] = set()
        for block in section.blocks:
            for start, end, term in ctx.lexicon.find(block.text):
                if term in seen:
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


# ---------------------------------------------------------------- leaks


def _enum_pattern() -> re.Pattern[str]:
    values = {
        m.value
        for name in dir(model)
        if isinstance(obj := getattr(model, name), type) and issubclass(obj, StrEnum) and obj is not StrEnum
        for m in obj
    }
    coded = sorted((v for v in values if "_" in v or any(c.isdigit() for c in v)), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(coded) + r")\b")


class PatternRule(Rule):
    pattern: ClassVar[re.Pattern[str]]
    what: ClassVar[str]
    fix: ClassVar[str]

    def check_section(
        self, section: CheckSection, settings: dict[str, Any], ctx: Context, doc: CheckDocument
    ) -> Iterator[Finding]:
        for block in section.blocks:
            for match in self.pattern.finditer(block.text):
                yield self.finding(
                    doc,
                    section,
                    f"{self.what} {match.group(0)!r}",
                    block=block,
                    snippet=block.text[match.start() :],
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
    pattern = _enum_pattern()
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


# ---------------------------------------------------------------- stale review


@register
class StaleReview(Rule):
    """The overlay was reviewed against registry facts that have since changed.

    The overlay's front matter keeps the ``reviewed`` date and a ``fingerprint``
    of the facts it was written against (status, phases, ages, sex,
    eligibility, sites). When the record's last update is newer and the
    fingerprint differs, the overlay is stale. After re-reviewing, run
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
        from trialdocs.check.fingerprint import changes, fingerprint, record_updated

        if doc.overlay is None or doc.trial is None or doc.kind != "overlay":
            return
        overlay = doc.overlay
        where = CheckSection("front matter", [Block("", 1, 1)])
        if not overlay.fingerprint:
            yield self.finding(
                doc,
                where,
                "overlay records no fingerprint of the registry facts it was reviewed against",
                severity=Severity.WARNING,
                suggestion="run trialdocs check --update-fingerprint after review",
            )
            return
        updated = record_updated(doc.trial)
        newer = overlay.reviewed is None or updated is None or updated > overlay.reviewed
        if newer and overlay.fingerprint != fingerprint(doc.trial):
            found = changes(overlay.front_matter.get("facts"), doc.trial)
            since = f" since the review on {overlay.reviewed}" if overlay.reviewed else ""
            yield self.finding(
                doc,
                where,
                f"registry record changed{since}: {found}",
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
