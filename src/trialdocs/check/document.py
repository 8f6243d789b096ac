"""What the gate reads: any input turned into lay sections with positions.

An overlay keeps file lines; a rendered JSON summary keeps JSON paths; a
canonical YAML or CT.gov record is checked as the summary ``trialdocs
summary`` would produce, with lines found in the file where the text came
from it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from trialdocs.check.facts import RecordFacts
from trialdocs.criteria import has_inline_syntax, parse_inline
from trialdocs.errors import NotATrialError, SourceError, UnreadableInputError
from trialdocs.model import Criterion, Trial
from trialdocs.readability import words
from trialdocs.sources import iter_bytes, iter_load
from trialdocs.summary.overlay import (
    HEADINGS,
    NO_SECTIONS,
    RESULTS_HEADINGS,
    Directive,
    Overlay,
    find_overlay,
    parse_overlay,
    readable,
)
from trialdocs.summary.sections import DRAFTED_NOTE, SECTION_TITLES

if TYPE_CHECKING:
    from trialdocs.summary.build import Summary

MAX_CHECK_BYTES = 16 * 1024 * 1024
_TITLE_KEYS = {title.lower(): key for key, title in SECTION_TITLES.items()}
_RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".xml")


@dataclass(frozen=True)
class Block:
    text: str
    line: int = 0
    col: int = 0


@dataclass
class CheckSection:
    key: str
    blocks: list[Block]
    source: str = "overlay"
    json_path: str | None = None
    #: Registry text (eligibility criteria) is checked for jargon only.
    registry: bool = False
    _text: tuple[list[Block], str] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        joined = self._text
        if joined is None or joined[0] is not self.blocks:
            joined = self._text = (self.blocks, " ".join(b.text for b in self.blocks))
        return joined[1]


@dataclass
class CheckDocument:
    file: str
    kind: str
    sections: list[CheckSection]
    lines: list[str] = field(default_factory=list)
    overlay: Overlay | None = None
    trial: Trial | None = None
    directives: list[Directive] = field(default_factory=list)
    summary: Summary | None = None
    #: Per-document working space for rules that look across sections (first uses, definitions).
    memo: dict[str, object] = field(default_factory=dict, repr=False)

    @cached_property
    def facts(self) -> RecordFacts | None:
        """The facts the lay text is checked against: the record's, else the overlay's front matter's."""
        if self.trial is not None:
            return RecordFacts.from_trial(self.trial)
        if self.overlay is not None:
            return RecordFacts.from_front_matter(self.overlay.front_matter.get("facts"))
        return None

    @cached_property
    def familiar(self) -> frozenset[str]:
        """Words of the names the record gives (treatments, illnesses, arms, keywords, sponsor, places).

        A reader meets them anyway, and no plainer word names the same thing.
        """
        t = self.trial
        if t is None:
            return frozenset()
        names = [
            *(i.name for i in t.interventions),
            *(n for i in t.interventions for n in i.other_names),
            *t.conditions,
            *t.condition_mesh_terms,
            *t.keywords,
            *(a.label for a in t.arms),
            t.acronym or "",
            t.sponsor.name,
            *(c.name for c in t.collaborators),
            *(part for loc in t.locations for part in (loc.facility, loc.city, loc.state, loc.country) if part),
        ]
        return frozenset(w.lower() for name in names for w in words(name))

    @cached_property
    def _offsets(self) -> list[int]:
        """Offset of each line's first character in the joined file text."""
        offsets, at = [], 0
        for line in self.lines:
            offsets.append(at)
            at += len(line) + 1
        return offsets

    @cached_property
    def _joined(self) -> str:
        return "\n".join(self.lines)

    def locate(self, snippet: str, block: Block) -> tuple[int, int]:
        """Line and column of ``snippet`` in the file, searching from the block's line.

        The first three words are matched with any whitespace between them, so
        text the file wraps over two lines (or indents, in YAML) is found where
        it is, not at a later line that happens to hold the same words on one line.
        One word is the fallback, for text the file escapes or marks up.
        """
        if not self.lines:
            return block.line, block.col
        start = self._offsets[min(max(block.line - 1, 0), len(self.lines) - 1)]
        parts = snippet.split()
        for n in (3, 1):
            if not parts[:n]:
                continue
            at = self._joined.find(" ".join(parts[:n]), start)
            if at < 0 or "\n" in self._joined[start:at]:
                match = re.compile(r"\s+".join(map(re.escape, parts[:n]))).search(self._joined, start)
                if match is not None and (at < 0 or match.start() < at):
                    at = match.start()
            if at >= 0:
                line = bisect_right(self._offsets, at)
                return line, at - self._offsets[line - 1] + 1
        return block.line, block.col


