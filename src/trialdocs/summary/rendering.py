"""Render a :class:`Summary` as Markdown, HTML, plain text or JSON.

Templates are Jinja2 with StrictUndefined, so a missing value fails loudly
instead of printing nothing. HTML is autoescaped; Markdown values go through
``|md``, which turns a ``<`` that would open a tag (and a ``>`` that would open
a quote) into an entity, so registry text cannot become markup once the
Markdown is rendered.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2

from trialdocs._io import compact_json
from trialdocs.errors import UsageError, pick
from trialdocs.model import Criterion
from trialdocs.summary.build import Section, Summary
from trialdocs.summary.results import ResultsSummary
from trialdocs.summary.sections import DRAFTED_NOTE

Format = Literal["md", "html", "txt", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "txt", "json")
SUFFIX = {"md": ".md", "html": ".html", "txt": ".txt", "json": ".json"}
_BLANK_RUNS = re.compile(r"\n{3,}")
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


_LINK_RE = re.compile(r"\]\s*[(\[:]")


#: Where Markdown reads ``<`` as the start of HTML or an autolink; "HbA1c <7%" is text and stays as written.
_TAG_START_RE = re.compile(r"<(?=[A-Za-z!?]|/[A-Za-z])")
#: A ``>`` that opens a line is a quote in Markdown; anywhere else it is text.
_QUOTE_START_RE = re.compile(r"^(\s*)>", re.MULTILINE)


def _md(value: object) -> str:
    """Record text as Markdown text: no HTML, and no link or image, whatever brackets it holds. Entities only
    where a bracket would become markup, so a reader of the ``.md`` file sees "≥ 18" and "<7%", not "&gt;"."""
    text = _QUOTE_START_RE.sub(r"\1&gt;", _TAG_START_RE.sub("&lt;", str(value)))
    if "[" in text and _LINK_RE.search(text):
        text = text.replace("[", "&#91;")
    return text


def _wrap(value: object) -> str:
    return textwrap.fill(str(value), width=78, break_long_words=False, break_on_hyphens=False)


def _criteria_md(items: tuple[Criterion, ...], depth: int = 0) -> str:
    lines = []
    for item in items:
        lines.append(f"{'  ' * depth}- {_md(item.text)}")
        if item.children:
            lines.append(_criteria_md(item.children, depth + 1))
    return "\n".join(lines)


def _criteria_txt(items: tuple[Criterion, ...], depth: int = 0) -> str:
    lines = []
    for item in items:
        indent = "  " * depth
        lines.append(
            textwrap.fill(
                item.text, width=78, initial_indent=f"{indent}- ", subsequent_indent=f"{indent}  ", break_long_words=False
            )
        )
        if item.children:
            lines.append(_criteria_txt(item.children, depth + 1))
    return "\n".join(lines)


@cache
def environment(template_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default=False),
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = _md
    env.filters["wrap"] = _wrap
    env.globals["criteria_md"] = _criteria_md
    env.globals["criteria_txt"] = _criteria_txt
    env.globals["drafted_note"] = DRAFTED_NOTE
    return env


def _section_json(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {
        "key": section.key,
        "title": section.title,
        "source": section.source,
        "text": section.text,
        "paragraphs": [p.text for p in section.paragraphs if not p.bullet],
        "bullets": [p.text for p in section.paragraphs if p.bullet],
        "readability": section.figures.as_dict(),
        "provenance": [
            {"text": line.text, "source": line.source, **({"original": line.original} if line.original else {})}
            for p in section.paragraphs
            for line in p.sentences
        ],
    }


def _criteria_json(items: tuple[Criterion, ...]) -> list[dict[str, Any]]:
    return [{"text": c.text, "children": _criteria_json(c.children)} for c in items]


def to_json_data(s: Summary) -> dict[str, Any]:
    """Every section with its source and readability figures, for sites that render it themselves."""
    return {
        "nct_id": s.nct_id,
        "url": s.url,
        "sections": {
            key: _section_json(getattr(s, key))
            for key in ("title", "at_a_glance", "what", "good_fit", "not_a_fit", "benefit", "similar_studies")
            if getattr(s, key) is not None
        },
        "quick_facts": [{"label": f.label, "value": f.value, **({"link": f.link} if f.link else {})} for f in s.facts],
        "eligibility": {"inclusion": _criteria_json(s.inclusion), "exclusion": _criteria_json(s.exclusion)},
        "locations": {
            "count": s.site_count,
            "countries": [
                {"name": c.name, "sites": [{"name": x.name, "city": x.city, "recruiting": x.recruiting} for x in c.sites]}
                for c in s.countries
            ],
        },
        "contacts": list(s.contacts),
        "how_to_take_part": list(s.steps),
        "record_date": s.record_date,
        "reviewed": s.reviewed,
        "disclaimer": s.disclaimer,
        "phase_steps": list(s.phase_steps),
        "notice": s.notice,
        "timeline": s.timeline,
    }


def render(summary: Summary, format: Format = "md", templates: str | Path | None = None) -> str:
    """The summary in one format. ``templates`` points at a directory of the user's own templates."""
    format = pick(format, FORMATS, "summary format")  # type: ignore[assignment]
    if format == "json":
        return _json(to_json_data(summary))
    return _template("summary", format, templates, summary)


def render_results(summary: ResultsSummary, format: Format = "md", templates: str | Path | None = None) -> str:
    """The results summary in one format (``results.<format>.j2`` templates)."""
    format = pick(format, FORMATS, "summary format")  # type: ignore[assignment]
    if format == "json":
        return _json(results_json_data(summary))
    return _template("results", format, templates, summary)


def _json(data: dict[str, Any]) -> str:
    # Compact: the C encoder is several times faster than an indented dump.
    return compact_json(data) + "\n"


def _template(name: str, format: Format, templates: str | Path | None, summary: object) -> str:
    directory = Path(templates) if templates is not None else BUNDLED_TEMPLATES
    try:
        text = environment(str(directory)).get_template(f"{name}.{format}.j2").render(s=summary)
    except jinja2.TemplateNotFound:
        raise UsageError(f"template {name}.{format}.j2 not found in {directory}") from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"template {name}.{format}.j2: {exc}") from None
    return _BLANK_RUNS.sub("\n\n", text) if format in ("md", "txt") else text


def results_json_data(s: ResultsSummary) -> dict[str, Any]:
    """The ten elements in order, each block with every line's source path, and the charts in words."""
    return {
        "kind": "results",
        "nct_id": s.nct_id,
        "url": s.url,
        "title": {"text": s.title, "source": s.title_source},
        "elements": [
            {
                "number": e.number,
                "key": e.key,
                "title": e.title,
                "source": e.source,
                "text": e.text,
                "readability": e.figures.as_dict() if e.text else None,
                "blocks": [
                    {
                        "kind": b.kind,
                        **({"label": b.label} if b.label else {}),
                        "lines": [{"text": line.text, "source": line.source} for line in b.lines],
                    }
                    for b in e.blocks
                ],
                **(
                    {"chart": {"kind": e.chart.kind, "title": e.chart.title, "description": e.chart.description}}
                    if e.chart
                    else {}
                ),
            }
            for e in s.elements
        ],
        "eligibility": {"inclusion": _criteria_json(s.inclusion), "exclusion": _criteria_json(s.exclusion)},
        "record_date": s.record_date,
        "disclaimer": s.disclaimer,
    }
