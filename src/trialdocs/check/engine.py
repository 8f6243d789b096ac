"""The gate: documents in, one sorted list of findings out.

Every output format (text, JSON, GitHub, JUnit, SARIF, HTML) is made from the
same list, so they always agree.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trialdocs._io import as_paths
from trialdocs.check.config import Config, find_config, forget_config_locations, load_config
from trialdocs.check.document import CheckDocument, NotCheckable, expand, load_documents
from trialdocs.check.findings import ExitCode, Finding, Severity, exit_code
from trialdocs.check.fingerprint import update_overlay
from trialdocs.check.rules import RULES, Context
from trialdocs.errors import SourceError, UsageError
from trialdocs.readability import count


@dataclass
class SectionReport:
    """Figures for the HTML report's chart."""

    file: str
    section: str
    fk_grade: float
    threshold: float
    words: int
    text: str


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    sections: list[SectionReport] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: Overlays ``--update-fingerprint`` did not sign, with why.
    not_signed: list[tuple[str, str]] = field(default_factory=list)
    #: Files passed over, with why: not an overlay or summary, or excluded by the configuration.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.USAGE if not self.files else ExitCode.FINDINGS
        return exit_code(self.findings)

    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "errors": sum(f.severity is Severity.ERROR for f in self.findings),
            "warnings": sum(f.severity is Severity.WARNING for f in self.findings),
            "unreadable": len(self.errors),
            "skipped": len(self.skipped),
        }


def check_document(doc: CheckDocument, config: Config) -> list[Finding]:
    """All findings for one document, suppressions applied."""
    ctx = Context(config.lexicon(), config.min_words)
    found: list[Finding] = []
    for code, rule in config.active_rules():
        if rule.document:
            found += list(rule.check_document(doc, config.settings(code), ctx))
            continue
        if not rule.applies(doc):
            continue
        for section in doc.sections:
            if section.registry and not rule.registry:
                continue
            for f in rule.check_section(section, config.settings(code, section.key), ctx, doc):
                found.append(_with_severity(f, config.severity(code, section.key)))
    found = _suppress(doc, found, config)
    return sorted(found, key=Finding.sort_key)


def _with_severity(finding: Finding, severity: Severity | None) -> Finding:
    if severity is None or (
        finding.severity is Severity.WARNING and severity is Severity.ERROR and "short text" in finding.message
    ):
        return finding
    return replace(finding, severity=severity)


def _suppress(doc: CheckDocument, findings: list[Finding], config: Config) -> list[Finding]:
    """Apply ``disable``/``enable`` ranges and ``noqa`` lines; report the unused ones."""
    if not doc.directives:
        return findings
    used: set[int] = set()
    kept = []
    for finding in findings:
        suppressed_by = None
        if finding.line:
            active: dict[str, int] = {}
            for d in sorted(doc.directives, key=lambda d: d.line):
                if d.line > finding.line:
                    break
                codes = d.codes or ("*",)
                if d.kind == "disable":
                    for c in codes:
                        active[c] = d.line
                elif d.kind == "enable":
                    for c in codes:
                        active.pop(c, None)
                        if c == "*":
                            active.clear()
            for d in doc.directives:
                if d.kind == "noqa" and d.line == finding.line and (not d.codes or finding.code in d.codes):
                    suppressed_by = d.line
            if suppressed_by is None:
                suppressed_by = active.get(finding.code, active.get("*"))
        if suppressed_by is None:
            kept.append(finding)
        else:
            used.add(suppressed_by)
    if config.enabled("TD901"):
        rule = RULES["TD901"]
        for d in doc.directives:
            if d.kind in ("disable", "noqa") and d.line not in used:
                what = ",".join(d.codes) or "all rules"
                kept.append(
                    Finding(
                        rule.code,
                        rule.name,
                        rule.severity,
                        f"suppression of {what} suppresses nothing",
                        doc.file,
                        "suppression",
                        d.line,
                        1,
                    )
                )
    return kept