def _criteria_blocks(items: tuple[Criterion, ...]) -> list[Block]:
    out: list[Block] = []
    for item in items:
        out.append(Block(item.text))
        out += _criteria_blocks(item.children)
    return out


def from_summary(summary: Summary) -> list[CheckSection]:
    """The lay sections of a built summary, plus the criteria (jargon only)."""
    sections = []
    for sec in summary.lay_sections:
        blocks = [Block(p.text, p.line or 0, 1 if p.line else 0) for p in sec.paragraphs]
        sections.append(CheckSection(sec.key, blocks, sec.source, json_path=f"$.summary.{sec.key}"))
    criteria = _criteria_blocks(summary.inclusion) + _criteria_blocks(summary.exclusion)
    if criteria:
        sections.append(CheckSection("criteria", criteria, "registry", json_path="$.eligibility", registry=True))
    return sections


def _overlay_document(path: Path, text: str, records: Path | None) -> CheckDocument:
    overlay = parse_overlay(text, path)
    if not readable(overlay):
        raise UnreadableInputError(NO_SECTIONS, file=str(path))
    named = _NCT_NAME.search(path.name)
    trial = _find_record(path, overlay.nct_id or (named.group(0).upper() if named else None), records)
    sections: list[CheckSection] = []
    if overlay.lay_title:
        sections.append(CheckSection("title", [Block(overlay.lay_title, overlay.title_line, 1)]))
    for key, written in overlay.sections.items():
        sections.append(CheckSection(key, [Block(b.text, b.line, 1) for b in written.blocks]))
    doc = CheckDocument(str(path), "overlay", sections, text.splitlines(), overlay, trial, list(overlay.directives))
    for section in doc.sections:
        section.blocks = [Block(b.text, *doc.locate(b.text, b)) for b in section.blocks]
    return doc


def _find_record(path: Path, nct_id: str | None, records: Path | None) -> Trial | None:
    """The registry record beside an overlay (or in ``--records DIR``), if any."""
    if not nct_id:
        return None
    for directory in (records, path.parent):
        if directory is None:
            continue
        for suffix in _RECORD_SUFFIXES:
            candidate = directory / f"{nct_id}{suffix}"
            if candidate.is_file():
                for item in iter_load([candidate]):
                    if isinstance(item, Trial):
                        return item
                    raise UnreadableInputError(
                        f"its record {candidate} cannot be read, so its facts cannot be checked: {item}", file=str(path)
                    )
    return None


def _record_documents(path: Path, text: str, overlays: Path | None) -> list[CheckDocument]:
    from trialdocs.summary.build import build_summary

    docs = []
    for item in iter_bytes(text.encode("utf-8"), file=str(path), suffix=path.suffix.lower()):
        if isinstance(item, SourceError):
            raise item
        overlay = find_overlay(overlays, item.nct_id) if overlays else None
        summary = build_summary(item, overlay)
        lines = text.splitlines()
        doc = CheckDocument(str(path), "record", from_summary(summary), lines, overlay, item, summary=summary)
        # Search for lay text from the lay block on, and for criteria from the
        # criteria on, so a lay title equal to the brief title is not placed
        # on the brief title's line.
        lay_line = _key_line(lines, ("lay:", '"lay":'))
        criteria_line = _key_line(lines, ("eligibility:", '"eligibilityCriteria"', "<criteria>", '"eligibility":'))
        for section in doc.sections:
            if section.registry:
                section.blocks = [Block(b.text, criteria_line, 0) for b in section.blocks]
            elif section.source == "overlay":
                section.blocks = [Block(b.text, *doc.locate(b.text, Block(b.text, lay_line, 1))) for b in section.blocks]
        docs.append(doc)
    return docs


