"""The gate: documents in, one sorted list of findings out.

Every output format (text, JSON, GitHub, JUnit, SARIF, HTML) is made from the
same list, so they always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from trialdocs.check.config import Config, find_config, load_config
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
    for code, rule in RULES.items():
        if not config.enabled(code) or code == "TD901":
            continue
        if rule.document:
            found += list(rule.check_document(doc, config.settings(code), ctx))
            continue
        for section in doc.sections:
            if section.registry and not rule.registry:
                continue
            found += [
                _with_severity(f, config.severity(code, section.key))
                for f in rule.check_section(section, config.settings(code, section.key), ctx, doc)
            ]
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


def check_paths(
    paths: Iterable[Path],
    *,
    config: Config | None = None,
    records: Path | None = None,
    overlays: Path | None = None,
    update_fingerprint: bool = False,
    overrides: Callable[[Config], Config] | None = None,
) -> CheckResult:
    """Check every file under ``paths``. Unreadable files are collected, never raised.

    Without ``config``, each file uses the configuration found by walking up
    from it; ``overrides`` (the CLI flags) are applied on top either way.
    """
    result = CheckResult()
    paths = list(paths)
    for path in expand(paths):
        cfg = config if config is not None else load_config(find_config(path))
        if overrides is not None:
            cfg = overrides(cfg)
        if cfg.excluded(path):
            result.skipped.append((str(path), f"excluded by {cfg.path or 'the configuration'}"))
            continue
        try:
            docs = load_documents(path, records=records, overlays=overlays)
        except NotCheckable as exc:
            result.skipped.append((str(path), str(exc)))
            continue
        except SourceError as exc:
            result.errors.append(exc)
            continue
        result.files.append(str(path))
        for doc in docs:
            if update_fingerprint and doc.kind == "overlay" and doc.trial is not None:
                if update_overlay(path, doc.trial):
                    result.updated.append(str(path))
                doc = load_documents(path, records=records, overlays=overlays)[0]
            result.findings += check_document(doc, cfg)
            limit = float(cfg.settings("TD101").get("max", 8))
            for section in doc.sections:
                if not section.registry and section.text:
                    c = count(section.text)
                    result.sections.append(
                        SectionReport(doc.file, section.key, round(c.fk_grade, 2), limit, c.words, section.text)
                    )
    if not result.files and not result.errors:
        named = ", ".join(str(p) for p in paths) or "no paths"
        why = f" ({len(result.skipped)} file(s) skipped: none is an overlay, a summary or a record)" if result.skipped else ""
        raise UsageError(f"nothing to check in {named}{why}")
    result.findings.sort(key=Finding.sort_key)
    return result
