"""The names a summary's readers share: section keys, their titles, the drafted note.

A module of its own, with no imports, so the readability gate can read a
rendered page without loading the drafting machinery.
"""

from __future__ import annotations

SECTION_TITLES: dict[str, str] = {
    "title": "Title",
    "at_a_glance": "At a glance",
    "what": "What this trial studies",
    "good_fit": "Good fit",
    "not_a_fit": "Not a fit",
    "benefit": "Potential benefit",
    "similar_studies": "How similar studies have performed",
}

#: The note under every drafted section (all formats); the readability gate skips it.
DRAFTED_NOTE = "Drafted automatically from the registry record, not yet checked by an editor."

__all__ = ["DRAFTED_NOTE", "SECTION_TITLES"]
