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
    from trialdocs.summary.rendering import FORMATS, Format, render, render_results, to_json_data
    from trialdocs.summary.results import ResultsSummary, build_results


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


def results_summary(
    trial: Trial,
    format: Format = "md",
    *,
    overlay: Overlay | None = None,
    templates: str | Path | None = None,
) -> str:
    """The lay summary of ``trial``'s posted results (EU CTR Annex V), in one format.

    Raises :class:`~trialdocs.errors.NoResultsError` for a study without results.
    """
    from trialdocs.summary.rendering import render_results
    from trialdocs.summary.results import build_results

    return render_results(build_results(trial, overlay), format, templates)


_LAZY = {
    "ResultsSummary": "results",
    "build_results": "results",
    "render_results": "rendering",
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
    "ResultsSummary",
    "Section",
    "Summary",
    "build_results",
    "build_summary",
    "find_overlay",
    "load_overlay",
    "parse_overlay",
    "render",
    "render_results",
    "results_summary",
    "summary",
    "to_json_data",
]