@dataclass
class FileOutcome:
    """What checking one file gave: findings, or why it was skipped, or why it could not be read."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    sections: list[SectionReport] = field(default_factory=list)
    skipped: str | None = None
    error: SourceError | None = None
    updated: bool = False
    #: Why ``--update-fingerprint`` left the page alone: a review cannot be signed over errors.
    not_signed: str | None = None


def check_file(
    path: Path, cfg: Config, *, records: Path | None = None, overlays: Path | None = None, update_fingerprint: bool = False
) -> FileOutcome:
    """Check one file with its configuration."""
    outcome = FileOutcome(str(path))
    if cfg.excluded(path):
        outcome.skipped = f"excluded by {cfg.path or 'the configuration'}"
        return outcome
    try:
        docs = load_documents(path, records=records, overlays=overlays)
    except NotCheckable as exc:
        outcome.skipped = str(exc)
        return outcome
    except SourceError as exc:
        outcome.error = exc
        return outcome
    limit = float(cfg.settings("TD101").get("max", 8))
    for doc in docs:
        found = check_document(doc, cfg)
        if update_fingerprint and doc.kind == "overlay" and doc.trial is not None:
            blocking = [f for f in found if f.severity is Severity.ERROR and f.code != "TD601"]
            if blocking:
                outcome.not_signed = f"fingerprint not updated: {len(blocking)} error(s) on the page must be fixed first"
            elif update_overlay(path, doc.trial):
                outcome.updated = True
                doc = load_documents(path, records=records, overlays=overlays)[0]
                found = check_document(doc, cfg)
        outcome.findings += found
        for section in doc.sections:
            if not section.registry and section.text:
                c = count(section.text)
                outcome.sections.append(SectionReport(doc.file, section.key, round(c.fk_grade, 2), limit, c.words, section.text))
    return outcome


#: Below this many files a second process costs more than it saves.
PARALLEL_MIN_FILES = 64
_WORK: list[tuple[Path, Config]] = []
_OPTIONS: dict[str, Any] = {}


def _check_nth(index: int) -> FileOutcome:
    path, cfg = _WORK[index]
    return check_file(path, cfg, **_OPTIONS)


def _outcomes(work: list[tuple[Path, Config]], jobs: int, options: dict[str, Any]) -> Iterator[FileOutcome]:
    """Each file's outcome, in input order; with ``jobs`` > 1 and many files, from forked workers.

    Workers are forked (where the platform can), so they share the loaded
    rules, lexicon and dictionaries instead of importing them again.
    """
    methods = multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(work) < PARALLEL_MIN_FILES or "fork" not in methods or options.get("update_fingerprint"):
        for path, cfg in work:
            yield check_file(path, cfg, **options)
        return
    _WORK[:] = work
    _OPTIONS.clear()
    _OPTIONS.update(options)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_check_nth, range(len(work)), chunksize=max(1, len(work) // (jobs * 8)))
    finally:
        _WORK.clear()


def check_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    config: Config | None = None,
    records: Path | None = None,
    overlays: Path | None = None,
    update_fingerprint: bool = False,
    overrides: Callable[[Config], Config] | None = None,
    jobs: int = 1,
) -> CheckResult:
    """Check every file under ``paths``. Unreadable files are collected, never raised.

    Without ``config``, each file uses the configuration found by walking up
    from it; ``overrides`` (the CLI flags) are applied on top either way.
    ``jobs`` > 1 checks large batches in that many processes; the result is
    the same, in the same order.
    """
    result = CheckResult()
    paths = as_paths(paths, "paths")
    forget_config_locations()
    configs: dict[Path | None, Config] = {}

    def config_for(path: Path) -> Config:
        """The file's configuration with the flags on top; read once per configuration file."""
        found = None if config is not None else find_config(path)
        if found not in configs:
            base = config if config is not None else load_config(found)
            configs[found] = overrides(base) if overrides is not None else base
            configs[found].require_rules()
        return configs[found]

    work = [(path, config_for(path)) for path in expand(paths)]
    options = {"records": records, "overlays": overlays, "update_fingerprint": update_fingerprint}
    for outcome in _outcomes(work, jobs, options):
        if outcome.skipped is not None:
            result.skipped.append((outcome.path, outcome.skipped))
        elif outcome.error is not None:
            result.errors.append(outcome.error)
        else:
            result.files.append(outcome.path)
            result.findings += outcome.findings
            result.sections += outcome.sections
            if outcome.updated:
                result.updated.append(outcome.path)
            if outcome.not_signed:
                result.not_signed.append((outcome.path, outcome.not_signed))
    if not result.files and not result.errors:
        named = ", ".join(str(p) for p in paths) or "no paths"
        why = f" ({len(result.skipped)} file(s) skipped: none is an overlay, a summary or a record)" if result.skipped else ""
        raise UsageError(f"nothing to check in {named}{why}")
    result.findings.sort(key=Finding.sort_key)
    return result
