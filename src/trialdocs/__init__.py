"""trialdocs: clinical-trial records to FHIR and plain-language lay summaries.

    >>> import trialdocs
    >>> trial = trialdocs.load_one("fixtures/NCT06709469.yaml")   # CT.gov v2 JSON, legacy XML or canonical YAML
    >>> bundle = trialdocs.to_fhir_json(trial, "R5")                # a validated FHIR Bundle (or "R4B")
    >>> page = trialdocs.summarize(trial, "md")                     # the lay summary (md, html, txt, json)
    >>> trialdocs.check_paths(["fixtures/NCT06709469.md"]).exit_code   # the readability and facts gate
    <ExitCode.CLEAN: 0>

Every error trialdocs raises on purpose is a ``TrialdocsError``; record errors
name the file, the NCT id and the field path. Paths may be given as one path
or a list of them.

The public API is re-exported here; the modules behind it are private and may
move. ``__all__`` is pinned by a test. The functions behind ``trialdocs
summary`` and ``trialdocs convert`` are exported as ``summarize`` and
``convert_registry``, so they do not shadow the modules of the same names.

Names are imported on first use (PEP 562), so ``trialdocs check`` in a
pre-commit hook does not pay for the FHIR stack it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trialdocs._version import __version__
    from trialdocs.api import BatchResult, import_trials
    from trialdocs.check import check_paths
    from trialdocs.convert import Options, convert_record, iter_units
    from trialdocs.convert import convert as convert_registry
    from trialdocs.errors import (
        FieldError,
        NoResultsError,
        SourceError,
        TrialdocsError,
        UnreadableInputError,
        UsageError,
    )
    from trialdocs.fhir import to_fhir, to_fhir_json
    from trialdocs.model import (
        Age,
        AgeUnit,
        Arm,
        Criterion,
        Eligibility,
        Intervention,
        LaySummary,
        Location,
        OverallStatus,
        PartialDate,
        Phase,
        Results,
        StudyType,
        Trial,
        json_schema,
    )
    from trialdocs.sources import dump, iter_load, load, load_one
    from trialdocs.summary import build_results, build_summary, results_summary
    from trialdocs.summary import summary as summarize

__all__ = [
    "Age",
    "AgeUnit",
    "Arm",
    "BatchResult",
    "Criterion",
    "Eligibility",
    "FieldError",
    "Intervention",
    "LaySummary",
    "Location",
    "NoResultsError",
    "Options",
    "OverallStatus",
    "PartialDate",
    "Phase",
    "Results",
    "SourceError",
    "StudyType",
    "Trial",
    "TrialdocsError",
    "UnreadableInputError",
    "UsageError",
    "__version__",
    "build_results",
    "build_summary",
    "check_paths",
    "convert_record",
    "convert_registry",
    "dump",
    "import_trials",
    "iter_load",
    "iter_units",
    "json_schema",
    "load",
    "load_one",
    "results_summary",
    "summarize",
    "to_fhir",
    "to_fhir_json",
]

_LAZY: dict[str, tuple[str, str]] = {
    "__version__": ("trialdocs._version", "__version__"),
    "BatchResult": ("trialdocs.api", "BatchResult"),
    "import_trials": ("trialdocs.api", "import_trials"),
    "check_paths": ("trialdocs.check", "check_paths"),
    "Options": ("trialdocs.convert", "Options"),
    "convert_record": ("trialdocs.convert", "convert_record"),
    "iter_units": ("trialdocs.convert", "iter_units"),
    "convert_registry": ("trialdocs.convert", "convert"),
    "FieldError": ("trialdocs.errors", "FieldError"),
    "NoResultsError": ("trialdocs.errors", "NoResultsError"),
    "SourceError": ("trialdocs.errors", "SourceError"),
    "TrialdocsError": ("trialdocs.errors", "TrialdocsError"),
    "UnreadableInputError": ("trialdocs.errors", "UnreadableInputError"),
    "UsageError": ("trialdocs.errors", "UsageError"),
    "to_fhir": ("trialdocs.fhir", "to_fhir"),
    "to_fhir_json": ("trialdocs.fhir", "to_fhir_json"),
    **{
        name: ("trialdocs.model", name)
        for name in (
            "Age",
            "AgeUnit",
            "Arm",
            "Criterion",
            "Eligibility",
            "Intervention",
            "LaySummary",
            "Location",
            "OverallStatus",
            "PartialDate",
            "Phase",
            "Results",
            "StudyType",
            "Trial",
            "json_schema",
        )
    },
    **{name: ("trialdocs.sources", name) for name in ("dump", "iter_load", "load", "load_one")},
    "build_results": ("trialdocs.summary", "build_results"),
    "build_summary": ("trialdocs.summary", "build_summary"),
    "results_summary": ("trialdocs.summary", "results_summary"),
    "summarize": ("trialdocs.summary", "summary"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'trialdocs' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
