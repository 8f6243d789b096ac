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
    for name in trialdocs.__all__:
        assert hasattr(trialdocs, name), name


def test_exported_functions_do_not_shadow_modules() -> None:
    import importlib

    for name in ("summary", "convert", "check", "fhir", "sources"):
        assert importlib.import_module(f"trialdocs.{name}") is getattr(trialdocs, name), name


def test_no_lazy_name_is_also_a_submodule() -> None:
    """Importing a submodule sets the package attribute of its name: a lazy function of the same
    name would then be replaced by the module (``render`` once was, mid-run)."""
    import pkgutil

    import trialdocs.summary

    for package in (trialdocs, trialdocs.summary):
        submodules = {m.name for m in pkgutil.iter_modules(package.__path__)}
        assert not submodules & set(package._LAZY), package.__name__  # type: ignore[attr-defined]
    import trialdocs.summary.rendering
    from trialdocs.summary import render

    assert callable(render)
