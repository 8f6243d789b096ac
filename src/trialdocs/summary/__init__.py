"""Plain-language lay summaries: build once, render as Markdown, HTML, text or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trialdocs.model import Trial
from trialdocs.summary.build import Section, Summary, build_summary
from trialdocs.summary.overlay import Overlay, find_overlay, load_overlay, parse_overlay
from trialdocs.summary.render import FORMATS, Format, render, to_json_data


def summary(
    trial: Trial,
    format: Format = "md",
    *,
    overlay: Overlay | None = None,
    templates: str | Path | None = None,
    today: dt.date | None = None,
) -> str:
    """The lay summary of ``trial`` in one format (the library side of ``trialdocs summary``)."""
    return render(build_summary(trial, overlay, today=today), format, templates)


__all__ = [
    "FORMATS",
    "Format",
    "Overlay",
    "Section",
    "Summary",
    "build_summary",
    "find_overlay",
    "load_overlay",
    "parse_overlay",
    "render",
    "summary",
    "to_json_data",
]
