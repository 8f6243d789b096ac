"""Editorial overlays: ``NCT06709469.md`` with YAML front matter and ``##`` sections.

Editors write plain-language text here; it always wins over drafted text.
The parser keeps the line of every section and paragraph, so the readability
gate can point into the file by line and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from trialdocs._io import load_yaml
from trialdocs.criteria import inline_text
from trialdocs.errors import SourceError

_MD = MarkdownIt("commonmark").disable(["code", "html_block", "html_inline", "image"])
_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)

#: Section headings editors use, and the lay field each fills.
HEADINGS: dict[str, str] = {
    "at a glance": "at_a_glance",
    "what this trial studies": "what",
    "what this study is about": "what",
    "good fit": "good_fit",
    "who is a good fit": "good_fit",
    "not a fit": "not_a_fit",
    "who is not a fit": "not_a_fit",
    "potential benefit": "benefit",
    "why it matters": "benefit",
    "how similar studies have performed": "similar_studies",
    "quick facts": "facts",
    "how to take part": "steps",
}

#: Headings of a results overlay (``NCT….results.md``): the results page's own
#: titles and Annex V's names for its ten elements.
RESULTS_HEADINGS: dict[str, str] = {
    "about this trial": "identification",
    "about this study": "identification",
    "trial identification": "identification",
    "who ran the trial": "sponsor",
    "who ran the study": "sponsor",
    "sponsor": "sponsor",
    "why and when the trial was done": "general",
    "why and when the study was done": "general",
    "general information": "general",
    "who took part": "population",
    "population": "population",
    "what treatments were studied": "products",
    "investigational medicinal products": "products",
    "side effects": "side_effects",
    "adverse reactions": "side_effects",
    "what the results were": "results",
    "overall results": "results",
    "comments on the results": "comments",
    "comments on the outcome": "comments",
    "follow-up trials": "follow_up",
    "follow-up studies": "follow_up",
    "where to find more information": "more_info",
    "more information": "more_info",
}
_NUMBERED = re.compile(r"^\d+[.)]\s*")

#: Overlay sections that are not lay text fields (they replace page items).
PAGE_ITEMS = ("facts", "steps")


_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DIRECTIVE_RE = re.compile(
    r"^\s*(?:trialdocs:\s*(?P<kind>disable|enable|noqa)(?:\s*=\s*(?P<codes>[\w ,]+))?|(?P<noqa>noqa)(?:\s*:\s*(?P<qcodes>[\w ,]+))?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Directive:
    """An inline suppression: ``<!-- trialdocs: disable=TD101 -->``, ``enable=…`` or ``noqa``.

    No codes means every rule.
    """

    kind: str
    codes: tuple[str, ...]
    line: int


def _strip_comments(text: str) -> tuple[str, list[Directive]]:
    """Blank out HTML comments (keeping line breaks, so positions hold) and read directives."""
    directives: list[Directive] = []

    def blank(match: re.Match[str]) -> str:
        found = _DIRECTIVE_RE.match(match.group(1))
        if found:
            kind = (found.group("kind") or found.group("noqa")).lower()
            codes = found.group("codes") or found.group("qcodes") or ""
            directives.append(
                Directive(
                    kind, tuple(c.strip().upper() for c in codes.split(",") if c.strip()), text.count("\n", 0, match.start()) + 1
                )
            )
        return re.sub(r"[^\n]", " ", match.group(0))

    return _COMMENT_RE.sub(blank, text), directives


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item, with its 1-based line in the overlay file."""

    text: str
    line: int
    bullet: bool = False


