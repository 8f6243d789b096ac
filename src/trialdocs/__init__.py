"""trialdocs: clinical-trial records to FHIR and plain-language lay summaries.

The public API is re-exported here; the modules behind it are private and may
move. ``__all__`` is pinned by a test.
"""

from trialdocs._version import __version__
from trialdocs.api import BatchResult, import_trials
from trialdocs.check import check_paths
from trialdocs.convert import Options, convert, convert_record, iter_units
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
from trialdocs.summary import build_summary, summary

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
    "convert",
    "convert_record",
    "dump",
    "import_trials",
    "iter_load",
    "iter_units",
    "json_schema",
    "load",
    "load_one",
    "summary",
    "to_fhir",
    "to_fhir_json",
]