def _key_line(lines: list[str], keys: tuple[str, ...]) -> int:
    """1-based line of the first line that starts with one of ``keys`` (after indentation), or 1."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith(keys):
            return i + 1
    return 1


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])[ \t]+")


def _markdown_summary(path: Path, text: str) -> CheckDocument:
    """The lay sections of a rendered Markdown summary.

    Only what the rules read is parsed: the file is split into headings and
    paragraphs (or list items) line by line, the paragraphs under headings
    that are not lay sections (eligibility, places, contacts) are passed
    over, and Markdown inline syntax is resolved only in the paragraphs kept.
    """
    lines = text.splitlines()
    sections: dict[str, CheckSection] = {}
    current: str | None = None
    pending: list[str] = []
    start = column = 0

    def flush() -> None:
        nonlocal pending
        if pending and current:
            joined = " ".join(pending)
            if joined.strip("_* ") == DRAFTED_NOTE:
                pending = []
                return
            body = parse_inline(joined) if has_inline_syntax(joined) else " ".join(joined.split())
            if body and body != DRAFTED_NOTE:
                sections.setdefault(current, CheckSection(current, [])).blocks.append(Block(body, start, column))
        pending = []

    for number, line in enumerate(lines, 1):
        heading = _HEADING.match(line)
        if heading:
            flush()
            raw = heading.group(2)
            title = parse_inline(raw) if has_inline_syntax(raw) else raw.strip()
            if len(heading.group(1)) == 1:
                sections["title"] = CheckSection("title", [Block(title, number, len(heading.group(1)) + 2)])
                current = "at_a_glance"
            else:
                current = _TITLE_KEYS.get(title.lower())
            continue
        if not line.strip():
            flush()
            if current == "at_a_glance" and "at_a_glance" in sections:
                current = None
            continue
        if current is None:
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            line = line[item.end() :]
            column = item.end() + 1
        elif not pending:
            column = len(line) - len(line.lstrip()) + 1
        if not pending:
            start = number
        pending.append(line.strip())
    flush()
    return CheckDocument(str(path), "summary-md", list(sections.values()), lines)


class _HtmlSections(HTMLParser):
    """Collects the lay sections of a rendered summary page, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, CheckSection] = {}
        self.current: str | None = None
        self.capture: str | None = None
        self.buffer: list[str] = []
        self.start = (0, 0)
        self.skip = False
        #: Inside <details class="source"> (a drafted bullet's registry words): not the page's own text.
        self.in_source = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "details" and ("source" in classes.split() or self.in_source):
            self.in_source += 1
            return
        if self.in_source:
            return
        if tag in ("h1", "h2", "h3", "p", "li"):
            self.capture, self.buffer, self.start = tag, [], self.getpos()
            self.skip = "draft-note" in classes
            if tag == "p" and "glance" in classes:
                self.current = "at_a_glance"

    def handle_endtag(self, tag: str) -> None:
        if self.in_source:
            if tag == "details":
                self.in_source -= 1
            return
        if tag != self.capture:
            return
        text = " ".join("".join(self.buffer).split())
        self.capture = None
        line, col = self.start
        if tag == "h1":
            self.sections["title"] = CheckSection("title", [Block(text, line, col + 1)])
        elif tag in ("h2", "h3"):
            self.current = _TITLE_KEYS.get(text.lower())
        elif self.current and text and not self.skip:
            self.sections.setdefault(self.current, CheckSection(self.current, [])).blocks.append(Block(text, line, col + 1))

    def handle_data(self, data: str) -> None:
        if self.capture and not self.in_source:
            self.buffer.append(data)


