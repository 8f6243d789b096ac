import trialdocs


def test_public_api_is_pinned() -> None:
    assert trialdocs.__all__ == [
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
    for name in trialdocs.__all__:
        assert hasattr(trialdocs, name), name
