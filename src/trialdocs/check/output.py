"""Output formats for the gate: text, json, github, junit, sarif, html.

All are made from the same sorted list of findings.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from trialdocs.check.engine import CheckResult
from trialdocs.check.findings import Finding, Severity
from trialdocs.check.rules import RULES

TOOL_URI = "https://github.com/trialdocs/trialdocs"
VERSION = "0.1.0"


def _figure(f: Finding) -> str:
    if f.figure is None or f.threshold is None:
        return ""
    return f" ({f.figure:g} vs {f.threshold:g})"


def summary_line(result: CheckResult) -> str:
    """One line for people: counts and the verdict. The CLI prints it to stderr whatever the format."""
    c = result.counts()
    verdict = "failed" if result.exit_code else "passed"
    skipped = f", {c['skipped']} skipped" if c["skipped"] else ""
    return (
        f"{c['files']} file(s) checked: {c['errors']} error(s), {c['warnings']} warning(s), "
        f"{c['unreadable']} unreadable{skipped} — {verdict}"
    )


def notes(result: CheckResult) -> list[str]:
    """What the gate passed over, and why (stderr, beside the summary line)."""
    return [f"{path}: skipped: {why}" for path, why in result.skipped]


def text(result: CheckResult) -> str:
    """``file:line:col: TD101 [section] message (figure vs threshold)``, one finding a line."""
    lines = [f"{f.location}: {f.code} [{f.section}] {f.message}{_figure(f)}" for f in result.findings]
    lines += [f"{e.file}: error: {e.message}" for e in result.errors]
    return "".join(line + "\n" for line in lines)


def as_json(result: CheckResult) -> str:
    data = {
        "findings": [f.as_dict() for f in result.findings],
        "unreadable": [e.as_dict() for e in result.errors],
        "skipped": [{"file": path, "reason": why} for path, why in result.skipped],
        "summary": result.counts(),
        "exit_code": int(result.exit_code),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    out = []
    for f in result.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = f"file={_gh_escape(f.file, True)}"
        if f.line:
            props += f",line={f.line},col={f.col or 1}"
        props += f",title={_gh_escape(f'{f.code} {f.name}', True)}"
        out.append(f"::{level} {props}::{_gh_escape(f'[{f.section}] {f.message}{_figure(f)}')}")
    for e in result.errors:
        out.append(f"::error file={_gh_escape(e.file or '', True)}::{_gh_escape(e.message)}")
    return "\n".join(out) + ("\n" if out else "")


def junit(result: CheckResult) -> str:
    """JUnit XML: a test case per checked file; findings at error severity are failures."""
    suites = ET.Element("testsuites", name="trialdocs check")
    suite = ET.SubElement(suites, "testsuite", name="trialdocs check")
    by_file: dict[str, list[Finding]] = {f: [] for f in result.files}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    failures = 0
    for file, findings in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="trialdocs.check", name=file)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} readability error(s)", type="readability")
            failure.text = "\n".join(f"{f.location}: {f.code} [{f.section}] {f.message}{_figure(f)}" for f in errors)
        warnings = [f for f in findings if f.severity is Severity.WARNING]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.location}: {f.code} [{f.section}] {f.message}" for f in warnings
            )
    for e in result.errors:
        case = ET.SubElement(suite, "testcase", classname="trialdocs.check", name=e.file or "?")
        ET.SubElement(case, "error", message=e.message, type="unreadable")
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(result.errors)))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def sarif(result: CheckResult) -> str:
    """SARIF 2.1.0 for code-scanning UIs."""
    used = sorted({f.code for f in result.findings})
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary()},
            "fullDescription": {"text": " ".join((RULES[code].__doc__ or "").split())},
            "defaultConfiguration": {"level": RULES[code].severity.value},
        }
        for code in used
    ]
    index = {code: i for i, code in enumerate(used)}
    results: list[dict[str, Any]] = []
    for f in result.findings:
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": f.file}}}
        if f.line:
            location["physicalLocation"]["region"] = {"startLine": f.line, "startColumn": f.col or 1}
        if f.json_path:
            location["logicalLocations"] = [{"fullyQualifiedName": f.json_path, "kind": "element"}]
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error" if f.severity is Severity.ERROR else "warning",
            "message": {"text": f"[{f.section}] {f.message}{_figure(f)}"},
            "locations": [location],
        }
        if f.figure is not None:
            entry["properties"] = {"figure": f.figure, "threshold": f.threshold}
        results.append(entry)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "trialdocs", "version": VERSION, "informationUri": TOOL_URI, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _chart(result: CheckResult) -> str:
    """An inline SVG bar chart: each section's grade against its threshold."""
    rows = [s for s in result.sections][:60]
    if not rows:
        return ""
    top = max([max(s.fk_grade, s.threshold) for s in rows] + [12.0])
    width, row_h, label_w = 720, 22, 260
    height = row_h * len(rows) + 30
    scale = (width - label_w - 60) / top
    parts = [
        f'<svg role="img" aria-labelledby="chart-t" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-t">Flesch-Kincaid grade of each section against its threshold: '
        + html.escape("; ".join(f"{s.section} {s.fk_grade:g} (max {s.threshold:g})" for s in rows))
        + "</title>",
    ]
    for i, s in enumerate(rows):
        y = 10 + i * row_h
        over = s.fk_grade > s.threshold
        parts.append(f'<text x="0" y="{y + 14}" font-size="12" fill="#1b1b1b">{html.escape(s.section)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{max(s.fk_grade, 0) * scale:.1f}" height="14" fill="{"#a4262c" if over else "#2f6b3a"}"/>'
        )
        parts.append(
            f'<line x1="{label_w + s.threshold * scale:.1f}" y1="{y}" x2="{label_w + s.threshold * scale:.1f}" y2="{y + 20}" stroke="#1b1b1b" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{label_w + max(s.fk_grade, 0) * scale + 6:.1f}" y="{y + 14}" font-size="12" fill="#1b1b1b">{s.fk_grade:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def html_report(result: CheckResult) -> str:
    """A self-contained page for editors: the chart, then each section's text beside its findings."""
    esc = html.escape
    by_section: dict[tuple[str, str], list[Finding]] = {}
    for f in result.findings:
        by_section.setdefault((f.file, f.section), []).append(f)
    c = result.counts()
    body = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>trialdocs readability report</title>",
        "<style>body{font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}"
        ".sec{display:grid;grid-template-columns:1fr 1fr;gap:1rem;border-top:1px solid #ccd;padding:.5rem 0}"
        ".error{color:#a4262c}.warning{color:#6b4e00}blockquote{margin:0;padding-left:.75rem;border-left:3px solid #ccd}"
        "@media print{.sec{break-inside:avoid}}</style></head><body><main>",
        "<h1>Readability report</h1>",
        f"<p>{c['files']} file(s): {c['errors']} error(s), {c['warnings']} warning(s).</p>",
        "<h2>Grade of each section</h2>",
        _chart(result),
        "<h2>Sections and findings</h2>",
    ]
    for s in result.sections:
        findings = by_section.get((s.file, s.section), [])
        items = "".join(
            f'<li class="{f.severity.value}"><strong>{esc(f.code)}</strong> {esc(f.location)}: {esc(f.message)}{esc(_figure(f))}'
            + (f"<br>Suggestion: {esc(f.suggestion)}" if f.suggestion else "")
            + "</li>"
            for f in findings
        )
        body.append(
            f'<section class="sec"><div><h3>{esc(s.file)} · {esc(s.section)}</h3><blockquote>{esc(s.text)}</blockquote></div>'
            f"<div><p>Grade {s.fk_grade:g} (max {s.threshold:g}), {s.words} words</p><ul>{items or '<li>No findings.</li>'}</ul></div></section>"
        )
    others = [f for f in result.findings if (f.file, f.section) not in {(s.file, s.section) for s in result.sections}]
    if others:
        body.append(
            "<h2>Other findings</h2><ul>"
            + "".join(f'<li class="{f.severity.value}">{esc(f.location)}: {esc(f.code)} {esc(f.message)}</li>' for f in others)
            + "</ul>"
        )
    body.append("</main></body></html>")
    return "\n".join(body) + "\n"


FORMATTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "junit": junit,
    "sarif": sarif,
    "html": html_report,
}