def _html_summary(path: Path, text: str) -> CheckDocument:
    parser = _HtmlSections()
    parser.feed(text)
    return CheckDocument(str(path), "summary-html", list(parser.sections.values()), text.splitlines())


def _json_summary(path: Path, data: dict[str, object]) -> CheckDocument:
    sections = []
    raw = data.get("sections")
    if not isinstance(raw, dict):
        raise UnreadableInputError("not a trialdocs summary (no sections)", file=str(path))
    for key, value in raw.items():
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            blocks = [Block(str(t)) for t in (value.get("paragraphs") or []) + (value.get("bullets") or [])] or [
                Block(value["text"])
            ]
            sections.append(CheckSection(key, blocks, str(value.get("source", "overlay")), json_path=f"$.sections.{key}.text"))
    return CheckDocument(str(path), "summary-json", sections)


_FRONT = re.compile(r"\A\s*---\s*\n")
_LAY_HEADING = re.compile(
    r"^#{2,3}[ \t]+(" + "|".join(re.escape(t) for t in [*SECTION_TITLES.values(), *HEADINGS, *RESULTS_HEADINGS]) + r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NCT_NAME = re.compile(r"NCT\d{8}", re.IGNORECASE)


class NotCheckable(Exception):
    """A file the gate passes over (with a note): not an overlay, a summary or a record."""


def kind_of(path: Path, text: str) -> str:
    """Which reader a file needs, decided from its name and its first lines.

    Raises :class:`NotCheckable` for files that hold no lay text, such as a
    README or a YAML configuration lying beside the overlays.
    """
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        if _FRONT.match(text) and re.search(r"^nct_id\s*:", text[:4000], re.MULTILINE):
            return "overlay"
        lay = _LAY_HEADING.search(text)
        if lay and text.lstrip().startswith("# "):
            return "summary-md"
        if lay and _NCT_NAME.search(path.name):
            return "overlay"
        raise NotCheckable("not an overlay or a rendered summary (no front matter with nct_id, no lay-section headings)")
    if suffix in (".html", ".htm"):
        if re.search(r"<h[23][^>]*>\s*(" + "|".join(map(re.escape, SECTION_TITLES.values())) + ")", text, re.IGNORECASE):
            return "summary-html"
        raise NotCheckable("not a rendered summary page (no lay-section headings)")
    if suffix in (".xml",):
        if "<clinical_study" in text[:5000]:
            return "record"
        raise NotCheckable("not a ClinicalTrials.gov XML record")
    return "record"


def load_documents(path: Path, *, records: Path | None = None, overlays: Path | None = None) -> list[CheckDocument]:
    """Turn one input file into the documents the gate checks.

    Raises :class:`NotCheckable` for a file with no lay text to check, and
    :class:`~trialdocs.errors.SourceError` for one that cannot be read.
    """
    try:
        size = path.stat().st_size
        if size > MAX_CHECK_BYTES:
            raise UnreadableInputError(f"file is {size} bytes, over the {MAX_CHECK_BYTES}-byte limit", file=str(path))
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(f"cannot read: {exc}", file=str(path)) from None
    kind = kind_of(path, text)
    if kind == "overlay":
        return [_overlay_document(path, text, records)]
    if kind in ("summary-md", "summary-html"):
        doc = _markdown_summary(path, text) if kind == "summary-md" else _html_summary(path, text)
        named = _NCT_NAME.search(path.name)
        doc.trial = _find_record(path, named.group(0).upper(), records) if named else None
        return [doc]
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnreadableInputError(
                f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", file=str(path)
            ) from None
        if isinstance(data, dict) and "sections" in data and "nct_id" in data and "quick_facts" in data:
            return [_json_summary(path, data)]
    try:
        return _record_documents(path, text, overlays)
    except NotATrialError as exc:
        raise NotCheckable(exc.message) from None


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the checkable files inside directories (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in (".md", ".html", ".json", ".yaml", ".yml", ".xml")
            )
        else:
            out.append(path)
    return out


__all__ = ["Block", "CheckDocument", "CheckSection", "NotCheckable", "expand", "from_summary", "kind_of", "load_documents"]
