"""trialdocs: clinical-trial records to FHIR and plain-language lay summaries.

The public API is re-exported here; the modules behind it are private and may
move. ``__all__`` is pinned by a test. The functions behind ``trialdocs
summary`` and ``trialdocs convert`` are exported as ``summarize`` and
``convert_registry``, so they do not shadow the modules of the same names.
"""

from trialdocs._version import __version__
from trialdocs.api import BatchResult, import_trials
from trialdocs.check import check_paths
from trialdocs.convert import Options, convert_record, iter_units
from trialdocs.convert import convert as convert_registry
from trialdocs.errors import (
    FieldError,
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
    StudyType,
    Trial,
    json_schema,
)
from trialdocs.sources import dump, iter_load, load, load_one
from trialdocs.summary import build_summary
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
    "Options",
    "OverallStatus",
    "PartialDate",
    "Phase",
    "SourceError",
    "StudyType",
    "Trial",
    "TrialdocsError",
    "UnreadableInputError",
    "UsageError",
    "__version__",
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
    "summarize",
    "to_fhir",
    "to_fhir_json",
]
