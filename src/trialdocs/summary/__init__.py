"""Plain-language lay summaries: build once, render as Markdown, HTML, text or JSON.

Names are imported on first use (PEP 562): the readability gate reads
overlays with :mod:`trialdocs.summary.overlay` and should not pay for the
drafting and template machinery.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trialdocs.model import Trial
    from trialdocs.summary.build import Section, Summary, build_summary
    from trialdocs.summary.overlay import Overlay, find_overlay, load_overlay, parse_overlay
    from trialdocs.summary.rendering import FORMATS, Format, render, to_json_data


def summary(
    trial: Trial,
    format: Format = "md",
    *,
    overlay: Overlay | None = None,
    templates: str | Path | None = None,
    today: dt.date | None = None,
) -> str:
    """The lay summary of ``trial`` in one format (the library side of ``trialdocs summary``)."""
    from trialdocs.summary.build import build_summary
    from trialdocs.summary.rendering import render

    return render(build_summary(trial, overlay, today=today), format, templates)


_LAZY = {
    "FORMATS": "rendering",
    "Format": "rendering",
    "render": "rendering",
    "to_json_data": "rendering",
    "Section": "build",
    "Summary": "build",
    "build_summary": "build",
    "Overlay": "overlay",
    "find_overlay": "overlay",
    "load_overlay": "overlay",
    "parse_overlay": "overlay",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'trialdocs.summary' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trialdocs.summary.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


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
