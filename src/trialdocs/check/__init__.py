"""The readability gate (``trialdocs check``): rules, configuration, findings and reports."""

from trialdocs.check.config import Config, find_config, load_config, resolve_rules
from trialdocs.check.engine import CheckResult, check_document, check_paths
from trialdocs.check.findings import ExitCode, Finding, Severity
from trialdocs.check.output import FORMATTERS
from trialdocs.check.rules import RULES

__all__ = [
    "FORMATTERS",
    "RULES",
    "CheckResult",
    "Config",
    "ExitCode",
    "Finding",
    "Severity",
    "check_document",
    "check_paths",
    "find_config",
    "load_config",
    "resolve_rules",
]
