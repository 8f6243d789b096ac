"""trialdocs: clinical-trial records to FHIR and plain-language lay summaries.

The public API is re-exported here; the modules behind it are private and may
move. ``__all__`` is pinned by a test.
"""

from trialdocs.api import BatchResult, import_trials
from trialdocs.errors import (
    FieldError,
    SourceError,
    TrialdocsError,
    UnreadableInputError,
    UsageError,
)
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

__version__ = "0.1.0"

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
    "dump",
    "import_trials",
    "iter_load",
    "json_schema",
    "load",
    "load_one",
]