@dataclass(frozen=True)
class OverlaySection:
    key: str
    heading: str
    line: int
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The section as Markdown: paragraphs, and bullets as ``- `` lines."""
        return "\n\n".join(f"- {b.text}" if b.bullet else b.text for b in self.blocks)


@dataclass(frozen=True)
class Overlay:
    path: str
    nct_id: str | None
    lay_title: str | None
    reviewed: dt.date | None
    fingerprint: str | None
    sections: dict[str, OverlaySection]
    title_line: int = 1
    unknown_headings: tuple[tuple[str, int], ...] = ()
    front_matter: dict[str, Any] = field(default_factory=dict)
    directives: tuple[Directive, ...] = ()

    def lay_fields(self) -> dict[str, Any]:
        """The overlay as ``LaySummary`` fields (only what it sets)."""
        out: dict[str, Any] = {
            key: section.text for key, section in self.sections.items() if section.text and key not in PAGE_ITEMS
        }
        if self.lay_title:
            out["title"] = self.lay_title
        if self.reviewed:
            out["reviewed"] = self.reviewed
        if self.fingerprint:
            out["fingerprint"] = self.fingerprint
        return out


def is_results_overlay(path: str | Path) -> bool:
    return Path(path).name.lower().endswith(".results.md")


def parse_overlay(text: str, path: str | Path = "<overlay>", headings: dict[str, str] | None = None) -> Overlay:
    """Parse an overlay document; a bad front matter raises SourceError naming the file.

    ``headings`` defaults to the lay summary's, or the results page's for a
    file named ``NCT….results.md``.
    """
    if headings is None:
        headings = RESULTS_HEADINGS if is_results_overlay(path) else HEADINGS
    text, directives = _strip_comments(text.replace("\r\n", "\n"))
    match = _FRONT_RE.match(text)
    front: dict[str, Any] = {}
    body_offset = 0
    if match:
        try:
            loaded = load_yaml(match.group(1))
        except yaml.YAMLError as exc:
            raise SourceError(
                f"invalid front matter: {' '.join(str(exc).split())}", file=str(path), path="front matter"
            ) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise SourceError("front matter must be a mapping", file=str(path), path="front matter")
        front = loaded or {}
        body_offset = match.group(0).count("\n")
    body = text[match.end() :] if match else text
    reviewed = front.get("reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            raise SourceError(f"reviewed is not a date: {reviewed!r}", file=str(path), path="front matter.reviewed") from None
    if reviewed is not None and not isinstance(reviewed, dt.date):
        raise SourceError("reviewed is not a date", file=str(path), path="front matter.reviewed")
    sections, unknown = _sections(body, body_offset, headings)
    title_line = next((i + 1 for i, line in enumerate(text.splitlines()) if line.startswith("lay_title:")), 1)
    return Overlay(
        path=str(path),
        nct_id=str(front["nct_id"]) if front.get("nct_id") else None,
        lay_title=str(front["lay_title"]).strip() if front.get("lay_title") else None,
        reviewed=reviewed,
        fingerprint=str(front["fingerprint"]) if front.get("fingerprint") else None,
        sections=sections,
        title_line=title_line,
        unknown_headings=tuple(unknown),
        front_matter=front,
        directives=tuple(directives),
    )


def _sections(body: str, offset: int, headings: dict[str, str]) -> tuple[dict[str, OverlaySection], list[tuple[str, int]]]:
    tokens = _MD.parse(body)
    sections: dict[str, OverlaySection] = {}
    unknown: list[tuple[str, int]] = []
    current: tuple[str, str, int] | None = None
    blocks: list[Block] = []
    in_item = 0

    def close() -> None:
        if current is not None:
            sections[current[0]] = OverlaySection(current[0], current[1], current[2], tuple(blocks))

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] if tok.map else 0) + offset + 1
        heading = inline_text(tokens[i + 1]) if tok.type == "heading_open" else ""
        key = headings.get(_NUMBERED.sub("", heading.lower().rstrip(":"))) if heading else None
        if tok.type == "heading_open" and (tok.tag in ("h2", "h3") or key):  # any heading style or level that names a section
            close()
            blocks = []
            current = (key, heading, line) if key else None
            if not key:
                unknown.append((heading, line))
            i += 3
            continue
        if tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "paragraph_open" and current is not None:
            text = inline_text(tokens[i + 1])
            if text:
                blocks.append(Block(text, line, bullet=in_item > 0))
        i += 1
    close()
    return sections, unknown


NO_SECTIONS = "no section the gate recognises (use the page's headings, e.g. '## At a glance'), so nothing would be checked"


def readable(overlay: Overlay) -> bool:
    """Whether the gate can check the overlay: it has a section it knows, or is a title alone."""
    return bool(overlay.sections) or (overlay.lay_title is not None and not overlay.unknown_headings)


def load_overlay(path: str | Path) -> Overlay:
    """An overlay file; one the gate could not check is refused, so nothing unchecked is published."""
    p = Path(path)
    try:
        overlay = parse_overlay(p.read_text("utf-8"), p)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read overlay: {exc}", file=str(p)) from None
    if not readable(overlay):
        raise SourceError(NO_SECTIONS, file=str(p))
    return overlay


def find_overlay(directory: str | Path, nct_id: str, *, results: bool = False) -> Overlay | None:
    """``DIR/NCT….md`` (or ``DIR/NCT….results.md``) if it exists."""
    path = Path(directory) / f"{nct_id}{'.results' if results else ''}.md"
    return load_overlay(path) if path.is_file() else None
